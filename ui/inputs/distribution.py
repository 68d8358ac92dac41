"""Editing the distribution of one uncertain input: kind, parameters, live density.

A :class:`DistributionEditor` shows one driver's distribution (see
:mod:`simulator.drivers`) in the units its input shows (percent fields as %, money in
bn, a growth shift in percentage points, a spend delay in years): a kind combo, the
parameters as spin boxes, a range slider for triangular and uniform, a value/weight
table for discrete, and a small density plot with the scenario's value marked and the
P10 / P50 / P90 below. Densities and quantiles come from
:class:`simulator.distributions.Distribution`, valid ranges from the driver; the
editor only converts units. Invalid parameters show a message and never raise.
:class:`DistributionDialog` wraps it with OK / Cancel (OK disabled while invalid).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleRangeSlider

from simulator.analysis.drivers import Driver, driver
from simulator.errors import ScenarioError
from simulator.scenario import fields
from simulator.scenario.distributions import Distribution
from simulator.scenario.uncertainty import parse
from simulator.scenario.value import Scenario
from ui.charts.style import COLORS
from ui.inputs.base import button_row
from ui.inputs.simple import CATEGORY_NUMBERS, NUMBERS

KIND_NAMES = (
    ("Certain (no uncertainty)", ""),
    ("Normal", "normal"),
    ("Triangular", "triangular"),
    ("Uniform", "uniform"),
    ("Lognormal", "lognormal"),
    ("Discrete", "discrete"),
)
PARAMS = ("mean", "sd", "low", "mode", "high")
SHOWN = {
    "": (),
    "normal": ("mean", "sd"),
    "lognormal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
    "discrete": (),
}
PARAM_TIPS = {
    "mean": "Mean of the value (a normal is truncated to the input's valid range).",
    "sd": "Standard deviation of the value (must be 0 or more).",
    "low": "Lowest possible value.",
    "mode": "Most likely value.",
    "high": "Highest possible value.",
}
GRID_POINTS = 301
WIDE = 1e7  # spin-box bound (display units) where the input has none
ERROR_STYLE = "color: #b03a2e;"


@dataclass(frozen=True)
class Units:
    """How a driver's values are shown: display = value * scale, with a unit."""

    scale: float
    unit: str
    decimals: int
    step: float
    low: float  # the input's usual display range (its slider's)
    high: float

    def shown(self, value: float) -> float:
        """A model value in display units, rounded to the shown decimals."""
        return round(value * self.scale, self.decimals)

    def model(self, shown: float) -> float:
        """A displayed value back in model units."""
        return round(shown, self.decimals) / self.scale

    def number(self, value: float) -> str:
        """A model value as shown, without unit: ``15`` (no float noise, no -0)."""
        return f"{round(value * self.scale, self.decimals + 1) + 0.0:.4g}"

    def text(self, value: float) -> str:
        """A model value as text with its unit, e.g. ``15 %``."""
        return f"{self.number(value)} {self.unit}".strip()


def units_for(path: str) -> Units:
    """The display units of driver ``path``, as its input shows it."""
    if path == "revenue.core_growth" or path == "revenue.ai_growth":
        return Units(100.0, "pp", 2, 0.5, -50.0, 50.0)
    if path == "program.year_split":
        return Units(1.0, "yr", 2, 0.25, -3.0, 3.0)
    spec = NUMBERS.get(path) or CATEGORY_NUMBERS[path.rsplit(".", 1)[-1]]
    return Units(spec.scale, spec.unit, max(spec.decimals, 2), spec.step, spec.low, spec.high)


