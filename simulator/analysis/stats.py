"""Statistics of Monte Carlo samples: percentiles, summaries, probabilities.

Metrics may be NaN where undefined (an IRR that does not exist, a payback that never
comes). Summaries are of the defined values and say what share that is; a payback
that never comes counts as later than any horizon in probabilities.

The honest forms for people (:func:`outcome_summary`, :func:`probabilities`,
:func:`base_case_rank`) treat undefined outcomes as a category of their own: the
share defined comes first, statistics are of the defined paths and say how many they
are, and below :data:`MIN_DEFINED` defined paths there are none, only the count. A
run whose inputs do not vary (``deterministic_only``) has no probabilities and no
statistics. All are pure functions of a finished run, safe off the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.analysis import convergence
from simulator.analysis.cancel import Progress, RunCancelledError
from simulator.analysis.convergence import Interval
from simulator.model.outputs import METRICS
from simulator.scenario.uncertainty import Statistic

if TYPE_CHECKING:
    from simulator.analysis.montecarlo import MonteCarloResult

FloatArray = NDArray[np.float64]

DETERMINISTIC = "no uncertain inputs — deterministic"
"""What a run whose inputs do not vary shows in place of any probability or statistic."""

MIN_DEFINED = 100
"""The fewest defined paths a statistic (mean, percentile, rank) is computed from."""

SUMMARY_PERCENTILES: tuple[float, ...] = (5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0)
STAT_COLUMNS: tuple[str, ...] = (
    "mean",
    "sd",
    "min",
    *(f"p{q:g}" for q in SUMMARY_PERCENTILES),
    "max",
    "defined",
)
"""Columns of :func:`summarize`, in table order; ``defined`` is the share of non-NaN paths."""


def percentiles(values: ArrayLike, q: Sequence[float]) -> FloatArray:
    """Linear-interpolated percentiles ``q`` (0..100) over axis 0: (len(q), ...).

    numpy's default ("linear") definition, computed by one partition at the needed
    order statistics along a contiguous axis (several times faster than
    ``np.percentile`` over axis 0 of (N, T)).

    >>> percentiles([1.0, 2.0, 3.0, 4.0], [0, 50, 100]).tolist()
    [1.0, 2.5, 4.0]
    """
    x = np.asarray(values, dtype=float)
    pos = np.asarray(q, dtype=float) / 100.0 * (x.shape[0] - 1)
    lower = np.floor(pos).astype(np.int64)
    upper = np.minimum(lower + 1, x.shape[0] - 1)
    frac = pos - lower
    if np.isnan(x).any():  # NaN sorts last: a full sort keeps numpy's placement
        ordered = np.sort(x.T, axis=-1)
    else:
        kth = np.unique(np.concatenate([lower, upper]))
        ordered = np.partition(np.ascontiguousarray(x.T), kth, axis=-1)  # (..., N)
    lo, hi = ordered[..., lower], ordered[..., upper]
    return np.moveaxis(lo + (hi - lo) * frac, -1, 0)


@dataclass(frozen=True)
class Summary:
    """Statistics of one sample, keyed as :data:`STAT_COLUMNS` (NaN when none defined)."""

    values: dict[str, float]

    def __getitem__(self, key: str) -> float:
        return self.values[key]


def summarize(sample: ArrayLike) -> Summary:
    """Mean, sd (n-1), min, percentiles, max of the defined values, and their share."""
    x = np.asarray(sample, dtype=float)
    ok = x[~np.isnan(x)]
    out = {"defined": ok.size / x.size if x.size else 0.0}
    if ok.size == 0:
        return Summary({k: (out["defined"] if k == "defined" else np.nan) for k in STAT_COLUMNS})
    qs = _partition_percentiles(ok, SUMMARY_PERCENTILES)
    out |= _mean_sd(ok)
    out |= {"min": float(ok.min()), "max": float(ok.max())}
    out |= {f"p{q:g}": float(v) for q, v in zip(SUMMARY_PERCENTILES, qs, strict=True)}
    return Summary({k: out[k] for k in STAT_COLUMNS})


def _partition_percentiles(ok: FloatArray, q: Sequence[float]) -> FloatArray:
    """:func:`percentiles` of a 1-D sample by one partition (O(n), no full sort)."""
    pos = np.asarray(q, dtype=float) / 100.0 * (ok.size - 1)
    lower = np.floor(pos).astype(np.int64)
    upper = np.minimum(lower + 1, ok.size - 1)
    part = np.partition(ok, np.unique(np.concatenate([lower, upper])))
    lo, hi, frac = part[lower], part[upper], pos - lower
    with np.errstate(over="ignore", invalid="ignore"):
        out = lo + (hi - lo) * frac
    bad = ~np.isfinite(out)  # hi - lo overflowed (values near +-1e308)
    out[bad] = lo[bad] * (1.0 - frac[bad]) + hi[bad] * frac[bad]
    return out


def _mean_sd(ok: FloatArray) -> dict[str, float]:
    """Mean and sd (n-1) of finite values; huge ones are scaled first, so neither
    overflows to infinity (an sd beyond the largest float, of values spread from
    -1.7e308 to 1.7e308, is ``nan``: not representable)."""
    with np.errstate(over="ignore", invalid="ignore"):
        mean = float(ok.mean())
        sd = float(ok.std(ddof=1)) if ok.size > 1 else 0.0
    if math.isfinite(mean) and math.isfinite(sd):
        return {"mean": mean, "sd": sd}
    scale = float(np.abs(ok).max())
    unit = ok / scale
    with np.errstate(over="ignore"):
        mean = float(unit.mean()) * scale
        sd = float(unit.std(ddof=1)) * scale if ok.size > 1 else 0.0
    return {"mean": mean, "sd": sd if math.isfinite(sd) else math.nan}


def probability_above(sample: ArrayLike, threshold: ArrayLike) -> float:
    """P(value > threshold); NaN (undefined) counts as not above."""
    x = np.asarray(sample, dtype=float)
    return float(np.mean(x > threshold)) if x.size else float("nan")


def probability_at_most(sample: ArrayLike, threshold: float) -> float:
    """P(value <= threshold); NaN (e.g. never paid back) counts as not within."""
    x = np.asarray(sample, dtype=float)
    return float(np.mean(x <= threshold)) if x.size else float("nan")


def split_at(sample: ArrayLike, x: float) -> tuple[float, float]:
    """(P(value <= x), P(value > x)) among the defined values, for a histogram cursor."""
    v = np.asarray(sample, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return float("nan"), float("nan")
    left = float(np.mean(v <= x))
    return left, 1.0 - left


def histogram(
    sample: ArrayLike, bins: int = 60, span: tuple[float, float] | None = None
) -> tuple[FloatArray, FloatArray]:
    """(counts as probabilities (bins,), edges (bins+1,)) of the defined values.

    The bins cover ``span`` (low, high) when given, else the values' min to max.
    """
    v = np.asarray(sample, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return np.zeros(bins), np.linspace(0.0, 1.0, bins + 1)
    lo, hi = span if span is not None else (float(v.min()), float(v.max()))
    if hi - lo < 1e-12 * max(1.0, abs(lo)):
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(v, bins=bins, range=(lo, hi))
    return counts / v.size, edges


def headline_probabilities(
    metrics: dict[str, FloatArray], payback_years: Sequence[float]
) -> dict[str, float]:
    """P(NPV > 0), P(IRR > discount rate) per path, P(payback <= N) for each N."""
    out = {
        "P(NPV > 0)": probability_above(metrics["npv"], 0.0),
        "P(IRR > discount rate)": probability_above(metrics["irr"], metrics["discount_rate"]),
    }
    for n in payback_years:
        out[f"P(payback <= {n:g} years)"] = probability_at_most(metrics["payback_years"], n)
    return out


@dataclass(frozen=True)
class OutcomeSummary:
    """One metric of a run for people: the defined share first, then statistics.

    ``defined`` of ``paths`` paths have a value (``undefined_label`` names the rest,
    e.g. "never within horizon"). ``stats`` (of the defined paths only) and the 95%
    intervals ``mean`` and ``percentiles`` ("p5".."p95") are None / empty when fewer
    than ``minimum`` paths are defined or the run is ``deterministic_only``.
    ``base_case`` is the scenario's own value, ``base_case_rank`` its percentile rank
    among the defined paths (see :func:`base_case_rank`).
    """

    metric: str
    paths: int
    defined: int
    share_defined: float
    undefined_label: str
    deterministic_only: bool
    minimum: int
    stats: Summary | None = None
    mean: Interval | None = None
    percentiles: dict[str, Interval] = field(default_factory=dict)
    base_case: float | None = None
    base_case_rank: float | None = None

    @property
    def shown(self) -> bool:
        """Whether statistics may be shown (enough defined paths, inputs that vary)."""
        return self.stats is not None

    def note(self) -> str:
        """One line saying what the statistics are of, or why there are none."""
        label = METRICS[self.metric].label if self.metric in METRICS else self.metric
        if self.deterministic_only:
            return f"{label}: {DETERMINISTIC}"
        share = f"{self.share_defined:.1%} of paths ({self.defined:,} of {self.paths:,})"
        if self.defined == self.paths:
            head = f"{label}: defined on every path ({self.paths:,})"
        else:
            head = f"{label}: defined on {share}; {self.undefined_label} on the rest"
        if not self.shown:
            return f"{head}; too few ({self.defined:,} < {self.minimum}) for statistics"
        if self.defined == self.paths:
            return head
        return f"{head}; statistics are of the {self.defined:,} defined paths"


def outcome_summary(
    mc: MonteCarloResult, metric: str, minimum: int = MIN_DEFINED
) -> OutcomeSummary:
    """``metric`` of a finished run as an :class:`OutcomeSummary` (a pure function)."""
    x = np.asarray(mc.metrics[metric], dtype=float)
    defined = int(np.count_nonzero(~np.isnan(x)))
    info = METRICS.get(metric)
    base = _base_value(mc, metric)
    head = OutcomeSummary(
        metric=metric,
        paths=int(x.size),
        defined=defined,
        share_defined=defined / x.size if x.size else 0.0,
        undefined_label=info.undefined if info else "undefined",
        deterministic_only=mc.deterministic_only,
        minimum=minimum,
        base_case=base,
    )
    if mc.deterministic_only or defined < minimum:
        return head
    intervals = {
        f"p{q:g}": convergence.interval_of(mc, Statistic("percentile", metric, q=q))
        for q in SUMMARY_PERCENTILES
    }
    return replace(
        head,
        stats=summarize(x),
        mean=convergence.interval_of(mc, Statistic("mean", metric)),
        percentiles=intervals,
        base_case_rank=base_case_rank(mc, metric, minimum),
    )


def _base_value(mc: MonteCarloResult, metric: str) -> float | None:
    value = mc.deterministic.metrics.get(metric)
    if value is None or not math.isfinite(float(value)):
        return None
    return float(value)


def base_case_rank(mc: MonteCarloResult, metric: str, minimum: int = MIN_DEFINED) -> float | None:
    """The deterministic case's percentile rank among the defined paths ("the base case
    is the P28"): 100 (#{x < d} + #{x = d} / 2) / n over the n defined values x, d the
    scenario's own value. None when d is undefined, fewer than ``minimum`` paths are
    defined, or the run is deterministic only."""
    d = _base_value(mc, metric)
    x = np.asarray(mc.metrics[metric], dtype=float)
    ok = x[~np.isnan(x)]
    if d is None or mc.deterministic_only or ok.size < minimum:
        return None
    below = np.count_nonzero(ok < d)
    equal = np.count_nonzero(ok == d)
    return 100.0 * (below + equal / 2) / ok.size


def probability_statistics(payback_years: Sequence[float]) -> dict[str, Statistic]:
    """The headline probabilities as statistics, labelled as :func:`headline_probabilities`."""
    out = {
        "P(NPV > 0)": Statistic("above", "npv", threshold=0.0),
        "P(IRR > discount rate)": Statistic("above", "irr", against="discount_rate"),
    }
    for n in payback_years:
        out[f"P(payback <= {n:g} years)"] = Statistic("at_most", "payback_years", threshold=n)
    return out


def probabilities(
    mc: MonteCarloResult, payback_years: Sequence[float] = (5.0, 10.0)
) -> dict[str, Interval] | None:
    """P(NPV > 0), P(IRR > discount rate), P(payback <= N years) with 95% intervals;
    None for a deterministic-only run (its "probabilities" would be 0% or 100% of
    identical paths)."""
    if mc.deterministic_only:
        return None
    stats = probability_statistics(payback_years)
    return {label: convergence.interval_of(mc, stat) for label, stat in stats.items()}


def statistics_table(
    mc: MonteCarloResult,
    metrics: Sequence[str] | None = None,
    minimum: int = MIN_DEFINED,
    progress: Progress | None = None,
) -> dict[str, OutcomeSummary]:
    """:func:`outcome_summary` of every metric (or those given), in table order.

    ``progress(done, total)`` is called after each metric (for a worker's progress bar);
    returning False raises :class:`~simulator.analysis.cancel.RunCancelledError`.
    """
    keys = list(metrics or [k for k in METRICS if k in mc.metrics])
    out = {}
    for i, k in enumerate(keys):
        out[k] = outcome_summary(mc, k, minimum)
        if progress is not None and not progress(i + 1, len(keys)):
            raise RunCancelledError
    return out
