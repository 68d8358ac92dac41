"""How precisely a Monte Carlo run knows its statistics: 95% intervals and traces.

A :class:`~simulator.scenario.uncertainty.Statistic` (``mean:npv``, ``p50:npv``,
``P(npv > 0)``...) is estimated from all paths; its 95% interval is

- plain random sampling (iid paths):
  - mean: mean +/- t(0.975, n-1) s / sqrt(n) over the n defined values;
  - percentile q: the order-statistic interval [x_(l), x_(u)] with
    l = F^-1(0.025) and u = F^-1(0.975) + 1 for F the Binomial(n, q/100) CDF
    (1-based order statistics of the n defined values; distribution-free, covers the
    true percentile with probability F(u-1) - F(l-1) >= 95% for a continuous metric);
  - probability: the Wilson score interval of h hits in n paths;
- Latin hypercube and Sobol' (R randomised replicates of m paths): the estimate
  over all paths +/- t(0.975, R-1) s_R / sqrt(R), s_R the sd of the R replicates'
  own estimates (probabilities clipped to 0..1; when every replicate gives the same
  probability, the Wilson interval of all paths instead).

:func:`trace` gives the estimate and interval against the number of paths (the
convergence chart); :func:`interval_of` the interval of a finished run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from simulator.scenario.uncertainty import Precision, Statistic

if TYPE_CHECKING:
    from simulator.analysis.montecarlo import MonteCarloResult

FloatArray = NDArray[np.float64]

LEVEL = 0.95
Z = 1.959963984540054  # the standard normal's 97.5th percentile
MIN_STOP_REPLICATES = 5
"""A replicated run is checked against its precision target from this many replicates."""


@dataclass(frozen=True)
class Interval:
    """An estimate and its 95% interval [low, high] from ``n`` values, by ``method``.

    ``n`` counts the values the estimate uses: the defined paths of a mean or a
    percentile, every path of a probability. NaN when it cannot be formed (fewer than
    two values or replicates); +/-inf for an order-statistic bound beyond the sample.
    """

    estimate: float
    low: float
    high: float
    n: int
    method: str

    @property
    def half_width(self) -> float:
        """The larger distance from the estimate to an end (inf or NaN when unbounded)."""
        return max(self.estimate - self.low, self.high - self.estimate)

    def meets(self, precision: Precision) -> bool:
        """Whether the interval is at least as narrow as the precision target asks."""
        hw = self.half_width
        return math.isfinite(hw) and hw <= precision.target(self.estimate)


def sample(metrics: dict[str, FloatArray], stat: Statistic) -> FloatArray:
    """The per-path values the statistic averages or ranks: the metric's values (NaN =
    undefined) for a mean or percentile, 1.0/0.0 for whether a path counts toward a
    probability (an undefined value counts as not)."""
    x = np.asarray(metrics[stat.metric], dtype=float)
    if not stat.is_probability:
        return x
    other = np.asarray(metrics[stat.against], dtype=float) if stat.against else stat.threshold
    with np.errstate(invalid="ignore"):
        hits = x > other if stat.kind == "above" else x <= other
    return hits.astype(float)


def estimate(values: FloatArray, stat: Statistic) -> float:
    """The statistic of per-path ``values`` (from :func:`sample`)."""
    if stat.is_probability:
        return float(values.mean()) if values.size else math.nan
    ok = values[~np.isnan(values)]
    if ok.size == 0:
        return math.nan
    if stat.kind == "mean":
        return float(ok.mean())
    return _percentile(ok, stat.q)


def _percentile(ok: FloatArray, q: float) -> float:
    """numpy's linear percentile, by partition (O(n))."""
    pos = q / 100.0 * (ok.size - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, ok.size - 1)
    part = np.partition(ok, [lo, hi])
    return float(part[lo] + (part[hi] - part[lo]) * (pos - lo))


def mean_interval(values: FloatArray) -> Interval:
    """Mean of the defined values +/- t(0.975, n-1) sd / sqrt(n)."""
    from scipy.stats import t

    ok = values[~np.isnan(values)]
    n = ok.size
    if n < 2:
        m = float(ok.mean()) if n else math.nan
        return Interval(m, math.nan, math.nan, n, "t")
    m = float(ok.mean())
    half = float(t.ppf(0.5 + LEVEL / 2, n - 1)) * float(ok.std(ddof=1)) / math.sqrt(n)
    return Interval(m, m - half, m + half, n, "t")


def probability_interval(hits: float, n: int) -> Interval:
    """Wilson's score interval for ``hits`` successes in ``n`` paths."""
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0, "Wilson")
    p = hits / n
    z2 = Z * Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if hits == 0 else max(0.0, centre - half)
    high = 1.0 if hits == n else min(1.0, centre + half)
    return Interval(p, low, high, n, "Wilson")


def order_ranks(n: int, q: float) -> tuple[int, int]:
    """1-based ranks (l, u) of the distribution-free 95% interval of percentile ``q``:
    l = F^-1(0.025), u = F^-1(0.975) + 1 for F the Binomial(n, q / 100) CDF (l = 0 or
    u = n + 1 mean the interval is open on that side)."""
    from scipy.stats import binom

    p = q / 100.0
    low = int(binom.ppf((1 - LEVEL) / 2, n, p))
    high = int(binom.ppf(0.5 + LEVEL / 2, n, p)) + 1
    return low, high


