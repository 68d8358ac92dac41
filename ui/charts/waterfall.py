"""``chart.waterfall``: how the NPV goes from one scenario to another, step by step.

Horizontal bars, read top to bottom: the first scenario's NPV, one floating bar per
changed assumption (green when it raises the NPV, red when it lowers it) and the
second scenario's NPV. Items are created once and updated with ``setOpts``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from simulator.analysis.compare import Waterfall
from simulator.units import Money, number_text

_UP, _DOWN, _TOTAL = "#27ae60", "#c0392b", "#7d8a96"


class WaterfallChart(pg.PlotWidget):
    """The NPV waterfall between two scenarios."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("chart.waterfall")
        self.setMinimumHeight(220)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showGrid(x=True, y=False, alpha=0.3)
        self.setMouseEnabled(x=False, y=False)
        self.bars = pg.BarGraphItem(x0=[0], x1=[0], y=[0], height=0.6, brushes=[_TOTAL])
        self.addItem(self.bars)
        self.zero = pg.InfiniteLine(0, angle=90, pen=pg.mkPen("#566573", width=1))
        self.addItem(self.zero)
        self.labels: list[pg.TextItem] = []
        self.ends = np.zeros((0, 2))

    def show_waterfall(self, w: Waterfall, first: str, second: str, money: Money) -> None:
        """Draw ``w``; ``first``/``second`` name the two scenarios."""
        names = [first, *(s.label for s in w.steps), second]
        lows, highs = _bar_ends(w)
        f = money.factor
        self.ends = np.column_stack([lows, highs]) * f
        y = -np.arange(len(names), dtype=float)
        brushes = [_TOTAL, *(_UP if s.contribution >= 0 else _DOWN for s in w.steps), _TOTAL]
        self.bars.setOpts(x0=self.ends[:, 0], x1=self.ends[:, 1], y=y, height=0.6, brushes=brushes)
        self.getPlotItem().getAxis("left").setTicks([list(zip(y, names, strict=True))])
        # the names are the first and last bars' labels (and the page's From / To)
        self.setTitle("NPV waterfall", color="#222", size="11pt")
        self.getPlotItem().setLabel("bottom", f"NPV ({money.label})")
        values = [w.start, *(s.contribution for s in w.steps), w.end]
        self._label_bars(y, values, f, money)
        self.getPlotItem().enableAutoRange()
        self.fit_labels()

    LABEL_ROOM = 0.14
    """The share of the bars' span added right of them for the value labels."""

    def fit_labels(self) -> None:
        """x from the bars' left end to past their right end by room for a label."""
        low = float(self.ends.min(initial=0.0))
        high = float(self.ends.max(initial=0.0))
        span = high - low or 1.0
        item = self.getPlotItem()
        item.setXRange(low - 0.02 * span, high + self.LABEL_ROOM * span, padding=0)

    def _label_bars(self, y: np.ndarray, values: list[float], factor: float, money: Money) -> None:
        while len(self.labels) < len(values):
            label = pg.TextItem(color="#222", anchor=(0, 0.5))
            self.addItem(label)
            self.labels.append(label)
        for i, label in enumerate(self.labels):
            label.setVisible(i < len(values))
            if i < len(values):
                first_or_last = i in (0, len(values) - 1)
                text = number_text(values[i] * factor, 1, signed=not first_or_last)
                label.setText(text)
                label.setPos(float(self.ends[i].max()), float(y[i]))


def _bar_ends(w: Waterfall) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of each bar: totals from 0, steps from the NPV before to after."""
    before = np.array([w.start, *(s.npv_after - s.contribution for s in w.steps)])
    after = np.array([s.npv_after for s in w.steps])
    lows = np.concatenate([[min(0.0, w.start)], np.minimum(before[1:], after), [min(0.0, w.end)]])
    highs = np.concatenate([[max(0.0, w.start)], np.maximum(before[1:], after), [max(0.0, w.end)]])
    return lows, highs
