"""Monte Carlo results of several scenarios on one chart, in the scenarios' colours.

:class:`OverlayFanChart` draws each scenario's P5–P95 band (translucent) and P50 line
of one band column; :class:`OverlayDistributionChart` each scenario's histogram of one
metric as an outline with its P50 marked. Every number (bands, histograms,
percentiles) comes from :mod:`simulator`; the charts only scale and draw.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from simulator.analysis.montecarlo import BAND_PERCENTILES, MonteCarloResult
from simulator.analysis.stats import histogram, summarize
from simulator.model.outputs import COLUMN_INFO
from simulator.units import Money
from ui.charts.base import Chart, Grid, Series
from ui.charts.legend import legend_above
from ui.charts.overlay import line_pen, quarter_offset, scenario_color
from ui.common.format import (
    axis_label,
    column_label,
    is_stock,
    metric_factor,
    metric_label,
    metric_text,
)

BINS = 50
_P5, _P50, _P95 = (BAND_PERCENTILES.index(q) for q in (5.0, 50.0, 95.0))


def _translucent(color: str, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


class OverlayFanChart(Chart):
    """Per scenario: the P5–P95 band and the P50 line of one band column."""

    def __init__(self, column: str = "cum_fcf", parent: QWidget | None = None) -> None:
        super().__init__("overlay.fan", "Spread over time", parent)
        self.column = column
        self.names: list[str] = []
        self.mcs: list[MonteCarloResult] = []
        self.money = Money()
        self.parts: list[tuple[pg.PlotDataItem, pg.PlotDataItem, pg.FillBetweenItem]] = []
        self.medians: list[pg.PlotDataItem] = []

    def set_results(
        self, names: Sequence[str], mcs: Sequence[MonteCarloResult], money: Money
    ) -> None:
        """Show the runs ``mcs`` of the scenarios ``names``."""
        self.names, self.mcs, self.money = list(names), list(mcs), money
        self.set_result(self.mcs[0].deterministic, money)

    def draw(self, result: object, money: Money) -> None:  # type: ignore[override]
        """Move each scenario's band and median to its run's bands."""
        label, stock = column_label(self.column), is_stock(self.column)
        self._time(self.mcs[0])  # type: ignore[arg-type]
        self._sync(len(self.mcs))
        readout = []
        for i, mc in enumerate(self.mcs):
            first = quarter_offset(self.mcs[0].periods[0], mc.periods[0])
            x = first + np.arange(len(mc.periods), dtype=float) + (1.0 if stock else 0.5)
            band = mc.bands[self.column] * money.factor
            low, high, _ = self.parts[i]
            low.setData(x, band[_P5])
            high.setData(x, band[_P95])
            self.medians[i].setData(x, band[_P50])
            color = scenario_color(i)
            readout.append(
                Series(f"{self.names[i]}: P50", band[_P50], money.label, color, self.medians[i])
            )
        self.set_title(f"{label}: P50, P5–P95")  # the legend names the scenarios
        self.set_label("left", COLUMN_INFO[self.column].unit.label(money))
        self.set_readout(readout)

    def _sync(self, n: int) -> None:
        """One band and median (and legend entry) per scenario."""
        while len(self.medians) < n:
            self._add_scenario(len(self.medians))
        while len(self.medians) > n:
            median = self.medians.pop()
            self.legend.removeItem(median)
            for item in (median, *self.parts.pop()):
                self.plot_item.removeItem(item)
        for median, name in zip(self.medians, self.names, strict=True):
            self.legend.getLabel(median).setText(name)

    def _add_scenario(self, i: int) -> None:
        color = scenario_color(i)
        edge = pg.mkPen(_translucent(color, 110), width=1)
        low, high = self.plot_item.plot(pen=edge), self.plot_item.plot(pen=edge)
        fill = pg.FillBetweenItem(low, high, brush=pg.mkBrush(_translucent(color, 45)))
        self.plot_item.addItem(fill)
        median = self.plot_item.plot(pen=line_pen(color, False))
        self.legend.addItem(median, self.names[i])
        self.link_visibility(median, low, high, fill)
        self.parts.append((low, high, fill))
        self.medians.append(median)


class OverlayDistributionChart(pg.PlotWidget):
    """Per scenario: the histogram of one metric (share of paths) and its P50."""

    def __init__(self, key: str = "npv", parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("chart.overlay.distribution")
        self.key = key
        self.plot_item = self.getPlotItem()
        self.plot_item.addItem(Grid(self.plot_item), ignoreBounds=True)
        for side in ("left", "bottom"):
            axis = self.plot_item.getAxis(side)
            axis.setTextPen("#333")
            axis.setPen("#888")
            axis.enableAutoSIPrefix(False)
        self.plot_item.getAxis("left").setScale(100.0)
        self.plot_item.setLabel("left", "share of paths (%)")
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        # above the plot area, never over the curves (ui/charts/legend.py)
        self.legend = legend_above(
            self.plot_item, labelTextSize="8pt", labelTextColor="#222", verSpacing=-4
        )
        self.outlines: list[pg.PlotDataItem] = []
        self.markers: list[pg.InfiniteLine] = []

    def set_results(
        self, names: Sequence[str], mcs: Sequence[MonteCarloResult], money: Money
    ) -> None:
        """Histograms of the metric over a common span, one outline per scenario."""
        k = metric_factor(self.key, money)
        samples = [np.asarray(mc.metrics[self.key], dtype=float) for mc in mcs]
        summaries = [summarize(v) for v in samples]
        span = _common_span([(s["min"], s["max"]) for s in summaries])
        self._sync(len(mcs))
        for i, (name, sample, summary) in enumerate(zip(names, samples, summaries, strict=True)):
            shares, edges = histogram(sample, BINS, span)
            self.outlines[i].setData(edges * k, shares * summary["defined"])
            self.markers[i].setVisible(bool(np.isfinite(summary["p50"])))
            self.markers[i].setValue(summary["p50"] * k if np.isfinite(summary["p50"]) else 0.0)
            p50 = metric_text(self.key, summary["p50"], money)
            self.legend.getLabel(self.outlines[i]).setText(f"{name} (P50 {p50})")
        label = metric_label(self.key)
        self.plot_item.setTitle(f"{label}: distribution", color="#222", size="11pt")
        self.plot_item.setLabel("bottom", axis_label(self.key, money))

    def make_room_for_legend(self, rows: int) -> None:
        """Raise the y range's top so ``rows`` legend lines sit above the tallest bar."""
        top = max((float(np.max(o.getData()[1], initial=0.0)) for o in self.outlines), default=0.0)
        self.plot_item.vb.setYRange(0.0, top * (1.15 + 0.09 * rows), padding=0.0)

    def _sync(self, n: int) -> None:
        """One outline, P50 marker and legend entry per scenario."""
        while len(self.outlines) < n:
            self._add_scenario(len(self.outlines))
        while len(self.outlines) > n:
            outline, marker = self.outlines.pop(), self.markers.pop()
            self.legend.removeItem(outline)
            self.plot_item.removeItem(outline)
            self.plot_item.removeItem(marker)

    def _add_scenario(self, i: int) -> None:
        color = scenario_color(i)
        outline = pg.PlotDataItem(
            stepMode="center",
            fillLevel=0.0,
            fillBrush=pg.mkBrush(_translucent(color, 40)),
            pen=line_pen(color, False, 1.5),
        )
        marker = pg.InfiniteLine(0.0, angle=90, movable=False, pen=line_pen(color, True, 1.5))
        self.plot_item.addItem(outline)
        self.plot_item.addItem(marker)
        self.legend.addItem(outline, "")
        self.outlines.append(outline)
        self.markers.append(marker)


def _common_span(ranges: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The smallest span over every scenario's defined values (None when none are)."""
    finite = [(lo, hi) for lo, hi in ranges if np.isfinite(lo) and np.isfinite(hi)]
    if not finite:
        return None
    return min(lo for lo, _ in finite), max(hi for _, hi in finite)
