"""Value rules of MODEL.md section 1, checked on a built scenario.

Types are the schema's job (:mod:`simulator.scenario.schema`); this module checks
ranges (from the field table, :mod:`simulator.scenario.fields`), sums, lengths,
uniqueness and that the optional sections fit the scenario, and raises
:class:`ScenarioError` naming the field. It imports no analysis and no model code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from simulator.errors import ScenarioError
from simulator.scenario import fields
from simulator.scenario import limits as lim
from simulator.scenario.paths import category_index
from simulator.scenario.periods import period_index
from simulator.scenario.uncertainty import check_categories

if TYPE_CHECKING:
    from simulator.scenario.sections import Category, Economics, Program, Revenue
    from simulator.scenario.value import Scenario

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
    if low is not None and low > -math.inf:
        ok = value > low if low_open else value >= low
        require(ok, path, f"must be {'>' if low_open else '>='} {_fmt(low)} (got {_fmt(value)})")
    if high is not None and high < math.inf:
        ok = value < high if high_open else value <= high
        rule = f"must be {'<' if high_open else '<='} {_fmt(high)} (got {_fmt(value)})"
        require(ok, path, rule)


def check_field(value: float, path: str) -> None:
    """Check ``value`` against the field table's valid range for ``path``."""
    f = fields.field(path)
    check_range(value, path, f.low, f.high, f.low_open, f.high_open)


def check_sum(values: Sequence[float], path: str) -> None:
    """Shares summing to 1 within the tolerance."""
    total = math.fsum(values)
    require(abs(total - 1.0) <= lim.SUM_TOLERANCE, path, f"shares must sum to 1 (got {total:.6g})")


def check_length(values: Sequence[object], path: str, low: int, high: int, what: str) -> None:
    """Between ``low`` and ``high`` entries."""
    n = len(values)
    require(low <= n <= high, path, f"must have {low} to {high} {what} (got {n})")


def check_text(value: str, path: str, limit: int = lim.MAX_TEXT) -> None:
    """At most ``limit`` characters."""
    require(len(value) <= limit, path, f"must be at most {limit:,} characters (got {len(value):,})")


def check_scenario(s: Scenario) -> None:
    """Check every value rule of MODEL.md on a scenario."""
    require(s.name.strip() != "", "name", "must be a non-empty string")
    check_text(s.name, "name")
    check_text(s.notes, "notes", lim.MAX_NOTES)
    require(
        bool(_CURRENCY.fullmatch(s.currency)),
        "currency",
        f"must be an ISO 4217 code of three capital letters (got {s.currency!r})",
    )
    check_field(s.usd_fx, "usd_fx")
    if s.currency == "USD":
        require(
            s.usd_fx == 1.0, "usd_fx", f"must be exactly 1 when currency is USD (got {s.usd_fx})"
        )
    period_index(s.start)
    require(
        1 <= s.horizon_years <= lim.MAX_HORIZON_YEARS,
        "horizon_years",
        f"must be an integer from 1 to {lim.MAX_HORIZON_YEARS} (got {s.horizon_years})",
    )
    if s.history is not None:
        for q, v in zip(s.history.quarters, s.history.capex, strict=True):
            check_field(v, f"history.capex.{q}")
        check_text(s.history.source, "history.source", lim.MAX_NOTES)
    _check_program(s.program)
    _check_revenue(s.revenue)
    check_field(s.capacity.refresh_share, "capacity.refresh_share")
    _check_economics(s.economics)
    if s.calibration is not None:
        _check_calibration(s)
    if s.uncertainty is not None:
        check_categories(s.uncertainty, len(s.program.categories))


def _check_program(p: Program) -> None:
    check_field(p.total_capex, "program.total_capex")
    check_length(p.year_split, "program.year_split", 1, lim.MAX_PROGRAM_YEARS, "programme years")
    for i, v in enumerate(p.year_split):
        check_range(v, f"program.year_split.{i}", low=0.0)
    check_sum(p.year_split, "program.year_split")
    check_length(p.categories, "program.categories", 1, lim.MAX_CATEGORIES, "categories")
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
    check_text(c.name, f"{path}.name")
    check_range(c.share, f"{path}.share", low=0.0)
    check_field(c.life_years, f"{path}.life_years")
    if c.economic_life_years is not None:
        check_field(c.economic_life_years, f"{path}.economic_life_years")
    require(
        0 <= c.lag_quarters <= lim.MAX_LAG_QUARTERS,
        f"{path}.lag_quarters",
        f"must be an integer from 0 to {lim.MAX_LAG_QUARTERS} (got {c.lag_quarters})",
    )


