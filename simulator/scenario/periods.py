"""Quarters as ``YYYYQn`` labels and as counts since year 0."""

from __future__ import annotations

import re

from simulator.errors import ScenarioError

_PERIOD = re.compile(r"(\d{4})Q([1-4])", re.ASCII)


def period_index(label: str, field: str = "start") -> int:
    """Quarter count since year 0 of a ``YYYYQn`` label (2025Q1 -> 8100).

    A malformed label raises a ScenarioError naming ``field``.
    """
    m = _PERIOD.fullmatch(label) if isinstance(label, str) else None
    if m is None:
        raise ScenarioError(field, f"must be a quarter like 2025Q1 (got {label!r})")
    return int(m.group(1)) * 4 + int(m.group(2)) - 1


def period_label(index: int) -> str:
    """The ``YYYYQn`` label of a quarter count (8100 -> 2025Q1)."""
    return f"{index // 4}Q{index % 4 + 1}"


def periods(start: str, quarters: int) -> list[str]:
    """``YYYYQn`` labels of ``quarters`` quarters from ``start``."""
    first = period_index(start)
    return [period_label(q) for q in range(first, first + quarters)]
