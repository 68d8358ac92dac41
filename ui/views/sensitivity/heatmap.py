"""``chart.heatmap``: the metric over a grid of two inputs, with its break-even contour.

x is input A, y is input B, both in their own display units; pixel (i, j) is centred
on (a_values[j], b_values[i]). The diverging colour map is centred on the
break-even (0 for NPV, the discount rate for IRR; the scenario's own value for
other metrics), red on the worse side; the isocurve is drawn at that level.
Undefined values (NaN) are transparent over a grey backdrop. A crosshair reads out
both inputs and the metric under the mouse; a marker shows the scenario's values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from simulator.analysis.sensitivity import TwoWay
from simulator.units import NO_UNIT, Money
from ui.common.format import (
    Shown,
    axis_label,
    currency_money,
    driver_axis_label,
    driver_shown,
    lower_is_better,
    metric_factor,
    metric_label,
    metric_text,
)
from ui.views.sensitivity.plot import SensitivityPlot, finite_span, label_font

NAN_COLOR = "#b8bcc2"
_FILL = 1e30  # stands in for undefined values when tracing the contour
_STOPS = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
_WORSE_TO_BETTER = ["#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac"]
DIVERGING = pg.ColorMap(pos=_STOPS, color=_WORSE_TO_BETTER)
"""Red (worse than break-even), white (break-even), blue (better): higher is better."""
DIVERGING_REVERSED = pg.ColorMap(pos=_STOPS, color=_WORSE_TO_BETTER[::-1])
"""The same for metrics where lower is better (paybacks, peak funding)."""


@dataclass(frozen=True)
class Axes:
    """The two inputs' display units and the grid step in display units."""

    a: Shown
    b: Shown
    a_step: float
    b_step: float


