"""JSON document <-> typed sections, with the strict typing of MODEL.md.

Each ``parse_*`` function checks one section's keys and value types and returns its
typed value; a :class:`ScenarioError` names the field path. Value rules (ranges,
sums) are :mod:`simulator.scenario.rules`' job.
"""

from __future__ import annotations

from typing import Any

from simulator.errors import ScenarioError
from simulator.scenario.jsontypes import (
    boolean,
    integer,
    number,
    numbers,
    obj,
    string,
    type_name,
)
from simulator.scenario.periods import period_index, period_label
from simulator.scenario.sections import (
    TERMINAL_METHODS,
    CalibrationSettings,
    Capacity,
    Category,
    Economics,
    History,
    Prior,
    Program,
    Revenue,
    Terminal,
)

FORMAT = "capex-scenario"
VERSION = 2
"""The file version this app writes; older versions are migrated when read."""

TOP_KEYS = (
    "format",
    "version",
    "name",
    "notes",
    "currency",
    "usd_fx",
    "start",
    "horizon_years",
    "history",
    "program",
    "revenue",
    "capacity",
    "economics",
    "calibration",
    "uncertainty",
    "actuals",
    "snapshots",
)
OPTIONAL = frozenset({"notes", "history", "calibration", "uncertainty", "actuals", "snapshots"})
SECTIONS = ("uncertainty", "actuals", "snapshots")
_HISTORY = ("capex", "source")
_PROGRAM = ("total_capex", "year_split", "categories")
_CATEGORY = (
    "name",
    "share",
    "life_years",
    "economic_life_years",
    "lag_quarters",
    "adds_capacity",
)
_REVENUE = (
    "base_quarterly",
    "ai_share",
    "core_growth",
    "ai_growth",
    "capacity_constrained",
    "yield",
    "price_decline",
    "ramp_quarters",
    "seasonality",
)
_CAPACITY = ("existing", "refresh", "refresh_share")
EXISTING = ("held_flat", "ages")
_ECONOMICS = (
    "ebitda_margin",
    "core_margin",
    "fixed_cost",
    "attribution",
    "tax_rate",
    "discount_rate",
    "terminal",
)
_TERMINAL = ("method", "growth", "years", "multiple")
_CALIBRATION = ("fit", "noise", "weight", "priors")
_PRIOR = ("value", "sd", "source")
MAX_HISTORY_QUARTERS = 40
MAX_FIT = 20


def check_header(doc: Any) -> int:
    """The file's version; refuses a document that is not an object, of another
    format or of a newer version."""
    if not isinstance(doc, dict):
        raise ScenarioError("", f"not a scenario: the file holds {type_name(doc)}, not an object")
    if doc.get("format") != FORMAT:
        raise ScenarioError(
            "format", f"not a scenario file: format must be {FORMAT!r} (got {doc.get('format')!r})"
        )
    if "version" not in doc:
        raise ScenarioError("version", "required field is missing")
    version = integer(doc["version"], "version")
    if version < 1:
        raise ScenarioError("version", f"must be an integer >= 1 (got {version})")
    if version > VERSION:
        raise ScenarioError(
            "version",
            f"the file is version {version}, newer than this app "
            f"reads (up to {VERSION}); update the app",
        )
    return version


def parse_core(doc: dict[str, Any]) -> dict[str, Any]:
    """The typed values of every key but the optional sections, as Scenario arguments."""
    name = string(doc["name"], "name")
    return {
        "name": name,
        "notes": string(doc.get("notes", ""), "notes"),
        "currency": string(doc["currency"], "currency"),
        "usd_fx": number(doc["usd_fx"], "usd_fx"),
        "start": string(doc["start"], "start"),
        "horizon_years": integer(doc["horizon_years"], "horizon_years"),
        "history": None
        if doc.get("history") is None
        else parse_history(doc["history"], doc["start"]),
        "program": parse_program(doc["program"]),
        "revenue": parse_revenue(doc["revenue"]),
        "capacity": parse_capacity(doc["capacity"]),
        "economics": parse_economics(doc["economics"]),
        "calibration": None
        if doc.get("calibration") is None
        else parse_calibration(doc["calibration"]),
    }


