"""The two-way grid's controls: two inputs, each with a low/high range, and the grid size.

Ranges are typed in the input's display units; until the user types one, an axis
follows the scenario (the driver's -30 %..+30 % relative move). Choosing another
input resets its range to that default.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QGridLayout, QLabel, QSpinBox, QWidget
from superqt.utils import signals_blocked

from simulator.analysis.drivers import Driver, drivers
from simulator.analysis.goalseek import search_range
from simulator.scenario.value import Scenario
from ui.common.format import currency_money, driver_shown

DEFAULT_A, DEFAULT_B = "revenue.yield", "program.total_capex"
DEFAULT_GRID = 41
RELATIVE = 0.3


def default_range(s: Scenario, d: Driver) -> tuple[float, float]:
    """The driver's -30 %/+30 % relative move (one step either way if that is empty)."""
    low, high = d.relative(s, -RELATIVE), d.relative(s, RELATIVE)
    if high - low > 1e-12:
        return low, high
    step = 1.0 if d.kind == "lag" else RELATIVE * max(abs(d.base), 1.0)
    return float(d.clip(d.base - step)), float(d.clip(d.base + step))


@dataclass
class _Axis:
    """One input's widgets and whether the user typed its range."""

    combo: QComboBox
    low: QDoubleSpinBox
    high: QDoubleSpinBox
    custom: bool = False


class GridControls(QWidget):
    """Inputs A (x) and B (y) with their ranges, and the grid size; ``changed`` on edits."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario: Scenario | None = None
        self._drivers: dict[str, Driver] = {}
        self.a = self._axis("a")
        self.b = self._axis("b")
        self.grid = QSpinBox()
        self.grid.setObjectName("sensitivity.grid")
        self.grid.setRange(5, 101)
        self.grid.setValue(DEFAULT_GRID)
        self.grid.setToolTip("Values per input: the grid has this many squared cells.")
        self.grid.valueChanged.connect(self.changed)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for row, (name, axis) in enumerate((("x", self.a), ("y", self.b))):
            layout.addWidget(QLabel(f"{name}:"), row, 0)
            layout.addWidget(axis.combo, row, 1)
            layout.addWidget(QLabel("from"), row, 2)
            layout.addWidget(axis.low, row, 3)
            layout.addWidget(QLabel("to"), row, 4)
            layout.addWidget(axis.high, row, 5)
        layout.addWidget(QLabel("grid:"), 0, 6)
        layout.addWidget(self.grid, 0, 7)
        layout.setColumnStretch(1, 1)

    def _axis(self, name: str) -> _Axis:
        """A combo and two range spins named ``sensitivity.input_<name>``, ``.<name>_low``..."""
        combo = QComboBox()
        combo.setObjectName(f"sensitivity.input_{name}")
        combo.setMinimumContentsLength(14)
        low, high = QDoubleSpinBox(), QDoubleSpinBox()
        low.setObjectName(f"sensitivity.{name}_low")
        high.setObjectName(f"sensitivity.{name}_high")
        axis = _Axis(combo, low, high)
        for spin in (low, high):
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(lambda _=0.0, axis=axis: self._range_typed(axis))
        combo.currentIndexChanged.connect(lambda _=0, axis=axis: self._input_chosen(axis))
        return axis

    def set_scenario(self, s: Scenario) -> None:
        """Follow a new scenario: refill the lists if its drivers changed, reset free ranges."""
        self.scenario = s
        found = {d.path: d for d in drivers(s)}
        if list(found) != list(self._drivers):
            self._drivers = found
            self._refill(self.a, DEFAULT_A)
            self._refill(self.b, DEFAULT_B)
        self._drivers = found
        for axis in (self.a, self.b):
            self._set_range(axis, reset=not axis.custom)

    def _refill(self, axis: _Axis, default: str) -> None:
        """List the drivers by label; keep the chosen path when it is still there."""
        chosen = axis.combo.currentData() or default
        with signals_blocked(axis.combo):
            axis.combo.clear()
            for d in self._drivers.values():
                axis.combo.addItem(d.label, d.path)
            index = axis.combo.findData(chosen)
            axis.combo.setCurrentIndex(index if index >= 0 else 0)
        if axis.combo.currentData() != chosen:
            axis.custom = False

    def _set_range(self, axis: _Axis, reset: bool) -> None:
        """Spin units, bounds and decimals for the chosen driver; defaults when ``reset``."""
        d = self.driver(axis)
        if d is None or self.scenario is None:
            return
        units = driver_shown(d, currency_money(self.scenario.currency))
        bounds = search_range(d)
        low, high = default_range(self.scenario, d)
        for spin, value in ((axis.low, low), (axis.high, high)):
            with signals_blocked(spin):
                spin.setDecimals(units.decimals + 1)
                spin.setSuffix(units.suffix)
                spin.setRange(bounds[0] * units.scale, bounds[1] * units.scale)
                spin.setSingleStep(_step((high - low) * units.scale))
                if reset:
                    spin.setValue(value * units.scale)

    def _input_chosen(self, axis: _Axis) -> None:
        axis.custom = False
        self._set_range(axis, reset=True)
        self.changed.emit()

    def _range_typed(self, axis: _Axis) -> None:
        axis.custom = True
        self.changed.emit()

    def driver(self, axis: _Axis) -> Driver | None:
        """The driver chosen on ``axis``."""
        return self._drivers.get(axis.combo.currentData())

    def values(self, axis: _Axis) -> np.ndarray:
        """The axis's grid values in model units, ascending."""
        d = self.driver(axis)
        scale = driver_shown(d).scale if d else 1.0
        low, high = sorted((axis.low.value() / scale, axis.high.value() / scale))
        return np.linspace(low, high, self.grid.value())


def _step(width: float) -> float:
    """A round spin step of about a tenth of ``width``."""
    if width <= 0:
        return 0.1
    return float(10 ** np.floor(np.log10(width / 10)))
