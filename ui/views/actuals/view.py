"""The **Actuals** tab: the model against the scenario's reported figures.

``actuals`` (the table) lists per series and quarter the reported value (editable;
the Basis column's check box marks a figure derived), the model's value, the error
and the % error, all from :func:`simulator.analysis.fit.fit`, then a MAPE row per series
and the total MAPE over every reported quarter. An edit writes the whole ``actuals``
section with :meth:`ScenarioDocument.set_field` (one undo step); a value the model
refuses shows its :class:`ScenarioError` in ``actuals.error`` and the table goes
back to the value that stands. A blank reported cell removes that quarter. The write
happens just after the edit (the next turn of the event loop).
``chart.fit`` draws model vs reported for the series chosen in ``actuals.series``.
The model's values come from the :class:`~ui.document.projection.Projection` (no
second run). Amounts are in the scenario's own currency, as the file holds them.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced, signals_blocked

from simulator import Result, Scenario, ScenarioError
from simulator.analysis.fit import Fit, fit, total_mape
from ui.charts.fit import FitChart, series_label
from ui.common.format import percent_text, scenario_money
from ui.document.projection import Projection

HEADERS = ("Series", "Quarter", "Reported", "Basis", "Model", "Error", "% error")
REPORTED, BASIS, PCT = 2, 3, 6
NO_ACTUALS = (
    "This scenario's file has no reported figures (no “actuals” section), so there is "
    "nothing to compare the model with. Add reported quarters to the file's “actuals” "
    "section to see them here, as markers on the charts, and to calibrate to them."
)


def number_text(value: float) -> str:
    """A reported figure as typed in a file: up to six significant digits."""
    return f"{value:.6g}"


def money_text(value: float) -> str:
    """A model value or an error, in bn with two decimals."""
    return f"{value:,.2f}"


def parse_reported(text: str) -> Any:
    """Typed text as a number when it reads as one (1,234.5 too); else the text itself,
    for the model to refuse with its own message. None for a blank cell."""
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return text.strip()


class ActualsView(QWidget):
    """The fit table, its summary and sources, and the model-vs-reported chart."""

    def __init__(
        self, document: object, projection: Projection, parent: QWidget | None = None
    ) -> None:
        """Edit ``document``'s actuals; show them against ``projection``'s result."""
        super().__init__(parent)
        self.document, self.projection = document, projection
        self.fits: tuple[Fit, ...] = ()
        self.result: Result | None = None
        self._rows: list[tuple[str, str] | None] = []  # (column, quarter) of each row
        self._pending = True
        self._write_soon = qdebounced(self.write, timeout=0, parent=self)
        self._build()
        projection.changed.connect(self._projection_changed)

    def _build(self) -> None:
        self.summary = _label("actuals.summary")
        self.error = _label("actuals.error")
        self.error.setStyleSheet("color: #c0392b;")
        self.sources = _label("actuals.sources")
        self.sources.setStyleSheet("color: #444;")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("actuals")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._edited)
        self.choice = QComboBox()
        self.choice.setObjectName("actuals.series")
        self.choice.currentIndexChanged.connect(lambda _: self._draw_chart())
        self.chart = FitChart("fit", "Model vs reported")
        self.chart.setMinimumHeight(180)
        self._lay_out()

    def _lay_out(self) -> None:
        right = QWidget()
        chart_box = QVBoxLayout(right)
        chart_box.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Chart the series"))
        pick.addWidget(self.choice, stretch=1)
        chart_box.addLayout(pick)
        chart_box.addWidget(self.chart, stretch=1)
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([330, 220])  # the table first: every row of a short series fits
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(split, stretch=1)
        layout.addWidget(self.sources)
        layout.addStretch()  # takes the room (text at the top) when there is no table

    # --- showing ------------------------------------------------------------------
    def _projection_changed(self) -> None:
        """Show the projection's result: now when the tab is on screen, else when it is
        next shown (edits stay quick)."""
        self._pending = True
        if self.isVisible():
            self._refill()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Catch up with the edits made while the tab was hidden."""
        super().showEvent(event)
        self._refill()

    def _refill(self) -> None:
        if not self._pending:
            return
        scenario, result = self.projection.scenario, self.projection.result
        self._pending = False
        series = scenario.actual_series
        self.result = result
        self.fits = fit(result, series, scenario.first_period)
        self._fill_table(scenario.currency)
        self._fill_choice()
        self._draw_chart()
        self.summary.setText(self._summary_text(scenario, series))
        self.sources.setText(
            "<br>".join(f"<b>{series_label(a.column)}</b>: {_escape(a.source)}" for a in series)
        )
        self.sources.setVisible(bool(series))
        self.split.setVisible(bool(series))

    def _summary_text(self, scenario: Scenario, series: tuple) -> str:
        if not series:
            return NO_ACTUALS
        quarters = sorted({q for f in self.fits for q in f.quarters})
        outside = sum(len(a.quarters) for a in series) - sum(len(f.quarters) for f in self.fits)
        if not quarters:
            return "No reported quarter falls inside the modelled quarters."
        window = f"{quarters[0]}–{quarters[-1]}" if len(quarters) > 1 else quarters[0]
        count = sum(len(f.quarters) for f in self.fits)
        text = (
            f"Total MAPE {percent_text(total_mape(self.fits))} over {count} "
            f"reported quarters ({window}); amounts in bn {scenario.currency}. "
            "Edit a reported value in the table; hollow markers and “derived” mark figures "
            "computed from other reports."
        )
        if outside:
            text += (
                f" {outside} reported quarter(s) before the first modelled quarter or after "
                "the horizon are not shown."
            )
        return text

    def _fill_table(self, currency: str) -> None:
        rows: list[tuple[list[QTableWidgetItem], tuple[str, str] | None]] = []
        for f in self.fits:
            label = series_label(f.column)
            for i, q in enumerate(f.quarters):
                rows.append((_quarter_row(f, i, label), (f.column, q)))
            rows.append((_mape_row(label, f.mape), None))
        if self.fits:
            rows.append((_mape_row("All series", total_mape(self.fits)), None))
        with signals_blocked(self.table):
            self.table.setRowCount(len(rows))
            for r, (items, _) in enumerate(rows):
                for c, item in enumerate(items):
                    self.table.setItem(r, c, item)
        self._rows = [key for _, key in rows]
        self.table.horizontalHeaderItem(REPORTED).setToolTip(f"bn {currency}, as in the file")

    def _fill_choice(self) -> None:
        columns = [f.column for f in self.fits]
        current = [self.choice.itemData(i) for i in range(self.choice.count())]
        if columns != current:
            chosen = self.choice.currentData()
            with signals_blocked(self.choice):
                self.choice.clear()
                for c in columns:
                    self.choice.addItem(series_label(c), c)
                self.choice.setCurrentIndex(max(self.choice.findData(chosen), 0))

    def _draw_chart(self) -> None:
        if self.result is None:
            return
        chosen = self.choice.currentData()
        shown = next((f for f in self.fits if f.column == chosen), None)
        own = scenario_money(self.projection.scenario)
        self.chart.set_fits(self.result, shown, None, own)

    # --- editing ------------------------------------------------------------------
    def _edited(self, item: QTableWidgetItem) -> None:
        """A reported value or its basis changed: write the section (one undo step)."""
        key = self._rows[item.row()] if item.row() < len(self._rows) else None
        if key is None or item.column() not in (REPORTED, BASIS):
            return
        column, quarter = key
        section = copy.deepcopy(self.document.scenario.to_dict()["actuals"])
        spec = section[column]
        derived = [q for q in spec.get("derived", []) if q != quarter]
        if item.column() == REPORTED:
            value = parse_reported(item.text())
            if value is None:
                del spec["values"][quarter]
            else:
                spec["values"][quarter] = value
                derived += [quarter] if quarter in spec.get("derived", []) else []
        elif item.checkState() == Qt.CheckState.Checked:
            derived.append(quarter)
        if derived or "derived" in spec:
            spec["derived"] = derived
        # written once the table's edit is over: the write refills the table, which must
        # not delete the item (or a row with an open editor) inside its own signal
        self._write_soon(section)

    def write(self, section: dict) -> bool:
        """Set the ``actuals`` section in the document; a refusal is shown, not raised."""
        try:
            changed = self.document.set_field("actuals", section)
        except ScenarioError as exc:
            self.error.setText(f"Not applied: {exc}")
            if self.result is not None:  # show the values that stand
                self._fill_table(self.document.scenario.currency)
            return False
        self.error.setText("")
        return changed


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str, value: float | None = None, editable: bool = False) -> QTableWidgetItem:
    """A read-only (or editable) cell; ``value`` kept exact under Qt.UserRole."""
    item = QTableWidgetItem(text)
    if value is not None:
        item.setData(Qt.ItemDataRole.UserRole, float(value))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
    return item


