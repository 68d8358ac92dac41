"""Runs the scenario's Monte Carlo in the background whenever the scenario changes.

Every change of the document cancels the run under way; after a quiet spell of
:data:`DEBOUNCE_MS` a new run starts if the scenario has an uncertain input. During
a gesture (a slider drag) the run is a quick preview of at most :data:`QUICK_PATHS`
paths; so is the first run of a big section (more than ``preview_above`` paths). A
preview is followed by the full run of the section's path count as soon as no
gesture is under way, so ``result`` delivers the preview and then the full result,
in that order. A run cancelled or overtaken by a newer one never delivers.

The worker also computes every metric's statistics (:mod:`ui.views.uncertainty.tasks`),
so a view only draws: ``progress`` counts the paths, ``statistics_progress`` the
metrics after them. ``last_scenario`` is the scenario of the result last delivered, so a
view can tell when what it shows is out of date.
"""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import QObject, Signal
from superqt.utils import qdebounced

from simulator.analysis.montecarlo import MonteCarloResult, Progress
from simulator.analysis.stats import OutcomeSummary
from simulator.scenario.value import Scenario
from ui.common.worker import TaskRunner
from ui.document.document import ScenarioDocument
from ui.views.uncertainty.tasks import RiskRun, planned_paths, run_and_summarise

DEBOUNCE_MS = 250
QUICK_PATHS = 2_000
PREVIEW_ABOVE = 100_000
GESTURE_POLL_MS = 100


def has_uncertainty(s: Scenario) -> bool:
    """Whether ``s`` has at least one uncertain input."""
    return bool(s.uncertainty_or_default.inputs)


def _run(s: Scenario, paths: int, progress: Progress) -> RiskRun:
    """The task: ``paths`` paths of ``s`` and their statistics (in a worker thread)."""
    return run_and_summarise(s, paths, progress)


