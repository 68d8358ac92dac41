"""Scenario files: strict loading and atomic saving.

Saving writes a temporary file in the target's folder, flushes and fsyncs it, then
replaces the target in one step, so a crash leaves the old file or the new one,
never a half-written one (:mod:`simulator.atomic`).

Loading reads only regular files (a FIFO, ``/dev/zero`` or a folder is refused without
reading it) and at most :data:`MAX_FILE_BYTES` bytes, counted while reading; it refuses
non-UTF-8 and non-JSON text, duplicate keys, the ``NaN``/``Infinity`` literals and
integers too long to convert before any field is read. Every refusal is a
:class:`ScenarioError` naming the file and where in it: the field path (``revenue.yield``)
when the problem sits at a value, else the line and column.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.atomic import check_target, copy_atomic, file_kind, write_atomic
from simulator.errors import ScenarioError
from simulator.scenario.value import Scenario

MAX_FILE_BYTES = 5 * 1024 * 1024
_CHUNK = 1 << 16


@dataclass(frozen=True)
class _Bad:
    """A JSON value the parser met but a scenario cannot hold, found again by its path."""

    rule: str


class _Object(dict[str, Any]):
    """A parsed JSON object that had a key twice (``duplicate`` names it)."""

    duplicate: str | None = None


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    doc = _Object()
    for key, value in pairs:
        if key in doc and doc.duplicate is None:
            doc.duplicate = key
        doc[key] = value
    return doc if doc.duplicate is not None else dict(doc)


def _constant(name: str) -> _Bad:
    return _Bad(f"not valid JSON: {name} is not a JSON number")


def _integer(text: str) -> int | _Bad:
    try:
        return int(text)
    except ValueError:  # more than sys.get_int_max_str_digits() digits
        return _Bad(f"not valid JSON: an integer of {len(text.lstrip('-')):,} digits is too long")


def _first_problem(doc: Any) -> tuple[str, str] | None:
    """(field path, rule) of the first refused value or duplicate key, in file order."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _Bad):
            return path, node.rule
        if isinstance(node, _Object) and node.duplicate is not None:
            where = f"{path}.{node.duplicate}" if path else node.duplicate
            return where, "appears twice in the same object"
        if isinstance(node, dict):
            items = [(f"{path}.{k}" if path else k, v) for k, v in node.items()]
        elif isinstance(node, list):
            items = [(f"{path}.{i}" if path else str(i), v) for i, v in enumerate(node)]
        else:
            continue
        stack.extend((v, p) for p, v in reversed(items))
    return None


_CONSTANT_OR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)', re.DOTALL)


def _where_constant(text: str) -> str:
    """``line L, column C`` of the first ``NaN``/``Infinity`` outside a string."""
    for match in _CONSTANT_OR_STRING.finditer(text):
        if match.group(1):
            return _line_column(text, match.start(1))
    return "position unknown"


def _line_column(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - text.rfind(chr(10), 0, pos)}"


def parse_scenario_text(text: str) -> Scenario:
    """Parse JSON text into a validated :class:`Scenario`."""
    try:
        doc = json.loads(
            text, object_pairs_hook=_object, parse_constant=_constant, parse_int=_integer
        )
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            "", f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise ScenarioError("", "not valid JSON: nested too deeply") from None
    except ValueError as exc:  # pragma: no cover - the hooks above catch the known cases
        raise ScenarioError("", f"not valid JSON: {str(exc).split(':')[0].lower()}") from None
    problem = _first_problem(doc)
    if problem is not None:
        path, rule = problem
        if rule.endswith("is not a JSON number"):
            rule = f"{rule} (at {_where_constant(text)}; write a finite number)"
        raise ScenarioError(path, rule)
    return Scenario.from_dict(doc)


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, as :class:`ScenarioError`s.

    A folder, FIFO, device or socket is refused without reading it (a FIFO is opened
    without waiting for a writer); the limit is enforced while reading, so a file that
    grows or lies about its size is not read past ``limit + 1`` bytes.
    """
    try:
        _refuse_special(os.stat(path).st_mode)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ScenarioError("", f"cannot read the file ({exc.strerror or exc})") from None
    except ScenarioError:
        raise
    except ValueError:  # an embedded NUL character
        raise ScenarioError("", "cannot read the file (the name holds a NUL character)") from None
    try:
        st = os.fstat(fd)
        _refuse_special(st.st_mode)  # it may have changed since it was looked at
        if st.st_size > limit:
            raise ScenarioError(
                "", f"file too large ({st.st_size:,} bytes; the limit is {limit:,})"
            )
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(_CHUNK, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise ScenarioError("", f"file too large (over {limit:,} bytes)")
    except OSError as exc:
        raise ScenarioError("", f"cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _refuse_special(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ScenarioError("", "is a folder, not a scenario file")
    if not stat.S_ISREG(mode):
        raise ScenarioError("", f"is {file_kind(mode)}, not a scenario file; only files are read")


def read_text(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file of at most ``limit`` bytes, as :class:`ScenarioError`s."""
    data = read_bytes(path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError("", f"not a text file: invalid UTF-8 at byte {exc.start}") from None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load and validate a scenario file; errors name the file, the field and the rule."""
    try:
        return parse_scenario_text(read_text(path))
    except ScenarioError as exc:
        raise exc.with_source(os.fspath(path)) from None


def scenario_json(scenario: Scenario) -> str:
    """The file text of a scenario: indented JSON, UTF-8, trailing newline."""
    return json.dumps(scenario.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save_scenario(scenario: Scenario, path: str | os.PathLike[str], backup: bool = False) -> None:
    """Save a scenario as JSON, atomically; ``backup`` keeps the old file as ``NAME.bak``.

    The backup (``plan.json`` -> ``plan.json.bak``) is itself written atomically,
    before the file is replaced, so a crash at any moment leaves a whole old or new
    file and a whole backup. Only a regular file is backed up (and only when its
    content changes); a character device is written through, anything else refused
    (:mod:`simulator.atomic`). Errors are :class:`OSError` naming ``path`` or the backup.
    """
    data = scenario_json(scenario).encode("utf-8")
    if backup and check_target(path) == "regular" and not _holds(path, data):
        copy_atomic(path, backup_path(path))
    write_atomic(path, data)


def _holds(path: str | os.PathLike[str], data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data`` (read no further than needed)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read(len(data) + 1) == data
    except OSError:
        return False


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where :func:`save_scenario` keeps the previous version: ``NAME.bak`` beside it."""
    p = Path(path)
    return p.with_name(p.name + ".bak")
