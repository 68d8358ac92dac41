"""Entering distributions the ways analysts do: PERT, 90 % intervals, fits to data;
range-slider labels that never overlap; the correlation table keeping the section."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from conftest import MODEL_EXAMPLE, type_into
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget

from simulator import Scenario
from simulator.analysis.drivers import driver
from simulator.analysis.fitting import fit
from simulator.scenario.distributions import Distribution
from ui.document.document import ScenarioDocument
from ui.inputs.distribution import DistributionDialog, DistributionEditor
from ui.inputs.distribution_rules import units_for
from ui.inputs.distribution_widgets import spread
from ui.inputs.fit_dialog import FitDialog
from ui.inputs.panel import InputPanel

LEFT = Qt.MouseButton.LeftButton


def scenario() -> Scenario:
    return Scenario.from_dict(MODEL_EXAMPLE)


def make_editor(qtbot, path: str, dist: Distribution | None) -> DistributionEditor:
    editor = DistributionEditor(driver(scenario(), path), units_for(path))
    qtbot.addWidget(editor)
    editor.resize(420, 560)
    editor.set_distribution(dist)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def widget(parent: QWidget, name: str) -> QWidget:
    found = parent.findChild(QWidget, name)
    assert found is not None, name
    return found


def choose(qtbot, combo: QComboBox, data: str) -> None:
    """Pick the item holding ``data`` with the keyboard (Home, then Down)."""
    target = combo.findData(data)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(target):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == target


# --- PERT -------------------------------------------------------------------------------


def test_a_pert_file_opens_and_shows_low_mode_high_lambda(qtbot):
    editor = make_editor(qtbot, "revenue.yield", Distribution.pert(0.6, 0.8, 1.1, lam=6))
    assert editor.kind.currentData() == "pert"
    for name, value in (("low", 0.6), ("mode", 0.8), ("high", 1.1), ("lambda", 6.0)):
        box = widget(editor, f"dist.{name}")
        assert box.isVisible() and box.value() == pytest.approx(value), name
    assert not widget(editor, "dist.mean").isVisible()
    assert editor.range.isVisible() and editor.range.value() == pytest.approx((0.6, 0.8, 1.1))
    assert editor.distribution() == Distribution.pert(0.6, 0.8, 1.1, lam=6)
    x, y = editor.plot.curve.getData()
    np.testing.assert_allclose(y, Distribution.pert(0.6, 0.8, 1.1, lam=6).pdf(x))


def test_pert_entered_by_keyboard_and_bad_pert_refused_naming_the_field(qtbot):
    dialog = DistributionDialog(scenario(), "revenue.yield")
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.editor
    choose(qtbot, editor.kind, "pert")
    for name, text in (("high", "1.2"), ("mode", "0.9"), ("low", "0.5"), ("lambda", "8")):
        type_into(qtbot, widget(editor, f"dist.{name}"), text)
    assert editor.distribution() == Distribution.pert(0.5, 0.9, 1.2, lam=8)
    assert dialog.ok_button.isEnabled()
    type_into(qtbot, widget(editor, "dist.lambda"), "0")
    assert "Lambda" in editor.error() and not dialog.ok_button.isEnabled()
    type_into(qtbot, widget(editor, "dist.lambda"), "4")
    type_into(qtbot, widget(editor, "dist.mode"), "1.3")  # above high
    assert "mode" in editor.error() and not dialog.ok_button.isEnabled()
    assert editor.findChild(QLabel, "dist.error").isVisible()


# --- 90 % intervals ------------------------------------------------------------------------


def test_normal_entered_as_a_90_percent_interval(qtbot):
    editor = make_editor(qtbot, "revenue.yield", Distribution.normal(0.8, 0.1))
    form = widget(editor, "dist.form")
    assert form.isVisible() and form.currentData() == "moments"
    p5, p95 = Distribution.normal(0.8, 0.1).ppf([0.05, 0.95])
    choose(qtbot, form, "interval")
    low, high = widget(editor, "dist.p5"), widget(editor, "dist.p95")
    assert low.isVisible() and not widget(editor, "dist.mean").isVisible()
    assert (low.value(), high.value()) == pytest.approx((p5, p95), abs=0.005)
    type_into(qtbot, low, "0.6")
    type_into(qtbot, high, "1")
    dist = editor.distribution()
    assert dist == Distribution.from_interval("normal", 0.6, 1.0)
    assert dist.to_dict() == {"dist": "normal", "p5": 0.6, "p95": 1.0}
    lo, hi = dist.ppf([0.05, 0.95])
    assert (lo, hi) == pytest.approx((0.6, 1.0))


def test_an_interval_in_the_file_shows_as_one_and_is_saved_as_one(qtbot, tmp_path):
    """The editor used to show a p5/p95 entry as mean/SD and save it back so."""
    doc = ScenarioDocument(scenario())
    panel = InputPanel()
    qtbot.addWidget(panel)
    panel.bind(doc, refused=lambda _text: None)
    section = {
        "inputs": {"economics.discount_rate": {"dist": "lognormal", "p5": 0.07, "p95": 0.11}}
    }
    doc.set_field("uncertainty", section)
    dialog = DistributionDialog(doc.scenario, "economics.discount_rate", panel)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.editor
    assert widget(editor, "dist.form").currentData() == "interval"
    assert widget(editor, "dist.p5").value() == pytest.approx(7.0)  # in %
    assert widget(editor, "dist.p95").value() == pytest.approx(11.0)
    type_into(qtbot, widget(editor, "dist.p95"), "12")
    dialog.accepted.connect(
        lambda: panel._write_distribution("economics.discount_rate", dialog.distribution())
    )
    qtbot.mouseClick(dialog.ok_button, LEFT)
    doc.save(tmp_path / "s.json")
    saved = json.loads((tmp_path / "s.json").read_text())["uncertainty"]["inputs"]
    assert saved["economics.discount_rate"] == {"dist": "lognormal", "p5": 0.07, "p95": 0.12}


def test_a_lognormal_interval_below_zero_is_refused_naming_p5(qtbot):
    editor = make_editor(
        qtbot, "revenue.ai_growth", Distribution.from_interval("normal", -0.1, 0.1)
    )
    assert editor.error() == ""
    choose(qtbot, editor.kind, "lognormal")
    assert widget(editor, "dist.form").currentData() == "interval"  # the form is kept
    type_into(qtbot, widget(editor, "dist.p5"), "-5")
    type_into(qtbot, widget(editor, "dist.p95"), "5")
    assert "P5" in editor.error() and "lognormal" in editor.error()


# --- fitting ---------------------------------------------------------------------------------


@pytest.fixture
def fit_dialog(qtbot):
    editor = make_editor(qtbot, "revenue.yield", Distribution.triangular(0.6, 0.8, 1.0))
    dialog = FitDialog(editor.driver, editor.units, editor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def paste_and_fit(qtbot, dialog: FitDialog, text: str, ok: bool = True) -> None:
    dialog.data.setPlainText(text)
    signal = dialog.runner.finished if ok else dialog.runner.failed
    with qtbot.waitSignal(signal, timeout=20_000):
        qtbot.mouseClick(widget(dialog, "fit.run"), LEFT)


def test_fit_ranks_by_aic_draws_the_density_over_the_data_and_is_used(qtbot, fit_dialog):
    data = np.random.default_rng(5).normal(0.8, 0.05, 400)
    text = "\n".join(f"{v:.5f}" for v in data)
    paste_and_fit(qtbot, fit_dialog, text)
    expected = fit(text, "fit data")
    table = widget(fit_dialog, "fit.table")
    assert table.rowCount() == len(expected.fits)
    aics = [float(table.item(r, 1).text().replace(",", "")) for r in range(table.rowCount())]
    assert aics == pytest.approx([f.aic for f in expected.fits], abs=0.06)
    assert aics == sorted(aics)
    chosen = fit_dialog.selected()
    assert chosen.kind == expected.best.kind
    x, y = fit_dialog.curve.getData()
    np.testing.assert_allclose(y, np.nan_to_num(chosen.distribution.pdf(x)))
    heights = np.asarray(fit_dialog.bars.opts["height"])
    widths = np.asarray(fit_dialog.bars.opts["width"])
    assert (heights * widths).sum() == pytest.approx(1.0)  # a density histogram of the data
    assert 10 <= len(widths) <= 30
    table.selectRow(2)  # another fit: its density is drawn
    np.testing.assert_allclose(
        fit_dialog.curve.getData()[1],
        np.nan_to_num(expected.fits[2].distribution.pdf(fit_dialog.curve.getData()[0])),
    )
    table.selectRow(0)
    editor = fit_dialog.parent()
    qtbot.mouseClick(widget(fit_dialog, "fit.use"), LEFT)
    assert fit_dialog.result() == fit_dialog.DialogCode.Accepted
    editor.set_distribution(fit_dialog.chosen())
    assert editor.distribution().kind == expected.best.kind


def test_a_few_values_make_a_histogram_not_a_comb(qtbot, fit_dialog):
    values = [372, 395, 410, 388, 420, 455, 401, 366, 430, 398, 412, 385, 441, 379, 404]
    paste_and_fit(qtbot, fit_dialog, " ".join(str(v / 500) for v in values))  # yields
    heights = np.asarray(fit_dialog.bars.opts["height"])
    widths = np.asarray(fit_dialog.bars.opts["width"])
    assert len(widths) <= len(values) / 3  # about three values a bar, not one
    assert (heights * widths).sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("0.7 0.8 0.9", "fit data: needs at least 5 numbers to fit (got 3)"),
        ("0.7 0.8 x 0.9 0.75", "fit data: item 3 ('x') is not a number"),
        ("0.8 0.8 0.8 0.8 0.8", "fit data: needs at least two different values"),
    ],
)
def test_bad_fit_data_is_refused_naming_the_field_and_nothing_changes(
    qtbot, fit_dialog, text, says
):
    paste_and_fit(qtbot, fit_dialog, "0.7 0.75 0.8 0.85 0.9 0.82")
    rows = fit_dialog.table.rowCount()
    before = fit_dialog.chosen()
    paste_and_fit(qtbot, fit_dialog, text, ok=False)
    error = widget(fit_dialog, "fit.error")
    assert error.isVisible() and error.text().startswith(says)
    assert fit_dialog.table.rowCount() == rows and fit_dialog.chosen() == before


def test_a_lognormal_is_not_fitted_to_values_at_or_below_zero(qtbot):
    editor = make_editor(qtbot, "revenue.ai_growth", Distribution.normal(0.0, 0.05))
    dialog = FitDialog(editor.driver, editor.units, editor)
    qtbot.addWidget(dialog)
    paste_and_fit(qtbot, dialog, "-3 -1 0 1 2 4 5 -2")  # pp
    kinds = [dialog.table.item(r, 0).text().split()[0] for r in range(dialog.table.rowCount())]
    assert "lognormal" not in kinds
    skipped = widget(dialog, "fit.skipped")
    assert "lognormal: a lognormal needs every value above 0" in skipped.text()


def test_a_fit_outside_the_valid_range_cannot_be_used(qtbot):
    editor = make_editor(qtbot, "revenue.ai_share", Distribution.uniform(0.1, 0.2))
    dialog = FitDialog(editor.driver, editor.units, editor)
    qtbot.addWidget(dialog)
    paste_and_fit(qtbot, dialog, "0.5 1 2 3 1.5 0.7 2.2")  # % near 0: a normal reaches below 0
    for row in range(dialog.table.rowCount()):
        dialog.table.selectRow(row)
        usable = dialog.table.item(row, 3).text() == "yes"
        assert dialog.use_button.isEnabled() == usable
        assert (dialog.chosen() is not None) == usable
    kinds = {
        dialog.table.item(r, 0).text().split()[0]: dialog.table.item(r, 3).text()
        for r in range(dialog.table.rowCount())
    }
    assert kinds["uniform"] == "yes"


# --- the range slider -------------------------------------------------------------------------


def test_spread_keeps_labels_apart_and_inside():
    xs = spread([100, 102, 104], [40, 40, 40], 4, 300)
    assert xs[1] - xs[0] >= 44 and xs[2] - xs[1] >= 44
    assert spread([5, 290], [40, 40], 4, 300) == [20, 280]


@pytest.mark.parametrize("values", [(0.79, 0.8, 0.81), (0.6, 0.6, 0.6), (0.6, 0.95, 0.96)])
def test_range_slider_labels_never_overlap(qtbot, values):
    editor = make_editor(qtbot, "revenue.yield", Distribution.triangular(*values))
    slider = editor.range
    slider.setRange(0.5, 1.0)
    slider.setValue(values)
    QApplication.processEvents()
    labels = [label for label in slider._handle_labels if label.isVisible()]
    assert len(labels) == 3
    boxes: list[QRect] = [label.geometry() for label in labels]
    for a, b in itertools.pairwise(boxes):
        assert a.right() < b.left(), (a, b)
    for box in boxes:
        assert box.left() >= 0 and box.right() <= slider.width()


# --- the correlation table keeps the rest of the section ---------------------------------


def test_editing_correlations_keeps_sampler_replicates_and_precision(qtbot):
    doc = ScenarioDocument(scenario())
    panel = InputPanel()
    qtbot.addWidget(panel)
    panel.bind(doc, refused=lambda _text: None)
    section = {
        "sampler": "sobol",
        "replicates": 16,
        "precision": {"metric": "P(npv > 0)", "half_width": 0.01},
        "inputs": {
            "revenue.yield": {"dist": "triangular", "low": 0.6, "mode": 0.8, "high": 1.0},
            "revenue.ai_share": {"dist": "uniform", "low": 0.1, "high": 0.2},
        },
    }
    doc.set_field("uncertainty", section)
    qtbot.mouseClick(widget(panel, "uncertainty.correlations.add"), LEFT)
    type_into(qtbot, widget(panel, "uncertainty.correlations.0.rank"), "0.4")
    unc = doc.scenario.uncertainty_or_default
    assert unc.correlations == (("revenue.ai_share", "revenue.yield", 0.4),)
    assert (unc.sampler, unc.replicates) == ("sobol", 16)
    assert unc.precision is not None and unc.precision.half_width == 0.01