def parse_history(value: Any, start: Any) -> History:
    """The ``history`` section: consecutive quarters ending just before ``start``."""
    d = obj(value, "history", _HISTORY, frozenset({"source"}))
    capex = d["capex"]
    if not isinstance(capex, dict) or not 1 <= len(capex) <= MAX_HISTORY_QUARTERS:
        raise ScenarioError(
            "history.capex",
            f'must map 1 to {MAX_HISTORY_QUARTERS} quarters to amounts, like {{"2024Q4": 31.8}}',
        )
    for q in capex:
        period_index(q, f"history.capex.{q}")
    quarters = tuple(sorted(capex, key=period_index))
    first, last = period_index(quarters[0]), period_index(quarters[-1])
    if last - first + 1 != len(quarters):
        raise ScenarioError("history.capex", "quarters must be consecutive (no gaps)")
    if isinstance(start, str) and last + 1 != period_index(start, "start"):
        raise ScenarioError(
            "history.capex",
            f"must end with the quarter before start ({period_label(period_index(start) - 1)}; "
            f"got {quarters[-1]})",
        )
    amounts = tuple(number(capex[q], f"history.capex.{q}") for q in quarters)
    source = string(d.get("source", ""), "history.source")
    return History(quarters, amounts, source)


def parse_capacity(value: Any) -> Capacity:
    """The ``capacity`` section."""
    d = obj(value, "capacity", _CAPACITY)
    existing = string(d["existing"], "capacity.existing")
    if existing not in EXISTING:
        raise ScenarioError(
            "capacity.existing", f"must be one of {', '.join(EXISTING)} (got {existing!r})"
        )
    return Capacity(
        existing=existing,
        refresh=boolean(d["refresh"], "capacity.refresh"),
        refresh_share=number(d["refresh_share"], "capacity.refresh_share"),
    )


def parse_calibration(value: Any) -> CalibrationSettings:
    """The ``calibration`` section (paths are checked against the scenario by the rules)."""
    d = obj(value, "calibration", _CALIBRATION)
    fit = d["fit"]
    if not isinstance(fit, list) or not 1 <= len(fit) <= MAX_FIT:
        raise ScenarioError("calibration.fit", f"must be a list of 1 to {MAX_FIT} input paths")
    paths = tuple(string(p, f"calibration.fit.{i}") for i, p in enumerate(fit))
    priors = d["priors"]
    if not isinstance(priors, dict):
        raise ScenarioError("calibration.priors", "must be an object of path: prior")
    parsed = tuple(
        (path, _prior(spec, f"calibration.priors.{path}")) for path, spec in priors.items()
    )
    return CalibrationSettings(
        fit=paths,
        priors=parsed,
        noise=number(d["noise"], "calibration.noise"),
        weight=number(d["weight"], "calibration.weight"),
    )


def _prior(value: Any, path: str) -> Prior:
    d = obj(value, path, _PRIOR, frozenset({"source"}))
    return Prior(
        value=number(d["value"], f"{path}.value"),
        sd=number(d["sd"], f"{path}.sd"),
        source=string(d.get("source", ""), f"{path}.source"),
    )


def parse_program(value: Any) -> Program:
    """The ``program`` section."""
    d = obj(value, "program", _PROGRAM)
    cats = d["categories"]
    if not isinstance(cats, list):
        raise ScenarioError(
            "program.categories", f"must be a list of objects (got {type_name(cats)})"
        )
    return Program(
        total_capex=number(d["total_capex"], "program.total_capex"),
        year_split=numbers(d["year_split"], "program.year_split"),
        categories=tuple(_category(c, f"program.categories.{i}") for i, c in enumerate(cats)),
    )


def _category(value: Any, path: str) -> Category:
    d = obj(value, path, _CATEGORY)
    economic = d["economic_life_years"]
    return Category(
        name=string(d["name"], f"{path}.name"),
        share=number(d["share"], f"{path}.share"),
        life_years=number(d["life_years"], f"{path}.life_years"),
        lag_quarters=integer(d["lag_quarters"], f"{path}.lag_quarters"),
        adds_capacity=boolean(d["adds_capacity"], f"{path}.adds_capacity"),
        economic_life_years=None
        if economic is None
        else number(economic, f"{path}.economic_life_years"),
    )


