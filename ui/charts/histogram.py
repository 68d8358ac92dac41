"""``chart.distribution``: the histogram of one summary metric across the paths.

Bars are the share of *all* paths in each bin, so they sum to the share of paths
where the metric is defined; the rest (a payback that never comes, an IRR that does
not exist) is reported as a share beside the chart instead of being plotted.
Vertical markers show the deterministic value, the median (P50) and, dashed, P5
and P95. Hovering shows a cursor line and P(≤ x) | P(> x) among the defined values.
Every number comes from :mod:`simulator.analysis.stats`; the chart only scales and draws.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget
from superqt.utils import qthrottled

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import (
    DETERMINISTIC,
    MIN_DEFINED,
    Summary,
    base_case_rank,
    histogram,
    split_at,
    summarize,
)
from simulator.model.outputs import METRICS
from simulator.units import YEARS, Money
from ui.charts.base import Grid
from ui.charts.crosshair import FOLLOW_MS, READOUT_STYLE
from ui.charts.style import COLORS
from ui.common.format import (
    axis_label,
    metric_factor,
    metric_label,
    metric_number,
    metric_unit,
    percent_text,
    undefined_text,
)

HISTOGRAM_METRICS: tuple[str, ...] = (
    "npv",
    "irr",
    "payback_years",
    "discounted_payback_years",
    "peak_funding",
    "cum_program_revenue",
)
"""The metrics whose distribution the app offers, in menu order."""

BINS = 60
HEADROOM = 1.4  # the y range is this times the tallest bar: room for marker labels
NOTE_STYLE = (
    "QLabel { background: rgba(255, 248, 235, 235); color: #7e5109; border: 1px solid #e0c08a;"
    " border-radius: 3px; padding: 2px 6px; }"
)
_MARKERS: dict[str, tuple[str, str, bool, float]] = {
    # name: (label, colour, dashed, label position as a fraction of the view's height)
    "p5": ("P5", "#566573", True, 0.88),
    "p95": ("P95", "#566573", True, 0.88),
    "p50": ("P50", "#1a5276", False, 0.81),
    "deterministic": ("Deterministic", "#b9770e", False, 0.74),
}
_LEFT, _RIGHT = [(1.0, 0.5)] * 2, [(0.0, 0.5)] * 2  # label anchors: left or right of a line


def split_text(key: str, shown_x: float, left: float, right: float, money: Money) -> str:
    """The cursor readout: ``P(≤ -50.0 bn CNY) = 37.2 % | P(> -50.0 bn CNY) = 62.8 %``."""
    x = f"{metric_number(key, shown_x)} {metric_unit(key, money)}".strip()
    return f"P(≤ {x}) = {percent_text(left)} | P(> {x}) = {percent_text(right)}"


def undefined_share_text(key: str, share: float) -> str:
    """The share of paths where ``key`` is undefined: ``Payback never within horizon: 23.0 %``."""
    return f"{metric_label(key)} {undefined_text(key)}: {percent_text(share)}"


def _bins(key: str, summary: Summary) -> tuple[int, tuple[float, float] | None]:
    """(bins, span) of the histogram: one bar per quarter for paybacks (whole quarters),
    :data:`BINS` over the values otherwise."""
    low, high = summary["min"], summary["max"]
    if METRICS[key].unit != YEARS or not math.isfinite(high - low):
        return BINS, None
    quarters = round(4.0 * (high - low))
    if quarters >= 4 * BINS:
        return BINS, None
    return quarters + 1, (low - 0.125, high + 0.125)


def _side(name: str, value: float, span: tuple[float, float]) -> list[tuple[float, float]]:
    """Label anchors: P5 left of its line, P95 right; P50 and the deterministic line on
    the side with more room (right unless past the middle of the values' span)."""
    if name in ("p5", "p95"):
        return _LEFT if name == "p5" else _RIGHT
    low, high = span
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return _RIGHT
    middle = low + (0.62 if name == "p50" else 0.5) * (high - low)
    return _LEFT if value > middle else _RIGHT


def _marker(name: str) -> pg.InfiniteLine:
    label, color, dashed, position = _MARKERS[name]
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.InfiniteLine(
        angle=90,
        movable=False,
        pen=pg.mkPen(color, width=1 if dashed else 2, style=style),
        label=label,
        labelOpts={"position": position, "color": color, "fill": (255, 255, 255, 210)},
    )


class DistributionChart(pg.PlotWidget):
    """Histogram of one metric with P5/P50/P95 and deterministic markers and a cursor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart.distribution")
        self.setBackground("w")
        self.plot_item = self.getPlotItem()
        self._style_plot()
        bar_color = QColor(COLORS["program_revenue"])
        bar_color.setAlpha(150)
        self.bars = pg.BarGraphItem(
            x0=np.zeros(0),
            width=np.zeros(0),
            height=np.zeros(0),
            brush=bar_color,
            pen=pg.mkPen(255, 255, 255, 160),
        )
        self.plot_item.addItem(self.bars)
        self.markers = {name: _marker(name) for name in _MARKERS}
        self.cursor = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(COLORS["crosshair"]))
        for line in (*self.markers.values(), self.cursor):
            line.setVisible(False)
            self.plot_item.addItem(line, ignoreBounds=True)
        self.readout = self._overlay("chart.distribution.readout", READOUT_STYLE)
        self.note = self._overlay("risk.undefined", NOTE_STYLE)
        # not ``self.metric``: that shadows QPaintDevice.metric() and crashes any grab
        self.metric_key = HISTOGRAM_METRICS[0]
        self.mc: MonteCarloResult | None = None
        self.money = Money()
        self.sample = np.zeros(0)  # the metric's values in the model's unit, (N,)
        self.scale = 1.0  # model unit -> shown unit
        self.summary: Summary | None = None
        self._follow_soon = qthrottled(self._follow, FOLLOW_MS, leading=False, parent=self)
        self.plot_item.vb.sigResized.connect(self._place_overlays)

    def _style_plot(self) -> None:
        item = self.plot_item
        item.addItem(Grid(item), ignoreBounds=True)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setTextPen("#333")
            axis.setPen("#888")
            axis.enableAutoSIPrefix(False)
        item.getAxis("left").setScale(100.0)  # bar heights are shares; ticks in %
        item.setLabel("left", "share of paths (%)")
        item.setMenuEnabled(False)
        item.hideButtons()
        item.vb.setMouseEnabled(x=False, y=False)

    def _overlay(self, name: str, style: str) -> QLabel:
        label = QLabel(self.viewport())
        label.setObjectName(name)
        label.setStyleSheet(style)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        label.hide()
        return label

    # -- data ---------------------------------------------------------------------------

    def set_result(self, mc: MonteCarloResult, money: Money | None = None) -> None:
        """Draw ``mc``'s distribution of the chosen metric, money shown as ``money``."""
        self.mc, self.money = mc, money or self.money
        self._draw()

    def set_metric(self, key: str) -> None:
        """Show metric ``key`` (one of :data:`HISTOGRAM_METRICS`)."""
        self.metric_key = key
        if self.mc is not None:
            self._draw()

    def set_money(self, money: Money) -> None:
        """Show money as ``money``."""
        self.money = money
        if self.mc is not None:
            self._draw()

    def _draw(self) -> None:
        """Move the bars and markers to the current result, metric and money."""
        assert self.mc is not None
        key = self.metric_key
        self.sample = np.asarray(self.mc.metrics[key], dtype=float)
        self.scale = metric_factor(key, self.money)
        self.summary = summarize(self.sample)
        shares, edges = histogram(self.sample, *_bins(key, self.summary))
        heights = shares * self.summary["defined"]  # shares of all paths
        x0, width = edges[:-1] * self.scale, np.diff(edges) * self.scale
        self.bars.setOpts(x0=x0, width=width, height=heights)  # at once: counts may change
        self._mark(self.summary)
        self._set_ranges(edges * self.scale, float(heights.max(initial=0.0)))
        label = metric_label(key)
        over = (
            DETERMINISTIC
            if self.mc.deterministic_only
            else f"distribution over {self.mc.paths:,} paths"
        )
        self.plot_item.setTitle(f"{label}: {over}", color="#222", size="11pt")
        self.plot_item.setLabel("bottom", axis_label(key, self.money))
        self._show_note(1.0 - self.summary["defined"])
        self.hide_cursor()

    def _mark(self, summary: Summary) -> None:
        """Place the P5/P50/P95 and deterministic markers (hidden where undefined, and the
        percentiles below :data:`~simulator.analysis.stats.MIN_DEFINED` defined paths).
        The deterministic marker says its percentile rank ("the base case is the P80")
        and is labelled on the side with more room."""
        assert self.mc is not None
        det = float(self.mc.deterministic.metrics[self.metric_key])
        few = self.defined_paths() < MIN_DEFINED or self.mc.deterministic_only
        values = {q: math.nan if few else summary[q] for q in ("p5", "p50", "p95")}
        values["deterministic"] = det
        span = (summary["min"], summary["max"])
        for name, value in values.items():
            line = self.markers[name]
            line.setVisible(math.isfinite(value))
            if math.isfinite(value):
                shown = value * self.scale
                line.setValue(shown)
                text = f"{_MARKERS[name][0]} {metric_number(self.metric_key, shown)}"
                if name == "deterministic":
                    text += self._rank_text()
                line.label.setFormat(text)
                line.label.anchors = _side(name, value, span)
                line.label.updatePosition()

    def defined_paths(self) -> int:
        """How many paths have the metric defined."""
        return int(np.count_nonzero(~np.isnan(self.sample)))

    def _rank_text(self) -> str:
        assert self.mc is not None
        rank = base_case_rank(self.mc, self.metric_key)
        return "" if rank is None else f" (P{rank:.0f})"

    def _set_ranges(self, edges: np.ndarray, top: float) -> None:
        """x over the bins and the visible markers; y from 0 with headroom for labels."""
        xs = [edges[0], edges[-1]]
        xs += [m.value() for m in self.markers.values() if m.isVisible()]
        vb = self.plot_item.vb
        vb.setXRange(min(xs), max(xs), padding=0.04)
        vb.setYRange(0.0, top * HEADROOM if top > 0 else 1.0, padding=0.0)

    def _show_note(self, undefined: float) -> None:
        self.note.setVisible(undefined > 0)
        text = undefined_share_text(self.metric_key, undefined)
        defined = self.defined_paths()
        if 0 < defined < MIN_DEFINED:
            text += f"; only {defined} paths defined: no percentiles"
        self.note.setText(text)
        self.note.adjustSize()
        self._place_overlays()

    # -- cursor -------------------------------------------------------------------------

    def hover_at(self, shown_x: float) -> None:
        """Put the cursor at ``shown_x`` (shown unit) and read P(≤ x) | P(> x) there."""
        if self.mc is None:
            return
        left, right = split_at(self.sample, shown_x / self.scale)
        self.cursor.setValue(shown_x)
        self.cursor.setVisible(True)
        self.readout.setText(split_text(self.metric_key, shown_x, left, right, self.money))
        self.readout.adjustSize()
        self.readout.show()
        self._place_overlays()

    def hide_cursor(self) -> None:
        """Hide the cursor line and its readout."""
        self.cursor.setVisible(False)
        self.readout.hide()

    def cursor_text(self) -> str:
        """The cursor readout's text ('' when hidden)."""
        return self.readout.text() if self.readout.isVisible() else ""

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:  # noqa: N802
        """Follow the mouse with the cursor (at most every ``FOLLOW_MS``)."""
        super().mouseMoveEvent(ev)
        self._follow_soon(QPointF(ev.position()))

    def leaveEvent(self, ev: QEvent) -> None:  # noqa: N802
        """Hide the cursor when the mouse leaves."""
        super().leaveEvent(ev)
        self._follow_soon.cancel()
        self.hide_cursor()

    def _follow(self, pos: QPointF) -> None:
        scene = self.mapToScene(pos.toPoint())
        vb = self.plot_item.vb
        if vb.sceneBoundingRect().contains(scene):
            self.hover_at(vb.mapSceneToView(scene).x())
        else:
            self.hide_cursor()

    def _place_overlays(self) -> None:
        """The note at the plot's top right; the readout beside the cursor, under the note
        where they would overlap."""
        area = self.mapFromScene(self.plot_item.vb.sceneBoundingRect()).boundingRect()
        note = QRect(QPoint(area.right() - self.note.width() - 4, area.top() + 4), self.note.size())
        self.note.move(note.topLeft())
        if not self.readout.isVisible():
            return
        x = self.mapFromScene(self.plot_item.vb.mapViewToScene(QPointF(self.cursor.value(), 0)))
        size = self.readout.size()
        left = x.x() + 8 if x.x() + 8 + size.width() <= area.right() else x.x() - 8 - size.width()
        spot = QRect(QPoint(max(area.left() + 2, left), area.top() + 4), size)
        if self.note.isVisible() and spot.intersects(note):
            spot.moveTop(note.bottom() + 4)
        self.readout.move(spot.topLeft())
