"""The growth-list editors driven through their real widgets: boxes, +/− year, fade, drag."""

from __future__ import annotations

import pytest
from conftest import type_into
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QDoubleSpinBox,
    QLabel,
    QWidget,
)

from simulator.scenario.limits import MAX_GROWTH_YEARS
from ui.inputs.growth import GrowthEditor, GrowthListEditor, fade
from ui.inputs.growth_curve import GrowthCurve

AI = [1.2, 0.7, 0.5, 0.35, 0.25, 0.15]
CORE = [0.10, 0.08, 0.06, 0.05]
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def editor(qtbot) -> GrowthListEditor:
    """A shown AI growth editor at a fixed size, showing ``AI``."""
    widget = GrowthListEditor("revenue.ai_growth")
    qtbot.addWidget(widget)
    widget.resize(460, 360)
    widget.set_value(AI)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def record(editor: GrowthListEditor) -> list[tuple[str, object]]:
    """Every signal of the editor, in order: ('start',), ('edit', value), ('finish',)."""
    seen: list[tuple[str, object]] = []
    editor.gesture_started.connect(lambda: seen.append(("start", None)))
    editor.value_edited.connect(lambda v: seen.append(("edit", v)))
    editor.gesture_finished.connect(lambda: seen.append(("finish", None)))
    return seen


# --- fade ---------------------------------------------------------------------------


def test_fade_against_hand_values():
    assert fade(1.0, 0.2, 5) == pytest.approx([1.0, 0.8, 0.6, 0.4, 0.2])
    assert fade(0.10, 0.04, 4) == pytest.approx([0.10, 0.08, 0.06, 0.04])
    assert fade(0.3, 0.5, 2) == [0.3, 0.5]
    assert fade(0.5, 0.1, 1) == [0.1]
    assert fade(0.2, 0.2, 3) == pytest.approx([0.2, 0.2, 0.2])
    ends = fade(0.1, 0.7, 7)
    assert (ends[0], ends[-1]) == (0.1, 0.7)  # exactly, no float drift at the ends


def test_fade_needs_a_year():
    with pytest.raises(ValueError, match="at least one year"):
        fade(0.1, 0.2, 0)


def test_fade_row_fills_a_linear_fade(qtbot, editor):
    seen = record(editor)
    editor.findChild(QWidget, "revenue.ai_growth.fade").click()
    assert editor.fade_row.isVisible()
    assert editor.fade_row.start.value() == 120.0 and editor.fade_row.end.value() == 15.0
    assert editor.fade_row.years.value() == 6
    type_into(qtbot, editor.findChild(QWidget, "revenue.ai_growth.fade.from"), "100")
    type_into(qtbot, editor.findChild(QWidget, "revenue.ai_growth.fade.to"), "20")
    type_into(qtbot, editor.findChild(QWidget, "revenue.ai_growth.fade.years"), "5")
    qtbot.mouseClick(editor.findChild(QWidget, "revenue.ai_growth.fade.apply"), LEFT)
    assert len(seen) == 1
    assert seen[0][1] == pytest.approx([1.0, 0.8, 0.6, 0.4, 0.2])
    assert len(editor.boxes) == 5 and editor.boxes[1].value() == 80.0
    assert not editor.fade_row.isVisible()


def test_fade_over_one_year_is_the_end_rate(qtbot, editor):
    with qtbot.waitSignal(editor.value_edited) as blocker:
        editor.fade_button.click()
        editor.fade_row.years.setValue(1)
        editor.fade_row.apply_button.click()
    assert blocker.args == [[0.15]]


# --- boxes, +/− year, set_value -------------------------------------------------------


def test_typing_in_a_year_box_emits_the_whole_list(qtbot, editor):
    box = editor.findChild(QDoubleSpinBox, "revenue.ai_growth.2")
    assert box.value() == 50.0 and box.suffix() == " %"
    with qtbot.waitSignal(editor.value_edited) as blocker:
        type_into(qtbot, box, "42")
    assert blocker.args == [[1.2, 0.7, 0.42, 0.35, 0.25, 0.15]]
    assert editor.curve.rates_item.getData()[1][2] == pytest.approx(42.0)


def test_add_repeats_the_last_rate_and_remove_drops_it(qtbot, editor):
    seen = record(editor)
    qtbot.mouseClick(editor.findChild(QWidget, "revenue.ai_growth.add"), LEFT)
    qtbot.mouseClick(editor.findChild(QWidget, "revenue.ai_growth.remove"), LEFT)
    qtbot.mouseClick(editor.findChild(QWidget, "revenue.ai_growth.remove"), LEFT)
    assert [v for _, v in seen] == [[*AI, 0.15], AI, AI[:-1]]
    assert editor.findChild(QDoubleSpinBox, "revenue.ai_growth.4").value() == 25.0
    assert editor.findChild(QDoubleSpinBox, "revenue.ai_growth.5") is None


def test_buttons_disabled_at_the_limits(editor):
    editor.set_value([0.1])
    assert editor.add_button.isEnabled() and not editor.remove_button.isEnabled()
    editor.set_value([0.1] * MAX_GROWTH_YEARS)
    assert not editor.add_button.isEnabled() and editor.remove_button.isEnabled()
    assert editor.findChild(QDoubleSpinBox, f"revenue.ai_growth.{MAX_GROWTH_YEARS - 1}")


