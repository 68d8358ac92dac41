"""File versions: ordered steps that upgrade an older document to the current version.

``STEPS[n]`` turns a version-``n`` document into a version-``n + 1`` one, writing
exactly the settings that keep its numbers (MODEL.md stays the contract of version 1
files). :func:`migrate` applies the steps in order; a document of the current version
passes through unchanged. Old files are kept as test fixtures (``tests/data/``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.errors import ScenarioError
from simulator.scenario.jsontypes import boolean
from simulator.scenario.schema import VERSION, check_header

Step = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 -> 2: the settings that make version 2 give MODEL.md's numbers.

    No history, economic life = depreciation life, no ramp, no seasonality, existing
    capacity held flat at no cost, no refresh, core margin = EBITDA margin, no fixed
    cost, no attribution, and the residual value as a ``book`` (or ``none``) terminal
    value. Snapshots inside the file are migrated the same way.
    """
    _refuse_newer_keys(doc)
    out = {}
    for key, value in doc.items():
        if key == "economics" and isinstance(value, dict):
            value = _economics(value)
        elif key == "revenue" and isinstance(value, dict):
            value = {**value, "ramp_quarters": 1.0, "seasonality": [1.0, 1.0, 1.0, 1.0]}
        elif key == "program" and isinstance(value, dict):
            value = _program(value)
        elif key == "snapshots" and isinstance(value, list):
            value = [_snapshot(s) for s in value]
        out[key] = value
        if key == "revenue":
            out["capacity"] = {"existing": "held_flat", "refresh": False, "refresh_share": 1.0}
    return out


_NEWER = {
    "": ("history", "capacity", "calibration"),
    "revenue": ("ramp_quarters", "seasonality"),
    "economics": ("core_margin", "fixed_cost", "attribution", "terminal"),
}


_NEWER_RULE = "unknown key in a version 1 file (set version 2 to use it)"


def _refuse_newer_keys(doc: dict[str, Any]) -> None:
    """A version 1 file may not hold version 2 keys (they would be overwritten)."""
    for where, keys in _NEWER.items():
        node = doc if not where else doc.get(where)
        for key in keys if isinstance(node, dict) else ():
            if key in node:
                path = f"{where}.{key}" if where else key
                raise ScenarioError(
                    path, "unknown key in a version 1 file (set version 2 to use it)"
                )
    cats = (
        doc.get("program", {}).get("categories") if isinstance(doc.get("program"), dict) else None
    )
    for i, c in enumerate(cats if isinstance(cats, list) else []):
        if isinstance(c, dict) and "economic_life_years" in c:
            raise ScenarioError(f"program.categories.{i}.economic_life_years", _NEWER_RULE)


def _economics(e: dict[str, Any]) -> dict[str, Any]:
    e = dict(e)
    residual = e.pop("residual_value", None)
    method = "none" if residual is False else "book"
    if "ebitda_margin" in e:
        e["core_margin"] = e["ebitda_margin"]
    e.update(fixed_cost=0.0, attribution=0.0)
    if residual is not None:
        boolean(residual, "economics.residual_value")
    e["terminal"] = {"method": method, "growth": 0.0, "years": 3, "multiple": 8.0}
    return e


def _program(p: dict[str, Any]) -> dict[str, Any]:
    cats = p.get("categories")
    if isinstance(cats, list):
        cats = [{**c, "economic_life_years": None} if isinstance(c, dict) else c for c in cats]
        p = {**p, "categories": cats}
    return p


def _snapshot(item: Any) -> Any:
    if isinstance(item, dict) and isinstance(item.get("inputs"), dict):
        return {**item, "inputs": _v1_to_v2(item["inputs"])}
    return item


STEPS: dict[int, Step] = {1: _v1_to_v2}
"""Version n -> the step to version n + 1."""


def migrate(doc: Any) -> Any:
    """``doc`` upgraded to :data:`~simulator.scenario.schema.VERSION` (a new object).

    Documents that are not scenarios, or of a newer version, are left to
    :func:`~simulator.scenario.schema.check_header` to refuse.
    """
    version = check_header(doc)
    if version == VERSION:
        return doc
    while version < VERSION:  # each step returns a new document; the input is not changed
        doc = STEPS[version](doc)
        version += 1
        doc["version"] = version
    return doc
