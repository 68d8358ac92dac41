"""``chart.cash``: quarterly free cash flow, its cumulative sums and the terminal value.

FCF is a flow: one bar per quarter over [t + 0.1, t + 0.9], green when the quarter
brings cash in, red when it takes cash out. Cumulative FCF and cumulative discounted
FCF are stocks, drawn at the quarter's end (x = t + 1). At the horizon's end a dashed
step from the last discounted total to the star marks the terminal value's present
value: the star is the NPV.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from simulator import Result
from simulator.units import Money
from ui.charts.base import Chart, Series
from ui.charts.style import COLORS, brush, pen

BAR_WIDTH = 0.8
ZERO_SPAN = 1e4  # quarters either side: wider than any horizon and zoom limit


class CashChart(Chart):
    """FCF per quarter (bars), cumulative FCF and cumulative discounted FCF (lines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("cash", "Programme free cash flow", parent)
        item = self.plot_item
        self._brushes = (brush("fcf_negative", 200), brush("fcf_positive", 200))
        # A plain long segment, not an InfiniteLine: that one re-lays itself out on
        # every range change and makes each redraw paint the chart twice.
        self.zero = pg.PlotCurveItem([-ZERO_SPAN, ZERO_SPAN], [0.0, 0.0], pen=pen("zero", 1))
        item.addItem(self.zero, ignoreBounds=True)
        self.fcf = pg.BarGraphItem(
            x0=np.zeros(0),
            width=BAR_WIDTH,
            height=np.zeros(0),
            pen=None,
            brush=self._brushes[1],
            brushes=[],
            name="Free cash flow (quarter)",
        )
        self.fcf.setZValue(-10)
        item.addItem(self.fcf)
        self.cum_fcf = item.plot(name="Cumulative FCF", pen=pen("cum_fcf"))
        self.cum_discounted = item.plot(
            name="Cumulative discounted FCF", pen=pen("cum_discounted_fcf", dashed=True)
        )
        self.terminal = item.plot(pen=pen("terminal", 1.5, dashed=True))
        # drawn as a path, not from pyqtgraph's pixmap cache: a PDF report keeps it vector
        self.npv = pg.ScatterPlotItem(
            symbol="star", size=13, brush=brush("terminal"), pen=None, useCache=False
        )
        item.addItem(self.npv)
        self.legend.addItem(self.npv, "NPV with terminal value")
        self.link_visibility(self.npv, self.terminal)

    def draw(self, result: Result, money: Money) -> None:
        """Redraw in place; each bar's colour follows its sign."""
        starts, ends = self._time(result)
        fcf = result["fcf"] * money.factor
        cum = result["cum_fcf"] * money.factor
        discounted = result["cum_discounted_fcf"] * money.factor
        positive = fcf >= 0
        brushes = [self._brushes[int(v)] for v in positive]
        colors = [COLORS["fcf_positive" if v else "fcf_negative"] for v in positive]
        self.fcf.setOpts(x0=starts + (1 - BAR_WIDTH) / 2, height=fcf, brushes=brushes)
        self.cum_fcf.setData(ends, cum)
        self.cum_discounted.setData(ends, discounted)
        # The terminal value (discounted) lifts the last discounted total to the NPV.
        tv = result.metrics["terminal_value_pv"] * money.factor
        if np.isfinite(tv) and tv != 0:
            self.terminal.setData([ends[-1], ends[-1]], [discounted[-1], discounted[-1] + tv])
        else:
            self.terminal.setData([], [])
        self.npv.setData(x=[ends[-1]], y=[result.metrics["npv"] * money.factor])
        self.set_label("left", money.label)
        unit = money.label
        self.set_readout(
            [
                Series("FCF in the quarter", fcf, unit, colors, self.fcf),
                Series("Cumulative FCF", cum, unit, COLORS["cum_fcf"], self.cum_fcf),
                Series(
                    "Cumulative discounted FCF",
                    discounted,
                    unit,
                    COLORS["cum_discounted_fcf"],
                    self.cum_discounted,
                ),
            ]
        )
