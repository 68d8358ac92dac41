"""The scenario's ``uncertainty`` section, typed and checked (no sampling here).

Schema (every key optional; an empty object means "no uncertain inputs")::

    "uncertainty": {
      "seed": 2025,                       # integer 0 .. 2**63-1 (default 2025)
      "paths": 10000,                     # integer 100 .. 1,000,000 (default 10,000)
      "sampler": "lhs",                   # random | lhs | sobol (default random)
      "replicates": 10,                   # 2 .. 100 randomised replicates (lhs, sobol)
      "precision": {"metric": "P(npv > 0)", "half_width": 0.005},  # stop when reached
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
A precision target names a :class:`Statistic` (``mean:npv``, ``p50:npv``,
``P(npv > 0)``, ``P(irr > discount_rate)``, ``P(payback_years <= 5)``) and the
half-width of its 95% interval (``half_width`` in the metric's units, or
``relative`` to the estimate) at which a run may stop.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.errors import ScenarioError
from simulator.model.outputs import METRICS
from simulator.scenario import fields
from simulator.scenario.distributions import Distribution
from simulator.scenario.jsontypes import integer, number, string
from simulator.scenario.paths import category_index

FloatArray = NDArray[np.float64]

DEFAULT_SEED = 2025
DEFAULT_PATHS = 10_000
MIN_PATHS, MAX_PATHS = 100, 1_000_000
SAMPLERS: tuple[str, ...] = ("random", "lhs", "sobol")
DEFAULT_SAMPLER = "random"
DEFAULT_REPLICATES = 10
MIN_REPLICATES, MAX_REPLICATES = 2, 100
_KEYS = ("seed", "paths", "sampler", "replicates", "precision", "inputs", "correlations")


@dataclass(frozen=True)
class Statistic:
    """A statistic of one metric over the paths.

    ``kind``: ``mean`` (of the defined values), ``percentile`` (``q`` in 0..100, of the
    defined values), ``above`` (P(metric > threshold)) or ``at_most``
    (P(metric <= threshold)); an undefined value is neither above nor at most. The
    threshold is the number ``threshold``, or when ``against`` names a metric, that
    metric on the same path (``P(irr > discount_rate)``).
    """

    kind: str
    metric: str
    q: float = 0.0
    threshold: float = 0.0
    against: str = ""

    @property
    def is_probability(self) -> bool:
        """Whether the statistic is a probability (0..1)."""
        return self.kind in ("above", "at_most")

    def text(self) -> str:
        """The canonical form: ``mean:npv``, ``p50:npv``, ``P(npv > 0)``."""
        if self.kind == "mean":
            return f"mean:{self.metric}"
        if self.kind == "percentile":
            return f"p{self.q:g}:{self.metric}"
        op = ">" if self.kind == "above" else "<="
        return f"P({self.metric} {op} {self.against or f'{self.threshold:g}'})"


_MEAN = re.compile(r"^mean\s*:\s*(\w+)$")
_PERCENTILE = re.compile(r"^[pP]\s*(\d+(?:\.\d+)?)\s*:\s*(\w+)$")
_PROBABILITY = re.compile(r"^P\(\s*(\w+)\s*(>|<=)\s*([^()\s]+)\s*\)$")


def parse_statistic(text: Any, where: str) -> Statistic:
    """``mean:M``, ``pQ:M`` (0 < Q < 100), ``P(M > X)`` or ``P(M <= X)`` with M a metric
    key and X a number or a metric key; errors name ``where``."""
    text = string(text, where).strip()
    known = ", ".join(METRICS)
    if m := _MEAN.match(text):
        return Statistic("mean", _metric(m.group(1), where, known))
    if m := _PERCENTILE.match(text):
        q = float(m.group(1))
        if not 0 < q < 100:
            raise ScenarioError(where, f"a percentile must be above 0 and below 100 (got {q:g})")
        return Statistic("percentile", _metric(m.group(2), where, known), q=q)
    if m := _PROBABILITY.match(text):
        metric, op, rhs = _metric(m.group(1), where, known), m.group(2), m.group(3)
        kind = "above" if op == ">" else "at_most"
        if rhs in METRICS:
            return Statistic(kind, metric, against=rhs)
        try:
            threshold = float(rhs)
        except ValueError:
            raise ScenarioError(where, f"{rhs!r} is neither a number nor a metric") from None
        if not math.isfinite(threshold):
            raise ScenarioError(where, f"the threshold must be finite (got {rhs})")
        return Statistic(kind, metric, threshold=threshold)
    raise ScenarioError(
        where,
        f"must be mean:METRIC, pNN:METRIC, P(METRIC > X) or P(METRIC <= X) (got {text!r})",
    )


def _metric(key: str, where: str, known: str) -> str:
    if key not in METRICS:
        raise ScenarioError(where, f"names no metric {key!r} (metrics: {known})")
    return key


@dataclass(frozen=True)
class Precision:
    """Stop a run once the 95% interval of ``statistic`` is at most +/- ``half_width``
    (in the metric's units; probabilities as fractions) or, with ``relative``, at most
    +/- ``relative`` times |estimate|."""

    statistic: Statistic
    half_width: float | None = None
    relative: float | None = None

    def target(self, estimate: float) -> float:
        """The half-width to reach at ``estimate``."""
        if self.half_width is not None:
            return self.half_width
        return float(self.relative or 0.0) * abs(estimate)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        out: dict[str, Any] = {"metric": self.statistic.text()}
        if self.half_width is not None:
            out["half_width"] = self.half_width
        else:
            out["relative"] = self.relative
        return out


def parse_precision(doc: Any, where: str = "uncertainty.precision") -> Precision:
    """``{"metric": STATISTIC, "half_width": h}`` or ``{"metric": .., "relative": r}``."""
    if not isinstance(doc, dict):
        raise ScenarioError(where, 'must be {"metric": ..., "half_width": ...}')
    for key in doc:
        if key not in ("metric", "half_width", "relative"):
            raise ScenarioError(
                f"{where}.{key}", "unknown key in precision (allowed: metric, half_width, relative)"
            )
    if "metric" not in doc:
        raise ScenarioError(f"{where}.metric", "required field is missing")
    stat = parse_statistic(doc["metric"], f"{where}.metric")
    given = [k for k in ("half_width", "relative") if k in doc]
    if len(given) != 1:
        raise ScenarioError(where, "give exactly one of half_width and relative")
    value = number(doc[given[0]], f"{where}.{given[0]}")
    if not value > 0:
        raise ScenarioError(f"{where}.{given[0]}", f"must be above 0 (got {value:g})")
    if stat.is_probability and given[0] == "half_width" and value >= 0.5:
        raise ScenarioError(
            f"{where}.half_width", f"a probability's half-width must be below 0.5 (got {value:g})"
        )
    if given[0] == "relative" and value >= 1:
        raise ScenarioError(f"{where}.relative", f"must be below 1 (got {value:g})")
    return Precision(
        stat, value if given[0] == "half_width" else None, value if given[0] == "relative" else None
    )


@dataclass(frozen=True)
class Uncertainty:
    """Seed, path count, sampler, one distribution per uncertain driver, correlations."""

    seed: int = DEFAULT_SEED
    paths: int = DEFAULT_PATHS
    inputs: tuple[tuple[str, Distribution], ...] = ()
    correlations: tuple[tuple[str, str, float], ...] = field(default=())
    sampler: str = DEFAULT_SAMPLER
    replicates: int = DEFAULT_REPLICATES
    precision: Precision | None = None

    @property
    def paths_of_inputs(self) -> tuple[str, ...]:
        """The uncertain driver paths, sorted (the order of the copula's factor)."""
        return tuple(p for p, _ in self.inputs)

    def distribution(self, path: str) -> Distribution | None:
        """The distribution of ``path``, or None when it is certain."""
        return dict(self.inputs).get(path)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (defaults of the sampler keys and empty lists left out)."""
        out: dict[str, Any] = {"seed": self.seed, "paths": self.paths}
        if self.sampler != DEFAULT_SAMPLER:
            out["sampler"] = self.sampler
        if self.replicates != DEFAULT_REPLICATES:
            out["replicates"] = self.replicates
        if self.precision is not None:
            out["precision"] = self.precision.to_dict()
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
        return replace(self, inputs=tuple(inputs), correlations=kept)


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
    sampler = string(doc.get("sampler", DEFAULT_SAMPLER), "uncertainty.sampler")
    if sampler not in SAMPLERS:
        raise ScenarioError(
            "uncertainty.sampler", f"must be one of {', '.join(SAMPLERS)} (got {sampler!r})"
        )
    replicates = integer(doc.get("replicates", DEFAULT_REPLICATES), "uncertainty.replicates")
    if not MIN_REPLICATES <= replicates <= MAX_REPLICATES:
        raise ScenarioError(
            "uncertainty.replicates",
            f"must be from {MIN_REPLICATES} to {MAX_REPLICATES} (got {replicates})",
        )
    precision = parse_precision(doc["precision"]) if "precision" in doc else None
    inputs = _parse_inputs(doc.get("inputs", {}))
    correlations = _parse_correlations(doc.get("correlations", []), [p for p, _ in inputs])
    return Uncertainty(seed, paths, inputs, correlations, sampler, replicates, precision)


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
