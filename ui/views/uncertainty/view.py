"""The Monte Carlo results view: run controls, fan and distribution charts, headline
probabilities, the statistics table and the exports.

The paths and seed boxes edit the scenario's ``uncertainty`` section through the
document (so they are saved in the file and undoable); the runs themselves belong
to a :class:`~ui.views.uncertainty.controller.UncertaintyController`; money is shown
as the :class:`~ui.document.projection.Projection` says. Without an uncertain input
the view shows how to make one instead of empty charts. Exports go through the
exporters registry (``uncertainty.charts``, ``.stats``, ``.samples``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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
from superqt.utils import signals_blocked

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import headline_probabilities
from simulator.errors import ScenarioError
from simulator.scenario.uncertainty import MAX_PATHS, MIN_PATHS
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.common.format import percent_text
from ui.common.worker import show_progress
from ui.document.file_dialogs import save_bytes
from ui.document.projection import Projection
from ui.export.exporters import ExportJob, export
from ui.export.report.build import ReportCase
from ui.views.uncertainty.controller import UncertaintyController, has_uncertainty
from ui.views.uncertainty.panels import DistributionPanel, FanPanel
from ui.views.uncertainty.table import StatsTable

DEFAULT_PAYBACK_YEARS = 6
MAX_SEED_BOX = 2**31 - 1  # a QSpinBox holds a 32-bit int
EMPTY_TEXT = (
    "<h3>No uncertain inputs yet</h3>"
    "<p>A Monte Carlo run needs at least one assumption given as a range instead of a "
    "single number.</p>"
    "<p>In the <b>Assumptions</b> dock, click the <b>±</b> button next to an input (for "
    "example <i>Yield on capacity</i>, <i>AI growth</i> or <i>Total capex</i>) and choose "
    "a distribution: triangular (low / most likely / high), uniform, normal, lognormal "
    "or a list of values.</p>"
    "<p>As soon as one input is uncertain, this tab runs the scenario over thousands of "
    "paths and shows the spread of cash flows over time, the distribution of NPV, IRR "
    "and payback, the chances of success and a table of statistics.</p>"
)


class UncertaintyView(QWidget):
    """Monte Carlo results of ``document``'s scenario, run by ``controller``."""

    def __init__(
        self,
        document: object,
        controller: UncertaintyController,
        projection: Projection,
        parent: QWidget | None = None,
    ) -> None:
        """``document`` is edited (paths, seed); ``projection`` gives the money unit."""
        super().__init__(parent)
        self.setObjectName("risk.view")
        self.doc, self.controller, self.projection = document, controller, projection
        self.money = projection.money
        self.mc: MonteCarloResult | None = None
        self.quick = False
        self.fan = FanPanel()
        self.distribution = DistributionPanel()
        self.table = StatsTable()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._build_controls())
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(self._build_results())
        layout.addWidget(self.stack, stretch=1)
        document.changed.connect(self._scenario_changed)
        projection.changed.connect(lambda: self.set_money(projection.money))
        controller.result.connect(self.show_result)
        controller.progress.connect(self._progress)
        controller.busy.connect(self._busy)
        controller.started.connect(self._started)
        controller.failed.connect(self._failed)
        self._scenario_changed(document.scenario)
        self._busy(controller.is_busy)
        if controller.last is not None:
            self.show_result(controller.last, controller.last_quick)

    # -- construction -------------------------------------------------------------------

    def _build_controls(self) -> QHBoxLayout:
        self.paths = _spin("uncertainty.paths", MIN_PATHS, MAX_PATHS, 1_000)
        self.paths.setToolTip("Paths per full run (saved in the scenario file).")
        self.paths.valueChanged.connect(lambda v: self._write_section(paths=v))
        self.seed = _spin("uncertainty.seed", 0, MAX_SEED_BOX, 1)
        self.seed.setGroupSeparatorShown(False)
        self.seed.setToolTip("Random seed: the same seed gives the same draws (saved in the file).")
        self.seed.valueChanged.connect(lambda v: self._write_section(seed=v))
        self.run_button = _button("risk.run", "Run", self.controller.run_now)
        self.cancel_button = _button("risk.cancel", "Cancel", self.cancel)
        self.progress = QProgressBar()
        self.progress.setObjectName("risk.progress")
        self.progress.setTextVisible(True)
        self.progress.setFormat("%p %")
        self.progress.setMaximumWidth(220)
        self.status = QLabel()
        self.status.setObjectName("risk.status")
        row = QHBoxLayout()
        for widget in (QLabel("Paths"), self.paths, QLabel("Seed"), self.seed):
            row.addWidget(widget)
        for widget in (self.run_button, self.progress, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.status, stretch=1)
        return row

    def _build_empty(self) -> QWidget:
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("risk.empty")
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMaximumWidth(620)
        page = QWidget()
        box = QHBoxLayout(page)
        box.addWidget(self.empty)
        return page

    def _build_results(self) -> QWidget:
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.setObjectName("risk.charts")
        charts.addWidget(self.fan)
        charts.addWidget(self.distribution)
        charts.setChildrenCollapsible(False)
        charts.setStretchFactor(0, 1)
        charts.setStretchFactor(1, 1)
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(self._build_probabilities())
        box.addLayout(self._build_table_bar())
        box.addWidget(self.table, stretch=1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(charts)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setChildrenCollapsible(False)
        return split

    def _build_probabilities(self) -> QHBoxLayout:
        self.prob_npv = _prob_label("risk.prob.npv", "Share of paths whose NPV is above 0.")
        self.prob_irr = _prob_label(
            "risk.prob.irr", "Share of paths whose IRR beats that path's discount rate."
        )
        self.prob_payback = _prob_label(
            "risk.prob.payback", "Share of paths whose cumulative FCF turns non-negative in time."
        )
        self.payback_years = QSpinBox()
        self.payback_years.setObjectName("risk.payback_years")
        self.payback_years.setRange(1, 50)
        self.payback_years.setValue(DEFAULT_PAYBACK_YEARS)
        self.payback_years.setSuffix(" years")
        self.payback_years.setToolTip("N of P(payback ≤ N years).")
        self.payback_years.valueChanged.connect(lambda _: self._show_probabilities())
        row = QHBoxLayout()
        row.addWidget(self.prob_npv)
        row.addWidget(self.prob_irr)
        row.addWidget(QLabel("Payback within"))
        row.addWidget(self.payback_years)
        row.addWidget(self.prob_payback)
        row.addStretch(1)
        return row

    def _build_table_bar(self) -> QHBoxLayout:
        self.copy_button = _button("risk.copy", "Copy table", self.table.copy_all)
        self.png_button = _button("risk.export_png", "Export charts as PNG…", self.export_png)
        self.stats_button = _button("risk.export_stats", "Statistics CSV…", self.export_stats)
        self.samples_button = _button("risk.export_samples", "Samples CSV…", self.export_samples)
        title = QLabel("<b>Statistics over the paths</b>")
        row = QHBoxLayout()
        row.addWidget(title)
        row.addStretch(1)
        for button in (self.copy_button, self.stats_button, self.samples_button, self.png_button):
            row.addWidget(button)
        return row

    # -- public -------------------------------------------------------------------------

    def set_money(self, money: Money) -> None:
        """Show amounts as ``money`` says (scenario currency or USD)."""
        if money == self.money:
            return
        self.money = money
        self.fan.set_money(money)
        self.distribution.set_money(money)
        if self.mc is not None:
            self.table.set_result(self.mc, money)

    def show_result(self, mc: MonteCarloResult, quick: bool) -> None:
        """Show a run's result (a preview when ``quick``)."""
        self.mc, self.quick = mc, quick
        self.fan.set_result(mc, self.money)
        self.distribution.set_result(mc, self.money)
        self.table.set_result(mc, self.money)
        self._show_probabilities()
        self._enable_exports()
        self.progress.setValue(self.progress.maximum())
        self.status.setStyleSheet("")
        self.status.setText(self._done_text(mc, quick))

    # -- scenario -----------------------------------------------------------------------

    def _scenario_changed(self, s: Scenario) -> None:
        unc = s.uncertainty_or_default
        with signals_blocked(self.paths), signals_blocked(self.seed):
            self.paths.setValue(unc.paths)
            self.seed.setValue(min(unc.seed, MAX_SEED_BOX))
        self.seed.setToolTip(
            f"Random seed {unc.seed} (set in the file; too large for this box)"
            if unc.seed > MAX_SEED_BOX
            else "Random seed: the same seed gives the same draws (saved in the file)."
        )
        uncertain = has_uncertainty(s)
        self.stack.setCurrentIndex(1 if uncertain else 0)
        self.run_button.setEnabled(uncertain)
        self.progress.setVisible(uncertain)
        if not uncertain:
            self.status.setText("")
        self._enable_exports()

    def _write_section(self, **changes: int) -> None:
        """Write the ``uncertainty`` section with ``changes`` (paths, seed) as one edit."""
        unc = dataclasses.replace(self.doc.scenario.uncertainty_or_default, **changes)
        try:
            self.doc.set_field("uncertainty", unc.to_dict())
        except ScenarioError as exc:
            self._error(str(exc))
            self._scenario_changed(self.doc.scenario)

    # -- run state ----------------------------------------------------------------------

    def _started(self, paths: int, quick: bool) -> None:
        self.progress.setRange(0, paths)
        self.progress.setValue(0)
        self.status.setStyleSheet("")
        what = f"preview ({paths:,} paths)" if quick else f"{paths:,} paths"
        self.status.setText(f"Running {what}…")

    def _progress(self, done: int, total: int) -> None:
        show_progress(self.progress, done, total)
        self.status.setText(f"Running: {done:,} of {total:,} paths…")

    def _busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)

    def cancel(self) -> None:
        """Stop the run under way (the Cancel button)."""
        self.controller.cancel()
        self.progress.setValue(0)
        self.status.setStyleSheet("")
        self.status.setText("Cancelled; press Run to start again")

    def _failed(self, message: str) -> None:
        self._error(f"Monte Carlo failed: {message}")

    def _error(self, text: str) -> None:
        self.status.setStyleSheet("color: #c0392b;")
        self.status.setText(text)

    def _done_text(self, mc: MonteCarloResult, quick: bool) -> str:
        paths = f"preview ({mc.paths:,} paths)" if quick else f"{mc.paths:,} paths"
        exact = "" if mc.exact_bands else " · bands from histograms"
        return f"{paths} · seed {mc.seed} · {self.controller.elapsed:.2f} s{exact}"

    def _show_probabilities(self) -> None:
        if self.mc is None:
            return
        n = self.payback_years.value()
        probs = headline_probabilities(self.mc.metrics, [n])
        self.prob_npv.setText(f"P(NPV > 0) = {percent_text(probs['P(NPV > 0)'])}")
        irr = probs["P(IRR > discount rate)"]
        self.prob_irr.setText(f"P(IRR > discount rate) = {percent_text(irr)}")
        payback = probs[f"P(payback <= {n:g} years)"]
        self.prob_payback.setText(f"P(payback ≤ {n} years) = {percent_text(payback)}")

    def _enable_exports(self) -> None:
        ok = self.mc is not None and has_uncertainty(self.doc.scenario)
        for button in (self.copy_button, self.png_button, self.stats_button, self.samples_button):
            button.setEnabled(ok)

    # -- exports ------------------------------------------------------------------------

    def export_png(self) -> None:
        """Save the fan and distribution charts side by side as one PNG, at their size
        on screen (the trace footer inside)."""
        charts = (self.fan.chart, self.distribution.chart)
        size = sum(c.width() for c in charts), max(c.height() for c in charts)
        self._export("uncertainty.charts", "png", "charts", "PNG images (*.png)", size)

    def export_stats(self) -> None:
        """Save the statistics per metric as CSV."""
        self._export("uncertainty.stats", "csv", "statistics", "CSV files (*.csv)")

    def export_samples(self) -> None:
        """Save every path's drawn inputs and key outputs as CSV."""
        self._export("uncertainty.samples", "csv", "samples", "CSV files (*.csv)")

    def _job(self, fmt: str, size: tuple[int, int]) -> ExportJob:
        assert self.mc is not None
        case = ReportCase(self.doc.scenario, self.projection.result, self.mc)
        return ExportJob(
            (case,),
            fmt,
            self.money,
            *size,
            column=self.fan.chart.column,
            metric=self.distribution.chart.metric_key,
        )

    def _export(
        self, exporter: str, fmt: str, what: str, filters: str, size: tuple[int, int] = (0, 0)
    ) -> None:
        if self.mc is None:
            return
        job = self._job(fmt, size)
        folder = self.doc.path.parent if self.doc.path else Path.home()
        suggested = folder / f"{self.doc.scenario.name} {what}.{fmt}"
        saved = save_bytes(
            self, f"Export {what}", suggested, filters, lambda _: export(exporter, job)
        )
        if saved is not None:
            self.status.setStyleSheet("")
            self.status.setText(f"Saved {saved.name}")


def _spin(name: str, low: int, high: int, step: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    box.setKeyboardTracking(False)  # write on Enter or focus loss, not per keystroke
    return box


def _button(name: str, text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(lambda: slot())
    return button


def _prob_label(name: str, tip: str) -> QLabel:
    label = QLabel("–")
    label.setObjectName(name)
    label.setToolTip(tip)
    label.setStyleSheet("font-weight: 600; padding-right: 16px;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
