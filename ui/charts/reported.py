"""Reported actuals laid out for the charts: model quarter, value, derived flag.

Qt-free: the numbers come from :mod:`simulator.scenario.actuals` (the file's values and
:func:`~simulator.analysis.fit.cumulative` running totals); this module only arranges
them by series so a chart can place them, scaled by its money unit and nothing else.
Keys are the model's column names: the reported columns themselves (``capex``,
``cloud_revenue``, ...) and ``cum_<column>`` for their running totals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.fit import cumulative
from simulator.scenario.actuals import ActualSeries
from simulator.scenario.periods import period_index
from simulator.scenario.value import Scenario

DERIVED_NOTE = "(derived)"


@dataclass(frozen=True)
class Marks:
    """Reported points of one series: model quarters ``t``, ``values`` (bn, the
    scenario's currency) and which are ``derived`` from other reported figures."""

    t: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    values: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    derived: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __len__(self) -> int:
        return int(self.t.size)

    def per_quarter(self, quarters: int, factor: float = 1.0) -> tuple[np.ndarray, list[str]]:
        """(values, notes) over all ``quarters``: NaN and "" where nothing is reported."""
        values = np.full(quarters, np.nan)
        values[self.t] = self.values * factor
        notes = [""] * quarters
        for t in self.t[self.derived]:
            notes[int(t)] = DERIVED_NOTE
        return values, notes


@dataclass(frozen=True)
class Reported:
    """Every reported series of a scenario, by column (and ``cum_<column>``)."""

    marks: Mapping[str, Marks] = field(default_factory=dict)

    def get(self, key: str) -> Marks:
        """The points of ``key``; no points when it is not reported."""
        return self.marks.get(key, Marks())

    def __bool__(self) -> bool:
        return any(len(m) for m in self.marks.values())


NO_REPORTS = Reported()


def reported(s: Scenario) -> Reported:
    """The scenario's actuals inside the modelled quarters (t counts from the first,
    history included), and their running totals from the start (as the model's
    cumulative columns). A running total counts as derived from the first derived
    quarter it includes on.
    """
    marks: dict[str, Marks] = {}
    q = s.history_quarters
    for a in s.actual_series:
        t, values = a.indexes(s.first_period, s.quarters)
        derived = _derived(a, s.first_period, t)
        marks[a.column] = Marks(t, values, derived)
        t_run, running = cumulative(a, s.start, s.plan_quarters)
        run_derived = _derived(a, s.start, t_run)
        marks[f"cum_{a.column}"] = Marks(t_run + q, running, np.logical_or.accumulate(run_derived))
    return Reported(marks)


def _derived(a: ActualSeries, start: str, t: NDArray[np.int64]) -> NDArray[np.bool_]:
    first = period_index(start)
    labels = (f"{(first + i) // 4}Q{(first + i) % 4 + 1}" for i in t)
    return np.array([q in a.derived for q in labels], dtype=bool)
