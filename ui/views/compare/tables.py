"""The comparison's tables: KPIs per scenario with differences, and the input diff.

Both are read-only QTableWidgets whose cells show the model's numbers formatted by
the model's tables: metrics as the KPI strip shows them (metric table), assumptions
in their fields' units (field table: ``24.75 %``, not ``0.2475``); Ctrl+C copies the
selection (or the whole table) as tab-separated text with full precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QApplication, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from simulator.analysis.compare import Difference, KpiRow
from simulator.units import Money
from ui.common.format import (
    assumption_label,
    axis_label,
    metric_cell,
    metric_delta_cell,
    no_spend,
    value_text,
)

_DIFF_BG = QColor("#fdebd0")


class CopyableTable(QTableWidget):
    """A read-only table whose Ctrl+C copies tab-separated text (raw values kept)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        # every column in view, each as wide as its cells want (a long text wrapped at
        # its spaces), the spare or missing width shared by them (fit_columns); long
        # names elided in the middle (their ends tell one plan's variants apart)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    MIN_LABELS = 150
    """The row names' least width (in pixels) when the columns want more than there is."""

    WRAP_LINES = 3
    """A cell's text may wrap onto this many lines before its column asks for more."""

    def _wanted(self, col: int) -> tuple[int, int]:
        """The widths column ``col`` asks for: for its cells (each text wrapped at its
        spaces onto up to :attr:`WRAP_LINES` lines), and for its header (elided if need
        be)."""
        metrics = self.fontMetrics()
        head = self.horizontalHeaderItem(col)
        header = metrics.horizontalAdvance(head.text() if head else "") + 28  # swatch
        cells = 0
        for row in range(self.rowCount()):
            item = self.item(row, col)
            text = item.text() if item else ""
            whole = metrics.horizontalAdvance(text)
            word = max((metrics.horizontalAdvance(w) for w in text.split()), default=0)
            cells = max(cells, max(word, whole // self.WRAP_LINES) + 12)
        return cells, max(cells, header)

    def fit_columns(self) -> None:
        """Share the viewport's width among the columns: each gets what its cells ask
        first, then what its header asks, then the spare width in proportion."""
        wants = [self._wanted(c) for c in range(self.columnCount())]
        cells = [c for c, _ in wants]
        full = [h for _, h in wants]
        # the row names give up width first (elided, whole in their tooltips)
        labels = self.verticalHeader()
        frame = self.width() - self.viewport().width() - labels.width()
        spare = self.width() - frame - sum(full)
        labels.setMaximumWidth(max(min(labels.sizeHint().width(), spare), self.MIN_LABELS))
        self.updateGeometries()
        room = self.viewport().width()
        if not wants or room <= 0:
            return
        if sum(full) <= room:  # all asked for, the rest in proportion
            widths = [w * room / sum(full) for w in full]
        elif sum(cells) <= room:  # the cells whole, the headers share what is left
            extra = [h - c for c, h in wants]
            share = (room - sum(cells)) / (sum(extra) or 1)
            widths = [c + e * share for c, e in zip(cells, extra, strict=True)]
        else:
            widths = [c * room / sum(cells) for c in cells]
        header = self.horizontalHeader()
        edges = [round(sum(widths[: i + 1])) for i in range(len(widths))]
        for c, (left, right) in enumerate(zip([0, *edges[:-1]], edges, strict=True)):
            header.resizeSection(c, right - left)
        self.resizeRowsToContents()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        """Refit the columns to the new width."""
        super().resizeEvent(event)
        self.fit_columns()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        """Ctrl+C copies; other keys as usual."""
        if event.matches(QKeySequence.StandardKey.Copy):
            QApplication.clipboard().setText(self.tsv())
            return
        super().keyPressEvent(event)

    def tsv(self) -> str:
        """The selected cells (all when none) with headers, as tab-separated text."""
        rows = sorted({i.row() for i in self.selectedIndexes()}) or range(self.rowCount())
        head = [""] + [self.horizontalHeaderItem(c).text() for c in range(self.columnCount())]
        lines = ["\t".join(head)]
        for r in rows:
            cells = [self.verticalHeaderItem(r).text()]
            cells += [self._raw(r, c) for c in range(self.columnCount())]
            lines.append("\t".join(cells))
        return "\n".join(lines) + "\n"

    def _raw(self, row: int, col: int) -> str:
        item = self.item(row, col)
        if item is None:
            return ""
        raw = item.data(Qt.ItemDataRole.UserRole)
        return item.text() if raw is None else repr(raw)

    def fill(self, rows: list[str], columns: list[str], cells: list[list[tuple[str, Any]]]) -> None:
        """Set headers and (text, raw value) cells; raw values are what Ctrl+C copies."""
        self.clear()
        self.setRowCount(len(rows))
        self.setColumnCount(len(columns))
        self.setVerticalHeaderLabels(rows)
        for r, label in enumerate(rows):
            self.verticalHeaderItem(r).setToolTip(label)
        self.setHorizontalHeaderLabels(columns)
        for r, row in enumerate(cells):
            for c, (text, raw) in enumerate(row):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, raw)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(text)
                self.setItem(r, c, item)
        for c, title in enumerate(columns):
            self.horizontalHeaderItem(c).setToolTip(title)
        self.fit_columns()


class KpiTable(CopyableTable):
    """``compare.kpis``: one column per scenario, then the difference to the first; each
    row names its unit (``NPV (bn CNY)``), so the cells hold numbers and fit narrow
    columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("compare.kpis", parent)

    def show_rows(self, names: Sequence[str], rows: Sequence[KpiRow], money: Money) -> None:
        """Fill from :func:`simulator.analysis.compare.kpi_table` rows."""
        columns = [*names, *(f"{n} − {names[0]}" for n in names[1:])]
        capex = next((r.values for r in rows if r.key == "total_capex"), (None,) * len(names))
        cells = [
            [(metric_cell(r.key, v, money, c), v) for v, c in zip(r.values, capex, strict=True)]
            + [
                (
                    "–"
                    if no_spend(r.key, capex[0]) or no_spend(r.key, c)
                    else metric_delta_cell(r.key, d, money),
                    d,
                )
                for d, c in zip(r.differences, capex[1:], strict=True)
            ]
            for r in rows
        ]
        self.fill([axis_label(r.key, money) for r in rows], columns, cells)


class InputDiffTable(CopyableTable):
    """``compare.inputs``: only the assumptions that differ from the first scenario."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("compare.inputs", parent)

    def show_diffs(
        self,
        names: Sequence[str],
        diffs: Sequence[Sequence[Difference]],
        moneys: Sequence[Money] | None = None,
        categories: Sequence[str] = (),
    ) -> None:
        """``diffs[i]`` is input_diff(first, scenario i + 1); rows are the union of paths.
        Amounts are in each scenario's own money (``moneys``, one per scenario); a
        category's row is named after it (``categories``: the first scenario's names)."""
        moneys = list(moneys or [Money()] * len(names))
        paths = list(dict.fromkeys(d.path for ds in diffs for d in ds))
        first = {d.path: d.first for ds in diffs for d in ds}
        by_scenario = [{d.path: d.second for d in ds} for ds in diffs]
        cells = []
        for path in paths:
            row = [(value_text(path, first[path], moneys[0]), first[path])]
            for seen, money in zip(by_scenario, moneys[1:], strict=True):
                value = seen.get(path, first[path])
                row.append((value_text(path, value, money), value))
            cells.append(row)
        self.fill([assumption_label(p, categories) for p in paths], list(names), cells)
        for r in range(self.rowCount()):
            for c in range(1, self.columnCount()):
                if by_scenario[c - 1].get(paths[r]) is not None:
                    self.item(r, c).setBackground(_DIFF_BG)
