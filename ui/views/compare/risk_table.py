"""The Compare tab's Monte Carlo figures, honestly, one row per scenario.

What ran, P(NPV > 0) and P(IRR > discount rate) with their 95% intervals, the NPV's
P50 of the paths and the base case's rank among them, and the share of paths that
pay back within the horizon. A scenario whose inputs do not vary shows "no uncertain
inputs — deterministic" across the probability columns instead of 0 % or 100 %.
Everything is computed in the worker (:class:`CompareRun`); the table only formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from simulator.analysis.convergence import Interval
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import DETERMINISTIC, OutcomeSummary, probabilities, statistics_table
from simulator.units import Money
from ui.charts.overlay import scenario_color
from ui.common.format import metric_text
from ui.views.compare.units import swatch
from ui.views.uncertainty.text import (
    defined_text,
    design_text,
    probability_cell,
)

SUMMARY_METRICS = ("npv", "irr", "payback_years")
COLUMNS = (
    "Paths run",
    "P(NPV > 0)",
    "P(IRR > discount rate)",
    "NPV P50",
    "Base case NPV",
    "Pays back within horizon",
)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, eq=False)
class CompareRun:
    """One scenario's run, its honest summaries and probabilities (None: deterministic)."""

    mc: MonteCarloResult
    summaries: dict[str, OutcomeSummary]
    probabilities: dict[str, Interval] | None


def summarise(mc: MonteCarloResult) -> CompareRun:
    """The figures of :data:`COLUMNS` for ``mc`` (in the worker)."""
    return CompareRun(mc, statistics_table(mc, SUMMARY_METRICS), probabilities(mc, ()))


def row_texts(run: CompareRun, money: Money) -> list[str]:
    """The cells of one scenario's row."""
    npv = run.summaries["npv"]
    payback = run.summaries["payback_years"]
    p50 = metric_text("npv", npv.stats["p50"], money) if npv.stats is not None else "–"
    base = metric_text("npv", npv.base_case, money)
    if npv.base_case_rank is not None:
        base += f" (P{npv.base_case_rank:.0f})"
    pays = defined_text(payback, short=True)
    probs = run.probabilities
    if probs is None:
        return [design_text(run.mc), DETERMINISTIC, "", "–", base, pays]
    return [
        design_text(run.mc),
        probability_cell(probs["P(NPV > 0)"]),
        probability_cell(probs["P(IRR > discount rate)"]),
        p50,
        base,
        pays,
    ]


class CompareRiskTable(QTableWidget):
    """One row per scenario (its colour, shown name) and :data:`COLUMNS`."""

    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setObjectName("compare.mc_table")
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setDefaultSectionSize(22)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setToolTip(
            "In brackets: the 95 % interval of a probability; the base case's percentile "
            "rank among the paths. Statistics are of the paths where the outcome is defined."
        )

    def show_runs(self, names: Sequence[str], runs: Sequence[CompareRun], money: Money) -> None:
        """Fill one row per run."""
        self.clearSpans()
        self.setRowCount(len(runs))
        self.setVerticalHeaderLabels(list(names))
        for row, run in enumerate(runs):
            self.verticalHeaderItem(row).setIcon(swatch(scenario_color(row)))
            for col, text in enumerate(row_texts(run, money)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(RIGHT if col else Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, col, item)
            if run.probabilities is None:
                self.item(row, 1).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setSpan(row, 1, 1, 2)
        height = self.horizontalHeader().height() + 22 * len(runs) + 2 * self.frameWidth() + 4
        self.setMaximumHeight(height + self.horizontalScrollBar().sizeHint().height())
