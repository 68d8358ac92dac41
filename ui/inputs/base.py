"""The contract every input widget follows.

A field editor shows one scenario field (its ``objectName`` is the field path, e.g.
``program.year_split``) and reports the user's edits as the field's whole new
value. The document answers by calling :meth:`FieldEditor.set_value` with the
value it accepted; ``set_value`` never emits ``value_edited`` (no feedback loops).
A drag is a gesture: the edits between ``gesture_started`` and
``gesture_finished`` become one undo step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget


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
