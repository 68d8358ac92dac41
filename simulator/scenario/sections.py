"""The typed sections of a scenario (MODEL.md section 1): immutable values, no rules.

The rules live in :mod:`simulator.scenario.rules`, the JSON form in
:mod:`simulator.scenario.schema`; :class:`~simulator.scenario.value.Scenario` holds
one of each section.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


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
    economic_life_years: float | None = None  # None: the depreciation life

    @property
    def life_quarters(self) -> int:
        """L_k = max(1, floor(4 * life_years + 0.5)) quarters."""
        return quarters_of(self.life_years)

    @property
    def economic_quarters(self) -> int:
        """E_k: the economic life in quarters (the depreciation life when not set)."""
        years = self.life_years if self.economic_life_years is None else self.economic_life_years
        return quarters_of(years)


def quarters_of(years: float) -> int:
    """A life in whole quarters: max(1, floor(4 * years + 0.5))."""
    return max(1, math.floor(4 * years + 0.5))


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
    ramp_quarters: float = 1.0
    seasonality: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)

    @property
    def seasonal_factors(self) -> tuple[float, ...]:
        """The four factors normalised to average 1 (calendar Q1..Q4)."""
        mean = sum(self.seasonality) / 4.0
        return tuple(v / mean for v in self.seasonality)


@dataclass(frozen=True)
class History:
    """Capex by quarter before the start: ``quarters`` (labels, consecutive, the last
    the quarter before ``start``) and their amounts (bn), with a source note."""

    quarters: tuple[str, ...]
    capex: tuple[float, ...]
    source: str = ""


@dataclass(frozen=True)
class Capacity:
    """How existing capacity behaves and whether vintages are refreshed."""

    existing: str = "held_flat"  # "held_flat" (version 1) or "ages"
    refresh: bool = False
    refresh_share: float = 1.0


TERMINAL_METHODS: tuple[str, ...] = ("none", "book", "gordon", "multiple")


@dataclass(frozen=True)
class Terminal:
    """The value at the horizon: ``method`` and its parameters (docs/model.md section 7)."""

    method: str = "book"
    growth: float = 0.0
    years: int = 3
    multiple: float = 8.0


@dataclass(frozen=True)
class Economics:
    """Margins, fixed cost, attribution, tax, annual discount rate, terminal value."""

    ebitda_margin: float
    tax_rate: float
    discount_rate: float
    terminal: Terminal = field(default_factory=Terminal)
    core_margin: float = 0.0
    fixed_cost: float = 0.0
    attribution: float = 0.0


@dataclass(frozen=True)
class Prior:
    """A fitted input's documented assumption before any fit."""

    value: float
    sd: float
    source: str = ""


@dataclass(frozen=True)
class CalibrationSettings:
    """The default fit set, the priors, the expected relative noise and prior weight."""

    fit: tuple[str, ...] = ()
    priors: tuple[tuple[str, Prior], ...] = ()
    noise: float = 0.03
    weight: float = 1.0

    def prior(self, path: str) -> Prior | None:
        """The prior of ``path``, or None."""
        return dict(self.priors).get(path)
