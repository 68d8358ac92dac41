"""The capacity in place before the first modelled quarter (docs/model.md section 5).

``held_flat`` (version 1): E0 in every quarter, kept up outside the model at no cost.
``ages``: the company's own earlier vintages, evenly spread over each capacity
category's economic life, which retire, are refreshed (when refresh is on) and whose
refresh spend is depreciated. Everything is in closed form over the path axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.model.inputs import Inputs

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Fleet:
    """Existing capacity (revenue per quarter), its refresh spend and that spend's
    depreciation, (N, T) each; ``free`` is capacity that costs nothing (held flat)."""

    capacity: FloatArray
    refresh: FloatArray
    depreciation: FloatArray
    free: FloatArray


def existing_demand(x: Inputs) -> FloatArray:
    """E0 = R0 a0 / S(q(-1)): AI revenue served in the quarter before the first: (N,)."""
    return x.base_quarterly * x.ai_share / seasonal_before(x)


def seasonal_before(x: Inputs) -> FloatArray:
    """s0: the normalised seasonal factor of the quarter before the first modelled one."""
    factors = x.seasonality / x.seasonality.mean(axis=1, keepdims=True)
    return factors[np.arange(x.paths), (x.first_quarter - 1) % 4]


def fleet(x: Inputs, quarters: int) -> Fleet:
    """The existing capacity of every path, as ``held_flat`` or ``ages`` asks."""
    e0 = existing_demand(x)
    n = x.paths
    flat = np.broadcast_to(e0[:, None], (n, quarters))
    if not x.existing_ages.any():
        zero = np.zeros((n, quarters))
        return Fleet(np.ascontiguousarray(flat), zero, zero, np.ascontiguousarray(flat))
    aged = _ages(x, e0, quarters)
    ages = x.existing_ages[:, None]
    return Fleet(
        np.where(ages, aged.capacity, flat),
        np.where(ages, aged.refresh, 0.0),
        np.where(ages, aged.depreciation, 0.0),
        np.where(ages, 0.0, flat),
    )


def _ages(x: Inputs, e0: FloatArray, quarters: int) -> Fleet:
    """The fleet of evenly spread vintages sized to serve E0 at t = -1."""
    weights = x.share * x.adds_capacity
    total = weights.sum(axis=1, keepdims=True)
    w = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)  # w_k
    log_theta = np.log1p(-x.price_decline) / 4.0  # log theta(1)
    d, e = x.lag_q.astype(float), x.econ_q.astype(float)
    size = (x.yield_ / 4.0) * (
        w * np.exp(d * log_theta[:, None]) * _geometric(e, log_theta[:, None])
    ).sum(axis=1)
    spend = np.divide(e0, size, out=np.zeros_like(e0), where=size > 0)  # e
    t = np.arange(quarters, dtype=float)[None, :]
    capacity = np.zeros((x.paths, quarters))
    refresh = np.zeros((x.paths, quarters))
    depreciation = np.zeros((x.paths, quarters))
    rho = x.rho[:, None]
    for k in range(x.share.shape[1]):
        scale = (spend * w[:, k])[:, None]
        dk, ek, lk = d[:, k, None], e[:, k, None], x.life_q[:, k, None].astype(float)
        capacity += scale * (x.yield_[:, None] / 4.0) * _window(t, dk, ek, rho, log_theta[:, None])
        g = np.floor((t + dk) / ek) + 1.0  # the generation refreshed at t
        spent = scale * rho**g * np.exp(g * ek * log_theta[:, None])
        refresh += spent
        depreciation += _straight_line(spent, dk, lk)
    return Fleet(capacity, refresh, depreciation, np.zeros((x.paths, quarters)))


def _geometric(count: FloatArray, log_theta: FloatArray) -> FloatArray:
    """sum over i = 0..count-1 of theta(i) = expm1(count l) / expm1(l), or count at l = 0."""
    safe = np.where(log_theta == 0.0, 1.0, log_theta)
    return np.where(log_theta == 0.0, count, np.expm1(count * safe) / np.expm1(safe))


def _window(
    t: FloatArray, d: FloatArray, e: FloatArray, rho: FloatArray, log_theta: FloatArray
) -> FloatArray:
    """sum over j = t+d+1 .. t+d+E of theta(j) rho^floor((j - d) / E): (N, T).

    The E ages span two generations at most: g0 = floor((t + 1) / E) up to the end of
    its segment, then g0 + 1.
    """
    g0 = np.floor((t + 1.0) / e)
    first_end = np.minimum(t + e, (g0 + 1.0) * e - 1.0)  # last j - d in generation g0
    n1 = first_end - t  # terms in generation g0 (j - d from t + 1)
    n2 = e - n1  # terms in generation g0 + 1
    start1 = t + d + 1.0
    start2 = start1 + n1
    part1 = rho**g0 * np.exp(start1 * log_theta) * _geometric(n1, log_theta)
    part2 = rho ** (g0 + 1.0) * np.exp(start2 * log_theta) * _geometric(n2, log_theta)
    return part1 + np.where(n2 > 0, part2, 0.0)


def _straight_line(spend: FloatArray, lag: FloatArray, life: FloatArray) -> FloatArray:
    """Depreciation at t of quarterly ``spend`` (N, T): sum of spend[tau] / L over
    d <= t - tau < d + L, as a difference of running sums."""
    n, quarters = spend.shape
    running = np.zeros((n, quarters + 1))
    np.cumsum(spend, axis=1, out=running[:, 1:])
    t = np.arange(quarters)[None, :]
    hi = np.clip(t - lag + 1, 0, quarters).astype(np.int64)
    lo = np.clip(t - lag - life + 1, 0, quarters).astype(np.int64)
    window = np.take_along_axis(running, hi, axis=1) - np.take_along_axis(running, lo, axis=1)
    return window / life
