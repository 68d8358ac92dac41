"""``chart.capex``: quarterly capex stacked by category, refresh capex, the capex of the
history quarters, depreciation, net PP&E.

Capex is a flow: one bar per quarter over [t + 0.1, t + 0.9], categories stacked in
their scenario order. Depreciation, also a flow, is a line through the quarters'
midpoints (x = t + 0.5), so it reads against the bars it is netted from. Net PP&E is
a stock, drawn at the quarter's end (x = t + 1) against a second y axis on the right
(a :class:`pg.ViewBox` overlaid on the plot's own and kept in geometry sync). Reported
capex (the scenario's actuals) is marked at the midpoints, against the stack's top.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsSceneMouseEvent, QGraphicsSceneWheelEvent, QWidget

from simulator import Result
from simulator.units import Money
from ui.charts.base import Chart, ReportedMarkers, Series, per_quarter
from ui.charts.style import COLORS, category_color, hatch, pen

BAR_WIDTH = 0.8


class OverlayViewBox(pg.ViewBox):
    """A view box laid over ``main`` that draws only: the mouse pans and zooms ``main``."""

    def __init__(self, main: pg.ViewBox) -> None:
        super().__init__(enableMenu=False)
        self.main = main

    def mouseDragEvent(self, ev: QGraphicsSceneMouseEvent, axis: int | None = None) -> None:  # noqa: N802
        """Pan or zoom the main view (both boxes share a geometry, hence positions)."""
        self.main.mouseDragEvent(ev, axis)

    def wheelEvent(self, ev: QGraphicsSceneWheelEvent, axis: int | None = None) -> None:  # noqa: N802
        """Zoom the main view."""
        self.main.wheelEvent(ev, axis)


class CapexChart(Chart):
    """Capex by category (stacked bars), depreciation (line), net PP&E (right axis)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        title = "Capex, depreciation, net PP&E"
        super().__init__("capex", title, parent)
        item = self.plot_item
        self.depreciation = item.plot(name="Depreciation", pen=pen("depreciation"))
        self.right_view = self._add_right_view()
        # fillLevel 0 (without a fill brush) only makes the right axis include zero,
        # so both axes' zeros line up.
        self.net_ppe = pg.PlotDataItem(pen=pen("net_ppe", dashed=True), fillLevel=0.0)
        self.right_view.addItem(self.net_ppe)
        self.legend.addItem(self.net_ppe, "Net PP&E (right axis)")
        self.bars: list[pg.BarGraphItem] = []
        self.refresh = pg.BarGraphItem(
            x0=np.zeros(0),
            width=BAR_WIDTH,
            height=np.zeros(0),
            brush=hatch("refresh", 230),
            pen=pg.mkPen(COLORS["refresh"], width=1),
            name="Refresh capex",
        )
        self.refresh.setZValue(-10)
        item.addItem(self.refresh)
        self.history = pg.BarGraphItem(
            x0=np.zeros(0),
            width=BAR_WIDTH,
            height=np.zeros(0),
            brush=COLORS["history_capex"],
            pen=None,
            name="Capex before the start",
        )
        self.history.setZValue(-10)
        item.addItem(self.history)
        self.reported_capex = ReportedMarkers(self, "Reported capex", COLORS["reported_capex"], "d")

    def _add_right_view(self) -> OverlayViewBox:
        """A second view box for the right axis, as in pyqtgraph's MultiplePlotAxes, but
        laid over the main one in the plot item (over its bars; the legend is above both)."""
        item = self.plot_item
        view = OverlayViewBox(item.vb)
        view.setParentItem(item)
        view.setZValue(10)
        view.setAutoVisible(y=True)
        item.showAxis("right")
        item.getAxis("right").linkToView(view)
        view.setXLink(item.vb)
        item.vb.sigResized.connect(self._sync_right_view)
        return view

    def views(self) -> list[pg.ViewBox]:
        """The main view box and the right axis's."""
        return [self.plot_item.vb, self.right_view]

    def _sync_right_view(self) -> None:
        """Keep the right view box exactly over the main one."""
        self.right_view.setGeometry(self.plot_item.vb.geometry())
        self.right_view.linkedViewChanged(self.plot_item.vb, self.right_view.XAxis)

    def draw(self, result: Result, money: Money) -> None:
        """Redraw in place (bar items are added or removed only when categories are)."""
        starts, ends = self._time(result)
        by_category = result.capex_by_category * money.factor
        depreciation = result["depreciation"] * money.factor
        net_ppe = result["net_ppe"] * money.factor
        self._sync_bars(result.category_names)
        bottoms = np.vstack([np.zeros_like(starts), np.cumsum(by_category, axis=0)[:-1]])
        x0 = starts + (1 - BAR_WIDTH) / 2
        for bar, height, bottom in zip(self.bars, by_category, bottoms, strict=True):
            bar.setOpts(x0=x0, width=BAR_WIDTH, y0=bottom, height=height)
        refresh = result["refresh_capex"] * money.factor
        self.refresh.setOpts(x0=x0, width=BAR_WIDTH, y0=by_category.sum(axis=0), height=refresh)
        before = np.where(starts < result.history, result["with_capex"] * money.factor, 0.0)
        self.history.setOpts(x0=x0, width=BAR_WIDTH, y0=np.zeros_like(before), height=before)
        self.depreciation.setData(starts + 0.5, depreciation)
        self.net_ppe.setData(ends, net_ppe)
        self.set_label("left", per_quarter(money.label))
        self.set_label("right", money.label)
        unit = money.label
        extra = [
            Series("Refresh capex", refresh, unit, COLORS["refresh"], self.refresh),
            Series("Capex before the start", before, unit, COLORS["history_capex"], self.history),
        ]
        self._declare_readout(
            result.category_names, by_category, depreciation, net_ppe, money, extra
        )

    def _declare_readout(
        self,
        names: tuple[str, ...],
        by_category: np.ndarray,
        depreciation: np.ndarray,
        net_ppe: np.ndarray,
        money: Money,
        extra: list[Series],
    ) -> None:
        unit = money.label
        bars = [
            Series(f"Capex: {name}", values, unit, category_color(k), bar)
            for k, (name, values, bar) in enumerate(zip(names, by_category, self.bars, strict=True))
        ]
        self.set_readout(
            [
                extra[0],  # refresh capex, on top of the stack
                *reversed(bars),  # top of the stack first, as drawn
                extra[1],
                Series(
                    "Depreciation", depreciation, unit, COLORS["depreciation"], self.depreciation
                ),
                Series("Net PP&E", net_ppe, unit, COLORS["net_ppe"], self.net_ppe),
                *self.reported_capex.show(self.reported.get("capex"), 0.5, money),
            ]
        )

    def _sync_bars(self, names: tuple[str, ...]) -> None:
        """One bar item per category: add or remove items only when the count changes."""
        while len(self.bars) < len(names):
            self._add_bar(len(self.bars), names[len(self.bars)])
        while len(self.bars) > len(names):
            self.plot_item.removeItem(self.bars.pop())
        for bar, name in zip(self.bars, names, strict=True):
            if bar.opts["name"] != name:
                bar.opts["name"] = name
                self.legend.getLabel(bar).setText(name)

    def _add_bar(self, k: int, name: str) -> None:
        color = category_color(k)
        bar = pg.BarGraphItem(
            x0=np.zeros(0), width=BAR_WIDTH, height=np.zeros(0), brush=color, pen=None, name=name
        )
        bar.setZValue(-10)  # under the depreciation line
        self.plot_item.addItem(bar)
        self.bars.append(bar)
