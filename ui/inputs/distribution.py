"""Editing the distribution of one uncertain input: kind, parameters, live density.

A :class:`DistributionEditor` shows one driver's distribution (see
:mod:`simulator.analysis.drivers`) in the units its input shows: a kind combo, the
parameters as spin boxes (a normal or lognormal as mean and SD or as its 90 %
interval, ``dist.form``; a PERT with its lambda), a range slider for triangular, PERT
and uniform, a value/weight table for discrete, and a small density plot with the
scenario's value marked and the P10 / P50 / P90 below. "Fit to data…" (``dist.fit``)
fits a distribution to pasted numbers (:mod:`ui.inputs.fit_dialog`). The rules
(defaults, conversions, what is wrong) are in :mod:`ui.inputs.distribution_rules`;
invalid parameters show a message naming the parameter and never raise.
:class:`DistributionDialog` wraps it with OK / Cancel (OK disabled while invalid).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.analysis.drivers import Driver, driver
from simulator.scenario.distributions import Distribution
from simulator.scenario.value import Scenario
from ui.common.format import Shown, scenario_money
from ui.inputs.distribution_rules import (
    ERROR_STYLE,
    FORMS,
    INTERVAL,
    KIND_NAMES,
    PARAM_NAMES,
    PARAM_TIPS,
    PARAMS,
    SHOWN,
    WIDE,
    convert,
    default_distribution,
    display_bounds,
    interval_of,
    problem,
    subject,
    text,
    units_for,
)
from ui.inputs.distribution_widgets import (
    WEIGHT,
    DensityPlot,
    DiscreteTable,
    RangeSlider,
    spin_box,
)

HANDLES = {"triangular": ("low", "mode", "high"), "pert": ("low", "mode", "high")}
HANDLES["uniform"] = ("low", "high")
"""The range slider's handles, by kind."""
MIN_LAMBDA = 0.01


