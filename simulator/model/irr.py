"""Internal rate of return of quarterly flows, for N paths at once.

The quarterly rate x solves sum_t flows[t] * (1 + x) ** -(t + 1) = 0; of the real
roots x > -1 the one nearest 0 is taken, as numpy-financial's ``irr`` does. Where
the flows change sign exactly once (almost every programme: spend, then returns),
Descartes' rule says there is exactly one such root, found for all those paths at
once by a safeguarded Halley iteration; flows with several sign changes are bracketed
on a grid of rates (:mod:`simulator.model.roots`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from simulator.model.blas import serial_matmul
from simulator.model.roots import nearest_roots

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
NOISE = 1e-9
ITERATIONS = 100
SETTLED = 1e-17  # a Halley step's estimated error C * step ** 3 below this (x max(1, |z|))


def annual_irr(flows: FloatArray) -> FloatArray:
    """Annual IRR (1 + x) ** 4 - 1 of (N, T) quarterly flows, NaN where undefined.

    Undefined: no flow above ``NOISE * max|flows|`` or none below minus that, or
    no real root x > -1.

    >>> float(annual_irr(np.array([[-100.0, 0.0, 0.0, 0.0, 110.0]]))[0]) - 0.1 < 1e-12
    True
    """
    flows = np.atleast_2d(np.asarray(flows, dtype=float))
    scale = np.abs(flows).max(axis=1, initial=0.0)[:, None]
    pos, neg = flows > NOISE * scale, flows < -NOISE * scale
    defined = pos.any(axis=1) & neg.any(axis=1)  # implies scale > 0
    single = defined & one_sign_change(flows)
    x = np.full(flows.shape[0], np.nan)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        if single.all():
            x = _single_change_root(flows, scale)
        elif single.any():
            x[single] = _single_change_root(flows[single], scale[single])
        several = defined & ~single
        if several.any():
            x[several] = nearest_roots(flows[several])
    return (1.0 + x) ** 4 - 1.0


def sign_changes(flows: FloatArray) -> NDArray[np.int64]:
    """Number of sign changes between consecutive non-zero flows, per path."""
    signs = np.sign(flows)
    cols = np.arange(flows.shape[1])
    last_nonzero = np.maximum.accumulate(np.where(signs != 0, cols, 0), axis=1)
    filled = np.take_along_axis(signs, last_nonzero, axis=1)
    flips = (filled[:, 1:] != filled[:, :-1]) & (filled[:, :-1] != 0)
    return flips.sum(axis=1)


def one_sign_change(flows: FloatArray) -> BoolArray:
    """Whether the non-zero (N, T) flows change sign exactly once, per path.

    Same as ``sign_changes(flows) == 1``: every flow of one sign comes before
    every flow of the other, and both signs occur.
    """
    pos, neg = flows > 0, flows < 0
    last = flows.shape[1] - 1
    pos_then_neg = last - np.argmax(pos[:, ::-1], axis=1) < np.argmax(neg, axis=1)
    neg_then_pos = last - np.argmax(neg[:, ::-1], axis=1) < np.argmax(pos, axis=1)
    return pos.any(axis=1) & neg.any(axis=1) & (pos_then_neg | neg_then_pos)


def _single_change_root(flows: FloatArray, scale: FloatArray) -> FloatArray:
    """Quarterly rate for (M, T) flows with one sign change each; ``scale`` (M, 1) max|flows|.

    Call under ``np.errstate``. Paths the fast solver cannot settle (extreme
    rates whose terms underflow) are solved again in log-sum-exp form.
    """
    first = np.argmax(flows != 0, axis=1)[:, None]
    sign = -np.sign(np.take_along_axis(flows, first, axis=1))
    f = flows * (sign / scale)  # negative first, |f| <= 1
    ratio = _Ratio(f)  # takes f over as scratch space
    z = ratio.solve()
    redo = ~np.isfinite(z)
    if redo.any():
        z[redo] = _Terms(ratio.pos[redo] - ratio.neg[redo]).solve()
    return np.exp(-z) - 1.0


class _Ratio:
    """h(z) = log P(z) - log Q(z) for negative-first flows with one sign change.

    With y = 1/(1+x) = exp(z), P(z) = sum of f_t e^{z t} over the positive flows
    and Q(z) the same over the negative ones (magnitudes); the root of P = Q is the
    IRR. P's terms all come after Q's, so h rises with slope h' >= 1: the root lies
    within |h(z)| of any z. The derivatives of log P are the cumulants of t under
    weights f_t e^{z t}, from moments taken as one matrix product per side.
    A third-order Householder step from z = 0 (where e^{z t} = 1 costs nothing),
    then Halley steps, safeguarded by the bracket; rows leave once settled.
    """

    def __init__(self, f: FloatArray) -> None:
        self.pos = np.maximum(f, 0.0)
        self.neg = np.subtract(self.pos, f, out=f)  # max(-f, 0), exactly; f is a scratch copy
        self.reach = 0.5 * (f.shape[1] - 1)  # max |t - centre|

    def solve(self) -> FloatArray:
        """The root z per path; NaN where the iteration failed."""
        m = self.pos.shape[0]
        z, lo, hi, rows = np.zeros(m), np.full(m, -np.inf), np.full(m, np.inf), np.arange(m)
        out = np.full(m, np.nan)
        for i in range(ITERATIONS):
            h = self.cumulant_gaps(z, rows, 4 if i == 0 else 3)
            lo = np.maximum(np.where(h[0] < 0, z, lo), z - np.abs(h[0]))
            hi = np.minimum(np.where(h[0] > 0, z, hi), z + np.abs(h[0]))
            z, done = _safe_step(z, h, lo, hi)
            done |= ~np.isfinite(h[0])  # a side underflowed: leave NaN for the fallback
            out[rows[done]] = np.where(np.isfinite(h[0]), z, np.nan)[done]
            keep = ~done
            if not keep.any():
                break
            z, lo, hi, rows = z[keep], lo[keep], hi[keep], rows[keep]
        return out

    def cumulant_gaps(self, z: FloatArray, rows: NDArray[np.int64], order: int) -> list[FloatArray]:
        """h and its first ``order - 1`` derivatives at z, for the paths ``rows`` ((m,) each)."""
        pos, neg = (
            (self.pos, self.neg)
            if rows.size == self.pos.shape[0]
            else (self.pos[rows], self.neg[rows])
        )
        if np.any(z):
            e = np.multiply(z[:, None], _centred(pos.shape[1]))
            if np.abs(z).max() * self.reach > 600:  # a common factor per row cancels in h
                e -= np.abs(z)[:, None] * self.reach  # exponents <= 0: no overflow
            np.exp(e, out=e)
            pos, neg = pos * e, np.multiply(neg, e, out=e)
        mp = serial_matmul(pos, _moment_matrix(pos.shape[1], order))
        mq = serial_matmul(neg, _moment_matrix(pos.shape[1], order))
        kp, kq = _cumulants(mp), _cumulants(mq)
        return [a - b for a, b in zip(kp, kq, strict=True)]


def _cumulants(m: FloatArray) -> list[FloatArray]:
    """log m0 and the first cumulants of u from (m, k) raw moments m0..m_{k-1}."""
    mean = m[:, 1] / m[:, 0]
    out = [np.log(m[:, 0]), mean]
    if m.shape[1] > 2:
        second = m[:, 2] / m[:, 0]
        out.append(second - mean * mean)
    if m.shape[1] > 3:
        out.append(m[:, 3] / m[:, 0] - 3.0 * mean * second + 2.0 * mean**3)
    return out


def _safe_step(
    z: FloatArray, h: list[FloatArray], lo: FloatArray, hi: FloatArray
) -> tuple[FloatArray, BoolArray]:
    """The best step inside (lo, hi): Householder, Halley, Newton, else bisection.

    Also whether the step is final: a Halley step whose error, about
    (1 + (h''/2h')^2) * step^3, is below ``SETTLED``, a bracket down to rounding,
    or h = 0.
    """
    f, d1, d2 = h[0], h[1], h[2]
    halley = -2.0 * f * d1 / (2.0 * d1 * d1 - f * d2)
    steps = [halley, -f / d1]
    if len(h) > 3:
        top = 6.0 * f * d1 * d1 - 3.0 * f * f * d2
        steps.insert(0, -top / (6.0 * d1**3 - 6.0 * f * d1 * d2 + f * f * h[3]))
    new = 0.5 * (lo + hi)
    for step in steps[::-1]:  # the preferred step last, so it wins
        new = np.where((z + step > lo) & (z + step < hi), z + step, new)
    size = np.maximum(1.0, np.abs(new))
    error = np.abs(halley) ** 3 * (1.0 + (0.5 * d2 / d1) ** 2)
    settled = (new == z + halley) & (error <= SETTLED * size)
    return new, settled | (hi - lo <= 4e-16 * size) | (f == 0)


@lru_cache(maxsize=32)
def _centred(quarters: int) -> FloatArray:
    """t - (T - 1) / 2 for t = 0..T-1, shape (1, T)."""
    return (np.arange(quarters) - 0.5 * (quarters - 1))[None, :]


@lru_cache(maxsize=64)
def _moment_matrix(quarters: int, order: int) -> FloatArray:
    """(T, order) powers u ** k, k < order, of u = t - (T - 1) / 2: read-only."""
    out = _centred(quarters)[0][:, None] ** np.arange(order)
    out.flags.writeable = False
    return out


class _Terms:
    """The robust fallback: Newton on h in log-sum-exp form, for extreme rates."""

    def __init__(self, f: FloatArray) -> None:
        m = np.argmax(f > 0, axis=1)
        self.offset = (np.arange(f.shape[1])[None, :] - m[:, None]).astype(float)  # t - m
        self.sides = np.stack([f > 0, f < 0]).astype(float)
        self.sides_offset = self.sides * self.offset
        self.log_magnitude = np.log(np.abs(f))  # -inf for zero flows: they weigh nothing

    def solve(self) -> FloatArray:
        """The root z per path, by Newton steps kept inside the bracket (else bisection)."""
        z = np.zeros(self.offset.shape[0])
        h, slope = self.log_ratio(z)
        lo, hi = np.minimum(0.0, -h), np.maximum(0.0, -h)
        active = np.ones(z.shape, bool)  # rows still iterating; done rows are frozen
        for _ in range(ITERATIONS):
            lo, hi = np.where(h < 0, z, lo), np.where(h > 0, z, hi)
            step = z - h / slope
            new = np.where((step > lo) & (step < hi), step, 0.5 * (lo + hi))
            done = np.abs(new - z) <= 1e-15 * np.maximum(1.0, np.abs(z))
            z = np.where(active, new, z)
            active &= ~done
            if not active.any():
                break
            h, slope = self.log_ratio(z)
        return z

    def log_ratio(self, z: FloatArray) -> tuple[FloatArray, FloatArray]:
        """h(z) = log P(z) - log Q(z) and its derivative h'(z), per path."""
        a = self.log_magnitude + z[:, None] * self.offset
        w = np.exp(a - a.max(axis=1, keepdims=True))  # a common scale cancels in P/Q
        sums = np.einsum("smt,mt->sm", self.sides, w)  # P, Q (scaled)
        moments = np.einsum("smt,mt->sm", self.sides_offset, w)  # P', Q' (scaled)
        return np.log(sums[0]) - np.log(sums[1]), moments[0] / sums[0] - moments[1] / sums[1]
