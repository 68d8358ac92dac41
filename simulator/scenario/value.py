"""The scenario: an immutable, validated value (MODEL.md section 1).

Build one with :meth:`Scenario.from_dict` (the JSON document) or directly from the
typed sections; either way the value rules are checked at construction and a
:class:`~simulator.errors.ScenarioError` names the field path and the rule.
Edits make new values: :meth:`Scenario.with_field` sets one field by its path and
re-checks the rules without re-reading the sections the edit did not touch.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from simulator.errors import ScenarioError
from simulator.scenario import rules, schema
from simulator.scenario.actuals import Actuals, ActualSeries, parse_actuals
from simulator.scenario.jsontypes import check_depth, obj, string, type_name
from simulator.scenario.migrations import migrate
from simulator.scenario.paths import get_path, set_path
from simulator.scenario.periods import period_index, period_label
from simulator.scenario.sections import (
    CalibrationSettings,
    Capacity,
    Economics,
    History,
    Program,
    Revenue,
)
from simulator.scenario.uncertainty import Uncertainty, parse, prune

SNAPSHOT_INPUTS = (
    "currency",
    "usd_fx",
    "start",
    "horizon_years",
    "history",
    "program",
    "revenue",
    "capacity",
    "economics",
    "uncertainty",
)
"""The keys a snapshot keeps: the assumptions, not the name, notes or actuals."""
MAX_SNAPSHOTS = 100
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class Scenario:
    """A whole scenario file's content. Money in billions of ``currency``.

    ``uncertainty``, ``actuals`` and ``snapshots`` are the optional sections (None
    when the file has none), typed like the rest.
    """

    name: str
    currency: str
    usd_fx: float
    start: str
    horizon_years: int
    program: Program
    revenue: Revenue
    economics: Economics
    notes: str = ""
    history: History | None = None
    capacity: Capacity = field(default_factory=Capacity)
    calibration: CalibrationSettings | None = None
    uncertainty: Uncertainty | None = None
    actuals: Actuals | None = None
    snapshots: tuple[Snapshot, ...] | None = None

    def __post_init__(self) -> None:
        rules.check_scenario(self)

    @property
    def history_quarters(self) -> int:
        """Q: the quarters of history before the start."""
        return 0 if self.history is None else len(self.history.quarters)

    @property
    def plan_quarters(self) -> int:
        """4 * horizon_years: the quarters from the start on."""
        return 4 * self.horizon_years

    @property
    def quarters(self) -> int:
        """T = Q + 4 * horizon_years: every modelled quarter, history first."""
        return self.history_quarters + self.plan_quarters

    @property
    def first_period(self) -> str:
        """The first modelled quarter (the first history quarter, else ``start``)."""
        return period_label(period_index(self.start) - self.history_quarters)

    @property
    def uncertainty_or_default(self) -> Uncertainty:
        """The ``uncertainty`` section, or the defaults (no uncertain inputs)."""
        return self.uncertainty or Uncertainty()

    @property
    def actual_series(self) -> tuple[ActualSeries, ...]:
        """The reported series (empty when the file has none)."""
        return () if self.actuals is None else self.actuals.series

    @classmethod
    def from_dict(cls, doc: Any) -> Scenario:
        """Build from a parsed JSON document (older versions migrated), checking types,
        keys and values."""
        doc = migrate(doc)
        obj(doc, "", schema.TOP_KEYS, schema.OPTIONAL)
        return cls(**schema.parse_core(doc), **_parse_sections(doc))

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this scenario (MODEL.md section 1 key order)."""
        doc: dict[str, Any] = {"format": schema.FORMAT, "version": schema.VERSION}
        doc["name"] = self.name
        if self.notes:
            doc["notes"] = self.notes
        doc.update(self._inputs_dict())
        if self.uncertainty is not None:
            doc["uncertainty"] = self.uncertainty.to_dict()
        if self.actuals is not None:
            doc["actuals"] = self.actuals.to_dict()
        if self.snapshots is not None:
            doc["snapshots"] = [s.to_dict() for s in self.snapshots]
        return doc

    def _inputs_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "currency": self.currency,
            "usd_fx": self.usd_fx,
            "start": self.start,
            "horizon_years": self.horizon_years,
        }
        if self.history is not None:
            doc["history"] = schema.history_dict(self.history)
        doc["program"] = schema.program_dict(self.program)
        doc["revenue"] = schema.revenue_dict(self.revenue)
        doc["capacity"] = schema.capacity_dict(self.capacity)
        doc["economics"] = schema.economics_dict(self.economics)
        if self.calibration is not None:
            doc["calibration"] = schema.calibration_dict(self.calibration)
        return doc

    def get_field(self, path: str) -> Any:
        """The value at a dotted field path, e.g. ``program.year_split.1``."""
        return get_path(self.to_dict(), path)

    def with_field(self, path: str, value: Any) -> Scenario:
        """A new scenario with the field at ``path`` set to ``value`` (validated).

        Removing a category drops the uncertain inputs that named it.
        """
        return self.with_fields({path: value})

    def with_fields(self, changes: dict[str, Any]) -> Scenario:
        """A new scenario with several fields set at once, validated once at the end.

        Only the sections the changes touch are read again; removing a category drops
        the uncertain inputs that named it.
        """
        if (
            "start" in changes
            and self.history is not None
            and not any(p.startswith("history") for p in changes)
        ):  # the history stays the quarters just before the start
            changes = {**changes, "history": _history_before(self.history, changes["start"])}
        tops = {path.split(".", 1)[0] for path in changes}
        sections = tops & set(schema.SECTIONS)
        doc: dict[str, Any] = {t: self.to_dict().get(t) for t in sections}
        if tops - sections:
            doc.update(name=self.name, notes=self.notes, **self._inputs_dict())
        for path, value in changes.items():
            set_path(doc, path, value)
        new = _parse_sections(doc)
        if tops - sections:
            new.update(schema.parse_core(doc))
        unc = new.get("uncertainty", self.uncertainty)
        if unc is not None and "program" in new:
            new["uncertainty"] = prune(unc, len(new["program"].categories))
        return replace(self, **new)

    def with_inputs_of(self, other: Scenario, name: str | None = None) -> Scenario:
        """This scenario's name, notes, actuals and snapshots with ``other``'s assumptions."""
        return replace(
            other,
            name=self.name if name is None else name,
            notes=self.notes,
            calibration=self.calibration,
            actuals=self.actuals,
            snapshots=self.snapshots,
        )


