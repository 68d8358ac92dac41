"""``chart.cumulative``: cumulative capex against cumulative revenue.

x is time in quarters from the scenario's start (x = t is the start of quarter t),
so a cumulative value for quarter t is drawn at its end, x = t + 1.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from simulator import Result
from ui.charts.axes import QuarterAxis
from ui.charts.style import pen


class CumulativeChart(pg.PlotWidget):
    """Cumulative capex vs cumulative programme and cloud revenue, crossover and payback marked."""

    def __init__(self, parent: pg.QtWidgets.QWidget | None = None) -> None:
        self.time_axis = QuarterAxis()
        super().__init__(parent, axisItems={"bottom": self.time_axis})
        self.setObjectName("chart.cumulative")
        self.setBackground("w")
        item = self.getPlotItem()
        item.setTitle("Cumulative capex vs cumulative revenue")
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setLabel("left", "bn CNY")
        self.legend = item.addLegend(offset=(10, 10))
        self.capex = item.plot(name="Cumulative capex", pen=pen("capex"))
        self.program = item.plot(name="Cumulative programme revenue", pen=pen("program_revenue"))
        self.cloud = item.plot(name="Cumulative cloud revenue", pen=pen("cloud_revenue", 1.5, True))
        self.crossover = pg.InfiniteLine(
            angle=90,
            pen=pen("marker", 1, True),
            label="crossover",
            labelOpts={"position": 0.95, "color": "#1e8449"},
        )
        self.payback = pg.InfiniteLine(
            angle=90,
            pen=pen("payback", 1, True),
            label="payback",
            labelOpts={"position": 0.85, "color": "#b9770e"},
        )
        item.addItem(self.crossover)
        item.addItem(self.payback)

    def set_result(self, result: Result, unit: str = "bn CNY") -> None:
        """Redraw from a one-scenario result (updates the existing items in place)."""
        x = np.arange(1, len(result.periods) + 1, dtype=float)
        self.time_axis.set_start(result.periods[0])
        self.capex.setData(x, result.cum_capex)
        self.program.setData(x, result.cum_program_revenue)
        self.cloud.setData(x, result.cum_cloud_revenue)
        self.getPlotItem().setLabel("left", unit)
        for line, years in (
            (self.crossover, result.summary["revenue_crossover_years"]),
            (self.payback, result.summary["payback_years"]),
        ):
            line.setVisible(years is not None and years > 0)
            if years is not None:
                line.setValue(4 * years)
