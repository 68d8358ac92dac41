"""A crosshair that snaps to the hovered quarter and reads out every visible series.

The chart forwards its mouse moves; they are followed at most every 16 ms (superqt's
``qthrottled``, trailing: the latest position always wins; parented to the crosshair,
so nothing outlives the chart).
The vertical line sits at the middle of the hovered quarter t, over a light band
[t, t + 1] (flows are drawn across it, stocks at its right edge), and a readout beside
the band lists each visible series' value at t, with its name and unit.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPoint, QPointF, QRect, Qt
from PySide6.QtWidgets import QGraphicsItem, QLabel
from superqt.utils import qthrottled

from ui.charts.style import COLORS

if TYPE_CHECKING:
    from ui.charts.base import Chart, Series

READOUT_STYLE = (
    "QLabel { background: rgba(255, 255, 255, 235); color: #222; border: 1px solid #aab;"
    " border-radius: 3px; padding: 4px 6px; }"
)
GAP = 8  # pixels between the band and the readout
FOLLOW_MS = 16  # follow the mouse at most this often (about 60 times a second)


def format_value(value: float) -> str:
    """A readout number: one decimal from 10 up, two below (0.05 bn still shows)."""
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"


class Crosshair(QObject):
    """Vertical line, quarter band and readout for ``chart``; hidden until hovered."""

    def __init__(self, chart: Chart) -> None:
        super().__init__(chart)
        self.chart = chart
        self.quarter: int | None = None
        self.line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(COLORS["crosshair"]))
        self.band = pg.LinearRegionItem(
            movable=False, brush=pg.mkBrush(90, 100, 110, 28), pen=pg.mkPen(None)
        )
        self.band.setZValue(-50)  # under the data
        self.line.setZValue(50)  # over it
        for item in (self.band, self.line):
            item.setVisible(False)
            chart.plot_item.addItem(item, ignoreBounds=True)
        self.label = _readout_label(chart)
        self._follow_soon = qthrottled(self._follow, FOLLOW_MS, leading=False, parent=self)
        chart.plot_item.vb.sigRangeChanged.connect(self._place)

    def mouse_moved(self, pos: QPointF) -> None:
        """The mouse moved to ``pos`` (viewport pixels): follow it within ``FOLLOW_MS``."""
        self._follow_soon(QPointF(pos))

    def mouse_left(self) -> None:
        """The mouse left the chart: hide now and forget a pending move."""
        self._follow_soon.cancel()
        self.hide()

    def _follow(self, pos: QPointF) -> None:
        self.show_at_scene(self.chart.mapToScene(pos.toPoint()))

    def show_at_scene(self, scene_pos: QPointF) -> None:
        """Show the quarter under a scene position; hide outside the plot or over the legend."""
        vb = self.chart.plot_item.vb
        over_legend = self.chart.legend.sceneBoundingRect().contains(scene_pos)
        if over_legend or not vb.sceneBoundingRect().contains(scene_pos):
            self.hide()
            return
        t = math.floor(vb.mapSceneToView(scene_pos).x())
        if 0 <= t < len(self.chart.periods):
            self.show_quarter(t)
        else:
            self.hide()

    def show_quarter(self, t: int) -> None:
        """Snap to quarter ``t`` and list the visible series' values there."""
        self.quarter = t
        self.band.setRegion((t, t + 1))
        self.line.setValue(t + 0.5)
        self.band.setVisible(True)
        self.line.setVisible(True)
        self.refresh()

    def hide(self) -> None:
        """Hide the line, the band and the readout."""
        self.quarter = None
        self.band.setVisible(False)
        self.line.setVisible(False)
        self.label.hide()

    def refresh(self) -> None:
        """Re-read the values (after new data, a unit or a visibility change)."""
        t = self.quarter
        if t is None or t >= len(self.chart.periods):
            self.hide()
            return
        rows = [_row_html(s, t) for s in self.visible_series() if s.has(t)]
        title = f"<b>{html.escape(self.chart.periods[t])}</b>"
        self.label.setText("<br>".join([title, *rows]))
        self.label.adjustSize()
        self.label.show()
        self._place()

    def visible_series(self) -> list[Series]:
        """The chart's readout series whose items are visible."""
        return [s for s in self.chart.readout_series() if s.item.isVisible()]

    def text(self) -> str:
        """The readout as plain text: ``2027Q3 · Net PP&E 282.7 bn CNY · ...``."""
        t = self.quarter
        if t is None:
            return ""
        rows = [
            f"{s.name} {format_value(s.values[t])} {s.unit}{_note(s, t)}"
            for s in self.visible_series()
            if s.has(t)
        ]
        return " · ".join([self.chart.periods[t], *rows])

    def _place(self) -> None:
        """Put the readout at the top of the plot, right of the band (left if no room),
        below the legend where it would cover it."""
        if self.quarter is None:
            return
        area = self._viewport_rect(self.chart.plot_item.vb)
        left, right = (self._pixel_x(self.quarter + dx) for dx in (0, 1))
        size = self.label.size()
        x = right + GAP if right + GAP + size.width() <= area.right() else left - GAP - size.width()
        spot = QRect(QPoint(max(area.left() + 2, x), area.top() + 4), size)
        legend = self._viewport_rect(self.chart.legend)
        if self.chart.legend.isVisible() and spot.intersects(legend):
            spot.moveTop(min(legend.bottom() + 4, max(area.top(), area.bottom() - size.height())))
        self.label.move(spot.topLeft())

    def _viewport_rect(self, item: QGraphicsItem) -> QRect:
        return self.chart.mapFromScene(item.sceneBoundingRect()).boundingRect()

    def _pixel_x(self, x: float) -> int:
        scene = self.chart.plot_item.vb.mapViewToScene(QPointF(x, 0.0))
        return self.chart.mapFromScene(scene).x()


def _readout_label(chart: Chart) -> QLabel:
    label = QLabel(chart.viewport())
    label.setObjectName(f"{chart.objectName()}.readout")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet(READOUT_STYLE)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    label.hide()
    return label


def _row_html(series: Series, t: int) -> str:
    swatch = f'<span style="color:{series.color_at(t)}">&#9632;</span>'
    value = f"<b>{format_value(series.values[t])}</b>"
    unit = html.escape(series.unit + _note(series, t))
    return f"{swatch} {html.escape(series.name)} {value} {unit}"


def _note(series: Series, t: int) -> str:
    note = series.note_at(t)
    return f" {note}" if note else ""
