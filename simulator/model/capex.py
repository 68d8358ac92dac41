"""Spend, assets in service and depreciation (MODEL.md section 2, first part).

Arrays carry a leading axis of N paths, then K categories, then T quarters. Every
category's spend is its share of the quarter's spend, and spend is constant within
a programme year. So any share-weighted sum over categories of in-service spend is
a convolution of the (N, H) yearly spend with one (N, T) kernel: g[j], the weight
of a unit spent j quarters ago, summed over the quarters of a year
(:func:`kernel_by_year`) and shifted by 4 quarters per year (:func:`convolve_years`).
No (N, K, T) array is needed.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from simulator.model.blas import serial_matmul

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def quarterly_total(total: FloatArray, split: FloatArray) -> FloatArray:
    """capex[t] = C * s[y(t)] / 4, shape (N, T) with T = 4H; zero after the programme.

    ``total`` (N,) billions, ``split`` (N, H) shares by horizon year.
    """
    out = np.repeat(split, 4, axis=1)
    out *= total[:, None] / 4.0
    return out


def yearly_spend(total: FloatArray, split: FloatArray) -> FloatArray:
    """Quarterly spend in each year, C * s[y] / 4: (N, H), the blocks of :func:`quarterly_total`."""
    return split * (total[:, None] / 4.0)


def kernel_width(per_year: FloatArray, quarters: int) -> int:
    """Columns W = T + 3 + 4 * (last year with spend) for :func:`kernels`.

    The zero tail beyond T lets :func:`kernel_by_year` and :func:`convolve_years`
    shift whole (N, W) arrays as flat vectors: what wraps into the next path's row
    is always zero, so every operation runs on contiguous memory.
    """
    years = np.flatnonzero(per_year.any(axis=0))
    return quarters + 3 + 4 * int(years[-1] if years.size else 0)


def kernels(
    weights: tuple[FloatArray, ...], lag: IntArray, life: IntArray, quarters: int, width: int
) -> list[FloatArray]:
    """g[n, j] = sum_k w[n, k] * [lag_k <= j < lag_k + life_k] for each (N, K) ``w``.

    j = 0..W-1 quarters since spend, zero from T on; result (N, W) each, or (1, W)
    where ``w``, the lags and the lives are the same on every path.
    """
    if _same_rows(lag) and _same_rows(life):
        ind = indicator_rows(tuple(lag[0].tolist()), tuple(life[0].tolist()), quarters, width)
        return [serial_matmul(w[:1] if _same_rows(w) else w, ind) for w in weights]
    lag = np.minimum(lag, quarters)
    span = np.minimum(life, quarters - lag)  # the window cut at T
    view = _indicator_view(quarters, width)
    out = [np.zeros((lag.shape[0], width)) for _ in weights]
    for k in range(lag.shape[1]):
        ind = view[span[:, k], quarters - lag[:, k]]
        for g, w in zip(out, weights, strict=True):
            if w[:, k].any():
                g += ind * w[:, k, None]
    return out


def _same_rows(a: NDArray[np.generic]) -> bool:
    """Whether every row of the (N, ...) array equals the first."""
    return a.shape[0] == 1 or bool((a == a[:1]).all())


@lru_cache(maxsize=64)
def indicator_rows(
    lag: tuple[int, ...], life: tuple[int, ...], quarters: int, width: int
) -> FloatArray:
    """I[k, j] = 1 where lag_k <= j < min(lag_k + life_k, T), else 0: (K, W), read-only."""
    j = np.arange(width)
    lo = np.array(lag)[:, None]
    hi = np.minimum(lo + np.array(life)[:, None], quarters)
    out = ((j >= lo) & (j < hi)).astype(float)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=16)
def _indicator_view(quarters: int, width: int) -> FloatArray:
    """V[L, T - d] = the (W,) indicator of d <= j < d + L, for L, d in 0..T: a view."""
    j = np.arange(quarters + width) - quarters
    table = ((j >= 0) & (j < np.arange(quarters + 1)[:, None])).astype(float)
    table.flags.writeable = False
    return sliding_window_view(table, width, axis=1)


def kernel_by_year(g: FloatArray) -> FloatArray:
    """D[m] = g[m] + g[m-1] + g[m-2] + g[m-3]: the kernel summed over a year's quarters.

    ``g`` (N, W) with at least three zero columns at the end (see :func:`kernels`).
    """
    d = g.copy()
    flat, src = d.reshape(-1), g.reshape(-1)
    for lag in (1, 2, 3):
        flat[lag:] += src[:-lag]
    return d


def convolve_years(per_year: FloatArray, d: FloatArray, quarters: int) -> FloatArray:
    """out[n, t] = sum_y per_year[n, y] * d[n, t - 4y] (0 where t < 4y): (N, T).

    ``per_year`` (N, H) quarterly amounts of each year; ``d`` (N, W) or (1, W) from
    :func:`kernel_by_year`, W from :func:`kernel_width`. A shared kernel is one
    matrix product; otherwise one multiply and one flat shifted add per year.
    """
    if d.shape[0] == 1:
        return serial_matmul(per_year, _shift_matrix(d[0, :quarters], per_year.shape[1]))
    out = np.zeros_like(d)
    tmp = np.empty_like(d)
    flat, src = out.reshape(-1), tmp.reshape(-1)
    for y in np.flatnonzero(per_year.any(axis=0)):
        np.multiply(d, per_year[:, y, None], out=tmp if y else out)
        if y:
            flat[4 * y :] += src[: -4 * y]
    return np.ascontiguousarray(out[:, :quarters])


def _shift_matrix(d: FloatArray, years: int) -> FloatArray:
    """S[y, t] = d[t - 4y], 0 where t < 4y: (H, T)."""
    return np.append(d, 0.0)[_shift_index(d.shape[0], years)]


@lru_cache(maxsize=32)
def _shift_index(quarters: int, years: int) -> NDArray[np.intp]:
    """t - 4y, or -1 (a zero appended to d) where t < 4y: (H, T), read-only."""
    idx = np.arange(quarters)[None, :] - 4 * np.arange(years)[:, None]
    idx[idx < 0] = -1
    idx.flags.writeable = False
    return idx
