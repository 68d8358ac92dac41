"""Statistics of Monte Carlo samples: percentiles, summaries, probabilities.

Metrics may be NaN where undefined (an IRR that does not exist, a payback that never
comes). Summaries are of the defined values and say what share that is; a payback
that never comes counts as later than any horizon in probabilities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

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

    numpy's default ("linear") definition, computed by one sort along a contiguous
    axis (several times faster than ``np.percentile`` over axis 0 of (N, T)).

    >>> percentiles([1.0, 2.0, 3.0, 4.0], [0, 50, 100]).tolist()
    [1.0, 2.5, 4.0]
    """
    x = np.asarray(values, dtype=float)
    ordered = np.sort(x.T, axis=-1)  # (..., N)
    pos = np.asarray(q, dtype=float) / 100.0 * (x.shape[0] - 1)
    lower = np.floor(pos).astype(np.int64)
    upper = np.minimum(lower + 1, x.shape[0] - 1)
    frac = pos - lower
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
    qs = percentiles(ok, SUMMARY_PERCENTILES)
    out |= {"mean": float(ok.mean()), "sd": float(ok.std(ddof=1)) if ok.size > 1 else 0.0}
    out |= {"min": float(ok.min()), "max": float(ok.max())}
    out |= {f"p{q:g}": float(v) for q, v in zip(SUMMARY_PERCENTILES, qs, strict=True)}
    return Summary({k: out[k] for k in STAT_COLUMNS})


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
