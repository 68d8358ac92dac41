"""A number input: a slider and a spin box that stay in step, with units.

The spin box shows the value in display units (``scale`` 100 shows a fraction as
percent). Moving either updates the other once with its signals blocked, so they
never ping-pong; a slider drag is one gesture (one undo step).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

from ui.inputs.base import FieldEditor

SLIDER_STEPS = 1000


@dataclass(frozen=True)
class NumberSpec:
    """How one numeric field is edited. Bounds and step are in display units."""

    path: str
    label: str
    low: float
    high: float
    step: float
    decimals: int
    unit: str = ""
    scale: float = 1.0  # display = value * scale
    integer: bool = False
    tip: str = ""


class NumberField(FieldEditor):
    """Slider + spin box for one numeric field (objectName = field path)."""

    def __init__(self, spec: NumberSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec.path, parent)
        self.spec = spec
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(f"{spec.path}.slider")
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setPageStep(SLIDER_STEPS // 20)
        self.spin = QDoubleSpinBox()
        self.spin.setObjectName(f"{spec.path}.spin")
        self.spin.setRange(spec.low, spec.high)
        self.spin.setDecimals(spec.decimals)
        self.spin.setSingleStep(spec.step)
        self.spin.setKeyboardTracking(False)
        self.spin.setAccelerated(True)
        if spec.unit:
            self.spin.setSuffix(f" {spec.unit}")
        self.spin.setMinimumWidth(96)
        self.setToolTip(spec.tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, stretch=1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderPressed.connect(self.gesture_started)
        self.slider.sliderReleased.connect(self._slider_released)
        self.spin.valueChanged.connect(self._spin_changed)

    def set_value(self, value: float) -> None:
        """Show a model value (not emitting)."""
        shown = value * self.spec.scale
        for w in (self.slider, self.spin):
            w.blockSignals(True)
        # A file may hold a value outside the usual range: widen the box, never clip it.
        self.spin.setRange(min(self.spec.low, shown), max(self.spec.high, shown))
        self.spin.setValue(shown)
        self.slider.setValue(self._to_slider(shown))
        for w in (self.slider, self.spin):
            w.blockSignals(False)

    def value(self) -> float:
        """The model value shown."""
        return self._to_model(self.spin.value())

    def _to_slider(self, shown: float) -> int:
        s = self.spec
        return round((min(max(shown, s.low), s.high) - s.low) / (s.high - s.low) * SLIDER_STEPS)

    def _from_slider(self, position: int) -> float:
        s = self.spec
        raw = s.low + (s.high - s.low) * position / SLIDER_STEPS
        return round(round(raw / s.step) * s.step, s.decimals)  # snap to the step

    def _to_model(self, shown: float) -> float:
        if self.spec.integer:
            return round(shown)
        return round(shown, self.spec.decimals) / self.spec.scale

    def _slider_moved(self, position: int) -> None:
        shown = self._from_slider(position)
        self.spin.blockSignals(True)
        self.spin.setValue(shown)
        self.spin.blockSignals(False)
        self.value_edited.emit(self._to_model(shown))

    def _slider_released(self) -> None:
        self.gesture_finished.emit()

    def _spin_changed(self, shown: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(self._to_slider(shown))
        self.slider.blockSignals(False)
        self.value_edited.emit(self._to_model(shown))
