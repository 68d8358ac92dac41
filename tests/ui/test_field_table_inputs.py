"""The field table walked against the Assumptions dock and the driver list.

Every numeric input widget is named by a field path, and that field gives its unit,
decimals, step and range; every numeric field of the scenario has such a widget;
every driver has its "±" button; captions and check boxes carry the fields' labels.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QTableWidget,
    QWidget,
)

from simulator import load_preset
from simulator.analysis.drivers import drivers
from simulator.scenario import fields
from simulator.scenario.paths import get_path
from ui.common.format import scenario_money
from ui.document.document import ScenarioDocument
from ui.inputs.base import BOX_LIMIT
from ui.inputs.categories import FOLLOWS
from ui.inputs.panel import InputPanel

BASE = load_preset("Alibaba 2025 plan (base)")
HELPERS = ("uncertainty.", "dist.")  # seed, paths, correlation ranks: not scenario fields
FADE = ".fade."  # the fade row's from / to / years: a helper, not a field
COUNTS = ("history.quarters",)  # how many history quarters: the section's size, not a field


@pytest.fixture
def panel(qtbot):
    doc = ScenarioDocument(BASE)
    widget = InputPanel()
    qtbot.addWidget(widget)
    widget.bind(doc, refused=lambda _text: None)
    return widget


def field_path(name: str) -> str:
    """The field path of a spin box's objectName (a slider's box ends in ``.spin``)."""
    return name.removesuffix(".spin")


def numeric_boxes(panel: InputPanel) -> dict[str, QAbstractSpinBox]:
    boxes = {b.objectName(): b for b in panel.findChildren(QAbstractSpinBox)}
    return {
        field_path(n): b
        for n, b in boxes.items()
        if not n.startswith(HELPERS) and FADE not in n and n not in COUNTS
    }


def numeric_paths(doc: dict, prefix: str = "") -> list[str]:
    """Every number (and every number in a list) of a scenario document, by path."""
    out: list[str] = []
    for key, value in doc.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out += numeric_paths(value, f"{path}.")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out += numeric_paths(item, f"{path}.{i}.")
                elif isinstance(item, int | float) and not isinstance(item, bool):
                    out.append(f"{path}.{i}")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out.append(path)
    return out


def test_every_numeric_widget_is_a_field_that_gives_its_unit_decimals_and_range(panel):
    money = scenario_money(BASE)
    boxes = numeric_boxes(panel)
    assert len(boxes) > 20
    for path, box in boxes.items():
        f = fields.find(path)
        assert f is not None and f.kind == "number", path
        decimals = 0 if f.integer else f.decimals
        if isinstance(box, QDoubleSpinBox):
            assert box.decimals() == decimals, path
            assert box.singleStep() == pytest.approx(f.step), path
        unit = f.unit.label(money)
        if path.startswith(("program.categories.", "history.capex.")):
            # table cells: the unit in the column title
            table = next(t for t in panel.findChildren(QTableWidget) if t.isAncestorOf(box))
            titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
            assert box.suffix() == "" and any(f"({unit})" in t for t in titles), path
        else:
            assert box.suffix() == (f" {unit}" if unit else ""), path
        scale = f.unit.factor(money)
        low, high = f.closed_range(10.0**-decimals / scale)
        lowest, highest = max(low * scale, -BOX_LIMIT), min(high * scale, BOX_LIMIT)
        raw = get_path(BASE.to_dict(), path)  # None: an economic life that follows the life
        if raw is not None:  # a file value may widen the box
            lowest, highest = min(lowest, raw * scale), max(highest, raw * scale)
        if path.endswith(".economic_life_years"):  # one step more: "= life", null
            assert box.minimum() == 0.0 and box.specialValueText() == FOLLOWS, path
            lowest = 0.0
        assert box.minimum() >= lowest - 1e-9, path
        assert box.maximum() <= highest + 1e-9, path
        if panel.findChild(QWidget, f"{path}.slider") is not None:  # the slider's span
            assert box.minimum() <= f.ui_low * scale + 1e-9, path
            assert box.maximum() >= f.ui_high * scale - 1e-9, path
            assert panel.findChild(QWidget, path).toolTip() == f.tip, path
        else:
            assert box.toolTip(), path


def test_every_numeric_field_of_the_scenario_has_a_widget(panel):
    doc = BASE.to_dict()
    # the calibration section (fit set, noise, priors) is shown in the calibration
    # dialog, not the Assumptions dock
    wanted = [
        p
        for p in numeric_paths(doc)
        if not p.startswith(("uncertainty", "actuals", "snapshots", "calibration"))
        and p != "version"
    ]
    assert "program.categories.2.lag_quarters" in wanted and "revenue.ai_growth.5" in wanted
    # version 2's inputs: history capex, seasonality, refresh, terminal value
    assert {
        "history.capex.2024Q2",
        "revenue.seasonality.3",
        "economics.terminal.years",
        "capacity.refresh_share",
    } <= set(wanted)
    assert "program.categories.0.economic_life_years" in numeric_boxes(panel)  # null in the file
    missing = [p for p in wanted if p not in numeric_boxes(panel)]
    assert missing == []


def test_every_driver_has_its_uncertainty_button(panel):
    paths = [d.path for d in drivers(BASE)]
    assert len(paths) > 10
    missing = [p for p in paths if panel.findChild(QWidget, f"{p}.uncertainty") is None]
    assert missing == []
    assert {fields.key(p) for p in paths} <= set(fields.driver_paths())
    buttons = {b.objectName().removesuffix(".uncertainty") for b in panel.marks()}
    assert buttons == set(paths)


def test_captions_and_check_boxes_carry_the_field_labels(panel):
    captions = {label.text() for label in panel.findChildren(QLabel)}
    for path in (
        "program.total_capex",
        "revenue.base_quarterly",
        "revenue.yield",
        "usd_fx",
        "economics.discount_rate",
        "program.year_split",
    ):
        assert fields.field(path).label in captions, path
    for path in ("revenue.capacity_constrained", "capacity.refresh"):
        box = panel.findChild(QCheckBox, f"{path}.box")
        assert box.text() == fields.field(path).label
    for path in ("capacity.existing", "economics.terminal.method"):  # choices: a caption
        assert fields.field(path).label in captions, path
        assert panel.findChild(QComboBox, f"{path}.combo") is not None, path


def test_money_inputs_name_the_scenarios_currency(qtbot, panel):
    usd = BASE.with_fields({"currency": "USD", "usd_fx": 1.0})
    panel.set_scenario(usd)
    box = panel.findChild(QAbstractSpinBox, "program.total_capex.spin")
    assert box.suffix() == " bn USD"
    assert math.isclose(box.value(), 380.0)


def test_inputs_the_choices_leave_unused_are_greyed_out(panel):
    editor = panel.editor
    assert BASE.economics.terminal.method == "gordon" and BASE.capacity.refresh
    assert editor("economics.terminal.growth").isEnabled()
    assert editor("economics.terminal.years").isEnabled()
    assert not editor("economics.terminal.multiple").isEnabled()
    assert editor("capacity.refresh_share").isEnabled()
    panel.set_scenario(
        BASE.with_fields({"economics.terminal.method": "multiple", "capacity.refresh": False})
    )
    assert not editor("economics.terminal.growth").isEnabled()
    assert not editor("economics.terminal.years").isEnabled()
    assert editor("economics.terminal.multiple").isEnabled()
    assert not editor("capacity.refresh_share").isEnabled()
