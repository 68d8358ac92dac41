"""``chart.tornado``: each input at its low and high, bars sorted by the metric's swing.

Bar i (largest swing on top) runs from the base value of the metric to its value with
the input at its low (one colour) and at its high (the other); each bar end is
labelled with the input's value there. An undefined end (a payback that never comes,
an IRR that does not exist) is drawn hatched to the plot's edge on its worst side and
labelled "never"/"n/a". Items are created once; labels come from a reused pool.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QWidget

from simulator.analysis.sensitivity import Bar, Tornado
from simulator.units import Money
from ui.charts.legend import legend_above
from ui.common.format import (
    axis_label,
    currency_money,
    driver_shown,
    lower_is_better,
    metric_factor,
    metric_label,
    metric_text,
)
from ui.views.sensitivity.plot import SensitivityPlot, finite_span, label_font, text_width

LOW_COLOR = "#e08a2c"
HIGH_COLOR = "#2e75b6"
BAR_HEIGHT = 0.62
EDGE_PX = 26.0  # pixels kept free above the bars (base label) and below (legend)
GAP = "  "  # between a bar end and its label
LABEL_COLORS = ("#8a4b0c", "#1b4f82")  # darker low and high colours, for the labels


def _brush(color: str, hatched: bool = False) -> QBrush:
    if hatched:
        return QBrush(QColor(color), Qt.BrushStyle.BDiagPattern)
    return QBrush(QColor(color))


class _Sample(ItemSample):
    """A legend swatch in the bar item's own brush."""

    def paint(self, p: QPainter, *args: object) -> None:
        """A filled square."""
        p.setPen(pg.mkPen(None))
        p.setBrush(self.item.opts["brush"])
        p.drawRect(QRectF(2, 4, 14, 12))


@dataclass(frozen=True)
class Shown:
    """What the chart draws, in display units: one row per shown bar, top row first."""

    bars: tuple[Bar, ...]
    base: float
    lows: np.ndarray  # metric with the input at its low (NaN = undefined)
    highs: np.ndarray


