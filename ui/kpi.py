"""Text of the key figures shown in the KPI strip (units included)."""

from __future__ import annotations

from typing import Any

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


def kpi_text(key: str, value: Any, currency: str = "CNY") -> str:
    """One KPI as shown: ``-77.4 bn CNY``, ``2.3 %``, ``5.75 years``, or 'never ...'."""
    if value is None:
        return "n/a (no sign change)" if key == "irr" else NEVER
    if key in _MONEY:
        return f"{value:,.1f} bn {currency}"
    if key == "irr":
        return f"{100 * value:.1f} %"
    if key in _YEARS:
        return f"{value:.2f} years"
    return f"{value:.4g}"
