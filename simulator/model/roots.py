"""The real root nearest 0 of NPV(x) = sum_t f_t (1 + x) ** -(t + 1), for many paths at once.

For flows that change sign more than once (a programme whose refresh cycles dip the
cash flow below zero again), NPV may have several roots; the IRR rule takes the one
with the smallest |x| (numpy-financial's). Instead of all polynomial roots per path,
the NPV's sign is read on one grid of quarterly rates for every path (one matrix
product), the first sign change on each side of 0 brackets a root, and both brackets
are narrowed together by bisection and safeguarded secant steps. Paths where the grid
shows no sign change fall back to :func:`polynomial_irr` (every root of the polynomial).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

GRID_LOW, GRID_HIGH = -0.9999, 3.0  # quarterly rates: -100 % to +25,500 % a year, and
# below GRID_LOW points at 1 + x = 10^-4.25 .. 10^-12
GRID_POINTS = 401
_STEPS = 60


def polynomial_irr(flows: FloatArray) -> float:
    """Quarterly IRR of one path from all polynomial roots (numpy-financial's rule);
    NaN where there is none (or the polynomial cannot be solved)."""
    try:
        roots = np.roots(flows[::-1])
    except np.linalg.LinAlgError:  # coefficients that overflow the companion matrix
        return float("nan")
    roots = roots[(roots.imag == 0) & (roots.real > 0)].real
    if roots.size == 0:
        return float("nan")
    rates = 1.0 / roots - 1.0
    return float(rates[np.argmin(np.abs(rates))])


@lru_cache(maxsize=16)
def grid(quarters: int) -> tuple[FloatArray, FloatArray]:
    """Rates x (G,), dense near 0, and the matrix (T, G) of (1 + x) ** (T - 1 - t).

    NPV(x) * (1 + x) ** T = sum_t f_t (1 + x) ** (T - 1 - t): the same sign as NPV and
    no overflow for the rates that discount hardest.
    """
    u = np.linspace(np.arcsinh(GRID_LOW / 0.02), np.arcsinh(GRID_HIGH / 0.02), GRID_POINTS)
    near_minus_one = -1.0 + 10.0 ** -np.arange(4.25, 12.01, 0.25)  # 1 + x down to 1e-12
    x = np.sort(np.concatenate([near_minus_one, 0.02 * np.sinh(u)]))
    x[np.argmin(np.abs(x))] = 0.0
    powers = (quarters - 1 - np.arange(quarters))[:, None]
    with np.errstate(over="ignore"):
        matrix = (1.0 + x[None, :]) ** powers
    matrix = np.nan_to_num(matrix, posinf=np.finfo(float).max)
    matrix.flags.writeable = False
    x.flags.writeable = False
    return x, matrix


def nearest_roots(flows: FloatArray) -> FloatArray:
    """The quarterly rate nearest 0 where NPV is 0, per path of (M, T) flows (NaN: none)."""
    f = flows / np.abs(flows).max(axis=1, keepdims=True)
    x, matrix = grid(f.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        sign = np.sign(f @ matrix)  # (M, G)
    zero = int(np.flatnonzero(x == 0.0)[0])
    out = np.where(sign[:, zero] == 0, 0.0, np.nan)
    change = sign[:, 1:] * sign[:, :-1] < 0  # bracket between g and g + 1
    up = _first(change[:, zero:], from_start=True)
    up = np.where(up >= 0, up + zero, -1)
    down = _first(change[:, :zero], from_start=False)
    candidates = []
    for idx in (up, down):
        ok = idx >= 0
        lo = np.where(ok, x[np.maximum(idx, 0)], np.nan)
        hi = np.where(ok, x[np.minimum(np.maximum(idx, 0) + 1, x.size - 1)], np.nan)
        candidates.append(_refine(f, lo, hi, ok))
    best = np.where(
        np.abs(candidates[0]) <= np.abs(candidates[1]),
        candidates[0],
        np.where(np.isnan(candidates[1]), candidates[0], candidates[1]),
    )
    best = np.where(np.isnan(candidates[0]), candidates[1], best)
    out = np.where(np.isnan(out), best, out)
    for i in np.flatnonzero(np.isnan(out)):
        if beyond_grid_possible(f[i], x[0], x[-1]):
            out[i] = polynomial_irr(flows[i])
    return out


def beyond_grid_possible(f: FloatArray, low: float, high: float) -> bool:
    """Whether NPV may have a root outside the grid's rates [low, high], for flows f (T,).

    With u = 1 / (1 + x), NPV = sum_t f_t u ** (t + 1). Above the grid (u <= 1 / (1 +
    high)) the first non-zero flow f_m outweighs all later ones when |f_m| >
    sum_{t > m} |f_t| u ** (t - m), so NPV keeps its sign; below it (u >= 1 / (1 +
    low), about 10 ** 12) the last one, f_L, does when |f_L| > sum_{t < L} |f_t|
    u ** (t - L). Where both hold there is no root beyond the grid and no polynomial
    to solve.
    """
    nonzero = np.flatnonzero(f)
    if nonzero.size == 0:
        return False
    m, last = nonzero[0], nonzero[-1]
    u_high, u_low = 1.0 / (1.0 + high), 1.0 / (1.0 + low)
    later = np.abs(f[m + 1 :]) * u_high ** np.arange(1.0, f.size - m)
    earlier = np.abs(f[:last]) * (1.0 / u_low) ** np.arange(last, 0.0, -1.0)
    return bool(abs(f[m]) <= later.sum() or abs(f[last]) <= earlier.sum())


def _first(change: NDArray[np.bool_], from_start: bool) -> NDArray[np.int64]:
    """Index of the first True from the start (or the last, from the end), -1 where none."""
    if not from_start:
        change = change[:, ::-1]
    any_ = change.any(axis=1)
    idx = np.argmax(change, axis=1)
    if not from_start:
        idx = change.shape[1] - 1 - idx
    return np.where(any_, idx, -1)


def _npv_scaled(f: FloatArray, x: FloatArray) -> FloatArray:
    """sum_t f_t (1 + x) ** (T - 1 - t) per path: NPV's sign, for rates x (M,)."""
    powers = f.shape[1] - 1 - np.arange(f.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        return np.einsum("mt,mt->m", f, (1.0 + x[:, None]) ** powers[None, :])


def _refine(f: FloatArray, lo: FloatArray, hi: FloatArray, ok: NDArray[np.bool_]) -> FloatArray:
    """Narrow each bracket [lo, hi] (a sign change of NPV) to the root; NaN where not ``ok``."""
    rows = np.flatnonzero(ok)
    out = np.full(lo.shape, np.nan)
    if rows.size == 0:
        return out
    g, a, b = f[rows], lo[rows], hi[rows]
    fa, fb = _npv_scaled(g, a), _npv_scaled(g, b)
    for step in range(_STEPS):
        secant = b - fb * (b - a) / (fb - fa)
        inside = np.isfinite(secant) & (secant > np.minimum(a, b)) & (secant < np.maximum(a, b))
        mid = np.where(inside & (step % 3 != 2), secant, 0.5 * (a + b))  # bisect every third
        fm = _npv_scaled(g, mid)
        left = np.sign(fm) == np.sign(fa)
        a, fa = np.where(left, mid, a), np.where(left, fm, fa)
        b, fb = np.where(left, b, mid), np.where(left, fb, fm)
        if np.all(np.abs(b - a) <= 1e-15 * np.maximum(1.0, np.abs(a))):
            break
    out[rows] = np.where(np.abs(fa) <= np.abs(fb), a, b)
    return out
