"""``chart.capacity``: AI capacity against AI demand, with and without the programme.

Both are revenue per quarter (a flow), drawn at the quarters' midpoints. The AI demand
served fills from zero; the with-programme capacity is a solid line above it (the gap
between them is idle capacity), the capacity the company would have without the
programme a dashed one, and AI demand a dashed line (where it rises above capacity,
demand goes unserved). Utilisation (served / capacity) is in the crosshair readout.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from simulator import Result
from simulator.units import PERCENT, Money
from ui.charts.base import Chart, Series, per_quarter
from ui.charts.style import COLORS, brush, pen


class CapacityChart(Chart):
    """AI served (area), capacity with and without the programme, AI demand (lines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("capacity", "AI capacity vs demand", parent)
        item = self.plot_item
        self.served = item.plot(
            name="AI demand served",
            pen=pen("ai_revenue", 1),
            fillLevel=0.0,
            fillBrush=brush("ai_revenue", 110),
        )
        self.capacity = item.plot(name="Capacity with the programme", pen=pen("capacity"))
        self.without = item.plot(name="Capacity without it", pen=pen("without", 1.5, dashed=True))
        self.demand = item.plot(name="AI demand", pen=pen("ai_demand", dashed=True))

    def draw(self, result: Result, money: Money) -> None:
        """Redraw in place."""
        starts, _ = self._time(result)
        mids = starts + 0.5
        f = money.factor
        served = result["with_ai_served"] * f
        capacity = result["with_capacity"] * f
        without = result["without_capacity"] * f
        demand = result["ai_demand"] * f
        self.served.setData(mids, served)
        self.capacity.setData(mids, capacity)
        self.without.setData(mids, without)
        self.demand.setData(mids, demand)
        self.set_label("left", per_quarter(money.label))
        unit = money.label
        use = result["utilisation"]
        self.set_readout(
            [
                Series("AI demand", demand, unit, COLORS["ai_demand"], self.demand),
                Series("Capacity", capacity, unit, COLORS["capacity"], self.capacity),
                Series("Without the programme", without, unit, COLORS["without"], self.without),
                Series("Served", served, unit, COLORS["ai_revenue"], self.served),
                Series("Utilisation", use * PERCENT.scale, "%", COLORS["capacity"], self.capacity),
            ]
        )
