"""Writing a big export off the GUI thread, with a progress dialog and Cancel.

:func:`write_streamed` writes a :class:`~simulator.export.stream.Streamed` export (a
million-path samples CSV, hundreds of megabytes) atomically
(:func:`simulator.atomic.write_atomic`) in a thread of its own, while a window-modal
progress dialog (``dialog.export_progress``) shows the rows written and offers Cancel.
The GUI thread keeps running its event loop meanwhile (repaints, timers, the Monte
Carlo runs' signals): it only waits, in a local event loop, for the thread to end, so
the caller gets the outcome as from an ordinary call. A cancelled or failed export
leaves no temporary file and the target as it was; when the call returns, the thread
has ended.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from simulator.analysis.cancel import RunCancelledError
from simulator.atomic import write_atomic
from simulator.export.stream import Streamed

SHOW_AFTER_MS = 300
"""The progress dialog appears only for exports that take longer than this."""


class _Relay(QObject):
    """Carries the writer thread's news to the GUI thread (queued signals)."""

    progress = Signal(int, int)
    ended = Signal()


def write_streamed(parent: QWidget | None, path: str, payload: Streamed) -> bool:
    """Write ``payload`` to ``path`` with progress and Cancel: True when written, False
    when cancelled. An error of the writer or the disk is raised again here (an
    ``OSError`` names ``path``)."""
    stop = threading.Event()
    outcome: list[BaseException] = []
    relay = _Relay()
    dialog = _dialog(parent, Path(path).name, payload.total)
    dialog.canceled.connect(stop.set)
    relay.progress.connect(lambda done, _total: dialog.setValue(min(done, dialog.maximum())))

    def progress(done: int, total: int) -> bool:
        relay.progress.emit(done, total)
        return not stop.is_set()

    def work() -> None:
        try:
            write_atomic(path, payload.writer(progress))
        except BaseException as exc:  # handed to the GUI thread below
            outcome.append(exc)
        finally:
            relay.ended.emit()

    loop = QEventLoop()
    relay.ended.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    thread = threading.Thread(target=work, name="export", daemon=True)
    thread.start()
    loop.exec()  # relay.ended is queued: it cannot be delivered before this loop runs
    thread.join()
    dialog.close()
    dialog.deleteLater()
    if not outcome:
        return True
    error = outcome[0]
    outcome.clear()  # nothing of the writer's frames stays alive
    if isinstance(error, RunCancelledError):
        return False
    raise error


def _dialog(parent: QWidget | None, name: str, total: int) -> QProgressDialog:
    dialog = QProgressDialog(f"Writing {name}…", "Cancel", 0, max(total, 1), parent)
    dialog.setObjectName("dialog.export_progress")
    dialog.setWindowTitle("Exporting")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    return dialog
