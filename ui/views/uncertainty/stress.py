"""The stress test: the run again with one input held to a tail, and how outputs shift.

``risk.stress.input`` picks an uncertain input, ``risk.stress.tail`` a probability range
of it (below its P10, above its P90, ...; ``risk.stress.low``/``.high`` in % for any
other), ``risk.stress.run`` runs :func:`simulator.analysis.stress.stress` in a worker
(same seed, paths and design; every other input keeps its draws) with progress and
cancel. ``risk.stress.table`` lists, per output, the base and stressed defined share,
mean, P5, P50 and P95 (of the defined paths, none below 100) and P(NPV > 0).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.analysis.stress import StressResult
from simulator.units import Money
from ui.common.format import (
    driver_shown,
    metric_delta_text,
    metric_label,
    metric_text,
    percent_text,
)
from ui.common.widgets import named_button, progress_bar

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TAILS = (
    ("below its P10", (0.0, 0.1)),
    ("below its P25", (0.0, 0.25)),
    ("above its P75", (0.75, 1.0)),
    ("above its P90", (0.9, 1.0)),
    ("between its P40 and P60", (0.4, 0.6)),
    ("custom range", None),
)
STRESS_METRICS: dict[str, tuple[str, ...]] = {
    "npv": ("mean", "p5", "p50", "p95", "P(> 0)"),
    "irr": ("defined", "mean", "p50"),
    "payback_years": ("defined", "mean", "p50"),
    "peak_funding": ("mean", "p50"),
    "cum_program_revenue": ("mean", "p50"),
}
"""The outputs the table shows and which of their statistics."""
STAT_NAMES = {"defined": "defined share", "mean": "mean", "p5": "P5", "p50": "P50 (median)"}
STAT_NAMES |= {"p95": "P95", "P(> 0)": "P(NPV > 0)"}


def shift_texts(key: str, stat: str, base: float, stressed: float, money: Money) -> list[str]:
    """Base, stressed and change of one statistic as shown (shares in %, changes in pp)."""
    if stat in ("defined", "P(> 0)"):
        change = (stressed - base) * 100
        delta = f"{change:+.1f} pp" if math.isfinite(change) else "–"
        return [percent_text(base), percent_text(stressed), delta]
    shown = [metric_text(key, v, money) if math.isfinite(v) else "–" for v in (base, stressed)]
    return [*shown, metric_delta_text(key, stressed - base, money)]


class StressPanel(QWidget):
    """Input and tail choosers, Run/progress/Cancel, the result table.

    ``requested(path, (low, high))`` asks for a stress test.
    """

    requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.input = QComboBox()
        self.input.setObjectName("risk.stress.input")
        self.input.setToolTip("The uncertain input held to a tail of its distribution.")
        self.tail = QComboBox()
        self.tail.setObjectName("risk.stress.tail")
        for text, span in TAILS:
            self.tail.addItem(text, span)
        self.low = _percent("risk.stress.low", "Lower end of the range, as a percentile.")
        self.high = _percent("risk.stress.high", "Upper end of the range, as a percentile.")
        self.run_button = named_button("risk.stress.run", "Run stress test", self._run)
        self.cancel_button = named_button("risk.stress.cancel", "Cancel", None)
        self.cancel_button.setEnabled(False)
        self.progress = progress_bar("risk.stress.progress")
        self.status = QLabel(
            "Re-runs the Monte Carlo with one input restricted to a tail of its distribution "
            "(same seed and paths; every other input keeps its draws) and shows how the "
            "outputs move."
        )
        self.status.setObjectName("risk.stress.status")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("risk.stress.table")
        self.table.setHorizontalHeaderLabels(["Output", "Statistic", "Base", "Stressed", "Change"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # never elided
        self.tail.currentIndexChanged.connect(lambda _: self._tail_chosen())
        self._lay_out()
        self._tail_chosen()

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        for w in (QLabel("Hold"), self.input, self.tail, self.low, QLabel("–"), self.high):
            row.addWidget(w)
        self.custom = row.itemAt(row.count() - 2).widget()  # the dash between low and high
        row.addWidget(self.run_button)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, stretch=1)

    def set_inputs(self, paths: list[str], names: Callable[[str], str]) -> None:
        """Offer the uncertain inputs ``paths`` (keeping the choice where it still exists)."""
        chosen = self.input.currentData()
        self.input.clear()
        for path in sorted(paths, key=names):
            self.input.addItem(names(path), path)
        index = self.input.findData(chosen)
        self.input.setCurrentIndex(max(index, 0))
        self.run_button.setEnabled(bool(paths))

    def span(self) -> tuple[float, float]:
        """The probability range chosen (0..1)."""
        preset = self.tail.currentData()
        if preset is not None:
            return tuple(preset)  # type: ignore[return-value]
        return self.low.value() / 100.0, self.high.value() / 100.0

    def _tail_chosen(self) -> None:
        custom = self.tail.currentData() is None
        for w in (self.low, self.custom, self.high):
            w.setVisible(custom)

    def _run(self) -> None:
        path = self.input.currentData()
        if path:
            self.requested.emit(path, self.span())

    def set_busy(self, busy: bool) -> None:
        """Enable Cancel while running, Run otherwise; the progress bar only then."""
        self.run_button.setEnabled(not busy and self.input.count() > 0)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)

    def show_result(
        self, result: StressResult, name: str, money: Money, own: Money | None = None
    ) -> None:
        """Fill the table with ``result`` (the stressed input called ``name``; outputs in
        ``money``, the input in its scenario's own money ``own``)."""
        rows = [
            (key, stat)
            for key, stats in STRESS_METRICS.items()
            for stat in stats
            if key in result.base.metrics
        ]
        self.table.setRowCount(len(rows))
        for r, (key, stat) in enumerate(rows):
            shift = result.shift(key, stat)
            cells = [metric_label(key), STAT_NAMES.get(stat, stat)]
            cells += shift_texts(key, stat, shift.base, shift.stressed, money)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(r, c, item)
        units = driver_shown(result.path, own or money, 2)
        low, high = (units.text(v) for v in result.values)
        self.status.setText(
            f"{name} held to P{100 * result.low:g}–P{100 * result.high:g} of its distribution "
            f"({low} to {high}), {result.stressed.paths:,} paths, seed {result.stressed.seed}. "
            "Statistics are of the defined paths; '–' where fewer than 100 are defined."
        )


def _percent(name: str, tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setRange(0.0, 100.0)
    box.setDecimals(1)
    box.setSuffix(" %")
    box.setToolTip(tip)
    box.setValue(0.0 if name.endswith("low") else 10.0)
    return box
