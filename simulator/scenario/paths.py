"""Dotted field paths into a scenario document (``program.year_split.1``)."""

from __future__ import annotations

from typing import Any


def get_path(doc: Any, path: str) -> Any:
    """The value at a dotted path in a scenario document (list items by index)."""
    for part in path.split("."):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def set_path(doc: Any, path: str, value: Any) -> None:
    """Set the value at a dotted path in a scenario document, in place."""
    parent, _, last = path.rpartition(".")
    node = get_path(doc, parent) if parent else doc
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def lookup(doc: Any, path: str) -> Any:
    """The value at ``path``, or None where the document has no such field."""
    for part in path.split("."):
        if isinstance(doc, list) and part.isdigit() and int(part) < len(doc):
            doc = doc[int(part)]
        elif isinstance(doc, dict) and part in doc:
            doc = doc[part]
        else:
            return None
    return doc


def category_index(path: str) -> int:
    """k of ``program.categories.k.<field>``, or -1 for other paths."""
    parts = path.split(".")
    if len(parts) >= 3 and parts[:2] == ["program", "categories"] and parts[2].isdigit():
        return int(parts[2])
    return -1


def pattern(path: str) -> str:
    """The path with a category index replaced by ``*`` (the field table's key)."""
    parts = path.split(".")
    if category_index(path) >= 0:
        parts[2] = "*"
    return ".".join(parts)
