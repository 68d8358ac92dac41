"""The model's inputs as arrays with a leading axis of N paths.

One :class:`Inputs` holds N variants of a scenario that share its shape (horizon H
years, K categories). Per-year lists are laid out over the horizon's years: the
year split with zeros after the programme (spend past the horizon is dropped) and
the growth rates with their last value held. Monte Carlo, sweeps and goal seek
build an ``Inputs`` once and vary fields with :meth:`Inputs.replace`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


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
    """Model inputs for N paths. Shapes: (N,), (N, H) per year, (N, K) per category.

    Money in billions; rates annual fractions; ``life_q`` and ``lag_q`` in quarters.
    """

    total_capex: FloatArray  # (N,)
    split: FloatArray  # (N, H) share of C spent in each horizon year
    share: FloatArray  # (N, K)
    life_q: IntArray  # (N, K)
    lag_q: IntArray  # (N, K)
    adds_capacity: BoolArray  # (N, K)
    base_quarterly: FloatArray  # (N,)
    ai_share: FloatArray  # (N,)
    core_growth: FloatArray  # (N, H)
    ai_growth: FloatArray  # (N, H)
    capacity_constrained: BoolArray  # (N,)
    yield_: FloatArray  # (N,)
    price_decline: FloatArray  # (N,)
    ebitda_margin: FloatArray  # (N,)
    tax_rate: FloatArray  # (N,)
    discount_rate: FloatArray  # (N,)
    residual_value: BoolArray  # (N,)

    @property
    def paths(self) -> int:
        """N."""
        return int(self.total_capex.shape[0])

    @property
    def years(self) -> int:
        """H, the horizon in years."""
        return int(self.split.shape[-1])

    @property
    def quarters(self) -> int:
        """T = 4H."""
        return 4 * self.years

    @classmethod
    def from_scenario(cls, s: Scenario) -> Inputs:
        """One path (N = 1) from a scenario."""
        h, p, r, e = s.horizon_years, s.program, s.revenue, s.economics
        cats = p.categories
        row = np.array
        return cls(
            total_capex=row([p.total_capex]),
            split=per_year(p.year_split, h, hold_last=False)[None, :],
            share=row([[c.share for c in cats]], float),
            life_q=life_quarters([[c.life_years for c in cats]]),
            lag_q=row([[c.lag_quarters for c in cats]], np.int64),
            adds_capacity=row([[c.adds_capacity for c in cats]], bool),
            base_quarterly=row([r.base_quarterly]),
            ai_share=row([r.ai_share]),
            core_growth=per_year(r.core_growth, h, hold_last=True)[None, :],
            ai_growth=per_year(r.ai_growth, h, hold_last=True)[None, :],
            capacity_constrained=row([r.capacity_constrained]),
            yield_=row([r.yield_]),
            price_decline=row([r.price_decline]),
            ebitda_margin=row([e.ebitda_margin]),
            tax_rate=row([e.tax_rate]),
            discount_rate=row([e.discount_rate]),
            residual_value=row([e.residual_value]),
        )

    @classmethod
    def stack(cls, scenarios: Sequence[Scenario]) -> Inputs:
        """N paths from N scenarios of the same horizon and category count."""
        parts = [cls.from_scenario(s) for s in scenarios]
        shapes = {(x.years, x.share.shape[1]) for x in parts}
        if len(shapes) != 1:
            raise ValueError(
                "scenarios stacked as paths need the same horizon and "
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

        Per-path fields take a scalar or (N,). Per-year and per-category fields take
        a scalar (every year/category, every path), a 1-D (H,)/(K,) row (the same for
        every path) or an (N, 1)/(N, H)/(N, K) array (per path). ``life_years=`` may
        be given instead of ``life_q``.
        """
        if "life_years" in changes:
            changes["life_q"] = life_quarters(changes.pop("life_years"))
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


_SCALAR_FIELDS = {
    "total_capex",
    "base_quarterly",
    "ai_share",
    "capacity_constrained",
    "yield_",
    "price_decline",
    "ebitda_margin",
    "tax_rate",
    "discount_rate",
    "residual_value",
}


def _inner(x: Inputs, name: str) -> int:
    return x.years if name in {"split", "core_growth", "ai_growth"} else int(x.share.shape[-1])
