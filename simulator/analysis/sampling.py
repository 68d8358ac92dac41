"""Draws of the uncertain inputs: common random numbers through a Gaussian copula.

Draws are reproducible and *common*: input ``path`` at path index ``i`` always gets
the same unit-interval coordinate for a given seed, sampler and design, whatever else
the scenario holds and however the run is chunked or threaded, so two scenarios run
with one seed differ by their assumptions, not by sampling noise. Three samplers give
the coordinates (each input its own, computed from ``(seed, path)`` alone):

- ``random``: one PCG64 stream per (seed, crc32(path)), one step per path
  (:func:`uniforms`); a run of N paths is the first N of any longer run.
- ``lhs``: Latin hypercube, in R replicates of m paths: input ``path`` in replicate r
  is scipy's one-dimensional ``qmc.LatinHypercube`` of m points seeded by
  (seed, crc32(path), r, 1); independent strata orders per input make the R joint
  Latin hypercubes (:func:`lhs_column`).
- ``sobol``: scrambled Sobol' points, in R replicates of m = 2^k paths: input ``path``
  is Sobol' dimension :func:`sobol_dimension` (fixed by its name), with Joe and Kuo's
  direction numbers (read from scipy's ``qmc.Sobol``), a random linear matrix scramble
  and digital shift (Matousek) seeded by (seed, crc32(path), r, 2), and a uniform
  jitter inside the 2^-32 cell from (seed, crc32(path), r, 3) (:func:`sobol_column`).

Correlated inputs go through the copula factor of
:func:`simulator.scenario.uncertainty.copula_factor`; each coordinate is turned into
the input's value by its distribution's inverse CDF, truncated to the driver's range.
"""

from __future__ import annotations

import math
import warnings
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.drivers import driver
from simulator.model.inputs import Inputs
from simulator.scenario import fields
from simulator.scenario.limits import MAX_CATEGORIES
from simulator.scenario.uncertainty import MAX_PATHS, Uncertainty, copula_factor
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]
_TINY = 2.0**-54
_TOP = 1.0 - 2.0**-53
BITS = 32  # Sobol' integer resolution
LEVELS = 20  # Sobol' indexes below 2**20 (> the most paths) within a replicate
_LHS, _SOBOL_SCRAMBLE, _SOBOL_JITTER = 1, 2, 3

SOBOL_SCALARS: tuple[str, ...] = (
    "program.total_capex",
    "revenue.yield",
    "revenue.ai_growth",
    "revenue.core_growth",
    "economics.ebitda_margin",
    "revenue.price_decline",
    "economics.discount_rate",
    "revenue.base_quarterly",
    "revenue.ai_share",
    "economics.tax_rate",
    "program.year_split",
    # reserved for model v2's drivers (a name no scenario has yet is never drawn)
    "revenue.ramp_quarters",
    "capacity.refresh_share",
    "economics.core_margin",
    "economics.fixed_cost",
    "economics.attribution",
    "economics.terminal.growth",
    "economics.terminal.multiple",
)
"""Sobol' dimensions 0.. of the drivers that are not list items. Append only: a
driver's dimension must never change, or Sobol' runs of old files would."""
SOBOL_CATEGORY: tuple[str, ...] = ("life_years", "lag_quarters", "economic_life_years")
"""Per-category drivers, by last path component. Append only."""
SOBOL_LISTS: tuple[str, ...] = ("revenue.seasonality",)
"""Drivers that are items of other lists (``revenue.seasonality.2``), by list. Append only."""
SCALAR_DIMENSIONS = 64
CATEGORY_STRIDE = 8
LIST_STRIDE = 32
LIST_BASE = SCALAR_DIMENSIONS + CATEGORY_STRIDE * MAX_CATEGORIES  # 224


@dataclass(frozen=True)
class Design:
    """How a run's paths are laid out: ``replicates`` independent randomisations of
    ``size`` paths each (path i is point i % size of replicate i // size)."""

    sampler: str
    replicates: int
    size: int

    @property
    def paths(self) -> int:
        """The number of paths: replicates x size."""
        return self.replicates * self.size


