"""Reported actuals: the scenario's optional ``actuals`` section, typed and checked.

Schema::

    "actuals": {
      "cloud_revenue": {
        "source": "Alibaba quarterly results (FACTS.md)",
        "values": {"2025Q1": 30.1, "2025Q2": 33.40},
        "derived": ["2025Q1"]
      },
      "capex": {"source": "...", "values": {"2025Q2": 38.68}}
    }

Each key is a quarterly column of the model (:data:`~simulator.engine.COLUMNS`, at
least ``cloud_revenue`` and ``capex`` are expected); ``source`` is a non-empty note;
``values`` maps ``YYYYQn`` to a finite number (in the scenario's currency, bn);
``derived`` (optional) lists the quarters computed from reported figures rather than
reported directly. Quarters outside the horizon are kept but not fitted or drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.errors import ScenarioError
from simulator.model.outputs import COLUMNS
from simulator.scenario.jsontypes import number, string
from simulator.scenario.periods import period_index

FloatArray = NDArray[np.float64]

MAX_QUARTERS = 200
MAX_FACTS = 50
_KEYS = ("source", "values", "derived")
_FACT_KEYS = ("quarter", "ratio", "at_least", "at_most", "source")


@dataclass(frozen=True)
class ActualSeries:
    """One reported series: quarters (labels), values, which are derived, the source."""

    column: str
    source: str
    quarters: tuple[str, ...]
    values: tuple[float, ...]
    derived: frozenset[str]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (quarters in time order)."""
        out: dict[str, Any] = {
            "source": self.source,
            "values": dict(zip(self.quarters, self.values, strict=True)),
        }
        if self.derived:
            out["derived"] = sorted(self.derived, key=period_index)
        return out

    def indexes(self, first: str, quarters: int) -> tuple[NDArray[np.int64], FloatArray]:
        """(t, value) of the reported quarters inside the modelled window: model quarter t
        (0 = ``first``, the first modelled quarter) and the actual value."""
        origin = period_index(first)
        t = np.array([period_index(q) - origin for q in self.quarters], dtype=np.int64)
        inside = (t >= 0) & (t < quarters)
        return t[inside], np.asarray(self.values, dtype=float)[inside]


@dataclass(frozen=True)
class Fact:
    """A reported bound on a ratio of two columns at one quarter: ``at_least`` <=
    numerator / denominator <= ``at_most`` (either may be None)."""

    quarter: str
    numerator: str
    denominator: str
    at_least: float | None
    at_most: float | None
    source: str

    @property
    def key(self) -> tuple[str, str, str]:
        """(quarter, numerator, denominator): what the fact bounds."""
        return (self.quarter, self.numerator, self.denominator)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        out: dict[str, Any] = {"quarter": self.quarter, "ratio": [self.numerator, self.denominator]}
        if self.at_least is not None:
            out["at_least"] = self.at_least
        if self.at_most is not None:
            out["at_most"] = self.at_most
        out["source"] = self.source
        return out

    def violation(self, ratio: FloatArray) -> FloatArray:
        """How far ``ratio`` lies outside the bounds (0 inside), elementwise."""
        low = -np.inf if self.at_least is None else self.at_least
        high = np.inf if self.at_most is None else self.at_most
        return np.maximum(low - ratio, 0.0) + np.maximum(ratio - high, 0.0)


