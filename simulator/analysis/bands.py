"""Percentile bands of very many paths from bins that follow the data, with an error bound.

:class:`QuantileBins` takes (n, T) chunks of one column (paths x quarters). The first
:data:`EDGE_SAMPLE` paths set each quarter's bin edges at their own order statistics
(up to :data:`BINS` edges, equally spaced in rank), so every bin holds about the same
share of the paths however wide or skewed the distribution is. Every chunk, those
first paths included, then adds exact counts: for each quarter and edge e_k, how many
values are < e_k and how many are <= e_k (a sort and two searches per chunk), so each
edge is a bin of its own holding the values equal to it (a point mass is exact) and
the open intervals between edges are bins too. The running minimum and maximum close
the first and last bins.

A percentile is numpy's linear one, x_(j) + f (x_(j+1) - x_(j)) at position
j + f = q/100 (N - 1) (0-based order statistics); the counts say exactly which bin
holds each order statistic, and it is placed at the middle of its share of that bin.
Each order statistic therefore lies in a known bin [lo, hi], so the error of the
band value is at most the wider of the two bins: that bound is returned beside the
bands (for 4,096 edges it is about 1/4,096 of the paths' rank range around the value).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

BINS = 4096
EDGE_SAMPLE = 10_000


class QuantileBins:
    """Per-quarter bins with edges at the first paths' order statistics (see module)."""

    def __init__(self) -> None:
        self._buffer: list[FloatArray] = []
        self.edges: FloatArray | None = None  # (T, E)
        self.at_most: NDArray[np.int64] | None = None  # (T, E): values <= each edge
        self.below: NDArray[np.int64] | None = None  # (T, E): values < each edge
        self.count = 0
        self.min: FloatArray | None = None
        self.max: FloatArray | None = None

    def add(self, values: FloatArray) -> None:
        """Add (n, T) values of one chunk."""
        lo, hi = values.min(axis=0), values.max(axis=0)
        self.min = lo if self.min is None else np.minimum(self.min, lo)
        self.max = hi if self.max is None else np.maximum(self.max, hi)
        if self.edges is None:
            self._buffer.append(values)
            if sum(b.shape[0] for b in self._buffer) >= EDGE_SAMPLE:
                self._set_edges()
            return
        self._count(values)

    def _set_edges(self) -> None:
        first = np.concatenate(self._buffer)
        self._buffer = []
        ordered = np.sort(first.T, axis=1)  # (T, n0)
        n0 = ordered.shape[1]
        ranks = np.unique(np.rint(np.linspace(0, n0 - 1, min(BINS, n0))).astype(np.int64))
        self.edges = np.ascontiguousarray(ordered[:, ranks])
        self.at_most = np.zeros(self.edges.shape, dtype=np.int64)
        self.below = np.zeros(self.edges.shape, dtype=np.int64)
        self._count(first)

    def _count(self, values: FloatArray) -> None:
        assert self.edges is not None and self.at_most is not None and self.below is not None
        ordered = np.sort(values.T, axis=1)  # (T, n)
        for t in range(ordered.shape[0]):
            self.at_most[t] += np.searchsorted(ordered[t], self.edges[t], side="right")
            self.below[t] += np.searchsorted(ordered[t], self.edges[t], side="left")
        self.count += values.shape[0]

    def percentiles(self, q: Sequence[float]) -> tuple[FloatArray, FloatArray]:
        """(values, error bounds), each (len(q), T), of numpy's linear percentiles."""
        if self.edges is None:
            self._set_edges()
        assert self.edges is not None and self.at_most is not None and self.below is not None
        assert self.min is not None and self.max is not None
        n, (t, e) = self.count, self.edges.shape
        # bins in order: [min, e_0), {e_0}, (e_0, e_1), {e_1}, ..., {e_E-1}, (e_E-1, max]
        cum = np.empty((t, 2 * e + 1), dtype=np.int64)
        cum[:, 0:-1:2], cum[:, 1::2], cum[:, -1] = self.below, self.at_most, n
        np.maximum.accumulate(cum, axis=1, out=cum)  # repeated edges: empty bins
        lower = np.empty((t, 2 * e + 1))
        lower[:, 0], lower[:, 1::2], lower[:, 2::2] = self.min, self.edges, self.edges
        upper = np.empty((t, 2 * e + 1))
        upper[:, 0:-1:2], upper[:, 1::2], upper[:, -1] = self.edges, self.edges, self.max
        values, errors = np.empty((len(q), t)), np.empty((len(q), t))
        for i, p in enumerate(q):
            pos = p / 100.0 * (n - 1)
            j = int(np.floor(pos))
            x0, w0 = self._order_statistic(cum, lower, upper, j)
            x1, w1 = self._order_statistic(cum, lower, upper, min(j + 1, n - 1))
            values[i] = x0 + (pos - j) * (x1 - x0)
            errors[i] = np.maximum(w0, w1)
        return values, errors

    @staticmethod
    def _order_statistic(
        cum: NDArray[np.int64], lower: FloatArray, upper: FloatArray, j: int
    ) -> tuple[FloatArray, FloatArray]:
        """The 0-based order statistic j of each quarter, estimated, and its bin's width."""
        b = (cum <= j).sum(axis=1)  # the bin holding order statistic j
        rows = np.arange(cum.shape[0])
        below = np.where(b > 0, cum[rows, np.maximum(b - 1, 0)], 0)
        inside = cum[rows, b] - below
        lo, hi = lower[rows, b], upper[rows, b]
        share = (j - below + 0.5) / np.maximum(inside, 1)
        return lo + share * (hi - lo), hi - lo
