"""Named snapshots inside a scenario file ("before board meeting"), restorable.

Schema (optional; a list, oldest first)::

    "snapshots": [
      {"name": "before board meeting", "saved": "2026-11-29T09:30:00Z",
       "inputs": {"currency": ..., "usd_fx": ..., "start": ..., "horizon_years": ...,
                  "program": {...}, "revenue": {...}, "economics": {...},
                  "uncertainty": {...}}}
    ]

``inputs`` holds the assumptions as they were (the same keys and rules as the
scenario's own; ``uncertainty`` optional), ``saved`` a real UTC time. Restoring puts
them back and keeps the scenario's name, notes, actuals and snapshots.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from simulator.errors import ScenarioError
from simulator.scenario.value import Scenario, Snapshot


def snapshots_of(s: Scenario) -> tuple[Snapshot, ...]:
    """The scenario's snapshots, oldest first."""
    return s.snapshots or ()


def take(s: Scenario, name: str, when: datetime | None = None) -> Scenario:
    """``s`` with a new snapshot of its current assumptions called ``name``."""
    if not name.strip():
        raise ScenarioError("snapshots", "a snapshot needs a name")
    when = (when or datetime.now(UTC)).astimezone(UTC)
    inputs = replace(s, name=name.strip(), notes="", calibration=None, actuals=None, snapshots=None)
    entry = Snapshot(name.strip(), when.strftime("%Y-%m-%dT%H:%M:%SZ"), inputs)
    return replace(s, snapshots=(*snapshots_of(s), entry))


def restore(s: Scenario, index: int) -> Scenario:
    """``s`` with the assumptions of snapshot ``index`` (name, notes, actuals kept)."""
    return s.with_inputs_of(snapshots_of(s)[index].inputs)


def remove(s: Scenario, index: int) -> Scenario:
    """``s`` without snapshot ``index``."""
    kept = tuple(x for i, x in enumerate(snapshots_of(s)) if i != index)
    return replace(s, snapshots=kept or None)