@dataclass(frozen=True)
class Snapshot:
    """A named copy of the assumptions (``inputs``), with the UTC time it was taken."""

    name: str
    saved: str
    inputs: Scenario

    def scenario(self, of: Scenario) -> Scenario:
        """The scenario ``of`` with these assumptions (named after the snapshot)."""
        return of.with_inputs_of(self.inputs, name=f"{of.name} @ {self.name}")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: name, saved and the assumptions."""
        doc = self.inputs.to_dict()
        inputs = {k: doc[k] for k in SNAPSHOT_INPUTS if k in doc}
        return {"name": self.name, "saved": self.saved, "inputs": inputs}


def _history_before(history: History, start: Any) -> Any:
    """The history's amounts relabelled to end just before ``start`` (as a section)."""
    try:
        first = period_index(start) - len(history.quarters)
    except ScenarioError:
        return schema.history_dict(history)  # the start's own rule will name the problem
    labels = [period_label(first + i) for i in range(len(history.quarters))]
    section = schema.history_dict(history)
    section["capex"] = dict(zip(labels, history.capex, strict=True))
    return section


def _parse_sections(doc: dict[str, Any]) -> dict[str, Any]:
    """The typed optional sections present in ``doc`` (null is the same as absent)."""
    out: dict[str, Any] = {}
    for key in schema.SECTIONS:
        if key in doc:
            value = doc[key]
            check_depth(value, key)
            out[key] = None if value is None else _SECTION_PARSERS[key](value)
    return out


def parse_snapshots(doc: Any) -> tuple[Snapshot, ...]:
    """Check and parse the ``snapshots`` section; errors name ``snapshots.<i>.<field>``."""
    if not isinstance(doc, list) or len(doc) > MAX_SNAPSHOTS:
        raise ScenarioError("snapshots", f"must be a list of at most {MAX_SNAPSHOTS} snapshots")
    return tuple(_snapshot(item, i) for i, item in enumerate(doc))


def _snapshot(item: Any, i: int) -> Snapshot:
    where = f"snapshots.{i}"
    if not isinstance(item, dict) or set(item) != {"name", "saved", "inputs"}:
        raise ScenarioError(where, 'must be {"name": ..., "saved": ..., "inputs": {...}}')
    name = string(item["name"], f"{where}.name")
    if not name.strip():
        raise ScenarioError(f"{where}.name", "must be a non-empty string")
    saved = check_time(item["saved"], f"{where}.saved")
    inputs = item["inputs"]
    if not isinstance(inputs, dict):
        raise ScenarioError(f"{where}.inputs", f"must be an object (got {type_name(inputs)})")
    unknown = [k for k in inputs if k not in SNAPSHOT_INPUTS]
    if unknown:
        raise ScenarioError(f"{where}.inputs.{unknown[0]}", "is not an assumption")
    doc = {"format": schema.FORMAT, "version": schema.VERSION, "name": name, **inputs}
    try:
        scenario = Scenario.from_dict(doc)
    except ScenarioError as exc:
        raise ScenarioError(f"{where}.inputs.{exc.field}".rstrip("."), exc.rule) from None
    return Snapshot(name, saved, scenario)


def check_time(value: Any, path: str) -> str:
    """A real UTC time written like ``2026-11-29T09:30:00Z``."""
    text = string(value, path)
    try:
        datetime.strptime(text, _TIME_FORMAT)
    except ValueError:
        raise ScenarioError(path, "must be a UTC time like 2026-11-29T09:30:00Z") from None
    return text


_SECTION_PARSERS = {"uncertainty": parse, "actuals": parse_actuals, "snapshots": parse_snapshots}
