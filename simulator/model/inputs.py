"""The model's inputs as arrays with a leading axis of N paths (docs/model.md).

One :class:`Inputs` holds N variants of a scenario that share its shape (H plan years,
Q history quarters, K categories). Per-year lists are laid out over the plan's years:
the year split with zeros after the programme (spend past the horizon is dropped) and
the growth rates with their last value held. Monte Carlo, sweeps, goal seek and
calibration build an ``Inputs`` once and vary fields with :meth:`Inputs.replace`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.scenario.periods import period_index
from simulator.scenario.sections import TERMINAL_METHODS
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

NONE, BOOK, GORDON, MULTIPLE = (TERMINAL_METHODS.index(m) for m in TERMINAL_METHODS)
"""Codes of ``terminal_method``: 0 none, 1 book, 2 gordon, 3 multiple."""


def per_year(values: Sequence[float], years: int, hold_last: bool) -> FloatArray:
    """A list of yearly values laid over ``years``: held or zero-padded, truncated."""
    out = np.zeros(years) if not hold_last else np.full(years, float(values[-1]))
    n = min(len(values), years)
    out[:n] = values[:n]
    return out


def life_quarters(life_years: ArrayLike) -> IntArray:
    """L = max(1, floor(4 * life_years + 0.5)), elementwise."""
    return np.maximum(1, np.floor(4 * np.asarray(life_years, float) + 0.5)).astype(np.int64)


@dataclass(frozen=True, eq=False)
class Inputs:
    """Model inputs for N paths. Shapes: (N,), (N, H) per plan year, (N, Q) history,
    (N, K) per category, (N, 4) seasonal factors (calendar Q1..Q4, not normalised).

    Money in billions; rates annual fractions; ``life_q``, ``econ_q`` and ``lag_q`` in
    quarters; ``econ_follows`` marks categories whose economic life is their
    depreciation life; :attr:`rho` is the refresh share where refresh is on, else 0;
    ``first_quarter`` the period index (quarters since year 0) of the first modelled
    quarter.
    """

    total_capex: FloatArray  # (N,)
    split: FloatArray  # (N, H) share of C spent in each horizon year
    history: FloatArray  # (N, Q) capex of each history quarter
    share: FloatArray  # (N, K)
    life_q: IntArray  # (N, K)
    econ_q: IntArray  # (N, K)
    econ_follows: BoolArray  # (N, K)
    lag_q: IntArray  # (N, K)
    adds_capacity: BoolArray  # (N, K)
    base_quarterly: FloatArray  # (N,)
    ai_share: FloatArray  # (N,)
    core_growth: FloatArray  # (N, H)
    ai_growth: FloatArray  # (N, H)
    capacity_constrained: BoolArray  # (N,)
    yield_: FloatArray  # (N,)
    price_decline: FloatArray  # (N,)
    ramp: FloatArray  # (N,) quarters
    seasonality: FloatArray  # (N, 4)
    first_quarter: IntArray  # (N,) period index of the first modelled quarter
    existing_ages: BoolArray  # (N,)
    refresh_on: BoolArray  # (N,)
    refresh_share: FloatArray  # (N,)
    ebitda_margin: FloatArray  # (N,)
    core_margin: FloatArray  # (N,)
    fixed_cost: FloatArray  # (N,)
    attribution: FloatArray  # (N,)
    tax_rate: FloatArray  # (N,)
    discount_rate: FloatArray  # (N,)
    terminal_method: IntArray  # (N,)
    terminal_growth: FloatArray  # (N,)
    terminal_years: IntArray  # (N,)
    terminal_multiple: FloatArray  # (N,)

    @property
    def paths(self) -> int:
        """N."""
        return int(self.total_capex.shape[0])

    @property
    def years(self) -> int:
        """H, the plan's horizon in years."""
        return int(self.split.shape[-1])

    @property
    def history_quarters(self) -> int:
        """Q, the quarters of history before the start."""
        return int(self.history.shape[-1])

    @property
    def quarters(self) -> int:
        """T = Q + 4H."""
        return self.history_quarters + 4 * self.years

    @property
    def rho(self) -> FloatArray:
        """The share of retiring capacity refreshed: (N,), 0 where refresh is off."""
        return np.where(self.refresh_on, self.refresh_share, 0.0)

    @classmethod
    def from_scenario(cls, s: Scenario) -> Inputs:
        """One path (N = 1) from a scenario."""
        h, p, r, e, c = s.horizon_years, s.program, s.revenue, s.economics, s.capacity
        cats = p.categories
        row = np.array
        t = e.terminal
        return cls(
            total_capex=row([p.total_capex]),
            split=per_year(p.year_split, h, hold_last=False)[None, :],
            history=row([s.history.capex if s.history else ()], float).reshape(1, -1),
            share=row([[c.share for c in cats]], float),
            life_q=life_quarters([[c.life_years for c in cats]]),
            econ_q=row([[c.economic_quarters for c in cats]], np.int64),
            econ_follows=row([[c.economic_life_years is None for c in cats]], bool),
            lag_q=row([[c.lag_quarters for c in cats]], np.int64),
            adds_capacity=row([[c.adds_capacity for c in cats]], bool),
            base_quarterly=row([r.base_quarterly]),
            ai_share=row([r.ai_share]),
            core_growth=per_year(r.core_growth, h, hold_last=True)[None, :],
            ai_growth=per_year(r.ai_growth, h, hold_last=True)[None, :],
            capacity_constrained=row([r.capacity_constrained]),
            yield_=row([r.yield_]),
            price_decline=row([r.price_decline]),
            ramp=row([r.ramp_quarters]),
            seasonality=row([r.seasonality], float),
            first_quarter=row([period_index(s.first_period)], np.int64),
            existing_ages=row([c.existing == "ages"]),
            refresh_on=row([c.refresh]),
            refresh_share=row([c.refresh_share]),
            ebitda_margin=row([e.ebitda_margin]),
            core_margin=row([e.core_margin]),
            fixed_cost=row([e.fixed_cost]),
            attribution=row([e.attribution]),
            tax_rate=row([e.tax_rate]),
            discount_rate=row([e.discount_rate]),
            terminal_method=row([TERMINAL_METHODS.index(t.method)], np.int64),
            terminal_growth=row([t.growth]),
            terminal_years=row([t.years], np.int64),
            terminal_multiple=row([t.multiple]),
        )

    @classmethod
    def stack(cls, scenarios: Sequence[Scenario]) -> Inputs:
        """N paths from N scenarios of the same shape (horizon, history, categories)."""
        parts = [cls.from_scenario(s) for s in scenarios]
        shapes = {(x.years, x.history_quarters, x.share.shape[1]) for x in parts}
        if len(shapes) != 1:
            raise ValueError(
                "scenarios stacked as paths need the same horizon, history and "
                f"number of categories (got {sorted(shapes)})"
            )
        return cls(
            **{
                f.name: np.concatenate([getattr(x, f.name) for x in parts])
                for f in dataclasses.fields(cls)
            }
        )

    def repeat(self, n: int) -> Inputs:
        """N = n copies of a one-path input."""
        return self.replace()._broadcast(n)

    def replace(self, **changes: ArrayLike) -> Inputs:
        """New inputs with some fields replaced; arrays broadcast over the path axis.

        Per-path fields take a scalar or (N,). Per-year, history, per-category and
        seasonal fields take a scalar (every entry, every path), a 1-D row (the same
        for every path) or an (N, 1)/(N, m) array (per path). ``life_years=`` may be
        given instead of ``life_q`` (categories whose economic life follows the
        depreciation life follow it).
        """
        if "life_years" in changes:
            changes["life_q"] = life_quarters(changes.pop("life_years"))
        if "life_q" in changes and "econ_q" not in changes and self.econ_follows.any():
            life = np.asarray(changes["life_q"], dtype=np.int64)
            changes["econ_q"] = np.where(self.econ_follows, life, self.econ_q)
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        for name, value in changes.items():
            if name not in fields:
                raise TypeError(f"Inputs has no field {name!r}")
            old = fields[name]
            fields[name] = np.asarray(value, dtype=old.dtype)
        n = max(
            np.shape(v)[0] if np.ndim(v) == (1 if k in _SCALAR_FIELDS else 2) else 1
            for k, v in fields.items()
        )
        return Inputs(**fields)._broadcast(n)

    def _broadcast(self, n: int) -> Inputs:
        out = {}
        for f in dataclasses.fields(self):
            v = np.asarray(getattr(self, f.name))
            shape = (n,) if f.name in _SCALAR_FIELDS else (n, _inner(self, f.name))
            out[f.name] = np.ascontiguousarray(np.broadcast_to(v, shape))
        return Inputs(**out)


_PER_YEAR = frozenset({"split", "core_growth", "ai_growth"})
_PER_CATEGORY = frozenset({"share", "life_q", "econ_q", "econ_follows", "lag_q", "adds_capacity"})
_SCALAR_FIELDS = frozenset(
    f.name
    for f in dataclasses.fields(Inputs)
    if f.name not in _PER_YEAR | _PER_CATEGORY | {"history", "seasonality"}
)


def _inner(x: Inputs, name: str) -> int:
    if name in _PER_YEAR:
        return x.years
    if name == "history":
        return x.history_quarters
    if name == "seasonality":
        return 4
    return int(x.share.shape[-1])