class HeatmapChart(SensitivityPlot):
    """Image, colour bar, break-even isocurve, current-values marker and crosshair."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("heatmap", "Two inputs at once", parent)
        self.backdrop = QGraphicsRectItem()
        self.backdrop.setBrush(QBrush(QColor(NAN_COLOR)))
        self.backdrop.setPen(QPen(QColor(0, 0, 0, 0)))
        self.plot_item.addItem(self.backdrop)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot_item.addItem(self.image)
        self.contour = pg.IsocurveItem(
            level=0.0, pen=pg.mkPen("#111", width=2), axisOrder="row-major"
        )
        self.contour.setParentItem(self.image)
        self.colorbar = pg.ColorBarItem(colorMap=DIVERGING, interactive=False, width=14)
        self.colorbar.setImageItem(self.image, insert_in=self.plot_item)
        self.colorbar.axis.setTextPen("#333")
        self.colorbar.axis.setPen("#888")
        self.marker = pg.ScatterPlotItem(
            size=11, symbol="o", pen=pg.mkPen("#111", width=2), brush=pg.mkBrush(255, 255, 255)
        )
        self.plot_item.addItem(self.marker)
        self._crosshair()
        self.grid: TwoWay | None = None
        self.level, self.has_level = 0.0, True
        self.display = np.zeros((0, 0))
        self._metric, self._money, self._axes = (
            "npv",
            Money(),
            Axes(Shown(NO_UNIT, 2, 1.0), Shown(NO_UNIT, 2, 1.0), 1, 1),
        )
        self.scene().sigMouseMoved.connect(self._hover)

    def _crosshair(self) -> None:
        """Two hidden lines and a readout that follow the mouse over the image."""
        pen = pg.mkPen("#333", width=1, style=pg.QtCore.Qt.PenStyle.DashLine)
        self.vline = pg.InfiniteLine(angle=90, pen=pen)
        self.hline = pg.InfiniteLine(angle=0, pen=pen)
        self.readout = pg.TextItem(
            color="#111", fill=pg.mkBrush(255, 255, 255, 230), border=pg.mkPen("#889")
        )
        self.readout.setFont(label_font())
        self.readout.setZValue(200)
        for item in (self.vline, self.hline, self.readout):
            item.setVisible(False)
            self.plot_item.addItem(item, ignoreBounds=True)

    def set_two_way(
        self,
        grid: TwoWay,
        level: float,
        current: tuple[float, float],
        money: Money,
        currency: str,
    ) -> None:
        """Draw ``grid`` with the contour and colour centre at ``level`` (model units).

        An undefined ``level`` (NaN) draws no contour and centres the colours on the
        middle of the finite values.
        """
        self.grid, self._metric, self._money = grid, grid.metric, money
        scale = metric_factor(grid.metric, money)
        self.display = grid.values * scale
        self.has_level = math.isfinite(level)
        self.level = level * scale if self.has_level else sum(finite_span(self.display)) / 2
        own = currency_money(currency)
        a, b = driver_shown(grid.a, own), driver_shown(grid.b, own)
        rect = _pixel_rect(grid.a_values * a.scale, grid.b_values * b.scale)
        self._axes = Axes(
            a, b, rect.width() / grid.a_values.size, rect.height() / grid.b_values.size
        )
        self._draw_image(rect)
        self.contour.setData(_fill_undefined(self.display, grid.metric), self.level)
        self.contour.setVisible(self.has_level)
        self.marker.setData([current[0] * a.scale], [current[1] * b.scale])
        self.set_label("bottom", driver_axis_label(grid.a, own))
        self.set_label("left", driver_axis_label(grid.b, own))
        self.colorbar.axis.setLabel(axis_label(grid.metric, money), color="#333")
        self.plot_item.vb.setRange(rect=rect, padding=0)
        self.readout.setVisible(False)

    def _draw_image(self, rect: QRectF) -> None:
        """The image, its place, and colour levels symmetric about the break-even."""
        self.image.setImage(self.display, autoLevels=False)
        self.image.setRect(rect)
        self.backdrop.setRect(rect)
        low, high = finite_span(self.display, (self.level - 1.0, self.level + 1.0))
        half = max(abs(high - self.level), abs(self.level - low), 1e-12)
        cmap = DIVERGING_REVERSED if lower_is_better(self._metric) else DIVERGING
        if self.colorbar.colorMap() is not cmap:
            self.colorbar.setColorMap(cmap)
        self.colorbar.setLevels((self.level - half, self.level + half))

    def crosses_level(self) -> bool:
        """Whether the contour level lies inside the grid's finite values."""
        values = self.display[np.isfinite(self.display)]
        inside = bool(values.size) and bool(values.min() <= self.level <= values.max())
        return self.has_level and inside

    def _hover(self, scene_pos: QPointF) -> None:
        """Show the crosshair and readout at the grid cell under the mouse."""
        vb = self.plot_item.vb
        cell = self.cell_at(vb.mapSceneToView(scene_pos)) if self.grid is not None else None
        if cell is None or not vb.sceneBoundingRect().contains(scene_pos):
            self.hide_readout()
            return
        self.show_cell(*cell)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        """(row i, column j) of the grid cell at view position ``pos``, if inside."""
        rect = self.image.mapRectToView(self.image.boundingRect())
        if not rect.contains(pos):
            return None
        rows, cols = self.display.shape
        j = min(int((pos.x() - rect.left()) / rect.width() * cols), cols - 1)
        i = min(int((pos.y() - rect.top()) / rect.height() * rows), rows - 1)
        return i, j

    def show_cell(self, i: int, j: int) -> None:
        """Crosshair and readout at cell (i, j): both inputs' values and the metric."""
        grid, axes = self.grid, self._axes
        if grid is None:
            return
        x, y = grid.a_values[j] * axes.a.scale, grid.b_values[i] * axes.b.scale
        self.vline.setValue(x)
        self.hline.setValue(y)
        self.readout.setText(self.readout_text(i, j))
        (x0, x1), (y0, y1) = self.plot_item.vb.viewRange()
        self.readout.setAnchor(
            (0.0 if x < (x0 + x1) / 2 else 1.0, 1.0 if y < (y0 + y1) / 2 else 0.0)
        )
        self.readout.setPos(x, y)
        for item in (self.vline, self.hline, self.readout):
            item.setVisible(True)

    def readout_text(self, i: int, j: int) -> str:
        """``Yield on capacity 0.800 /yr · Total capex 380.0 bn CNY · NPV -77.4 bn CNY``."""
        grid, axes = self.grid, self._axes
        if grid is None:
            return ""
        value = metric_text(self._metric, float(grid.values[i, j]), self._money)
        name = metric_label(self._metric)
        return (
            f"{grid.a.label}: {axes.a.text(grid.a_values[j])}\n"
            f"{grid.b.label}: {axes.b.text(grid.b_values[i])}\n"
            f"{name}: {value}"
        )

    def hide_readout(self) -> None:
        """Hide the crosshair and its readout."""
        for item in (self.vline, self.hline, self.readout):
            item.setVisible(False)


def _pixel_rect(xs: np.ndarray, ys: np.ndarray) -> QRectF:
    """The image's rectangle so pixel centres sit on the grid values."""
    dx = _step(xs)
    dy = _step(ys)
    return QRectF(float(xs[0]) - dx / 2, float(ys[0]) - dy / 2, dx * xs.size, dy * ys.size)


def _step(values: np.ndarray) -> float:
    """The grid's spacing (a unit-ish width for a single or constant value)."""
    if values.size > 1 and values[-1] != values[0]:
        return float(values[-1] - values[0]) / (values.size - 1)
    return max(abs(float(values[0])) * 0.05, 1e-3)


def _fill_undefined(values: np.ndarray, metric: str) -> np.ndarray:
    """NaN replaced by the worst side (paybacks +, others -) for tracing the contour."""
    fill = _FILL if lower_is_better(metric) else -_FILL
    return np.where(np.isfinite(values), values, fill)
