"""Drivers: the scenario's numeric assumptions as single numbers that can be moved.

A driver is one number per path that sets some inputs of the model. Scalars
(``revenue.yield``, ``program.categories.2.life_years``, ...) are their own value.
A per-year list is one driver moved as a whole: a growth list by a *shift* (in
annual rate, added to every year), the year split by a *delay* (in years: spend
moves later, or earlier for a negative delay, interpolating between years; spend
moved before the first year stays in the first year). Monte Carlo, sensitivity and
goal seek all set drivers on an :class:`~simulator.inputs.Inputs` of N paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.errors import ScenarioError
from simulator.model.inputs import Inputs, life_quarters, per_year
from simulator.scenario import fields
from simulator.scenario.field_def import Field
from simulator.scenario.limits import MAX_GROWTH, MAX_PROGRAM_YEARS
from simulator.scenario.value import Scenario
from simulator.units import YEARS, Money

FloatArray = NDArray[np.float64]

INPUT_FIELDS: dict[str, str] = {
    "program.total_capex": "total_capex",
    "revenue.base_quarterly": "base_quarterly",
    "revenue.ai_share": "ai_share",
    "revenue.yield": "yield_",
    "revenue.price_decline": "price_decline",
    "economics.ebitda_margin": "ebitda_margin",
    "economics.tax_rate": "tax_rate",
    "economics.discount_rate": "discount_rate",
    "revenue.ramp_quarters": "ramp",
    "capacity.refresh_share": "refresh_share",
    "economics.core_margin": "core_margin",
    "economics.fixed_cost": "fixed_cost",
    "economics.attribution": "attribution",
    "economics.terminal.growth": "terminal_growth",
    "economics.terminal.multiple": "terminal_multiple",
}
"""Scalar driver path -> the :class:`~simulator.model.inputs.Inputs` field it sets."""
_GROWTH = ("revenue.core_growth", "revenue.ai_growth")
_SPLIT = "program.year_split"


@dataclass(frozen=True)
class Driver:
    """One movable number of a scenario.

    ``kind`` is ``value`` (a scalar field), ``life``/``lag`` (a category's life in
    years or lag in quarters; ``index`` is the category), ``shift`` (added to every
    year of a growth list) or ``delay`` (years the year split moves later).
    ``low``/``high`` bound the driver's value for this scenario; ``base`` is its
    value in the scenario (0 for a shift or a delay).
    """

    path: str
    label: str
    kind: str
    base: float
    low: float
    high: float
    index: int = -1
    split: tuple[float, ...] = ()  # the programme's year split (delay drivers)

    @property
    def field(self) -> Field:
        """The input's entry in the field table (unit, decimals, help)."""
        return fields.field(self.path)

    def clip(self, values: ArrayLike) -> FloatArray:
        """Values kept inside ``[low, high]`` (lags rounded to whole quarters)."""
        v = np.clip(np.asarray(values, dtype=float), self.low, self.high)
        return np.rint(v) if self.kind == "lag" else v

    def apply(self, x: Inputs, values: ArrayLike) -> Inputs:
        """``x`` with this driver set to ``values`` (scalar or (N,)), clipped."""
        v = self.clip(values)
        return _APPLY[self.kind](self, x, v)

    def relative(self, s: Scenario, fraction: float) -> float:
        """The driver's value after a relative move by ``fraction`` (0.2 = +20%).

        A scalar is scaled; a growth list is shifted by ``fraction`` times its
        average rate over the horizon; the year split is delayed by ``fraction``
        times the programme's length in years.
        """
        if self.kind == "shift":
            rates = per_year(s.get_field(self.path), s.horizon_years, hold_last=True)
            return float(self.clip(fraction * abs(float(np.mean(rates)))))
        if self.kind == "delay":
            return float(self.clip(fraction * len(s.program.year_split)))
        return float(self.clip(self.base * (1.0 + fraction)))

    def to_scenario(self, s: Scenario, value: float) -> Scenario:
        """The scenario with this driver set to ``value`` (for applying a result)."""
        v = float(self.clip(value))
        if self.kind == "shift":
            return s.with_field(self.path, [g + v for g in s.get_field(self.path)])
        if self.kind == "delay":
            split = delayed_split(np.array(s.program.year_split), np.array([v]))[0]
            return s.with_field(self.path, _trim(split))
        if self.kind == "lag":
            return s.with_field(self.path, int(v))
        if self.kind == "season":
            return s.with_field(
                "revenue.seasonality", normalised(s.revenue.seasonality, self.index, v)
            )
        return s.with_field(self.path, v)

    def format_value(self, value: float, money: Money | None = None) -> str:
        """The driver's value for people, in its field's unit (shifts in pp, delays in
        years, both signed)."""
        f = self.field
        signed = self.kind in ("shift", "delay")
        unit = YEARS if self.kind == "delay" else f.unit
        decimals = 0 if f.integer else f.decimals
        return unit.text(value, decimals, money, signed)


