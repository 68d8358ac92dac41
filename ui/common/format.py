"""Numbers as people read them, from the model's tables only (no Qt).

Inputs are shown through the field table (:mod:`simulator.scenario.fields`: unit,
scale, decimals, step), metrics through the metric table
(:data:`simulator.model.outputs.METRICS`: label, unit, decimals, the text of an
undefined value) and quarterly columns through :data:`~simulator.model.outputs.
COLUMN_INFO`. Nothing here knows a label, a unit or a number of decimals itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.analysis.drivers import Driver
from simulator.model.analyst import Guardrail
from simulator.model.outputs import COLUMN_INFO, METRICS
from simulator.scenario import fields
from simulator.scenario.value import Scenario
from simulator.units import MONEY, PERCENT, POINTS, YEARS, Money, Unit, number_text

MAX_EXTRA_DECIMALS = 4


def scenario_money(s: Scenario) -> Money:
    """The scenario's own money (its currency, never converted): how inputs are shown."""
    return Money.of(s.currency, s.usd_fx, False)


def currency_money(code: str) -> Money:
    """Amounts in ``code`` itself (never converted): how a scenario's inputs are shown."""
    return Money(1.0, f"bn {code}")


def percent_text(share: float, signed: bool = False) -> str:
    """A share as ``37.2 %`` (``n/a`` when undefined)."""
    if not math.isfinite(share):
        return "n/a"
    return PERCENT.text(share, 1, signed=signed)


# --- metrics -----------------------------------------------------------------------


NO_SPEND = "n/a (no spend)"
NEEDS_SPEND = frozenset(
    {"payback_years", "discounted_payback_years", "peak_funding", "revenue_crossover_years"}
)
"""Metrics that mean nothing without programme spend (there is nothing to pay back)."""


def no_spend(key: str, total_capex: float | None) -> bool:
    """Whether ``key`` is shown as :data:`NO_SPEND`: a programme of zero capex."""
    return key in NEEDS_SPEND and total_capex is not None and abs(total_capex) < 1e-12


def metric_text(
    key: str, value: float | None, money: Money | None = None, total_capex: float | None = None
) -> str:
    """A metric's value with its unit, or its "undefined" text (None or NaN); a payback,
    crossover or peak funding of a programme without spend (``total_capex`` 0) is
    ``n/a (no spend)`` rather than ``0.00 years`` (the summary file keeps the numbers)."""
    if no_spend(key, total_capex):
        return NO_SPEND
    return METRICS[key].text(value, money)


def metric_number(key: str, shown: float) -> str:
    """A metric's value already in the shown unit, without the unit (``n/a`` if NaN)."""
    if not math.isfinite(shown):
        return "n/a"
    return number_text(shown, METRICS[key].decimals)


def metric_delta_text(key: str, value: float | None, money: Money | None = None) -> str:
    """A difference of a metric, signed: ``+115.9 bn CNY``; rates in points (``+1.2 pp``)."""
    if value is None or not math.isfinite(value):
        return "–"
    m = METRICS[key]
    unit = POINTS if m.unit == PERCENT else m.unit
    return unit.text(value, m.decimals, money, signed=True)


def metric_cell(
    key: str, value: float | None, money: Money | None = None, total_capex: float | None = None
) -> str:
    """A metric's value in a table whose row names the unit (``NPV (bn CNY)``): the number
    alone, else the "undefined" or ``n/a (no spend)`` text of :func:`metric_text`."""
    if no_spend(key, total_capex) or value is None or not math.isfinite(value):
        return metric_text(key, value, money, total_capex)
    return metric_number(key, value * metric_factor(key, money))


def metric_delta_cell(key: str, value: float | None, money: Money | None = None) -> str:
    """A difference in such a table: signed, rates in points (``+1.2 pp``), ``–`` if
    undefined."""
    if value is None or not math.isfinite(value):
        return "–"
    m = METRICS[key]
    text = number_text(value * m.unit.factor(money), m.decimals, signed=True)
    return f"{text} {POINTS.label(money)}" if m.unit == PERCENT else text


def metric_factor(key: str, money: Money | None = None) -> float:
    """Model unit -> shown unit of a metric (the money factor, 100 for %, 1)."""
    return METRICS[key].unit.factor(money)


def metric_unit(key: str, money: Money | None = None) -> str:
    """The shown unit of a metric: ``bn CNY``, ``%`` or ``years``."""
    return METRICS[key].unit.label(money)


def guardrail_band(g: Guardrail) -> str:
    """A guardrail's band in its metric's unit: ``0.47 x to 1.88 x``, ``at least 10.0 %``."""
    text = METRICS[g.metric].text
    return f"at least {text(g.low)}" if math.isinf(g.high) else f"{text(g.low)} to {text(g.high)}"


def metric_label(key: str) -> str:
    """A metric's name for people."""
    return METRICS[key].label


def axis_label(key: str, money: Money | None = None) -> str:
    """``NPV (bn CNY)``: a metric's name with its unit."""
    return METRICS[key].axis_label(money)