class UncertaintyController(QObject):
    """Keeps a Monte Carlo result of the document's scenario up to date.

    Signals: ``result(MonteCarloResult, quick)``, ``progress(done, total)`` in paths,
    ``statistics_progress(done, total)`` in metrics, ``busy(bool)`` (a run is under way
    or a full run is still to follow a preview), ``failed(str)``, ``started(paths,
    quick)`` (the paths the design lays out) and ``state_changed`` (busy or planned
    changed).
    """

    result = Signal(object, bool)
    progress = Signal(int, int)
    statistics_progress = Signal(int, int)
    busy = Signal(bool)
    failed = Signal(str)
    started = Signal(int, bool)
    state_changed = Signal()

    def __init__(
        self,
        document: ScenarioDocument,
        parent: QObject | None = None,
        *,
        enabled: bool = True,
        delay_ms: int = DEBOUNCE_MS,
        quick_paths: int = QUICK_PATHS,
        preview_above: int = PREVIEW_ABOVE,
    ) -> None:
        """Follow ``document``; ``enabled`` False waits for :meth:`set_enabled`."""
        super().__init__(parent)
        self.document = document
        self.quick_paths, self.preview_above = quick_paths, preview_above
        self.runner = TaskRunner(self)
        self.last: MonteCarloResult | None = None
        self.last_table: dict[str, OutcomeSummary] = {}  # statistics of ``last``
        self.last_quick = False
        self.last_scenario: Scenario | None = None  # the scenario ``last`` is of
        self.elapsed = 0.0  # seconds the last delivered run took
        self._enabled = enabled
        self._current: Scenario | None = None  # scenario of the last full result
        self._running: tuple[Scenario, bool, float] | None = None  # scenario, quick, t0
        self._paths = 0  # paths the running design lays out
        self._follow_up = False  # a full run is to follow the preview
        self._busy = False
        self._planned = False  # a run is to start once the scenario has been quiet
        self._plan = qdebounced(self._run_planned, timeout=delay_ms, parent=self)
        self._chain = qdebounced(self._run_follow_up, timeout=0, parent=self)
        self.runner.progress.connect(self._relay_progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.busy_changed.connect(lambda _: self._update_busy())
        document.changed.connect(self._scenario_changed)
        if enabled:
            self._schedule()

    # -- public -------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        """Whether scenario changes start runs."""
        return self._enabled

    @property
    def is_busy(self) -> bool:
        """Whether a run is under way or a full run is to follow a preview."""
        return self._busy

    @property
    def is_planned(self) -> bool:
        """Whether a run is to start once the scenario has been quiet for a moment."""
        return self._planned

    @property
    def is_current(self) -> bool:
        """Whether the last full result is of the document's current scenario."""
        return self._current is not None and self._current == self.document.scenario

    @property
    def shows_current(self) -> bool:
        """Whether the last result delivered (preview or full) is of the current scenario."""
        return self.last_scenario is not None and self.last_scenario == self.document.scenario

    def set_enabled(self, on: bool) -> None:
        """Start following changes (and catch up if the result is stale), or stop."""
        self._enabled = on
        if not on:
            self.cancel()
        elif not self.is_current and not self._busy:
            self._schedule()

    def run_now(self) -> None:
        """Run the current scenario now (cancelling any run), even when disabled."""
        self._stop()
        self._run_planned()

    def cancel(self) -> None:
        """Stop the run under way and any run planned; nothing stale is delivered."""
        self._stop()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker threads have ended (shutdown and tests)."""
        return self.runner.wait(msecs)

    def shutdown(self) -> None:
        """Cancel and wait for the worker: call before the application quits."""
        self.cancel()
        self.wait()

    # -- planning -----------------------------------------------------------------------

    def _scenario_changed(self, s: Scenario) -> None:
        self._stop()
        if self._enabled:
            self._schedule()

    def _schedule(self) -> None:
        if has_uncertainty(self.document.scenario):
            self._planned = True
            self._plan()
            self.state_changed.emit()

    def _stop(self) -> None:
        self._planned = False
        self._plan.cancel()
        self._chain.cancel()
        self._follow_up = False
        self._running = None
        self.runner.cancel()
        self._update_busy()

    def _run_planned(self) -> None:
        """A preview (in a gesture, or before a big run) or the full run."""
        self._planned = False
        s = self.document.scenario
        if not has_uncertainty(s):
            self.state_changed.emit()
            return
        full = s.uncertainty_or_default.paths
        preview = self.document.in_gesture or full > self.preview_above
        self._follow_up = preview and full > self.quick_paths
        self._start(s, self.quick_paths if self._follow_up else full, self._follow_up)

    def _run_follow_up(self) -> None:
        """The full run after a preview, once no gesture is under way."""
        if not self._follow_up:
            return
        if self.document.in_gesture:
            self._chain.setTimeout(GESTURE_POLL_MS)
            self._chain()
            return
        self._follow_up = False
        s = self.document.scenario
        self._start(s, s.uncertainty_or_default.paths, False)

    def _start(self, s: Scenario, paths: int, quick: bool) -> None:
        self._running = (s, quick, time.perf_counter())
        self._paths = planned_paths(s, paths)
        self.started.emit(self._paths, quick)
        self.runner.start(partial(_run, s, paths))
        self._update_busy()

    def _relay_progress(self, done: int, total: int) -> None:
        """Paths of the run, then metrics of the statistics (past the run's paths)."""
        if total <= self._paths:
            self.progress.emit(done, total)
        else:
            self.statistics_progress.emit(done - self._paths, total - self._paths)

    # -- results ------------------------------------------------------------------------

    def _finished(self, run: RiskRun) -> None:
        if self._running is None:
            return
        s, quick, t0 = self._running
        self._running = None
        self.elapsed = time.perf_counter() - t0
        mc = run.mc
        self.last, self.last_quick, self.last_table = mc, quick, run.table
        self.last_scenario = s
        if not quick:
            self._current = s
        if self._follow_up:
            self._chain.setTimeout(0)
            self._chain()  # not from inside the runner's own signal
        self._update_busy()
        self.result.emit(mc, quick)

    def _failed(self, message: str) -> None:
        self._running = None
        self._follow_up = False
        self._update_busy()
        self.failed.emit(message)

    def _update_busy(self) -> None:
        busy = self.runner.busy or self._follow_up
        if busy != self._busy:
            self._busy = busy
            self.busy.emit(busy)
        self.state_changed.emit()
