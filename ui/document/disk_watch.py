"""Notice when the open file is changed on disk by another program.

The document's file is stamped (modification time, size, SHA-256) when it is
loaded or saved. A :class:`DiskWatch` compares the file with that stamp when the
file system reports a change and when the window is activated, and emits
``changed`` once per outside version (answering "keep mine" is not asked again
until the file changes again). The file is read like any scenario file
(:func:`simulator.scenario.files.read_bytes`: a regular file only, at most the size
limit, counted while reading), so a file replaced by a FIFO or a huge one never
blocks or floods the window: it counts as changed, and reloading it says why it
cannot be opened. What to ask then is the file controller's
(:mod:`ui.document.files`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Signal

from simulator.errors import ScenarioError
from simulator.scenario.files import read_bytes
from ui.document.document import ScenarioDocument


@dataclass(frozen=True)
class FileStamp:
    """What identifies one version of a file."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path | None) -> FileStamp | None:
        """The stamp of ``path`` now, or None when it cannot be read as a scenario file."""
        if path is None:
            return None
        try:
            info = os.stat(path)
            digest = hashlib.sha256(read_bytes(path)).hexdigest()
        except (OSError, ScenarioError):
            return None
        return cls(info.st_mtime_ns, info.st_size, digest)

    def same_content(self, other: FileStamp | None) -> bool:
        """Whether ``other`` holds the same bytes."""
        return other is not None and (self.size, self.sha256) == (other.size, other.sha256)


def changed_since(path: Path | None, stamp: FileStamp | None) -> bool:
    """Whether the file at ``path`` now differs from ``stamp`` (a removed file differs).

    A file that did not exist when stamped and still does not exist is unchanged.
    """
    if path is None:
        return False
    now = FileStamp.of(path)
    if stamp is None:
        return now is not None
    if now is not None and (now.mtime_ns, now.size) == (stamp.mtime_ns, stamp.size):
        return False
    return not stamp.same_content(now)


class DiskWatch(QObject):
    """Watch one file; ``changed`` fires once per version written by someone else."""

    changed = Signal(object)  # the Path

    def __init__(self, window: QObject, doc: ScenarioDocument) -> None:
        super().__init__(window)
        self._path: Path | None = None
        self._stamp: FileStamp | None = None
        self._offered: FileStamp | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _: self.check())
        self._watcher.directoryChanged.connect(lambda _: self.check())
        doc.file_synced.connect(self.track)
        self.track(doc.path)
        window.installEventFilter(self)

    @property
    def stamp(self) -> FileStamp | None:
        """The stamp of the version the document knows."""
        return self._stamp

    def track(self, path: Path | None) -> None:
        """Follow ``path`` (after a load or save): its current content is ours."""
        self._path = path
        self._stamp = FileStamp.of(path)
        self._offered = None
        self._rewatch()

    def changed_on_disk(self) -> bool:
        """Whether the file differs from the version the document knows."""
        return changed_since(self._path, self._stamp)

    def check(self) -> bool:
        """Emit ``changed`` if the file changed and this version was not offered yet."""
        self._rewatch()
        if not self.changed_on_disk():
            return False
        now = FileStamp.of(self._path)
        if now == self._offered or (now is None and self._offered is not None):
            return False
        self._offered = now or self._stamp
        self.changed.emit(self._path)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Check again when the window becomes active."""
        if event.type() == QEvent.Type.WindowActivate:
            self.check()
        return False

    def _rewatch(self) -> None:
        """Watch the file and its folder (an atomic replace swaps the file's inode)."""
        old = self._watcher.files() + self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        if self._path is not None and self._path.exists():
            self._watcher.addPaths([str(self._path), str(self._path.parent)])
