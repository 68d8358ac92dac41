"""Strict JSON value checks: each returns the typed value or raises a ScenarioError.

Numbers are JSON numbers (a boolean is not a number), integers have no fractional
part, booleans are ``true``/``false``, strings are valid Unicode.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.errors import ScenarioError

MAX_DEPTH = 32  # nesting levels allowed inside a free-form section


def type_name(value: Any) -> str:
    """How a JSON value's type is named in messages: ``a number``, ``a list``, ..."""
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


def join(path: str, key: str | int) -> str:
    """``path.key`` (or ``key`` at the top)."""
    return f"{path}.{key}" if path else str(key)


def obj(
    value: Any, path: str, keys: tuple[str, ...], optional: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """An object with exactly ``keys`` (those in ``optional`` may be absent)."""
    where = path or "file"
    if not isinstance(value, dict):
        raise ScenarioError(path, f"must be an object (got {type_name(value)})")
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise ScenarioError(
            join(path, unknown[0]), f"unknown key in {where} (allowed: {', '.join(keys)})"
        )
    for key in keys:
        if key not in value and key not in optional:
            raise ScenarioError(join(path, key), "required field is missing")
    return value


def number(value: Any, path: str) -> float:
    """A finite JSON number as float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(path, f"must be a number (got {type_name(value)})")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        shown = value if len(str(value)) < 20 else "a huge number"
        raise ScenarioError(path, f"must be a finite number (got {shown})")
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
        raise ScenarioError(path, f"must be true or false (got {type_name(value)})")
    return value


def string(value: Any, path: str) -> str:
    """A JSON string that is valid Unicode (no lone surrogates such as ``"\\ud800"``)."""
    if not isinstance(value, str):
        raise ScenarioError(path, f"must be a string (got {type_name(value)})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ScenarioError(
            path, f"must be valid Unicode text (a lone surrogate at character {exc.start})"
        ) from None
    return value


def numbers(value: Any, path: str) -> tuple[float, ...]:
    """A list of finite numbers."""
    if not isinstance(value, list):
        raise ScenarioError(path, f"must be a list of numbers (got {type_name(value)})")
    return tuple(number(v, f"{path}.{i}") for i, v in enumerate(value))


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
