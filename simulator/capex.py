"""Spend, assets in service and depreciation (MODEL.md section 2, first part).

Arrays carry a leading axis of N paths, then K categories, then T quarters. Every
category's spend is its share of the quarter's spend, so the windows are taken of
the (N, T) quarterly series once per category and scaled by the shares.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def quarterly_total(total: FloatArray, split: FloatArray) -> FloatArray:
    """capex[t] = C * s[y(t)] / 4, shape (N, T) with T = 4H; zero after the programme.

    ``total`` (N,) billions, ``split`` (N, H) shares by horizon year.
    """
    return np.repeat(split, 4, axis=1) * (total[:, None] / 4.0)


def window_sum(x: FloatArray, lag: IntArray, life: IntArray) -> FloatArray:
    """For each category k: sum of x[tau] over tau with lag_k <= t - tau < lag_k + life_k.

    ``x`` (N, T); ``lag`` and ``life`` (N, K) whole quarters (life >= 1); result
    (N, K, T). Where all paths share the categories' lags and lives (the usual case)
    this is one matrix product with 0/1 window matrices; otherwise a difference of
    cumulative sums gathered per path.
    """
    n, t = x.shape
    if (lag == lag[:1]).all() and (life == life[:1]).all():
        weights = window_matrix(tuple(lag[0].tolist()), tuple(life[0].tolist()), t)
        return (x @ weights).reshape(n, -1, t)
    return _window_by_cumsum(x, lag, life)


@lru_cache(maxsize=64)
def window_matrix(lag: tuple[int, ...], life: tuple[int, ...], quarters: int) -> FloatArray:
    """W[tau, k * T + t] = 1 where lag_k <= t - tau < lag_k + life_k, else 0.

    Shape (T, K * T), so ``x @ W`` gives every category's window sums side by side.
    Cached and read-only: the same few matrices serve every run.
    """
    age = np.arange(quarters)[None, :] - np.arange(quarters)[:, None]  # [tau, t] = t - tau
    lo, hi = np.array(lag)[:, None, None], (np.array(lag) + np.array(life))[:, None, None]
    w = ((age >= lo) & (age < hi)).astype(float)  # (K, T, T) indexed [k, tau, t]
    w = np.ascontiguousarray(w.transpose(1, 0, 2).reshape(quarters, -1))
    w.flags.writeable = False
    return w


def _window_by_cumsum(x: FloatArray, lag: IntArray, life: IntArray) -> FloatArray:
    """Per-path windows as S[t - lag] - S[t - lag - life] with S the running sum."""
    n, t = x.shape
    padded = np.zeros((n, 1, t + 1))
    np.cumsum(x, axis=1, out=padded[:, 0, 1:])  # padded[j] = sum of x[:j]
    q = np.arange(t)
    upper = np.clip(q - lag[:, :, None] + 1, 0, t)
    lower = np.clip(q - (lag + life)[:, :, None] + 1, 0, t)
    padded = np.broadcast_to(padded, (n, lag.shape[1], t + 1))
    out = np.take_along_axis(padded, upper, axis=2) - np.take_along_axis(padded, lower, axis=2)
    # x >= 0, so the window sums are too: clip the subtraction's rounding noise.
    return np.maximum(out, 0.0, out=out)


def depreciation(in_service: FloatArray, life: IntArray) -> FloatArray:
    """dep_k[t] = inservice_k[t] / L_k, shape (N, K, T)."""
    return in_service / life[:, :, None]
