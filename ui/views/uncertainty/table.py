"""``risk.stats``: the honest statistics of every summary metric, copyable.

One row per metric (:func:`simulator.analysis.stats.statistics_table`, computed in the
worker): the **Defined** share comes first ("3.2 % (324)": the paths where a payback
comes at all), then the base case with its percentile rank among the defined paths,
then mean, SD, P5..P95, min and max *of the defined paths*, each cell's 95% interval in
its tooltip. Below :data:`~simulator.analysis.stats.MIN_DEFINED` defined paths, or for a
run whose inputs do not vary, the row gives only the count (or the one value) and
says why. ``risk.stats_notes`` below the table says what partly defined rows are of.

Cells show rounded numbers in the shown unit; each keeps its full-precision value
(``Qt.UserRole``), which Ctrl+C and :meth:`StatsTable.copy_all` put on the clipboard
as tab-separated text.
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

from simulator.analysis.stats import DETERMINISTIC, SUMMARY_PERCENTILES, OutcomeSummary
from simulator.model.outputs import METRICS
from simulator.units import Money
from ui.common.format import (
    axis_label,
    metric_factor,
    metric_label,
    metric_number,
    metric_unit,
)
from ui.views.uncertainty.text import defined_text

STATS = ("mean", "sd", *(f"p{q:g}" for q in SUMMARY_PERCENTILES), "min", "max")
COLUMNS = ("defined", "base_case", *STATS)
"""The table's columns, in order (the Defined share first)."""
TSV_COLUMNS = ("defined", "defined_paths", "base_case", "base_rank", *STATS)
HEADERS = {"defined": "Defined", "base_case": "Base case", "mean": "Mean", "sd": "SD"}
HEADERS |= {"min": "Min", "max": "Max"}
VALUE = Qt.ItemDataRole.UserRole
NOTE_COLOR = "#7e5109"


def header(column: str) -> str:
    """A column's title: ``Defined``, ``Mean``, ``P5``."""
    return HEADERS.get(column, column.upper())


def tsv_number(value: float) -> str:
    """Full precision (shortest round-trip form); empty when undefined."""
    return repr(float(value)) if math.isfinite(value) else ""


def row_values(s: OutcomeSummary) -> dict[str, float]:
    """A row's full-precision values by :data:`TSV_COLUMNS` (model units; NaN = not shown)."""
    nan = math.nan
    out = {"defined": s.share_defined, "defined_paths": float(s.defined)}
    out["base_case"] = nan if s.base_case is None else s.base_case
    out["base_rank"] = nan if s.base_case_rank is None else s.base_case_rank
    for k in STATS:
        out[k] = s.stats[k] if s.stats is not None else nan
    return out


def missing_text(s: OutcomeSummary) -> str:
    """Why a row has no statistics: deterministic, or too few defined paths."""
    if s.deterministic_only:
        return DETERMINISTIC
    return f"too few defined paths for statistics ({s.defined:,} < {s.minimum})"


class StatsTable(QTableWidget):
    """One row per metric of a run's statistics table, one column per :data:`COLUMNS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("risk.stats")
        self.setHorizontalHeaderLabels([header(c) for c in COLUMNS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setToolTip("Ctrl+C copies the selected cells at full precision.")
        self.keys: list[str] = []
        self.units: list[str] = []
        self.summaries: dict[str, OutcomeSummary] = {}
        self.money = Money()

    def set_table(self, table: dict[str, OutcomeSummary], money: Money) -> None:
        """Show ``table`` (metric -> summary, in table order), money as ``money``."""
        self.clearSpans()
        self.summaries, self.money = dict(table), money
        self.keys = [k for k in table if k != "discount_rate"]
        self.units = [metric_unit(k, money) for k in self.keys]
        self.setRowCount(len(self.keys))
        self.setVerticalHeaderLabels([axis_label(k, money) for k in self.keys])
        for row, key in enumerate(self.keys):
            self._fill_row(row, table[key], money)

    def _fill_row(self, row: int, s: OutcomeSummary, money: Money) -> None:
        values = row_values(s)
        factor = metric_factor(s.metric, money)
        defined = _cell(defined_text(s, short=True), s.share_defined)
        defined.setToolTip(s.note())
        self.setItem(row, 0, defined)
        base = _cell(self._base_text(s, factor), values["base_case"] * factor)
        base.setToolTip(_base_tip(s, money))
        self.setItem(row, 1, base)
        if s.shown:
            for col, key in enumerate(STATS, start=2):
                item = _cell(metric_number(s.metric, values[key] * factor), values[key] * factor)
                item.setToolTip(_interval_tip(s, key, factor))
                self.setItem(row, col, item)
            return
        note = QTableWidgetItem(missing_text(s))
        note.setForeground(Qt.GlobalColor.darkYellow)
        note.setToolTip(s.note())
        self.setItem(row, 2, note)
        for col in range(3, len(COLUMNS)):
            self.setItem(row, col, _cell("", math.nan))
        self.setSpan(row, 2, 1, len(STATS))

    @staticmethod
    def _base_text(s: OutcomeSummary, factor: float) -> str:
        if s.base_case is None:
            return "–"
        text = metric_number(s.metric, s.base_case * factor)
        return f"{text} (P{s.base_case_rank:.0f})" if s.base_case_rank is not None else text

    def notes(self) -> list[str]:
        """What partly defined rows are of (their :meth:`OutcomeSummary.note`)."""
        return [
            s.note()
            for k, s in self.summaries.items()
            if k in self.keys and s.defined < s.paths and not s.deterministic_only
        ]

    def tsv(self) -> str:
        """The whole table as tab-separated text: a header row, then metric, unit, values."""
        lines = ["\t".join(["metric", "unit", *TSV_COLUMNS])]
        for key, unit in zip(self.keys, self.units, strict=True):
            values = row_values(self.summaries[key])
            factor = metric_factor(key, self.money)
            cells = [
                tsv_number(values[c] * (factor if c in ("base_case", *STATS) else 1.0))
                for c in TSV_COLUMNS
            ]
            lines.append("\t".join([metric_label(key), unit, *cells]))
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
        """The full-precision value of a cell in the shown unit (NaN when empty)."""
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


def _base_tip(s: OutcomeSummary, money: Money) -> str:
    value = METRICS[s.metric].text(s.base_case, money)
    if s.base_case_rank is None:
        return f"The base case (the scenario's own value): {value}."
    return (
        f"The base case (the scenario's own value) {value} is the P{s.base_case_rank:.0f} "
        f"of the {s.defined:,} defined paths."
    )


def _interval_tip(s: OutcomeSummary, key: str, factor: float) -> str:
    iv = s.mean if key == "mean" else s.percentiles.get(key)
    if iv is None or not (math.isfinite(iv.low) and math.isfinite(iv.high)):
        return f"Of the {s.defined:,} defined paths."
    low, high = (metric_number(s.metric, v * factor) for v in (iv.low, iv.high))
    return f"95 % interval {low} – {high} ({iv.method}); of the {s.defined:,} defined paths."


def _cell(text: str, value: float) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setData(VALUE, float(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
