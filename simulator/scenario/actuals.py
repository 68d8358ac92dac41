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
_KEYS = ("source", "values", "derived")


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

    def indexes(self, start: str, quarters: int) -> tuple[NDArray[np.int64], FloatArray]:
        """(t, value) of the quarters inside the horizon: model quarter t, actual value."""
        first = period_index(start)
        t = np.array([period_index(q) - first for q in self.quarters], dtype=np.int64)
        inside = (t >= 0) & (t < quarters)
        return t[inside], np.asarray(self.values, dtype=float)[inside]


def actuals_to_dict(series: tuple[ActualSeries, ...]) -> dict[str, Any]:
    """The section's JSON form."""
    return {a.column: a.to_dict() for a in series}


def parse_actuals(doc: Any) -> tuple[ActualSeries, ...]:
    """Check and parse the section; errors name the field under ``actuals``."""
    if not isinstance(doc, dict):
        raise ScenarioError("actuals", "must be an object of column: series")
    return tuple(_series(column, spec) for column, spec in doc.items())


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
