"""Text of the key figures shown in the KPI strip (units included)."""

from __future__ import annotations

from typing import Any

from ui.charts.base import Money

NEVER = "never within horizon"
KPIS: tuple[tuple[str, str], ...] = (
    ("total_capex", "Total capex"),
    ("npv", "NPV"),
    ("irr", "IRR"),
    ("payback_years", "Payback"),
    ("discounted_payback_years", "Discounted payback"),
    ("revenue_crossover_years", "Revenue crossover"),
    ("peak_funding", "Peak funding"),
)
TIPS = {
    "total_capex": "Spend inside the horizon (less than the programme total when it runs past).",
    "npv": "Value today of the programme's free cash flows (and residual value) at the "
    "discount rate.",
    "irr": "Annual rate at which the NPV would be zero; n/a when the flows never change sign.",
    "payback_years": "Years until cumulative free cash flow first turns non-negative.",
    "discounted_payback_years": "Years until cumulative discounted free cash flow first turns "
    "non-negative.",
    "revenue_crossover_years": "Years until cumulative programme revenue first reaches "
    "cumulative capex (revenue, not profit).",
    "peak_funding": "Deepest point of cumulative free cash flow: the cash needed before payback.",
}
_MONEY = {
    "total_capex",
    "npv",
    "peak_funding",
    "residual_value",
    "cum_program_revenue",
    "cum_cloud_revenue",
    "unserved_ai_demand",
}
_YEARS = {"payback_years", "discounted_payback_years", "revenue_crossover_years"}


def kpi_text(key: str, value: Any, money: Money | None = None) -> str:
    """One KPI as shown: ``-77.4 bn CNY``, ``2.3 %``, ``5.75 years``, or 'never ...'."""
    money = money or Money()
    if value is None:
        return "n/a" if key == "irr" else NEVER
    if key in _MONEY:
        return f"{value * money.factor:,.1f} {money.label}"
    if key == "irr":
        return f"{100 * value:.1f} %"
    if key in _YEARS:
        return f"{value:.2f} years"
    return f"{value:.4g}"
