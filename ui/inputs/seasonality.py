"""The four seasonal factors of demand, normalised to average 1 on every edit.

Each factor is a driver (``revenue.seasonality.0`` .. ``.3``) with its "±"; the
editor's value is the whole list, emitted already normalised, so the file always holds
factors that average 1 (the model normalises them anyway).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget
from superqt.utils import signals_blocked

from simulator.analysis.drivers import normalised
from simulator.scenario import fields
from ui.inputs.base import FieldEditor, number_box
from ui.inputs.uncertainty_group import UncertaintyButton, beside

PATH = "revenue.seasonality"


class SeasonalityEditor(FieldEditor):
    """Q1..Q4 factors, two by two; editing one rescales all four to average 1."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(PATH, parent)
        self.setToolTip(fields.field(PATH).tip)
        self.boxes = [number_box(f"{PATH}.{i}") for i in range(4)]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        for i, box in enumerate(self.boxes):  # two by two: the dock stays narrow
            row, col = divmod(i, 2)
            grid.addWidget(QLabel(f"Q{i + 1}"), row, 2 * col)
            cell = beside(box, UncertaintyButton(f"{PATH}.{i}", compact=True), 0)
            grid.addWidget(cell, row, 2 * col + 1)
            box.valueChanged.connect(lambda v, i=i: self._edited(i, v))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._shown: list[float] = [1.0] * 4

    def set_value(self, value: Any) -> None:
        """Show the four factors (not emitting)."""
        self._shown = [float(v) for v in value]
        for box, v in zip(self.boxes, self._shown, strict=True):
            with signals_blocked(box):
                box.setValue(v)

    def _edited(self, index: int, value: float) -> None:
        new = normalised(tuple(self._shown), index, value)
        if new != self._shown:
            self.value_edited.emit(new)