@dataclass(frozen=True)
class Actuals:
    """The ``actuals`` section: reported series and facts."""

    series: tuple[ActualSeries, ...] = ()
    facts: tuple[Fact, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The section's JSON form."""
        out: dict[str, Any] = {a.column: a.to_dict() for a in self.series}
        if self.facts:
            out["facts"] = [f.to_dict() for f in self.facts]
        return out

    def through(self, quarter: str) -> Actuals:
        """Only the reports and facts up to ``quarter`` (inclusive)."""
        last = period_index(quarter)
        return self._select(lambda q: period_index(q) <= last)

    def after(self, quarter: str) -> Actuals:
        """Only the reports and facts after ``quarter``."""
        last = period_index(quarter)
        return self._select(lambda q: period_index(q) > last)

    def _select(self, keep: Callable[[str], bool]) -> Actuals:
        series = []
        for a in self.series:
            kept = [(q, v) for q, v in zip(a.quarters, a.values, strict=True) if keep(q)]
            if kept:
                quarters = tuple(q for q, _ in kept)
                values = tuple(v for _, v in kept)
                derived = frozenset(q for q in a.derived if q in quarters)
                series.append(ActualSeries(a.column, a.source, quarters, values, derived))
        return Actuals(tuple(series), tuple(f for f in self.facts if keep(f.quarter)))


def parse_actuals(doc: Any) -> Actuals:
    """Check and parse the section; errors name the field under ``actuals``."""
    if not isinstance(doc, dict):
        raise ScenarioError("actuals", "must be an object of column: series")
    series = tuple(_series(column, spec) for column, spec in doc.items() if column != "facts")
    facts = _facts(doc.get("facts", []))
    return Actuals(series, facts)


def _facts(doc: Any) -> tuple[Fact, ...]:
    if not isinstance(doc, list) or len(doc) > MAX_FACTS:
        raise ScenarioError("actuals.facts", f"must be a list of at most {MAX_FACTS} facts")
    facts = tuple(_fact(item, f"actuals.facts.{i}") for i, item in enumerate(doc))
    for i, a in enumerate(facts):
        for j, b in enumerate(facts[:i]):
            same = a.key == b.key
            low = max(x for x in (a.at_least, b.at_least, -np.inf) if x is not None)
            high = min(x for x in (a.at_most, b.at_most, np.inf) if x is not None)
            if same and low > high:
                raise ScenarioError(
                    f"actuals.facts.{i}",
                    f"contradicts actuals.facts.{j}: no {a.numerator} / {a.denominator} at "
                    f"{a.quarter} can be at least {low:g} and at most {high:g}",
                )
    return facts


def _fact(item: Any, where: str) -> Fact:
    if not isinstance(item, dict):
        raise ScenarioError(where, 'must be {"quarter": ..., "ratio": [..., ...], "at_least": ...}')
    for key in item:
        if key not in _FACT_KEYS:
            raise ScenarioError(f"{where}.{key}", f"unknown key (allowed: {', '.join(_FACT_KEYS)})")
    for key in ("quarter", "ratio", "source"):
        if key not in item:
            raise ScenarioError(f"{where}.{key}", "required field is missing")
    quarter = string(item["quarter"], f"{where}.quarter")
    period_index(quarter, f"{where}.quarter")
    ratio = item["ratio"]
    if not (isinstance(ratio, list) and len(ratio) == 2 and all(c in COLUMNS for c in ratio)):
        raise ScenarioError(
            f"{where}.ratio", 'must name two model columns, like ["ai_revenue", "cloud_revenue"]'
        )
    bounds = [
        number(item[k], f"{where}.{k}") if k in item else None for k in ("at_least", "at_most")
    ]
    if bounds == [None, None]:
        raise ScenarioError(where, "needs at_least, at_most or both")
    if None not in bounds and bounds[0] > bounds[1]:
        raise ScenarioError(f"{where}.at_most", f"must be >= at_least ({bounds[0]:g})")
    source = string(item["source"], f"{where}.source")
    if not source.strip():
        raise ScenarioError(f"{where}.source", "must name where the fact comes from")
    return Fact(quarter, ratio[0], ratio[1], bounds[0], bounds[1], source)


def _series(column: str, spec: Any) -> ActualSeries:
    where = f"actuals.{column}"
    if column not in COLUMNS:
        raise ScenarioError(where, f"is not a model column (one of {', '.join(COLUMNS)})")
    if not isinstance(spec, dict):
        raise ScenarioError(where, 'must be {"source": ..., "values": {...}}')
    for key in spec:
        if key not in _KEYS:
            raise ScenarioError(f"{where}.{key}", f"unknown key (allowed: {', '.join(_KEYS)})")
    for key in ("source", "values"):
        if key not in spec:
            raise ScenarioError(f"{where}.{key}", "required field is missing")
    source = string(spec["source"], f"{where}.source")
    if not source.strip():
        raise ScenarioError(f"{where}.source", "must name where the figures come from")
    quarters, values = _values(spec["values"], f"{where}.values")
    derived = _derived(spec.get("derived", []), quarters, f"{where}.derived")
    return ActualSeries(column, source, quarters, values, derived)


def _values(doc: Any, where: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    if not isinstance(doc, dict) or not 1 <= len(doc) <= MAX_QUARTERS:
        raise ScenarioError(
            where, f'must map 1 to {MAX_QUARTERS} quarters to numbers, like {{"2025Q1": 30.1}}'
        )
    for quarter in doc:
        try:
            period_index(quarter)
        except ScenarioError:
            raise ScenarioError(f"{where}.{quarter}", "must be a quarter like 2025Q1") from None
    ordered = sorted(doc, key=period_index)
    return tuple(ordered), tuple(number(doc[q], f"{where}.{q}") for q in ordered)


def _derived(doc: Any, quarters: tuple[str, ...], where: str) -> frozenset[str]:
    if not isinstance(doc, list) or not all(isinstance(q, str) for q in doc):
        raise ScenarioError(where, "must be a list of quarters")
    for q in doc:
        if q not in quarters:
            raise ScenarioError(where, f"names {q!r}, which has no value")
    return frozenset(doc)
