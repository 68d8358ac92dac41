"""Named snapshots inside a scenario file ("before board meeting"), restorable.

Schema (optional; a list, oldest first)::

    "snapshots": [
      {"name": "before board meeting", "saved": "2026-11-29T09:30:00Z",
       "inputs": {"currency": ..., "usd_fx": ..., "start": ..., "horizon_years": ...,
                  "program": {...}, "revenue": {...}, "economics": {...},
                  "uncertainty": {...}}}
    ]

``inputs`` holds the assumptions as they were (the same keys and rules as the
scenario's own; ``uncertainty`` optional). Restoring puts them back and keeps the
scenario's name, notes, actuals and snapshots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from simulator.errors import ScenarioError
from simulator.scenario import FORMAT, VERSION, Scenario

INPUT_KEYS = (
    "currency",
    "usd_fx",
    "start",
    "horizon_years",
    "program",
    "revenue",
    "economics",
    "uncertainty",
)
MAX_SNAPSHOTS = 100
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@dataclass(frozen=True)
class Snapshot:
    """A named copy of the assumptions, with the UTC time it was taken."""

    name: str
    saved: str
    inputs: dict[str, Any]

    def scenario(self, of: Scenario) -> Scenario:
        """The scenario ``of`` with these assumptions (named after the snapshot)."""
        return _with_inputs(of, self.inputs, name=f"{of.name} @ {self.name}")


def parse_snapshots(doc: Any) -> tuple[Snapshot, ...]:
    """Check and parse the section; errors name ``snapshots.<i>.<field>``."""
    if not isinstance(doc, list) or len(doc) > MAX_SNAPSHOTS:
        raise ScenarioError("snapshots", f"must be a list of at most {MAX_SNAPSHOTS} snapshots")
    return tuple(_snapshot(item, i) for i, item in enumerate(doc))


def _snapshot(item: Any, i: int) -> Snapshot:
    where = f"snapshots.{i}"
    if not isinstance(item, dict) or set(item) != {"name", "saved", "inputs"}:
        raise ScenarioError(where, 'must be {"name": ..., "saved": ..., "inputs": {...}}')
    name, saved, inputs = item["name"], item["saved"], item["inputs"]
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError(f"{where}.name", "must be a non-empty string")
    if not isinstance(saved, str) or not _TIME.match(saved):
        raise ScenarioError(f"{where}.saved", "must be a UTC time like 2026-11-29T09:30:00Z")
    if not isinstance(inputs, dict):
        raise ScenarioError(f"{where}.inputs", "must be an object")
    unknown = [k for k in inputs if k not in INPUT_KEYS]
    if unknown:
        raise ScenarioError(f"{where}.inputs.{unknown[0]}", "is not an assumption")
    doc = {"format": FORMAT, "version": VERSION, "name": name, **inputs}
    try:
        Scenario.from_dict(doc)
    except ScenarioError as exc:
        raise ScenarioError(f"{where}.inputs.{exc.field}".rstrip("."), exc.rule) from None
    return Snapshot(name, saved, inputs)


def snapshots_of(s: Scenario) -> tuple[Snapshot, ...]:
    """The scenario's snapshots, oldest first."""
    data = s.snapshots_data
    return () if data is None else parse_snapshots(data)


def take(s: Scenario, name: str, when: datetime | None = None) -> Scenario:
    """``s`` with a new snapshot of its current assumptions called ``name``."""
    if not name.strip():
        raise ScenarioError("snapshots", "a snapshot needs a name")
    when = (when or datetime.now(UTC)).astimezone(UTC)
    doc = s.to_dict()
    inputs = {k: doc[k] for k in INPUT_KEYS if k in doc}
    entry = {"name": name.strip(), "saved": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "inputs": inputs}
    doc["snapshots"] = [*doc.get("snapshots", []), entry]
    return Scenario.from_dict(doc)


def restore(s: Scenario, index: int) -> Scenario:
    """``s`` with the assumptions of snapshot ``index`` (name, notes, actuals kept)."""
    return _with_inputs(s, snapshots_of(s)[index].inputs, name=s.name)


def remove(s: Scenario, index: int) -> Scenario:
    """``s`` without snapshot ``index``."""
    doc = s.to_dict()
    kept = [x for i, x in enumerate(doc.get("snapshots", [])) if i != index]
    if kept:
        doc["snapshots"] = kept
    else:
        doc.pop("snapshots", None)
    return Scenario.from_dict(doc)


def _with_inputs(s: Scenario, inputs: dict[str, Any], name: str) -> Scenario:
    doc = {k: v for k, v in s.to_dict().items() if k not in INPUT_KEYS}
    doc.update(inputs)
    doc["name"] = name
    return Scenario.from_dict(doc)
