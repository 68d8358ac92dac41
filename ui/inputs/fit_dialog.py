"""Fitting a distribution to pasted numbers: maximum likelihood, ranked by AIC.

The user pastes numbers in the input's display unit (``fit.data``: separated by
spaces, tabs, new lines, commas or semicolons) and presses Fit (``fit.run``);
:func:`simulator.analysis.fitting.fit` fits normal, lognormal, triangular, PERT and
uniform in a worker. ``fit.table`` lists the fits, best (lowest AIC) first, with
their parameters, AIC and distance to the best; a fit this input cannot take (it
reaches outside the input's valid range) says why and cannot be chosen.
``fit.plot`` draws the chosen fit's density over a histogram of the data. Bad data
(fewer than 5 numbers, something that is not a number, all equal) is refused with a
message naming the field (``fit data: item 3 ('x') is not a number``) and nothing
changes; kinds that cannot be fitted (a lognormal to values <= 0) are listed with
the reason. "Use this fit" (``fit.use``) closes the dialog with the chosen fit.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.analysis.cancel import Progress
from simulator.analysis.drivers import Driver
from simulator.analysis.fitting import Fit, FitReport, fit, parse_data
from simulator.scenario.distributions import Distribution
from ui.common.format import Shown
from ui.common.worker import TaskRunner
from ui.inputs.distribution_rules import ERROR_STYLE, GRID_POINTS, problem, summary

WHERE = "fit data"
MAX_HIST_BINS = 30
BAR_COLOR = (120, 144, 156, 120)
CURVE_COLOR = "#1f77b4"


def fit_shown(text: str, scale: float, progress: Progress) -> FitReport:
    """Fit the numbers of ``text`` (display units, ``scale`` x the model's) in model units."""
    data = parse_data(text, WHERE) / scale
    progress(0, 1)
    return fit(data, WHERE)


def histogram_bins(data: np.ndarray) -> int:
    """Bins for a histogram of ``data``: NumPy's "auto" rule (Sturges for a few values,
    Freedman-Diaconis for many), at most ``MAX_HIST_BINS``; 15 values give 5, not a
    comb of one bar per value."""
    edges = np.histogram_bin_edges(data, bins="auto")
    return int(min(max(len(edges) - 1, 1), MAX_HIST_BINS))


class FitDialog(QDialog):
    """Paste numbers, fit, look at the fits, choose one."""

    def __init__(self, d: Driver, units: Shown, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog.fit")
        self.setWindowTitle(f"Fit a distribution — {d.label}")
        self.driver, self.units = d, units
        self.report: FitReport | None = None
        self.runner = TaskRunner(self)
        self._build()
        self.runner.finished.connect(self._show_report)
        self.runner.failed.connect(self._refused)
        self.runner.busy_changed.connect(lambda busy: self.fit_button.setEnabled(not busy))
        self.resize(560, 620)

    def _build(self) -> None:
        unit = f" in {self.units.label}" if self.units.label else ""
        intro = QLabel(
            f"Paste past values or estimates of {self.driver.label}{unit}, separated by "
            "spaces, commas, semicolons or new lines (at least 5). Each distribution is "
            "fitted by maximum likelihood and ranked by AIC (lower is better)."
        )
        intro.setWordWrap(True)
        self.data = QPlainTextEdit()
        self.data.setObjectName("fit.data")
        self.data.setPlaceholderText("e.g. 0.72 0.81 0.77 0.69 0.85 0.79")
        self.data.setMaximumHeight(90)
        self.fit_button = QPushButton("Fit")
        self.fit_button.setObjectName("fit.run")
        self.fit_button.clicked.connect(self.run_fit)
        self.error = QLabel()
        self.error.setObjectName("fit.error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.table = self._make_table()
        self.plot = self._make_plot()
        self.skipped = QLabel()
        self.skipped.setObjectName("fit.skipped")
        self.skipped.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = self.buttons.addButton(
            "Use this fit", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_button.setObjectName("fit.use")
        self.use_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.fit_button)
        row.addWidget(self.error, stretch=1)
        layout = QVBoxLayout(self)
        for part in (intro, self.data):
            layout.addWidget(part)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(self.plot, stretch=1)
        layout.addWidget(self.skipped)
        layout.addWidget(self.buttons)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, 4)
        table.setObjectName("fit.table")
        table.setHorizontalHeaderLabels(["Distribution", "AIC", "Δ AIC", "Usable here?"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setMaximumHeight(170)
        table.itemSelectionChanged.connect(self._selection_changed)
        return table

    def _make_plot(self) -> pg.PlotWidget:
        plot = pg.PlotWidget(background="w")
        plot.setObjectName("fit.plot")
        plot.setMinimumHeight(160)
        item = plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        item.getAxis("left").setLabel("density")
        if self.units.label:
            item.getAxis("bottom").setLabel(self.units.label)
            item.getAxis("bottom").enableAutoSIPrefix(False)
        self.bars = pg.BarGraphItem(x0=[], width=[], height=[], brush=pg.mkBrush(*BAR_COLOR))
        self.curve = item.plot(pen=pg.mkPen(CURVE_COLOR, width=2))
        item.addItem(self.bars)
        return plot

    # -- fitting ------------------------------------------------------------------------

    def run_fit(self) -> None:
        """Fit the pasted numbers in the worker (their errors shown, nothing chosen)."""
        self.error.hide()
        self.runner.start(partial(fit_shown, self.data.toPlainText(), self.units.scale))

    def _refused(self, message: str) -> None:
        """Bad data: say why (naming the field) and keep what was shown before."""
        self.error.setText(message)
        self.error.show()

    def _show_report(self, report: FitReport) -> None:
        self.report = report
        best = report.best.aic
        self.table.setRowCount(len(report.fits))
        for row, f in enumerate(report.fits):
            why = problem(f.distribution, self.driver, self.units)
            cells = (
                summary(f.distribution, self.units),
                f"{f.aic:,.1f}",
                f"{f.aic - best:,.1f}",
                "yes" if not why else f"no: {why}",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col in (1, 2):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        skipped = "; ".join(f"{k}: {why}" for k, why in report.skipped.items())
        self.skipped.setText(f"Not fitted — {skipped}" if skipped else "")
        self.skipped.setVisible(bool(skipped))
        usable = [i for i, f in enumerate(report.fits) if self.usable(f)]
        self.table.selectRow(usable[0] if usable else 0)

    def usable(self, f: Fit) -> bool:
        """Whether this input can take the fit (inside its valid range)."""
        return not problem(f.distribution, self.driver, self.units)

    # -- choosing -----------------------------------------------------------------------

    def selected(self) -> Fit | None:
        """The fit selected in the table."""
        rows = self.table.selectionModel().selectedRows()
        if self.report is None or not rows:
            return None
        return self.report.fits[rows[0].row()]

    def chosen(self) -> Distribution | None:
        """The distribution of the selected fit, if this input can take it."""
        f = self.selected()
        return f.distribution if f is not None and self.usable(f) else None

    def _selection_changed(self) -> None:
        f = self.selected()
        self.use_button.setEnabled(f is not None and self.usable(f))
        if f is not None and self.report is not None:
            self._draw(self.report.data, f.distribution)

    def _draw(self, data: np.ndarray, dist: Distribution) -> None:
        """The data's histogram (as a density) and the fit's density, in display units."""
        k = self.units.scale
        counts, edges = np.histogram(data, bins=histogram_bins(data), density=True)
        self.bars.setOpts(x0=edges[:-1] * k, width=np.diff(edges) * k, height=counts / k)
        span = edges[-1] - edges[0]
        x = np.linspace(edges[0] - 0.15 * span, edges[-1] + 0.15 * span, GRID_POINTS)
        y = np.nan_to_num(dist.pdf(x), posinf=0.0) / k
        self.curve.setData(x * k, y)
        self.plot.getPlotItem().setTitle(
            f"{summary(dist, self.units)} over the data", color="#222", size="10pt"
        )
