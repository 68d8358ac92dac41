"""JSON document <-> :class:`Scenario`, with the strict typing of MODEL.md.

Numbers are JSON numbers (a boolean is not a number), integers have no fractional
part, booleans are ``true``/``false``; required keys must be present and unknown
keys are refused, each with a :class:`ScenarioError` naming the field path.
"""

from __future__ import annotations

import json
import math
from typing import Any

from simulator.errors import ScenarioError
from simulator.scenario import FORMAT, VERSION, Category, Economics, Program, Revenue, Scenario

_TOP = (
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
_OPTIONAL = frozenset({"notes", "uncertainty", "actuals", "snapshots"})
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
MAX_DEPTH = 32  # nesting levels allowed inside the free-form ``uncertainty`` section


def _type_name(value: Any) -> str:
    names = {
        bool: "a boolean",
        str: "a string",
        list: "a list",
        dict: "an object",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _object(
    value: Any, path: str, keys: tuple[str, ...], optional: frozenset[str] = frozenset()
) -> dict:
    where = path or "file"
    if not isinstance(value, dict):
        raise ScenarioError(path, f"must be an object (got {_type_name(value)})")
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise ScenarioError(
            _join(path, unknown[0]), f"unknown key in {where} (allowed: {', '.join(keys)})"
        )
    for key in keys:
        if key not in value and key not in optional:
            raise ScenarioError(_join(path, key), "required field is missing")
    return value


def _join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


def number(value: Any, path: str) -> float:
    """A finite JSON number as float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(path, f"must be a number (got {_type_name(value)})")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise ScenarioError(
            path,
            f"must be a finite number (got {value if len(str(value)) < 20 else 'a huge number'})",
        )
    return result


def integer(value: Any, path: str) -> int:
    """A JSON number without a fractional part as int."""
    result = number(value, path)
    if result != math.floor(result):
        raise ScenarioError(path, f"must be a whole number (got {value})")
    return int(result)


def boolean(value: Any, path: str) -> bool:
    """JSON true/false only."""
    if not isinstance(value, bool):
        raise ScenarioError(path, f"must be true or false (got {_type_name(value)})")
    return value


def string(value: Any, path: str) -> str:
    """A JSON string that is valid Unicode (no lone surrogates such as ``"\\ud800"``)."""
    if not isinstance(value, str):
        raise ScenarioError(path, f"must be a string (got {_type_name(value)})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ScenarioError(
            path, f"must be valid Unicode text (a lone surrogate at character {exc.start})"
        ) from None
    return value


def check_depth(value: Any, path: str, limit: int = MAX_DEPTH) -> None:
    """Refuse objects and lists nested more than ``limit`` levels (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        if children and depth > limit:
            raise ScenarioError(path, f"nested too deeply (more than {limit} levels)")
        stack.extend((child, depth + 1) for child in children)


def numbers(value: Any, path: str) -> tuple[float, ...]:
    """A list of finite numbers."""
    if not isinstance(value, list):
        raise ScenarioError(path, f"must be a list of numbers (got {_type_name(value)})")
    return tuple(number(v, f"{path}.{i}") for i, v in enumerate(value))


def check_header(doc: Any) -> None:
    """Refuse a document that is not an object, of another format or a newer version."""
    if not isinstance(doc, dict):
        raise ScenarioError("", f"not a scenario: the file holds {_type_name(doc)}, not an object")
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


def scenario_from_dict(doc: Any) -> Scenario:
    """Build a validated scenario from a parsed JSON document."""
    check_header(doc)
    _object(doc, "", _TOP, _OPTIONAL)
    name = string(doc["name"], "name")
    if not name.strip():
        raise ScenarioError("name", "must be a non-empty string")
    uncertainty = doc.get("uncertainty")
    if uncertainty is not None and not isinstance(uncertainty, dict):
        raise ScenarioError("uncertainty", f"must be an object (got {_type_name(uncertainty)})")
    check_depth(uncertainty, "uncertainty")
    actuals = doc.get("actuals")
    if actuals is not None and not isinstance(actuals, dict):
        raise ScenarioError("actuals", f"must be an object (got {_type_name(actuals)})")
    check_depth(actuals, "actuals")
    snapshots = doc.get("snapshots")
    if snapshots is not None and not isinstance(snapshots, list):
        raise ScenarioError("snapshots", f"must be a list (got {_type_name(snapshots)})")
    check_depth(snapshots, "snapshots")
    return Scenario(
        name=name,
        notes=string(doc.get("notes", ""), "notes"),
        currency=string(doc["currency"], "currency"),
        usd_fx=number(doc["usd_fx"], "usd_fx"),
        start=string(doc["start"], "start"),
        horizon_years=integer(doc["horizon_years"], "horizon_years"),
        program=_program(doc["program"]),
        revenue=_revenue(doc["revenue"]),
        economics=_economics(doc["economics"]),
        uncertainty=None if uncertainty is None else json.dumps(uncertainty, sort_keys=True),
        actuals=None if actuals is None else json.dumps(actuals),
        snapshots=None if snapshots is None else json.dumps(snapshots),
    )


def _program(value: Any) -> Program:
    d = _object(value, "program", _PROGRAM)
    cats = d["categories"]
    if not isinstance(cats, list):
        raise ScenarioError(
            "program.categories", f"must be a list of objects (got {_type_name(cats)})"
        )
    return Program(
        total_capex=number(d["total_capex"], "program.total_capex"),
        year_split=numbers(d["year_split"], "program.year_split"),
        categories=tuple(_category(c, f"program.categories.{i}") for i, c in enumerate(cats)),
    )


def _category(value: Any, path: str) -> Category:
    d = _object(value, path, _CATEGORY)
    return Category(
        name=string(d["name"], f"{path}.name"),
        share=number(d["share"], f"{path}.share"),
        life_years=number(d["life_years"], f"{path}.life_years"),
        lag_quarters=integer(d["lag_quarters"], f"{path}.lag_quarters"),
        adds_capacity=boolean(d["adds_capacity"], f"{path}.adds_capacity"),
    )


def _revenue(value: Any) -> Revenue:
    d = _object(value, "revenue", _REVENUE)
    return Revenue(
        base_quarterly=number(d["base_quarterly"], "revenue.base_quarterly"),
        ai_share=number(d["ai_share"], "revenue.ai_share"),
        core_growth=numbers(d["core_growth"], "revenue.core_growth"),
        ai_growth=numbers(d["ai_growth"], "revenue.ai_growth"),
        capacity_constrained=boolean(d["capacity_constrained"], "revenue.capacity_constrained"),
        yield_=number(d["yield"], "revenue.yield"),
        price_decline=number(d["price_decline"], "revenue.price_decline"),
    )


def _economics(value: Any) -> Economics:
    d = _object(value, "economics", _ECONOMICS)
    return Economics(
        ebitda_margin=number(d["ebitda_margin"], "economics.ebitda_margin"),
        tax_rate=number(d["tax_rate"], "economics.tax_rate"),
        discount_rate=number(d["discount_rate"], "economics.discount_rate"),
        residual_value=boolean(d["residual_value"], "economics.residual_value"),
    )


def scenario_to_dict(s: Scenario) -> dict[str, Any]:
    """The JSON document of a scenario, in MODEL.md's key order."""
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "name": s.name}
    if s.notes:
        doc["notes"] = s.notes
    p, r, e = s.program, s.revenue, s.economics
    doc.update(
        {
            "currency": s.currency,
            "usd_fx": s.usd_fx,
            "start": s.start,
            "horizon_years": s.horizon_years,
            "program": {
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
            },
            "revenue": {
                "base_quarterly": r.base_quarterly,
                "ai_share": r.ai_share,
                "core_growth": list(r.core_growth),
                "ai_growth": list(r.ai_growth),
                "capacity_constrained": r.capacity_constrained,
                "yield": r.yield_,
                "price_decline": r.price_decline,
            },
            "economics": {
                "ebitda_margin": e.ebitda_margin,
                "tax_rate": e.tax_rate,
                "discount_rate": e.discount_rate,
                "residual_value": e.residual_value,
            },
        }
    )
    if s.uncertainty is not None:
        doc["uncertainty"] = json.loads(s.uncertainty)
    if s.actuals is not None:
        doc["actuals"] = json.loads(s.actuals)
    if s.snapshots is not None:
        doc["snapshots"] = json.loads(s.snapshots)
    return doc
