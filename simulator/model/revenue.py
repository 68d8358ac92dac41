"""Growth, seasonality and demand (docs/model.md section 6).

Arrays are (N, T): N paths by T quarters (history first); money in billions per quarter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.model.fleet import seasonal_before
from simulator.model.inputs import Inputs

FloatArray = NDArray[np.float64]


def growth_index(
    rates_by_year: FloatArray, history: int = 0, history_rate: FloatArray | None = None
) -> FloatArray:
    """G[t] = prod over u <= t of (1 + g[z(u)]) ** (1/4), shape (N, Q + 4H).

    ``rates_by_year`` (N, H) annual rates by plan year, the list's last value already
    held; the ``history`` quarters before the plan grow at ``history_rate`` (N,), by
    default the first year's rate. Where every path has the same rates the result is
    one (1, T) row.
    """
    first = rates_by_year[:, 0] if history_rate is None else history_rate
    shared = rates_by_year.shape[0] > 1 and (rates_by_year == rates_by_year[:1]).all()
    if shared and (first == first[0]).all():
        rates_by_year, first = rates_by_year[:1], first[:1]
    quarterly = (1.0 + rates_by_year) ** 0.25
    factors = np.repeat(quarterly, 4, axis=1)
    if history:
        before = np.repeat(((1.0 + first) ** 0.25)[:, None], history, axis=1)
        factors = np.concatenate([before, factors], axis=1)
    return np.cumprod(factors, axis=1, out=factors)


def seasonal_factors(x: Inputs, quarters: int) -> FloatArray:
    """S(q(t)): the normalised factor of each modelled quarter's calendar quarter: (N, T)."""
    factors = x.seasonality / x.seasonality.mean(axis=1, keepdims=True)
    calendar = (x.first_quarter[:, None] + np.arange(quarters)[None, :]) % 4
    return np.take_along_axis(factors, calendar, axis=1)


@dataclass(frozen=True)
class Demand:
    """Core demand with and without the programme, AI demand and the seasonal factors."""

    core_with: FloatArray
    core_without: FloatArray
    ai: FloatArray
    seasonal: FloatArray


def demand(x: Inputs, quarters: int) -> Demand:
    """Demand of every quarter (section 6); without the programme core grows at
    (1 - attribution) times the rates from the plan's first quarter on (the history is
    the same in both runs)."""
    q = x.history_quarters
    seasonal = seasonal_factors(x, quarters)
    level = x.base_quarterly / seasonal_before(x)
    core_level = (level * (1.0 - x.ai_share))[:, None] * seasonal
    core = core_level * growth_index(x.core_growth, q)
    if x.attribution.any():
        reduced = (1.0 - x.attribution)[:, None] * x.core_growth
        core_without = core_level * growth_index(reduced, q, x.core_growth[:, 0])
    else:
        core_without = core
    ai = (level * x.ai_share)[:, None] * seasonal * growth_index(x.ai_growth, q)
    return Demand(core, core_without, ai, seasonal)
