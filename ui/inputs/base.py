"""The contract every input widget follows.

A field editor shows one scenario field (its ``objectName`` is the field path, e.g.
``program.year_split``) and reports the user's edits as the field's whole new
value. The document answers by calling :meth:`FieldEditor.set_value` with the
value it accepted; ``set_value`` never emits ``value_edited`` (no feedback loops).
A drag is a gesture: the edits between ``gesture_started`` and
``gesture_finished`` become one undo step. :func:`number_box` makes a spin box from
the field table, for inputs without a slider (list items, table cells).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QWidget

from simulator.scenario import fields
from simulator.units import Money
from ui.common.format import field_shown

BOX_LIMIT = 1e7  # display units: where a field's valid range has no end


class FieldEditor(QWidget):
    """Base class of the input widgets: one scenario field, by its path."""

    value_edited = Signal(object)  # the field's whole new value, as in Scenario.to_dict()
    gesture_started = Signal()
    gesture_finished = Signal()

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setObjectName(path)

    def set_value(self, value: Any) -> None:
        """Show ``value`` (the field's value in ``Scenario.to_dict()`` form) without emitting."""
        raise NotImplementedError


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """The buttons side by side, left-aligned (as under every list editor)."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def box_range(path: str, money: Money | None = None) -> tuple[float, float]:
    """The display range of a box without a slider: the field's valid range (open ends
    moved in by one shown digit), at most ``BOX_LIMIT`` either way."""
    f, shown = fields.field(path), field_shown(path, money)
    digit = 10.0**-shown.decimals / shown.scale  # one shown digit, in model units
    low = f.low + digit if f.low_open else f.low
    high = f.high - digit if f.high_open else f.high
    return max(low * shown.scale, -BOX_LIMIT), min(high * shown.scale, BOX_LIMIT)


def number_box(path: str, name: str = "", money: Money | None = None) -> QDoubleSpinBox:
    """A spin box for the field at ``path`` (named ``name`` or the path): its valid
    range, decimals, step, unit and tooltip, all from the field table. It reports a
    typed value on Enter or when focus leaves, not per keystroke."""
    shown = field_shown(path, money)
    box = QDoubleSpinBox()
    box.setObjectName(name or path)
    box.setDecimals(shown.decimals)
    box.setRange(*box_range(path, money))
    box.setSingleStep(shown.step)
    box.setSuffix(shown.suffix)
    box.setKeyboardTracking(False)
    box.setToolTip(fields.field(path).tip)
    return box