def lower_is_better(key: str) -> bool:
    """Whether lower values of a metric are better (paybacks, peak funding)."""
    return METRICS[key].better == "lower"


def is_money(key: str) -> bool:
    """Whether a metric is an amount of money."""
    return METRICS[key].unit.money


def undefined_text(key: str) -> str:
    """What an undefined value of a metric means: ``never within horizon``, ``n/a``."""
    return METRICS[key].undefined


def column_label(key: str) -> str:
    """A quarterly column's name for people: ``Cumulative FCF``."""
    return COLUMN_INFO[key].label


def is_stock(key: str) -> bool:
    """Whether a quarterly column is a stock (a level at the quarter's end), not a flow."""
    return COLUMN_INFO[key].unit == MONEY


# --- inputs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """How one input (or driver) is shown: unit, decimals, step (display units), money."""

    unit: Unit
    decimals: int
    step: float
    money: Money | None = None
    signed: bool = False

    @property
    def scale(self) -> float:
        """Model units -> display units."""
        return self.unit.factor(self.money)

    @property
    def label(self) -> str:
        """The unit's text: ``%``, ``bn CNY``, ``years``."""
        return self.unit.label(self.money)

    @property
    def suffix(self) -> str:
        """The unit as a spin box suffix (`` %``), empty when there is no unit."""
        return f" {self.label}" if self.label else ""

    def shown(self, value: float) -> float:
        """A model value in display units, rounded to the shown decimals."""
        return round(value * self.scale, self.decimals)

    def model(self, shown: float) -> float:
        """A displayed value back in model units."""
        return round(shown, self.decimals) / self.scale

    def text(self, value: float) -> str:
        """A model value with its unit: ``15.0 %``, ``+2.0 pp``."""
        return self.unit.text(value, self.decimals, self.money, self.signed)

    def compact(self, value: float) -> str:
        """A model value as shown, short and without unit: ``15``, ``0.85`` (no -0)."""
        return f"{round(value * self.scale, self.decimals + 1) + 0.0:.4g}"

    def more(self, extra: int) -> Shown:
        """The same with ``extra`` more decimals."""
        return Shown(self.unit, self.decimals + extra, self.step, self.money, self.signed)


def field_shown(path: str, money: Money | None = None) -> Shown:
    """How the input at ``path`` is shown (its field's unit, decimals and step)."""
    f = fields.field(path)
    return Shown(f.unit, 0 if f.integer else f.decimals, f.step, money)


def driver_shown(d: Driver | str, money: Money | None = None, least_decimals: int = 0) -> Shown:
    """How a driver's value is shown: its field's unit (years for the spend delay,
    signed for a shift or a delay), with at least ``least_decimals`` decimals."""
    path = d if isinstance(d, str) else d.path
    f = fields.field(path)
    unit = YEARS if f.driver == "delay" else f.unit
    decimals = max(0 if f.integer else f.decimals, least_decimals)
    return Shown(unit, decimals, f.step, money, f.driver in ("shift", "delay"))


def driver_axis_label(d: Driver, money: Money | None = None) -> str:
    """A driver's name with its unit: ``Yield on capacity (/yr)``."""
    unit = driver_shown(d, money).label
    return f"{d.label} ({unit})" if unit else d.label


def assumption_label(path: str, categories: Sequence[str] = ()) -> str:
    """A reader's name for an assumption; a category's fields named after the category
    (``Servers & accelerators: Life``) when its name is among ``categories``."""
    parts = path.split(".")
    if parts[:2] == ["program", "categories"] and len(parts) == 4 and parts[2].isdigit():
        i = int(parts[2])
        owner = categories[i] if i < len(categories) else f"Category {i + 1}"
        return f"{owner}: {fields.label(path)}"
    if parts[:2] == ["history", "capex"] and len(parts) == 3:
        return f"Capex in {parts[2]}"  # the quarter, not "Capex in quarter" three times
    return fields.label(path)


def exact_decimals(shown: float, least: int, extra: int = MAX_EXTRA_DECIMALS) -> int:
    """The fewest decimals from ``least`` (up to ``least + extra``) that show ``shown`` as is."""
    for d in range(least, least + extra + 1):
        if abs(round(shown, d) - shown) <= 1e-9 * max(1.0, abs(shown)):
            return d
    return least + extra


def value_text(path: str, value: Any, money: Money | None = None) -> str:
    """An assumption's value for a table: in its field's unit, with as many decimals as
    it needs (``24.75 %``, ``380.0 bn CNY``); lists item by item; yes/no."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if len(value) >= 12:
            return f"{len(value)} items"
        return ", ".join(value_text(f"{path}.{i}", v, money) for i, v in enumerate(value))
    if isinstance(value, dict):
        return str(value.get("name", value))
    f = fields.find(path)
    if f is None or f.kind != "number" or not isinstance(value, int | float):
        return f"{value:.6g}" if isinstance(value, float) else str(value)
    least = 0 if f.integer else f.decimals
    return f.unit.text(value, exact_decimals(value * f.unit.factor(money), least), money)
