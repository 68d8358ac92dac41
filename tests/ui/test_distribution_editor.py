"""The distribution editor and the "±" buttons, driven through their real widgets."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from conftest import MODEL_EXAMPLE, type_into
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLabel, QWidget

from simulator import Scenario
from simulator.analysis.drivers import driver
from simulator.scenario.distributions import Distribution
from ui.document.document import ScenarioDocument
from ui.inputs.distribution import DistributionDialog, DistributionEditor
from ui.inputs.distribution_rules import units_for
from ui.inputs.panel import InputPanel

LEFT = Qt.MouseButton.LeftButton


def scenario() -> Scenario:
    """MODEL.md's example: no uncertainty section."""
    return Scenario.from_dict(MODEL_EXAMPLE)


def make_editor(qtbot, path: str, dist: Distribution | None) -> DistributionEditor:
    """A shown editor of ``path`` in the example scenario, showing ``dist``."""
    s = scenario()
    editor = DistributionEditor(driver(s, path), units_for(path))
    qtbot.addWidget(editor)
    editor.resize(420, 480)
    editor.set_distribution(dist)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def choose_kind(qtbot, editor: DistributionEditor, text: str) -> None:
    """Pick the kind whose name starts with ``text`` with the keyboard (Home, then Down)."""
    names = [editor.kind.itemText(i) for i in range(editor.kind.count())]
    target = next(i for i, name in enumerate(names) if name.startswith(text))
    editor.kind.setFocus()
    qtbot.keyClick(editor.kind, Qt.Key.Key_Home)
    for _ in range(target):
        qtbot.keyClick(editor.kind, Qt.Key.Key_Down)
    assert editor.kind.currentIndex() == target


def spin(editor: QWidget, name: str) -> QWidget:
    return editor.findChild(QWidget, f"dist.{name}")


# --- the editor ---------------------------------------------------------------------


def test_choose_normal_and_type_parameters(qtbot):
    editor = make_editor(qtbot, "revenue.yield", Distribution.triangular(0.6, 0.8, 1.0))
    choose_kind(qtbot, editor, "Normal")
    assert spin(editor, "mean").isVisible() and not spin(editor, "low").isVisible()
    assert not editor.range.isVisible()
    with qtbot.waitSignal(editor.changed):
        type_into(qtbot, spin(editor, "mean"), "0.9")
    type_into(qtbot, spin(editor, "sd"), "0.15")
    assert editor.distribution() == Distribution.normal(0.9, 0.15)
    assert editor.error() == ""


def test_percent_input_is_edited_in_percent(qtbot):
    editor = make_editor(qtbot, "revenue.ai_share", None)
    choose_kind(qtbot, editor, "Tri")
    assert spin(editor, "low").suffix() == " %"
    for name, text in (("high", "25"), ("mode", "15"), ("low", "10")):
        type_into(qtbot, spin(editor, name), text)
    dist = editor.distribution()
    assert dist.kind == "triangular"
    assert (dist.a, dist.b, dist.c) == pytest.approx((0.10, 0.15, 0.25))
    assert editor.range.value() == pytest.approx((10.0, 15.0, 25.0))  # slider follows


def drag(widget: QWidget, start: QPoint, end: QPoint) -> None:
    """Press at ``start``, move in two steps to ``end``, release there."""
    QApplication.sendEvent(widget, _mouse(QEvent.Type.MouseButtonPress, start, LEFT, LEFT))
    middle = (start + end) / 2
    for point in (middle, end):
        QApplication.sendEvent(
            widget, _mouse(QEvent.Type.MouseMove, point, Qt.MouseButton.NoButton, LEFT)
        )
    QApplication.sendEvent(
        widget, _mouse(QEvent.Type.MouseButtonRelease, end, LEFT, Qt.MouseButton.NoButton)
    )


def _mouse(kind: QEvent.Type, at: QPoint, button, buttons) -> QMouseEvent:
    pos = QPointF(at)
    return QMouseEvent(kind, pos, pos, button, buttons, Qt.KeyboardModifier.NoModifier)