def _check_revenue(r: Revenue) -> None:
    check_field(r.base_quarterly, "revenue.base_quarterly")
    check_field(r.ai_share, "revenue.ai_share")
    for name in ("core_growth", "ai_growth"):
        rates = getattr(r, name)
        check_length(rates, f"revenue.{name}", 1, lim.MAX_GROWTH_YEARS, "yearly rates")
        for i, g in enumerate(rates):
            check_field(g, f"revenue.{name}.{i}")
    check_field(r.yield_, "revenue.yield")
    check_field(r.price_decline, "revenue.price_decline")
    check_field(r.ramp_quarters, "revenue.ramp_quarters")
    for i, v in enumerate(r.seasonality):
        check_field(v, f"revenue.seasonality.{i}")


def _check_economics(e: Economics) -> None:
    for name in ("ebitda_margin", "core_margin", "fixed_cost", "attribution", "tax_rate"):
        check_field(getattr(e, name), f"economics.{name}")
    check_field(e.discount_rate, "economics.discount_rate")
    t = e.terminal
    check_field(t.growth, "economics.terminal.growth")
    require(
        t.method != "gordon" or t.growth <= e.discount_rate - lim.GORDON_MARGIN,
        "economics.terminal.growth",
        f"must be below the discount rate ({_fmt(e.discount_rate)}) by at least "
        f"{_fmt(lim.GORDON_MARGIN)} (got {_fmt(t.growth)})",
    )
    require(
        1 <= t.years <= lim.MAX_TERMINAL_YEARS,
        "economics.terminal.years",
        f"must be an integer from 1 to {lim.MAX_TERMINAL_YEARS} (got {t.years})",
    )
    check_field(t.multiple, "economics.terminal.multiple")


_GROWTH_LISTS = ("revenue.core_growth", "revenue.ai_growth")


def fit_path_problem(s: Scenario, path: str) -> str | None:
    """Why ``path`` cannot be fitted in ``s`` (None when it can): a driver, a year of a
    growth list, a seasonal factor, or ``revenue.seasonality`` (all four)."""
    if path == "revenue.seasonality":
        return None
    list_path, _, index = path.rpartition(".")
    if list_path in (*_GROWTH_LISTS, "revenue.seasonality") and index.isdigit():
        n = 4 if list_path == "revenue.seasonality" else len(getattr(s.revenue, list_path[8:]))
        return None if int(index) < n else f"names no entry of {list_path} ({n} entries)"
    f = fields.find(path)
    if f is None or f.driver is None or f.driver == "delay":
        return "is not an input calibration can move"
    k = category_index(path)
    if k >= len(s.program.categories):
        return f"names no input of this scenario ({len(s.program.categories)} categories)"
    return None


def _check_calibration(s: Scenario) -> None:
    c = s.calibration
    assert c is not None
    for i, path in enumerate(c.fit):
        problem = fit_path_problem(s, path)
        require(problem is None, f"calibration.fit.{i}", f"{path!r} {problem}")
    for path, prior in c.priors:
        where = f"calibration.priors.{path}"
        problem = fit_path_problem(s, path)
        require(problem is None, where, f"{problem}")
        if path != "revenue.seasonality":
            f = fields.field(path)
            ok = f.contains(prior.value)
            require(
                ok,
                f"{where}.value",
                f"must lie in the input's valid range (got {_fmt(prior.value)})",
            )
        require(prior.sd > 0, f"{where}.sd", f"must be > 0 (got {_fmt(prior.sd)})")
    require(0 < c.noise <= 1, "calibration.noise", f"must be > 0 and <= 1 (got {_fmt(c.noise)})")
    require(0 <= c.weight <= 1e6, "calibration.weight", f"must be 0 .. 1e6 (got {_fmt(c.weight)})")
