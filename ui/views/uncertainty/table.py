"""``risk.stats``: statistics of every summary metric across the paths, copyable.

Cells show rounded numbers in the shown unit (money in the chosen currency, rates in
%, paybacks in years; labels, units and decimals from the metric table); each cell
keeps its full-precision value (``Qt.UserRole``), which Ctrl+C and
:meth:`StatsTable.copy_all` put on the clipboard as tab-separated text. The
statistics are :func:`simulator.analysis.stats.summarize`'s.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import STAT_COLUMNS, summarize
from simulator.model.outputs import SUMMARY_KEYS
from simulator.units import Money
from ui.common.format import (
    axis_label,
    metric_factor,
    metric_label,
    metric_number,
    metric_unit,
    percent_text,
)

HEADERS = {"mean": "Mean", "sd": "SD", "min": "Min", "max": "Max", "defined": "Defined"}
VALUE = Qt.ItemDataRole.UserRole


def header(column: str) -> str:
    """A column's title: ``Mean``, ``P5``, ``Defined``."""
    return HEADERS.get(column, column.upper())


def tsv_number(value: float) -> str:
    """Full precision (shortest round-trip form); empty when undefined."""
    return repr(float(value)) if math.isfinite(value) else ""


class StatsTable(QTableWidget):
    """One row per summary metric, one column per :data:`~simulator.analysis.stats.STAT_COLUMNS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(STAT_COLUMNS), parent)
        self.setObjectName("risk.stats")
        self.setHorizontalHeaderLabels([header(c) for c in STAT_COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(56)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setToolTip("Ctrl+C copies the selected cells at full precision.")
        self.keys: list[str] = []
        self.units: list[str] = []

    def set_result(self, mc: MonteCarloResult, money: Money) -> None:
        """Fill the table with the statistics of ``mc``'s metrics, money as ``money``."""
        self.keys = [k for k in SUMMARY_KEYS if k in mc.metrics]
        self.units = [metric_unit(k, money) for k in self.keys]
        self.setRowCount(len(self.keys))
        self.setVerticalHeaderLabels([axis_label(k, money) for k in self.keys])  # "()" never
        for row, key in enumerate(self.keys):
            summary = summarize(mc.metrics[key])
            factor = metric_factor(key, money)
            for col, column in enumerate(STAT_COLUMNS):
                value = summary[column] * (1.0 if column == "defined" else factor)
                self.setItem(row, col, _cell(key, column, value))
        self.setMinimumHeight(self.full_height())

    def full_height(self) -> int:
        """Pixels that show every row without scrolling."""
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        return self.horizontalHeader().height() + rows + 2 * self.frameWidth() + 2

    def tsv(self) -> str:
        """The whole table as tab-separated text: a header row, then metric, unit, values."""
        lines = ["\t".join(["metric", "unit", *STAT_COLUMNS])]
        for row, key in enumerate(self.keys):
            values = [tsv_number(self.value(row, col)) for col in range(self.columnCount())]
            lines.append("\t".join([metric_label(key), self.units[row], *values]))
        return "\n".join(lines) + "\n"

    def selection_tsv(self) -> str:
        """The selected cells (their bounding block) as tab-separated values."""
        ranges = self.selectedRanges()
        if not ranges:
            return ""
        top = min(r.topRow() for r in ranges)
        bottom = max(r.bottomRow() for r in ranges)
        left = min(r.leftColumn() for r in ranges)
        right = max(r.rightColumn() for r in ranges)
        rows = [
            "\t".join(tsv_number(self.value(r, c)) for c in range(left, right + 1))
            for r in range(top, bottom + 1)
        ]
        return "\n".join(rows) + "\n"

    def value(self, row: int, col: int) -> float:
        """The full-precision value of a cell (NaN when empty)."""
        item = self.item(row, col)
        data = item.data(VALUE) if item is not None else None
        return float("nan") if data is None else float(data)

    def copy_all(self) -> None:
        """Put the whole table on the clipboard (tab-separated, full precision)."""
        QGuiApplication.clipboard().setText(self.tsv())

    def copy_selection(self) -> None:
        """Put the selected cells on the clipboard, or the whole table if none is selected."""
        text = self.selection_tsv()
        QGuiApplication.clipboard().setText(text or self.tsv())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Ctrl+C copies at full precision instead of the cells' rounded text."""
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)


def _cell(key: str, column: str, value: float) -> QTableWidgetItem:
    text = percent_text(value) if column == "defined" else metric_number(key, value)
    item = QTableWidgetItem(text)
    item.setData(VALUE, float(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
