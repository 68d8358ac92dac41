"""What differs between two versions of one scenario, in a few words.

Used where two copies of the same work must be told apart (two recovery files of one
file, a recovery file and the file on disk): every field of the file is compared,
name, notes and the optional sections included; a list of numbers is one field
(``AI growth: [1.2, 0.7] → [1.3, 0.7]``), a list of objects is compared item by item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.scenario import fields
from simulator.scenario.value import Scenario

_SHOWN = 40
"""Characters of a value shown in a summary before it is cut with an ellipsis."""


@dataclass(frozen=True)
class Change:
    """One field that differs: its path, and its value in each version (None: absent)."""

    path: str
    before: Any
    after: Any

    @property
    def label(self) -> str:
        """The field's reader's name (its path when the field table has none)."""
        return fields.label(self.path)

    def text(self) -> str:
        """``Total capex: 380 → 444``."""
        return f"{self.label}: {_show(self.before)} → {_show(self.after)}"


def changes(a: Scenario, b: Scenario) -> list[Change]:
    """The fields whose values differ from ``a`` to ``b``, in file order."""
    return [Change(p, x, y) for p, x, y in _pairs(a.to_dict(), b.to_dict(), "") if x != y]


def summary(a: Scenario, b: Scenario, limit: int = 3) -> str:
    """The first ``limit`` changes from ``a`` to ``b`` in words (``same content`` when
    none): ``Total capex: 380 → 444; Yield: 0.8 → 0.85; and 2 more``."""
    found = changes(a, b)
    if not found:
        return "same content"
    shown = "; ".join(c.text() for c in found[:limit])
    more = len(found) - limit
    return f"{shown}; and {more} more" if more > 0 else shown


def _pairs(x: Any, y: Any, prefix: str) -> list[tuple[str, Any, Any]]:
    """Aligned leaves of two JSON documents; lists of scalars compare whole."""
    if isinstance(x, dict) and isinstance(y, dict):
        keys = list(dict.fromkeys([*x, *y]))
        return [t for k in keys for t in _pairs(x.get(k), y.get(k), f"{prefix}{k}.")]
    if isinstance(x, list) and isinstance(y, list) and _has_objects(x, y):
        n = max(len(x), len(y))
        return [
            t
            for i in range(n)
            for t in _pairs(
                x[i] if i < len(x) else None, y[i] if i < len(y) else None, f"{prefix}{i}."
            )
        ]
    return [(prefix.rstrip("."), x, y)]


def _has_objects(x: list[Any], y: list[Any]) -> bool:
    return any(isinstance(v, dict | list) for v in (*x, *y))


def _show(value: Any) -> str:
    """A value in a few characters: numbers with 6 significant digits, text quoted."""
    if value is None:
        text = "none"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, int | float):
        text = f"{value:.6g}"
    elif isinstance(value, str):
        text = f"“{value}”"
    elif isinstance(value, list) and all(isinstance(v, int | float) for v in value):
        text = "[" + ", ".join(f"{v:.6g}" for v in value) + "]"
    elif isinstance(value, dict | list):
        text = f"({len(value)} items)"
    else:
        text = str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
