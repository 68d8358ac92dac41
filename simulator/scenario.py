"""The scenario: an immutable, validated value (MODEL.md section 1).

Build one with :meth:`Scenario.from_dict` (the JSON document) or directly from the
dataclasses; either way the value rules are checked at construction and a
:class:`~simulator.errors.ScenarioError` names the field path and the rule.
Edits make new values: :meth:`Scenario.with_field` sets one field by its path.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

FORMAT = "capex-scenario"
VERSION = 1


@dataclass(frozen=True)
class Category:
    """One asset class of the programme.

    ``share`` of every quarter's spend, straight-line ``life_years``, in service
    ``lag_quarters`` after the spend, and whether it adds AI revenue capacity.
    """

    name: str
    share: float
    life_years: float
    lag_quarters: int
    adds_capacity: bool

    @property
    def life_quarters(self) -> int:
        """L_k = max(1, floor(4 * life_years + 0.5)) quarters."""
        return max(1, math.floor(4 * self.life_years + 0.5))


@dataclass(frozen=True)
class Program:
    """The spend: total ``C`` (bn), its split by programme year, its categories."""

    total_capex: float
    year_split: tuple[float, ...]
    categories: tuple[Category, ...]


@dataclass(frozen=True)
class Revenue:
    """Cloud revenue drivers; rates are annual fractions (0.1 = 10%)."""

    base_quarterly: float
    ai_share: float
    core_growth: tuple[float, ...]
    ai_growth: tuple[float, ...]
    capacity_constrained: bool
    yield_: float
    price_decline: float


@dataclass(frozen=True)
class Economics:
    """Cash margin, tax, annual discount rate and residual-value switch."""

    ebitda_margin: float
    tax_rate: float
    discount_rate: float
    residual_value: bool


@dataclass(frozen=True)
class Scenario:
    """A whole scenario file's content. Money in billions of ``currency``.

    ``uncertainty``, ``actuals`` and ``snapshots`` are kept as JSON text (or None) so
    the value stays immutable; the ``*_data`` properties give them back as Python
    data (actuals keep the file's order of quarters).
    """

    name: str
    currency: str
    usd_fx: float
    start: str
    horizon_years: int
    program: Program
    revenue: Revenue
    economics: Economics
    notes: str = ""
    uncertainty: str | None = field(default=None, compare=True)
    actuals: str | None = field(default=None, compare=True)
    snapshots: str | None = field(default=None, compare=True)

    def __post_init__(self) -> None:
        from simulator.validation import check_scenario

        check_scenario(self)

    @property
    def quarters(self) -> int:
        """T = 4 * horizon_years."""
        return 4 * self.horizon_years

    @property
    def uncertainty_data(self) -> Any:
        """The ``uncertainty`` section as Python data, or None."""
        return None if self.uncertainty is None else json.loads(self.uncertainty)

    @property
    def actuals_data(self) -> Any:
        """The ``actuals`` section as Python data, or None."""
        return None if self.actuals is None else json.loads(self.actuals)

    @property
    def snapshots_data(self) -> Any:
        """The ``snapshots`` section as Python data, or None."""
        return None if self.snapshots is None else json.loads(self.snapshots)

    @classmethod
    def from_dict(cls, doc: Any) -> Scenario:
        """Build from a parsed JSON document, checking types, keys and values."""
        from simulator.schema import scenario_from_dict

        return scenario_from_dict(doc)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this scenario (MODEL.md section 1 key order)."""
        from simulator.schema import scenario_to_dict

        return scenario_to_dict(self)

    def get_field(self, path: str) -> Any:
        """The value at a dotted field path, e.g. ``program.year_split.1``."""
        return get_path(self.to_dict(), path)

    def with_field(self, path: str, value: Any) -> Scenario:
        """A new scenario with the field at ``path`` set to ``value`` (validated)."""
        from simulator.uncertainty import prune

        doc = self.to_dict()
        set_path(doc, path, value)
        prune(doc)
        return Scenario.from_dict(doc)


def get_path(doc: Any, path: str) -> Any:
    """The value at a dotted path in a scenario document (list items by index)."""
    for part in path.split("."):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def set_path(doc: Any, path: str, value: Any) -> None:
    """Set the value at a dotted path in a scenario document, in place."""
    parent, _, last = path.rpartition(".")
    node = get_path(doc, parent) if parent else doc
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
