"""The "Uncertainty" page: Monte Carlo of every checked scenario with common random numbers.

:func:`simulator.analysis.montecarlo.run` runs each checked scenario with one seed,
sampler and replicate count (the first scenario's) and one path count, and no
precision stop, so a driver uncertain in several scenarios gets the same draws in
each and their differences are not noise. The runs, and each one's honest figures
(:mod:`ui.views.compare.risk_table`), go one after the other in a
:class:`~ui.common.worker.TaskRunner` (progress over all, Cancel). The page runs on its
own when shown and out of date (like the Uncertainty tab), or on "Run Monte Carlo for
all". The results belong to the checked scenarios as they were: any edit of one, or
another choice of scenarios, drops them (and cancels a run under way); while the page
is shown, the old charts stay greyed under "Recomputing…" until the new runs land.
A scenario whose inputs do not vary is drawn as a single line, never as probabilities.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced

from simulator.analysis import montecarlo
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import DETERMINISTIC
from simulator.scenario.uncertainty import MAX_PATHS, MIN_PATHS
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.charts.fan import FAN_COLUMNS
from ui.charts.histogram import HISTOGRAM_METRICS
from ui.charts.overlay_mc import OverlayDistributionChart, OverlayFanChart
from ui.common.format import column_label, metric_label
from ui.common.stale import StaleMark
from ui.common.worker import TaskRunner, progress_shown_on
from ui.document.document import ScenarioDocument
from ui.views.compare.risk_table import CompareRiskTable, CompareRun, summarise
from ui.views.compare.units import common_money, in_money
from ui.views.uncertainty.text import design_text

DEFAULT_PATHS = 2_000
AUTO_RUN_MS = 300
RECOMPUTING = "Recomputing… (these runs are of the scenarios before the change)"
OUT_OF_DATE = "Out of date: the scenarios changed. Press Run Monte Carlo for all."
Cases = tuple[tuple[ScenarioDocument, Scenario], ...]
HINT_TEXT = (
    "<h3>Spread of outcomes, scenario by scenario</h3>"
    "<p>This page runs every checked scenario over the same number of paths with "
    "<b>one seed and sampler</b> (the first scenario's) as soon as it is shown: an input "
    "uncertain in several scenarios gets the same draws in each, so the differences you "
    "see come from the assumptions, not from chance.</p>"
    "<p>A scenario without uncertain inputs (no ± range in its Assumptions) shows as a "
    "single line and as <i>no uncertain inputs — deterministic</i>, never as a "
    "probability.</p>"
)


def run_all(
    scenarios: Sequence[Scenario], paths: int, seed: int, progress: Callable[[int, int], bool]
) -> list[CompareRun]:
    """Each scenario's run with ``paths`` paths and the first scenario's seed, sampler and
    replicates (no precision stop: every run has the same design), and its figures;
    progress in thousandths of each run."""
    first = scenarios[0].uncertainty_or_default
    common = {"seed": seed, "sampler": first.sampler, "replicates": first.replicates}
    total = 1000 * len(scenarios)
    runs = []
    for i, s in enumerate(scenarios):
        unc = dataclasses.replace(s.uncertainty_or_default, **common, precision=None)

        def step(done: int, n: int, i: int = i) -> bool:
            return progress(i * 1000 + 1000 * done // max(n, 1), total)

        runs.append(summarise(montecarlo.run(s, paths=paths, unc=unc, progress=step)))
    return runs


def same_cases(a: Cases, b: Cases) -> bool:
    """Whether ``a`` and ``b`` are the same documents holding equal scenarios."""
    return len(a) == len(b) and all(
        da is db and sa == sb for (da, sa), (db, sb) in zip(a, b, strict=True)
    )


class UncertaintyPage(QWidget):
    """Run controls, the overlaid fan chart and distribution, the figures per scenario."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.cases: Cases = ()
        self.names: list[str] = []
        self.moneys: list[Money] = []
        self._runs: list[CompareRun] | None = None
        self._results_of: Cases = ()
        self._running: Cases = ()
        self._shown = False
        self._planned = False  # an automatic run is to start after a quiet spell
        self._auto = qdebounced(self._auto_run, timeout=AUTO_RUN_MS, parent=self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_controls())
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_hint())
        self.stack.addWidget(self._build_results())
        layout.addWidget(self.stack, stretch=1)
        self.runner.progress.connect(progress_shown_on(self.progress))
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(lambda: self._say("Cancelled."))
        self.runner.busy_changed.connect(self._busy)
        self._busy(False)

    def _build_controls(self) -> QHBoxLayout:
        self.paths = QSpinBox()
        self.paths.setObjectName("compare.paths")
        self.paths.setRange(MIN_PATHS, MAX_PATHS)
        self.paths.setSingleStep(1_000)
        self.paths.setGroupSeparatorShown(True)
        self.paths.setValue(DEFAULT_PATHS)
        self.paths.setKeyboardTracking(False)
        self.paths.setToolTip("Paths per scenario (the same for all).")
        self.paths.valueChanged.connect(lambda _: self._paths_changed())
        self.run_button = _button("compare.run_mc", "Run Monte Carlo for all", self.run)
        self.cancel_button = _button("compare.cancel", "Cancel", self.runner.cancel)
        self.progress = QProgressBar()
        self.progress.setObjectName("compare.mc_progress")
        self.progress.setMaximumWidth(200)
        self.progress.setFormat("%p %")
        self.status = QLabel()
        self.status.setObjectName("compare.mc_status")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        for widget in (QLabel("Paths"), self.paths, self.run_button, self.progress):
            row.addWidget(widget)
        row.addWidget(self.cancel_button)
        row.addWidget(self.status, stretch=1)
        return row

    def _build_hint(self) -> QWidget:
        hint = QLabel(HINT_TEXT)
        hint.setObjectName("compare.mc_hint")
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.RichText)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setMaximumWidth(620)
        page = QWidget()
        QHBoxLayout(page).addWidget(hint)
        return page

    def _build_results(self) -> QWidget:
        self.table = CompareRiskTable()
        results = QWidget()
        box = QVBoxLayout(results)
        box.setContentsMargins(0, 0, 0, 0)
        self.charts = self._build_charts()
        box.addWidget(self.charts, stretch=1)
        box.addWidget(self.table)
        self.stale = StaleMark(self.charts, "compare.mc_stale")
        return results

    def _build_charts(self) -> QWidget:
        self.fan = OverlayFanChart()
        self.fan.setObjectName("chart.compare.fan")
        self.distribution = OverlayDistributionChart()
        self.distribution.setObjectName("chart.compare.distribution")
        self.column = _choice("compare.fan_series", {c: column_label(c) for c in FAN_COLUMNS})
        self.column.setCurrentIndex(list(FAN_COLUMNS).index(self.fan.column))
        self.metric = _choice("compare.metric", {k: metric_label(k) for k in HISTOGRAM_METRICS})
        self.column.currentIndexChanged.connect(self._choose)
        self.metric.currentIndexChanged.connect(self._choose)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        for combo, chart in ((self.column, self.fan), (self.metric, self.distribution)):
            side = QWidget()
            box = QVBoxLayout(side)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(combo, alignment=Qt.AlignmentFlag.AlignLeft)
            box.addWidget(chart, stretch=1)
            split.addWidget(side)
        split.setSizes([600, 440])
        return split

    # -- public -------------------------------------------------------------------------

    @property
    def results(self) -> list[MonteCarloResult] | None:
        """The runs of the checked scenarios as they are now, or None."""
        runs = self.runs
        return None if runs is None else [r.mc for r in runs]

    @property
    def runs(self) -> list[CompareRun] | None:
        """The runs with their figures, of the checked scenarios as they are now, or None."""
        current = self._runs is not None and same_cases(self._results_of, self.cases)
        return self._runs if current else None

    def set_cases(self, cases: Cases, names: Sequence[str], moneys: Sequence[Money]) -> None:
        """The checked documents with their scenarios, shown names and money."""
        self.follow(cases)
        self.names, self.moneys = list(names), list(moneys)
        self.run_button.setEnabled(bool(cases) and not self.runner.busy)
        self._draw()

    def follow(self, cases: Cases) -> None:
        """Note the checked scenarios now; stop a run of others. Runs of others stay drawn,
        greyed, while the page is shown (a new run is on its way), else give way to the hint."""
        self.cases = cases
        if self.runner.busy and not same_cases(self._running, cases):
            self.runner.cancel()
            self._say("Cancelled: the scenarios changed while it ran.")
        if self._runs is not None and self.runs is None:
            self._say("The scenarios changed: their spread is being recomputed.")
            self._draw()
        if self._shown:
            self._plan()

    def set_shown(self, shown: bool) -> None:
        """Whether the page is on screen: while it is, out-of-date runs are redone."""
        self._shown = shown
        if shown:
            self._plan()
        else:
            self._unplan()
        self._draw()

    def run(self) -> None:
        """Run every checked scenario (one seed, sampler and path count)."""
        self._unplan()
        if not self.cases:
            return
        scenarios = [s for _, s in self.cases]
        seed, paths = scenarios[0].uncertainty_or_default.seed, self.paths.value()
        self._running = self.cases
        self.progress.setRange(0, 1000 * len(scenarios))
        self.progress.setValue(0)
        self._say(f"Running {len(scenarios)} × {paths:,} paths with seed {seed}…")
        self.runner.start(partial(run_all, scenarios, paths, seed))
        self._draw()

    def shutdown(self) -> None:
        """Stop a planned or running run."""
        self._unplan()
        self.runner.cancel()

    # -- run state ----------------------------------------------------------------------

    def _plan(self) -> None:
        self._planned = True
        self._auto()

    def _unplan(self) -> None:
        self._planned = False
        self._auto.cancel()

    def _auto_run(self) -> None:
        """Run when shown and the runs are missing or out of date (not while one runs)."""
        self._planned = False
        busy_on_these = self.runner.busy and same_cases(self._running, self.cases)
        if self._shown and self.cases and self.runs is None and not busy_on_these:
            self.run()

    def _paths_changed(self) -> None:
        if self._shown and self._runs is not None:
            self._plan()

    def _finished(self, runs: list[CompareRun]) -> None:
        if not same_cases(self._running, self.cases):
            return
        self._runs, self._results_of = runs, self._running
        self.progress.setValue(self.progress.maximum())
        self._say(self._done_text(runs))
        self._draw()

    def _failed(self, message: str) -> None:
        self.status.setStyleSheet("color: #c0392b")
        self.status.setText(f"The run failed: {message}")
        self._draw()

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy and bool(self.cases))
        self.cancel_button.setEnabled(busy)
        if not busy:
            self._draw()

    def _say(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _done_text(self, runs: list[CompareRun]) -> str:
        mc = runs[0].mc
        text = f"{len(runs)} × {design_text(mc)}, seed {mc.seed} for all."
        fixed = [n for n, r in zip(self.names, runs, strict=True) if r.mc.deterministic_only]
        if fixed:
            text += f" {DETERMINISTIC.capitalize()} (single line): "
            text += ", ".join(fixed) + "."
        return text

    # -- drawing ------------------------------------------------------------------------

    def _choose(self) -> None:
        self.fan.column = self.column.currentData()
        self.distribution.key = self.metric.currentData()
        self._draw()

    def _draw(self) -> None:
        """The current runs in the scenarios' colours; older ones greyed under a mark while
        the page is shown; else the hint."""
        runs = self.runs
        stale = runs is None and self._runs is not None and self._shown
        if runs is None and not stale:
            self.stale.mark("")
            self.stack.setCurrentIndex(0)
            return
        busy = self.runner.busy or self._planned
        self.stale.mark("" if not stale else RECOMPUTING if busy else OUT_OF_DATE)
        if stale:
            self.stack.setCurrentIndex(1)
            return
        money = common_money(self.moneys)
        mcs = [r.mc for r in runs]
        shown = (
            mcs
            if len(set(self.moneys)) == 1
            else [in_money(mc, m) for mc, m in zip(mcs, self.moneys, strict=True)]
        )
        self.fan.set_results(self.names, shown, money)
        self.distribution.set_results(self.names, shown, money)
        self.table.show_runs(self.names, runs, money)
        self._fit_distribution(mcs)
        self.stack.setCurrentIndex(1)

    def _fit_distribution(self, mcs: Sequence[MonteCarloResult]) -> None:
        """Fit the y range to the scenarios that vary: a deterministic one's single 100 %
        bar would flatten them, so it may run off the top (its P50 line still shows)."""
        outlines = zip(self.distribution.outlines, mcs, strict=True)
        varied = [o for o, mc in outlines if not mc.deterministic_only]
        if not varied or len(varied) == len(mcs):
            self.distribution.make_room_for_legend(len(self.names))
            return
        top = max(float(np.max(o.getData()[1], initial=0.0)) for o in varied)
        rows = len(self.names)
        self.distribution.plot_item.vb.setYRange(0.0, top * (1.15 + 0.09 * rows), padding=0.0)


def _button(name: str, text: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def _choice(name: str, options: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for key, label in options.items():
        combo.addItem(label, key)
    return combo
