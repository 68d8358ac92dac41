"""The headline of a Monte Carlo run, honestly: probabilities with their 95% intervals,
the share of paths where an outcome exists at all, and where the base case ranks.

``risk.prob.npv``, ``risk.prob.irr`` and ``risk.prob.payback`` (with ``risk.payback_years``)
come from :func:`simulator.analysis.stats.probabilities`; a run whose inputs do not vary
shows "no uncertain inputs — deterministic" there instead, never a probability.
``risk.defined`` gives the defined share of the outcomes that may not exist ("pays
back within the horizon: 3.2 % of paths") and the base case's percentile rank
("the base case (−101.6 bn CNY) is the P80 of NPV"), from the statistics table the
worker computed (:func:`simulator.analysis.stats.outcome_summary`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSpinBox, QWidget

from simulator.analysis.convergence import Interval
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import (
    DETERMINISTIC,
    OutcomeSummary,
    probabilities,
    probability_statistics,
)
from simulator.units import Money
from ui.common.format import percent_text
from ui.views.uncertainty.text import base_case_text, interval_ends

DEFAULT_PAYBACK_YEARS = 6
DEFINED_PHRASES = {
    "payback_years": "Pays back within the horizon",
    "discounted_payback_years": "Discounted payback within the horizon",
    "irr": "Has an IRR",
    "revenue_crossover_years": "Revenue crosses over within the horizon",
}
"""How the defined share of an outcome that may not exist is said, in this order."""
INTERVAL_TIP = "In brackets: the 95 % interval of the estimate (its Monte Carlo error)."


def probability_text(label: str, iv: Interval) -> str:
    """``P(NPV > 0) = 0.5 % (0.4 – 0.7)``: the estimate and its 95% interval in %."""
    head = f"{label} = {percent_text(iv.estimate)}"
    if not (math.isfinite(iv.low) and math.isfinite(iv.high)):
        return head
    return f"{head} ({interval_ends(100 * iv.low, 100 * iv.high)})"


def defined_line(table: dict[str, OutcomeSummary], money: Money | None = None) -> str:
    """The defined share of each outcome that is undefined on some path, then the base
    case's rank of NPV where it differs from the median ('' when there is nothing)."""
    parts = []
    for key, phrase in DEFINED_PHRASES.items():
        s = table.get(key)
        if s is None or s.defined == s.paths:
            continue
        share = f"{percent_text(s.share_defined)} of paths ({s.defined:,} of {s.paths:,})"
        if not s.shown:
            share += f", too few for statistics (< {s.minimum})"
        parts.append(f"{phrase}: {share}")
    npv = table.get("npv")
    if npv is not None:
        rank = base_case_text(npv, money)
        if rank:
            parts.append(rank[:1].upper() + rank[1:])
    return " · ".join(parts)


class RunSummary(QWidget):
    """Headline probabilities, defined shares and the base case's rank of one run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mc: MonteCarloResult | None = None
        self.prob_npv = _label("risk.prob.npv", "Share of paths whose NPV is above 0.")
        self.prob_irr = _label(
            "risk.prob.irr", "Share of paths whose IRR beats that path's discount rate."
        )
        self.prob_payback = _label(
            "risk.prob.payback", "Share of paths whose cumulative FCF turns non-negative in time."
        )
        self.payback_years = QSpinBox()
        self.payback_years.setObjectName("risk.payback_years")
        self.payback_years.setRange(1, 50)
        self.payback_years.setValue(DEFAULT_PAYBACK_YEARS)
        self.payback_years.setSuffix(" years")
        self.payback_years.setToolTip("N of P(payback ≤ N years).")
        self.payback_years.valueChanged.connect(lambda _: self._show_probabilities())
        self.within = QLabel("Payback within")
        self.defined = QLabel()
        self.defined.setObjectName("risk.defined")
        self.defined.setWordWrap(True)
        self.defined.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.defined.setToolTip(
            "Statistics of an outcome that does not exist on every path (a payback that "
            "never comes) are of the paths where it does; below 100 such paths there are none."
        )
        payback = QHBoxLayout()
        payback.setContentsMargins(0, 0, 0, 0)
        for w in (self.within, self.payback_years, self.prob_payback):
            payback.addWidget(w)
        payback.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.prob_npv, 0, 0)
        grid.addWidget(self.prob_irr, 0, 1)
        grid.addLayout(payback, 1, 0, 1, 2)
        grid.addWidget(self.defined, 2, 0, 1, 3)
        grid.setColumnStretch(2, 1)

    def set_result(
        self, mc: MonteCarloResult, table: dict[str, OutcomeSummary], money: Money
    ) -> None:
        """Show ``mc``'s headline; ``table`` is its statistics table (from the worker)."""
        self.mc = mc
        self._show_probabilities()
        text = DETERMINISTIC.capitalize() if mc.deterministic_only else ""
        self.defined.setText(
            f"{text}: every path is the base case, so no probabilities or statistics."
            if text
            else defined_line(table, money)
        )
        self.defined.setVisible(bool(self.defined.text()))

    def _show_probabilities(self) -> None:
        mc = self.mc
        if mc is None:
            return
        n = self.payback_years.value()
        probs = probabilities(mc, [n])
        deterministic = probs is None
        for w in (self.prob_irr, self.within, self.payback_years, self.prob_payback):
            w.setVisible(not deterministic)
        if probs is None:
            self.prob_npv.setText(DETERMINISTIC.capitalize())
            return
        labels = list(probability_statistics([n]))
        self.prob_npv.setText(probability_text("P(NPV > 0)", probs[labels[0]]))
        self.prob_irr.setText(probability_text("P(IRR > discount rate)", probs[labels[1]]))
        self.prob_payback.setText(probability_text(f"P(payback ≤ {n} years)", probs[labels[2]]))


def _label(name: str, tip: str) -> QLabel:
    label = QLabel("–")
    label.setObjectName(name)
    label.setToolTip(f"{tip}\n{INTERVAL_TIP}")
    label.setStyleSheet("font-weight: 600; padding-right: 14px;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
