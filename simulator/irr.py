"""Internal rate of return of quarterly flows, for N paths at once.

The quarterly rate x solves sum_t flows[t] * (1 + x) ** -(t + 1) = 0; of the real
roots x > -1 the one nearest 0 is taken, as numpy-financial's ``irr`` does. Where
the flows change sign exactly once (almost every programme: spend, then returns),
Descartes' rule says there is exactly one such root, found for all those paths at
once by a safeguarded Newton iteration; other paths fall back to polynomial roots.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
NOISE = 1e-9


def annual_irr(flows: FloatArray) -> FloatArray:
    """Annual IRR (1 + x) ** 4 - 1 of (N, T) quarterly flows, NaN where undefined.

    Undefined: no flow above ``NOISE * max|flows|`` or none below minus that, or
    no real root x > -1.

    >>> float(annual_irr(np.array([[-100.0, 0.0, 0.0, 0.0, 110.0]]))[0]) - 0.1 < 1e-12
    True
    """
    flows = np.atleast_2d(np.asarray(flows, dtype=float))
    scale = np.abs(flows).max(axis=1, initial=0.0)[:, None]
    defined = (
        (flows > NOISE * scale).any(axis=1)
        & (flows < -NOISE * scale).any(axis=1)
        & (scale[:, 0] > 0)
    )
    changes = sign_changes(flows)
    x = np.full(flows.shape[0], np.nan)
    single = defined & (changes == 1)
    if single.all():
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            x = _single_change_root(flows)
    elif single.any():
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            x[single] = _single_change_root(flows[single])
    for i in np.flatnonzero(defined & (changes != 1)):
        x[i] = polynomial_irr(flows[i])
    return (1.0 + x) ** 4 - 1.0


def sign_changes(flows: FloatArray) -> NDArray[np.int64]:
    """Number of sign changes between consecutive non-zero flows, per path."""
    signs = np.sign(flows)
    cols = np.arange(flows.shape[1])
    last_nonzero = np.maximum.accumulate(np.where(signs != 0, cols, 0), axis=1)
    filled = np.take_along_axis(signs, last_nonzero, axis=1)
    flips = (filled[:, 1:] != filled[:, :-1]) & (filled[:, :-1] != 0)
    return flips.sum(axis=1)


def polynomial_irr(flows: FloatArray) -> float:
    """Quarterly IRR of one path from all polynomial roots (numpy-financial's rule)."""
    roots = np.roots(flows[::-1])
    roots = roots[(roots.imag == 0) & (roots.real > 0)].real
    if roots.size == 0:
        return float("nan")
    rates = 1.0 / roots - 1.0
    return float(rates[np.argmin(np.abs(rates))])


def _single_change_root(flows: FloatArray, iterations: int = 100) -> FloatArray:
    """Quarterly rate for (M, T) flows with one sign change each (call under errstate).

    With y = 1/(1+x) = exp(z) and m the first index of the second sign, the flows
    split into P(z) = sum_{t >= m} |f_t| e^{z (t-m)} and Q(z) = sum_{t < m} |f_t|
    e^{z (t-m)}; h(z) = log P - log Q rises with slope >= 1, so the root lies
    within |h(0)| of 0. Newton steps on h stay inside that bracket (else bisect).
    """
    first = np.argmax(flows != 0, axis=1)[:, None]
    f = flows * -np.sign(np.take_along_axis(flows, first, axis=1))  # negative first
    m = np.argmax(f > 0, axis=1)
    offset = (np.arange(f.shape[1])[None, :] - m[:, None]).astype(float)  # t - m
    terms = _Terms(np.abs(f), offset, np.stack([f > 0, f < 0]).astype(float))
    z = np.zeros(f.shape[0])
    h, slope = terms.log_ratio(z)
    lo, hi = np.minimum(0.0, -h), np.maximum(0.0, -h)
    # e^{z (t-m)} cannot overflow inside the bracket: skip the log-sum-exp shift.
    terms.shifted = bool((np.maximum(-lo, hi) * np.abs(offset).max(axis=1) > 600).any())
    active = np.ones(z.shape, bool)  # rows still iterating; done rows are frozen
    for _ in range(iterations):
        lo = np.where(h < 0, z, lo)
        hi = np.where(h > 0, z, hi)
        step = z - h / slope
        new = np.where((step > lo) & (step < hi), step, 0.5 * (lo + hi))
        done = np.abs(new - z) <= 1e-15 * np.maximum(1.0, np.abs(z))
        z = np.where(active, new, z)
        active &= ~done
        if not active.any():
            break
        h, slope = terms.log_ratio(z)
    return np.exp(-z) - 1.0


class _Terms:
    """The flows' magnitudes, their offsets t - m and side masks (P's, Q's terms)."""

    def __init__(self, magnitude: FloatArray, offset: FloatArray, sides: FloatArray) -> None:
        self.magnitude, self.offset, self.sides = magnitude, offset, sides
        self.sides_offset = sides * offset
        self.log_magnitude = np.log(magnitude)  # -inf for zero flows: they weigh nothing
        self.shifted = True

    def log_ratio(self, z: FloatArray) -> tuple[FloatArray, FloatArray]:
        """h(z) = log P(z) - log Q(z) and its derivative h'(z), per path."""
        if self.shifted:  # log-sum-exp: a common scale per row cancels in P/Q
            a = self.log_magnitude + z[:, None] * self.offset
            w = np.exp(a - a.max(axis=1, keepdims=True))
        else:
            w = self.magnitude * np.exp(z[:, None] * self.offset)
        sums = np.einsum("smt,mt->sm", self.sides, w)  # P, Q (scaled)
        moments = np.einsum("smt,mt->sm", self.sides_offset, w)  # P', Q' (scaled)
        return np.log(sums[0]) - np.log(sums[1]), moments[0] / sums[0] - moments[1] / sums[1]
