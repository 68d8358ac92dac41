"""The Monte Carlo results view: run controls, fan and distribution charts, headline
probabilities, the statistics table and the exports.

The paths and seed boxes edit the scenario's ``uncertainty`` section through the
document (so they are saved in the file and undoable); the runs themselves belong
to a :class:`~ui.views.uncertainty.controller.UncertaintyController`. Without an uncertain input
the view shows how to make one instead of empty charts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
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

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import headline_probabilities
from simulator.atomic import write_atomic
from simulator.errors import ScenarioError
from simulator.export.samples import samples_csv, stats_csv
from simulator.export.trace import input_hash, trace_line
from simulator.scenario.uncertainty import MAX_PATHS, MIN_PATHS
from simulator.scenario.value import Scenario
from ui.charts.base import Money
from ui.charts.fan import FanPanel
from ui.charts.histogram import DistributionPanel
from ui.common.metrics import percent
from ui.common.worker import show_progress
from ui.document.document import ScenarioDocument
from ui.export.render import with_footer
from ui.views.uncertainty.controller import UncertaintyController, has_uncertainty
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
        document: ScenarioDocument,
        controller: UncertaintyController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("risk.view")
        self.doc, self.controller = document, controller
        self.money = Money()
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
        _set_quietly(self.paths, unc.paths)
        _set_quietly(self.seed, min(unc.seed, MAX_SEED_BOX))
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
        self.prob_npv.setText(f"P(NPV > 0) = {percent(probs['P(NPV > 0)'])}")
        irr = probs["P(IRR > discount rate)"]
        self.prob_irr.setText(f"P(IRR > discount rate) = {percent(irr)}")
        payback = probs[f"P(payback <= {n:g} years)"]
        self.prob_payback.setText(f"P(payback ≤ {n} years) = {percent(payback)}")

    def _enable_exports(self) -> None:
        ok = self.mc is not None and has_uncertainty(self.doc.scenario)
        for button in (self.copy_button, self.png_button, self.stats_button, self.samples_button):
            button.setEnabled(ok)

    # -- exports ------------------------------------------------------------------------

    def export_png(self) -> None:
        """Save the fan and distribution charts side by side as one PNG."""
        self._export("Export charts as PNG", "risk charts.png", "PNG images (*.png)", _charts_png)

    def export_stats(self) -> None:
        """Save the statistics per metric as CSV."""
        self._export(
            "Export statistics as CSV",
            "statistics.csv",
            "CSV files (*.csv)",
            lambda view: stats_csv(view._result(), *view._trace()).encode("utf-8"),
        )

    def export_samples(self) -> None:
        """Save every path's drawn inputs and key outputs as CSV."""
        self._export(
            "Export samples as CSV",
            "samples.csv",
            "CSV files (*.csv)",
            lambda view: samples_csv(view._result(), *view._trace()).encode("utf-8"),
        )

    def _trace(self) -> tuple[str, str]:
        """The scenario's name and input hash, for the exports' headers."""
        return self.doc.scenario.name, input_hash(self.doc.scenario)

    def _result(self) -> MonteCarloResult:
        assert self.mc is not None
        return self.mc

    def _export(
        self, title: str, suffix: str, filters: str, data: Callable[[UncertaintyView], bytes]
    ) -> None:
        if self.mc is None:
            return
        folder = self.doc.path.parent if self.doc.path else Path.home()
        default = folder / f"{self.doc.scenario.name} {suffix}"
        name, _ = QFileDialog.getSaveFileName(self, title, str(default), filters)
        if not name:
            return
        try:
            write_atomic(name, data(self))
        except OSError as exc:
            self._error(f"Cannot export {name}: {exc.strerror or exc}")
            return
        self.status.setStyleSheet("")
        self.status.setText(f"Saved {Path(name).name}")


def _charts_png(view: UncertaintyView) -> bytes:
    """The two charts side by side on white, as PNG bytes.

    Each chart renders itself into the image (``QWidget.grab`` of a chart inside a
    layout crashes PySide 6.10 here).
    """
    charts = [view.fan.chart, view.distribution.chart]
    width = sum(c.width() for c in charts)
    image = QImage(width, max(c.height() for c in charts), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    x = 0
    for chart in charts:
        QWidget.render(chart, painter, QPoint(x, 0))  # the widget, not just the scene
        x += chart.width()
    painter.end()
    image = with_footer(image, trace_line(view.doc.scenario, view._result().seed), 22)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def _spin(name: str, low: int, high: int, step: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    box.setKeyboardTracking(False)  # write on Enter or focus loss, not per keystroke
    return box


def _set_quietly(box: QSpinBox, value: int) -> None:
    box.blockSignals(True)
    box.setValue(value)
    box.blockSignals(False)


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