def test_dragging_range_slider_handles_moves_the_parameters(qtbot):
    editor = make_editor(qtbot, "revenue.yield", Distribution.triangular(0.6, 0.8, 1.0))
    slider = editor.range._slider  # superqt's range slider inside the labelled one
    high = slider._handleRect(2).center()
    with qtbot.waitSignal(editor.changed):
        drag(slider, high, high + QPoint(40, 0))
    dist = editor.distribution()
    assert dist.c > 1.0 and (dist.a, dist.b) == pytest.approx((0.6, 0.8))
    assert spin(editor, "high").value() == pytest.approx(dist.c)
    low = slider._handleRect(0).center()
    drag(slider, low, low - QPoint(30, 0))
    assert editor.distribution().a < 0.6
    assert spin(editor, "low").value() == pytest.approx(editor.distribution().a)
    choose_kind(qtbot, editor, "Uni")
    assert len(editor.range.value()) == 2  # two handles for a uniform
    dist = editor.distribution()
    assert dist.kind == "uniform" and editor.range.value() == pytest.approx((dist.a, dist.b))


def test_density_is_the_pdf_on_its_grid_inside_the_valid_range(qtbot):
    editor = make_editor(qtbot, "revenue.ai_share", Distribution.normal(0.05, 0.1))
    x, y = editor.plot.curve.getData()
    dist = editor.distribution()
    np.testing.assert_allclose(y, dist.pdf(x / 100.0))  # x in percent
    assert x.min() >= 0.0 and x.max() <= 100.0  # truncated to 0 .. 1
    assert editor.plot.base_line.value() == pytest.approx(15.0)  # the scenario's 15 %
    type_into(qtbot, spin(editor, "sd"), "2")  # live update
    x2, y2 = editor.plot.curve.getData()
    np.testing.assert_allclose(y2, Distribution.normal(0.05, 0.02).pdf(x2 / 100.0))
    p10, p50, p90 = Distribution.normal(0.05, 0.02).ppf([0.1, 0.5, 0.9], 0.0, 1.0)
    shown = [f"{round(100 * p, 3):.4g} %" for p in (p10, p50, p90)]
    assert editor.quantiles.text() == "P10 {}  /  P50 {}  /  P90 {}".format(*shown)


def test_triangle_peak_is_on_the_grid(qtbot):
    editor = make_editor(qtbot, "revenue.yield", Distribution.triangular(0.6, 0.8, 1.0))
    x, y = editor.plot.curve.getData()
    assert 0.8 in x and y.max() == pytest.approx(2 / 0.4)


def test_invalid_parameters_show_a_message_and_disable_ok(qtbot):
    s = scenario()
    dialog = DistributionDialog(s, "revenue.yield")
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.editor
    type_into(qtbot, spin(editor, "low"), "1.2")  # above high (0.96)
    assert not dialog.ok_button.isEnabled()
    message = editor.findChild(QLabel, "dist.error")
    assert message.isVisible() and "low" in message.text().lower()
    type_into(qtbot, spin(editor, "low"), "0.7")
    assert dialog.ok_button.isEnabled() and not message.isVisible()
    choose_kind(qtbot, editor, "Normal")
    type_into(qtbot, spin(editor, "sd"), "-0.1")
    assert not dialog.ok_button.isEnabled() and "SD" in editor.error()
    assert editor.plot.curve.getData()[0] is None or len(editor.plot.curve.getData()[0]) == 0
    choose_kind(qtbot, editor, "Log")
    type_into(qtbot, spin(editor, "sd"), "0.1")
    type_into(qtbot, spin(editor, "mean"), "0")
    assert not dialog.ok_button.isEnabled() and "lognormal" in editor.error()


def test_values_outside_the_valid_range_are_refused_in_display_units(qtbot):
    editor = make_editor(qtbot, "program.categories.0.life_years", Distribution.uniform(4, 6))
    type_into(qtbot, spin(editor, "low"), "0")
    assert editor.error() == "Values must lie inside 0 years .. 1000 years."
    percent = make_editor(qtbot, "economics.tax_rate", Distribution.uniform(0.1, 0.2))
    assert spin(percent, "low").minimum() == 0.0  # the box stops at the valid range