def drivers(s: Scenario) -> tuple[Driver, ...]:
    """Every driver of ``s``: scalars, category lives and lags, seasonal factors, growth
    lists, split."""
    out = [_scalar(s, path) for path in INPUT_FIELDS]
    for i, c in enumerate(s.program.categories):
        econ = c.life_years if c.economic_life_years is None else c.economic_life_years
        for name, kind, base in (
            ("life_years", "life", c.life_years),
            ("economic_life_years", "econ_life", econ),
            ("lag_quarters", "lag", c.lag_quarters),
        ):
            path = f"program.categories.{i}.{name}"
            low, high = fields.field(path).closed_range()
            label = f"{fields.field(path).label}: {c.name}"
            out.append(Driver(path, label, kind, base, low, high, i))
    for i, value in enumerate(s.revenue.seasonality):
        path = f"revenue.seasonality.{i}"
        low, high = fields.field(path).closed_range()
        out.append(Driver(path, f"Seasonal factor, Q{i + 1}", "season", value, low, high, i))
    for path in _GROWTH:
        rates = s.get_field(path)
        low, high = -1.0 - min(rates) + 1e-9, MAX_GROWTH - max(rates)
        out.append(Driver(path, fields.field(path).driver_label, "shift", 0.0, low, high))
    years = len(s.program.year_split)
    out.append(
        Driver(
            _SPLIT,
            fields.field(_SPLIT).driver_label,
            "delay",
            0.0,
            -(years - 1.0),
            float(MAX_PROGRAM_YEARS - years),
            split=s.program.year_split,
        )
    )
    return tuple(out)


def driver(s: Scenario, path: str) -> Driver:
    """The driver at ``path``; ScenarioError when ``s`` has none there."""
    for d in drivers(s):
        if d.path == path:
            return d
    raise ScenarioError(path, "is not a numeric assumption that can be varied")


def driver_paths(s: Scenario) -> tuple[str, ...]:
    """The paths of :func:`drivers`, in order."""
    return tuple(d.path for d in drivers(s))


def normalised(factors: tuple[float, ...], index: int, value: float) -> list[float]:
    """The four seasonal factors with ``index`` set to ``value``, scaled to average 1."""
    new = [float(f) for f in factors]
    new[index] = float(value)
    mean = sum(new) / len(new)
    return [f / mean for f in new]


def delayed_split(split: FloatArray, delay: FloatArray) -> FloatArray:
    """The year split ``split`` (P,) moved later by ``delay`` (N,) years: (N, 10).

    Year y's share lands at y + delay, divided between the two whole years around it
    in proportion to closeness; shares landing before year 0 stay in year 0, those
    past year 9 in year 9. Each row still sums to the sum of ``split``.
    """
    n, p = delay.shape[0], split.shape[0]
    pos = np.arange(p)[None, :] + delay[:, None]  # (N, P)
    lower = np.floor(pos)
    frac = pos - lower
    out = np.zeros((n, MAX_PROGRAM_YEARS))
    rows = np.repeat(np.arange(n), p)
    for part, weight in ((lower, 1.0 - frac), (lower + 1, frac)):
        cols = np.clip(part, 0, MAX_PROGRAM_YEARS - 1).astype(np.int64).ravel()
        np.add.at(out, (rows, cols), (split[None, :] * weight).ravel())
    return out


def _trim(split: FloatArray) -> list[float]:
    last = int(np.flatnonzero(split > 1e-15).max()) + 1 if split.any() else 1
    values = [float(v) for v in split[:last]]
    values[-1] += 1.0 - math.fsum(values)  # keep the exact sum of 1
    return values


def _scalar(s: Scenario, path: str) -> Driver:
    f = fields.field(path)
    low, high = f.closed_range()
    return Driver(path, f.label, "value", float(s.get_field(path)), low, high)


def _apply_value(d: Driver, x: Inputs, v: FloatArray) -> Inputs:
    return x.replace(**{INPUT_FIELDS[d.path]: v})


def _apply_life(d: Driver, x: Inputs, v: FloatArray) -> Inputs:
    life = np.array(x.life_q)
    life = np.broadcast_to(life, (max(x.paths, np.size(v)), life.shape[1])).copy()
    life[:, d.index] = life_quarters(v)
    return x.replace(life_q=life)


def _apply_lag(d: Driver, x: Inputs, v: FloatArray) -> Inputs:
    lag = np.broadcast_to(x.lag_q, (max(x.paths, np.size(v)), x.lag_q.shape[1])).copy()
    lag[:, d.index] = v.astype(np.int64)
    return x.replace(lag_q=lag)


def _apply_shift(d: Driver, x: Inputs, v: FloatArray) -> Inputs:
    field = "core_growth" if d.path == "revenue.core_growth" else "ai_growth"
    rates = getattr(x, field) + np.reshape(v, (-1, 1))
    return x.replace(**{field: rates})


def _apply_delay(d: Driver, x: Inputs, v: FloatArray) -> Inputs:
    moved = delayed_split(np.array(d.split), np.atleast_1d(v))  # (N, 10)
    return x.replace(split=_over_horizon(moved, x.years))


def _over_horizon(split: FloatArray, years: int) -> FloatArray:
    out = np.zeros((split.shape[0], years))
    n = min(years, split.shape[1])
    out[:, :n] = split[:, :n]
    return out


def _apply_econ_life(d: Driver, x: Inputs, v: FloatArray) -> Inputs:
    n = max(x.paths, np.size(v))
    econ = np.broadcast_to(x.econ_q, (n, x.econ_q.shape[1])).copy()
    follows = np.broadcast_to(x.econ_follows, (n, x.econ_q.shape[1])).copy()
    econ[:, d.index] = life_quarters(v)
    follows[:, d.index] = False
    return x.replace(econ_q=econ, econ_follows=follows)


def _apply_season(d: Driver, x: Inputs, v: FloatArray) -> Inputs:
    n = max(x.paths, np.size(v))
    factors = np.broadcast_to(x.seasonality, (n, 4)).copy()
    factors[:, d.index] = v
    return x.replace(seasonality=factors)


_APPLY = {
    "value": _apply_value,
    "life": _apply_life,
    "econ_life": _apply_econ_life,
    "season": _apply_season,
    "lag": _apply_lag,
    "shift": _apply_shift,
    "delay": _apply_delay,
}
