"""Monte Carlo: N paths of a scenario's uncertain inputs, run in chunks on the path axis.

:func:`run` draws each chunk (:mod:`simulator.uncertainty`), projects it with
:func:`~simulator.engine.simulate_inputs` and merges what it keeps: every path's
draws and summary metrics ((N,) arrays, 8 bytes each), and the percentile bands of
:data:`BAND_COLUMNS` over time. Bands are exact (all values kept) while the values
fit in :data:`EXACT_BAND_VALUES`; above that, each quarter's values go into a
fixed histogram of :data:`BINS` bins set from the first chunk's range (widened by
half of it on both sides, values outside it counted at the running min and max),
so a million paths stay well under 1 GB. Chunks run on a few threads at once.
Cancel by returning False from ``progress``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.sampling import apply_draws, draws
from simulator.analysis.stats import percentiles
from simulator.model.engine import Result, simulate, simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario.periods import periods
from simulator.scenario.uncertainty import Uncertainty
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]

BAND_COLUMNS: tuple[str, ...] = ("cum_program_revenue", "cum_fcf", "cloud_revenue", "cum_capex")
"""Columns whose spread over time is kept as bands (fan charts)."""
BAND_PERCENTILES: tuple[float, ...] = (5.0, 25.0, 50.0, 75.0, 95.0)
CHUNK = 10_000
EXACT_BAND_VALUES = 16_000_000
BINS = 4096

Progress = Callable[[int, int], bool]


class RunCancelledError(Exception):
    """The run was cancelled through its progress callback."""


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """What a run keeps.

    ``draws``: driver path -> (N,) values; ``metrics``: summary key -> (N,) (NaN =
    undefined, e.g. never paid back), plus ``discount_rate`` per path; ``bands``:
    column -> (5, T) at :data:`BAND_PERCENTILES`; ``means``: column -> (T,);
    ``deterministic``: the scenario's own one-path result.
    """

    seed: int
    paths: int
    draws: dict[str, FloatArray]
    metrics: dict[str, FloatArray]
    bands: dict[str, FloatArray]
    means: dict[str, FloatArray]
    periods: list[str]
    deterministic: Result
    exact_bands: bool


def run(
    s: Scenario,
    paths: int | None = None,
    unc: Uncertainty | None = None,
    progress: Progress | None = None,
    chunk: int = CHUNK,
    workers: int | None = None,
) -> MonteCarloResult:
    """Run ``paths`` paths (default: the section's count) of ``s``'s uncertainty.

    Chunks of at most ``chunk`` paths run ``workers`` at a time (default: one per
    CPU, at most 4; NumPy releases the GIL); results are merged in path order.
    """
    unc = unc or s.uncertainty_or_default
    n = paths or unc.paths
    workers = workers or min(4, os.cpu_count() or 1)
    chunk = max(1, min(chunk, -(-n // workers)))
    base = Inputs.from_scenario(s)
    bands = _BandAccumulator(n * s.quarters * len(BAND_COLUMNS) <= EXACT_BAND_VALUES)
    kept = _Kept(n, unc.paths_of_inputs)
    starts = list(range(0, n, chunk))

    def one(start: int) -> tuple[int, _Chunk]:
        return start, _run_chunk(s, unc, base, start, min(chunk, n - start))

    with ThreadPoolExecutor(workers) as pool:
        for i in range(0, len(starts), workers):
            for start, part in pool.map(one, starts[i : i + workers]):
                kept.store(start, part)
                bands.add(part.bands)
            done = min(n, starts[min(i + workers, len(starts)) - 1] + chunk)
            if progress is not None and not progress(done, n):
                raise RunCancelledError
        band_values = bands.percentiles(pool)
    return MonteCarloResult(
        seed=unc.seed,
        paths=n,
        draws=kept.draws,
        metrics=kept.metrics,
        bands=band_values,
        means=bands.means(),
        periods=periods(s.first_period, s.quarters),
        deterministic=simulate(s),
        exact_bands=bands.exact,
    )


@dataclass(frozen=True)
class _Chunk:
    """What one chunk of paths keeps: draws, metrics (N,), band columns (N, T)."""

    draws: dict[str, FloatArray]
    metrics: dict[str, FloatArray]
    bands: dict[str, FloatArray]


def _run_chunk(s: Scenario, unc: Uncertainty, base: Inputs, start: int, count: int) -> _Chunk:
    """Draw and project paths ``start .. start+count``."""
    values = draws(s, unc, start, count)
    x = apply_draws(base.repeat(count), s, values)
    result = simulate_inputs(x)
    metrics = {**result.metrics, "discount_rate": x.discount_rate}
    return _Chunk(values, metrics, {c: result.columns[c] for c in BAND_COLUMNS})


class _Kept:
    """Every path's draws and metrics, in preallocated (N,) arrays."""

    def __init__(self, n: int, inputs: tuple[str, ...]) -> None:
        self.n = n
        self.draws = {p: np.empty(n) for p in inputs}
        self.metrics: dict[str, FloatArray] = {}

    def store(self, start: int, part: _Chunk) -> None:
        rows = slice(start, start + next(iter(part.bands.values())).shape[0])
        for p, v in part.draws.items():
            self.draws[p][rows] = v
        for k, v in part.metrics.items():
            self.metrics.setdefault(k, np.empty(self.n))[rows] = v


class _BandAccumulator:
    """Merges (n, T) chunks per column into percentiles over the path axis."""

    def __init__(self, exact: bool) -> None:
        self.exact = exact
        self._chunks: dict[str, list[FloatArray]] = {}
        self._hist: dict[str, _Histogram] = {}
        self._sum: dict[str, FloatArray] = {}
        self._count = 0

    def add(self, columns: dict[str, FloatArray]) -> None:
        self._count += next(iter(columns.values())).shape[0]
        for name, values in columns.items():
            self._sum[name] = self._sum.get(name, 0.0) + values.sum(axis=0)
            if self.exact:
                self._chunks.setdefault(name, []).append(values)
            else:
                self._hist.setdefault(name, _Histogram(values)).add(values)

    def percentiles(self, pool: ThreadPoolExecutor) -> dict[str, FloatArray]:
        """Each column's bands, (5, T), the columns computed side by side in ``pool``."""
        if self.exact:
            names = list(self._chunks)
            work = [np.concatenate(self._chunks[k]) for k in names]
            bands = pool.map(lambda v: percentiles(v, BAND_PERCENTILES), work)
        else:
            names = list(self._hist)
            bands = pool.map(lambda k: self._hist[k].percentiles(BAND_PERCENTILES), names)
        return dict(zip(names, bands, strict=True))

    def means(self) -> dict[str, FloatArray]:
        return {k: v / self._count for k, v in self._sum.items()}


class _Histogram:
    """Per-quarter histograms with fixed edges, for bands of very many paths."""

    def __init__(self, first: FloatArray) -> None:
        lo, hi = first.min(axis=0), first.max(axis=0)
        pad = 0.5 * (hi - lo)
        self.lo = lo - pad
        span = (hi + pad) - self.lo
        self.width = np.maximum(span, np.maximum(np.abs(lo), 1.0) * 1e-12) / BINS
        self.counts = np.zeros((first.shape[1], BINS + 2), dtype=np.int64)
        self.min, self.max = lo.copy(), hi.copy()

    def add(self, values: FloatArray) -> None:
        t = values.shape[1]
        index = np.floor((values - self.lo) / self.width)
        index = np.clip(index, -1, BINS).astype(np.int64) + 1  # 0 below, BINS+1 above
        flat = index + np.arange(t) * (BINS + 2)
        self.counts += np.bincount(flat.ravel(), minlength=t * (BINS + 2)).reshape(t, BINS + 2)
        np.minimum(self.min, values.min(axis=0), out=self.min)
        np.maximum(self.max, values.max(axis=0), out=self.max)

    def percentiles(self, q: tuple[float, ...]) -> FloatArray:
        cum = np.cumsum(self.counts, axis=1)  # (T, BINS+2)
        total = cum[:, -1:]
        out = np.empty((len(q), self.counts.shape[0]))
        for i, p in enumerate(q):
            target = p / 100.0 * total  # (T, 1)
            k = (cum < target).sum(axis=1)  # bin holding the target
            below = np.where(
                k > 0, np.take_along_axis(cum, np.maximum(k - 1, 0)[:, None], 1)[:, 0], 0
            )
            inside = np.take_along_axis(self.counts, k[:, None], 1)[:, 0]
            frac = np.where(inside > 0, (target[:, 0] - below) / np.maximum(inside, 1), 0.5)
            value = self.lo + (k - 1 + frac) * self.width
            out[i] = np.clip(value, self.min, self.max)
        return out
