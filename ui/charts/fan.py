"""``chart.fan``: the spread of one quantity over time across the Monte Carlo paths.

The P5–P95 and P25–P75 bands are filled between boundary curves, the median (P50) is
a line and the deterministic scenario a dashed line, all over quarters with the
x convention of the other charts: stocks (cumulative values) at the quarter's end
x = t + 1, flows (revenue in the quarter) at its middle x = t + 0.5. The bands come
from the model (:attr:`MonteCarloResult.bands`, at P5/P25/P50/P75/P95); the columns'
names and units from the column table (:data:`simulator.model.outputs.COLUMN_INFO`).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from simulator.analysis.montecarlo import BAND_PERCENTILES, MonteCarloResult
from simulator.model.outputs import COLUMN_INFO
from simulator.units import Money
from ui.charts.base import Chart, Series
from ui.charts.style import COLORS
from ui.common.format import column_label, is_stock

FAN_COLUMNS: dict[str, str] = {
    "cum_program_revenue": "program_revenue",
    "cum_fcf": "cum_fcf",
    "cloud_revenue": "cloud_revenue",
    "cum_capex": "capex",
}
"""The columns the fan chart offers, in menu order (all of them are band columns), each
with its colour's name in :data:`ui.charts.style.COLORS`."""
DEFAULT_SERIES = "cum_fcf"
_BOUNDS = ("p5", "p25", "p75", "p95")
_LEVELS = tuple(f"p{q:g}" for q in BAND_PERCENTILES)  # row names of a (5, T) band


def _color(name: str, alpha: int) -> QColor:
    color = QColor(COLORS[name])
    color.setAlpha(alpha)
    return color


class FanChart(Chart):
    """P5–P95 and P25–P75 bands, the P50 line and the deterministic line of one column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("fan", "Spread over time", parent)
        item = self.plot_item
        self.column = DEFAULT_SERIES
        self.mc: MonteCarloResult | None = None
        self.money = Money()
        self.zero = pg.InfiniteLine(pos=0.0, angle=0, movable=False, pen=pg.mkPen("#aab0b6"))
        item.addItem(self.zero, ignoreBounds=True)
        self.bounds = {name: item.plot() for name in _BOUNDS}
        self.outer = pg.FillBetweenItem(self.bounds["p5"], self.bounds["p95"])
        self.inner = pg.FillBetweenItem(self.bounds["p25"], self.bounds["p75"])
        for fill, label in ((self.outer, "P5–P95"), (self.inner, "P25–P75")):
            item.addItem(fill)
            self.legend.addItem(fill, label)
        self.link_visibility(self.outer, self.bounds["p5"], self.bounds["p95"])
        self.link_visibility(self.inner, self.bounds["p25"], self.bounds["p75"])
        self.median = item.plot(name="Median (P50)")
        dashed = pg.mkPen("#1c2833", width=1.5, style=Qt.PenStyle.DashLine)
        self.deterministic = item.plot(name="Deterministic", pen=dashed)

    def set_column(self, column: str) -> None:
        """Show ``column`` (a key of :data:`FAN_COLUMNS`), redrawing in place."""
        self.column = column
        if self.mc is not None:
            self.set_result(self.mc, self.money)

    def draw(self, mc: MonteCarloResult, money: Money) -> None:  # type: ignore[override]
        """Move the bands and lines to ``mc``'s bands of the chosen column."""
        self.mc, self.money = mc, money
        label, color = column_label(self.column), FAN_COLUMNS[self.column]
        starts, ends = self._time(mc)
        x = ends if is_stock(self.column) else starts + 0.5
        band = mc.bands[self.column] * money.factor  # (5, T)
        rows = dict(zip(_LEVELS, band, strict=True))
        self._style(color)
        for name, curve in self.bounds.items():
            curve.setData(x, rows[name])
        self.median.setData(x, rows["p50"])
        det = np.asarray(mc.deterministic.columns[self.column], dtype=float) * money.factor
        self.deterministic.setData(x, det)
        self.zero.setVisible(self.column == "cum_fcf")
        self.set_title(f"{label}, P5–P95")
        unit = COLUMN_INFO[self.column].unit.label(money)
        self.set_label("left", unit)
        self.set_readout(self._readout(rows, det, unit, color))

    def _style(self, color: str) -> None:
        """Colour the bands and the median line in the series' colour."""
        edge = pg.mkPen(_color(color, 90), width=1)
        for curve in self.bounds.values():
            curve.setPen(edge)
        self.outer.setBrush(pg.mkBrush(_color(color, 60)))
        self.inner.setBrush(pg.mkBrush(_color(color, 125)))
        self.median.setPen(pg.mkPen(COLORS[color], width=2))

    def _readout(
        self, rows: dict[str, np.ndarray], det: np.ndarray, unit: str, color: str
    ) -> list[Series]:
        """P5 .. P95 and the deterministic value, each listed while its item shows."""
        item_of = {
            "p5": self.outer,
            "p25": self.inner,
            "p50": self.median,
            "p75": self.inner,
            "p95": self.outer,
        }
        out = [
            Series(name.upper(), rows[name], unit, COLORS[color], item_of[name]) for name in _LEVELS
        ]
        out.append(Series("Deterministic", det, unit, "#1c2833", self.deterministic))
        return out