def default_distribution(d: Driver, units: Units) -> Distribution:
    """The distribution offered when an input is first made uncertain.

    A growth shift: normal, mean 0, sd 5 pp; the spend delay: uniform -0.5 .. +0.5
    years; any other input: triangular, low/high 20 % either side of its value (ten
    display steps when the value is 0; at least one quarter for a lag), clipped to the
    input's valid range.
    """
    if d.kind == "shift":
        return Distribution.normal(0.0, 0.05)
    if d.kind == "delay":
        return Distribution.uniform(-0.5, 0.5)
    half = 0.2 * abs(d.base) or 10 * units.step / units.scale
    if d.kind == "lag":
        half = max(half, 1.0)
    low, high = max(d.base - half, d.low), min(d.base + half, d.high)
    return Distribution.triangular(
        units.model(units.shown(low)), d.base, units.model(units.shown(high))
    )


def summary(dist: Distribution, units: Units) -> str:
    """A distribution in display units, e.g. ``triangular 12 / 15 / 18 %``."""
    if dist.kind == "discrete":
        shown = [units.number(v) for v in dist.values[:4]]
        numbers = ", ".join(shown) + (", …" if len(dist.values) > 4 else "")
        return f"discrete {numbers} {units.unit}".strip()
    values = (dist.a, dist.b, dist.c)[: len(SHOWN[dist.kind])]
    numbers = " / ".join(units.number(v) for v in values)
    return f"{dist.kind} {numbers} {units.unit}".strip()


def subject(d: Driver, units: Units) -> str:
    """What the distribution is of, in words, with the scenario's value."""
    if d.kind == "shift":
        return f"{d.label}: a shift in pp added to every year's growth rate (0 = as entered)."
    if d.kind == "delay":
        return f"{d.label}: years the whole spend schedule moves later (0 = as entered)."
    return f"{d.label}: now {units.text(d.base)}."


def convert(dist: Distribution | None, kind: str, d: Driver, units: Units) -> Distribution | None:
    """A distribution of ``kind`` about as central and wide as ``dist`` (or the default)."""
    if not kind:
        return None
    source = dist or default_distribution(d, units)
    if source.kind == kind:
        return source
    center, half = _center_half(source)
    half = half or units.step / units.scale
    low, high = max(center - half, d.low), min(center + half, d.high)
    if kind in ("normal", "lognormal"):
        return Distribution(kind, center, half / 2)
    if kind == "triangular":
        return Distribution.triangular(low, min(max(center, low), high), high)
    if kind == "uniform":
        return Distribution.uniform(low, high)
    return Distribution.discrete((low, center, high) if low < center < high else (center,))


