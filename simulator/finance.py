"""Payback metrics of a cash-flow series (MODEL.md section 2, economics part).

Every function takes (N, T) quarterly arrays and returns (N,) values, NaN where
the metric is undefined (null in the summary).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def discount_factors(rate: FloatArray, quarters: int) -> FloatArray:
    """DF[t] = (1 + r) ** (-(t + 1) / 4), shape (N, T); ``rate`` (N,) annual."""
    return (1.0 + rate[:, None]) ** (-(np.arange(quarters) + 1) / 4.0)


def first_time(condition: NDArray[np.bool_]) -> FloatArray:
    """(t + 1) / 4 for the first t where ``condition`` holds, NaN where never."""
    hit = condition.any(axis=1)
    first = np.argmax(condition, axis=1)
    return np.where(hit, (first + 1) / 4.0, np.nan)


def payback_years(cumulative: FloatArray) -> FloatArray:
    """First recovery: (t + 1) / 4 at the first t >= 0 after a value < 0.

    0 where the series is never negative, NaN where it never recovers.
    """
    below = cumulative < 0
    was_below = np.zeros_like(below)
    was_below[:, 1:] = np.logical_or.accumulate(below, axis=1)[:, :-1]
    years = first_time(was_below & (cumulative >= 0))
    return np.where(below.any(axis=1), years, 0.0)


def crossover_years(cum_capex: FloatArray, cum_revenue: FloatArray) -> FloatArray:
    """First t with cumulative capex > 0 and cumulative revenue >= it, in years."""
    return first_time((cum_capex > 0) & (cum_revenue >= cum_capex))


def peak_funding(cum_fcf: FloatArray) -> FloatArray:
    """max(0, -min(cumulative FCF))."""
    return np.maximum(0.0, -cum_fcf.min(axis=1))
