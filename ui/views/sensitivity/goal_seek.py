"""``dialog.goal_seek``: find the value of one input that makes a metric hit a target.

The search is :func:`simulator.analysis.goalseek.seek`, run on a worker thread through a
:class:`~ui.common.worker.TaskRunner` with a progress bar and Cancel. The goal is the
metric itself (deterministic), a Monte Carlo statistic of it (mean, a percentile,
or the probability of beating a threshold; offered only when the scenario has
uncertain inputs), typed in the metric's display units (probabilities in %). Apply
sets the input in the document as one undoable step; it is enabled only while a
found value is current (a new search or a document change disables it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.analysis.drivers import Driver, drivers
from simulator.analysis.goalseek import Goal, Solution, UnreachableGoalError, search_range, seek
from simulator.analysis.sensitivity import break_even
from simulator.units import YEARS, Money
from ui.common.format import (
    Shown,
    currency_money,
    driver_shown,
    metric_factor,
    metric_label,
    metric_text,
    metric_unit,
)
from ui.common.worker import TaskRunner, progress_shown_on
from ui.document.projection import Projection

STATISTICS: tuple[tuple[str, str], ...] = (
    ("value", "value (deterministic)"),
    ("mean", "mean"),
    *((f"p{q}", f"P{q}") for q in (5, 10, 25, 50, 75, 90, 95)),
    ("prob_above", "P(metric > threshold)"),
    ("prob_below", "P(metric ≤ threshold)"),
)
"""(statistic of :mod:`simulator.analysis.goalseek`, label) in the order offered."""
GOAL_METRICS: tuple[str, ...] = (
    "npv",
    "irr",
    "payback_years",
    "discounted_payback_years",
    "peak_funding",
    "cum_program_revenue",
    "revenue_crossover_years",
)
"""The metrics goal seek offers, in menu order (labels from the metric table)."""
DEFAULT_PATHS = 2000
LIMIT = 1e9  # spin box bound for unbounded values


@dataclass(frozen=True)
class NoSolution:
    """Why no value reaches the goal (returned, not raised: the worker re-raises exceptions)."""

    reason: str


class GoalSeekDialog(QDialog):
    """Goal seek on ``document``'s scenario; ``solved`` carries each found Solution."""

    solved = Signal(object)  # Solution
    applied = Signal(object)  # the Scenario set in the document

    def __init__(
        self, document: object, projection: Projection, parent: QWidget | None = None
    ) -> None:
        """Seek on ``document`` (Apply edits it); scenario and money follow ``projection``."""
        super().__init__(parent)
        self.setObjectName("dialog.goal_seek")
        self.setWindowTitle("Goal seek")
        self.document, self.projection = document, projection
        self.money = projection.money
        self._seen = projection.scenario
        self.solution: Solution | None = None
        self._goal = Goal("npv", 0.0)  # the goal of the search running or last run
        self.runner = TaskRunner(self)
        self._build()
        self._connect()
        self._scenario_changed()

    # --- building ---------------------------------------------------------------
    def _build(self) -> None:
        self.input_combo = _combo("goal.input")
        self.metric_combo = _combo("goal.metric", tuple((k, metric_label(k)) for k in GOAL_METRICS))
        self.statistic_combo = _combo("goal.statistic", STATISTICS)
        self.threshold = _spin("goal.threshold")
        self.target = _spin("goal.target")
        self.limit = QCheckBox("Search only from")
        self.limit.setObjectName("goal.limit")
        self.low, self.high = _spin("goal.low"), _spin("goal.high")
        self.paths = QSpinBox()
        self.paths.setObjectName("goal.paths")
        self.paths.setRange(100, 1_000_000)
        self.paths.setSingleStep(1000)
        self.paths.setGroupSeparatorShown(True)
        self.paths.setValue(DEFAULT_PATHS)
        self.progress = QProgressBar()
        self.progress.setObjectName("goal.progress")
        self.progress.setVisible(False)
        self.result_label = QLabel("Choose an input and a goal, then Find.")
        self.result_label.setObjectName("goal.result")
        self.result_label.setWordWrap(True)
        self.result_label.setMinimumHeight(48)
        self.find_button = _button("goal.find", "Find")
        self.cancel_button = _button("goal.cancel", "Cancel search")
        self.apply_button = _button("goal.apply", "Apply")
        self.cancel_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Change input", self.input_combo)
        form.addRow("so that the", self.statistic_combo)
        form.addRow("of", self.metric_combo)
        form.addRow("equals", self.target)
        form.addRow("Threshold", self.threshold)
        bounds = QHBoxLayout()
        for widget in (self.limit, self.low, QLabel("to"), self.high):
            bounds.addWidget(widget)
        form.addRow("Range", bounds)
        form.addRow("Monte Carlo paths", self.paths)
        buttons = QHBoxLayout()
        for widget in (self.find_button, self.cancel_button, self.apply_button):
            buttons.addWidget(widget)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addWidget(close)

    def _connect(self) -> None:
        self.projection.changed.connect(self._projection_changed)
        self.input_combo.currentIndexChanged.connect(self._input_chosen)
        self.metric_combo.currentIndexChanged.connect(self._goal_changed)
        self.statistic_combo.currentIndexChanged.connect(self._goal_changed)
        for spin in (self.low, self.high):
            spin.valueChanged.connect(self._range_edited)
        self.find_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.apply_button.clicked.connect(self.apply_solution)
        self.runner.progress.connect(progress_shown_on(self.progress))
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._show_error)
        self.runner.cancelled.connect(self._cancelled)
        self.runner.busy_changed.connect(self._busy)

    # --- following the document and the choices ---------------------------------
    def _projection_changed(self) -> None:
        """A new scenario refills the choices; a new money unit retypes the goal."""
        if self.projection.scenario != self._seen:
            self._seen = self.projection.scenario
            self._scenario_changed()
        self.set_money(self.projection.money)

    def _scenario_changed(self) -> None:
        """Refill the inputs, offer MC statistics only with uncertain inputs, drop results."""
        s = self.document.scenario
        chosen = self.input_combo.currentData() or "revenue.yield"
        with signals_blocked(self.input_combo):
            self.input_combo.clear()
            for d in drivers(s):
                self.input_combo.addItem(d.label, d.path)
            self.input_combo.setCurrentIndex(max(self.input_combo.findData(chosen), 0))
        uncertain = bool(s.uncertainty_or_default.inputs)
        model = self.statistic_combo.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(1, model.rowCount()):
            model.item(row).setEnabled(uncertain)
        if not uncertain and self.statistic_combo.currentIndex() > 0:
            self.statistic_combo.setCurrentIndex(0)
        self._invalidate()
        self._input_chosen()
        self._goal_changed()

    def driver(self) -> Driver:
        """The chosen input's driver in the current scenario."""
        path = self.input_combo.currentData()
        return next(d for d in drivers(self.document.scenario) if d.path == path)

    def _input_chosen(self) -> None:
        """Range spins in the input's units, reset to its whole search range."""
        d = self.driver()
        units = self._input_units(d)
        low, high = search_range(d)
        for spin, value in ((self.low, low), (self.high, high)):
            with signals_blocked(spin):
                spin.setDecimals(units.decimals + 2)
                spin.setSuffix(units.suffix)
                spin.setRange(low * units.scale, high * units.scale)
                spin.setValue(value * units.scale)
        self.limit.setChecked(False)
        self._invalidate()

    def _range_edited(self) -> None:
        self.limit.setChecked(True)

    def _goal_changed(self) -> None:
        """Target/threshold units, defaults and which fields apply for this statistic."""
        metric, stat = self.metric_combo.currentData(), self.statistic_combo.currentData()
        probability = stat.startswith("prob")
        _set_units(self.threshold, metric_unit(metric, self.money), 2)
        if probability:
            _set_units(self.target, "%", 1, (0.0, 100.0))
            self.target.setValue(50.0)
        else:
            _set_units(self.target, metric_unit(metric, self.money), 2)
            self.target.setValue(self._default_target(metric))
        self.threshold.setEnabled(probability)
        self.paths.setEnabled(stat != "value")
        self._invalidate()

    def _default_target(self, metric: str) -> float:
        """Break-even where there is one (NPV 0, IRR = discount rate), else 5 years or 0."""
        level = break_even(self.document.scenario, metric)
        if level is None:
            level = 5.0 if metric_unit(metric) == YEARS.label() else 0.0
        return level * metric_factor(metric, self.money)

    # --- the search -------------------------------------------------------------
    def goal(self) -> Goal:
        """The goal as typed, converted to model units."""
        metric, stat = self.metric_combo.currentData(), self.statistic_combo.currentData()
        scale = metric_factor(metric, self.money)
        target = self.target.value() / (100.0 if stat.startswith("prob") else scale)
        return Goal(metric, target, stat, self.threshold.value() / scale)

    def bounds(self) -> tuple[float, float] | None:
        """The search range in model units when limited, else None (the whole range)."""
        if not self.limit.isChecked():
            return None
        scale = self._input_units(self.driver()).scale
        low, high = sorted((self.low.value() / scale, self.high.value() / scale))
        return low, high

    def start(self) -> None:
        """Run the search on the worker thread (cancelling one still running)."""
        s, path, goal, bounds = (
            self.document.scenario,
            self.input_combo.currentData(),
            self.goal(),
            self.bounds(),
        )
        paths = self.paths.value()
        self._goal = goal
        self._invalidate()
        self.result_label.setText("Searching…")
        self.progress.setRange(0, 0)

        def task(progress: Callable[[int, int], bool]) -> Solution | NoSolution:
            try:
                return seek(s, path, goal, paths=paths, bounds=bounds, progress=progress)
            except UnreachableGoalError as error:  # an answer, not a failure
                return NoSolution(error.rule)

        self.runner.start(task)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.find_button.setEnabled(not busy)

    def _finished(self, outcome: Solution | NoSolution) -> None:
        if isinstance(outcome, NoSolution):
            self._show_error(f"No solution: {outcome.reason}.")
            return
        self.solution = outcome
        self.result_label.setText(self.describe(outcome))
        self.apply_button.setEnabled(True)
        self.solved.emit(outcome)

    def _show_error(self, message: str) -> None:
        self.solution = None
        self.apply_button.setEnabled(False)
        self.result_label.setText(message)

    def _cancelled(self) -> None:
        self.result_label.setText("Search cancelled.")

    def describe(self, solution: Solution) -> str:
        """``Yield on capacity = 3.4722 /yr gives NPV = 0.0 bn CNY (166 evaluations).``"""
        d = solution.driver
        value = self._input_units(d).more(2).text(solution.value)
        runs = f"{solution.evaluations} evaluations"
        return f"{d.label} = {value} gives {self._achieved(solution)} ({runs})."

    def _achieved(self, solution: Solution) -> str:
        goal = self._goal
        name = metric_label(goal.metric)
        if goal.statistic.startswith("prob"):
            op = ">" if goal.statistic == "prob_above" else "≤"
            limit = metric_text(goal.metric, goal.threshold, self.money)
            return f"P({name} {op} {limit}) = {solution.achieved * 100:.1f} %"
        label = dict(STATISTICS)[goal.statistic].split(" ")[0]
        prefix = name if goal.statistic == "value" else f"{label} of {name}"
        return f"{prefix} = {metric_text(goal.metric, solution.achieved, self.money)}"

    def apply_solution(self) -> None:
        """Set the found value in the document: one undoable step."""
        solution = self.solution
        if solution is None:
            return
        d = solution.driver
        new = d.to_scenario(self.document.scenario, solution.value)
        text = self._input_units(d).text(solution.value)
        self.document.set_scenario(new, f"Goal seek: {d.label} = {text}")
        self.applied.emit(new)

    def _invalidate(self) -> None:
        """Forget a found value (the goal or the scenario changed)."""
        self.solution = None
        self.apply_button.setEnabled(False)

    def set_money(self, money: Money) -> None:
        """Type and show money metrics as ``money`` says."""
        if money != self.money:
            self.money = money
            self._goal_changed()

    def _input_units(self, d: Driver) -> Shown:
        """How an input is typed: its field's unit, in the scenario's own currency."""
        return driver_shown(d, currency_money(self.document.scenario.currency))

    def done(self, result: int) -> None:
        """Cancel a running search when the dialog closes."""
        self.runner.cancel()
        super().done(result)


def _combo(name: str, items: tuple[tuple[str, str], ...] = ()) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for key, label in items:
        combo.addItem(label, key)
    return combo


def _spin(name: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setRange(-LIMIT, LIMIT)
    spin.setKeyboardTracking(False)
    return spin


def _button(name: str, text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


def _set_units(
    spin: QDoubleSpinBox, unit: str, decimals: int, bounds: tuple[float, float] = (-LIMIT, LIMIT)
) -> None:
    """Suffix, decimals and range of a spin box (its value kept where it fits)."""
    with signals_blocked(spin):
        spin.setDecimals(decimals)
        spin.setSuffix(f" {unit}" if unit else "")
        spin.setRange(*bounds)