def test_defaults_when_first_made_uncertain(qtbot):
    s = scenario()
    expected = {
        "economics.tax_rate": Distribution.triangular(0.12, 0.15, 0.18),
        "program.categories.0.lag_quarters": Distribution.triangular(0.0, 1, 2.0),
        "revenue.core_growth": Distribution.normal(0.0, 0.05),
        "program.year_split": Distribution.uniform(-0.5, 0.5),
    }
    for path, dist in expected.items():
        dialog = DistributionDialog(s, path)
        qtbot.addWidget(dialog)
        got = dialog.distribution()
        assert got.kind == dist.kind
        assert (got.a, got.b, got.c) == pytest.approx((dist.a, dist.b, dist.c)), path
    shift = DistributionDialog(s, "revenue.core_growth")
    qtbot.addWidget(shift)
    assert spin(shift.editor, "sd").suffix() == " pp" and spin(shift.editor, "sd").value() == 5.0
    delay = DistributionDialog(s, "program.year_split")
    qtbot.addWidget(delay)
    assert spin(delay.editor, "high").suffix() == " years"


def test_discrete_values_table(qtbot):
    editor = make_editor(qtbot, "program.categories.0.life_years", None)
    choose_kind(qtbot, editor, "Disc")
    table = editor.findChild(QWidget, "dist.values")
    assert table.isVisible() and editor.distribution().values == (4.0, 5.0, 6.0)
    qtbot.mouseClick(editor.findChild(QWidget, "dist.values.add"), LEFT)
    type_into(qtbot, editor.findChild(QWidget, "dist.values.3.value"), "8")
    type_into(qtbot, editor.findChild(QWidget, "dist.values.3.weight"), "2")
    dist = editor.distribution()
    assert dist.values == (4.0, 5.0, 6.0, 8.0) and dist.weights == (1.0, 1.0, 1.0, 2.0)
    x, y = editor.plot.stems.getData()
    assert list(x[1::2]) == [4.0, 5.0, 6.0, 8.0]
    np.testing.assert_allclose(y[1::2], [0.2, 0.2, 0.2, 0.4])


def test_certain_has_no_distribution_and_no_error(qtbot):
    editor = make_editor(qtbot, "revenue.yield", Distribution.uniform(0.5, 1.0))
    choose_kind(qtbot, editor, "Cert")
    assert editor.distribution() is None and editor.error() == ""
    assert not editor.plot.isVisible()


# --- the "±" buttons and the document -------------------------------------------------


@pytest.fixture
def panel(qtbot):
    """An input panel wired to a document the way the main window wires them."""
    doc = ScenarioDocument(scenario())
    widget = InputPanel()
    qtbot.addWidget(widget)

    widget.bind(doc, refused=lambda _text: None)
    widget.resize(440, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.doc = doc
    return widget


def button(panel: InputPanel, path: str) -> QWidget:
    return panel.findChild(QWidget, f"{path}.uncertainty")


def open_dialog(qtbot, panel: InputPanel, path: str) -> DistributionDialog:
    """Click the input's "±" and return the dialog it opens."""
    qtbot.mouseClick(button(panel, path), LEFT)
    return shown_dialog(qtbot, panel)


def shown_dialog(qtbot, panel: InputPanel) -> DistributionDialog:
    found: list[QDialog] = []

    def visible() -> bool:
        found[:] = [d for d in panel.findChildren(QDialog, "dialog.distribution") if d.isVisible()]
        return len(found) == 1

    qtbot.waitUntil(visible)
    return found[0]


def inputs(panel: InputPanel) -> dict:
    return panel.doc.scenario.uncertainty_or_default.to_dict().get("inputs", {})


def test_plus_minus_button_makes_an_input_uncertain_in_one_undo_step(qtbot, panel):
    yield_button = button(panel, "revenue.yield")
    assert not yield_button.isChecked() and "Certain" in yield_button.toolTip()
    dialog = open_dialog(qtbot, panel, "revenue.yield")
    assert dialog.distribution() == Distribution.triangular(0.64, 0.8, 0.96)
    with qtbot.waitSignal(panel.doc.changed):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert inputs(panel) == {
        "revenue.yield": {"dist": "triangular", "low": 0.64, "mode": 0.8, "high": 0.96}
    }
    assert panel.doc.undo_stack.count() == 1
    assert yield_button.isChecked()
    assert yield_button.toolTip() == "triangular 0.64 / 0.8 / 0.96 /yr — click to edit"
    panel.doc.undo_stack.undo()
    assert inputs(panel) == {} and not yield_button.isChecked()
    assert "Certain" in yield_button.toolTip()
    panel.doc.undo_stack.redo()
    assert yield_button.isChecked()


def test_cancel_changes_nothing(qtbot, panel):
    dialog = open_dialog(qtbot, panel, "economics.discount_rate")
    type_into(qtbot, spin(dialog.editor, "high"), "20")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), LEFT)
    assert panel.doc.undo_stack.count() == 0 and panel.doc.scenario.uncertainty is None
    assert not button(panel, "economics.discount_rate").isChecked()


