"""The field table: every input of a scenario with its label, unit, range and help.

One :class:`Field` per input path (category and list items as ``*``). The input panel,
the distribution editor, sensitivity, goal seek, calibration, the compare diff, reports
and XLSX all read it, so an input has one label, one unit and one range everywhere.
``low``/``high`` are the valid range the file rules enforce (model units; for a list
that is a driver, the range of the shift or delay);
``ui_low``/``ui_high`` the slider's span; ``step`` and ``decimals`` are in display units.
``driver`` says how the input moves as one number in Monte Carlo, sensitivity and goal
seek: ``value`` (itself), ``life``/``lag`` (a category's), ``shift`` (added to every
year of a growth list) or ``delay`` (years the year split moves later); None when it
is not a driver.
"""

from __future__ import annotations

import re

from simulator.scenario.field_def import Field
from simulator.scenario.field_table import TABLE

__all__ = ["FIELDS", "Field", "driver_paths", "field", "find", "is_driver_path", "key", "label"]

_INDEX = re.compile(r"\.(?:\d+|\d{4}Q[1-4])(?=\.|$)")


FIELDS: dict[str, Field] = {f.path: f for f in TABLE}
"""Every input by its table key (list and category items as ``*``), in table order."""


def key(path: str) -> str:
    """The table key of a path: indexes replaced by ``*`` (``program.categories.*.share``)."""
    return _INDEX.sub(".*", path)


def field(path: str) -> Field:
    """The field of a path (KeyError when the scenario has no such input)."""
    return FIELDS[key(path)]


def find(path: str) -> Field | None:
    """The field of a path, or None."""
    return FIELDS.get(key(path))


def label(path: str) -> str:
    """A reader's name for a path; list items get their number (``AI growth, year 2``)."""
    f = find(path)
    if f is None:
        return path
    last = path.rsplit(".", 1)[-1]
    if f.path.endswith(".*") and last.isdigit():
        return f"{f.label} {int(last) + 1}"
    return f.label


def driver_paths() -> tuple[str, ...]:
    """The table keys of every driver, in table order."""
    return tuple(f.path for f in FIELDS.values() if f.driver is not None)


def is_driver_path(path: str) -> bool:
    """Whether ``path`` names a driver in some scenario (category index unchecked)."""
    f = find(path)
    return f is not None and f.driver is not None
