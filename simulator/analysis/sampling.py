"""Draws of the uncertain inputs: common random numbers through a Gaussian copula.

Draws are reproducible and *common*: input ``path`` at path index ``i`` always gets
the same uniform number for a given seed, whatever else the scenario holds and however
the run is chunked, so two scenarios run with one seed differ by their assumptions,
not by sampling noise. Correlated inputs go through the copula factor of
:func:`simulator.scenario.uncertainty.copula_factor`; each uniform is turned into the
input's value by its distribution's inverse CDF, truncated to the driver's range.
"""

from __future__ import annotations

import zlib

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.drivers import driver
from simulator.model.inputs import Inputs
from simulator.scenario.uncertainty import Uncertainty, copula_factor
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]
_TINY = 2.0**-54


def uniforms(seed: int, path: str, start: int, count: int) -> FloatArray:
    """The common uniform numbers in (0, 1) of input ``path``, path indexes start..start+count.

    One PCG64 stream per (seed, path); each draw uses one step, so any chunk of
    the sequence is reproduced exactly by advancing the stream.
    """
    bits = np.random.PCG64([seed, zlib.crc32(path.encode())])
    bits.advance(start)
    return np.random.Generator(bits).random(count) + _TINY


def draws(s: Scenario, unc: Uncertainty, start: int, count: int) -> dict[str, FloatArray]:
    """Each uncertain driver's values for paths ``start .. start+count``: (count,) each."""
    paths = unc.paths_of_inputs
    u = np.stack([uniforms(unc.seed, p, start, count) for p in paths]) if paths else None
    if u is not None and unc.correlations:
        factor = copula_factor(list(paths), unc.correlations)
        from scipy.special import ndtr, ndtri  # imported when first needed

        u = ndtr(factor @ ndtri(u))
        np.clip(u, _TINY, 1.0 - _TINY, out=u)
    out = {}
    for i, (path, dist) in enumerate(unc.inputs):
        d = driver(s, path)
        out[path] = d.clip(dist.ppf(u[i], d.low, d.high))
    return out


def apply_draws(x: Inputs, s: Scenario, values: dict[str, FloatArray]) -> Inputs:
    """``x`` (N paths) with each driver in ``values`` set to its (N,) draws."""
    for path, v in values.items():
        x = driver(s, path).apply(x, v)
    return x