def test_choosing_certain_removes_the_input(qtbot, panel):
    qtbot.mouseClick(open_dialog(qtbot, panel, "revenue.ai_share").ok_button, LEFT)
    assert "revenue.ai_share" in inputs(panel)
    dialog = open_dialog(qtbot, panel, "revenue.ai_share")
    assert dialog.distribution().kind == "triangular"  # the document's, not the default
    choose_kind(qtbot, dialog.editor, "Cert")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert inputs(panel) == {} and panel.doc.undo_stack.count() == 2
    assert not button(panel, "revenue.ai_share").isChecked()


def test_growth_shift_and_spend_delay(qtbot, panel):
    qtbot.mouseClick(open_dialog(qtbot, panel, "revenue.ai_growth").ok_button, LEFT)
    qtbot.mouseClick(open_dialog(qtbot, panel, "program.year_split").ok_button, LEFT)
    assert inputs(panel) == {
        "revenue.ai_growth": {"dist": "normal", "mean": 0.0, "sd": 0.05},
        "program.year_split": {"dist": "uniform", "low": -0.5, "high": 0.5},
    }
    assert button(panel, "revenue.ai_growth").toolTip().startswith("normal 0 / 5 pp")


def test_removing_a_category_with_an_uncertain_life_prunes_it(qtbot, panel):
    path = "program.categories.2.life_years"
    qtbot.mouseClick(open_dialog(qtbot, panel, path).ok_button, LEFT)
    assert button(panel, path).isChecked() and path in inputs(panel)
    qtbot.mouseClick(panel.findChild(QWidget, "program.categories.remove"), LEFT)
    assert len(panel.doc.scenario.program.categories) == 2
    assert inputs(panel) == {}
    assert button(panel, path) is None or not button(panel, path).isVisible()
    panel.doc.undo_stack.undo()
    assert path in inputs(panel) and button(panel, path).isChecked()


def test_uncertainty_group_lists_edits_and_removes(qtbot, panel):
    group = panel.findChild(QWidget, "group.uncertainty")
    assert group is not None
    qtbot.mouseClick(open_dialog(qtbot, panel, "revenue.yield").ok_button, LEFT)
    listing = panel.findChild(QWidget, "uncertainty.inputs")
    assert listing.count() == 1
    assert listing.item(0).text() == "Yield on capacity: triangular 0.64 / 0.8 / 0.96 /yr"
    rect = listing.visualItemRect(listing.item(0))
    qtbot.mouseClick(listing.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(listing.viewport(), LEFT, pos=rect.center())
    dialog = shown_dialog(qtbot, panel)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), LEFT)
    qtbot.mouseClick(listing.viewport(), LEFT, pos=rect.center())
    qtbot.mouseClick(panel.findChild(QWidget, "uncertainty.remove"), LEFT)
    assert inputs(panel) == {} and not button(panel, "revenue.yield").isChecked()


def test_add_combo_opens_the_editor_for_a_certain_input(qtbot, panel):
    combo = panel.findChild(QComboBox, "uncertainty.add")
    index = combo.findData("program.categories.1.lag_quarters")
    assert index > 0
    combo.activated.emit(index)
    dialog = shown_dialog(qtbot, panel)
    assert dialog.path == "program.categories.1.lag_quarters"
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert inputs(panel)["program.categories.1.lag_quarters"]["dist"] == "triangular"