def _center_half(dist: Distribution) -> tuple[float, float]:
    if dist.kind in ("normal", "lognormal"):
        return dist.a, 2 * dist.b
    if dist.kind == "triangular":
        return dist.b, (dist.c - dist.a) / 2
    if dist.kind == "uniform":
        return (dist.a + dist.b) / 2, (dist.b - dist.a) / 2
    values = sorted(dist.values)
    return values[len(values) // 2], (values[-1] - values[0]) / 2


def problem(dist: Distribution | None, d: Driver, units: Units) -> str:
    """Why ``dist`` cannot be used for ``d`` (in display units), or '' when it can."""
    if dist is None:
        return ""
    message = _parameter_problem(dist) or _range_problem(dist, d.path, units)
    if message:
        return message
    try:  # the model's own check, for anything the messages above miss
        parse({"inputs": {d.path: dist.to_dict()}})
    except ScenarioError as exc:
        return str(exc)
    return ""


def _parameter_problem(dist: Distribution) -> str:
    kind, a, b, c = dist.kind, dist.a, dist.b, dist.c
    if kind in ("normal", "lognormal") and b < 0:
        return "The SD must be 0 or more."
    if kind == "lognormal" and a <= 0:
        return "A lognormal needs a mean above 0."
    if kind in ("triangular", "uniform") and a > (c if kind == "triangular" else b):
        return "Low must not be above high."
    if kind == "triangular" and not a <= b <= c:
        return "The mode must lie between low and high."
    if kind == "discrete" and not dist.values:
        return "Add at least one value."
    if kind == "discrete" and dist.weights and math.fsum(dist.weights) <= 0:
        return "At least one weight must be above 0."
    return ""


def _range_problem(dist: Distribution, path: str, units: Units) -> str:
    """Bounded distributions must stay inside the input's valid range."""
    if dist.kind in ("normal", "lognormal"):
        return ""
    ends = (
        dist.values
        if dist.kind == "discrete"
        else (dist.a, dist.b, dist.c)[: len(SHOWN[dist.kind])]
    )
    low, high = fields.field(path).closed_range()
    if min(ends) >= low and max(ends) <= high:
        return ""
    if math.isinf(high):
        if 0 < low < 1e-9:  # an open end at 0
            return f"Values must be above {units.text(0.0)}."
        return f"Values must be {units.text(low)} or more."
    return f"Values must lie inside {units.text(low)} .. {units.text(high)}."


def _spin(name: str, units: Units, low: float, high: float, tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setDecimals(units.decimals)
    box.setSingleStep(units.step)
    if units.unit:
        box.setSuffix(f" {units.unit}")
    box.setToolTip(tip)
    return box


def _display_bounds(path: str, units: Units) -> tuple[float, float]:
    """The driver's valid range in display units, finite."""
    low, high = fields.field(path).closed_range()
    return max(low * units.scale, -WIDE), min(high * units.scale, WIDE)


class DistributionEditor(QWidget):
    """Kind, parameters, range slider or value table, density plot and quantiles.

    ``changed`` is emitted after every edit; :meth:`distribution` is what the widgets
    hold (None for "certain"), :meth:`error` why it cannot be used ('' when it can).
    """

    changed = Signal()

    def __init__(self, d: Driver, units: Units, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.driver, self.units = d, units
        self._last: Distribution | None = None  # the distribution shown before a kind change
        self.kind = QComboBox()
        self.kind.setObjectName("dist.kind")
        self.kind.setToolTip("The shape of the input's uncertainty; Certain removes it.")
        for text, kind in KIND_NAMES:
            self.kind.addItem(text, kind)
        low, high = _display_bounds(d.path, units)
        self.spins = {
            name: _spin(
                f"dist.{name}",
                units,
                -WIDE if name == "sd" else low,
                WIDE if name == "sd" else high,
                PARAM_TIPS[name],
            )
            for name in PARAMS
        }
        self.range = self._make_range_slider()
        self.values = DiscreteTable(units, low, high)
        self.plot = DensityPlot(units)
        self.quantiles = QLabel()
        self.quantiles.setObjectName("dist.quantiles")
        self.quantiles.setToolTip("10th, 50th and 90th percentiles of the values drawn.")
        self.quantiles.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setObjectName("dist.error")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self._lay_out()
        self._connect()

    # --- construction ----------------------------------------------------------------

    def _make_range_slider(self) -> QLabeledDoubleRangeSlider:
        slider = QLabeledDoubleRangeSlider(Qt.Orientation.Horizontal)
        slider.setObjectName("dist.range")
        slider.setToolTip("Drag the handles: low, (mode,) high.")
        slider.setDecimals(self.units.decimals)
        modes = type(slider.edgeLabelMode())  # superqt's EdgeLabelMode (not exported)
        slider.setEdgeLabelMode(modes.NoLabel)  # labels on the handles only
        slider.setSingleStep(self.units.step)
        return slider

    def _lay_out(self) -> None:
        self.form = QFormLayout()
        self.form.addRow("Distribution", self.kind)
        for name in PARAMS:
            self.form.addRow(name.upper() if name == "sd" else name.capitalize(), self.spins[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.range)
        layout.addWidget(self.values)
        layout.addWidget(self.plot, stretch=1)
        layout.addWidget(self.quantiles)
        layout.addWidget(self.message)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for spin in self.spins.values():
            spin.valueChanged.connect(self._spin_changed)
        self.range.valueChanged.connect(self._range_moved)
        self.values.edited.connect(self._refresh)

    # --- showing ---------------------------------------------------------------------

    def set_distribution(self, dist: Distribution | None) -> None:
        """Show ``dist`` (None: certain) in every widget."""
        kind = dist.kind if dist is not None else ""
        with QSignalBlocker(self.kind):
            self.kind.setCurrentIndex(self.kind.findData(kind))
        if dist is not None:
            self._fill(dist)
        self._last = dist
        self._show_rows(kind)
        self._refresh()

    def _fill(self, dist: Distribution) -> None:
        u = self.units
        params = {"mean": dist.a, "sd": dist.b} if dist.kind in ("normal", "lognormal") else {}
        if dist.kind in ("triangular", "uniform"):
            ends = (dist.a, dist.c) if dist.kind == "triangular" else (dist.a, dist.b)
            params = {"low": ends[0], "high": ends[1]}
            params["mode"] = dist.b if dist.kind == "triangular" else sum(ends) / 2
        for name, value in params.items():
            with QSignalBlocker(self.spins[name]):
                self.spins[name].setValue(u.shown(value))
        if dist.kind == "discrete":
            self.values.set_rows(dist.values, dist.weights or (1.0,) * len(dist.values))
        self._sync_range(fit=True)

    def _show_rows(self, kind: str) -> None:
        for row, name in enumerate(PARAMS, start=1):
            self.form.setRowVisible(row, name in SHOWN[kind])
        self.range.setVisible(kind in ("triangular", "uniform"))
        self.values.setVisible(kind == "discrete")
        self.plot.setVisible(bool(kind))
        self.quantiles.setVisible(bool(kind))

    def _sync_range(self, fit: bool = False) -> None:
        """Put the range slider's handles on the spin boxes' values."""
        kind = self.kind.currentData()
        names = ("low", "mode", "high") if kind == "triangular" else ("low", "high")
        values = tuple(self.spins[n].value() for n in names)
        low, high = self.range.minimum(), self.range.maximum()
        if fit or min(values) < low or max(values) > high:
            low, high = self._slider_span(values)
        with QSignalBlocker(self.range):
            self.range.setRange(low, high)
            self.range.setValue(values)
        self.range.setDecimals(self.units.decimals)  # handle labels made anew get 0

    def _slider_span(self, values: Sequence[float]) -> tuple[float, float]:
        u = self.units
        base = u.shown(self.driver.base)
        lo, hi = min(*values, base), max(*values, base)
        pad = max(hi - lo, 0.2 * abs(base), 10 * u.step) * 0.5
        valid_low, valid_high = _display_bounds(self.driver.path, u)
        return max(lo - pad, valid_low), min(hi + pad, valid_high)

    # --- reading ---------------------------------------------------------------------

    def distribution(self) -> Distribution | None:
        """The distribution the widgets hold, in model units (None: certain)."""
        kind = self.kind.currentData()
        if not kind:
            return None
        if kind == "discrete":
            values, weights = self.values.rows()
            model = tuple(self.units.model(v) for v in values)
            even = len(set(weights)) <= 1 and weights and weights[0] > 0
            return Distribution.discrete(model, () if even else weights)
        args = [self.units.model(self.spins[n].value()) for n in SHOWN[kind]]
        return Distribution(kind, *args)

    def error(self) -> str:
        """Why the distribution shown cannot be used, or '' when it can."""
        return self.message.text()

    # --- edits -----------------------------------------------------------------------

    def _kind_changed(self, _index: int) -> None:
        kind = self.kind.currentData()
        new = convert(self._last, kind, self.driver, self.units)
        if new is not None:
            self._fill(new)
            self._last = new
        self._show_rows(kind)
        self._refresh()

    def _spin_changed(self, _value: float) -> None:
        if self.kind.currentData() in ("triangular", "uniform"):
            self._sync_range()
        self._refresh()

    def _range_moved(self, values: tuple[float, ...]) -> None:
        names = ("low", "mode", "high") if len(values) == 3 else ("low", "high")
        for name, value in zip(names, values, strict=True):
            with QSignalBlocker(self.spins[name]):
                self.spins[name].setValue(value)
        self._refresh()

    def _refresh(self) -> None:
        dist = self.distribution()
        message = problem(dist, self.driver, self.units)
        self.message.setText(message)
        self.message.setVisible(bool(message))
        if dist is not None:
            self._last = dist
            self.plot.show_density(None if message else dist, self.driver)
            self.quantiles.setText("" if message else self._quantile_text(dist))
        self.changed.emit()

    def _quantile_text(self, dist: Distribution) -> str:
        d = self.driver
        p10, p50, p90 = d.clip(dist.ppf([0.1, 0.5, 0.9], d.low, d.high))
        u = self.units
        return f"P10 {u.text(p10)}  /  P50 {u.text(p50)}  /  P90 {u.text(p90)}"


class DiscreteTable(QWidget):
    """Value / weight rows of a discrete distribution, with + and − row buttons."""

    edited = Signal()

    def __init__(
        self, units: Units, low: float, high: float, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.units, self._bounds = units, (low, high)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("dist.values")
        self.table.setHorizontalHeaderLabels([f"Value ({units.unit})".replace(" ()", ""), "Weight"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setToolTip("The possible values and their weights (probability ∝ weight).")
        self.table.setMaximumHeight(150)
        self.add_button = _button("+ value", "dist.values.add", "Add a value.")
        self.remove_button = _button("− value", "dist.values.remove", "Remove the selected value.")
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(button_row(self.add_button, self.remove_button))

    def set_rows(self, values: Sequence[float], weights: Sequence[float]) -> None:
        """Show ``values`` (model units) and ``weights`` without emitting."""
        self.table.setRowCount(0)
        for value, weight in zip(values, weights, strict=True):
            self._append(self.units.shown(value), weight)
        self.remove_button.setEnabled(self.table.rowCount() > 1)

    def rows(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """(values in display units, weights)."""
        boxes = [
            (self.table.cellWidget(r, 0), self.table.cellWidget(r, 1))
            for r in range(self.table.rowCount())
        ]
        return tuple(v.value() for v, _ in boxes), tuple(w.value() for _, w in boxes)

    def _append(self, shown: float, weight: float) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        value_box = _spin(
            f"dist.values.{row}.value", self.units, *self._bounds, "A possible value."
        )
        weight_box = _spin(
            f"dist.values.{row}.weight",
            Units(1.0, "", 2, 0.5, 0, 1),
            0.0,
            WIDE,
            "Weight of the value.",
        )
        value_box.setValue(shown)
        weight_box.setValue(weight)
        for col, box in enumerate((value_box, weight_box)):
            box.setFrame(False)
            box.valueChanged.connect(self.edited)
            self.table.setCellWidget(row, col, box)

    def _add(self) -> None:
        values, _ = self.rows()
        last = values[-1] if values else 0.0
        self._append(last + self.units.step, 1.0)
        self.remove_button.setEnabled(self.table.rowCount() > 1)
        self.edited.emit()

    def _remove(self) -> None:
        row = self.table.currentRow()
        self.table.removeRow(row if 0 <= row < self.table.rowCount() else self.table.rowCount() - 1)
        self.remove_button.setEnabled(self.table.rowCount() > 1)
        self.edited.emit()


class DensityPlot(pg.PlotWidget):
    """The density (or, for discrete, the probabilities) over the input's valid range.

    ``curve`` holds ``Distribution.pdf`` on an x grid inside the driver's valid range
    (x in display units); ``stems`` the probabilities of a discrete distribution;
    ``base_line`` marks the scenario's value.
    """

    def __init__(self, units: Units, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.units = units
        self.setObjectName("dist.density")
        self.setToolTip("Density of the values drawn; the dashed line is the scenario's value.")
        self.setMinimumHeight(140)
        item = self.plotItem
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        item.hideAxis("left")
        bottom = item.getAxis("bottom")
        bottom.setTextPen("#333")
        bottom.setPen("#888")
        if units.unit:
            bottom.setLabel(units.unit)
            bottom.enableAutoSIPrefix(False)  # "yr", never "yr (x0.001)"
        color = COLORS.get("ai_demand", "#1f77b4")
        self.curve = item.plot(
            pen=pg.mkPen(color, width=2), fillLevel=0.0, brush=pg.mkBrush(color + "40")
        )
        self.stems = item.plot(pen=pg.mkPen(color, width=3), connect="pairs")
        self.base_line = pg.InfiniteLine(
            0.0, angle=90, pen=pg.mkPen("#566573", width=1, style=Qt.PenStyle.DashLine)
        )
        item.addItem(self.base_line)

    def sizeHint(self) -> QSize:  # noqa: N802
        """A small plot."""
        return QSize(360, 160)

    def show_density(self, dist: Distribution | None, d: Driver) -> None:
        """Draw ``dist`` for driver ``d`` (nothing when None)."""
        u = self.units
        self.base_line.setValue(d.base * u.scale)
        if dist is None:
            self.curve.setData([], [])
            self.stems.setData([], [])
            return
        x = density_grid(dist, d, u)
        if dist.kind == "discrete":
            values = np.unique(np.clip(dist.values, d.low, d.high))
            self.curve.setData([], [])
            self.stems.setData(
                np.repeat(values * u.scale, 2),
                np.column_stack([np.zeros_like(values), dist.pdf(values)]).ravel(),
            )
        else:
            self.stems.setData([], [])
            y = np.nan_to_num(dist.pdf(x), posinf=0.0)
            self.curve.setData(x * u.scale, y)
        low, high = float(x[0] * u.scale), float(x[-1] * u.scale)
        self.plotItem.setXRange(
            min(low, d.base * u.scale), max(high, d.base * u.scale), padding=0.05
        )
        self.plotItem.enableAutoRange(axis="y")


def density_grid(dist: Distribution, d: Driver, units: Units) -> np.ndarray:
    """The x values (model units) a density is drawn at: its bulk, inside the driver's range."""
    if dist.kind in ("normal", "lognormal"):
        lo, hi = (float(v) for v in dist.ppf([0.0005, 0.9995], d.low, d.high))
        ends: tuple[float, ...] = ()
    else:
        ends = (
            tuple(dist.values)
            if dist.kind == "discrete"
            else (dist.a, dist.b, dist.c)[: len(SHOWN[dist.kind])]
        )
        lo, hi = min(ends), max(ends)
    pad = 0.08 * (hi - lo) or 2 * units.step / units.scale
    lo, hi = max(lo - pad, d.low), min(hi + pad, d.high)
    grid = np.linspace(lo, hi, GRID_POINTS)
    kinks = [e for e in ends if lo < e < hi]
    return np.unique(np.concatenate([grid, kinks])) if kinks else grid


class DistributionDialog(QDialog):
    """OK / Cancel around a :class:`DistributionEditor` for one input of a scenario."""

    def __init__(self, scenario: Scenario, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog.distribution")
        self.path = path
        d = driver(scenario, path)
        units = units_for(path)
        self.setWindowTitle(f"Uncertainty — {d.label}")
        current = scenario.uncertainty_or_default.distribution(path)
        self.editor = DistributionEditor(d, units)
        self.editor.set_distribution(current or default_distribution(d, units))
        intro = QLabel(subject(d, units))
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.editor.changed.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor, stretch=1)
        layout.addWidget(self.buttons)
        self._update_ok()
        self.resize(420, 520)

    def distribution(self) -> Distribution | None:
        """The distribution chosen (None: certain)."""
        return self.editor.distribution()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """No default button: Enter in a box commits the typed value, not the dialog.

        (The button box makes OK the default when it is shown, so undo that after.)
        """
        super().showEvent(event)
        for push in self.buttons.buttons():
            push.setAutoDefault(False)
            push.setDefault(False)

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(not self.editor.error())


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button
