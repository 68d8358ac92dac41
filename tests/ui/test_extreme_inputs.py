"""Extreme but valid scenarios: no NaN or infinity in a chart, a KPI or an export.

The magnitude limits of :mod:`simulator.validation` (``MAX_*``) are chosen so that
no projection overflows float64; the largest allowed values are checked here too.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import re
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from conftest import MODEL_EXAMPLE
from PySide6.QtWidgets import QLabel

from simulator import Scenario, ScenarioError, simulate
from simulator.export.tables import csv_text, summary_json
from simulator.scenario.limits import (
    FX_RANGE,
    MAX_AMOUNT,
    MAX_GROWTH,
    MAX_LIFE_YEARS,
    MAX_YIELD,
    MIN_DISCOUNT_RATE,
)
from simulator.scenario.paths import set_path
from simulator.units import Money
from ui.charts.dashboard import Dashboard
from ui.common.format import metric_text
from ui.views.projection.kpi_strip import SHOWN, KpiStrip


def _categories(n: int, **fields: Any) -> list[dict[str, Any]]:
    share = 1.0 / n
    cats = [
        {
            "name": f"Category {k + 1}",
            "share": share,
            "life_years": 0.25 + k,
            "lag_quarters": 2 * k,
            "adds_capacity": k % 2 == 0,
        }
        for k in range(n)
    ]
    for cat in cats:
        cat.update(fields)
    return cats


def _doc(changes: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(MODEL_EXAMPLE)
    for path, value in changes.items():
        set_path(doc, path, value)
    return doc


EXTREMES: dict[str, dict[str, Any]] = {
    "growth 1000 %": {
        "horizon_years": 30,
        "revenue.core_growth": [10.0] * 30,
        "revenue.ai_growth": [10.0] * 30,
    },
    "zero everything": {
        "program.total_capex": 0.0,
        "revenue.base_quarterly": 0.0,
        "revenue.ai_share": 0.0,
        "revenue.core_growth": [0.0],
        "revenue.ai_growth": [0.0],
        "revenue.yield": 0.0,
        "revenue.price_decline": 0.0,
        "economics.ebitda_margin": 0.0,
        "economics.tax_rate": 0.0,
        "economics.discount_rate": 0.0,
    },
    "30 years, 10 programme years, 20 categories": {
        "horizon_years": 30,
        "program.year_split": [0.1] * 10,
        "program.categories": _categories(20),
    },
    "largest allowed": {
        "horizon_years": 30,
        "usd_fx": FX_RANGE[0],
        "program.total_capex": MAX_AMOUNT,
        "program.categories": _categories(3, life_years=MAX_LIFE_YEARS, lag_quarters=0),
        "revenue.base_quarterly": MAX_AMOUNT,
        "revenue.core_growth": [MAX_GROWTH],
        "revenue.ai_growth": [MAX_GROWTH],
        "revenue.yield": MAX_YIELD,
        "revenue.price_decline": 0.999999,
        "economics.discount_rate": MIN_DISCOUNT_RATE,
        "economics.ebitda_margin": -1.0,
    },
    "smallest positive": {
        "usd_fx": FX_RANGE[1],
        "program.total_capex": 1e-300,
        "program.categories": _categories(2, life_years=1e-300),
        "revenue.base_quarterly": 1e-300,
        "revenue.ai_share": 1e-300,
        "revenue.core_growth": [-1.0 + 1e-16],
        "revenue.ai_growth": [-1.0 + 1e-16],
        "revenue.yield": 1e-300,
        "economics.discount_rate": 1e6,
    },
}
MONEYS = [Money(), Money.of("CNY", FX_RANGE[0], True), Money.of("CNY", FX_RANGE[1], True)]


@pytest.fixture(params=list(EXTREMES), ids=list(EXTREMES))
def extreme(request) -> Scenario:
    return Scenario.from_dict(_doc(EXTREMES[request.param]))


# version 2's ratio columns are undefined (NaN, an empty cell) where their denominator is
# 0 or the quotient is not finite (docs/model.md section 8): never infinite
RATIOS = {"utilisation", "capex_intensity", "revenue_per_capex", "roic", "ebit_margin"}


def test_columns_and_metrics_are_finite(extreme):
    result = simulate(extreme)
    for name, column in result.columns.items():
        if name in RATIOS:
            assert not np.any(np.isinf(column)), name
        else:
            assert np.all(np.isfinite(column)), name
    assert np.all(np.isfinite(result.capex_by_category))
    for key, value in result.summary.items():
        assert value is None or math.isfinite(value), key


def test_kpis_show_no_nan_or_infinity(extreme):
    result = simulate(extreme)
    for money in MONEYS:
        for key in SHOWN:  # the key figures, the NPV's parts and the guardrails
            text = metric_text(key, result.summary[key], money).lower()
            assert "nan" not in text and "inf" not in text, (key, text)


def test_the_kpi_strip_shows_no_nan_or_infinity(qtbot, extreme):
    strip = KpiStrip()
    qtbot.addWidget(strip)
    result = simulate(extreme)
    for money in MONEYS:
        strip.set_summary(result.summary, money)
        for label in strip.findChildren(QLabel):
            for text in (label.text(), label.toolTip()):
                assert not re.search(r"\b(nan|-?inf)\b", text, re.I), (label.objectName(), text)


def test_exports_hold_only_finite_numbers(extreme):
    result = simulate(extreme)
    rows = list(csv.reader(io.StringIO(csv_text(result))))
    assert all(not c or math.isfinite(float(c)) for row in rows[1:] for c in row[1:])
    json.loads(summary_json(result), parse_constant=_refuse)


def _refuse(name: str) -> None:
    raise AssertionError(f"{name} in the summary")


def test_charts_hold_finite_data_and_ranges(qtbot, extreme):
    dashboard = Dashboard()
    qtbot.addWidget(dashboard)
    dashboard.resize(1000, 700)
    dashboard.show()
    qtbot.waitExposed(dashboard)
    result = simulate(extreme)
    for money in MONEYS:
        dashboard.set_result(result, money)
        for name, chart in dashboard.charts.items():
            for view in chart.views():
                view.autoRange()
                for low, high in view.viewRange():
                    assert math.isfinite(low) and math.isfinite(high) and low < high, name
                for item in view.addedItems:
                    _check_item(item, name)


def _check_item(item: Any, chart: str) -> None:
    arrays: list[Any] = []
    if isinstance(item, pg.PlotDataItem):
        arrays = [a for a in item.getData() if a is not None]
    elif isinstance(item, pg.InfiniteLine) and item.isVisible():
        arrays = [item.value()]
    elif isinstance(item, pg.BarGraphItem):
        arrays = [item.opts.get(k) for k in ("x0", "x1", "y0", "y1", "height") if k in item.opts]
    for array in arrays:
        if array is not None:
            assert np.all(np.isfinite(np.asarray(array, dtype=float))), (chart, item)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("program.total_capex", MAX_AMOUNT * 10),
        ("revenue.base_quarterly", 1e300),
        ("revenue.ai_growth.0", 1e300),
        ("revenue.yield", 1e308),
        ("economics.discount_rate", -1.0 + 1e-16),
        ("usd_fx", 1e-300),
        ("program.categories.0.life_years", 1e300),
    ],
)
def test_values_that_would_overflow_are_refused_naming_the_field(path, value):
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(_doc({path: value}))
    assert info.value.field == path