def test_correlations_write_the_section_and_an_inconsistent_set_shows_the_error(qtbot, panel):
    for path in ("revenue.yield", "revenue.ai_share", "economics.ebitda_margin"):
        qtbot.mouseClick(open_dialog(qtbot, panel, path).ok_button, LEFT)
    add = panel.findChild(QWidget, "uncertainty.correlations.add")
    for _ in range(3):
        qtbot.mouseClick(add, LEFT)
    assert not add.isEnabled()  # every pair of the three is taken
    pairs = [c["between"] for c in panel.doc.scenario.to_dict()["uncertainty"]["correlations"]]
    assert pairs == [  # the section keeps its inputs in path order
        ["economics.ebitda_margin", "revenue.ai_share"],
        ["economics.ebitda_margin", "revenue.yield"],
        ["revenue.ai_share", "revenue.yield"],
    ]
    rank = lambda i: panel.findChild(QWidget, f"uncertainty.correlations.{i}.rank")  # noqa: E731
    type_into(qtbot, rank(0), "0.6")
    type_into(qtbot, rank(1), "0.6")
    ranks = [c["rank"] for c in panel.doc.scenario.to_dict()["uncertainty"]["correlations"]]
    assert ranks == [0.6, 0.6, 0.0]
    steps = panel.doc.undo_stack.count()
    type_into(qtbot, rank(2), "-0.9")  # cannot hold with the other two
    error = panel.findChild(QLabel, "uncertainty.error")
    assert error.isVisible() and "cannot hold together" in error.text()
    assert panel.doc.undo_stack.count() == steps  # the document keeps the last valid set
    type_into(qtbot, rank(2), "0.5")
    assert not error.isVisible()
    assert panel.doc.scenario.to_dict()["uncertainty"]["correlations"][2]["rank"] == 0.5
    panel.doc.undo_stack.undo()
    assert rank(2).value() == 0.0  # the table follows the document


def test_choosing_the_same_pair_twice_is_refused_inline(qtbot, panel):
    for path in ("revenue.yield", "revenue.ai_share", "economics.ebitda_margin"):
        qtbot.mouseClick(open_dialog(qtbot, panel, path).ok_button, LEFT)
    add = panel.findChild(QWidget, "uncertainty.correlations.add")
    qtbot.mouseClick(add, LEFT)
    qtbot.mouseClick(add, LEFT)
    second = panel.findChild(QComboBox, "uncertainty.correlations.1.b")
    second.setFocus()
    qtbot.keyClicks(second, "AI")  # the pair of row 0 again
    error = panel.findChild(QLabel, "uncertainty.error")
    assert error.isVisible() and "once" in error.text()
    assert len(panel.doc.scenario.to_dict()["uncertainty"]["correlations"]) == 2


def test_every_driver_input_has_a_button(panel):
    s = panel.doc.scenario
    from simulator.analysis.drivers import driver_paths

    missing = [p for p in driver_paths(s) if button(panel, p) is None]
    assert missing == []


def test_in_the_main_window_ok_is_one_undo_step_and_undo_restores_the_button(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from simulator import default_scenario
    from ui.window.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(default_scenario(), settings=settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    tax = window.findChild(QWidget, "economics.tax_rate.uncertainty")
    assert not tax.isChecked()
    qtbot.mouseClick(tax, LEFT)
    dialog = shown_dialog(qtbot, window.panel)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert (
        window.scenario.uncertainty_or_default.distribution("economics.tax_rate").kind
        == "triangular"
    )
    assert tax.isChecked() and window.doc.undo_stack.count() == 1
    window.commands["action.undo"].trigger()
    assert window.scenario.uncertainty_or_default.distribution("economics.tax_rate") is None
    assert not tax.isChecked()
    window.doc.undo_stack.setClean()  # close without the unsaved-changes prompt


def test_the_range_slider_labels_of_close_handles_do_not_overlap(qtbot):
    # close handles (low 380, mode 381) once drew "380.00381.00" over each other
    editor = make_editor(qtbot, "program.total_capex", Distribution.triangular(380.0, 381.0, 480.0))
    editor.show()
    qtbot.waitExposed(editor)
    labels = [w for w in editor.range.findChildren(QWidget) if type(w).__name__ == "SliderLabel"]
    boxes = sorted((w.geometry() for w in labels if w.isVisible()), key=lambda r: r.left())
    assert len(boxes) == 3
    assert all(a.right() < b.left() for a, b in itertools.pairwise(boxes))
