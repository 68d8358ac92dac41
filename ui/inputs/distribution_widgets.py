"""The parts of the distribution editor: the value/weight table and the density plot."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleRangeSlider
from superqt.sliders._labeled import LabelPosition

from simulator.analysis.drivers import Driver
from simulator.scenario.distributions import Distribution
from simulator.units import NO_UNIT
from ui.charts.style import COLORS
from ui.common.format import Shown
from ui.inputs.base import button_row
from ui.inputs.distribution_rules import WIDE, density_grid

WEIGHT = Shown(NO_UNIT, 2, 0.5)


def spread(
    centres: Sequence[float], widths: Sequence[float], gap: float, right: float
) -> list[float]:
    """Label centres as near ``centres`` as they can be, in order, with at least ``gap``
    pixels between neighbours and every label inside [0, ``right``]."""
    xs = [float(c) for c in centres]
    for i in range(len(xs)):  # left to right: clear of the previous label (and the edge)
        least = widths[0] / 2 if i == 0 else xs[i - 1] + (widths[i - 1] + widths[i]) / 2 + gap
        xs[i] = max(xs[i], least)
    for i in reversed(range(len(xs))):  # right to left: back inside the right edge
        last = i == len(xs) - 1
        most = right - widths[i] / 2 if last else xs[i + 1] - (widths[i] + widths[i + 1]) / 2 - gap
        xs[i] = min(xs[i], most)
    return xs


class RangeSlider(QLabeledDoubleRangeSlider):
    """superqt's labelled range slider whose handle labels never overlap each other or
    leave the slider: each sits above its handle where there is room, else it is pushed
    aside (superqt's own placement lets close handles' labels cover each other)."""

    GAP = 4

    def _reposition_labels(self) -> None:
        """Place the handle labels (superqt calls this on every move and resize)."""
        labels = list(self._handle_labels)
        if not labels or self._handle_label_position == LabelPosition.NoLabel:
            return
        slider = self._slider
        centres = [slider.mapToParent(slider._handleRect(i).center()) for i in range(len(labels))]
        widths = [label.width() for label in labels]
        xs = spread([c.x() for c in centres], widths, self.GAP, self.width())
        for label, x, centre in zip(labels, xs, centres, strict=True):
            label.move(round(x - label.width() / 2), round(centre.y() - 1.5 * label.height()))
            label.clearFocus()
            label.raise_()
            label.show()
        self.update()


def spin_box(name: str, units: Shown, low: float, high: float, tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setDecimals(units.decimals)
    box.setSingleStep(units.step)
    if units.label:
        box.setSuffix(f" {units.label}")
    box.setToolTip(tip)
    return box


class DiscreteTable(QWidget):
    """Value / weight rows of a discrete distribution, with + and − row buttons."""

    edited = Signal()

    def __init__(
        self, units: Shown, low: float, high: float, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.units, self._bounds = units, (low, high)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("dist.values")
        value = f"Value ({units.label})" if units.label else "Value"
        self.table.setHorizontalHeaderLabels([value, "Weight"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setToolTip("The possible values and their weights (probability ∝ weight).")
        self.table.setMaximumHeight(150)
        self.add_button = button("+ value", "dist.values.add", "Add a value.")
        self.remove_button = button("− value", "dist.values.remove", "Remove the selected value.")
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
        value_box = spin_box(
            f"dist.values.{row}.value", self.units, *self._bounds, "A possible value."
        )
        weight_box = spin_box(
            f"dist.values.{row}.weight",
            WEIGHT,
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

    def __init__(self, units: Shown, parent: QWidget | None = None) -> None:
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
        if units.label:
            bottom.setLabel(units.label)
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


def button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button
