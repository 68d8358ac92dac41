"""The scenario's ``uncertainty`` section and the draws it defines.

Schema (every key optional; an empty object means "no uncertain inputs")::

    "uncertainty": {
      "seed": 2025,                       # integer 0 .. 2**63-1 (default 2025)
      "paths": 10000,                     # integer 100 .. 1,000,000 (default 10,000)
      "inputs": {                         # driver path -> distribution
        "revenue.yield": {"dist": "triangular", "low": 0.4, "mode": 0.55, "high": 0.7},
        "revenue.ai_growth": {"dist": "normal", "mean": 0, "sd": 0.08}
      },
      "correlations": [                   # Spearman rank correlations between inputs
        {"between": ["revenue.yield", "revenue.ai_growth"], "rank": 0.5}
      ]
    }

Keys of ``inputs`` are driver paths (:mod:`simulator.drivers`): scalars are drawn
directly; a growth list's distribution is of the shift added to every year; the
year split's is of the delay in years. Draws are reproducible and *common*: input
``path`` at path index ``i`` always gets the same uniform number for a given seed,
whatever else the scenario holds and however the run is chunked, so two scenarios
run with one seed differ by their assumptions, not by sampling noise. Correlations
use a Gaussian copula (Pearson ``2 sin(pi r / 6)`` for rank correlation ``r``).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.distributions import Distribution
from simulator.drivers import driver, is_driver_path, static_range
from simulator.errors import ScenarioError
from simulator.inputs import Inputs
from simulator.scenario import Scenario
from simulator.schema import integer, number

FloatArray = NDArray[np.float64]

DEFAULT_SEED = 2025
DEFAULT_PATHS = 10_000
MIN_PATHS, MAX_PATHS = 100, 1_000_000
_KEYS = ("seed", "paths", "inputs", "correlations")
_TINY = 2.0**-54


@dataclass(frozen=True)
class Uncertainty:
    """Seed, path count, one distribution per uncertain driver, rank correlations."""

    seed: int = DEFAULT_SEED
    paths: int = DEFAULT_PATHS
    inputs: tuple[tuple[str, Distribution], ...] = ()
    correlations: tuple[tuple[str, str, float], ...] = field(default=())

    @property
    def paths_of_inputs(self) -> tuple[str, ...]:
        """The uncertain driver paths, sorted (the order of the copula's factor)."""
        return tuple(p for p, _ in self.inputs)

    def distribution(self, path: str) -> Distribution | None:
        """The distribution of ``path``, or None when it is certain."""
        return dict(self.inputs).get(path)

    @classmethod
    def of(cls, s: Scenario) -> Uncertainty:
        """The scenario's section (defaults when it has none)."""
        data = s.uncertainty_data
        return cls() if data is None else parse(data)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "seed": self.seed,
            "paths": self.paths,
            "inputs": {p: d.to_dict() for p, d in self.inputs},
            "correlations": [{"between": [a, b], "rank": r} for a, b, r in self.correlations],
        }

    def with_input(self, path: str, dist: Distribution | None) -> Uncertainty:
        """A copy with ``path`` made uncertain (or certain again when ``dist`` is None)."""
        inputs = [(p, d) for p, d in self.inputs if p != path]
        if dist is not None:
            inputs = sorted([*inputs, (path, dist)], key=lambda item: item[0])
        kept = tuple(c for c in self.correlations if dist is not None or path not in c[:2])
        return Uncertainty(self.seed, self.paths, tuple(inputs), kept)


def parse(doc: Any) -> Uncertainty:
    """Check and parse the section's JSON; errors name the field under ``uncertainty``."""
    if not isinstance(doc, dict):
        raise ScenarioError("uncertainty", "must be an object")
    for key in doc:
        if key not in _KEYS:
            raise ScenarioError(
                f"uncertainty.{key}", f"unknown key in uncertainty (allowed: {', '.join(_KEYS)})"
            )
    seed = integer(doc.get("seed", DEFAULT_SEED), "uncertainty.seed")
    if not 0 <= seed < 2**63:
        raise ScenarioError(
            "uncertainty.seed", f"must be an integer from 0 to 2**63-1 (got {seed})"
        )
    paths = integer(doc.get("paths", DEFAULT_PATHS), "uncertainty.paths")
    if not MIN_PATHS <= paths <= MAX_PATHS:
        raise ScenarioError(
            "uncertainty.paths", f"must be from {MIN_PATHS} to {MAX_PATHS:,} (got {paths})"
        )
    inputs = _parse_inputs(doc.get("inputs", {}))
    correlations = _parse_correlations(doc.get("correlations", []), [p for p, _ in inputs])
    return Uncertainty(seed, paths, inputs, correlations)


