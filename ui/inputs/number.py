"""A number input: a slider and a spin box that stay in step, with units.

Everything about how the input is shown comes from its entry in the field table
(:func:`simulator.scenario.fields.field`): the slider spans the field's
``ui_low``..``ui_high``, the spin box shows the value in display units (a fraction
as percent, money in the scenario's currency) with the field's decimals, step and
unit, and the tooltip is the field's. Moving either widget updates the other once
with its signals blocked, so they never ping-pong; a slider drag is one gesture
(one undo step).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget
from superqt.utils import signals_blocked

from simulator.scenario import fields
from simulator.units import Money
from ui.common.format import field_shown
from ui.inputs.base import FieldEditor

SLIDER_STEPS = 1000


class NumberField(FieldEditor):
    """Slider + spin box for the numeric field at ``path`` (objectName = the path)."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.field = fields.field(path)
        self.shown = field_shown(path)
        self._stale = False  # the money changed: show the value again
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(f"{path}.slider")
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setPageStep(SLIDER_STEPS // 20)
        self.spin = QDoubleSpinBox()
        self.spin.setObjectName(f"{path}.spin")
        self.spin.setKeyboardTracking(False)
        self.spin.setAccelerated(True)
        self.spin.setMinimumWidth(96)
        self._show_units()
        self.setToolTip(self.field.tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, stretch=1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderPressed.connect(self.gesture_started)
        self.slider.sliderReleased.connect(self.gesture_finished)
        self.spin.valueChanged.connect(self._spin_changed)

    @property
    def span(self) -> tuple[float, float]:
        """The slider's span in display units (the field's ``ui_low``..``ui_high``)."""
        scale = self.shown.scale
        return self.field.ui_low * scale, self.field.ui_high * scale

    def _show_units(self) -> None:
        low, high = self.span
        with signals_blocked(self.spin):
            self.spin.setDecimals(self.shown.decimals)
            self.spin.setRange(low, high)
            self.spin.setSingleStep(self.shown.step)
            self.spin.setSuffix(self.shown.suffix)

    def set_money(self, money: Money) -> None:
        """Show money in ``money`` (the scenario's currency, or USD at its rate): the
        value converted and the unit named; typed values are converted back. Other
        units stay. Takes effect at the next :meth:`set_value`."""
        if self.field.unit.money and money != self.shown.money:
            self.shown = field_shown(self.path, money)
            self._show_units()
            self._stale = True

    def set_value(self, value: float) -> None:
        """Show a model value (not emitting)."""
        shown = value * self.shown.scale
        low, high = self.span
        spin = self.spin
        if (
            not self._stale
            and spin.value() == round(shown, spin.decimals())
            and spin.minimum() <= shown <= spin.maximum()
        ):
            return  # shown already (most fields are, after an edit of another)
        with signals_blocked(self.slider), signals_blocked(self.spin):
            # A file may hold a value outside the usual range: widen the box, never clip it.
            self.spin.setRange(min(low, shown), max(high, shown))
            self.spin.setValue(shown)
            self.slider.setValue(self._to_slider(shown))
        self._stale = False

    def value(self) -> float:
        """The model value shown."""
        return self._to_model(self.spin.value())

    def _to_slider(self, shown: float) -> int:
        low, high = self.span
        return round((min(max(shown, low), high) - low) / (high - low) * SLIDER_STEPS)

    def _from_slider(self, position: int) -> float:
        low, high = self.span
        raw = low + (high - low) * position / SLIDER_STEPS
        step, decimals = self.shown.step, self.shown.decimals
        return round(round(raw / step) * step, decimals)  # snap to the step

    def _to_model(self, shown: float) -> float:
        if self.field.integer:
            return round(shown)
        return self.shown.model(shown)

    def _slider_moved(self, position: int) -> None:
        shown = self._from_slider(position)
        with signals_blocked(self.spin):
            self.spin.setValue(shown)
        self.value_edited.emit(self._to_model(shown))

    def _spin_changed(self, shown: float) -> None:
        with signals_blocked(self.slider):
            self.slider.setValue(self._to_slider(shown))
        self.value_edited.emit(self._to_model(shown))
