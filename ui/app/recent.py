"""Recently opened or saved files, remembered in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8


class RecentFiles:
    """Most recent first, existing files only, at most :data:`MAX_RECENT`."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def paths(self) -> list[Path]:
        """The remembered files that still exist."""
        stored = self.settings.value("recent/files", [])
        names = [stored] if isinstance(stored, str) else list(stored or [])
        return [Path(n) for n in names if Path(n).is_file()]

    def add(self, path: Path) -> None:
        """Put ``path`` first."""
        resolved = Path(path).resolve()
        names = [str(resolved)] + [str(p) for p in self.paths() if p.resolve() != resolved]
        self.settings.setValue("recent/files", names[:MAX_RECENT])
