"""Which other running instance of the app has a scenario file open.

Two instances editing one file each save over the other's work. So every instance
marks the files it has open with a lock file in the data folder's ``locks`` folder
(:func:`ui.app.folders.data_dir`, never beside the user's file):
``<hash of the resolved path>.<pid>.json`` holding the process id, the host name, the
path and the time. Before a file is opened, :func:`holder` looks for another
instance's mark: one of a process that no longer runs on this host is stale (a crash
or a kill left it); it is ignored and removed. A mark from another host (a shared data
folder) cannot be checked and counts as held.

Marking is best effort: a data folder that cannot be written only means other
instances are not warned (autosave says when that folder fails). Nothing here
imports Qt, so a test can hold a file from a second process.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from simulator.atomic import write_atomic
from simulator.errors import ScenarioError
from simulator.scenario.files import read_bytes
from ui.app.folders import data_dir

MAX_LOCK_BYTES = 64 * 1024
_held: Counter[str] = Counter()  # this process's documents per locked path


@dataclass(frozen=True)
class Holder:
    """Another instance that has the file open."""

    pid: int
    host: str
    since: str

    def describe(self) -> str:
        """``process 4242 on laptop, since 2025-03-01 14:02``."""
        return f"process {self.pid} on {self.host}, since {self.since}"


def lock_folder() -> Path:
    """Where the marks are kept."""
    return data_dir() / "locks"


def _key(path: Path) -> str:
    return hashlib.sha256(os.path.realpath(path).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _mark(path: Path, pid: int | None = None) -> Path:
    return lock_folder() / f"{_key(path)}.{os.getpid() if pid is None else pid}.json"


def acquire(path: Path) -> bool:
    """Mark ``path`` as open in this instance (once per document); False when the mark
    could not be written."""
    key = _key(path)
    _held[key] += 1
    if _held[key] > 1:
        return True
    doc = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "path": os.path.realpath(path),
        "since": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    try:
        lock_folder().mkdir(parents=True, exist_ok=True)
        write_atomic(_mark(path), json.dumps(doc).encode("utf-8"))
    except OSError:
        return False
    return True


def release(path: Path) -> None:
    """One document of this instance closed ``path``; the last one removes the mark."""
    key = _key(path)
    if _held[key] <= 0:
        return
    _held[key] -= 1
    if _held[key] == 0:
        del _held[key]
        _mark(path).unlink(missing_ok=True)


def holder(path: Path) -> Holder | None:
    """Another running instance that has ``path`` open, or None."""
    try:
        marks = sorted(lock_folder().glob(f"{_key(path)}.*.json"))
    except OSError:
        return None
    for mark in marks:
        found = _read(mark)
        if found is None or (found.pid == os.getpid() and found.host == socket.gethostname()):
            continue
        if found.host == socket.gethostname() and not alive(found.pid):
            mark.unlink(missing_ok=True)  # left by a crash or a kill
            continue
        return found
    return None


def _read(mark: Path) -> Holder | None:
    """The mark's holder; None for an unreadable or broken mark (never read unbounded)."""
    try:
        doc = json.loads(read_bytes(mark, MAX_LOCK_BYTES))
        pid, host, since = int(doc["pid"]), str(doc["host"]), str(doc["since"])
    except (ScenarioError, ValueError, KeyError, TypeError):
        return None
    with contextlib.suppress(ValueError):
        since = f"{datetime.fromisoformat(since):%Y-%m-%d %H:%M}"
    return Holder(pid, host, since)


def alive(pid: object) -> bool:
    """Whether process ``pid`` runs on this host (and is not this process)."""
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process, or no such pid at all
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True
