"""``chart.cumulative``: cumulative capex against cumulative revenue.

Stocks, drawn at the quarters' ends (x = t + 1); the running totals of reported capex
and cloud revenue (:func:`simulator.analysis.fit.cumulative`) are marked there too.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from simulator import Result
from simulator.units import Money
from ui.charts.base import Chart, ReportedMarkers, Series
from ui.charts.style import COLORS, pen


class CumulativeChart(Chart):
    """Cumulative capex vs cumulative programme and cloud revenue; crossover and payback marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("cumulative", "Cumulative capex vs revenue", parent)
        item = self.plot_item
        self.capex = item.plot(name="Cumulative capex", pen=pen("capex"))
        self.program = item.plot(name="Cumulative programme revenue", pen=pen("program_revenue"))
        self.cloud = item.plot(name="Cumulative cloud revenue", pen=pen("cloud_revenue", 1.5, True))
        # the crossover's label left of its line, the payback's right of its own: the
        # payback comes later, so the two labels never meet however close the lines
        self.crossover = _marker("revenue crossover", "marker", 0.05, left=True)
        self.payback = _marker("payback", "payback", 0.05, left=False)
        item.addItem(self.crossover)
        item.addItem(self.payback)
        # created second, so drawn over: the capex totals sit close to the revenue ones
        self.reported_cloud = ReportedMarkers(
            self, "Reported cloud revenue (running total)", COLORS["reported_revenue"], "o"
        )
        self.reported_capex = ReportedMarkers(
            self, "Reported capex (running total)", COLORS["reported_capex"], "d"
        )

    def draw(self, result: Result, money: Money) -> None:
        """Move the lines and markers to ``result`` (in place)."""
        _, ends = self._time(result)
        capex = result["cum_capex"] * money.factor
        program = result["cum_program_revenue"] * money.factor
        cloud = result["cum_cloud_revenue"] * money.factor
        self.capex.setData(ends, capex)
        self.program.setData(ends, program)
        self.cloud.setData(ends, cloud)
        self.set_label("left", money.label)
        self.set_readout(
            [
                Series("Cumulative capex", capex, money.label, COLORS["capex"], self.capex),
                Series(
                    "Cumulative programme revenue",
                    program,
                    money.label,
                    COLORS["program_revenue"],
                    self.program,
                ),
                Series(
                    "Cumulative cloud revenue",
                    cloud,
                    money.label,
                    COLORS["cloud_revenue"],
                    self.cloud,
                ),
                *self.reported_capex.show(self.reported.get("cum_capex"), 1.0, money),
                *self.reported_cloud.show(self.reported.get("cum_cloud_revenue"), 1.0, money),
            ]
        )
        self._mark(result.summary)

    def _mark(self, summary: dict[str, Any]) -> None:
        """Place (or hide) the revenue crossover and payback lines."""
        for line, years in (
            (self.crossover, summary["revenue_crossover_years"]),
            (self.payback, summary["payback_years"]),
        ):
            line.setVisible(years is not None and years > 0)
            if years is not None:
                line.setValue(4 * years)


def _marker(label: str, color: str, position: float, left: bool) -> pg.InfiniteLine:
    """A dashed vertical line labelled near the bottom, the label ``left`` of it or right."""
    side = 1.0 if left else 0.0
    return pg.InfiniteLine(
        angle=90,
        movable=False,
        pen=pen(color, 1, True),
        label=label,
        labelOpts={
            "position": position,
            "color": COLORS[color],
            "anchors": [(side, 0.5), (side, 0.5)],
        },
    )