def design(unc: Uncertainty, paths: int | None = None) -> Design:
    """The layout of a run of ``paths`` paths (default: the section's count).

    ``random``: one block of n paths. ``lhs``: R = min(replicates, n) replicates of
    floor(n / R) paths. ``sobol``: R replicates of 2^k paths, 2^k the power of two
    nearest to n / R in ratio (2^round(log2(n / R))), halved while R x 2^k would pass
    max(n, the maximum path count): 10,000 paths in 10 replicates run 10 x 1,024.
    """
    n = paths or unc.paths
    if unc.sampler == "random" or not unc.inputs:
        return Design("random", 1, n)
    r = max(1, min(unc.replicates, n))
    if unc.sampler == "lhs":
        return Design("lhs", r, n // r)
    size = 2 ** max(0, round(math.log2(n / r)))
    while r * size > max(n, MAX_PATHS) and size > 1:
        size //= 2
    return Design("sobol", r, size)


def uniforms(seed: int, path: str, start: int, count: int) -> FloatArray:
    """The common uniform numbers in (0, 1) of input ``path``, path indexes start..start+count.

    One PCG64 stream per (seed, path); each draw uses one step, so any chunk of
    the sequence is reproduced exactly by advancing the stream.
    """
    bits = np.random.PCG64([seed, zlib.crc32(path.encode())])
    bits.advance(start)
    return np.random.Generator(bits).random(count) + _TINY


def _rng(seed: int, path: str, replicate: int, tag: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64([seed, zlib.crc32(path.encode()), replicate, tag]))


@lru_cache(maxsize=32)
def lhs_column(seed: int, path: str, replicate: int, size: int) -> FloatArray:
    """Input ``path``'s coordinates in Latin hypercube replicate ``replicate`` of ``size``
    points: one point in each of the ``size`` equal strata of (0, 1), in random order."""
    from scipy.stats import qmc

    engine = qmc.LatinHypercube(d=1, rng=_rng(seed, path, replicate, _LHS))
    out = np.clip(engine.random(size)[:, 0], _TINY, _TOP)
    out.flags.writeable = False
    return out


def sobol_dimension(path: str) -> int:
    """The Sobol' dimension of driver ``path``, fixed by its name.

    :data:`SOBOL_SCALARS` take dimensions 0..; category K's drivers take
    64 + 8K + j, j the position of the last path component in :data:`SOBOL_CATEGORY`;
    item I of a list in :data:`SOBOL_LISTS` takes 224 + 32 L + I, L the list's
    position there. A driver in none of these (one added to the field table later)
    takes the next free place in its block, by its order in the field table among
    such drivers.
    """
    key = fields.key(path)
    if "*" not in key:
        names = SOBOL_SCALARS + _extra(lambda k: "*" not in k, SOBOL_SCALARS)
        return _checked(names.index(key), SCALAR_DIMENSIONS, path)
    index = int(path.split(".")[key.split(".").index("*")])
    if key.startswith("program.categories.*."):
        last = key.rsplit(".", 1)[-1]
        extra = _extra(lambda k: k.startswith("program.categories.*."), ())
        names = SOBOL_CATEGORY + tuple(
            k.rsplit(".", 1)[-1] for k in extra if k.rsplit(".", 1)[-1] not in SOBOL_CATEGORY
        )
        j = _checked(names.index(last), CATEGORY_STRIDE, path)
        return SCALAR_DIMENSIONS + CATEGORY_STRIDE * _checked(index, MAX_CATEGORIES, path) + j
    lists = SOBOL_LISTS + tuple(
        k.rsplit(".*", 1)[0]
        for k in _extra(lambda k: "*" in k and not k.startswith("program.categories."), ())
        if k.rsplit(".*", 1)[0] not in SOBOL_LISTS
    )
    family = lists.index(key.split(".*", 1)[0])
    return LIST_BASE + LIST_STRIDE * family + _checked(index, LIST_STRIDE, path)


def _extra(keep, known: tuple[str, ...]) -> tuple[str, ...]:
    """Driver keys of the field table that ``keep`` selects and ``known`` lacks, in order."""
    return tuple(k for k in fields.driver_paths() if keep(k) and k not in known)


def _checked(position: int, limit: int, path: str) -> int:
    if not 0 <= position < limit:
        raise ValueError(f"no Sobol' dimension left for {path}")
    return position


@lru_cache(maxsize=4)
def _direction_numbers(dims: int) -> NDArray[np.uint64]:
    """(dims, LEVELS) direction numbers of scipy's unscrambled Sobol' sequence at
    :data:`BITS` bits: point 2^(k+1) - 1 (gray code 2^k) is direction number k."""
    from scipy.stats import qmc

    engine = qmc.Sobol(dims, scramble=False, bits=BITS)
    out = np.empty((dims, LEVELS), dtype=np.uint64)
    at = 0  # the index of the next point
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in range(LEVELS):
            engine.fast_forward(2 ** (k + 1) - 1 - at)
            out[:, k] = np.rint(engine.random(1)[0] * 2.0**BITS).astype(np.uint64)
            at = 2 ** (k + 1)
    return out


@lru_cache(maxsize=64)
def _scrambled_directions(seed: int, path: str, replicate: int) -> tuple[FloatArray, int]:
    """Input ``path``'s direction numbers after a random lower-triangular matrix
    scramble, and its random digital shift, for replicate ``replicate``."""
    dim = sobol_dimension(path)
    v = _direction_numbers(_dims_for(dim))[dim]
    rng = _rng(seed, path, replicate, _SOBOL_SCRAMBLE)
    matrix = np.tril(rng.integers(0, 2, size=(BITS, BITS), dtype=np.uint64), -1)
    matrix[np.arange(BITS), np.arange(BITS)] = 1
    # row r of the matrix gives output bit r (r = 0 the most significant) from input bits <= r
    weights = np.uint64(1) << np.arange(BITS - 1, -1, -1, dtype=np.uint64)
    masks = (matrix * weights[None, :]).sum(axis=1, dtype=np.uint64)  # (BITS,)
    parity = np.bitwise_count(v[:, None] & masks[None, :]) & np.uint8(1)  # (LEVELS, BITS)
    scrambled = (parity.astype(np.uint64) * weights[None, :]).sum(axis=1, dtype=np.uint64)
    shift = int(rng.integers(0, 2**BITS, dtype=np.uint64))
    return scrambled, shift


def _dims_for(dim: int) -> int:
    """Direction numbers are read for the first 64 or all dimensions (two cached sizes)."""
    return (
        SCALAR_DIMENSIONS
        if dim < SCALAR_DIMENSIONS
        else (SCALAR_DIMENSIONS + CATEGORY_STRIDE * MAX_CATEGORIES)
    )


def sobol_column(seed: int, path: str, replicate: int, start: int, count: int) -> FloatArray:
    """Input ``path``'s coordinates at points start..start+count of Sobol' replicate
    ``replicate``: point i is XOR over the set bits k of gray(i) = i ^ (i >> 1) of the
    scrambled direction numbers, XOR the shift, plus a uniform jitter, over 2^32."""
    if start + count > 2**LEVELS:
        raise ValueError(f"a Sobol' replicate has at most 2**{LEVELS} points")
    directions, shift = _scrambled_directions(seed, path, replicate)
    index = np.arange(start, start + count, dtype=np.uint64)
    gray = index ^ (index >> np.uint64(1))
    x = np.full(count, shift, dtype=np.uint64)
    for k in range(int(start + count).bit_length()):
        on = ((gray >> np.uint64(k)) & np.uint64(1)).astype(bool)
        x[on] ^= directions[k]
    bits = np.random.PCG64([seed, zlib.crc32(path.encode()), replicate, _SOBOL_JITTER])
    bits.advance(start)
    jitter = np.random.Generator(bits).random(count)
    return np.clip((x.astype(float) + jitter) / 2.0**BITS, _TINY, _TOP)


def unit_points(unc: Uncertainty, des: Design, start: int, count: int) -> FloatArray:
    """Each uncertain input's independent coordinates for paths start..start+count of
    the design: (inputs, count), in (0, 1), before the copula."""
    paths = unc.paths_of_inputs
    if des.sampler == "random":
        return np.stack([uniforms(unc.seed, p, start, count) for p in paths])
    out = np.empty((len(paths), count))
    i = start
    while i < start + count:
        r, k = divmod(i, des.size)
        n = min(des.size - k, start + count - i)
        for row, p in enumerate(paths):
            if des.sampler == "lhs":
                out[row, i - start : i - start + n] = lhs_column(unc.seed, p, r, des.size)[
                    k : k + n
                ]
            else:
                out[row, i - start : i - start + n] = sobol_column(unc.seed, p, r, k, n)
        i += n
    return out


def correlate(unc: Uncertainty, u: FloatArray) -> FloatArray:
    """The coordinates ``u`` (inputs, n) through the Gaussian copula: Phi(L Phi^-1(u))."""
    if not unc.correlations:
        return u
    factor = copula_factor(list(unc.paths_of_inputs), unc.correlations)
    from scipy.special import ndtr, ndtri  # imported when first needed

    out = ndtr(factor @ ndtri(u))
    return np.clip(out, _TINY, 1.0 - _TINY, out=out)


def to_values(
    s: Scenario, unc: Uncertainty, u: FloatArray, restrict: Mapping[str, tuple[float, float]] = {}
) -> dict[str, FloatArray]:
    """Each input's values at its (correlated) coordinates ``u`` (inputs, n) by inverse
    CDF, the coordinate of an input in ``restrict`` first mapped onto its (lo, hi)."""
    out = {}
    for i, (path, dist) in enumerate(unc.inputs):
        d = driver(s, path)
        v = u[i]
        if path in restrict:
            lo, hi = restrict[path]
            v = lo + v * (hi - lo)
        out[path] = d.clip(dist.ppf(v, d.low, d.high))
    return out


def draws(
    s: Scenario,
    unc: Uncertainty,
    start: int,
    count: int,
    des: Design | None = None,
    restrict: Mapping[str, tuple[float, float]] = {},
) -> dict[str, FloatArray]:
    """Each uncertain driver's values for paths ``start .. start+count``: (count,) each.

    ``des`` is the run's layout; without one, LHS and Sobol' use one replicate of
    start + count points. ``restrict`` maps an input to a probability range (lo, hi):
    its coordinate u becomes lo + u (hi - lo) (a stress test).
    """
    if not unc.inputs:
        return {}
    des = des or Design(unc.sampler, 1, start + count)
    u = correlate(unc, unit_points(unc, des, start, count))
    return to_values(s, unc, u, restrict)


def apply_draws(x: Inputs, s: Scenario, values: dict[str, FloatArray]) -> Inputs:
    """``x`` (N paths) with each driver in ``values`` set to its (N,) draws."""
    for path, v in values.items():
        x = driver(s, path).apply(x, v)
    return x
