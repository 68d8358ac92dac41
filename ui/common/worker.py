"""Heavy work off the GUI thread: one task at a time, cancellable, with progress.

A task is a plain function ``fn(progress)`` from the model (Monte Carlo, a sweep,
a goal seek) whose ``progress(done, total)`` callback returns False to ask it to
stop; the model then raises :class:`~simulator.analysis.montecarlo.RunCancelledError`.
:class:`TaskRunner` runs it in a superqt worker on Qt's thread pool, cancels the
task it replaces, and delivers only the current task's result: after
:meth:`TaskRunner.cancel` or a newer :meth:`TaskRunner.start`, nothing from the old
task is ever emitted.

Nothing of a task outlives it: a cancelled task's exception (whose traceback holds
the frames, and so the arrays, of the run it stopped) is dropped in the worker
thread, never sent to the GUI thread; the worker is forgotten when it ends; and then
the memory the task freed is handed back to the system
(:func:`ui.common.memory.release_freed_memory_soon`).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QProgressBar
from superqt.utils import create_worker

from simulator.analysis.montecarlo import RunCancelledError
from ui.common.memory import release_freed_memory_soon

Task = Callable[[Callable[[int, int], bool]], Any]
_CANCELLED = object()
"""What the worker returns for a task that stopped when asked (never delivered)."""


def show_progress(bar: QProgressBar, done: int, total: int) -> None:
    """Show ``done`` of ``total`` on ``bar``."""
    bar.setRange(0, total)
    bar.setValue(done)


def progress_shown_on(bar: QProgressBar) -> Callable[[int, int], None]:
    """A slot for :attr:`TaskRunner.progress` that shows it on ``bar``."""
    return lambda done, total: show_progress(bar, done, total)


class TaskRunner(QObject):
    """Runs one task at a time; a new start cancels the previous task."""

    started = Signal()
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # the task's result
    failed = Signal(str)  # a readable message
    cancelled = Signal()
    busy_changed = Signal(bool)
    _progress_from_worker = Signal(int, int, int)  # token, done, total (queued)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._progress_from_worker.connect(self._relay_progress)
        self._token = 0
        self._stop: threading.Event | None = None
        self._workers: set[Any] = set()

    @property
    def busy(self) -> bool:
        """Whether a task is running and not cancelled."""
        return self._stop is not None

    def start(self, task: Task) -> None:
        """Cancel any running task and run ``task`` in the thread pool."""
        self._cancel_quietly()
        self._token += 1
        token, stop = self._token, threading.Event()
        self._stop = stop
        # the task (and the arrays it was given) is dropped as soon as it has run: the
        # worker may outlive it (Qt deletes it later), its closure must not hold them
        pending = [task]

        def call() -> Any:
            run = pending.pop()
            try:
                return run(lambda done, total: self._report(token, stop, done, total))
            except RunCancelledError:
                pass  # its traceback, and the run's arrays in its frames, end here
            finally:
                del run
            return _CANCELLED

        # errors are ours to route: without _ignore_errors, superqt re-raises every one
        # on the GUI thread
        worker = create_worker(call, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(lambda result: self._done(token, result))
        worker.errored.connect(lambda exc: self._error(token, exc))
        # a weak reference: a slot that held the worker would keep it (and its signal
        # connections) alive for good, through Qt where the garbage collector cannot see
        held = weakref.ref(worker)
        worker.finished.connect(lambda: self._ended(held()))
        self._workers.add(worker)
        self.started.emit()
        self.busy_changed.emit(True)
        worker.start()

    def cancel(self) -> None:
        """Stop the running task; it emits nothing afterwards except ``cancelled``."""
        if self._cancel_quietly():
            self.cancelled.emit()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool's tasks end (for shutdown and tests)."""
        return QThreadPool.globalInstance().waitForDone(msecs)

    def _cancel_quietly(self) -> bool:
        if self._stop is None:
            return False
        self._stop.set()
        self._stop = None
        self._token += 1
        self.busy_changed.emit(False)
        return True

    def _report(self, token: int, stop: threading.Event, done: int, total: int) -> bool:
        if stop.is_set():
            return False
        self._progress_from_worker.emit(token, done, total)
        return not stop.is_set()

    def _relay_progress(self, token: int, done: int, total: int) -> None:
        if token == self._token and self._stop is not None:
            self.progress.emit(done, total)

    def _ended(self, worker: Any) -> None:
        """A worker has ended (after its result was handled): forget it, free memory."""
        if worker is not None:
            self._workers.discard(worker)
        release_freed_memory_soon()

    def _done(self, token: int, result: Any) -> None:
        if result is _CANCELLED:
            return
        if token == self._token and self._stop is not None:
            self._stop = None
            self.busy_changed.emit(False)
            self.finished.emit(result)

    def _error(self, token: int, exc: BaseException) -> None:
        if token != self._token or self._stop is None or isinstance(exc, RunCancelledError):
            return
        self._stop = None
        self.busy_changed.emit(False)
        self.failed.emit(str(exc) or type(exc).__name__)
