"""Spend series and their convolution with vintage kernels (docs/model.md sections 3-4).

A spend series is a list of *blocks*: an amount per quarter (N,) spent in each quarter
of ``width`` consecutive quarters from ``start``. The programme is one block per plan
year (4 quarters each), the history one block per quarter. A quantity of a spend
series is ``(c * K)[t] = sum over tau of c[tau] K[t - tau]``; a block contributes its
amount times a difference of the kernel's running sum, so no (N, T, T) array is made.
A kernel every path shares turns the whole series into one matrix product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.model.blas import serial_matmul
from simulator.model.inputs import Inputs

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Blocks:
    """Spend as blocks: ``amounts`` (N, B) per quarter, ``starts`` and ``widths`` (B,)."""

    amounts: FloatArray
    starts: tuple[int, ...]
    widths: tuple[int, ...]

    def quarterly(self, quarters: int) -> FloatArray:
        """The spend of every quarter: (N, T)."""
        out = np.zeros((self.amounts.shape[0], quarters))
        for b, (s, w) in enumerate(zip(self.starts, self.widths, strict=True)):
            out[:, s : s + w] = self.amounts[:, b, None]
        return out


def programme(x: Inputs) -> Blocks:
    """c_P: C * s[y] / 4 in each quarter of plan year y (zero past the programme)."""
    q = x.history_quarters
    amounts = x.split * (x.total_capex[:, None] / 4.0)
    years = range(x.years)
    return Blocks(amounts, tuple(q + 4 * y for y in years), tuple(4 for _ in years))


def history(x: Inputs) -> Blocks:
    """c_H: the history's capex, one block per quarter."""
    q = x.history_quarters
    return Blocks(x.history, tuple(range(q)), tuple(1 for _ in range(q)))


def convolve(spend: Blocks, kernel: FloatArray, quarters: int) -> FloatArray:
    """(c * K)[t] for t = 0..T-1: (N, T). ``kernel`` (N, T) or (1, T) over ages."""
    active = [b for b in range(len(spend.starts)) if spend.amounts[:, b].any()]
    n = spend.amounts.shape[0]
    if not active:
        return np.zeros((n, quarters))
    running = np.zeros((kernel.shape[0], quarters + 1))
    np.cumsum(kernel, axis=1, out=running[:, 1:])  # running[i] = sum of K[:i]
    if kernel.shape[0] == 1:
        response = np.stack([_block_response(running[0], spend, b, quarters) for b in active])
        return serial_matmul(np.ascontiguousarray(spend.amounts[:, active]), response)
    out = np.zeros((n, quarters))
    for b in active:
        out += spend.amounts[:, b, None] * _block_response(running, spend, b, quarters)
    return out


def _block_response(running: FloatArray, spend: Blocks, b: int, quarters: int) -> FloatArray:
    """What one unit a quarter in block b gives at t: running[t-s+1] - running[t-s-w+1]."""
    t = np.arange(quarters)
    s, w = spend.starts[b], spend.widths[b]
    hi = np.clip(t - s + 1, 0, quarters)
    lo = np.clip(t - s - w + 1, 0, quarters)
    return running[..., hi] - running[..., lo]
