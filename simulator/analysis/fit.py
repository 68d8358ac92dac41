"""How well a projection fits the reported actuals: per series, per quarter, MAPE."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.model.engine import Result
from simulator.scenario.actuals import ActualSeries
from simulator.scenario.periods import period_index, period_label

FloatArray = NDArray[np.float64]


def cumulative(
    series: ActualSeries, start: str, quarters: int
) -> tuple[NDArray[np.int64], FloatArray]:
    """(t, running total) of a series reported for every quarter from ``start`` on.

    Only the unbroken run of quarters from the first simulated quarter counts (a
    running total over a gap would be wrong); empty when the start is not reported.
    """
    t, v = series.indexes(start, quarters)
    run = 0
    while run < t.size and t[run] == run:
        run += 1
    return t[:run], np.cumsum(v[:run])


@dataclass(frozen=True)
class Fit:
    """Model against actuals for one series, quarter by quarter, inside the horizon."""

    column: str
    quarters: tuple[str, ...]
    actual: FloatArray
    model: FloatArray
    derived: tuple[bool, ...]

    @property
    def error(self) -> FloatArray:
        """model - actual, per quarter."""
        return self.model - self.actual

    @property
    def pct_error(self) -> FloatArray:
        """(model - actual) / |actual|, NaN where the actual is 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.actual != 0, self.error / np.abs(self.actual), np.nan)

    @property
    def mape(self) -> float:
        """Mean absolute percentage error over quarters with a non-zero actual (NaN if none)."""
        pct = self.pct_error[~np.isnan(self.pct_error)]
        return float(np.mean(np.abs(pct))) if pct.size else math.nan


def fit(result: Result, series: tuple[ActualSeries, ...], first: str) -> tuple[Fit, ...]:
    """The fit of a one-scenario result to each series, quarters in the modelled window
    (``first`` the first modelled quarter)."""
    out = []
    quarters = len(next(iter(result.columns.values())))
    origin = period_index(first)
    for a in series:
        t, v = a.indexes(first, quarters)
        labels = tuple(period_label(origin + int(i)) for i in t)
        model = np.asarray(result.columns[a.column], dtype=float)[t]
        out.append(Fit(a.column, labels, v, model, tuple(q in a.derived for q in labels)))
    return tuple(out)


def total_mape(fits: tuple[Fit, ...]) -> float:
    """MAPE over every fitted quarter of every series (NaN when none)."""
    pct = np.concatenate([f.pct_error for f in fits]) if fits else np.array([])
    pct = pct[~np.isnan(pct)]
    return float(np.mean(np.abs(pct))) if pct.size else math.nan
