"""Payback metrics of a cash-flow series (MODEL.md section 2, economics part).

Every function takes (N, T) quarterly arrays and returns (N,) values, NaN where
the metric is undefined (null in the summary).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def discount_factors(rate: FloatArray, quarters: int) -> FloatArray:
    """DF[t] = (1 + r) ** (-(t + 1) / 4), shape (N, T), or (1, T) if every path shares r.

    ``rate`` (N,) annual.
    """
    if rate.shape[0] > 1 and (rate == rate[0]).all():
        rate = rate[:1]
    return (1.0 + rate[:, None]) ** (-(np.arange(quarters) + 1) / 4.0)


def first_time(condition: NDArray[np.bool_]) -> FloatArray:
    """(t + 1) / 4 for the first t where ``condition`` holds, NaN where never."""
    first = np.argmax(condition, axis=1)
    hit = condition[np.arange(condition.shape[0]), first]
    return np.where(hit, (first + 1) / 4.0, np.nan)


def payback_years(cumulative: FloatArray) -> FloatArray:
    """First recovery: (t + 1) / 4 at the first t >= 0 after a value < 0.

    0 where the series is never negative, NaN where it never recovers.
    """
    below = cumulative < 0
    first_below = np.argmax(below, axis=1)
    ever_below = below[np.arange(below.shape[0]), first_below]
    after = np.arange(cumulative.shape[1]) > first_below[:, None]
    years = first_time(after & (cumulative >= 0))
    return np.where(ever_below, years, 0.0)


def crossover_years(cum_capex: FloatArray, cum_revenue: FloatArray) -> FloatArray:
    """First t with cumulative capex > 0 and cumulative revenue >= it, in years."""
    return first_time((cum_capex > 0) & (cum_revenue >= cum_capex))


def peak_funding(cum_fcf: FloatArray) -> FloatArray:
    """max(0, -min(cumulative FCF))."""
    return np.maximum(0.0, -cum_fcf.min(axis=1))