def parse_revenue(value: Any) -> Revenue:
    """The ``revenue`` section."""
    d = obj(value, "revenue", _REVENUE)
    return Revenue(
        base_quarterly=number(d["base_quarterly"], "revenue.base_quarterly"),
        ai_share=number(d["ai_share"], "revenue.ai_share"),
        core_growth=numbers(d["core_growth"], "revenue.core_growth"),
        ai_growth=numbers(d["ai_growth"], "revenue.ai_growth"),
        capacity_constrained=boolean(d["capacity_constrained"], "revenue.capacity_constrained"),
        yield_=number(d["yield"], "revenue.yield"),
        price_decline=number(d["price_decline"], "revenue.price_decline"),
        ramp_quarters=number(d["ramp_quarters"], "revenue.ramp_quarters"),
        seasonality=_four(d["seasonality"], "revenue.seasonality"),
    )


def _four(value: Any, path: str) -> tuple[float, float, float, float]:
    values = numbers(value, path)
    if len(values) != 4:
        raise ScenarioError(path, f"must have 4 factors, Q1 to Q4 (got {len(values)})")
    return (values[0], values[1], values[2], values[3])


def parse_economics(value: Any) -> Economics:
    """The ``economics`` section."""
    d = obj(value, "economics", _ECONOMICS)
    return Economics(
        ebitda_margin=number(d["ebitda_margin"], "economics.ebitda_margin"),
        core_margin=number(d["core_margin"], "economics.core_margin"),
        fixed_cost=number(d["fixed_cost"], "economics.fixed_cost"),
        attribution=number(d["attribution"], "economics.attribution"),
        tax_rate=number(d["tax_rate"], "economics.tax_rate"),
        discount_rate=number(d["discount_rate"], "economics.discount_rate"),
        terminal=_terminal(d["terminal"]),
    )


def _terminal(value: Any) -> Terminal:
    d = obj(value, "economics.terminal", _TERMINAL)
    method = string(d["method"], "economics.terminal.method")
    if method not in TERMINAL_METHODS:
        raise ScenarioError(
            "economics.terminal.method",
            f"must be one of {', '.join(TERMINAL_METHODS)} (got {method!r})",
        )
    return Terminal(
        method=method,
        growth=number(d["growth"], "economics.terminal.growth"),
        years=integer(d["years"], "economics.terminal.years"),
        multiple=number(d["multiple"], "economics.terminal.multiple"),
    )


def program_dict(p: Program) -> dict[str, Any]:
    """The ``program`` section's JSON form."""
    return {
        "total_capex": p.total_capex,
        "year_split": list(p.year_split),
        "categories": [
            {
                "name": c.name,
                "share": c.share,
                "life_years": c.life_years,
                "economic_life_years": c.economic_life_years,
                "lag_quarters": c.lag_quarters,
                "adds_capacity": c.adds_capacity,
            }
            for c in p.categories
        ],
    }


def revenue_dict(r: Revenue) -> dict[str, Any]:
    """The ``revenue`` section's JSON form."""
    return {
        "base_quarterly": r.base_quarterly,
        "ai_share": r.ai_share,
        "core_growth": list(r.core_growth),
        "ai_growth": list(r.ai_growth),
        "capacity_constrained": r.capacity_constrained,
        "yield": r.yield_,
        "price_decline": r.price_decline,
        "ramp_quarters": r.ramp_quarters,
        "seasonality": list(r.seasonality),
    }


def economics_dict(e: Economics) -> dict[str, Any]:
    """The ``economics`` section's JSON form."""
    t = e.terminal
    return {
        "ebitda_margin": e.ebitda_margin,
        "core_margin": e.core_margin,
        "fixed_cost": e.fixed_cost,
        "attribution": e.attribution,
        "tax_rate": e.tax_rate,
        "discount_rate": e.discount_rate,
        "terminal": {
            "method": t.method,
            "growth": t.growth,
            "years": t.years,
            "multiple": t.multiple,
        },
    }


def history_dict(h: History) -> dict[str, Any]:
    """The ``history`` section's JSON form."""
    out: dict[str, Any] = {"capex": dict(zip(h.quarters, h.capex, strict=True))}
    if h.source:
        out["source"] = h.source
    return out


def capacity_dict(c: Capacity) -> dict[str, Any]:
    """The ``capacity`` section's JSON form."""
    return {"existing": c.existing, "refresh": c.refresh, "refresh_share": c.refresh_share}


def calibration_dict(c: CalibrationSettings) -> dict[str, Any]:
    """The ``calibration`` section's JSON form."""
    priors = {}
    for path, p in c.priors:
        priors[path] = {"value": p.value, "sd": p.sd, **({"source": p.source} if p.source else {})}
    return {"fit": list(c.fit), "noise": c.noise, "weight": c.weight, "priors": priors}
