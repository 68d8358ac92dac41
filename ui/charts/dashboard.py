"""The five main charts with linked time axes: three columns on a wide screen, two
(the fifth across the bottom) on a narrow one."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from simulator import Result
from simulator.units import Money
from ui.charts.base import Chart, link_time_axes
from ui.charts.capacity import CapacityChart
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
    "capacity": CapacityChart,
}
"""The main charts by name, in dashboard order."""
WIDE = 420  # pixels: the narrowest a chart gets in three columns


class Dashboard(QWidget):
    """``chart.cumulative``, ``chart.capex``, ``chart.revenue``, ``chart.cash`` and
    ``chart.capacity``: three above, two below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.charts: dict[str, Chart] = {name: cls() for name, cls in CHARTS.items()}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.grid = grid
        self.columns = 0
        self._lay_out(2)
        link_time_axes(list(self.charts.values()))

    def _lay_out(self, columns: int) -> None:
        """Place the charts in ``columns`` columns (2 or 3); nothing when unchanged."""
        if columns == self.columns:
            return
        self.columns = columns
        wide = [(0, 0, 1, 2), (0, 2, 1, 2), (0, 4, 1, 2), (1, 0, 1, 3), (1, 3, 1, 3)]
        narrow = [(0, 0, 1, 3), (0, 3, 1, 3), (1, 0, 1, 3), (1, 3, 1, 3), (2, 0, 1, 6)]
        for chart, place in zip(
            self.charts.values(), wide if columns == 3 else narrow, strict=True
        ):
            self.grid.removeWidget(chart)
            self.grid.addWidget(chart, *place)
        for row in range(3):
            self.grid.setRowStretch(row, 1 if row < (2 if columns == 3 else 3) else 0)
        for col in range(6):  # equal thirds (or halves): each chart as wide as its row's others
            self.grid.setColumnStretch(col, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Three columns where each chart gets at least ``WIDE`` pixels, else two."""
        self._lay_out(3 if event.size().width() >= 3 * WIDE else 2)
        super().resizeEvent(event)

    def set_result(self, result: Result, money: Money, reported: Reported | None = None) -> None:
        """Redraw every chart in place (with the ``reported`` actuals as markers)."""
        for chart in self.charts.values():
            chart.set_result(result, money, reported)
