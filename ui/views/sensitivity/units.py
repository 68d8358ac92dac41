"""How sensitivity metrics and inputs are shown: display scale, unit and text.

Numbers come from :mod:`simulator`; this module only converts them for people:
money metrics through :class:`~ui.charts.base.Money`, rates as percent, periods in
years, and each driver's value in the units the Assumptions dock uses for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.analysis.drivers import Driver
from ui.charts.base import Money

METRICS: tuple[tuple[str, str], ...] = (
    ("npv", "NPV"),
    ("irr", "IRR"),
    ("payback_years", "Payback"),
    ("discounted_payback_years", "Discounted payback"),
    ("peak_funding", "Peak funding"),
    ("cum_program_revenue", "Cumulative programme revenue"),
)
"""(summary key, label) of the metrics the sensitivity charts offer."""
MONEY_METRICS = frozenset({"npv", "peak_funding", "cum_program_revenue"})
GOAL_METRICS: tuple[tuple[str, str], ...] = (
    *METRICS,
    ("revenue_crossover_years", "Revenue crossover"),
)
"""The metrics goal seek offers: the sensitivity ones and the revenue crossover."""
LABELS = dict(GOAL_METRICS)
YEAR_METRICS = frozenset({"payback_years", "discounted_payback_years", "revenue_crossover_years"})
LOWER_IS_BETTER = YEAR_METRICS | {"peak_funding"}
_PERCENT_INPUTS = frozenset(
    {
        "revenue.ai_share",
        "revenue.price_decline",
        "economics.ebitda_margin",
        "economics.tax_rate",
        "economics.discount_rate",
    }
)


@dataclass(frozen=True)
class Units:
    """Display = value * ``scale``, shown with ``decimals`` and ``unit``."""

    scale: float
    unit: str
    decimals: int
    signed: bool = False

    def text(self, value: float) -> str:
        """``value`` (model units) as display text with its unit."""
        sign = "+" if self.signed else ""
        shown = value * self.scale
        shown = 0.0 if round(shown, self.decimals) == 0 else shown  # no "-0.0"
        number = f"{shown:{sign},.{self.decimals}f}"
        return f"{number} {self.unit}".strip() if self.unit != "%" else f"{number} %"


def metric_units(metric: str, money: Money) -> Units:
    """Units of a metric: money via ``money``, IRR in %, paybacks in years."""
    if metric in MONEY_METRICS:
        return Units(money.factor, money.label, 1)
    if metric == "irr":
        return Units(100.0, "%", 2)
    if metric in YEAR_METRICS:
        return Units(1.0, "years", 2)
    return Units(1.0, "", 3)


def metric_text(metric: str, value: float, money: Money) -> str:
    """A metric value as shown; undefined (NaN) as 'never' (paybacks) or 'n/a'."""
    if not math.isfinite(value):
        return "never" if metric in YEAR_METRICS else "n/a"
    return metric_units(metric, money).text(value)


def axis_label(metric: str, money: Money) -> str:
    """The metric's axis title with its unit, e.g. ``NPV (bn CNY)``."""
    unit = metric_units(metric, money).unit
    return f"{LABELS.get(metric, metric)} ({unit})" if unit else LABELS.get(metric, metric)


def input_units(d: Driver, currency: str) -> Units:
    """A driver's display units: rates in %, shifts in pp, money in bn, time in years."""
    if d.kind == "shift":
        return Units(100.0, "pp", 1, signed=True)
    if d.kind == "delay":
        return Units(1.0, "years", 2, signed=True)
    if d.kind == "life":
        return Units(1.0, "years", 1)
    if d.kind == "lag":
        return Units(1.0, "qtrs", 0)
    if d.path in _PERCENT_INPUTS:
        return Units(100.0, "%", 1)
    if d.path == "program.total_capex":
        return Units(1.0, f"bn {currency}", 1)
    if d.path == "revenue.base_quarterly":
        return Units(1.0, f"bn {currency}/qtr", 2)
    if d.path == "revenue.yield":
        return Units(1.0, "/yr", 3)
    return Units(1.0, "", 4)


def input_axis_label(d: Driver, currency: str) -> str:
    """A driver's axis title with its unit, e.g. ``Yield on capacity (/yr)``."""
    unit = input_units(d, currency).unit
    return f"{d.label} ({unit})" if unit else d.label
