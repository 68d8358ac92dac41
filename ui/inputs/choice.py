"""A choice among named values (``capacity.existing``, ``economics.terminal.method``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget
from superqt.utils import signals_blocked

from simulator.scenario import fields
from ui.inputs.base import FieldEditor

MIN_CHARACTERS = 18


class ChoiceField(FieldEditor):
    """A drop-down of ``choices`` ((value, text) pairs); the field's value is the value."""

    def __init__(
        self, path: str, choices: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(path, parent)
        self.values = [value for value, _ in choices]
        self.combo = QComboBox()
        self.combo.setObjectName(f"{path}.combo")
        # as narrow as the dock needs: a long choice is cut here, whole in the list
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(MIN_CHARACTERS)
        for value, text in choices:
            self.combo.addItem(text, value)
        self.setToolTip(fields.field(path).tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(
            lambda i: self.value_edited.emit(self.values[i]) if i >= 0 else None
        )

    def set_value(self, value: Any) -> None:
        """Show ``value`` (not emitting)."""
        with signals_blocked(self.combo):
            self.combo.setCurrentIndex(self.values.index(value) if value in self.values else -1)


EXISTING_CHOICES = (
    ("ages", "Ages, retires and is refreshed (costs money)"),
    ("held_flat", "Held flat outside the model, free (version 1)"),
)
TERMINAL_CHOICES = (
    ("gordon", "Perpetuity on normalised FCF (Gordon)"),
    ("multiple", "EV/EBITDA multiple"),
    ("book", "Net book value"),
    ("none", "None"),
)