def _quarter_row(f: Fit, i: int, label: str) -> list[QTableWidgetItem]:
    reported = _cell(number_text(f.actual[i]), f.actual[i], editable=True)
    reported.setToolTip("Type a new reported value; leave it blank to remove the quarter.")
    basis = _cell("derived" if f.derived[i] else "reported")
    basis.setFlags(basis.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    basis.setCheckState(Qt.CheckState.Checked if f.derived[i] else Qt.CheckState.Unchecked)
    basis.setToolTip("Checked: computed from other reported figures rather than reported.")
    if f.derived[i]:
        font = QFont()
        font.setItalic(True)
        reported.setFont(font)
    return [
        _cell(label),
        _cell(f.quarters[i]),
        reported,
        basis,
        _cell(money_text(f.model[i]), f.model[i]),
        _cell(money_text(f.error[i]), f.error[i]),
        _cell(percent_text(f.pct_error[i], signed=True), f.pct_error[i]),
    ]


def _mape_row(label: str, mape: float) -> list[QTableWidgetItem]:
    font = QFont()
    font.setBold(True)
    items = [_cell(label), _cell("MAPE"), *(_cell("") for _ in range(4))]
    items.append(_cell(percent_text(mape), mape))
    for item in items:
        item.setFont(font)
    return items
