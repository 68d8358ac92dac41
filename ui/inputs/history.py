"""Capex in the quarters before the start (the ``history`` section).

How many quarters (0 to 40) and each quarter's capex; the quarters are always the ones
just before the start, labelled from it. The value is the whole section, or None for
no history.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.scenario import fields
from simulator.scenario.periods import period_index, period_label
from simulator.scenario.schema import MAX_HISTORY_QUARTERS
from simulator.units import Money
from ui.inputs.base import FieldEditor, number_box


class HistoryEditor(FieldEditor):
    """Quarters of history and their capex, before the scenario's start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("history", parent)
        self.setToolTip(fields.field("history.capex").tip)
        self.count = QSpinBox()
        self.count.setObjectName("history.quarters")
        self.count.setRange(0, MAX_HISTORY_QUARTERS)
        self.count.setSuffix(" quarters")
        self.count.setToolTip("How many quarters before the start the model runs from.")
        self.table = QTableWidget(0, 1)
        self.table.horizontalHeader().setStretchLastSection(True)  # the title reads whole
        self._money = Money()
        self.set_money(Money())
        self.source = QLineEdit()
        self.source.setObjectName("history.source")
        self.source.setPlaceholderText("Where the figures come from")
        self.source.setToolTip(fields.field("history.source").tip)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Quarters", self.count)
        form.addRow("Source", self.source)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.table)
        self.count.valueChanged.connect(self._count_changed)
        self.source.editingFinished.connect(self._emit)
        self._start = "2025Q1"
        self._values: list[float] = []
        self._built: list[str] = []  # the quarters the table has boxes for
        self._shown_source = ""

    def set_money(self, money: Money) -> None:
        """Show amounts in ``money`` (the scenario's currency or USD) and name it in the
        column title (``Capex (bn CNY/qtr)``); takes effect at the next ``set_value``."""
        self._money = money
        unit = fields.field("history.capex").unit.label(money)
        self.table.setHorizontalHeaderLabels([f"Capex ({unit})"])

    def set_start(self, start: str) -> None:
        """The scenario's start: the history's quarters end just before it."""
        self._start = start

    def set_value(self, value: Any) -> None:
        """Show the section (None: no history), not emitting."""
        capex = {} if value is None else value["capex"]
        self._values = [float(capex[q]) for q in sorted(capex, key=period_index)]
        self._shown_source = "" if value is None else value.get("source", "")
        with signals_blocked(self.count), signals_blocked(self.source):
            self.count.setValue(len(self._values))
            self.source.setText(self._shown_source)
            self.source.setCursorPosition(0)  # show the start of a long source
            self.source.setToolTip(self._shown_source or fields.field("history.source").tip)
        self._rebuild()

    def _labels(self) -> list[str]:
        first = period_index(self._start) - len(self._values)
        return [period_label(first + i) for i in range(len(self._values))]

    def _rebuild(self) -> None:
        labels = self._labels()
        if labels == self._built and labels:  # same quarters: new values in the same boxes
            for i, value in enumerate(self._values):
                box = self.table.cellWidget(i, 0)
                if box.value() != value:
                    with signals_blocked(box):
                        box.setValue(value)
            return
        self._built = labels
        self.table.setRowCount(len(labels))
        self.table.setVerticalHeaderLabels(labels)
        for i, (label, value) in enumerate(zip(labels, self._values, strict=True)):
            box = number_box(f"history.capex.{label}", money=self._money)
            box.setFrame(False)
            box.setSuffix("")
            with signals_blocked(box):
                box.setValue(value * self._money.factor)
            box.valueChanged.connect(lambda v, i=i: self._value_changed(i, v))
            self.table.setCellWidget(i, 0, box)
        rows = sum(self.table.rowHeight(i) for i in range(len(labels)))
        self.table.setFixedHeight(rows + self.table.horizontalHeader().sizeHint().height() + 4)
        self.table.setVisible(bool(labels))

    def _count_changed(self, count: int) -> None:
        old = self._values
        self._values = [0.0] * max(0, count - len(old)) + old[max(0, len(old) - count) :]
        self._emit()

    def _value_changed(self, row: int, value: float) -> None:
        self._values[row] = value / self._money.factor  # typed in the money shown
        self._emit()

    def _emit(self) -> None:
        if not self._values:
            self.value_edited.emit(None)
            return
        section: dict[str, Any] = {"capex": dict(zip(self._labels(), self._values, strict=True))}
        if self.source.text():
            section["source"] = self.source.text()
        self.value_edited.emit(section)
