"""The four main charts in a 2 x 2 grid with linked time axes."""

from __future__ import annotations

import gc

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGridLayout, QWidget

from simulator import Result
from ui.charts.base import Chart, Money, link_time_axes
from ui.charts.capex import CapexChart
from ui.charts.cash import CashChart
from ui.charts.cumulative import CumulativeChart
from ui.charts.reported import Reported
from ui.charts.revenue import RevenueChart

CHARTS: dict[str, type[Chart]] = {
    "cumulative": CumulativeChart,
    "capex": CapexChart,
    "revenue": RevenueChart,
    "cash": CashChart,
}
"""The four main charts by name, in dashboard order."""


class Dashboard(QWidget):
    """``chart.cumulative``, ``chart.capex``, ``chart.revenue`` and ``chart.cash``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.charts: dict[str, Chart] = {name: cls() for name, cls in CHARTS.items()}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for i, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, i // 2, i % 2)
        link_time_axes(list(self.charts.values()))

    def set_result(self, result: Result, money: Money, reported: Reported | None = None) -> None:
        """Redraw every chart in place (with the ``reported`` actuals as markers)."""
        for chart in self.charts.values():
            chart.set_result(result, money, reported)


def render_dashboard(
    result: Result, money: Money, width: int, height: int, reported: Reported | None = None
) -> QImage:
    """All four charts as one image of ``width`` x ``height`` pixels (off screen)."""
    return _grab(Dashboard(), result, money, width, height, reported)


def render_chart(
    name: str,
    result: Result,
    money: Money,
    width: int,
    height: int,
    title: str = "",
    reported: Reported | None = None,
) -> QImage:
    """One chart by name as an image of ``width`` x ``height`` pixels (off screen)."""
    chart = CHARTS[name]()
    if title:
        chart.set_title(title)
    return _grab(chart, result, money, width, height, reported)


def _grab(
    widget: Chart | Dashboard,
    result: Result,
    money: Money,
    width: int,
    height: int,
    reported: Reported | None = None,
) -> QImage:
    """Draw ``result`` on a throw-away widget at a size, grab it, and free it at once.

    The collector runs here, at a quiet moment: PySide 6.10 can crash when it frees
    a dead chart's wrappers while a live chart is in its layout pass.
    """
    widget.resize(width, height)
    widget.set_result(result, money, reported)
    _settle(widget)
    image = widget.grab().toImage()
    widget.deleteLater()
    del widget
    gc.collect()
    return image


def _settle(widget: QWidget) -> None:
    """Lay out an unshown widget and auto-range its charts so a grab shows everything."""
    widget.ensurePolished()
    if widget.layout() is not None:
        widget.layout().activate()
    charts = [widget] if isinstance(widget, Chart) else widget.findChildren(Chart)
    for chart in charts:
        chart.plot_item.getViewBox().autoRange()
