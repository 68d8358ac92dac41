"""Monte Carlo: N paths of a scenario's uncertain inputs, run in chunks on the path axis.

:func:`run` lays the paths out (:func:`~simulator.analysis.sampling.design`: plain
random, or R replicates of a Latin hypercube or scrambled Sobol' design), draws each
chunk (:mod:`simulator.analysis.sampling`), projects it with
:func:`~simulator.model.engine.simulate_inputs` and merges what it keeps: every path's
draws and summary metrics ((N,) arrays, 8 bytes each), and the percentile bands of
:data:`BAND_COLUMNS` over time. Bands are exact (all values kept) while the values
fit in :data:`EXACT_BAND_VALUES`; above that they come from bins that follow the data
(:class:`QuantileBins`), with a bound on their error, so a million paths stay well
under 1 GB. Chunks run on a few threads at once. With a precision target in the
section the run stops at the first checkpoint where the target's 95% interval is
narrow enough (see :func:`checkpoints`). Cancel by returning False from ``progress``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from simulator.analysis import convergence
from simulator.analysis.bands import QuantileBins
from simulator.analysis.cancel import Progress, RunCancelledError
from simulator.analysis.convergence import Interval
from simulator.analysis.sampling import Design, apply_draws, design, draws
from simulator.analysis.stats import percentiles
from simulator.model import fused
from simulator.model.engine import Result, simulate, simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario.periods import periods
from simulator.scenario.uncertainty import Precision, Uncertainty
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]

BAND_COLUMNS: tuple[str, ...] = ("cum_program_revenue", "cum_fcf", "cloud_revenue", "cum_capex")
"""Columns whose spread over time is kept as bands (fan charts)."""
BAND_PERCENTILES: tuple[float, ...] = (5.0, 25.0, 50.0, 75.0, 95.0)
CHUNK = 10_000
EXACT_BAND_VALUES = 16_000_000
ENGINES = ("auto", "numpy", "fused")
PRECISION_STEP = 1_000
"""Plain random runs with a precision target check it every 1,000 paths up to 10,000
paths, then every :data:`CHUNK` paths."""

__all__ = ["MonteCarloResult", "Progress", "RunCancelledError", "checkpoints", "run"]


@dataclass(frozen=True)
class PrecisionOutcome:
    """The precision target, the target statistic's interval where the run ended, and
    whether that interval meets the target."""

    precision: Precision
    interval: Interval
    reached: bool


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """What a run keeps.

    ``draws``: driver path -> (N,) values; ``metrics``: summary key -> (N,) (NaN =
    undefined, e.g. never paid back), plus ``discount_rate`` per path; ``bands``:
    column -> (5, T) at :data:`BAND_PERCENTILES`; ``band_error``: column -> (5, T)
    bound on the bands' error (0 when exact); ``means``: column -> (T,);
    ``deterministic``: the scenario's own one-path result. ``sampler``,
    ``replicates`` and ``replicate_size`` give the design (path i is in replicate
    i // replicate_size); ``max_paths`` the paths planned (``paths`` is fewer when a
    precision target stopped the run). ``deterministic_only``: no input varies (no
    uncertain inputs, or none with any spread): the paths are all the same case and
    no probability should be shown. ``restricted``: inputs held to a probability range
    (a stress test).
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
    sampler: str = "random"
    replicates: int = 1
    replicate_size: int = 0
    max_paths: int = 0
    deterministic_only: bool = False
    precision: PrecisionOutcome | None = None
    band_error: dict[str, FloatArray] = field(default_factory=dict)
    uncertainty: Uncertainty | None = None
    restricted: tuple[tuple[str, float, float], ...] = ()


def checkpoints(des: Design, precision: Precision | None) -> list[int]:
    """Path counts after which a precision target is checked (the run may stop there).

    Plain random: every :data:`PRECISION_STEP` paths up to 10 x that, then every
    :data:`CHUNK` paths, and at the end. Latin hypercube and Sobol': after each whole
    replicate from the :data:`~simulator.analysis.convergence.MIN_STOP_REPLICATES`-th.
    Without a target: only the end. The checkpoints depend on the design alone, never
    on chunking or threads, so a stopped run is reproducible.
    """
    n = des.paths
    if precision is None:
        return [n]
    if des.sampler == "random":
        early = list(range(PRECISION_STEP, 10 * PRECISION_STEP + 1, PRECISION_STEP))
        late = list(range(10 * PRECISION_STEP + CHUNK, n, CHUNK))
        return sorted({c for c in early + late if c < n} | {n})
    first = min(convergence.MIN_STOP_REPLICATES, des.replicates)
    return [r * des.size for r in range(first, des.replicates + 1)]


