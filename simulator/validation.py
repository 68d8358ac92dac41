"""Value rules of MODEL.md section 1, checked on a built :class:`Scenario`.

Types are the schema's job (:mod:`simulator.schema`); this module checks ranges,
sums, lengths and uniqueness, and raises :class:`ScenarioError` naming the field.
Beyond MODEL.md, amounts, growth, yield, life, FX and the discount rate have
magnitude limits (``MAX_*``) far outside real use, so that no projection overflows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from simulator.errors import ScenarioError

if TYPE_CHECKING:
    from simulator.scenario import Category, Economics, Program, Revenue, Scenario

SUM_TOLERANCE = 1e-6
MAX_PROGRAM_YEARS = 10
MAX_CATEGORIES = 20
MAX_GROWTH_YEARS = 30
MAX_HORIZON_YEARS = 30
MAX_LAG_QUARTERS = 40
# Magnitude limits (far beyond any real programme) so that no projection can overflow
# float64: revenue is at most MAX_AMOUNT * (1 + MAX_GROWTH) ** MAX_HORIZON_YEARS ~ 1e69.
MAX_AMOUNT = 1e9  # bn of the currency: total capex, base quarterly revenue
MAX_GROWTH = 100.0  # 10,000 % a year
MAX_YIELD = 1000.0
MAX_LIFE_YEARS = 1000.0
MIN_DISCOUNT_RATE = -0.99
FX_RANGE = (1e-6, 1e6)
_PERIOD = re.compile(r"(\d{4})Q([1-4])", re.ASCII)
_CURRENCY = re.compile(r"[A-Z]{3}")


def _fmt(value: float) -> str:
    return f"{value:.10g}"


def require(ok: bool, path: str, rule: str) -> None:
    """Raise ``ScenarioError(path, rule)`` unless ``ok``."""
    if not ok:
        raise ScenarioError(path, rule)


def check_finite(value: float, path: str) -> None:
    """Refuse NaN and infinities."""
    require(math.isfinite(value), path, f"must be a finite number (got {value})")


def check_range(
    value: float,
    path: str,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> None:
    """Check ``low <= value <= high`` (``<`` where open); either bound optional."""
    check_finite(value, path)
    if low is not None:
        ok = value > low if low_open else value >= low
        require(ok, path, f"must be {'>' if low_open else '>='} {_fmt(low)} (got {_fmt(value)})")
    if high is not None:
        ok = value < high if high_open else value <= high
        rule = f"must be {'<' if high_open else '<='} {_fmt(high)} (got {_fmt(value)})"
        require(ok, path, rule)


def check_sum(values: Sequence[float], path: str) -> None:
    """Shares summing to 1 within :data:`SUM_TOLERANCE`."""
    total = math.fsum(values)
    require(abs(total - 1.0) <= SUM_TOLERANCE, path, f"shares must sum to 1 (got {total:.6g})")


def check_length(values: Sequence[object], path: str, low: int, high: int, what: str) -> None:
    """Between ``low`` and ``high`` entries."""
    n = len(values)
    require(low <= n <= high, path, f"must have {low} to {high} {what} (got {n})")


def period_index(label: str) -> int:
    """Quarter count since year 0 of a ``YYYYQn`` label (2025Q1 -> 8100)."""
    m = _PERIOD.fullmatch(label)
    if m is None:
        raise ScenarioError("start", f"must be a quarter like 2025Q1 (got {label!r})")
    return int(m.group(1)) * 4 + int(m.group(2)) - 1


def check_scenario(s: Scenario) -> None:
    """Check every value rule of MODEL.md on a scenario."""
    require(isinstance(s.name, str) and s.name.strip() != "", "name", "must be a non-empty string")
    require(
        bool(_CURRENCY.fullmatch(s.currency)),
        "currency",
        f"must be an ISO 4217 code of three capital letters (got {s.currency!r})",
    )
    check_range(s.usd_fx, "usd_fx", low=FX_RANGE[0], high=FX_RANGE[1])
    if s.currency == "USD":
        require(
            s.usd_fx == 1.0, "usd_fx", f"must be exactly 1 when currency is USD (got {s.usd_fx})"
        )
    period_index(s.start)
    require(
        1 <= s.horizon_years <= MAX_HORIZON_YEARS,
        "horizon_years",
        f"must be an integer from 1 to {MAX_HORIZON_YEARS} (got {s.horizon_years})",
    )
    _check_program(s.program)
    _check_revenue(s.revenue)
    _check_economics(s.economics)
    if s.uncertainty is not None:
        from simulator.uncertainty import check_against, parse

        parse(s.uncertainty_data)
        check_against(s)
    if s.actuals is not None:
        from simulator.actuals import parse_actuals

        parse_actuals(s.actuals_data)
    if s.snapshots is not None:
        from simulator.snapshots import parse_snapshots

        parse_snapshots(s.snapshots_data)


def _check_program(p: Program) -> None:
    check_range(p.total_capex, "program.total_capex", low=0.0, high=MAX_AMOUNT)
    check_length(p.year_split, "program.year_split", 1, MAX_PROGRAM_YEARS, "programme years")
    for i, v in enumerate(p.year_split):
        check_range(v, f"program.year_split.{i}", low=0.0)
    check_sum(p.year_split, "program.year_split")
    check_length(p.categories, "program.categories", 1, MAX_CATEGORIES, "categories")
    seen: set[str] = set()
    for i, c in enumerate(p.categories):
        _check_category(c, f"program.categories.{i}")
        require(
            c.name not in seen,
            f"program.categories.{i}.name",
            f"must be unique ({c.name!r} is used twice)",
        )
        seen.add(c.name)
    check_sum([c.share for c in p.categories], "program.categories")


def _check_category(c: Category, path: str) -> None:
    require(c.name.strip() != "", f"{path}.name", "must be a non-empty string")
    check_range(c.share, f"{path}.share", low=0.0)
    check_range(c.life_years, f"{path}.life_years", low=0.0, high=MAX_LIFE_YEARS, low_open=True)
    require(
        0 <= c.lag_quarters <= MAX_LAG_QUARTERS,
        f"{path}.lag_quarters",
        f"must be an integer from 0 to {MAX_LAG_QUARTERS} (got {c.lag_quarters})",
    )


def _check_revenue(r: Revenue) -> None:
    check_range(r.base_quarterly, "revenue.base_quarterly", low=0.0, high=MAX_AMOUNT)
    check_range(r.ai_share, "revenue.ai_share", low=0.0, high=1.0)
    for name in ("core_growth", "ai_growth"):
        rates = getattr(r, name)
        check_length(rates, f"revenue.{name}", 1, MAX_GROWTH_YEARS, "yearly rates")
        for i, g in enumerate(rates):
            check_range(g, f"revenue.{name}.{i}", low=-1.0, high=MAX_GROWTH, low_open=True)
    check_range(r.yield_, "revenue.yield", low=0.0, high=MAX_YIELD)
    check_range(r.price_decline, "revenue.price_decline", low=0.0, high=1.0, high_open=True)


def _check_economics(e: Economics) -> None:
    check_range(e.ebitda_margin, "economics.ebitda_margin", low=-1.0, high=1.0)
    check_range(e.tax_rate, "economics.tax_rate", low=0.0, high=1.0, high_open=True)
    check_range(e.discount_rate, "economics.discount_rate", low=MIN_DISCOUNT_RATE)
