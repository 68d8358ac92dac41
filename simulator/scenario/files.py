"""Scenario files: strict loading and atomic saving.

Saving writes a temporary file in the target's folder, flushes and fsyncs it, then
replaces the target in one step, so a crash leaves the old file or the new one,
never a half-written one. Loading refuses oversized, non-UTF-8 and non-JSON files,
duplicate keys and the ``NaN``/``Infinity`` literals before any field is read.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from simulator.atomic import write_atomic
from simulator.errors import ScenarioError
from simulator.scenario.value import Scenario

MAX_FILE_BYTES = 5 * 1024 * 1024


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for key, value in pairs:
        if key in doc:
            raise ScenarioError(key, "appears twice in the same object")
        doc[key] = value
    return doc


def _no_constants(name: str) -> Any:
    raise ScenarioError("", f"not valid JSON: {name} is not a JSON number")


def parse_scenario_text(text: str) -> Scenario:
    """Parse JSON text into a validated :class:`Scenario`."""
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            "", f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except ScenarioError:
        raise
    except RecursionError:
        raise ScenarioError("", "not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ScenarioError("", f"not valid JSON: {str(exc).split(':')[0].lower()}") from None
    return Scenario.from_dict(doc)


def read_text(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file of at most ``limit`` bytes, as :class:`ScenarioError`s."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise ScenarioError("", "is a folder, not a scenario file")
        if size > limit:
            raise ScenarioError("", f"file too large ({size:,} bytes; the limit is {limit:,})")
        data = p.read_bytes()[: limit + 1]
    except OSError as exc:
        raise ScenarioError("", f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise ScenarioError("", f"file too large (over {limit:,} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError("", f"not a text file: invalid UTF-8 at byte {exc.start}") from None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load and validate a scenario file; errors name the file, the field and the rule."""
    try:
        return parse_scenario_text(read_text(path))
    except ScenarioError as exc:
        raise exc.with_source(str(path)) from None


def scenario_json(scenario: Scenario) -> str:
    """The file text of a scenario: indented JSON, UTF-8, trailing newline."""
    return json.dumps(scenario.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save_scenario(scenario: Scenario, path: str | os.PathLike[str], backup: bool = False) -> None:
    """Save a scenario as JSON, atomically; ``backup`` keeps the old file as ``NAME.bak``.

    The backup (``plan.json`` -> ``plan.json.bak``) is itself written atomically,
    before the file is replaced, so a crash at any moment leaves a whole old or new
    file and a whole backup.
    """
    data = scenario_json(scenario).encode("utf-8")
    target = Path(path)
    if backup and target.is_file():
        old = target.read_bytes()
        if old != data:
            write_atomic(backup_path(target), old)
    write_atomic(target, data)


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where :func:`save_scenario` keeps the previous version: ``NAME.bak`` beside it."""
    p = Path(path)
    return p.with_name(p.name + ".bak")
