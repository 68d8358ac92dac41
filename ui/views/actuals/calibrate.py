"""``dialog.calibrate``: fit chosen inputs to the scenario's reported actuals.

The inputs offered (``calibrate.inputs``, a checkable list) are the scenario's
drivers (:func:`simulator.analysis.drivers.drivers`) and each year of the two growth lists
(``revenue.ai_growth.0`` ...), labelled by :func:`simulator.analysis.calibration.param`.
Fit (``calibrate.run``) runs :func:`simulator.analysis.calibration.calibrate` on a worker
thread through a :class:`~ui.common.worker.TaskRunner`, with a progress bar and Cancel;
then ``calibrate.table`` lists each input before -> after and the MAPE before ->
after, and ``chart.calibration`` overlays model before, model after and reported for
the series chosen in ``calibrate.series``. Apply (``calibrate.apply``) sets the
calibrated scenario as one undoable edit; it is enabled only while the fit belongs to
the document's current scenario.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator import Scenario, simulate
from simulator.analysis.calibration import Calibration, Param, calibrate, param
from simulator.analysis.drivers import drivers
from simulator.units import Money
from ui.charts.fit import FitChart, series_label
from ui.common.format import currency_money, driver_shown, field_shown, percent_text
from ui.common.worker import TaskRunner, progress_shown_on
from ui.document.document import ScenarioDocument

DEFAULT_CHOICE = ("revenue.ai_share", "revenue.ai_growth.0")
"""Checked when the dialog first opens: the AI share and the first year's AI growth."""
UNDO_TEXT = "Calibrate to actuals"


def calibration_paths(s: Scenario) -> list[str]:
    """The inputs calibration may move in ``s``: the drivers, then each growth year."""
    paths = [d.path for d in drivers(s)]
    for name in ("revenue.core_growth", "revenue.ai_growth"):
        paths += [f"{name}.{i}" for i in range(len(s.get_field(name)))]
    return paths


def value_text(p: Param, value: float, currency: str) -> str:
    """An input's value as the Assumptions dock shows it, two more decimals."""
    money = currency_money(currency)
    units = driver_shown(p.driver, money) if p.driver is not None else field_shown(p.path)
    return units.more(2).text(value)


