"""How the Monte Carlo views name, scale and format each metric (no finance here).

A metric's value is shown in a unit: money (times the :class:`Money` factor, in its
label), a rate (a fraction shown in %) or years. :func:`scale` is the factor from the
model's unit to the shown one; statistics are linear in it, except the share of
defined paths, which stays a share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.model.outputs import SUMMARY_KEYS
from ui.charts.base import Money


@dataclass(frozen=True)
class Metric:
    """One summary metric: ``key`` in the model, ``label`` for people, ``unit`` kind
    (``money``, ``rate`` or ``years``), ``undefined``: what an undefined value means."""

    key: str
    label: str
    unit: str
    undefined: str = "undefined"


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("total_capex", "Total capex", "money"),
        Metric("npv", "NPV", "money"),
        Metric("irr", "IRR", "rate", "no IRR (flows never change sign)"),
        Metric("payback_years", "Payback", "years", "never pays back"),
        Metric(
            "discounted_payback_years",
            "Discounted payback",
            "years",
            "never pays back (discounted)",
        ),
        Metric("revenue_crossover_years", "Revenue crossover", "years", "revenue never crosses"),
        Metric("peak_funding", "Peak funding", "money"),
        Metric("residual_value", "Residual value", "money"),
        Metric("cum_program_revenue", "Cumulative programme revenue", "money"),
        Metric("cum_cloud_revenue", "Cumulative cloud revenue", "money"),
        Metric("unserved_ai_demand", "Unserved AI demand", "money"),
        Metric("discount_rate", "Discount rate", "rate"),
    )
}
"""Every metric a :class:`~simulator.montecarlo.MonteCarloResult` holds, by key."""

HISTOGRAM_METRICS: tuple[str, ...] = (
    "npv",
    "irr",
    "payback_years",
    "discounted_payback_years",
    "peak_funding",
    "cum_program_revenue",
)
"""The metrics the distribution chart offers, in menu order."""

TABLE_METRICS: tuple[str, ...] = SUMMARY_KEYS
"""The statistics table's rows, in the summary's export order."""


def scale(key: str, money: Money) -> float:
    """Factor from the model's unit to the shown one (money factor, 100 for %, 1)."""
    unit = METRICS[key].unit
    return money.factor if unit == "money" else 100.0 if unit == "rate" else 1.0


def unit_label(key: str, money: Money) -> str:
    """The shown unit: ``bn CNY``, ``%`` or ``years``."""
    unit = METRICS[key].unit
    return money.label if unit == "money" else "%" if unit == "rate" else "years"


def format_number(key: str, shown: float) -> str:
    """A value already in the shown unit, without the unit: ``-77.4``, ``2.34``, ``n/a``."""
    if not math.isfinite(shown):
        return "n/a"
    if METRICS[key].unit == "money":
        return f"{shown:,.1f}"
    return f"{shown:,.2f}"


def format_value(key: str, shown: float, money: Money) -> str:
    """A value in the shown unit with its unit: ``-77.4 bn CNY``, ``2.34 %``, ``5.25 years``."""
    return f"{format_number(key, shown)} {unit_label(key, money)}"


def percent(share: float) -> str:
    """A share as ``37.2 %`` (``n/a`` when undefined)."""
    return "n/a" if not math.isfinite(share) else f"{100.0 * share:.1f} %"
