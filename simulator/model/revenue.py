"""Growth, prices, capacity and revenue (MODEL.md section 2, revenue part).

Arrays are (N, T): N paths by T quarters; money in billions per quarter.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def growth_index(rates_by_year: FloatArray) -> FloatArray:
    """G[t] = prod over u <= t of (1 + g[y(u)]) ** (1/4), shape (N, 4H).

    ``rates_by_year`` (N, H) annual rates, the list's last value already held.
    Where every path has the same rates the result is one (1, 4H) row.
    """
    if rates_by_year.shape[0] > 1 and (rates_by_year == rates_by_year[:1]).all():
        rates_by_year = rates_by_year[:1]
    factors = np.repeat((1.0 + rates_by_year) ** 0.25, 4, axis=1)
    return np.cumprod(factors, axis=1, out=factors)


def price_ratio(decline: FloatArray, quarters: int) -> FloatArray:
    """P[t] / P[t - j] = (1 - delta) ** (j / 4) for j = 0..T-1: (N, T), or (1, T) if shared.

    ``decline`` (N,) annual price decline of compute.
    """
    if decline.shape[0] > 1 and (decline == decline[0]).all():
        decline = decline[:1]
    return (1.0 - decline[:, None]) ** (np.arange(quarters) / 4.0)


def served_ai_revenue(
    demand: FloatArray, existing: FloatArray, capacity: FloatArray, constrained: BoolArray
) -> FloatArray:
    """min(demand, E + capacity) where capacity-constrained, else the whole demand."""
    capped = np.add(capacity, existing[:, None])
    np.minimum(demand, capped, out=capped)
    if constrained.all():
        return capped
    return np.where(constrained[:, None], capped, demand)


def program_revenue(demand: FloatArray, existing: FloatArray, capacity: FloatArray) -> FloatArray:
    """min(max(demand - E, 0), capacity): demand above today's served by the programme."""
    out = np.subtract(demand, existing[:, None])
    np.maximum(out, 0.0, out=out)
    return np.minimum(out, capacity, out=out)
