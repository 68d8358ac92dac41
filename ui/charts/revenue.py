"""``chart.revenue``: cloud revenue stacked as areas, AI demand, unserved demand shaded,
and the cloud revenue the company would have without the programme (dashed).

Revenue is a flow, drawn at the quarters' midpoints (x = t + 0.5) like the
depreciation line of ``chart.capex``. Core revenue fills from zero; served AI revenue
is stacked on it; the AI demand line is drawn stacked on core revenue too
(core + demand), so the hatched red gap between the stack's top and that line is the
AI demand no capacity served: where it opens, capacity binds. Reported cloud revenue
(the scenario's actuals) is marked at the same midpoints, against the stack's top.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from simulator import Result
from simulator.units import Money
from ui.charts.base import Chart, ReportedMarkers, Series, per_quarter
from ui.charts.style import COLORS, brush, hatch, pen


class RevenueChart(Chart):
    """Core and served AI revenue (stacked areas), AI demand (line), unserved demand (hatched)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("revenue", "Cloud revenue vs AI demand", parent)
        item = self.plot_item
        self.core = item.plot(
            name="Core cloud revenue",
            pen=pen("core_revenue", 1),
            fillLevel=0.0,
            fillBrush=brush("core_revenue", 90),
        )
        self.ai_top = item.plot(pen=pen("ai_revenue"))
        self.ai_fill = pg.FillBetweenItem(self.core, self.ai_top, brush=brush("ai_revenue", 110))
        item.addItem(self.ai_fill)
        self.legend.addItem(self.ai_fill, "AI revenue (served)")
        self.link_visibility(self.ai_fill, self.ai_top)
        self.demand = item.plot(name="AI demand", pen=pen("ai_demand", dashed=True))
        self.without = item.plot(
            name="Cloud revenue without the programme", pen=pen("without", 1.5, dashed=True)
        )
        self.unserved = pg.FillBetweenItem(self.ai_top, self.demand, brush=hatch("unserved", 200))
        item.addItem(self.unserved)
        self.legend.addItem(self.unserved, "Unserved AI demand")
        self.reported_revenue = ReportedMarkers(
            self, "Reported cloud revenue", COLORS["reported_revenue"], "o"
        )

    def draw(self, result: Result, money: Money) -> None:
        """Redraw in place: the fills follow their boundary curves."""
        starts, _ = self._time(result)
        mids = starts + 0.5
        core = result["core_revenue"] * money.factor
        ai = result["ai_revenue"] * money.factor
        demand = result["ai_demand"] * money.factor
        self.core.setData(mids, core)
        self.ai_top.setData(mids, core + ai)
        self.demand.setData(mids, core + demand)
        without = result["without_cloud_revenue"] * money.factor
        self.without.setData(mids, without)
        self.set_label("left", per_quarter(money.label))
        unit = money.label
        self.set_readout(
            [
                Series(
                    "Unserved AI demand",
                    result["unserved_ai_demand"] * money.factor,
                    unit,
                    COLORS["unserved"],
                    self.unserved,
                ),
                Series("AI demand", demand, unit, COLORS["ai_demand"], self.demand),
                Series("AI revenue", ai, unit, COLORS["ai_revenue"], self.ai_fill),
                Series("Core cloud revenue", core, unit, COLORS["core_revenue"], self.core),
                Series("Without the programme", without, unit, COLORS["without"], self.without),
                *self.reported_revenue.show(self.reported.get("cloud_revenue"), 0.5, money),
            ]
        )
