"""The four main charts in a 2 x 2 grid with linked time axes."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from simulator import Result
from simulator.units import Money
from ui.charts.base import Chart, link_time_axes
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
