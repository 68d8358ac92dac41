"""What every chart shares: time axis, look, legend, money unit, crosshair readout.

A chart is created once; :meth:`Chart.set_result` moves its existing plot items with
``setData`` (never clearing or re-adding items). x is time in quarters from the
scenario's start: x = t is the start of quarter t, so a stock (cumulative value,
book value) for quarter t is drawn at its end, x = t + 1, and a flow (capex, FCF,
revenue in the quarter) as a bar over [t, t + 1] or a point at its middle, x = t + 0.5.

Each chart declares what its crosshair readout lists with :meth:`Chart.set_readout`
(one :class:`Series` per legend entry); clicking a legend entry hides or shows the
entry's item and every item linked to it with :meth:`Chart.link_visibility`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.icons import invisibleEye
from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QWidget

from simulator import Result
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.units import Money
from ui.charts.axes import QuarterAxis
from ui.charts.crosshair import Crosshair
from ui.charts.legend import legend_above
from ui.charts.reported import NO_REPORTS, Marks, Reported
from ui.charts.style import GRID_COLORS

END_MARGIN = 0.8
"""Quarters shown after the horizon's end, so a marker drawn there is whole."""


def per_quarter(unit: str) -> str:
    """A flow's axis label, short enough for a short chart's left axis ("bn CNY/qtr")."""
    return f"{unit}/qtr"


@dataclass(frozen=True)
class Series:
    """One line of the crosshair readout: ``values[t]`` in ``unit``, listed while ``item``
    (the series' legend item) is visible; ``color`` (one, or one per quarter) marks it.
    A NaN value leaves the quarter out; ``notes[t]`` (if given) follows the value."""

    name: str
    values: np.ndarray
    unit: str
    color: str | Sequence[str]
    item: QGraphicsItem
    notes: Sequence[str] = ()

    def color_at(self, t: int) -> str:
        """The marker colour at quarter ``t``."""
        return self.color if isinstance(self.color, str) else self.color[t]

    def has(self, t: int) -> bool:
        """Whether the series has a value at quarter ``t``."""
        return not math.isnan(self.values[t])

    def note_at(self, t: int) -> str:
        """The note after the value at quarter ``t`` ("" for none)."""
        return self.notes[t] if self.notes else ""


class SeriesSample(ItemSample):
    """A legend sample that also draws areas (fills) and two-coloured bars."""

    def paint(self, p: QPainter, *args: object) -> None:
        """An eye for hidden items, an area swatch for fills, a split swatch for bars with
        per-bar brushes, pyqtgraph's sample otherwise."""
        item = self.item
        if not item.isVisible():
            p.drawPixmap(QPoint(1, 1), invisibleEye.qicon.pixmap(18, 18))
        elif isinstance(item, QGraphicsPathItem):
            _swatch(p, item.brush(), item.brush().color().darker(130))
        elif _is_area(item):
            _swatch(p, pg.mkBrush(item.opts["fillBrush"]), pg.mkPen(item.opts["pen"]).color())
        elif isinstance(item, pg.BarGraphItem) and item.opts["brushes"]:
            _split_swatch(p, item.opts["brushes"])
        else:
            super().paint(p, *args)


def _is_area(item: QGraphicsItem) -> bool:
    opts = getattr(item, "opts", {})
    return opts.get("fillLevel") is not None and opts.get("fillBrush") is not None


def _swatch(p: QPainter, fill: object, edge: object) -> None:
    p.setPen(pg.mkPen(edge))
    p.setBrush(pg.mkBrush(fill))
    p.drawRect(QRectF(2, 4, 16, 13))


def _split_swatch(p: QPainter, brushes: Sequence[object]) -> None:
    """Upper-left triangle in the first brush, lower-right in the last distinct one."""
    first, last = pg.mkBrush(brushes[0]), pg.mkBrush(brushes[-1])
    for b in brushes:
        if pg.mkBrush(b).color() != first.color():
            last = pg.mkBrush(b)
    p.setPen(pg.mkPen(None))
    corners = [QPointF(2, 4), QPointF(18, 4), QPointF(2, 17), QPointF(18, 17)]
    p.setBrush(first)
    p.drawPolygon([corners[0], corners[1], corners[2]])
    p.setBrush(last)
    p.drawPolygon([corners[1], corners[3], corners[2]])


