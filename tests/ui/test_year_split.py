"""The year split editor: bar drags, keys, boxes with locks, +/− year, set_value."""

from __future__ import annotations

import math

import pytest
from conftest import type_into
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QWidget

from simulator.scenario.limits import MAX_PROGRAM_YEARS
from ui.inputs.split_bar import SplitBar, fit_label, percent_text
from ui.inputs.year_split import YearSplitEditor

SPLIT = [0.33, 0.33, 0.34]


@pytest.fixture
def editor(qtbot) -> YearSplitEditor:
    widget = YearSplitEditor()
    qtbot.addWidget(widget)
    widget.set_value(SPLIT)
    widget.resize(420, 110)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def boundary_point(bar: SplitBar, boundary: int) -> QPoint:
    """The pixel on ``boundary`` at the bar's middle height."""
    return QPoint(round(bar.boundary_x(boundary)), bar.height() // 2)


def send_move(widget: QWidget, pos: QPoint, held: bool = True) -> None:
    """A mouse move to ``pos``, with the left button held (QTest's moves carry no buttons)."""
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    local = QPointF(pos)
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        local,
        QPointF(widget.mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def record(editor: YearSplitEditor) -> list[object]:
    """Every signal of the editor, in order: "start", the edited lists, "end"."""
    events: list[object] = []
    editor.gesture_started.connect(lambda: events.append("start"))
    editor.value_edited.connect(events.append)
    editor.gesture_finished.connect(lambda: events.append("end"))
    return events


def test_drag_moves_spend_between_two_years_in_one_gesture(editor, qtbot):
    bar = editor.bar
    events = record(editor)
    start = boundary_point(bar, 0)
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
    step = round(bar.width() * 0.05)
    for k in (1, 2):
        send_move(bar, start + QPoint(k * step, 0))
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=start + QPoint(2 * step, 0))
    edits = events[1:-1]
    assert events[0] == "start" and events[-1] == "end" and len(edits) == 2
    for value in edits:
        assert isinstance(value, list) and all(isinstance(v, float) for v in value)
        assert math.fsum(value) == pytest.approx(1.0, abs=1e-12)
        assert value[2] == 0.34  # the third year never moves
        assert value[0] + value[1] == pytest.approx(0.66, abs=1e-12)
    assert edits[-1][0] == pytest.approx(0.43, abs=0.005)
    assert editor.boxes[0].value() == pytest.approx(100 * edits[-1][0], abs=0.05)
    assert editor.value() == edits[-1]


def test_resize_cursor_over_boundaries_only(editor):
    bar = editor.bar
    send_move(bar, boundary_point(bar, 1) + QPoint(3, 0), held=False)
    assert bar.cursor().shape() == Qt.CursorShape.SizeHorCursor
    send_move(bar, QPoint(round(bar.width() * 0.16), bar.height() // 2), held=False)
    assert bar.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_press_inside_a_segment_or_beside_a_locked_year_is_no_gesture(editor, qtbot):
    bar = editor.bar
    middle = QPoint(round(bar.width() * 0.16), bar.height() // 2)
    qtbot.mouseClick(editor.locks[1], Qt.MouseButton.LeftButton)  # lock Y2
    with qtbot.assertNotEmitted(editor.gesture_started):
        for pos in (middle, boundary_point(bar, 0), boundary_point(bar, 1)):
            qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=pos)
            qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=pos)
    assert editor.value() == SPLIT


def test_keys_move_the_focused_boundary_one_point(editor, qtbot):
    bar = editor.bar
    with qtbot.waitSignal(editor.value_edited) as signal:
        qtbot.keyClick(bar, Qt.Key.Key_Right)
    assert signal.args[0] == pytest.approx([0.34, 0.32, 0.34], abs=1e-12)
    qtbot.keyClick(bar, Qt.Key.Key_Tab)  # the next boundary, still inside the bar
    with qtbot.waitSignal(editor.value_edited) as signal:
        qtbot.keyClick(bar, Qt.Key.Key_Left)
    assert signal.args[0] == pytest.approx([0.34, 0.31, 0.35], abs=1e-12)


def test_box_edit_rebalances_the_unlocked_years(editor, qtbot):
    qtbot.mouseClick(editor.locks[2], Qt.MouseButton.LeftButton)
    assert editor.locks[2].isChecked() and editor.locked() == {2}
    with qtbot.waitSignal(editor.value_edited) as signal:
        type_into(qtbot, editor.boxes[1], "50")
    value = signal.args[0]
    assert value == pytest.approx([0.16, 0.5, 0.34], abs=1e-12)
    assert value[2] == 0.34 and math.fsum(value) == pytest.approx(1.0, abs=1e-12)
    assert [b.value() for b in editor.boxes] == [16.0, 50.0, 34.0]


def test_box_resets_when_every_other_year_is_locked(editor, qtbot):
    for year in (0, 2):
        qtbot.mouseClick(editor.locks[year], Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(editor.value_edited):
        type_into(qtbot, editor.boxes[1], "50")
    assert editor.boxes[1].value() == 33.0


def test_set_value_shows_without_emitting(editor, qtbot):
    box = editor.boxes[0]
    with qtbot.assertNotEmitted(editor.value_edited):
        editor.set_value([0.5, 0.25, 0.25])
        assert editor.boxes[0] is box  # same count: the boxes stay
        editor.set_value([0.2, 0.2, 0.2, 0.4])
    assert [b.value() for b in editor.boxes] == [20.0, 20.0, 20.0, 40.0]
    shown = [b for b in editor.findChildren(QDoubleSpinBox) if b.isVisibleTo(editor)]
    assert shown == editor.boxes  # the old boxes are hidden (and deleted later)
    assert [b.objectName() for b in editor.boxes][-1] == "program.year_split.3"
    assert editor.bar.shares() == (0.2, 0.2, 0.2, 0.4)


def test_add_and_remove_years(editor, qtbot):
    with qtbot.waitSignal(editor.value_edited) as signal:
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    grown = signal.args[0]
    assert grown == pytest.approx([0.2475, 0.2475, 0.255, 0.25], abs=1e-12)
    assert len(editor.boxes) == 4 and math.fsum(grown) == pytest.approx(1.0, abs=1e-12)
    with qtbot.waitSignal(editor.value_edited) as signal:
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert signal.args[0] == pytest.approx(SPLIT, abs=1e-12)
    assert len(editor.boxes) == 3 and math.fsum(signal.args[0]) == pytest.approx(1.0, abs=1e-12)


def test_locked_year_keeps_its_share_when_years_are_added(editor, qtbot):
    qtbot.mouseClick(editor.locks[0], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(editor.value_edited) as signal:
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert signal.args[0][0] == 0.33 and signal.args[0][3] == pytest.approx(0.25)
    assert editor.locks[0].isChecked() and not editor.locks[3].isChecked()


def test_limits_disable_the_buttons(editor, qtbot):
    editor.set_value([1.0])
    assert not editor.remove_button.isEnabled() and editor.add_button.isEnabled()
    editor.set_value([0.1] * MAX_PROGRAM_YEARS)
    assert not editor.add_button.isEnabled() and editor.remove_button.isEnabled()
    with qtbot.assertNotEmitted(editor.value_edited):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert len(editor.boxes) == MAX_PROGRAM_YEARS


def test_controls_are_named_and_explained(editor):
    names = [f"program.year_split.{i}" for i in range(3)]
    assert [b.objectName() for b in editor.boxes] == names
    assert [b.objectName() for b in editor.locks] == [f"{n}.lock" for n in names]
    assert editor.findChild(SplitBar, "program.year_split.bar") is editor.bar
    assert "year 2" in editor.boxes[1].toolTip() and "rebalances" in editor.boxes[1].toolTip()
    box = editor.boxes[0]
    assert (box.suffix(), box.decimals(), box.minimum(), box.maximum()) == (" %", 1, 0, 100)
    assert not box.keyboardTracking()
    assert editor.bar.minimumSizeHint().height() >= 28


def test_labels_fit_or_shorten(editor):
    metrics = editor.bar.fontMetrics()
    assert percent_text(0.33) == "33%" and percent_text(0.335) == "33.5%"
    assert fit_label(metrics, 0, 0.33, 200) == "Y1 33%"
    assert fit_label(metrics, 0, 0.33, metrics.horizontalAdvance("33%")) == "33%"
    assert len(fit_label(metrics, 0, 0.33, 8)) <= 1
