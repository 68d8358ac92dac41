"""``chart.spider``: the metric as each of the top inputs moves from -30 % to +30 %.

One line per driver (the :data:`LINES` with the largest swing in the tornado order),
x = the relative move in percent, y = the metric. The lines are created once and
moved with ``setData``; their legend labels are renamed. Undefined values (NaN)
leave gaps.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from simulator.analysis.sensitivity import Spider
from simulator.units import Money
from ui.common.format import axis_label, metric_factor
from ui.views.sensitivity.plot import SensitivityPlot, finite_span

LINES = 8
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
)


class SpiderChart(SensitivityPlot):
    """Eight reusable lines with a legend beside the plot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("spider", "Spider: relative move of each input", parent)
        self.set_label("bottom", "Change of the input (%)")
        self.zero = pg.InfiniteLine(angle=90, pen=pg.mkPen("#999", width=1))
        self.plot_item.addItem(self.zero, ignoreBounds=True)
        self.legend = pg.LegendItem(
            labelTextSize="8pt", labelTextColor="#222", verSpacing=-6, pen=None
        )
        self.plot_item.layout.addItem(self.legend, 2, 5)
        self.lines: list[pg.PlotDataItem] = []
        for k in range(LINES):
            line = pg.PlotDataItem(
                pen=pg.mkPen(PALETTE[k], width=2),
                symbol="o",
                symbolSize=4,
                symbolPen=None,
                symbolBrush=PALETTE[k],
            )
            self.plot_item.addItem(line)
            self.legend.addItem(line, " ")
            self.lines.append(line)
        self.names: list[str] = []

    def set_spider(self, spider: Spider, order: list[str], money: Money) -> None:
        """Draw the drivers of ``spider`` in ``order`` (paths, largest swing first)."""
        rows = {d.path: i for i, d in enumerate(spider.drivers)}
        chosen = [rows[p] for p in order if p in rows][:LINES]
        scale = metric_factor(spider.metric, money)
        x = np.asarray(spider.steps, dtype=float) * 100.0
        self.names: list[str] = []
        for k, line in enumerate(self.lines):
            if k < len(chosen):
                _set_finite(line, x, spider.values[chosen[k]] * scale)
                self.names.append(spider.drivers[chosen[k]].label)
            else:
                line.setData([], [])
            self.legend.getLabel(line).setText(self.names[k] if k < len(chosen) else "")
        self.set_label("left", axis_label(spider.metric, money))
        self._settle(x, spider.values[chosen] * scale)

    def _settle(self, x: np.ndarray, values: np.ndarray) -> None:
        """Fit x to the steps and y to the finite values, with a margin."""
        low, high = finite_span(values)
        pad = 0.06 * (high - low)
        self.plot_item.vb.setRange(
            xRange=(float(x.min()), float(x.max())), yRange=(low - pad, high + pad), padding=0.02
        )

    def line_data(self) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """(label, x, y) of each drawn line, top swing first (for tests and readouts)."""
        out = []
        for name, line in zip(self.names, self.lines, strict=False):
            x, y = line.getData()
            out.append((name, np.asarray(x), np.asarray(y)))
        return out


def _set_finite(line: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> None:
    """Draw the finite points only, with a gap where undefined points were left out."""
    kept = np.flatnonzero(np.isfinite(y))
    connect = np.append(np.diff(kept) == 1, False)
    line.setData(x[kept], y[kept], connect=connect)
