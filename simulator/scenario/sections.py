"""The typed sections of a scenario (MODEL.md section 1): immutable values, no rules.

The rules live in :mod:`simulator.scenario.rules`, the JSON form in
:mod:`simulator.scenario.schema`; :class:`~simulator.scenario.value.Scenario` holds
one of each section.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


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