class TornadoChart(SensitivityPlot):
    """Horizontal low/high bars per driver around the base value of the metric."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("tornado", "Tornado: one input at a time", parent)
        empty = np.zeros(0)
        self.low_bars = pg.BarGraphItem(
            x0=empty, x1=empty, y=empty, height=BAR_HEIGHT, pen=None, brush=_brush(LOW_COLOR)
        )
        self.high_bars = pg.BarGraphItem(
            x0=empty, x1=empty, y=empty, height=BAR_HEIGHT, pen=None, brush=_brush(HIGH_COLOR)
        )
        for item in (self.low_bars, self.high_bars):
            self.plot_item.addItem(item)
        self.base_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#333", width=1))
        self.base_line.setZValue(20)
        self.plot_item.addItem(self.base_line, ignoreBounds=True)
        self.base_label = pg.TextItem(color="#111", anchor=(0.5, 0.0), fill=(255, 255, 255, 230))
        self.base_label.setZValue(30)
        self.plot_item.addItem(self.base_label, ignoreBounds=True)
        # above the bars, never over them (ui/charts/legend.py)
        self.legend = legend_above(
            self.plot_item, labelTextSize="8pt", labelTextColor="#222", sampleType=_Sample
        )
        self.legend.addItem(self.low_bars, "input at low")
        self.legend.addItem(self.high_bars, "input at high")
        self.labels: list[pg.TextItem] = []
        self.shown: Shown | None = None
        self._metric, self._money, self._currency = "npv", Money(), "CNY"
        self._font = label_font()
        self._tick_font = label_font(9)
        self.plot_item.getAxis("left").setStyle(tickFont=self._tick_font)
        self._edges = (0.0, 1.0)
        self.plot_item.vb.sigResized.connect(self._settle)

    def set_tornado(self, tornado: Tornado, money: Money, top: int, currency: str) -> None:
        """Draw the ``top`` bars of ``tornado`` (largest swing on top) in ``money``."""
        scale = metric_factor(tornado.metric, money)
        bars = tornado.bars[: max(top, 0)]
        lows = np.array([b.metric_low for b in bars], dtype=float) * scale
        highs = np.array([b.metric_high for b in bars], dtype=float) * scale
        self.shown = Shown(bars, tornado.base * scale, lows, highs)
        self._metric, self._money, self._currency = tornado.metric, money, currency
        self.set_label("bottom", axis_label(tornado.metric, money))
        base_text = metric_text(tornado.metric, tornado.base, money)
        self.base_label.setText(f"base {base_text}")
        self._draw(self.shown)

    def _draw(self, shown: Shown) -> None:
        """Move the bars, ticks, labels and base line to ``shown``."""
        n = len(shown.bars)
        rows = np.arange(n, dtype=float)[::-1]
        self._edges = self._x_edges(shown)
        base = shown.base if math.isfinite(shown.base) else self._never_x()
        ends = (self._drawn(shown.lows), self._drawn(shown.highs))
        offset, height = _split_rows(ends[0], ends[1], base)
        sides = (
            (self.low_bars, shown.lows, rows + offset),
            (self.high_bars, shown.highs, rows - offset),
        )
        for (item, values, ys), x1 in zip(sides, ends, strict=True):
            color = HIGH_COLOR if item is self.high_bars else LOW_COLOR
            brushes = [_brush(color, not math.isfinite(v)) for v in values]
            item.setOpts(x0=np.full(n, base), x1=x1, y=ys, height=height, brushes=brushes)
        self.base_line.setValue(base)
        self._ticks(shown.bars, rows)
        self._place_labels(shown, ends, (rows + offset, rows - offset), base)
        self._settle()

    def _drawn(self, ends: np.ndarray) -> np.ndarray:
        """Bar ends as drawn: undefined ones at the edge of the worst side."""
        return np.where(np.isfinite(ends), ends, self._never_x())

    def _never_x(self) -> float:
        """Where an undefined end is drawn: past the finite values on the worst side."""
        low, high = self._edges
        return high if lower_is_better(self._metric) else low

    def _x_edges(self, shown: Shown) -> tuple[float, float]:
        """The finite extent of base and ends, widened by a tenth for undefined ends.

        An undefined base (a payback that never comes) is drawn at the worst edge,
        so its bars run from "never" to the ends that do pay back.
        """
        low, high = finite_span(np.concatenate([[shown.base], shown.lows, shown.highs]))
        pad = 0.1 * (high - low)
        return low - pad, high + pad

    def _ticks(self, bars: tuple[Bar, ...], ys: np.ndarray) -> None:
        """Driver labels on the left axis ("†" where the ends are P10/P90)."""
        names = [b.driver.label + (" †" if b.from_distribution else "") for b in bars]
        axis = self.plot_item.getAxis("left")
        axis.setTicks([list(zip(ys.tolist(), names, strict=True)), []])
        axis.setWidth(text_width(names, self._tick_font) + 20)

    def _place_labels(
        self,
        shown: Shown,
        ends: tuple[np.ndarray, np.ndarray],
        ys: tuple[np.ndarray, np.ndarray],
        base: float,
    ) -> None:
        """Two labels per bar from the pool: the input's low and high value at its end."""
        need = 2 * len(shown.bars)
        while len(self.labels) < need:
            label = pg.TextItem()
            label.setFont(self._font)
            self.plot_item.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        for i, bar in enumerate(shown.bars):
            units = driver_shown(bar.driver, currency_money(self._currency))
            values = ((bar.low, shown.lows[i]), (bar.high, shown.highs[i]))
            for k, (value, metric) in enumerate(values):
                text = units.text(value)
                if not math.isfinite(metric):
                    text += f": {metric_text(self._metric, metric, self._money)}"
                x = float(ends[k][i])
                label = self.labels[2 * i + k]
                label.setColor(LABEL_COLORS[k])
                _place(label, text, x, float(ys[k][i]), right=x >= base)
        for label in self.labels[need:]:
            label.setVisible(False)

    def _settle(self) -> None:
        """Set the ranges so the bars, their labels, base label and legend all fit."""
        if self.shown is None:
            return
        vb = self.plot_item.vb
        width, height = max(vb.width(), 200.0), max(vb.height(), 120.0)
        texts = [label.textItem.toPlainText() for label in self.labels if label.isVisible()]
        label_px = text_width(texts, self._font) + 6
        low, high = self._edges
        fraction = min(label_px / max(width - 2 * label_px, 60.0), 2.0)
        pad = (high - low) * fraction
        n = max(len(self.shown.bars), 1)
        row_px = (height - 2 * EDGE_PX) / (n + 0.4)
        edge = EDGE_PX / max(row_px, 4.0)
        top = n - 0.3 + edge
        vb.setRange(xRange=(low - pad, high + pad), yRange=(-0.7 - edge, top), padding=0)
        self.base_label.setPos(self.base_line.value(), top)

    def bar_data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(y, metric at low, metric at high) as drawn (for tests and readouts)."""
        return (
            np.asarray(self.low_bars.opts["y"]),
            np.asarray(self.low_bars.opts["x1"]),
            np.asarray(self.high_bars.opts["x1"]),
        )


def note_text(tornado: Tornado, swing: float = 0.2) -> str:
    """Where the bar ends come from: the distributions' P10/P90 or a ±20 % move."""
    uses = {b.from_distribution for b in tornado.bars}
    moved = f"±{swing * 100:.0f} % move of the input"
    name = metric_label(tornado.metric)
    if uses == {True}:
        return f"{name}. Bar ends: P10 and P90 of each input's distribution."
    if True in uses:
        return f"{name}. Bar ends: P10/P90 of the distribution for inputs marked †, else {moved}."
    return f"{name}. Bar ends: {moved} (shifts and delays by ±20 % of their scale)."


def _split_rows(lows: np.ndarray, highs: np.ndarray, base: float) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the low bar's offset up (the high bar's down) and the bar height.

    Where both ends lie on one side of the base (or coincide) the two bars and their
    labels would cover each other, so that row shows them one above the other.
    """
    same = (np.sign(lows - base) * np.sign(highs - base) > 0) | (lows == highs)
    return np.where(same, BAR_HEIGHT / 4, 0.0), np.where(same, BAR_HEIGHT / 2, BAR_HEIGHT)


def _place(label: pg.TextItem, text: str, x: float, y: float, right: bool) -> None:
    """Show ``label`` beside a bar end, outside the bar."""
    label.setText(GAP + text if right else text + GAP)
    label.setAnchor((0.0, 0.5) if right else (1.0, 0.5))
    label.setPos(x, y)
    label.setVisible(True)
