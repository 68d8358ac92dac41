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
from simulator.scenario.sections import Category, Economics, Program, Revenue

FORMAT = "capex-scenario"
VERSION = 1
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
    "program",
    "revenue",
    "economics",
    "uncertainty",
    "actuals",
    "snapshots",
)
OPTIONAL = frozenset({"notes", "uncertainty", "actuals", "snapshots"})
SECTIONS = ("uncertainty", "actuals", "snapshots")
_PROGRAM = ("total_capex", "year_split", "categories")
_CATEGORY = ("name", "share", "life_years", "lag_quarters", "adds_capacity")
_REVENUE = (
    "base_quarterly",
    "ai_share",
    "core_growth",
    "ai_growth",
    "capacity_constrained",
    "yield",
    "price_decline",
)
_ECONOMICS = ("ebitda_margin", "tax_rate", "discount_rate", "residual_value")


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
        "program": parse_program(doc["program"]),
        "revenue": parse_revenue(doc["revenue"]),
        "economics": parse_economics(doc["economics"]),
    }


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
    return Category(
        name=string(d["name"], f"{path}.name"),
        share=number(d["share"], f"{path}.share"),
        life_years=number(d["life_years"], f"{path}.life_years"),
        lag_quarters=integer(d["lag_quarters"], f"{path}.lag_quarters"),
        adds_capacity=boolean(d["adds_capacity"], f"{path}.adds_capacity"),
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
    )


def parse_economics(value: Any) -> Economics:
    """The ``economics`` section."""
    d = obj(value, "economics", _ECONOMICS)
    return Economics(
        ebitda_margin=number(d["ebitda_margin"], "economics.ebitda_margin"),
        tax_rate=number(d["tax_rate"], "economics.tax_rate"),
        discount_rate=number(d["discount_rate"], "economics.discount_rate"),
        residual_value=boolean(d["residual_value"], "economics.residual_value"),
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
    }


def economics_dict(e: Economics) -> dict[str, Any]:
    """The ``economics`` section's JSON form."""
    return {
        "ebitda_margin": e.ebitda_margin,
        "tax_rate": e.tax_rate,
        "discount_rate": e.discount_rate,
        "residual_value": e.residual_value,
    }
