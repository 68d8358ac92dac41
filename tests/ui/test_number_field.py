"""Slider and spin box stay in step, emit model values, and a drag is one gesture."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from ui.inputs.number import NumberField
from ui.inputs.simple import BoolField, TextField


@pytest.fixture
def share(qtbot):
    field = NumberField("revenue.ai_share")
    qtbot.addWidget(field)
    field.set_value(0.15)
    field.show()
    qtbot.waitExposed(field)
    return field


def test_set_value_shows_percent_without_emitting(share, qtbot):
    with qtbot.assertNotEmitted(share.value_edited):
        share.set_value(0.25)
    assert share.spin.value() == 25.0 and share.spin.suffix() == " %"
    assert share.slider.value() == 250  # 25 % of a 0..100 % range on 1000 steps
    assert share.value() == 0.25


def test_typing_in_spin_box_emits_fraction_and_moves_slider(share, qtbot):
    share.spin.selectAll()
    qtbot.keyClicks(share.spin, "40")
    with qtbot.waitSignal(share.value_edited) as signal:
        qtbot.keyClick(share.spin, Qt.Key.Key_Enter)
    assert signal.args == [0.4]
    assert share.slider.value() == 400


def test_slider_keys_emit_and_update_spin(share, qtbot):
    share.slider.setFocus()
    with qtbot.waitSignal(share.value_edited) as signal:
        qtbot.keyClick(share.slider, Qt.Key.Key_PageUp)
    assert signal.args[0] == pytest.approx(0.20)
    assert share.spin.value() == pytest.approx(20.0)


def test_slider_drag_is_one_gesture(share, qtbot):
    events: list[str] = []
    share.gesture_started.connect(lambda: events.append("start"))
    share.value_edited.connect(lambda v: events.append("edit"))
    share.gesture_finished.connect(lambda: events.append("end"))
    handle = share.slider.rect().left() + int(share.slider.width() * 0.15)
    y = share.slider.height() // 2
    qtbot.mousePress(share.slider, Qt.MouseButton.LeftButton, pos=QPoint(handle, y))
    for x in (handle + 20, handle + 60):
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(x, y),
            QPointF(x, y),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(share.slider, move)
    qtbot.mouseRelease(share.slider, Qt.MouseButton.LeftButton, pos=QPoint(handle + 60, y))
    assert events[0] == "start" and events[-1] == "end"
    assert events.count("edit") >= 1
    assert share.value() > 0.15


def test_integer_field_emits_int(qtbot):
    field = NumberField("horizon_years")
    qtbot.addWidget(field)
    field.set_value(10)
    with qtbot.waitSignal(field.value_edited) as signal:
        field.spin.setValue(12)
    assert signal.args == [12] and isinstance(signal.args[0], int)


def test_out_of_range_file_value_is_not_clipped(qtbot):
    field = NumberField("program.total_capex")
    qtbot.addWidget(field)
    field.set_value(5000.0)
    assert field.value() == 5000.0 and field.slider.value() == 1000


def test_bool_and_text_fields(qtbot):
    box = BoolField("capacity.refresh")  # version 2's residual value is a choice, not a box
    qtbot.addWidget(box)
    box.set_value(True)
    box.show()
    qtbot.waitExposed(box)
    with qtbot.waitSignal(box.value_edited) as signal:
        qtbot.mouseClick(box.box, Qt.MouseButton.LeftButton)
    assert signal.args == [False]
    text = TextField("currency", r"[A-Z]{3}")
    qtbot.addWidget(text)
    text.set_value("CNY")
    text.show()
    qtbot.waitExposed(text)
    text.edit.setFocus()
    text.edit.selectAll()
    qtbot.keyClicks(text.edit, "usd")  # the validator refuses lower case
    assert text.edit.text() == "CNY"
    qtbot.keyClicks(text.edit, "EUR")
    assert text.edit.text() == "EUR"
    with qtbot.waitSignal(text.value_edited) as signal:
        qtbot.keyClick(text.edit, Qt.Key.Key_Return)
    assert signal.args == ["EUR"]