class Grid(pg.GraphicsObject):
    """Grid lines at the ticks of a view's bottom and left axes, opaque and light.

    Replaces pyqtgraph's axis grid, whose translucent lines Qt's raster engine draws
    about 20 times slower than opaque ones (7 ms per axis and repaint here), and which
    makes every axis repaint whenever anything in the plot moves.
    """

    def __init__(self, plot_item: pg.PlotItem) -> None:
        super().__init__()
        self.plot_item = plot_item
        self.setZValue(-1000)
        self.pens = (pg.mkPen(GRID_COLORS[0]), pg.mkPen(GRID_COLORS[1]))
        self._key: tuple[float, ...] = ()
        self._cache: tuple[list[QLineF], list[QLineF]] = ([], [])
        plot_item.vb.sigRangeChanged.connect(self._changed)
        plot_item.vb.sigResized.connect(self._changed)

    def _changed(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        """The whole view."""
        return self.plot_item.vb.viewRect()

    def paint(self, p: QPainter, *args: object) -> None:
        """Minor lines first, then major ones over them."""
        for level in (1, 0):
            p.setPen(self.pens[level])
            p.drawLines(self._lines()[level])

    def _lines(self) -> tuple[list[QLineF], list[QLineF]]:
        """(major, minor) lines for the current range and size, cached between paints."""
        vb = self.plot_item.vb
        (x0, x1), (y0, y1) = vb.viewRange()
        key = (x0, x1, y0, y1, vb.width(), vb.height())
        if key != self._key:
            levels: tuple[list[QLineF], list[QLineF]] = ([], [])
            for level, (_, values) in enumerate(self._ticks("bottom", x0, x1, vb.width())):
                levels[level].extend(QLineF(v, y0, v, y1) for v in values)
            for level, (_, values) in enumerate(self._ticks("left", y0, y1, vb.height())):
                levels[level].extend(QLineF(x0, v, x1, v) for v in values)
            self._key, self._cache = key, levels
        return self._cache

    def _ticks(self, side: str, low: float, high: float, pixels: float) -> list:
        """The axis's major and minor tick levels (as it draws them) over [low, high]."""
        if pixels <= 0 or high <= low:
            return []
        return list(self.plot_item.getAxis(side).tickValues(low, high, pixels))[:2]


class HistoryBand:
    """A light band over the quarters before the start, its edge labelled "history |
    plan": the reported past the model runs through before the plan begins.

    The label hangs from the top of the view, or, where the legend sits over that
    spot, just below the legend (early quarters are small in every chart, so the space
    under a top-left legend is free there), or nowhere when the legend fills the chart's
    height; it is centred on the band's edge unless the band is too narrow for its left
    half.
    """

    TOP = 0.98  # the label's top, as a fraction of the view's height from the bottom

    def __init__(self, plot_item: pg.PlotItem, legend: pg.LegendItem) -> None:
        self.plot_item, self.legend = plot_item, legend
        self.region = pg.LinearRegionItem(
            values=(0, 0),
            movable=False,
            brush=pg.mkBrush(120, 120, 120, 28),
            pen=pg.mkPen(None),
        )
        self.region.setZValue(-50)
        for line in self.region.lines:
            line.setPen(pg.mkPen(140, 140, 140, 160, width=1))
        self.label = pg.InfLineLabel(
            self.region.lines[1],
            "history | plan",
            position=self.TOP,
            anchors=[(0.5, 0), (0.5, 0)],  # always hanging below its point
            color="#777",
        )
        plot_item.addItem(self.region, ignoreBounds=True)
        self.labelled = True  # the label is shown (where the band is)
        self.quarters = -1
        self.show_quarters(0)
        plot_item.vb.sigResized.connect(self.place_label)
        plot_item.vb.sigRangeChanged.connect(self.place_label)

    def show_quarters(self, quarters: int) -> None:
        """Shade quarters 0 .. ``quarters`` (hidden when there is no history)."""
        if quarters == self.quarters:
            return
        self.quarters = quarters
        self.region.setRegion((0, quarters))
        self.region.setVisible(quarters > 0)
        self.place_label()

    def place_label(self, *_: object) -> None:
        """Put the label at the top of the view, or below the legend if it covers it."""
        vb = self.plot_item.vb
        view = vb.sceneBoundingRect()
        if self.quarters <= 0 or view.height() <= 0:
            return
        legend = self.legend.sceneBoundingRect()
        x = vb.mapViewToScene(QPointF(float(self.quarters), 0.0)).x()
        half = self.label.boundingRect().width() / 2 + 4
        covers = (
            self.legend.isVisible()
            and legend.bottom() > view.top()  # a legend above the view covers nothing
            and legend.left() - half <= x <= legend.right() + half
            and legend.top() <= view.top() + view.height() / 3
        )
        position = self.TOP
        if covers:
            position = 1.0 - (legend.bottom() - view.top()) / view.height() - 0.02
        # no room under a legend as high as the chart: the band goes unlabelled
        room = position * view.height() > 3 * self.label.boundingRect().height()
        if self.labelled != room:
            self.labelled = room
            self.label.setVisible(room)
        # centred on the edge, or moved right so that a narrow band does not cut it off
        width = max(self.label.boundingRect().width(), 1.0)
        across = min(0.5, max(0.0, (x - view.left() - 2) / width))
        if self.label.anchors[0][0] != across:
            self.label.anchors = [(across, 0), (across, 0)]
            self.label.setAnchor((across, 0))
        if position != self.label.orthoPos:
            self.label.setPosition(position)


class TimeViewBox(pg.ViewBox):
    """A chart's view box. Linked time axes show the same quarters whatever the charts'
    widths: pyqtgraph lines up the pixels of linked views that overlap on screen, so a
    chart spanning two columns made the charts above it show half the horizon."""

    def linkedViewChanged(self, view: pg.ViewBox | None, axis: int) -> None:  # noqa: N802
        """Take the linked view's time range as it is (y links as pyqtgraph does)."""
        if axis != pg.ViewBox.XAxis or self.linksBlocked or view is None:
            super().linkedViewChanged(view, axis)
            return
        low, high = view.viewRange()[0]
        view.blockLink(True)
        try:
            self.enableAutoRange(pg.ViewBox.XAxis, False)
            self.setXRange(low, high, padding=0)
        finally:
            view.blockLink(False)


class Chart(pg.PlotWidget):
    """A white, gridded plot over quarters with a legend and a crosshair readout."""

    def __init__(
        self,
        name: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        self.time_axis = QuarterAxis()
        super().__init__(parent, axisItems={"bottom": self.time_axis}, viewBox=TimeViewBox())
        self.setObjectName(f"chart.{name}")
        self.setBackground("w")
        self.plot_item = self.getPlotItem()
        self.set_title(title)
        self.grid = Grid(self.plot_item)
        self.plot_item.addItem(self.grid, ignoreBounds=True)
        for side in ("left", "bottom", "right"):
            axis = self.plot_item.getAxis(side)
            axis.setTextPen("#333")
            axis.setPen("#888")
        self.plot_item.setMenuEnabled(False)
        self.plot_item.vb.setAutoVisible(y=True)
        # above the view box, never over the data (ui/charts/legend.py)
        self.legend = legend_above(
            self.plot_item,
            verSpacing=-4,
            horSpacing=4,
            labelTextSize="8pt",
            labelTextColor="#222",
            sampleType=SeriesSample,
        )
        self.legend.sigSampleClicked.connect(self._sync_linked)
        self.periods: list[str] = []
        self._series: list[Series] = []
        self._linked: dict[int, tuple[QGraphicsItem, ...]] = {}
        self._labels: dict[str, str] = {}
        self.reported: Reported = NO_REPORTS
        self.crosshair = Crosshair(self)
        self.history_band = HistoryBand(self.plot_item, self.legend)

    TITLE_POINTS = 11

    def set_title(self, title: str) -> None:
        """The chart's title, in the house style, elided in the middle when the chart is
        narrower than it (the whole title is then the chart's tooltip)."""
        self.title = title
        self._fit_title()

    def _fit_title(self) -> None:
        font = QFont(self.font())
        font.setPointSize(self.TITLE_POINTS)
        room = max(self.width() - 16, 40)
        metrics = QFontMetrics(font)
        shown = metrics.elidedText(self.title, Qt.TextElideMode.ElideMiddle, room)
        self.setToolTip(self.title if shown != self.title else "")
        if shown != getattr(self, "_shown_title", None):
            self._shown_title = shown
            self.plot_item.setTitle(shown, color="#222", size=f"{self.TITLE_POINTS}pt")

    def resizeEvent(self, ev: QResizeEvent) -> None:  # noqa: N802
        """Lay out as pyqtgraph does, the title elided to the new width."""
        super().resizeEvent(ev)
        if hasattr(self, "title"):
            self._fit_title()

    def set_result(
        self, result: Result, money: Money | None = None, reported: Reported | None = None
    ) -> None:
        """Redraw from a one-scenario result, money shown as ``money`` says (default bn CNY),
        with the scenario's ``reported`` actuals as markers where the chart shows them.

        Moves the existing items (:meth:`draw`), then settles the ranges at once: left to
        paint time, pyqtgraph's auto-range schedules a second repaint of the chart.
        """
        self.reported = reported or NO_REPORTS
        self.draw(result, money or Money())
        self._settle_ranges()

    def draw(self, result: Result, money: Money) -> None:
        """Move the chart's items to ``result`` (subclasses; items are created once)."""
        raise NotImplementedError

    def views(self) -> list[pg.ViewBox]:
        """The chart's view boxes (subclasses with a second y axis add theirs)."""
        return [self.plot_item.vb]

    def _settle_ranges(self) -> None:
        if self.isVisible():  # an unshown chart has no size to fit yet
            for view in self.views():
                view.updateAutoRange()
                view.updateMatrix()

    def readout_series(self) -> list[Series]:
        """The series the crosshair readout lists (while their items are visible)."""
        return list(self._series)

    def set_readout(self, series: Iterable[Series]) -> None:
        """Declare the readout's series (call from ``draw``); refreshes the readout."""
        self._series = list(series)
        self.crosshair.refresh()

    def link_visibility(self, primary: QGraphicsItem, *others: QGraphicsItem) -> None:
        """Make the legend entry of ``primary`` hide and show ``others`` too."""
        self._linked[id(primary)] = others

    def set_label(self, side: str, text: str) -> None:
        """Set an axis label (only when it changes: relabelling relays the plot out)."""
        if self._labels.get(side) != text:
            self._labels[side] = text
            self.plot_item.setLabel(side, text)

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        """Pan/zoom as pyqtgraph does, and let the crosshair follow."""
        super().mouseMoveEvent(ev)
        self.crosshair.mouse_moved(ev.position())

    def leaveEvent(self, ev: QEvent) -> None:  # noqa: N802
        """Hide the crosshair when the mouse leaves."""
        super().leaveEvent(ev)
        self.crosshair.mouse_left()

    def _sync_linked(self, primary: QGraphicsItem) -> None:
        """Hide or show the items linked to a legend entry, then fit the axes to what is
        visible (hidden items leave the auto-range)."""
        for item in self._linked.get(id(primary), ()):
            item.setVisible(primary.isVisible())
        for view in self.views():
            view.enableAutoRange(pg.ViewBox.YAxis, True)
            view.updateAutoRange()
        self.crosshair.refresh()

    def _time(self, result: Result | MonteCarloResult) -> tuple[np.ndarray, np.ndarray]:
        """(starts, ends) of the quarters: x = t and x = t + 1; sets the time axis and
        shades the history quarters (before the start) of a result or of a Monte Carlo
        run (its deterministic result's)."""
        one = result.deterministic if isinstance(result, MonteCarloResult) else result
        self.history_band.show_quarters(one.history)
        periods = list(result.periods)
        if periods[:1] != self.periods[:1]:
            self.time_axis.set_start(periods[0])
        if len(periods) != len(self.periods):
            self._show_quarters(len(periods))
        self.periods = periods
        starts = np.arange(len(periods), dtype=float)
        return starts, starts + 1.0

    def _show_quarters(self, quarters: int) -> None:
        """Show the whole horizon; x stays put (no auto-range) so linked charts agree.
        The right margin holds what is drawn at the horizon's end (the NPV star)."""
        vb = self.plot_item.vb
        vb.setLimits(xMin=-2.0, xMax=quarters + 2.0, minXRange=2.0)
        vb.enableAutoRange(x=False)
        vb.setXRange(-0.3, quarters + END_MARGIN, padding=0)


class ReportedMarkers:
    """Markers of one reported series on a chart, created once and moved with ``setData``:
    filled where the figure is reported, hollow (white inside) where it is derived. The
    legend lists them only while there is something to show."""

    HOLLOW = "#ffffff"

    def __init__(self, chart: Chart, name: str, color: str, symbol: str = "o") -> None:
        self.chart, self.name, self.color = chart, name, color
        # drawn as paths, not from pyqtgraph's pixmap cache (a dozen points at most): a
        # PDF report keeps the markers vector
        self.item = pg.ScatterPlotItem(
            size=8,
            symbol=symbol,
            pen=pg.mkPen(color, width=1.5),
            brush=pg.mkBrush(color),
            useCache=False,
        )
        self.item.setZValue(30)  # over the model's lines and areas
        chart.plot_item.addItem(self.item)
        self.in_legend = False

    def show(self, marks: Marks, offset: float, money: Money) -> list[Series]:
        """Place ``marks`` at x = t + ``offset``, scaled by ``money``; the readout's series
        (none when nothing is reported)."""
        filled, hollow = pg.mkBrush(self.color), pg.mkBrush(self.HOLLOW)
        self.item.setData(
            x=marks.t + offset,
            y=marks.values * money.factor,
            brush=[hollow if d else filled for d in marks.derived],
        )
        self._list(len(marks) > 0)
        if not len(marks):
            return []
        values, notes = marks.per_quarter(len(self.chart.periods), money.factor)
        return [Series(self.name, values, money.label, self.color, self.item, notes)]

    def _list(self, shown: bool) -> None:
        """Add or remove the legend entry when the series appears or goes."""
        if shown and not self.in_legend:
            self.chart.legend.addItem(self.item, self.name)
        elif not shown and self.in_legend:
            self.chart.legend.removeItem(self.item)
        self.in_legend = shown


def link_time_axes(charts: Sequence[Chart]) -> None:
    """Link the x (time) axes of ``charts`` to the first: zoom or pan one, all follow."""
    for chart in charts[1:]:
        chart.plot_item.setXLink(charts[0].plot_item)
