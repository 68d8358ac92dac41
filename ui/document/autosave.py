"""Autosave of unsaved work to recovery files, and finding them again after a crash.

While a document has unsaved changes, an :class:`Autosaver` writes it (atomically)
to a recovery file in the per-user data folder (:func:`ui.app.folders.recovery_dir`):
about 2 s after an edit (debounced) and every 30 s. Saving, a clean close or
discarding the changes removes the file. After a crash or a kill the file stays,
:func:`find_recoveries` finds it, and the next start offers to restore it
(:class:`ui.app.restore_dialog.RestoreDialog`).

A write that fails (a full disk, a read-only or missing data folder) is never silent:
``failed`` carries the ``OSError`` at every failed attempt, ``resumed`` the first
success after failures (:class:`ui.document.autosave_status.AutosaveStatus` tells the
user), and the saver keeps trying at every edit and every interval.

A recovery file is JSON: ``{"format": "capex-recovery", "saved_at": ISO time,
"name": ..., "path": original file or null, "pid": ..., "host": ..., "scenario":
{...}}``. Recovery files are read like scenario files: regular files only, at most
:data:`MAX_RECOVERY_BYTES`, counted while reading.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from superqt.utils import qdebounced

from simulator import Scenario, ScenarioError
from simulator.atomic import write_atomic
from simulator.scenario.files import MAX_FILE_BYTES, read_text
from ui.app.folders import recovery_dir
from ui.document.document import ScenarioDocument
from ui.document.file_lock import alive

FORMAT = "capex-recovery"
INTERVAL_MS = 30_000
DEBOUNCE_MS = 2_000
MAX_RECOVERY_BYTES = 2 * MAX_FILE_BYTES
"""A recovery file holds one scenario (at most :data:`MAX_FILE_BYTES` as a file)."""


@dataclass(frozen=True)
class Recovery:
    """One recovery file: the unsaved scenario, its original file and when it was saved."""

    file: Path
    scenario: Scenario
    path: Path | None
    saved_at: datetime

    @property
    def label(self) -> str:
        """``name — saved 2025-03-01 14:02 — plan.json`` for the restore list."""
        where = str(self.path) if self.path else "never saved"
        return f"{self.scenario.name} — saved {self.saved_at:%Y-%m-%d %H:%M:%S} — {where}"


def recovery_text(scenario: Scenario, path: Path | None) -> bytes:
    """The content of a recovery file for ``scenario`` (originally at ``path``)."""
    doc = {
        "format": FORMAT,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "name": scenario.name,
        "path": str(path) if path else None,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "scenario": scenario.to_dict(),
    }
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def read_recovery(file: Path) -> Recovery:
    """Parse a recovery file; raises ScenarioError/OSError/ValueError when it is broken."""
    doc = json.loads(read_text(file, MAX_RECOVERY_BYTES))
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ScenarioError("", "not a recovery file")
    path = doc.get("path")
    return Recovery(
        file=file,
        scenario=Scenario.from_dict(doc["scenario"]),
        path=Path(path) if isinstance(path, str) else None,
        saved_at=datetime.fromisoformat(doc["saved_at"]),
    )


def _owner(doc: object) -> object:
    """The process id of the app that wrote a recovery document (any JSON)."""
    return doc.get("pid") if isinstance(doc, dict) else None


def find_recoveries(folder: Path | None = None) -> list[Recovery]:
    """Recovery files left by a crash or kill, oldest first.

    Files of a running app are left alone; broken ones are removed; anything but a
    regular file (a FIFO, a folder) is skipped without being opened.
    """
    found = []
    for file in sorted((folder or recovery_dir()).glob("*.json")):
        try:
            if not stat.S_ISREG(file.lstat().st_mode):
                continue
            if alive(_owner(json.loads(read_text(file, MAX_RECOVERY_BYTES)))):
                continue
            found.append(read_recovery(file))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            file.unlink(missing_ok=True)  # ScenarioError is a ValueError
    return sorted(found, key=lambda r: r.saved_at)


class Autosaver(QObject):
    """Keep ``doc``'s unsaved work in one recovery file while it is dirty.

    Signals: ``failed(OSError)`` at every failed write, ``resumed()`` at the first
    write that works after failures, ``idle()`` when there is nothing left to keep
    (saved, discarded or closed), so a failure no longer matters.
    """

    failed = Signal(object)
    resumed = Signal()
    idle = Signal()

    def __init__(
        self,
        doc: ScenarioDocument,
        folder: Path | None = None,
        interval_ms: int = INTERVAL_MS,
        debounce_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or doc)
        self.doc = doc
        self.folder = folder or recovery_dir()
        self.file = self.folder / f"{uuid.uuid4().hex}.json"
        self._written: bytes | None = None
        self.last_error: OSError | None = None
        self._write_soon = qdebounced(self.write, timeout=debounce_ms, parent=self)
        self._interval = QTimer(self)  # repeating: every interval while the app runs
        self._interval.setInterval(interval_ms)
        self._interval.timeout.connect(self.write)
        self._interval.start()
        doc.changed.connect(lambda _: self._edited())
        doc.dirty_changed.connect(self._dirty_changed)

    def adopt(self, file: Path) -> None:
        """Take over a restored recovery file (written again at once)."""
        old, self.file = self.file, file
        old.unlink(missing_ok=True)
        self.write()

    def _edited(self) -> None:
        if self.doc.is_dirty:
            self._write_soon()

    def _dirty_changed(self, dirty: bool) -> None:
        if dirty:
            self._write_soon()
        else:
            self.discard()

    def write(self) -> bool:
        """Write the recovery file now if the document is dirty and changed since."""
        if not self.doc.is_dirty:
            return False
        data = recovery_text(self.doc.scenario, self.doc.path)
        if self._written is not None and _same_work(data, self._written):
            return False
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, data)
        except OSError as exc:  # a full disk must not stop the editing, nor go unsaid
            self.last_error = exc
            self.failed.emit(exc)
            return False
        self._written = data
        if self.last_error is not None:
            self.last_error = None
            self.resumed.emit()
        return True

    @property
    def failing(self) -> bool:
        """Whether the last attempt to write failed (and nothing has worked since)."""
        return self.last_error is not None

    def discard(self) -> None:
        """Remove the recovery file (after a save, a clean close or discarding)."""
        self._write_soon.cancel()
        self._written = None
        with contextlib.suppress(OSError):  # a folder we cannot write: nothing to remove
            self.file.unlink(missing_ok=True)
        if self.last_error is not None:
            self.last_error = None
            self.idle.emit()

    def stop(self) -> None:
        """Stop the timers (the window is going away)."""
        self._write_soon.cancel()
        self._interval.stop()


def _same_work(a: bytes, b: bytes) -> bool:
    """Whether two recovery texts hold the same scenario and path (times aside)."""
    da, db = json.loads(a), json.loads(b)
    return (da["scenario"], da["path"]) == (db["scenario"], db["path"])