def run(
    s: Scenario,
    paths: int | None = None,
    unc: Uncertainty | None = None,
    progress: Progress | None = None,
    chunk: int = CHUNK,
    workers: int | None = None,
    restrict: Mapping[str, tuple[float, float]] | None = None,
    stop: bool = True,
    engine: str = "auto",
) -> MonteCarloResult:
    """Run ``paths`` paths (default: the section's count) of ``s``'s uncertainty.

    Chunks of at most ``chunk`` paths run ``workers`` at a time (default: one per
    CPU, at most 4; NumPy releases the GIL); results are merged in path order and
    never depend on ``chunk`` or ``workers``. ``restrict`` maps inputs to probability
    ranges (lo, hi) their coordinates are mapped onto (:func:`stress
    <simulator.analysis.stress.stress>`). ``stop=False`` ignores a precision target.
    ``engine``: ``"auto"`` projects with the compiled engine once it is ready
    (:func:`simulator.model.fused.warm_up`) and with the NumPy engine until then;
    ``"numpy"`` or ``"fused"`` choose one (the two agree to 1e-12 relative).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    unc = unc or s.uncertainty_or_default
    restrict = dict(restrict or {})
    des = design(unc, paths)
    n = des.paths
    target = unc.precision if stop and unc.inputs else None
    checks = checkpoints(des, target)
    workers = workers or min(4, os.cpu_count() or 1)
    pieces = _pieces(checks, max(1, min(chunk, -(-n // workers))))
    base = Inputs.from_scenario(s)
    bands = _BandAccumulator(n * s.quarters * len(BAND_COLUMNS) <= EXACT_BAND_VALUES)
    kept = _Kept(n, unc.paths_of_inputs)
    outcome: PrecisionOutcome | None = None
    end = n

    def one(piece: tuple[int, int]) -> _Chunk:
        return _run_chunk(s, unc, base, des, piece, restrict, engine)

    with ThreadPoolExecutor(workers) as pool:
        for i in range(0, len(pieces), workers):
            batch = pieces[i : i + workers]
            for (start, count), part in zip(batch, pool.map(one, batch), strict=True):
                kept.store(start, part)
                bands.add(part.bands)
                if target is not None and start + count in checks:
                    outcome = _check(kept, target, des, start + count)
                    if outcome.reached:
                        end = start + count
                        break
            if progress is not None and not progress(min(end, batch[-1][0] + batch[-1][1]), n):
                raise RunCancelledError
            if end < n or (outcome is not None and outcome.reached):
                break
        band_values, band_error = bands.percentiles(pool)
    metrics = {k: v[:end].copy() if end < n else v for k, v in kept.metrics.items()}
    values = {k: v[:end].copy() if end < n else v for k, v in kept.draws.items()}
    return MonteCarloResult(
        seed=unc.seed,
        paths=end,
        draws=values,
        metrics=metrics,
        bands=band_values,
        means=bands.means(),
        periods=periods(s.first_period, s.quarters),
        deterministic=simulate(s),
        exact_bands=bands.exact,
        sampler=des.sampler,
        replicates=max(1, end // des.size) if des.sampler != "random" else 1,
        replicate_size=des.size if des.sampler != "random" else end,
        max_paths=n,
        deterministic_only=not any(np.ptp(v) > 0 for v in values.values()),
        precision=outcome,
        band_error=band_error,
        uncertainty=unc,
        restricted=tuple((p, lo, hi) for p, (lo, hi) in sorted(restrict.items())),
    )


def _pieces(checks: list[int], size: int) -> list[tuple[int, int]]:
    """(start, count) chunks of at most ``size`` paths that never straddle a checkpoint,
    in path order (a chunk may span replicates: its points do not depend on it)."""
    out, start = [], 0
    for stop in checks:
        while start < stop:
            count = min(size, stop - start)
            out.append((start, count))
            start += count
    return out


def _check(kept: _Kept, target: Precision, des: Design, upto: int) -> PrecisionOutcome:
    prefix = {k: v[:upto] for k, v in kept.metrics.items()}
    replicates = upto // des.size if des.sampler != "random" else None
    iv = convergence.interval(prefix, target.statistic, replicates, des.size)
    return PrecisionOutcome(target, iv, iv.meets(target))


@dataclass(frozen=True)
class _Chunk:
    """What one chunk of paths keeps: draws, metrics (N,), band columns (N, T)."""

    draws: dict[str, FloatArray]
    metrics: dict[str, FloatArray]
    bands: dict[str, FloatArray]


def _run_chunk(
    s: Scenario,
    unc: Uncertainty,
    base: Inputs,
    des: Design,
    piece: tuple[int, int],
    restrict: Mapping[str, tuple[float, float]],
    engine: str,
) -> _Chunk:
    """Draw and project paths ``start .. start+count`` (``engine``: see :func:`run`)."""
    start, count = piece
    values = draws(s, unc, start, count, des, restrict)
    x = apply_draws(base.repeat(count), s, values)
    if engine == "fused" or (engine == "auto" and fused.available()):
        out = fused.fused_run(x, BAND_COLUMNS)
        metrics, columns = out.metrics, out.columns
    else:
        result = simulate_inputs(x)
        metrics, columns = result.metrics, result.columns
    metrics = {**metrics, "discount_rate": x.discount_rate}
    return _Chunk(values, metrics, {c: columns[c] for c in BAND_COLUMNS})


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
        self._bins: dict[str, QuantileBins] = {}
        self._sum: dict[str, FloatArray] = {}
        self._count = 0

    def add(self, columns: dict[str, FloatArray]) -> None:
        self._count += next(iter(columns.values())).shape[0]
        for name, values in columns.items():
            self._sum[name] = self._sum.get(name, 0.0) + values.sum(axis=0)
            if self.exact:
                self._chunks.setdefault(name, []).append(values)
            else:
                self._bins.setdefault(name, QuantileBins()).add(values)

    def percentiles(
        self, pool: ThreadPoolExecutor
    ) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
        """Each column's bands and their error bound, (5, T) each, computed side by side."""
        if self.exact:
            names = list(self._chunks)
            work = [np.concatenate(self._chunks[k]) for k in names]
            bands = list(pool.map(lambda v: percentiles(v, BAND_PERCENTILES), work))
            errors = [np.zeros_like(b) for b in bands]
        else:
            names = list(self._bins)
            pairs = list(pool.map(lambda k: self._bins[k].percentiles(BAND_PERCENTILES), names))
            bands, errors = [p[0] for p in pairs], [p[1] for p in pairs]
        return dict(zip(names, bands, strict=True)), dict(zip(names, errors, strict=True))

    def means(self) -> dict[str, FloatArray]:
        return {k: v / self._count for k, v in self._sum.items()}
