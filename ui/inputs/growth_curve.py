"""The growth rates of one list as points over the years, dragged up and down.

:class:`GrowthCurve` draws the rates of ``revenue.core_growth`` or
``revenue.ai_growth`` (percent) as points over programme years ``Y1 .. Yn`` with a
dashed line for the last rate holding afterwards; dragging a point is one gesture.
A dragged rate stays inside the field's valid range (:mod:`simulator.scenario.fields`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGraphicsSceneMouseEvent, QWidget

from ui.charts.style import COLORS
from ui.inputs.base import box_range

GRAB_PX = 8.0  # a press this close to a point grabs it
HOLD_YEARS = 2  # years the dashed "holds after" line continues the last rate
TICK_PX = 28  # least pixels between two labelled years on the curve


@dataclass(frozen=True)
class GrowthKind:
    """What one growth list is about: its title, the noun in tooltips, its colour."""

    title: str
    subject: str
    color: str


KINDS = {
    "revenue.core_growth": GrowthKind(
        "Core cloud growth (per year)", "core cloud revenue", COLORS["core_revenue"]
    ),
    "revenue.ai_growth": GrowthKind(
        "AI demand growth (per year)", "AI demand", COLORS["ai_demand"]
    ),
}


def to_rate(percent: float) -> float:
    """A percent shown on screen as a rate (fraction), without float noise."""
    return round(percent / 100.0, 6)


class PointDragViewBox(pg.ViewBox):
    """A view box whose points can be dragged vertically with the left button.

    ``drag_started`` is emitted on the press that grabs a point, ``dragged(index, y)``
    (y in view units) on every move and on the release, then ``drag_finished``.
    """

    drag_started = Signal()
    dragged = Signal(int, float)
    drag_finished = Signal()

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.setMouseEnabled(False, False)
        self.handles = np.empty((0, 2))  # (x, y) of every draggable point, view units
        self.grabbed: int | None = None

    def handle_at(self, scene_pos: QPointF) -> int | None:
        """The point within GRAB_PX pixels of ``scene_pos`` (the nearest), if any."""
        best, best_distance = None, GRAB_PX
        for i, (x, y) in enumerate(self.handles):
            offset = self.mapViewToScene(QPointF(x, y)) - scene_pos
            distance = float(np.hypot(offset.x(), offset.y()))
            if distance <= best_distance:
                best, best_distance = i, distance
        return best

    def cancel_drag(self) -> None:
        """End a drag whose point has gone (the gesture still finishes)."""
        if self.grabbed is not None:
            self.grabbed = None
            self.ungrabMouse()
            self.drag_finished.emit()

    def mousePressEvent(self, ev: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        """Grab the point under the pointer: a gesture starts."""
        left = ev.button() == Qt.MouseButton.LeftButton
        self.grabbed = self.handle_at(ev.scenePos()) if left else None
        if self.grabbed is None:
            ev.ignore()
            return
        ev.accept()
        self.drag_started.emit()

    def mouseMoveEvent(self, ev: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        """Move the grabbed point to the pointer's height."""
        if self.grabbed is None:
            ev.ignore()
            return
        self.dragged.emit(self.grabbed, self.mapSceneToView(ev.scenePos()).y())

    def mouseReleaseEvent(self, ev: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        """Drop the point where the pointer is: the gesture ends."""
        if self.grabbed is None or ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        self.dragged.emit(self.grabbed, self.mapSceneToView(ev.scenePos()).y())
        self.grabbed = None
        self.drag_finished.emit()

    def hoverEvent(self, ev: object) -> None:  # noqa: N802
        """A vertical resize cursor over a draggable point."""
        over = not ev.isExit() and self.handle_at(ev.scenePos()) is not None
        if over:
            self.setCursor(Qt.CursorShape.SizeVerCursor)
        else:
            self.unsetCursor()


class PercentAxis(pg.AxisItem):
    """A value axis whose labels read ``50%``."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        """pyqtgraph's labels with a percent sign."""
        return [f"{s}%" for s in super().tickStrings(values, scale, spacing)]


class GrowthCurve(pg.PlotWidget):
    """The rates as points over years ``Y1 .. Yn`` (percent), draggable up and down.

    A dashed line continues the last rate for HOLD_YEARS more years. The y range fits
    the rates when they are shown, but not during a drag, so the point stays under the
    pointer. ``rate_dragged(index, rate)`` carries a dragged year's new rate (fraction).
    """

    drag_started = Signal()
    rate_dragged = Signal(int, float)
    drag_finished = Signal()

    def __init__(self, path: str, kind: GrowthKind, parent: QWidget | None = None) -> None:
        self._rates: list[float] = []  # before super().__init__, which resizes the view
        self._range = box_range(f"{path}.*")  # display units (percent)
        view = PointDragViewBox()
        super().__init__(parent, viewBox=view, axisItems={"left": PercentAxis("left")})
        self.view = view
        self.setObjectName(f"{path}.curve")
        self.setToolTip(
            f"Drag a point up or down to change that year's growth of {kind.subject}; "
            "the dashed line shows the last rate holding for later years."
        )
        self.setMinimumHeight(120)
        self._style()
        color = kind.color
        self.hold_item = self.plotItem.plot(
            pen=pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine)
        )
        self.rates_item = self.plotItem.plot(
            pen=pg.mkPen(color, width=2), symbol="o", symbolSize=10, symbolBrush=color
        )
        self.rates_item.setSymbolPen(pg.mkPen("w", width=1.5))
        view.drag_started.connect(self.drag_started)
        view.dragged.connect(self._dragged)
        view.drag_finished.connect(self._drag_finished)

    def _style(self) -> None:
        self.setBackground("w")
        item = self.plotItem
        item.setMenuEnabled(False)
        item.hideButtons()
        item.disableAutoRange()
        item.showGrid(x=False, y=True, alpha=0.15)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setTextPen("#333")
            axis.setPen("#888")
        item.getAxis("bottom").setStyle(hideOverlappingLabels=False)  # Y1 sits near the edge
        item.addItem(pg.InfiniteLine(0.0, angle=0, pen=pg.mkPen("#566573", width=1)))

    def sizeHint(self) -> QSize:  # noqa: N802
        """Wide enough for a dozen years, 150 px high."""
        return QSize(320, 150)

    def rates(self) -> list[float]:
        """The rates shown (fractions)."""
        return list(self._rates)

    def dragging(self) -> bool:
        """Whether a point is being dragged."""
        return self.view.grabbed is not None

    def set_rates(self, rates: Sequence[float]) -> None:
        """Show ``rates`` (fractions); the y range fits them unless a point is being dragged."""
        if len(rates) != len(self._rates):
            self.view.cancel_drag()
        self._rates = [float(r) for r in rates]
        years = np.arange(1, len(self._rates) + 1, dtype=float)
        percent = 100.0 * np.asarray(self._rates)
        self.rates_item.setData(years, percent)
        self.rates_item.setSymbolSize(10 if len(years) <= 12 else 7)
        last = len(self._rates)
        self.hold_item.setData([last, last + HOLD_YEARS], [percent[-1]] * 2)
        self.view.handles = np.column_stack([years, percent])
        self.plotItem.setXRange(0.5, last + HOLD_YEARS + 0.4, padding=0)
        self._label_years()
        if not self.dragging():
            self.fit_y()

    def fit_y(self) -> None:
        """Fit the y range to the rates and zero, with some room above and below."""
        percent = 100.0 * np.asarray(self._rates)
        low, high = min(0.0, percent.min()), max(0.0, percent.max())
        pad = max(0.12 * (high - low), 2.0)
        self.plotItem.setYRange(low - pad, high + pad, padding=0)

    def resizeEvent(self, ev: QResizeEvent) -> None:  # noqa: N802
        """Label as many years as fit."""
        super().resizeEvent(ev)
        if self._rates:
            self._label_years()

    def _label_years(self) -> None:
        total = len(self._rates) + HOLD_YEARS
        width = max(self.view.width(), self.width() - 60.0, 1.0)
        step = next((s for s in (1, 2, 5) if width * s / total >= TICK_PX), 10)
        labelled = range(1, total + 1, step) if step <= 2 else [1, *range(step, total + 1, step)]
        major = [(float(x), f"Y{x}") for x in labelled]
        minor = [(float(x), "") for x in range(1, total + 1) if x not in labelled]
        self.plotItem.getAxis("bottom").setTicks([major, minor])

    def _dragged(self, index: int, y: float) -> None:
        low, high = self._range
        rate = to_rate(round(min(max(y, low), high), 1))
        if index < len(self._rates) and rate != self._rates[index]:
            self.rate_dragged.emit(index, rate)

    def _drag_finished(self) -> None:
        if self._rates:
            self.fit_y()
        self.drag_finished.emit()
