"""A global hook for unexpected exceptions: log the traceback, tell the user, keep going.

:func:`install` replaces ``sys.excepthook`` (which PySide calls for an exception in a
slot or event handler) and ``threading.excepthook``. Each exception is appended to
``errors.log`` in the user's log folder and shown in a dialog (``dialog.crash``)
that does not block; the event loop, the windows and their documents carry on.
While a crash dialog is open, further exceptions are only logged.
"""

from __future__ import annotations

import errno
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.app.folders import log_dir

LOG_NAME = "errors.log"
MAX_LOG_BYTES = 1_000_000

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def write_log(text: str, folder: Path | None = None) -> Path:
    """Append ``text`` with a time stamp to the error log (one old log kept); its path.

    Only a regular file is appended to: a FIFO or a device in its place is an
    ``OSError`` (opening a FIFO to write would wait for a reader forever).
    """
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / LOG_NAME
    if log.exists() and not log.is_file():
        raise OSError(errno.EINVAL, "not a regular file", str(log))
    if log.exists() and log.stat().st_size > MAX_LOG_BYTES:
        log.replace(log.with_name(LOG_NAME + ".1"))
    with log.open("a", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(f"--- {datetime.now().astimezone().isoformat(timespec='seconds')}\n{text}\n")
    return log


class CrashHook(QObject):
    """The installed hook; :meth:`uninstall` puts the previous hooks back."""

    reported = Signal(str, str)  # message, log file (queued to the GUI thread)

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.dialog: QMessageBox | None = None
        self.count = 0
        self._previous: tuple[ExceptHook, object] = (sys.excepthook, threading.excepthook)
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashHook:
        """Become ``sys.excepthook`` and ``threading.excepthook``."""
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        return self

    def uninstall(self) -> None:
        """Restore the hooks found at construction."""
        sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]

    def handle(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        """Log one exception and report it in the GUI (from any thread)."""
        if issubclass(kind, KeyboardInterrupt):
            self._previous[0](kind, error, tb)
            return
        self.count += 1
        text = "".join(traceback.format_exception(kind, error, tb))
        try:
            log = str(write_log(text, self.folder))
        except OSError as exc:
            log = f"(the log could not be written: {exc.strerror or exc})"
            sys.stderr.write(text)
        self.reported.emit(f"{kind.__name__}: {error}", log)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        self.handle(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    @Slot(str, str)
    def _show(self, message: str, log: str) -> None:
        if QApplication.instance() is None or self.dialog is not None:
            return
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error", "", parent=parent)
        box.setObjectName("dialog.crash")
        box.setText("Something went wrong, but your work is still open and unchanged.")
        box.setInformativeText(
            f"{message[:500]}\n\nSave your scenario to be safe. The details were written to:\n{log}"
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.finished.connect(self._closed)
        self.dialog = box
        box.show()

    def _closed(self) -> None:
        self.dialog = None


def install(folder: Path | None = None) -> CrashHook:
    """Install the global hook (logs to ``folder`` or the user's log folder)."""
    return CrashHook(folder).install()
