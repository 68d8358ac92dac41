"""The work behind the result pages, each in its own worker (progress, cancel).

After every run, and whenever another statistic or metric is chosen, the convergence
trace and the rank regression are computed in one worker (:func:`ui.views.
uncertainty.tasks.extras`, ``extras_shown`` once drawn). Sobol' indices and the stress
test run when asked for, each in its own worker with a progress bar and Cancel. An
edit of the scenario cancels them and clears their tables: their results belong to
the scenario they ran on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.sobol import SobolIndices
from simulator.analysis.stats import DETERMINISTIC
from simulator.analysis.stress import StressResult
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.common.format import scenario_money
from ui.common.worker import TaskRunner, progress_shown_on
from ui.views.uncertainty import tasks
from ui.views.uncertainty.results import RiskResults
from ui.views.uncertainty.tasks import Extras

ERROR_STYLE = "color: #c0392b;"


class RiskAnalyses(QObject):
    """Runs the extras, Sobol' indices and stress tests of ``results``' pages.

    ``base_run()`` gives the full run of the current scenario a stress test may reuse
    (None: it runs its own); ``scenario()`` the scenario to analyse; ``names`` labels inputs.
    """

    extras_shown = Signal()

    def __init__(
        self,
        results: RiskResults,
        scenario: Callable[[], Scenario],
        base_run: Callable[[], MonteCarloResult | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.results, self.scenario, self.base_run = results, scenario, base_run
        self.mc: MonteCarloResult | None = None
        self.money = Money()
        self.names: Callable[[str], str] = str
        self.extras: Extras | None = None
        self.extras_runner = TaskRunner(self)
        self.sobol_runner = TaskRunner(self)
        self.stress_runner = TaskRunner(self)
        self._connect()

    def _connect(self) -> None:
        r = self.results
        self.extras_runner.finished.connect(self._show_extras)
        self.extras_runner.failed.connect(lambda m: r.drivers.note.setText(f"Failed: {m}"))
        r.convergence.statistic_chosen.connect(lambda _: self.start_extras())
        r.drivers.chooser.currentIndexChanged.connect(lambda _: self.start_extras())
        sobol = r.drivers.sobol
        sobol.run_button.clicked.connect(self.start_sobol)
        sobol.cancel_button.clicked.connect(self.sobol_runner.cancel)
        self.sobol_runner.progress.connect(progress_shown_on(sobol.progress))
        self.sobol_runner.busy_changed.connect(sobol.set_busy)
        self.sobol_runner.finished.connect(self._show_sobol)
        self.sobol_runner.failed.connect(lambda m: _error(sobol.note, m))
        self.sobol_runner.cancelled.connect(lambda: sobol.note.setText("Cancelled."))
        stress = r.stress
        stress.requested.connect(self.start_stress)
        stress.cancel_button.clicked.connect(self.stress_runner.cancel)
        self.stress_runner.progress.connect(progress_shown_on(stress.progress))
        self.stress_runner.busy_changed.connect(stress.set_busy)
        self.stress_runner.finished.connect(self._show_stress)
        self.stress_runner.failed.connect(lambda m: _error(stress.status, m))
        self.stress_runner.cancelled.connect(lambda: stress.status.setText("Cancelled."))

    def set_run(self, mc: MonteCarloResult, money: Money, names: Callable[[str], str]) -> None:
        """A new run: compute its extras for the chosen statistic and metric."""
        self.mc, self.money, self.names = mc, money, names
        self.start_extras()

    def set_money(self, money: Money) -> None:
        """Redraw the extras in ``money``."""
        self.money = money
        if self.extras is not None:
            self._show_extras(self.extras)

    def scenario_changed(self) -> None:
        """Cancel Sobol' and stress runs and clear their tables (of another scenario)."""
        for runner in (self.sobol_runner, self.stress_runner):
            runner.cancel()
        self.results.drivers.sobol.table.setRowCount(0)
        self.results.stress.table.setRowCount(0)

    def shutdown(self) -> None:
        """Cancel every worker."""
        for runner in (self.extras_runner, self.sobol_runner, self.stress_runner):
            runner.cancel()

    # -- extras -------------------------------------------------------------------------

    def start_extras(self) -> None:
        """Trace and regression of the current run for the chosen statistic and metric."""
        if self.mc is None:
            return
        stat = self.results.convergence.statistic()
        metric = self.results.drivers.metric
        self.extras_runner.start(partial(tasks.extras, self.mc, stat, metric))

    def _show_extras(self, extras: Extras) -> None:
        if extras.mc is not self.mc:
            return
        self.extras = extras
        target = extras.mc.precision.precision if extras.mc.precision else None
        if target is None and extras.mc.uncertainty is not None:
            target = extras.mc.uncertainty.precision
        self.results.convergence.show_trace(extras.trace, self.money, target)
        why = f"No regression: {DETERMINISTIC}." if extras.mc.deterministic_only else ""
        self.results.drivers.show_regression(extras.regression, self.names, why)
        self.extras_shown.emit()

    # -- Sobol' and stress --------------------------------------------------------------

    def start_sobol(self) -> None:
        """Sobol' indices of the chosen metric for every uncertain input."""
        box = self.results.drivers.sobol
        metric = self.results.drivers.metric
        box.table.setRowCount(0)
        box.note.setStyleSheet("")
        box.note.setText("Computing Sobol' indices…")
        s = self.scenario()
        self._sobol_metric = metric
        self.sobol_runner.start(partial(tasks.sobol_indices, s, metric, box.paths.value()))

    def _show_sobol(self, result: SobolIndices) -> None:
        self.results.drivers.show_sobol(result, self.names, self._sobol_metric)

    def start_stress(self, path: str, span: tuple[float, float]) -> None:
        """The stress test of ``path`` held to ``span`` (reusing the current full run)."""
        panel = self.results.stress
        panel.table.setRowCount(0)
        panel.status.setStyleSheet("")
        panel.status.setText(f"Running the stress test of {self.names(path)}…")
        s = self.scenario()
        self.stress_runner.start(partial(tasks.stress_test, s, path, span, self.base_run()))
        self._stress_money = scenario_money(s)

    def _show_stress(self, result: StressResult) -> None:
        name = self.names(result.path)
        self.results.stress.show_result(result, name, self.money, self._stress_money)


def _error(label: object, message: str) -> None:
    label.setText(message)  # type: ignore[attr-defined]
    label.setStyleSheet(ERROR_STYLE)  # type: ignore[attr-defined]