def _parse_inputs(doc: Any) -> tuple[tuple[str, Distribution], ...]:
    if not isinstance(doc, dict):
        raise ScenarioError("uncertainty.inputs", "must be an object of path: distribution")
    out = []
    for path, spec in doc.items():
        where = f"uncertainty.inputs.{path}"
        if not is_driver_path(path):
            raise ScenarioError(where, "is not a numeric assumption that can be uncertain")
        dist = Distribution.from_dict(spec, where)
        _check_inside(dist, path, where)
        out.append((path, dist))
    return tuple(sorted(out, key=lambda item: item[0]))


def _check_inside(dist: Distribution, path: str, where: str) -> None:
    """Bounded distributions must lie in the input's valid range; others need mass in it."""
    low, high = static_range(path)
    if dist.kind in ("normal", "lognormal"):
        if dist.mass_inside(low, high) < 1e-6:
            raise ScenarioError(where, f"puts almost no probability inside {low:g} .. {high:g}")
        return
    ends = (
        dist.values
        if dist.kind == "discrete"
        else (dist.a, dist.c if dist.kind == "triangular" else dist.b)
    )
    if min(ends) < low or max(ends) > high:
        raise ScenarioError(where, f"must stay inside the input's valid range {low:g} .. {high:g}")


def _parse_correlations(doc: Any, paths: list[str]) -> tuple[tuple[str, str, float], ...]:
    if not isinstance(doc, list):
        raise ScenarioError("uncertainty.correlations", "must be a list")
    out: list[tuple[str, str, float]] = []
    for i, item in enumerate(doc):
        where = f"uncertainty.correlations.{i}"
        if not isinstance(item, dict) or set(item) != {"between", "rank"}:
            raise ScenarioError(where, 'must be {"between": [input, input], "rank": r}')
        pair = item["between"]
        if not (isinstance(pair, list) and len(pair) == 2 and all(p in paths for p in pair)):
            raise ScenarioError(f"{where}.between", "must name two uncertain inputs")
        if pair[0] == pair[1] or any({pair[0], pair[1]} == {a, b} for a, b, _ in out):
            raise ScenarioError(f"{where}.between", "must name two different inputs, once")
        rank = number(item["rank"], f"{where}.rank")
        if not -1.0 <= rank <= 1.0:
            raise ScenarioError(f"{where}.rank", f"must be from -1 to 1 (got {rank:g})")
        out.append((pair[0], pair[1], rank))
    _copula_factor(paths, tuple(out))  # refuses an inconsistent matrix
    return tuple(out)


def check_against(s: Scenario) -> None:
    """Check the section of ``s`` against the scenario (category indexes exist)."""
    unc = Uncertainty.of(s)
    for path in unc.paths_of_inputs:
        try:
            driver(s, path)
        except ScenarioError:
            n = len(s.program.categories)
            raise ScenarioError(
                f"uncertainty.inputs.{path}", f"names no input of this scenario ({n} categories)"
            ) from None


def prune(doc: dict[str, Any]) -> None:
    """Drop uncertain inputs (and their correlations) whose category no longer exists."""
    section = doc.get("uncertainty")
    if not isinstance(section, dict) or not isinstance(section.get("inputs"), dict):
        return
    n = len(doc.get("program", {}).get("categories", []))
    gone = [p for p in section["inputs"] if _category_index(p) >= n]
    for p in gone:
        del section["inputs"][p]
    if gone and isinstance(section.get("correlations"), list):
        section["correlations"] = [
            c
            for c in section["correlations"]
            if not (isinstance(c, dict) and set(c.get("between", [])) & set(gone))
        ]


def _category_index(path: str) -> int:
    parts = path.split(".")
    if len(parts) == 4 and parts[:2] == ["program", "categories"] and parts[2].isdigit():
        return int(parts[2])
    return -1


# --- draws --------------------------------------------------------------------------
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
        factor = _copula_factor(list(paths), unc.correlations)
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


def _copula_factor(
    paths: list[str], correlations: tuple[tuple[str, str, float], ...]
) -> FloatArray:
    """Lower Cholesky factor of the Gaussian copula's correlation matrix.

    Triangular, so an input correlated with none keeps its own draws exactly;
    refuses a matrix that is not positive semi-definite.
    """
    n = len(paths)
    index = {p: i for i, p in enumerate(paths)}
    corr = np.eye(n)
    for a, b, rank in correlations:
        corr[index[a], index[b]] = corr[index[b], index[a]] = 2 * math.sin(math.pi * rank / 6)
    if np.linalg.eigvalsh(corr).min(initial=1.0) < -1e-9:
        raise ScenarioError(
            "uncertainty.correlations",
            "these correlations cannot hold together (the matrix is not positive semi-definite)",
        )
    jittered = (corr + 1e-9 * np.eye(n)) / (1 + 1e-9)
    return np.linalg.cholesky(jittered)
