"""The model's outputs: the quarterly columns and the summary metrics, one table each.

Every view, table, report and export names, scales and formats an output through
these tables: :data:`COLUMN_INFO` (label and unit of each quarterly column) and
:data:`METRICS` (label, unit, decimals and the text shown when a metric is undefined).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.units import (
    MONEY,
    MONEY_PER_QUARTER,
    NO_UNIT,
    PERCENT,
    RATIO,
    YEARS,
    Money,
    Unit,
)


@dataclass(frozen=True)
class Column:
    """One quarterly column: ``key`` in the CSV, ``label`` for people, ``unit``."""

    key: str
    label: str
    unit: Unit = MONEY_PER_QUARTER
    tip: str = ""

    def header(self, money: Money | None = None) -> str:
        """``Capex (bn CNY/qtr)``: the label with its unit, for spreadsheet headers."""
        return f"{self.label} ({self.unit.label(money)})"


_FLOWS = (
    ("capex", "Capex", "Programme spend in the quarter."),
    ("cum_capex", "Cumulative capex", ""),
    ("depreciation", "Depreciation", "Straight-line depreciation of the assets in service."),
    ("net_ppe", "Net PP&E", "Cumulative capex less cumulative depreciation (book value)."),
    ("capacity_base", "Capacity base", "Capacity capex in service."),
    ("capacity_revenue", "Programme capacity", "Revenue the programme's capacity can serve."),
    ("core_revenue", "Core revenue", "Non-AI cloud revenue."),
    ("ai_demand", "AI demand", "AI revenue customers would pay for."),
    ("ai_revenue", "AI revenue", "AI demand served."),
    ("unserved_ai_demand", "Unserved AI demand", "AI demand no capacity served."),
    ("program_revenue", "Programme revenue", "Revenue the programme's own capacity serves."),
    ("cloud_revenue", "Cloud revenue", "Core plus AI revenue."),
    ("cum_program_revenue", "Cumulative programme revenue", ""),
    ("cum_cloud_revenue", "Cumulative cloud revenue", ""),
    ("ebitda", "EBITDA", "Programme cash margin."),
    ("ebit", "EBIT", "EBITDA less depreciation."),
    ("tax", "Tax", "Tax on EBIT (a loss gives a credit)."),
    ("nopat", "NOPAT", "EBIT less tax."),
    ("fcf", "Free cash flow", "NOPAT plus depreciation less capex."),
    ("cum_fcf", "Cumulative FCF", ""),
    ("discounted_fcf", "Discounted FCF", "FCF times the discount factor."),
    ("cum_discounted_fcf", "Cumulative discounted FCF", ""),
)
_STOCKS = frozenset(
    {"cum_capex", "net_ppe", "capacity_base", "cum_program_revenue", "cum_cloud_revenue"}
    | {"cum_fcf", "cum_discounted_fcf", "terminal_value"}
)
_EXTRA = (
    ("refresh_capex", "Refresh capex", "Replacing the programme's retiring capacity."),
    ("fixed_cost", "Fixed cost", "Fixed cost of the programme's installed capacity."),
    ("terminal_value", "Terminal value", "Value at the horizon (last quarter only)."),
)
_RATIOS = (
    ("seasonal_factor", "Seasonal factor", NO_UNIT, "Demand factor of the calendar quarter."),
    ("utilisation", "Utilisation", PERCENT, "AI demand served / capacity (with the programme)."),
    ("capex_intensity", "Capex intensity", RATIO, "Capex / cloud revenue, trailing 4 quarters."),
    (
        "revenue_per_capex",
        "Added revenue per unit of capex",
        RATIO,
        "Added annualised cloud revenue / capex, trailing 4 quarters.",
    ),
    ("roic", "Incremental ROIC", PERCENT, "Programme NOPAT / average net PP&E, trailing year."),
    ("ebit_margin", "EBIT margin", PERCENT, "EBIT / cloud revenue (with the programme)."),
)
_RUN = (
    ("capex", "all capex"),
    ("refresh_capex", "refresh capex"),
    ("depreciation", "depreciation"),
    ("capacity", "capacity"),
    ("ai_served", "AI served on capacity"),
    ("core_revenue", "core revenue"),
    ("ai_revenue", "AI revenue"),
    ("cloud_revenue", "cloud revenue"),
    ("ebitda", "EBITDA"),
    ("ebit", "EBIT"),
    ("tax", "tax"),
    ("nopat", "NOPAT"),
    ("fcf", "free cash flow"),
)


def _money(key: str) -> Unit:
    return MONEY if key in _STOCKS else MONEY_PER_QUARTER


COLUMN_INFO: dict[str, Column] = {
    **{key: Column(key, label, _money(key), tip) for key, label, tip in _FLOWS + _EXTRA},
    **{key: Column(key, label, unit, tip) for key, label, unit, tip in _RATIOS},
    **{
        f"{run}_{key}": Column(f"{run}_{key}", f"{title} programme: {label}", MONEY_PER_QUARTER)
        for run, title in (("with", "With"), ("without", "Without"))
        for key, label in _RUN
    },
}
"""Every quarterly column, in export order (docs/model.md section 10)."""

MODEL_COLUMNS: tuple[str, ...] = tuple(key for key, _, _ in _FLOWS)
"""MODEL.md section 3's columns, in its order: they keep their names in every version."""

COLUMNS: tuple[str, ...] = tuple(COLUMN_INFO)
"""Every quarterly column, in export order (after ``period``)."""

NEVER = "never within horizon"


