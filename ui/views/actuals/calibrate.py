"""``dialog.calibrate``: fit chosen inputs to the scenario's reported actuals.

The inputs offered (``calibrate.inputs``, a checkable list with each input's prior) are
the scenario's drivers calibration can move (:func:`simulator.analysis.drivers.drivers`,
seasonal factors included) and each year of the two growth lists
(``revenue.ai_growth.0`` ...), labelled by :func:`simulator.analysis.calibration.param`.
The file's default fit set (``calibration.fit``; ``revenue.seasonality`` means Q1..Q3)
is listed first and checked when the dialog opens; each input's prior (value ± sd) is
beside it, its source in the tooltip. "Fit up to quarter" (``calibrate.through_on``,
``calibrate.through``) fits only the reported quarters and facts up to that quarter.

Fit (``calibrate.run``) runs :func:`simulator.analysis.calibration.calibrate` on a worker
thread through a :class:`~ui.common.worker.TaskRunner`, with a progress bar and Cancel.
Before anything is applied the dialog shows ``calibrate.table`` (each input's prior,
value before and after with its standard error, the MAPE of each series before and
after), ``calibrate.notes`` (the correlations above 0.5 and the fit's warnings in
words: identification, no better point than the start), ``calibrate.held_out`` (with
"Fit up to quarter": the error on each quarter the fit never saw) and
``chart.calibration`` (model before, model after and reported, for the series chosen in
``calibrate.series``, the held-out quarters marked). Apply (``calibrate.apply``) sets
the calibrated scenario as one undoable edit; it is enabled only while the fit belongs
to the document's current scenario. The text comes from
:mod:`ui.views.actuals.calibration_text`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator import Scenario, simulate
from simulator.analysis.calibration import Calibration, calibrate, param
from simulator.analysis.fit import Fit, fit
from simulator.units import Money
from ui.charts.fit import FitChart, series_label
from ui.common.format import percent_text
from ui.common.worker import TaskRunner, progress_shown_on
from ui.document.document import ScenarioDocument
from ui.views.actuals.calibration_text import (
    calibration_paths,
    default_paths,
    held_out_rows,
    input_rows,
    notes_html,
    prior_text,
    prior_tip,
    reported_quarters,
)

UNDO_TEXT = "Calibrate to actuals"


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
        self._shown: dict[str, tuple[Fit, Fit]] = {}  # the chart's fits, by series
        self._applying = False
        self.runner = TaskRunner(self)
        self._build()
        self._connect()
        self._scenario_changed()
        self.resize(1120, 760)

    # --- building ---------------------------------------------------------------
    def _build(self) -> None:
        self.inputs = QTreeWidget()
        self.inputs.setObjectName("calibrate.inputs")
        self.inputs.setColumnCount(2)
        self.inputs.setHeaderLabels(("Input", "Prior (value ± sd)"))
        self.inputs.setRootIsDecorated(False)
        self.inputs.setUniformRowHeights(True)
        # "Economic life: Data centres & power": the end names the category
        self.inputs.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.inputs.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.inputs.header().setStretchLastSection(False)
        self.inputs.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.inputs.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.defaults_button = _button("calibrate.defaults", "Check the file's set")
        self.defaults_button.setToolTip(
            "Check exactly the inputs the file names in calibration.fit."
        )
        self.through_on = QCheckBox("Fit up to quarter")
        self.through_on.setObjectName("calibrate.through_on")
        self.through = QComboBox()
        self.through.setObjectName("calibrate.through")
        self.through.setEnabled(False)
        tip = (
            "Fit only the reported quarters and facts up to this quarter; the errors on "
            "the later quarters, which the fit never sees, are shown after the fit."
        )
        self.through_on.setToolTip(tip)
        self.through.setToolTip(tip)
        self.progress = QProgressBar()
        self.progress.setObjectName("calibrate.progress")
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("calibrate.status")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(36)
        self.table = _table(
            "calibrate.table", ("Input", "Prior", "Before", "After", "± std. error")
        )
        self.notes = QLabel()
        self.notes.setObjectName("calibrate.notes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setVisible(False)
        self.held_out = _table(
            "calibrate.held_out", ("Held out", "Quarter", "Reported", "Model", "Error")
        )
        self.held_out.setVisible(False)
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
        choose.addWidget(QLabel("Inputs to fit (the file's set is listed first):"))
        choose.addWidget(self.inputs, stretch=1)
        choose.addWidget(self.defaults_button, alignment=Qt.AlignmentFlag.AlignLeft)
        through = QHBoxLayout()
        through.addWidget(self.through_on)
        through.addWidget(self.through, stretch=1)
        choose.addLayout(through)
        results = QWidget()
        shown = QVBoxLayout(results)
        shown.setContentsMargins(0, 0, 0, 0)
        shown.addWidget(self.table, stretch=1)
        shown.addWidget(self.notes)
        shown.addWidget(self.held_out)  # as high as its few rows
        self.chart_panel = QWidget()  # shown once there is a fit to draw
        panel = QVBoxLayout(self.chart_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Chart the series"))
        pick.addWidget(self.series, stretch=1)
        panel.addLayout(pick)
        panel.addWidget(self.chart, stretch=1)
        self.chart_panel.setVisible(False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(results)
        right.addWidget(self.chart_panel)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setChildrenCollapsible(False)
        right.setSizes([470, 230])  # the figures first: every input's row in view
        self.right = right
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([360, 760])
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
        self.defaults_button.clicked.connect(
            lambda: self.set_chosen(default_paths(self.document.scenario))
        )
        self.through_on.toggled.connect(self.through.setEnabled)
        self.series.currentIndexChanged.connect(lambda _: self._draw_chart())
        self.runner.progress.connect(progress_shown_on(self.progress))
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._show_error)
        self.runner.cancelled.connect(lambda: self.status.setText("Fit cancelled."))
        self.runner.busy_changed.connect(self._busy)

    # --- following the document ---------------------------------------------------
    def _scenario_changed(self) -> None:
        """Refill the inputs (keeping the checks) and the quarters; a fit of another
        scenario is dropped."""
        s = self.document.scenario
        self._fill_inputs(s)
        self._fill_through(s)
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

    def _fill_inputs(self, s: Scenario) -> None:
        """The file's fit set first, then every other input; each with its prior."""
        defaults = default_paths(s)
        checked = set(self.chosen()) if self.inputs.topLevelItemCount() else set(defaults)
        offered = calibration_paths(s)
        first = [p for p in defaults if p in offered]
        currency = s.currency
        with signals_blocked(self.inputs):
            self.inputs.clear()
            for path in first + [p for p in offered if p not in first]:
                p = param(s, path)
                item = QTreeWidgetItem([p.label, prior_text(p, currency)])
                item.setData(0, Qt.ItemDataRole.UserRole, path)
                item.setToolTip(0, f"{p.label}\n{path}\n{prior_tip(p)}")
                item.setToolTip(1, prior_tip(p))
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                on = path in checked
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.inputs.addTopLevelItem(item)

    def _fill_through(self, s: Scenario) -> None:
        """The quarters a fit may stop at: every reported one but the last."""
        chosen = self.through.currentData()
        quarters = reported_quarters(s)[:-1]
        with signals_blocked(self.through):
            self.through.clear()
            for q in quarters:
                self.through.addItem(q, q)
            index = self.through.findData(chosen)
            # by default hold out the last two reported quarters, as a test of the fit
            self.through.setCurrentIndex(index if index >= 0 else max(len(quarters) - 2, 0))
        self.through_on.setEnabled(bool(quarters))
        if not quarters:
            self.through_on.setChecked(False)

    def _items(self) -> list[QTreeWidgetItem]:
        return [self.inputs.topLevelItem(i) for i in range(self.inputs.topLevelItemCount())]

    def offered(self) -> list[str]:
        """Every input in the list, in list order."""
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in self._items()]

    def chosen(self) -> list[str]:
        """The checked inputs' paths, in list order."""
        return [
            item.data(0, Qt.ItemDataRole.UserRole)
            for item in self._items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def set_chosen(self, paths: list[str]) -> None:
        """Check exactly ``paths`` (for scripts and tests)."""
        for item in self._items():
            on = item.data(0, Qt.ItemDataRole.UserRole) in paths
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_through(self, quarter: str | None) -> None:
        """Fit up to ``quarter`` (None: every reported quarter)."""
        self.through_on.setChecked(quarter is not None)
        if quarter is not None:
            self.through.setCurrentIndex(self.through.findData(quarter))

    def through_quarter(self) -> str | None:
        """The quarter the fit stops at, None when it uses every reported quarter."""
        if not self.through_on.isChecked():
            return None
        return self.through.currentData()

    # --- the fit --------------------------------------------------------------------
    def start(self) -> None:
        """Run the fit on the worker thread; say plainly why it cannot run."""
        s, paths, through = self.document.scenario, self.chosen(), self.through_quarter()
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
            return calibrate(s, paths, through=through, progress=progress)

        self.runner.start(task)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.run_button.setEnabled(not busy)

    def _finished(self, c: Calibration) -> None:
        self.calibration = c
        self._fill_table(c)
        self._fill_notes(c)
        self._fill_held_out(c)
        self._remember_fits(c)
        self._fill_series(c)
        self.chart_panel.setVisible(True)
        self._draw_chart()
        self.apply_button.setEnabled(True)
        fitted = f" up to {c.through}" if c.through else ""
        text = (
            f"MAPE{fitted} {percent_text(c.mape_before, False)} → "
            f"{percent_text(c.mape_after, False)} ({c.evaluations:,} model runs). "
            "Apply sets the inputs as one undoable edit."
        )
        if not c.improved:
            text = "No better point than the start was found. " + text
        self.status.setText(text)
        self.fitted.emit(c)

    def _show_error(self, message: str) -> None:
        self._invalidate()
        self.status.setText(message)

    def _fill_table(self, c: Calibration) -> None:
        _fill(self.table, input_rows(c))
        for r, p in enumerate(c.params):
            self.table.item(r, 0).setToolTip(f"{p.path}\n{prior_tip(p)}")
            self.table.item(r, 1).setToolTip(prior_tip(p))

    def _fill_notes(self, c: Calibration) -> None:
        """The correlations above 0.5 and the warnings, in words."""
        self.notes.setText(notes_html(c))
        self.notes.setVisible(True)

    def _fill_held_out(self, c: Calibration) -> None:
        """The error on each quarter after ``through`` (hidden without one)."""
        rows = held_out_rows(c)
        _fill(self.held_out, rows)
        self.held_out.setVisible(bool(rows))
        header = self.held_out.horizontalHeader().sizeHint().height()
        body = sum(self.held_out.rowHeight(r) for r in range(len(rows)))
        self.held_out.setFixedHeight(header + body + 2 * self.held_out.frameWidth())

    def _remember_fits(self, c: Calibration) -> None:
        """The chart's fits: every reported quarter (the held-out ones too), before and
        after."""
        source = self._source or c.scenario
        series = source.actual_series
        before = fit(simulate(source), series, source.first_period)
        after = fit(simulate(c.scenario), series, c.scenario.first_period)
        self._shown = {b.column: (b, a) for b, a in zip(before, after, strict=True)}

    def _fill_series(self, c: Calibration) -> None:
        chosen = self.series.currentData()
        with signals_blocked(self.series):
            self.series.clear()
            for column in self._shown:
                self.series.addItem(series_label(column), column)
            self.series.setCurrentIndex(max(self.series.findData(chosen), 0))

    def _draw_chart(self) -> None:
        c = self.calibration
        if c is None:
            return
        before, after = self._shown.get(self.series.currentData(), (None, None))
        s = c.scenario
        money = Money.of(s.currency, s.usd_fx, False)
        self.chart.set_fits(simulate(s), before, after, money, c.through)

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


def _table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(20)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    """Write ``rows`` into ``table``: text left in the first column, right elsewhere."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            item = QTableWidgetItem(text)
            if col:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, col, item)


def _button(name: str, text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button
