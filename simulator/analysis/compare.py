"""Comparing scenarios: KPI table, the assumptions that differ, an NPV waterfall.

The waterfall goes from the first scenario to the second by applying each changed
assumption in turn, in the file's order (a per-year list, the categories' shares,
lives, lags or capacity flags each move as one step), and records the NPV change of
each step; the steps add up exactly to the difference. Like any sequential
attribution, a step's size depends on the order when assumptions interact.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.errors import ScenarioError
from simulator.model.engine import Result, simulate
from simulator.model.outputs import SUMMARY_KEYS
from simulator.scenario import fields
from simulator.scenario.paths import get_path, lookup
from simulator.scenario.value import Scenario

_NOT_ASSUMPTIONS = (
    "format",
    "version",
    "name",
    "notes",
    "calibration",
    "actuals",
    "snapshots",
    "uncertainty",
)
_CATEGORY_FIELDS = ("share", "life_years", "lag_quarters", "adds_capacity")


@dataclass(frozen=True)
class KpiRow:
    """One metric across scenarios: values (None = undefined) and differences to the first."""

    key: str
    values: tuple[float | None, ...]

    @property
    def differences(self) -> tuple[float | None, ...]:
        """value - first value for each scenario after the first (None where undefined)."""
        first = self.values[0]
        return tuple(None if first is None or v is None else v - first for v in self.values[1:])


def kpi_table(results: Sequence[Result]) -> tuple[KpiRow, ...]:
    """Every summary metric of each result, in SUMMARY_KEYS order."""
    return tuple(KpiRow(key, tuple(r.summary[key] for r in results)) for key in SUMMARY_KEYS)


@dataclass(frozen=True)
class Difference:
    """One assumption that differs: its path and the value in each scenario."""

    path: str
    first: Any
    second: Any


def input_diff(a: Scenario, b: Scenario) -> tuple[Difference, ...]:
    """The assumptions (leaf fields, lists whole) whose values differ, in file order."""
    return tuple(
        Difference(path, va, vb)
        for path, va, vb in _leaves_pair(_assumptions(a), _assumptions(b), "")
        if not _same(va, vb)
    )


@dataclass(frozen=True)
class AssumptionRow:
    """One assumption across scenarios: its path, each value (None where absent), and
    whether any scenario's value differs from the first's."""

    path: str
    values: tuple[Any, ...]
    differs: bool


def assumption_rows(scenarios: Sequence[Scenario]) -> tuple[AssumptionRow, ...]:
    """Every assumption (leaf fields, lists whole) of ``scenarios``, in file order.

    A row differs when it lies at or under a path of :func:`input_diff` between the
    first scenario and any other (a category list of another length differs whole).
    """
    docs = [_assumptions(s) for s in scenarios]
    paths = list(dict.fromkeys(p for d in docs for p, _, _ in _leaves_pair(d, d, "")))
    changed = {d.path for s in scenarios[1:] for d in input_diff(scenarios[0], s)}
    return tuple(
        AssumptionRow(p, tuple(lookup(d, p) for d in docs), _under(p, changed)) for p in paths
    )


def _under(path: str, changed: set[str]) -> bool:
    return any(path == c or path.startswith(c + ".") for c in changed)


def _assumptions(s: Scenario) -> dict[str, Any]:
    return {k: v for k, v in s.to_dict().items() if k not in _NOT_ASSUMPTIONS}


def _leaves_pair(x: Any, y: Any, prefix: str) -> list[tuple[str, Any, Any]]:
    """Aligned leaves of two documents; lists of numbers compare whole."""
    if isinstance(x, dict) and isinstance(y, dict):
        keys = list(dict.fromkeys([*x, *y]))
        return [t for k in keys for t in _leaves_pair(x.get(k), y.get(k), f"{prefix}{k}.")]
    if isinstance(x, list) and isinstance(y, list) and x and isinstance(x[0], dict):
        if len(x) != len(y):
            return [(prefix[:-1], x, y)]
        return [
            t
            for i, (p, q) in enumerate(zip(x, y, strict=True))
            for t in _leaves_pair(p, q, f"{prefix}{i}.")
        ]
    return [(prefix[:-1], x, y)]


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return x == y or (math.isnan(x) and math.isnan(y))
    return x == y


@dataclass(frozen=True)
class Step:
    """One waterfall step: what changed, the NPV after it and its contribution."""

    label: str
    paths: tuple[str, ...]
    npv_after: float
    contribution: float


@dataclass(frozen=True)
class Waterfall:
    """From the first scenario's NPV through each step to the second's."""

    start: float
    steps: tuple[Step, ...]
    end: float


def npv_waterfall(a: Scenario, b: Scenario) -> Waterfall:
    """Apply each group of changed assumptions of ``b`` to ``a`` in turn (see module doc)."""
    if a.currency != b.currency or a.usd_fx != b.usd_fx:
        raise ScenarioError(
            "currency", "the two scenarios use different currencies or FX rates; compare in one"
        )
    current, npv = a, simulate(a).metrics["npv"]
    start, steps = npv, []
    for label, paths in _groups(input_diff(a, b), a, b):
        current = _apply(current, b, paths)
        after = simulate(current).metrics["npv"]
        steps.append(Step(label, paths, after, after - npv))
        npv = after
    return Waterfall(start, tuple(steps), npv)


def _groups(
    diff: tuple[Difference, ...], a: Scenario, b: Scenario
) -> list[tuple[str, tuple[str, ...]]]:
    """Changed paths grouped into steps that each leave a valid scenario."""
    groups: dict[str, list[str]] = {}
    same_count = len(a.program.categories) == len(b.program.categories)
    for d in diff:
        parts = d.path.split(".")
        if parts[:2] == ["program", "categories"] and same_count and len(parts) == 4:
            key = f"program.categories.*.{parts[3]}"
        else:
            key = d.path
        groups.setdefault(key, []).append(d.path)
    return [(_label(key), tuple(paths)) for key, paths in groups.items()]


def _label(key: str) -> str:
    names = {
        "program.categories.*.share": "Category shares",
        "program.categories.*.life_years": "Category lives",
        "program.categories.*.lag_quarters": "Category lags",
        "program.categories.*.adds_capacity": "Which categories add capacity",
        "program.categories.*.name": "Category names",
    }
    return names.get(key) or fields.label(key)


def _apply(s: Scenario, target: Scenario, paths: tuple[str, ...]) -> Scenario:
    """``s`` with the values of ``target`` at ``paths`` (one validated step)."""
    source = target.to_dict()
    return s.with_fields({path: get_path(source, path) for path in paths})