class DistributionEditor(QWidget):
    """Kind, parameters, range slider or value table, density plot and quantiles.

    ``changed`` is emitted after every edit; :meth:`distribution` is what the widgets
    hold (None for "certain"), :meth:`error` why it cannot be used ('' when it can).
    """

    changed = Signal()

    def __init__(self, d: Driver, units: Shown, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.driver, self.units = d, units
        self._last: Distribution | None = None  # the distribution shown before a kind change
        self.kind = QComboBox()
        self.kind.setObjectName("dist.kind")
        self.kind.setToolTip("The shape of the input's uncertainty; Certain removes it.")
        for name, kind in KIND_NAMES:
            self.kind.addItem(name, kind)
        low, high = display_bounds(d.path, units)
        self.spins = {name: self._spin(name, low, high) for name in PARAMS}
        self.form = QComboBox()
        self.form.setObjectName("dist.form")
        self.form.setToolTip("Give a normal or lognormal by its mean and SD, or by its 90 % range.")
        for name, key in FORMS:
            self.form.addItem(name, key)
        self.fit_button = QPushButton("Fit to data…")
        self.fit_button.setObjectName("dist.fit")
        self.fit_button.setToolTip("Fit a distribution to numbers you paste (ranked by AIC).")
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

    def _spin(self, name: str, low: float, high: float) -> QWidget:
        if name == "lambda":
            box = spin_box("dist.lambda", WEIGHT, -WIDE, WIDE, PARAM_TIPS[name])
            box.setValue(4.0)
            return box
        free = name == "sd"  # a negative SD can be typed, and is refused with a message
        return spin_box(
            f"dist.{name}",
            self.units,
            -WIDE if free else low,
            WIDE if free else high,
            PARAM_TIPS[name],
        )

    def _make_range_slider(self) -> RangeSlider:
        slider = RangeSlider(Qt.Orientation.Horizontal)
        slider.setObjectName("dist.range")
        slider.setToolTip("Drag the handles: low, (mode,) high.")
        slider.setDecimals(self.units.decimals)
        modes = type(slider.edgeLabelMode())  # superqt's EdgeLabelMode (not exported)
        slider.setEdgeLabelMode(modes.NoLabel)  # labels on the handles only, spread apart
        slider.setSingleStep(self.units.step)
        return slider

    def _lay_out(self) -> None:
        self.rows = QFormLayout()
        self.rows.addRow("Distribution", self.kind)
        self.rows.addRow("Enter as", self.form)
        for name in PARAMS:
            self.rows.addRow(PARAM_NAMES.get(name, name.capitalize()), self.spins[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows)
        layout.addWidget(self.range)
        layout.addWidget(self.values)
        layout.addWidget(self.plot, stretch=1)
        layout.addWidget(self.quantiles)
        layout.addWidget(self.message)
        layout.addWidget(self.fit_button, alignment=Qt.AlignmentFlag.AlignLeft)

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.form.currentIndexChanged.connect(lambda _: self._form_changed())
        self.fit_button.clicked.connect(self.fit_to_data)
        for spin in self.spins.values():
            spin.valueChanged.connect(self._spin_changed)
        self.range.valueChanged.connect(self._range_moved)
        self.values.edited.connect(self._refresh)

    # --- showing ---------------------------------------------------------------------

    def set_distribution(self, dist: Distribution | None) -> None:
        """Show ``dist`` (None: certain) in every widget."""
        kind = dist.kind if dist is not None else ""
        with signals_blocked(self.kind):
            self.kind.setCurrentIndex(self.kind.findData(kind))
        if dist is not None:
            self._fill(dist)
        self._last = dist
        self._show_rows(kind)
        self._refresh()

    def _fill(self, dist: Distribution, form: bool = True) -> None:
        """Put ``dist``'s parameters in the spin boxes (display units); a normal or
        lognormal in both forms, and with ``form`` the form it was given in."""
        u = self.units
        params: dict[str, float] = {}
        if dist.kind in ("normal", "lognormal"):
            params = {"mean": dist.a, "sd": dist.b}
            if not problem(dist, self.driver, u):
                params |= dict(zip(INTERVAL, interval_of(dist), strict=True))
            if form:
                with signals_blocked(self.form):
                    self.form.setCurrentIndex(1 if dist.interval else 0)
        if dist.kind in ("triangular", "uniform", "pert"):
            ends = (dist.a, dist.b) if dist.kind == "uniform" else (dist.a, dist.c)
            params = {"low": ends[0], "high": ends[1]}
            params["mode"] = sum(ends) / 2 if dist.kind == "uniform" else dist.b
        for name, value in params.items():
            with signals_blocked(self.spins[name]):
                self.spins[name].setValue(u.shown(value))
        if dist.kind == "pert":
            with signals_blocked(self.spins["lambda"]):
                self.spins["lambda"].setValue(dist.lam)
        if dist.kind == "discrete":
            self.values.set_rows(dist.values, dist.weights or (1.0,) * len(dist.values))
        self._sync_range(fit=True)

    def _shown_params(self, kind: str) -> tuple[str, ...]:
        """The parameters entered for ``kind`` (a 90 % interval instead of mean and SD)."""
        interval = kind in ("normal", "lognormal") and self.form.currentData() == "interval"
        return INTERVAL if interval else SHOWN[kind]

    def _show_rows(self, kind: str) -> None:
        self.rows.setRowVisible(1, kind in ("normal", "lognormal"))
        shown = self._shown_params(kind)
        for row, name in enumerate(PARAMS, start=2):
            self.rows.setRowVisible(row, name in shown)
        self.range.setVisible(kind in HANDLES)
        self.values.setVisible(kind == "discrete")
        self.plot.setVisible(bool(kind))
        self.quantiles.setVisible(bool(kind))

    def _sync_range(self, fit: bool = False) -> None:
        """Put the range slider's handles on the spin boxes' values."""
        names = HANDLES.get(self.kind.currentData(), ("low", "high"))
        values = tuple(self.spins[n].value() for n in names)
        low, high = self.range.minimum(), self.range.maximum()
        if fit or min(values) < low or max(values) > high:
            low, high = self._slider_span(values)
        with signals_blocked(self.range):
            self.range.setRange(low, high)
            self.range.setValue(values)
        self.range.setDecimals(self.units.decimals)  # handle labels made anew get 0

    def _slider_span(self, values: Sequence[float]) -> tuple[float, float]:
        u = self.units
        base = u.shown(self.driver.base)
        lo, hi = min(*values, base), max(*values, base)
        pad = max(hi - lo, 0.2 * abs(base), 10 * u.step) * 0.5
        valid_low, valid_high = display_bounds(self.driver.path, u)
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
        names = self._shown_params(kind)
        values = [self.units.model(self.spins[n].value()) for n in names if n != "lambda"]
        if names == INTERVAL:
            return Distribution.from_interval(kind, *values)
        if kind == "pert":
            return Distribution.pert(*values, lam=self.spins["lambda"].value())
        return Distribution(kind, *values)

    def error(self) -> str:
        """Why the distribution shown cannot be used, or '' when it can."""
        return self.message.text()

    # --- edits -----------------------------------------------------------------------

    def _kind_changed(self, _index: int) -> None:
        kind = self.kind.currentData()
        new = convert(self._last, kind, self.driver, self.units)
        if new is not None:
            self._fill(new, form=False)
            self._last = new
        self._show_rows(kind)
        self._refresh()

    def _spin_changed(self, _value: float) -> None:
        if self.kind.currentData() in HANDLES:
            self._sync_range()
        self._refresh()

    def _form_changed(self) -> None:
        """Mean and SD <-> 90 % interval: the other form of the same distribution."""
        if self._last is not None and self._last.kind == self.kind.currentData():
            self._fill(self._last, form=False)
        self._show_rows(self.kind.currentData())
        self._refresh()

    def fit_to_data(self) -> None:
        """Open the fit dialog; a fit chosen there is shown here (OK still to press)."""
        from ui.inputs.fit_dialog import FitDialog

        dialog = FitDialog(self.driver, self.units, self)
        if dialog.exec() and dialog.chosen() is not None:
            self.set_distribution(dialog.chosen())
            self.changed.emit()

    def _range_moved(self, values: tuple[float, ...]) -> None:
        names = ("low", "mode", "high") if len(values) == 3 else ("low", "high")
        for name, value in zip(names, values, strict=True):
            with signals_blocked(self.spins[name]):
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
        return f"P10 {text(u, p10)}  /  P50 {text(u, p50)}  /  P90 {text(u, p90)}"


class DistributionDialog(QDialog):
    """OK / Cancel around a :class:`DistributionEditor` for one input of a scenario."""

    def __init__(self, scenario: Scenario, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog.distribution")
        self.path = path
        d = driver(scenario, path)
        units = units_for(path, scenario_money(scenario))
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