@dataclass(frozen=True)
class Metric:
    """One summary metric: label, unit, display decimals, the text for an undefined
    value, a tooltip, and whether ``higher`` or ``lower`` values are better."""

    key: str
    label: str
    unit: Unit
    decimals: int
    undefined: str = "n/a"
    tip: str = ""
    better: str = "higher"

    def text(self, value: float | None, money: Money | None = None) -> str:
        """The value with its unit (``-77.4 bn CNY``, ``2.3 %``, ``5.75 years``) or the
        undefined text."""
        if value is None or not math.isfinite(value):
            return self.undefined
        return self.unit.text(value, self.decimals, money)

    def axis_label(self, money: Money | None = None) -> str:
        """``NPV (bn CNY)``: the label with its unit."""
        unit = self.unit.label(money)
        return f"{self.label} ({unit})" if unit else self.label


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "total_capex",
            "Total capex",
            MONEY,
            1,
            tip="Spend inside the horizon (less than the programme total when it runs past).",
            better="lower",
        ),
        Metric(
            "npv",
            "NPV",
            MONEY,
            1,
            tip="Value today of the programme's free cash flows (and residual value) at the "
            "discount rate.",
        ),
        Metric(
            "irr",
            "IRR",
            PERCENT,
            1,
            "n/a",
            "Annual rate at which the NPV would be zero; n/a when the flows never change sign.",
        ),
        Metric(
            "payback_years",
            "Payback",
            YEARS,
            2,
            NEVER,
            "Years until cumulative free cash flow first turns non-negative.",
            "lower",
        ),
        Metric(
            "discounted_payback_years",
            "Discounted payback",
            YEARS,
            2,
            NEVER,
            "Years until cumulative discounted free cash flow first turns non-negative.",
            "lower",
        ),
        Metric(
            "revenue_crossover_years",
            "Revenue crossover",
            YEARS,
            2,
            NEVER,
            "Years until cumulative programme revenue first reaches cumulative capex "
            "(revenue, not profit).",
            "lower",
        ),
        Metric(
            "peak_funding",
            "Peak funding",
            MONEY,
            1,
            tip="Deepest point of cumulative free cash flow: the cash needed before payback.",
            better="lower",
        ),
        Metric(
            "residual_value",
            "Residual value",
            MONEY,
            1,
            tip="Book value at the horizon's end counted as a final inflow (0 when off).",
        ),
        Metric(
            "cum_program_revenue",
            "Cumulative programme revenue",
            MONEY,
            1,
            tip="Revenue the programme's capacity earned over the horizon.",
        ),
        Metric(
            "cum_cloud_revenue",
            "Cumulative cloud revenue",
            MONEY,
            1,
            tip="All cloud revenue over the horizon.",
        ),
        Metric(
            "unserved_ai_demand",
            "Unserved AI demand",
            MONEY,
            1,
            tip="AI demand no capacity served, summed over the horizon.",
            better="lower",
        ),
        Metric(
            "npv_explicit",
            "NPV of the horizon",
            MONEY,
            1,
            tip="The part of the NPV earned inside the horizon (without the terminal value).",
        ),
        Metric(
            "terminal_value_pv",
            "Terminal value (present)",
            MONEY,
            1,
            tip="The part of the NPV from the value at the horizon, discounted.",
        ),
        Metric("npv_with", "Value with the programme", MONEY, 1, tip="NPV of the company with it."),
        Metric(
            "npv_without",
            "Value without the programme",
            MONEY,
            1,
            tip="NPV of the company without it.",
        ),
        Metric(
            "irr_sign_changes",
            "Sign changes of the flows",
            NO_UNIT,
            0,
            tip="More than one: the IRR is the root nearest 0 of several.",
            better="lower",
        ),
        Metric(
            "total_refresh_capex",
            "Refresh capex",
            MONEY,
            1,
            tip="Replacing the programme's retiring capacity, over the horizon.",
            better="lower",
        ),
        Metric(
            "mean_utilisation",
            "Mean utilisation",
            PERCENT,
            1,
            tip="AI demand served / capacity, averaged over the plan (with the programme).",
        ),
        Metric(
            "capex_intensity",
            "Capex intensity",
            RATIO,
            2,
            tip="Capex / cloud revenue over the twelve months to the benchmark quarter.",
            better="",
        ),
        Metric(
            "revenue_per_capex",
            "Added revenue per unit of capex",
            RATIO,
            2,
            tip="Added annualised cloud revenue / capex over the twelve months to the "
            "benchmark quarter.",
        ),
        Metric(
            "ebit_margin",
            "EBIT margin",
            PERCENT,
            1,
            tip="EBIT / cloud revenue at the benchmark quarter (with the programme).",
        ),
        Metric(
            "roic",
            "Incremental ROIC",
            PERCENT,
            1,
            tip="The programme's NOPAT / average net PP&E in the horizon's last year.",
        ),
        Metric(
            "gordon_clipped",
            "Perpetuity growth clipped",
            NO_UNIT,
            0,
            tip="1 when the drawn growth or discount rate had to be clipped (g <= r - 0.5 pt).",
            better="lower",
        ),
        Metric("discount_rate", "Discount rate", PERCENT, 2, tip="The path's discount rate."),
    )
}
"""Every metric a result or a Monte Carlo run holds, by key."""

SUMMARY_KEYS: tuple[str, ...] = tuple(k for k in METRICS if k != "discount_rate")
"""Summary metrics in export order: MODEL.md section 3's eleven, then version 2's."""

MODEL_SUMMARY_KEYS: tuple[str, ...] = SUMMARY_KEYS[:11]
"""MODEL.md section 3's summary keys."""
