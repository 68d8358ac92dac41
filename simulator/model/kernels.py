"""Vintage kernels: what one unit of spend does at each age (docs/model.md section 4).

For each category k and age j = 0..T-1 quarters since the spend, the kernels give the
capacity (per unit of yield: revenue capacity is ``yield / 4`` times it), the capacity
capex in service, the refresh spend and the depreciation of a vintage and all its
refresh generations. :func:`kernels` sums them over the categories with the shares, so
every quarterly quantity of a spend series is one convolution with one kernel
(:mod:`simulator.model.spend`). Arrays are (N, T), or (1, T) where every path shares
the inputs that shape the kernel.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.model.inputs import Inputs

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_SHAPING = (
    "share",
    "life_q",
    "econ_q",
    "lag_q",
    "adds_capacity",
    "price_decline",
    "ramp",
    "refresh_on",
    "refresh_share",
)
"""The inputs a kernel depends on (yield is a factor outside the kernels)."""


@dataclass(frozen=True)
class Kernels:
    """Composite kernels, (N, T) or (1, T): ``capacity`` (times yield / 4 gives revenue
    capacity), ``base`` (capacity capex in service), ``refresh`` (refresh spend) and
    ``depreciation``; ``shared`` when they are one row for every path."""

    capacity: FloatArray
    base: FloatArray
    refresh: FloatArray
    depreciation: FloatArray
    shared: bool


def price_ratio(decline: FloatArray, ages: NDArray[np.generic]) -> FloatArray:
    """theta(j) = (1 - delta) ** (j / 4) for ``decline`` (N,) and ages (..., J): (N, J)."""
    return (1.0 - decline[:, None]) ** (np.asarray(ages, float) / 4.0)


def kernels(x: Inputs, quarters: int) -> Kernels:
    """The four composite kernels over ages 0..quarters-1."""
    shared = x.paths == 1 or all(_same_rows(getattr(x, name)) for name in _SHAPING)
    y = _first_row(x) if shared and x.paths > 1 else x
    j = np.arange(quarters)
    theta = price_ratio(y.price_decline, j)  # (N, T)
    out = [np.zeros((y.paths, quarters)) for _ in range(4)]
    for k in range(y.share.shape[1]):
        parts = _category(y, k, j, theta)
        for total, part in zip(out, parts, strict=True):
            total += y.share[:, k, None] * part
    return Kernels(*out, shared=shared)


def _category(
    x: Inputs, k: int, j: IntArray, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Capacity, base, refresh and depreciation kernels of category k: (N, T) each."""
    d, e = x.lag_q[:, k, None], x.econ_q[:, k, None]
    a = x.adds_capacity[:, k, None].astype(float)
    rho = x.rho[:, None]
    age = j[None, :] - d  # quarters in service
    live = age >= 0
    gen = np.where(live, age // e, 0)
    ramp = np.minimum(1.0, (age + 1.0) / x.ramp[:, None])
    weight = np.where(gen == 0, ramp, rho**gen)  # W_k(j)
    cost = rho**gen * theta_of(theta, gen * e)  # what generation g costs per unit
    capacity = np.where(live, a * theta * weight, 0.0)
    base = np.where(live, a * cost, 0.0)
    spikes = (j[None, :] % e == 0) & (j[None, :] >= e)
    refresh = np.where(spikes, a * rho ** (j[None, :] // e) * theta, 0.0)
    return capacity, base, refresh, _depreciation(x, k, j, theta, a, rho)


def theta_of(theta: FloatArray, ages: IntArray) -> FloatArray:
    """theta at integer ``ages`` (N, T), looked up in the (N, T) table (ages < T)."""
    return np.take_along_axis(theta, np.minimum(ages, theta.shape[1] - 1), axis=1)


def _depreciation(
    x: Inputs, k: int, j: IntArray, theta: FloatArray, a: FloatArray, rho: FloatArray
) -> FloatArray:
    """(1 / L) * sum of w_g over the generations g whose book life covers age j.

    Generation g is on the books for gE + d <= j < gE + d + L, with weight
    w_0 = 1 and w_g = a * rho^g * theta(gE); at most ceil(L / E) + 1 overlap.
    """
    d, e, life = x.lag_q[:, k, None], x.econ_q[:, k, None], x.life_q[:, k, None]
    age = j[None, :] - d
    newest = np.where(age >= 0, age // e, -1)  # the youngest generation bought by age j
    overlap = int(min(np.max(-(-life // e)) + 1, j.size + 1))
    out = np.zeros((x.paths, j.size))
    for back in range(overlap):
        g = newest - back
        on_books = (g >= 0) & (age - g * e < life)
        w = np.where(
            g == 0, 1.0, a * rho ** np.maximum(g, 0) * theta_of(theta, np.maximum(g, 0) * e)
        )
        out += np.where(on_books, w, 0.0)
    return out / life


def _same_rows(a: NDArray[np.generic]) -> bool:
    """Whether every row of the (N, ...) array equals the first."""
    return a.shape[0] == 1 or bool((a == a[:1]).all())


def _first_row(x: Inputs) -> Inputs:
    """The first path's inputs alone (for kernels every path shares)."""
    return Inputs(**{f.name: getattr(x, f.name)[:1] for f in dataclasses.fields(x)})
