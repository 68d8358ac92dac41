"""Autosave of unsaved work to recovery files, and finding them again after a crash.

While a document has unsaved changes, an :class:`Autosaver` writes it (atomically)
to a recovery file in the per-user data folder (:func:`ui.app.folders.recovery_dir`):
about 2 s after an edit (debounced) and every 30 s. Saving, a clean close or
discarding the changes removes the file. After a crash or a kill the file stays,
:func:`find_recoveries` finds it, and the next start offers to restore it
(:class:`ui.app.restore_dialog.RestoreDialog`).

A recovery file is JSON: ``{"format": "capex-recovery", "saved_at": ISO time,
"name": ..., "path": original file or null, "pid": ..., "scenario": {...}}``.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from superqt.utils import qdebounced

from simulator import Scenario, ScenarioError
from simulator.atomic import write_atomic
from ui.app.folders import recovery_dir
from ui.document.document import ScenarioDocument

FORMAT = "capex-recovery"
INTERVAL_MS = 30_000
DEBOUNCE_MS = 2_000


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
        "scenario": scenario.to_dict(),
    }
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def read_recovery(file: Path) -> Recovery:
    """Parse a recovery file; raises ScenarioError/OSError/ValueError when it is broken."""
    doc = json.loads(file.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ScenarioError("", "not a recovery file")
    path = doc.get("path")
    return Recovery(
        file=file,
        scenario=Scenario.from_dict(doc["scenario"]),
        path=Path(path) if isinstance(path, str) else None,
        saved_at=datetime.fromisoformat(doc["saved_at"]),
    )


def _alive(pid: object) -> bool:
    """Whether another running process (a second window of the app) owns a file."""
    if not isinstance(pid, int) or pid == os.getpid() or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def find_recoveries(folder: Path | None = None) -> list[Recovery]:
    """Recovery files left by a crash or kill, oldest first; broken ones are removed."""
    found = []
    for file in sorted((folder or recovery_dir()).glob("*.json")):
        try:
            if _alive(json.loads(file.read_text(encoding="utf-8")).get("pid")):
                continue
            found.append(read_recovery(file))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            file.unlink(missing_ok=True)
    return sorted(found, key=lambda r: r.saved_at)


class Autosaver(QObject):
    """Keep ``doc``'s unsaved work in one recovery file while it is dirty."""

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
        self.file = (folder or recovery_dir()) / f"{uuid.uuid4().hex}.json"
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
        except OSError as exc:  # a full disk must not stop the editing
            self.last_error = exc
            return False
        self._written = data
        return True

    def discard(self) -> None:
        """Remove the recovery file (after a save, a clean close or discarding)."""
        self._write_soon.cancel()
        self._written = None
        self.file.unlink(missing_ok=True)

    def stop(self) -> None:
        """Stop the timers (the window is going away)."""
        self._write_soon.cancel()
        self._interval.stop()


def _same_work(a: bytes, b: bytes) -> bool:
    """Whether two recovery texts hold the same scenario and path (times aside)."""
    da, db = json.loads(a), json.loads(b)
    return (da["scenario"], da["path"]) == (db["scenario"], db["path"])
