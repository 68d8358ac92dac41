"""The comparison's tables and waterfall chart against the model."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import REPO
from helpers import v1_base
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from simulator import load_scenario
from simulator.analysis.compare import input_diff, kpi_table, npv_waterfall
from simulator.model.engine import simulate
from simulator.scenario.presets import load_preset
from simulator.units import Money
from ui.charts.waterfall import WaterfallChart
from ui.views.compare.tables import InputDiffTable, KpiTable

BASE = load_preset("Alibaba 2025 plan (base)")
BULL = load_preset("Alibaba 2025 plan (bull)")
BEAR = load_preset("Alibaba 2025 plan (bear)")
NAMES = [BASE.name, BULL.name, BEAR.name]
V1_BULL = REPO / "tests" / "data" / "v1" / "alibaba-2025-bull.json"


def test_kpi_table_shows_values_and_differences(qtbot) -> None:
    table = KpiTable()
    qtbot.addWidget(table)
    results = [simulate(s) for s in (BASE, BULL, BEAR)]
    table.show_rows(NAMES, kpi_table(results), Money())
    assert table.columnCount() == 5
    npv_row = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())].index(
        "NPV (bn CNY)"  # the row names the unit: the cells hold numbers, to fit
    )
    npv = [r.metrics["npv"] for r in results]
    assert table.item(npv_row, 0).text() == f"{npv[0]:,.1f}"
    assert table.item(npv_row, 3).text() == f"+{npv[1] - npv[0]:,.1f}"
    irr_row = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())].index("IRR (%)")
    irr = [r.metrics["irr"] for r in results]
    assert table.item(irr_row, 3).text() == f"{100 * (irr[1] - irr[0]):+.1f} pp"
    assert table.item(npv_row, 4).data(Qt.ItemDataRole.UserRole) == npv[2] - npv[0]
    usd = Money.of("CNY", 7.17, True)
    table.show_rows(NAMES, kpi_table(results), usd)
    assert table.verticalHeaderItem(npv_row).text() == "NPV (bn USD)"
    assert table.item(npv_row, 1).text() == f"{npv[1] / 7.17:,.1f}"


def test_ctrl_c_copies_full_precision(qtbot) -> None:
    table = KpiTable()
    qtbot.addWidget(table)
    results = [simulate(s) for s in (BASE, BULL)]
    table.show_rows(NAMES[:2], kpi_table(results), Money())
    table.show()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    npv_line = next(line for line in lines if line.startswith("NPV (bn CNY)\t"))
    assert float(npv_line.split("\t")[1]) == results[0].metrics["npv"]


def test_input_diff_table_lists_only_differences(qtbot) -> None:
    table = InputDiffTable()
    qtbot.addWidget(table)
    table.show_diffs(NAMES, [input_diff(BASE, BULL), input_diff(BASE, BEAR)])
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    expected = {d.path for d in input_diff(BASE, BULL)} | {d.path for d in input_diff(BASE, BEAR)}
    assert len(rows) == len(expected)
    yield_row = rows.index("Yield on capacity")
    # fitted values (version 2 presets) show every decimal they need, up to six
    assert table.item(yield_row, 0).text() == "0.622437 /yr"
    assert table.item(yield_row, 1).text() == f"{BULL.revenue.yield_:.6f} /yr" == "0.715803 /yr"
    # values through the field table: percents, not raw fractions (the margin on AI
    # revenue is version 2's "AI margin"; the core business has its own)
    margin = rows.index("AI margin")
    assert [table.item(margin, c).text() for c in range(3)] == ["70.0 %", "75.0 %", "65.0 %"]
    growth = table.item(rows.index("AI growth"), 0).text()
    assert growth == "221.56454 %, 100.0 %, 60.0 %, 40.0 %, 25.0 %, 15.0 %"
    assert table.item(margin, 1).data(Qt.ItemDataRole.UserRole) == 0.75  # Ctrl+C: full value
    assert table.item(rows.index("Core growth attributed"), 1).text() == "30.0 %"


def test_input_diff_shows_fractions_exactly_as_percent(qtbot) -> None:
    table = InputDiffTable()
    qtbot.addWidget(table)
    v1 = v1_base()  # MODEL.md's example: AI share 15 %
    other = v1.with_field("revenue.ai_share", 0.2475)
    table.show_diffs(NAMES[:2], [input_diff(v1, other)])
    assert table.item(0, 0).text() == "15.0 %" and table.item(0, 1).text() == "24.75 %"


def test_waterfall_bars_follow_the_steps(qtbot) -> None:
    chart = WaterfallChart()
    qtbot.addWidget(chart)
    base, bull = v1_base(), load_scenario(V1_BULL)  # version 1 files: AI growth differs first
    w = npv_waterfall(base, bull)
    assert w.steps[0].label == "AI growth"
    chart.show_waterfall(w, base.name, bull.name, Money())
    opts = chart.bars.opts
    assert len(opts["y"]) == len(w.steps) + 2
    x0, x1 = np.asarray(opts["x0"]), np.asarray(opts["x1"])
    assert x0[0] == pytest.approx(min(0, w.start)) and x1[0] == pytest.approx(max(0, w.start))
    widths = (x1 - x0)[1:-1]
    np.testing.assert_allclose(widths, [abs(s.contribution) for s in w.steps], rtol=1e-12)
    assert opts["brushes"][1] == "#27ae60"  # AI growth raises the NPV
    assert chart.labels[-1].toPlainText() == f"{w.end:,.1f}"
