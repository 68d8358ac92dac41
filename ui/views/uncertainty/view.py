"""The Monte Carlo results view: run and sampling controls, then the results.

The paths, seed, sampler, replicates and precision boxes edit the scenario's
``uncertainty`` section through the document (saved in the file, undoable); the runs
belong to a :class:`~ui.views.uncertainty.controller.UncertaintyController`, which
also computes the statistics in its worker; money is shown as the
:class:`~ui.document.projection.Projection` says. The status line says what ran (the
design's actual path count, where a precision target stopped). After an edit the
results shown are greyed with "Recomputing…" until the new run lands. Without an
uncertain input the view shows how to make one instead of empty charts. Exports go
through the exporters registry (``uncertainty.charts``, ``.stats``, ``.samples``).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.scenario.uncertainty import MAX_PATHS, MIN_PATHS
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.common.widgets import named_button
from ui.common.worker import show_progress
from ui.document.file_dialogs import save_bytes
from ui.document.projection import Projection
from ui.export.exporters import ExportJob, export
from ui.export.report.build import ReportCase
from ui.views.uncertainty.analyses import RiskAnalyses
from ui.views.uncertainty.controller import UncertaintyController, has_uncertainty
from ui.views.uncertainty.results import RiskResults
from ui.views.uncertainty.sampling import SamplingControls, write_section
from ui.views.uncertainty.text import asked_text, design_text, input_names, precision_text

MAX_SEED_BOX = 2**31 - 1  # a QSpinBox holds a 32-bit int
ERROR_STYLE = "color: #c0392b;"
RECOMPUTING = "Recomputing… (these results are of the scenario before your edit)"
OUT_OF_DATE = "Out of date: the scenario changed. Press Run."
EMPTY_TEXT = (
    "<h3>No uncertain inputs yet</h3>"
    "<p>A Monte Carlo run needs at least one assumption given as a range instead of a "
    "single number.</p>"
    "<p>In the <b>Assumptions</b> dock, click the <b>±</b> button next to an input (for "
    "example <i>Yield on capacity</i>, <i>AI growth</i> or <i>Total capex</i>) and choose "
    "a distribution: triangular or PERT (low / most likely / high), uniform, normal or "
    "lognormal (also as a 90 % interval), a list of values, or one fitted to your data.</p>"
    "<p>As soon as one input is uncertain, this tab runs the scenario over thousands of "
    "paths and shows the spread of cash flows over time, the distribution of NPV, IRR "
    "and payback, the chances of success, what drives the spread and a stress test.</p>"
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
        """``document`` is edited (the section); ``projection`` gives the money unit."""
        super().__init__(parent)
        self.setObjectName("risk.view")
        self.doc, self.controller, self.projection = document, controller, projection
        self.money = projection.money
        self.mc: MonteCarloResult | None = None
        self.quick = False
        self.results = RiskResults()
        r = self.results
        self.fan, self.distribution, self.table = r.fan, r.distribution, r.table
        self.summary = r.summary
        self.prob_npv, self.prob_irr = r.summary.prob_npv, r.summary.prob_irr
        self.prob_payback, self.payback_years = r.summary.prob_payback, r.summary.payback_years
        self.copy_button, self.stats_button = r.copy_button, r.stats_button
        self.samples_button, self.png_button = r.samples_button, r.png_button
        self.analyses = RiskAnalyses(r, lambda: self.doc.scenario, self._base_run, self)
        self.sampling = SamplingControls(document)
        self.sampling.error.connect(self._error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(self._build_controls())
        layout.addWidget(self.sampling)
        layout.addWidget(self.status)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(r)
        layout.addWidget(self.stack, stretch=1)
        self._connect()
        self._scenario_changed(document.scenario)
        self._busy(controller.is_busy)
        if controller.last is not None:
            self.show_result(controller.last, controller.last_quick)

    # -- construction -------------------------------------------------------------------

    def _build_controls(self) -> QHBoxLayout:
        self.paths = _spin("uncertainty.paths", MIN_PATHS, MAX_PATHS, 1_000)
        self.paths.setToolTip("Paths per full run, the most a precision target may run (saved).")
        self.paths.valueChanged.connect(lambda v: self._write_section(paths=v))
        self.seed = _spin("uncertainty.seed", 0, MAX_SEED_BOX, 1)
        self.seed.setGroupSeparatorShown(False)
        self.seed.valueChanged.connect(lambda v: self._write_section(seed=v))
        self.run_button = named_button("risk.run", "Run", self.controller.run_now)
        self.cancel_button = named_button("risk.cancel", "Cancel", self.cancel)
        self.progress = QProgressBar()
        self.progress.setObjectName("risk.progress")
        self.progress.setTextVisible(True)
        self.progress.setFormat("%p %")
        self.progress.setMaximumWidth(200)
        self.status = QLabel()
        self.status.setObjectName("risk.status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        for widget in (QLabel("Paths"), self.paths, QLabel("Seed"), self.seed):
            row.addWidget(widget)
        for widget in (self.run_button, self.progress, self.cancel_button):
            row.addWidget(widget)
        row.addStretch(1)
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

    def _connect(self) -> None:
        c = self.controller
        self.doc.changed.connect(self._scenario_changed)
        self.projection.changed.connect(lambda: self.set_money(self.projection.money))
        c.result.connect(self.show_result)
        c.progress.connect(self._progress)
        c.statistics_progress.connect(self._statistics_progress)
        c.busy.connect(self._busy)
        c.started.connect(self._started)
        c.failed.connect(self._failed)
        c.state_changed.connect(self._update_stale)
        self.copy_button.clicked.connect(lambda: self._say("Copied the table"))
        self.png_button.clicked.connect(self.export_png)
        self.stats_button.clicked.connect(self.export_stats)
        self.samples_button.clicked.connect(self.export_samples)

    # -- public -------------------------------------------------------------------------

    def set_money(self, money: Money) -> None:
        """Show amounts as ``money`` says (scenario currency or USD)."""
        if money == self.money:
            return
        self.money = money
        self.sampling.set_money(money)
        self.analyses.set_money(money)
        if self.mc is not None:
            self.results.set_money(self.mc, self.controller.last_table, money)
        else:
            self.fan.set_money(money)
            self.distribution.set_money(money)

    def show_result(self, mc: MonteCarloResult, quick: bool) -> None:
        """Show a run's result (a preview when ``quick``) and its statistics."""
        self.mc, self.quick = mc, quick
        table = self.controller.last_table if self.controller.last is mc else {}
        names = input_names(self.controller.last_scenario or self.doc.scenario)
        self.results.show_run(mc, table, self.money, names)
        self.analyses.set_run(mc, self.money, names)
        self._enable_exports()
        self.progress.setValue(self.progress.maximum())
        self._say(self._done_text(mc, quick))
        self._update_stale()

    def shutdown(self) -> None:
        """Cancel the result pages' workers (the controller is shut down by its owner)."""
        self.analyses.shutdown()

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
        self.sampling.show_scenario(s)
        uncertain = has_uncertainty(s)
        self.stack.setCurrentIndex(1 if uncertain else 0)
        self.run_button.setEnabled(uncertain)
        self.progress.setVisible(uncertain)
        if not uncertain:
            self.status.setText("")
        self.analyses.scenario_changed()
        self._enable_exports()
        self._update_stale()

    def _write_section(self, **changes: int) -> None:
        """Write the ``uncertainty`` section with ``changes`` (paths, seed) as one edit."""
        unc = dataclasses.replace(self.doc.scenario.uncertainty_or_default, **changes)
        message = write_section(self.doc, unc)
        if message:
            self._error(message)
            self._scenario_changed(self.doc.scenario)

    def _update_stale(self) -> None:
        """Grey the results with a mark while they are of another scenario than the
        document's: "Recomputing…" while a run is under way or planned."""
        c = self.controller
        stale = self.mc is not None and not c.shows_current
        text = ""
        if stale:
            text = RECOMPUTING if c.is_busy or c.is_planned or not c.enabled else OUT_OF_DATE
        self.results.stale.mark(text)

    def _base_run(self) -> MonteCarloResult | None:
        """The full, unstopped run of the current scenario a stress test may reuse."""
        c, mc = self.controller, self.controller.last
        full = mc is not None and c.is_current and not c.last_quick and not mc.restricted
        return mc if full and mc.paths == mc.max_paths else None

    # -- run state ----------------------------------------------------------------------

    def _started(self, paths: int, quick: bool) -> None:
        self.progress.setRange(0, paths)
        self.progress.setValue(0)
        what = f"preview ({paths:,} paths)" if quick else f"{paths:,} paths"
        self._say(f"Running {what}…")

    def _progress(self, done: int, total: int) -> None:
        show_progress(self.progress, done, total)
        self.status.setText(f"Running: {done:,} of {total:,} paths…")

    def _statistics_progress(self, done: int, total: int) -> None:
        show_progress(self.progress, done, total)
        self.status.setText(f"Statistics of the paths: {done} of {total} outputs…")

    def _busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)

    def cancel(self) -> None:
        """Stop the run under way (the Cancel button)."""
        self.controller.cancel()
        self.progress.setValue(0)
        self._say("Cancelled; press Run to start again")

    def _failed(self, message: str) -> None:
        self._error(f"Monte Carlo failed: {message}")

    def _error(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)

    def _say(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _done_text(self, mc: MonteCarloResult, quick: bool) -> str:
        head = f"preview ({mc.paths:,} paths)" if quick else design_text(mc)
        if not quick:
            unc = mc.uncertainty
            head += asked_text(mc, unc.paths) if unc is not None else ""
        parts = [head, f"seed {mc.seed}", f"{self.controller.elapsed:.2f} s"]
        if not mc.exact_bands:
            parts.append("bands from histograms")
        stop = precision_text(mc, self.money)
        if stop:
            parts.append(stop)
        return " · ".join(parts)

    def _enable_exports(self) -> None:
        ok = self.mc is not None and has_uncertainty(self.doc.scenario)
        for button in self.results.export_buttons():
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
            self._say(f"Saved {saved.name}")


def _spin(name: str, low: int, high: int, step: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    box.setKeyboardTracking(False)  # write on Enter or focus loss, not per keystroke
    return box