def order_coverage(n: int, q: float) -> float:
    """The exact coverage of the order-statistic interval for a continuous metric:
    P(l <= B <= u - 1), B ~ Binomial(n, q / 100)."""
    from scipy.stats import binom

    low, high = order_ranks(n, q)
    p = q / 100.0
    return float(binom.cdf(high - 1, n, p) - binom.cdf(low - 1, n, p))


def percentile_interval(values: FloatArray, q: float) -> Interval:
    """The percentile ``q`` of the defined values and its order-statistic interval."""
    ok = values[~np.isnan(values)]
    n = ok.size
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0, "order statistics")
    low, high = order_ranks(n, q)
    pos = q / 100.0 * (n - 1)
    lo, hi = math.floor(pos), min(math.floor(pos) + 1, n - 1)
    ranks = sorted({lo, hi, *(r - 1 for r in (low, high) if 1 <= r <= n)})
    part = np.partition(ok, ranks)
    value = float(part[lo] + (part[hi] - part[lo]) * (pos - lo))
    bottom = float(part[low - 1]) if low >= 1 else -math.inf
    top = float(part[high - 1]) if high <= n else math.inf
    return Interval(value, bottom, top, n, "order statistics")


def replicate_interval(values: FloatArray, stat: Statistic, replicates: int, size: int) -> Interval:
    """Estimate over all R x m paths +/- t(0.975, R-1) x sd of the R replicate
    estimates / sqrt(R); ``values`` from :func:`sample`, replicate r = rows r*m..(r+1)*m."""
    from scipy.stats import t

    pooled = estimate(values, stat)
    n = _count(values, stat)
    per = np.array([estimate(values[r * size : (r + 1) * size], stat) for r in range(replicates)])
    method = f"{replicates} replicates"
    if replicates < 2 or np.isnan(per).any():
        return Interval(pooled, math.nan, math.nan, n, method)
    if stat.is_probability and np.ptp(per) == 0:
        # every replicate saw the same share (say none of a rare event): their spread
        # says nothing, so fall back to the (conservative) Wilson interval of all paths
        wilson = probability_interval(float(values.sum()), values.size)
        return Interval(pooled, wilson.low, wilson.high, n, f"{method}, identical: Wilson")
    half = float(t.ppf(0.5 + LEVEL / 2, replicates - 1)) * float(per.std(ddof=1))
    half /= math.sqrt(replicates)
    low, high = pooled - half, pooled + half
    if stat.is_probability:
        low, high = max(0.0, low), min(1.0, high)
    return Interval(pooled, low, high, n, method)


def _count(values: FloatArray, stat: Statistic) -> int:
    return int(values.size if stat.is_probability else np.count_nonzero(~np.isnan(values)))


def interval(
    metrics: dict[str, FloatArray],
    stat: Statistic,
    replicates: int | None = None,
    size: int = 0,
) -> Interval:
    """The 95% interval of ``stat`` over ``metrics`` ((N,) each): iid formulas when
    ``replicates`` is None, else the spread of ``replicates`` blocks of ``size`` paths
    (no interval from fewer than two)."""
    values = sample(metrics, stat)
    if replicates is not None:
        return replicate_interval(values, stat, replicates, size)
    if stat.is_probability:
        return probability_interval(float(values.sum()), values.size)
    if stat.kind == "mean":
        return mean_interval(values)
    return percentile_interval(values, stat.q)


def interval_of(mc: MonteCarloResult, stat: Statistic) -> Interval:
    """The 95% interval of ``stat`` over a finished run (its design decides the method)."""
    return interval(mc.metrics, stat, _replicates(mc), mc.replicate_size)


def _replicates(mc: MonteCarloResult) -> int | None:
    return mc.replicates if mc.sampler != "random" else None


@dataclass(frozen=True)
class Trace:
    """A statistic against the number of paths: (k,) arrays for a convergence chart."""

    statistic: Statistic
    paths: NDArray[np.int64]
    estimate: FloatArray
    low: FloatArray
    high: FloatArray


def trace(mc: MonteCarloResult, stat: Statistic, points: int = 40) -> Trace:
    """The estimate and 95% interval of ``stat`` over the first n paths of the run.

    Random sampling: n on a geometric grid of ``points`` counts from min(100, N) to N.
    Latin hypercube and Sobol': after each whole replicate (the interval from the
    second on; a single replicate has none).
    """
    n = mc.paths
    replicates = _replicates(mc)
    if replicates is not None:
        counts = np.arange(1, replicates + 1) * mc.replicate_size
    else:
        first = min(100, n)
        grid = np.geomspace(first, n, num=max(2, points)) if n > first else np.array([n])
        counts = np.unique(np.rint(grid).astype(np.int64))
    est, low, high = (np.empty(counts.size) for _ in range(3))
    for i, c in enumerate(counts):
        prefix = {k: v[:c] for k, v in mc.metrics.items()}
        r = int(c // mc.replicate_size) if replicates is not None else None
        iv = interval(prefix, stat, r, mc.replicate_size)
        est[i], low[i], high[i] = iv.estimate, iv.low, iv.high
    return Trace(stat, counts.astype(np.int64), est, low, high)