class CalibrateDialog(QDialog):
    """Calibration of the document's scenario; ``fitted`` carries each Calibration."""

    fitted = Signal(object)  # Calibration
    applied = Signal(object)  # the Scenario set in the document

    def __init__(self, document: ScenarioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog.calibrate")
        self.setWindowTitle("Calibrate to actuals")
        self.document = document
        self.calibration: Calibration | None = None
        self._source: Scenario | None = None  # the scenario the running or last fit is of
        self._applying = False
        self.runner = TaskRunner(self)
        self._build()
        self._connect()
        self._scenario_changed()
        self.resize(980, 640)

    # --- building ---------------------------------------------------------------
    def _build(self) -> None:
        self.inputs = QListWidget()
        self.inputs.setObjectName("calibrate.inputs")
        self.inputs.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.progress = QProgressBar()
        self.progress.setObjectName("calibrate.progress")
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("calibrate.status")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(36)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("calibrate.table")
        self.table.setHorizontalHeaderLabels(("Input", "Before", "After"))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.series = QComboBox()
        self.series.setObjectName("calibrate.series")
        self.chart = FitChart("calibration", "Model vs reported")
        self.run_button = _button("calibrate.run", "Fit")
        self.cancel_button = _button("calibrate.cancel", "Cancel fit")
        self.apply_button = _button("calibrate.apply", "Apply")
        self.cancel_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self._lay_out()

    def _lay_out(self) -> None:
        left = QWidget()
        choose = QVBoxLayout(left)
        choose.setContentsMargins(0, 0, 0, 0)
        choose.addWidget(QLabel("Inputs to fit:"))
        choose.addWidget(self.inputs, stretch=1)
        right = QWidget()
        shown = QVBoxLayout(right)
        shown.setContentsMargins(0, 0, 0, 0)
        shown.addWidget(self.table, stretch=2)
        self.chart_panel = QWidget()  # shown once there is a fit to draw
        panel = QVBoxLayout(self.chart_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Chart the series"))
        pick.addWidget(self.series, stretch=1)
        panel.addLayout(pick)
        panel.addWidget(self.chart, stretch=1)
        self.chart_panel.setVisible(False)
        shown.addWidget(self.chart_panel, stretch=3)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([290, 670])
        buttons = QHBoxLayout()
        for widget in (self.run_button, self.cancel_button, self.apply_button):
            buttons.addWidget(widget)
        buttons.addWidget(self.progress, stretch=1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, stretch=1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)

    def _connect(self) -> None:
        self.document.changed.connect(self._scenario_changed)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.apply_button.clicked.connect(self.apply)
        self.series.currentIndexChanged.connect(lambda _: self._draw_chart())
        self.runner.progress.connect(progress_shown_on(self.progress))
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._show_error)
        self.runner.cancelled.connect(lambda: self.status.setText("Fit cancelled."))
        self.runner.busy_changed.connect(self._busy)

    # --- following the document ---------------------------------------------------
    def _scenario_changed(self) -> None:
        """Refill the inputs (keeping the checks); a fit of another scenario is dropped."""
        s = self.document.scenario
        checked = set(self.chosen()) if self.inputs.count() else set(DEFAULT_CHOICE)
        with signals_blocked(self.inputs):
            self.inputs.clear()
            for path in calibration_paths(s):
                item = QListWidgetItem(param(s, path).label)
                item.setData(Qt.ItemDataRole.UserRole, path)
                item.setToolTip(path)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                checked_state = (
                    Qt.CheckState.Checked if path in checked else Qt.CheckState.Unchecked
                )
                item.setCheckState(checked_state)
                self.inputs.addItem(item)
        if self._applying:
            return
        if self.runner.busy:
            self.runner.cancel()
        if self.calibration is not None or self._source is not None:
            self.status.setText("The scenario changed: fit again to calibrate it.")
        elif not s.actual_series:
            self.status.setText(_no_actuals())
        else:
            self.status.setText("Check the inputs to move, then Fit.")
        self._invalidate()

    def chosen(self) -> list[str]:
        """The checked inputs' paths, in list order."""
        items = (self.inputs.item(i) for i in range(self.inputs.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, paths: list[str]) -> None:
        """Check exactly ``paths`` (for scripts and tests)."""
        for i in range(self.inputs.count()):
            item = self.inputs.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in paths
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # --- the fit --------------------------------------------------------------------
    def start(self) -> None:
        """Run the fit on the worker thread; say plainly why it cannot run."""
        s, paths = self.document.scenario, self.chosen()
        if not s.actual_series:
            self._show_error(_no_actuals())
            return
        if not paths:
            self._show_error("Choose at least one input to fit (check it in the list).")
            return
        self._invalidate()
        self._source = s
        self.status.setText("Fitting…")
        self.progress.setRange(0, 0)

        def task(progress: Callable[[int, int], bool]) -> Calibration:
            return calibrate(s, paths, progress=progress)

        self.runner.start(task)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.run_button.setEnabled(not busy)

    def _finished(self, c: Calibration) -> None:
        self.calibration = c
        self._fill_table(c)
        self._fill_series(c)
        self.chart_panel.setVisible(True)
        self._draw_chart()
        self.apply_button.setEnabled(True)
        self.status.setText(
            f"MAPE {percent_text(c.mape_before, False)} → {percent_text(c.mape_after, False)} "
            f"({c.evaluations:,} model runs). Apply sets the inputs as one undoable edit."
        )
        self.fitted.emit(c)

    def _show_error(self, message: str) -> None:
        self._invalidate()
        self.status.setText(message)

    def _fill_table(self, c: Calibration) -> None:
        currency = c.scenario.currency
        rows = [
            (f"{p.label} ({p.path})", value_text(p, b, currency), value_text(p, a, currency))
            for p, b, a in zip(c.params, c.before, c.after, strict=True)
        ]
        rows += [
            (
                f"MAPE: {series_label(b.column)}",
                percent_text(b.mape, False),
                percent_text(a.mape, False),
            )
            for b, a in zip(c.fits_before, c.fits_after, strict=True)
        ]
        rows.append(
            (
                "MAPE: all series",
                percent_text(c.mape_before, False),
                percent_text(c.mape_after, False),
            )
        )
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for col, text in enumerate(row):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, col, item)

    def _fill_series(self, c: Calibration) -> None:
        chosen = self.series.currentData()
        with signals_blocked(self.series):
            self.series.clear()
            for f in c.fits_before:
                self.series.addItem(series_label(f.column), f.column)
            self.series.setCurrentIndex(max(self.series.findData(chosen), 0))

    def _draw_chart(self) -> None:
        c = self.calibration
        if c is None:
            return
        column = self.series.currentData()
        before = next((f for f in c.fits_before if f.column == column), None)
        after = next((f for f in c.fits_after if f.column == column), None)
        s = c.scenario
        money = Money.of(s.currency, s.usd_fx, False)
        self.chart.set_fits(simulate(s), before, after, money)

    # --- applying -------------------------------------------------------------------
    def apply(self) -> None:
        """Set the calibrated scenario in the document: one undoable step."""
        c = self.calibration
        if c is None or self.document.scenario != self._source:
            return
        self._applying = True
        try:
            self.document.set_scenario(c.scenario, UNDO_TEXT)
        finally:
            self._applying = False
        self.apply_button.setEnabled(False)
        self._source = None
        self.status.setText("Applied: the calibrated inputs are in the scenario (Ctrl+Z undoes).")
        self.applied.emit(c.scenario)

    def _invalidate(self) -> None:
        """Forget a fit (the scenario or the choice changed)."""
        self.calibration = None
        self._source = None if not self.runner.busy else self._source
        self.apply_button.setEnabled(False)

    def done(self, result: int) -> None:
        """Cancel a running fit when the dialog closes."""
        self.runner.cancel()
        super().done(result)


def _no_actuals() -> str:
    return (
        "This scenario has no reported actuals (its file has no “actuals” section): "
        "there is nothing to fit to."
    )


def _button(name: str, text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button
