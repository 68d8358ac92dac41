"""The scenario's ``uncertainty`` section, typed and checked (no sampling here).

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

Keys of ``inputs`` are driver paths (the field table's drivers): scalars are drawn
directly; a growth list's distribution is of the shift added to every year; the
year split's is of the delay in years. How the draws are made is
:mod:`simulator.analysis.sampling`; correlations use a Gaussian copula whose factor
:func:`copula_factor` gives (Pearson ``2 sin(pi r / 6)`` for rank correlation ``r``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.errors import ScenarioError
from simulator.scenario import fields
from simulator.scenario.distributions import Distribution
from simulator.scenario.jsontypes import integer, number
from simulator.scenario.paths import category_index

FloatArray = NDArray[np.float64]

DEFAULT_SEED = 2025
DEFAULT_PATHS = 10_000
MIN_PATHS, MAX_PATHS = 100, 1_000_000
_KEYS = ("seed", "paths", "inputs", "correlations")


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

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (empty ``inputs`` and ``correlations`` left out)."""
        out: dict[str, Any] = {"seed": self.seed, "paths": self.paths}
        if self.inputs:
            out["inputs"] = {p: d.to_dict() for p, d in self.inputs}
        if self.correlations:
            out["correlations"] = [{"between": [a, b], "rank": r} for a, b, r in self.correlations]
        return out

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
        if not fields.is_driver_path(path):
            raise ScenarioError(where, "is not a numeric assumption that can be uncertain")
        dist = Distribution.from_dict(spec, where)
        _check_inside(dist, path, where)
        out.append((path, dist))
    return tuple(sorted(out, key=lambda item: item[0]))


def _check_inside(dist: Distribution, path: str, where: str) -> None:
    """Bounded distributions must lie in the input's valid range; others need mass in it."""
    low, high = fields.field(path).closed_range()
    if dist.kind in ("normal", "lognormal"):
        if dist.mass_inside(low, high) < 1e-6:
            raise ScenarioError(where, f"puts almost no probability inside {low:g} .. {high:g}")
        return
    ends = (
        dist.values
        if dist.kind == "discrete"
        else (dist.a, dist.c if dist.kind in ("triangular", "pert") else dist.b)
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
    copula_factor(paths, tuple(out))  # refuses an inconsistent matrix
    return tuple(out)


def check_categories(unc: Uncertainty, categories: int) -> None:
    """Refuse inputs naming a category the scenario does not have."""
    for path in unc.paths_of_inputs:
        if category_index(path) >= categories:
            raise ScenarioError(
                f"uncertainty.inputs.{path}",
                f"names no input of this scenario ({categories} categories)",
            )


def prune(unc: Uncertainty, categories: int) -> Uncertainty:
    """The section without inputs (and correlations) of categories that no longer exist."""
    gone = [p for p in unc.paths_of_inputs if category_index(p) >= categories]
    for path in gone:
        unc = unc.with_input(path, None)
    return unc


def copula_factor(paths: list[str], correlations: tuple[tuple[str, str, float], ...]) -> FloatArray:
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
