"""The "Uncertainty" page: Monte Carlo of every checked scenario with common random numbers.

"Run Monte Carlo for all" runs :func:`simulator.analysis.montecarlo.run` for each checked
scenario with one seed (the first scenario's) and one path count, so a driver
uncertain in several scenarios gets the same draws in each and their differences
are not noise. The runs go one after the other in a :class:`~ui.common.worker.TaskRunner`
(progress over all, Cancel). The results belong to the checked scenarios as they
were: any edit of one, or another choice of scenarios, drops them (and cancels a
run under way).
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

from simulator.analysis import montecarlo
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.scenario.uncertainty import MAX_PATHS, MIN_PATHS
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.charts.fan import FAN_COLUMNS
from ui.charts.histogram import HISTOGRAM_METRICS
from ui.charts.overlay_mc import OverlayDistributionChart, OverlayFanChart
from ui.common.format import column_label, metric_label
from ui.common.worker import TaskRunner, progress_shown_on
from ui.document.document import ScenarioDocument
from ui.views.compare.units import common_money, in_money

DEFAULT_PATHS = 2_000
Cases = tuple[tuple[ScenarioDocument, Scenario], ...]
HINT_TEXT = (
    "<h3>Spread of outcomes, scenario by scenario</h3>"
    "<p><b>Run Monte Carlo for all</b> runs every checked scenario over the same number "
    "of paths with <b>one seed</b> (the first scenario's): an input uncertain in several "
    "scenarios gets the same draws in each, so the differences you see come from the "
    "assumptions, not from chance.</p>"
    "<p>A scenario without uncertain inputs (no ± range in its Assumptions) shows as a "
    "single line.</p>"
)


def run_all(
    scenarios: Sequence[Scenario], paths: int, seed: int, progress: Callable[[int, int], bool]
) -> list[MonteCarloResult]:
    """Each scenario's run with ``paths`` paths and ``seed`` (progress over all runs)."""
    total = paths * len(scenarios)
    return [
        montecarlo.run(
            s,
            paths=paths,
            unc=dataclasses.replace(s.uncertainty_or_default, seed=seed),
            progress=lambda done, _n, i=i: progress(i * paths + done, total),
        )
        for i, s in enumerate(scenarios)
    ]


def same_cases(a: Cases, b: Cases) -> bool:
    """Whether ``a`` and ``b`` are the same documents holding equal scenarios."""
    return len(a) == len(b) and all(
        da is db and sa == sb for (da, sa), (db, sb) in zip(a, b, strict=True)
    )


class UncertaintyPage(QWidget):
    """Run controls, the overlaid fan chart and the overlaid distribution."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.cases: Cases = ()
        self.names: list[str] = []
        self.moneys: list[Money] = []
        self._results: list[MonteCarloResult] | None = None
        self._results_of: Cases = ()
        self._running: Cases = ()
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_controls())
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_hint())
        self.stack.addWidget(self._build_charts())
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
        self.paths.setToolTip("Paths per scenario (the same for all).")
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
        return self._results if same_cases(self._results_of, self.cases) else None

    def set_cases(self, cases: Cases, names: Sequence[str], moneys: Sequence[Money]) -> None:
        """The checked documents with their scenarios, shown names and money."""
        self.follow(cases)
        self.names, self.moneys = list(names), list(moneys)
        self.run_button.setEnabled(bool(cases) and not self.runner.busy)
        self._draw()

    def follow(self, cases: Cases) -> None:
        """Note the checked scenarios now; drop runs (and stop one) of others."""
        self.cases = cases
        if self.runner.busy and not same_cases(self._running, cases):
            self.runner.cancel()
            self._say("Cancelled: the scenarios changed while it ran.")
        if self._results is not None and not same_cases(self._results_of, cases):
            self._results, self._results_of = None, ()
            self._say("The scenarios changed: run again to see their spread.")
            self.stack.setCurrentIndex(0)

    def run(self) -> None:
        """Run every checked scenario (one seed, one path count)."""
        if not self.cases:
            return
        scenarios = [s for _, s in self.cases]
        seed, paths = scenarios[0].uncertainty_or_default.seed, self.paths.value()
        self._running = self.cases
        self.progress.setRange(0, paths * len(scenarios))
        self.progress.setValue(0)
        self._say(f"Running {len(scenarios)} × {paths:,} paths with seed {seed}…")
        self.runner.start(partial(run_all, scenarios, paths, seed))

    # -- run state ----------------------------------------------------------------------

    def _finished(self, results: list[MonteCarloResult]) -> None:
        if not same_cases(self._running, self.cases):
            return
        self._results, self._results_of = results, self._running
        self.progress.setValue(self.progress.maximum())
        self._say(self._done_text(results))
        self._draw()

    def _failed(self, message: str) -> None:
        self.status.setStyleSheet("color: #c0392b")
        self.status.setText(f"The run failed: {message}")

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy and bool(self.cases))
        self.cancel_button.setEnabled(busy)

    def _say(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _done_text(self, results: list[MonteCarloResult]) -> str:
        mc = results[0]
        text = f"{len(results)} × {mc.paths:,} paths, seed {mc.seed} for all."
        certain = [n for n, (_, s) in zip(self.names, self._running, strict=True) if _certain(s)]
        if certain:
            text += f" No uncertain inputs (single line): {', '.join(certain)}."
        return text

    # -- drawing ------------------------------------------------------------------------

    def _choose(self) -> None:
        self.fan.column = self.column.currentData()
        self.distribution.key = self.metric.currentData()
        self._draw()

    def _draw(self) -> None:
        """The charts of the current runs (in the scenarios' colours), or the hint."""
        results = self.results
        if results is None:
            self.stack.setCurrentIndex(0)
            return
        money = common_money(self.moneys)
        shown = (
            results
            if len(set(self.moneys)) == 1
            else [in_money(mc, m) for mc, m in zip(results, self.moneys, strict=True)]
        )
        self.fan.set_results(self.names, shown, money)
        self.distribution.set_results(self.names, shown, money)
        self._fit_distribution()
        self.stack.setCurrentIndex(1)

    def _fit_distribution(self) -> None:
        """Fit the y range to the scenarios that vary: a certain one's single 100 % bar
        would flatten them, so it may run off the top (its P50 line still shows)."""
        outlines = zip(self.distribution.outlines, self.cases, strict=True)
        varied = [o for o, (_, s) in outlines if not _certain(s)]
        if not varied or len(varied) == len(self.cases):
            self.distribution.make_room_for_legend(len(self.names))
            return
        top = max(float(np.max(o.getData()[1], initial=0.0)) for o in varied)
        rows = len(self.names)
        self.distribution.plot_item.vb.setYRange(0.0, top * (1.15 + 0.09 * rows), padding=0.0)


def _certain(s: Scenario) -> bool:
    return not s.uncertainty_or_default.inputs


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
