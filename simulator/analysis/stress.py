"""Stress test: the run again with one input held to a tail, and how the outputs move.

The stressed run uses the same seed, paths and design as the base run; the stressed
input's coordinate u (after the copula) becomes lo + u (hi - lo), so its value is the
inverse CDF over the probability range [lo, hi] only (yield below its P10: lo = 0,
hi = 0.1), path by path in the same rank order. Every other input keeps its draws
exactly, correlated or not (its own distribution is unchanged). For each metric the
result compares the share of defined paths and the mean, P5, P50 and P95 of the
defined paths (:func:`~simulator.analysis.stats.outcome_summary`, so none below
:data:`~simulator.analysis.stats.MIN_DEFINED` defined paths) and, for NPV, P(NPV > 0).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from simulator.analysis import montecarlo
from simulator.analysis.drivers import driver
from simulator.analysis.montecarlo import MonteCarloResult, Progress
from simulator.analysis.stats import outcome_summary, probability_above
from simulator.errors import ScenarioError
from simulator.model.outputs import SUMMARY_KEYS
from simulator.scenario.uncertainty import Uncertainty
from simulator.scenario.value import Scenario

STRESS_STATISTICS: tuple[str, ...] = ("defined", "mean", "p5", "p50", "p95")


@dataclass(frozen=True)
class Shift:
    """One statistic of one metric in the base and the stressed run (NaN when not shown)."""

    metric: str
    statistic: str
    base: float
    stressed: float

    @property
    def change(self) -> float:
        """stressed - base."""
        return self.stressed - self.base


@dataclass(frozen=True)
class StressResult:
    """The stressed input, its probability range and the values at its ends, both runs,
    and the shifts of every metric's statistics."""

    path: str
    low: float
    high: float
    values: tuple[float, float]
    base: MonteCarloResult
    stressed: MonteCarloResult
    shifts: tuple[Shift, ...]

    def shift(self, metric: str, statistic: str) -> Shift:
        """The shift of one statistic of one metric."""
        for s in self.shifts:
            if s.metric == metric and s.statistic == statistic:
                return s
        raise KeyError((metric, statistic))


def stress(
    s: Scenario,
    path: str,
    low: float = 0.0,
    high: float = 0.1,
    *,
    unc: Uncertainty | None = None,
    paths: int | None = None,
    metrics: Sequence[str] | None = None,
    base: MonteCarloResult | None = None,
    progress: Progress | None = None,
) -> StressResult:
    """Re-run ``s`` with input ``path`` restricted to its probability range [low, high].

    ``base`` reuses a run of the same scenario, seed and paths made with ``stop=False``;
    otherwise one is made. Errors name the input or the range.
    """
    unc = unc or s.uncertainty_or_default
    dist = unc.distribution(path)
    if dist is None:
        raise ScenarioError(path, "is not an uncertain input (give it a distribution first)")
    if not (0.0 <= low < high <= 1.0 and high - low >= 1e-6):
        raise ScenarioError(
            path, f"the stress range must satisfy 0 <= low < high <= 1 (got {low:g} .. {high:g})"
        )
    half = _halves(progress)
    if base is not None and base.paths != base.max_paths:
        raise ValueError("the base run stopped early (precision target); run it with stop=False")
    if base is None:
        base = montecarlo.run(s, paths, unc, progress=half(0), stop=False)
    stressed = montecarlo.run(
        s, base.max_paths, unc, progress=half(1), restrict={path: (low, high)}, stop=False
    )
    d = driver(s, path)
    ends = d.clip(dist.ppf(np.clip([low, high], 1e-12, 1 - 1e-12), d.low, d.high))
    keys = list(metrics) if metrics is not None else [k for k in SUMMARY_KEYS if k in base.metrics]
    shifts = [sh for k in keys for sh in _shifts(base, stressed, k)]
    return StressResult(
        path, low, high, (float(ends[0]), float(ends[1])), base, stressed, tuple(shifts)
    )


def _shifts(base: MonteCarloResult, stressed: MonteCarloResult, metric: str) -> list[Shift]:
    a, b = outcome_summary(base, metric), outcome_summary(stressed, metric)
    out = [Shift(metric, "defined", a.share_defined, b.share_defined)]
    for stat in STRESS_STATISTICS[1:]:
        va = a.stats[stat] if a.stats is not None else math.nan
        vb = b.stats[stat] if b.stats is not None else math.nan
        out.append(Shift(metric, stat, va, vb))
    if metric == "npv":
        pa = probability_above(base.metrics["npv"], 0.0)
        pb = probability_above(stressed.metrics["npv"], 0.0)
        out.append(Shift(metric, "P(> 0)", pa, pb))
    return out


def _halves(progress: Progress | None):
    """Progress callbacks for the two runs, each reporting half of the whole."""

    def make(which: int) -> Progress | None:
        if progress is None:
            return None
        return lambda done, total: progress(which * total + done, 2 * total)

    return make