def test_set_value_shows_without_emitting(qtbot, editor):
    seen = record(editor)
    editor.set_value(CORE)
    editor.set_value([50.0, -0.9995])  # outside the boxes' usual range: shown, not clipped
    assert seen == []
    assert editor.value() == [50.0, -0.9995]
    assert editor.boxes[0].value() == 5000.0
    x, y = editor.curve.rates_item.getData()
    assert list(x) == [1.0, 2.0] and list(y) == pytest.approx([5000.0, -99.95])
    assert list(editor.curve.hold_item.getData()[0]) == [2.0, 4.0]  # holds two more years


def test_curve_items_are_reused_and_y_fits_the_rates(editor):
    items = list(editor.curve.plotItem.items)
    editor.set_value(CORE)
    assert list(editor.curve.plotItem.items) == items
    low, high = editor.curve.plotItem.vb.viewRange()[1]
    assert low < 0.0 < 10.0 < high < 20.0


def test_every_control_has_a_tooltip(qtbot):
    widget = GrowthEditor()
    qtbot.addWidget(widget)
    widget.core.set_value(CORE)
    widget.ai.set_value(AI)
    controls = (QAbstractSpinBox, QAbstractButton, QLabel, GrowthCurve, GrowthListEditor)
    named = [w for w in widget.findChildren(QWidget) if isinstance(w, controls)]
    assert len(named) > 40
    assert [w.objectName() or w.metaObject().className() for w in named if not w.toolTip()] == []
    assert widget.core.path == "revenue.core_growth" and widget.ai.path == "revenue.ai_growth"
    assert isinstance(widget.ai.curve, GrowthCurve)
    assert widget.findChild(GrowthCurve, "revenue.ai_growth.curve") is widget.ai.curve


# --- dragging on the curve ------------------------------------------------------------


def pixel(curve: GrowthCurve, year: int, percent: float) -> QPointF:
    """The viewport pixel of (year, percent) on the curve."""
    return QPointF(curve.mapFromScene(curve.plotItem.vb.mapViewToScene(QPointF(year, percent))))


def send(curve: GrowthCurve, kind: QEvent.Type, pos: QPointF) -> None:
    """A mouse event on the curve's viewport, the left button held from press to release."""
    viewport = curve.viewport()
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else LEFT
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else LEFT
    event = QMouseEvent(
        kind, pos, viewport.mapToGlobal(pos), button, held, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(viewport, event)


def drag(curve: GrowthCurve, start: QPointF, dy: float) -> None:
    """Press at ``start``, move by ``dy`` pixels in two steps, release there."""
    send(curve, QEvent.Type.MouseButtonPress, start)
    send(curve, QEvent.Type.MouseMove, start + QPointF(0, dy / 2))
    send(curve, QEvent.Type.MouseMove, start + QPointF(1, dy))
    send(curve, QEvent.Type.MouseButtonRelease, start + QPointF(1, dy))


def test_dragging_a_point_up_raises_that_year_only(editor):
    seen = record(editor)
    drag(editor.curve, pixel(editor.curve, 3, 50.0) + QPointF(3, 2), -30)
    kinds = [k for k, _ in seen]
    assert kinds[0] == "start" and kinds[-1] == "finish"
    assert kinds.count("edit") >= 1 and set(kinds[1:-1]) == {"edit"}
    final = seen[-2][1]
    assert final[2] > 0.5
    assert final[:2] == AI[:2] and final[3:] == AI[3:]
    assert editor.value() == final
    assert editor.boxes[2].value() == pytest.approx(100.0 * final[2])


def test_dragging_down_lowers_and_clamps_above_minus_100(editor):
    seen = record(editor)
    drag(editor.curve, pixel(editor.curve, 6, 15.0), 40)
    assert seen[-2][1][5] < 0.15
    drag(editor.curve, pixel(editor.curve, 6, 100.0 * editor.value()[5]), 100000)
    assert editor.value()[5] == pytest.approx(-0.999)
    assert editor.value()[:5] == AI[:5]


def test_press_away_from_points_neither_edits_nor_pans(editor):
    seen = record(editor)
    before = editor.curve.plotItem.vb.viewRange()
    drag(editor.curve, pixel(editor.curve, 3, 50.0) + QPointF(0, -40), 60)
    assert seen == []
    assert editor.curve.plotItem.vb.viewRange() == before


def test_y_range_holds_during_a_drag_and_fits_after(editor):
    curve = editor.curve
    start = pixel(curve, 1, 120.0)
    send(curve, QEvent.Type.MouseButtonPress, start)
    send(curve, QEvent.Type.MouseMove, start + QPointF(0, -60))
    during = curve.plotItem.vb.viewRange()[1]
    editor.set_value(editor.value())  # the document answering mid-drag
    assert curve.plotItem.vb.viewRange()[1] == during
    assert 100.0 * editor.value()[0] > during[1] - 1.0  # the point is near the top edge
    send(curve, QEvent.Type.MouseButtonRelease, start + QPointF(0, -60))
    assert curve.plotItem.vb.viewRange()[1][1] > 100.0 * editor.value()[0]
