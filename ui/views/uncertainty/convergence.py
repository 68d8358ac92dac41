"""``chart.convergence``: a statistic against the number of paths, with its 95% band.

The data are :func:`simulator.analysis.convergence.trace`'s (computed in a worker):
the estimate after the first n paths and its interval, on a geometric grid of n for
plain random sampling (a log x axis), after each whole replicate for Latin hypercube
and Sobol'. A precision target on the same statistic is drawn as two dashed lines at
the final estimate ± the target. ``risk.convergence.statistic`` picks the statistic.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.analysis.convergence import Trace
from simulator.analysis.stats import DETERMINISTIC
from simulator.scenario.uncertainty import Precision, Statistic, parse_statistic
from simulator.units import Money
from ui.charts.base import Grid
from ui.views.uncertainty.sampling import TARGETS
from ui.views.uncertainty.text import (
    half_width_text,
    statistic_label,
    statistic_unit,
    value_text,
)

LINE = "#1a5276"
BAND = (26, 82, 118, 50)
TARGET = "#b9770e"


class PathsAxis(pg.AxisItem):
    """Path counts with thousands separators; on a log scale ticks at 1, 2 and 5 x 10^k."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802
        """1-2-5 steps on a log scale (only powers of ten when narrow), else pyqtgraph's."""
        if not self.logMode:
            return super().tickValues(minVal, maxVal, size)
        steps = (1, 2, 5) if size > 360 else (1,)
        first, last = math.floor(minVal), math.ceil(maxVal)
        ticks = [math.log10(m * 10.0**k) for k in range(first, last + 1) for m in steps]
        return [(1.0, [v for v in ticks if minVal <= v <= maxVal])]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:  # noqa: N802
        """``1,000``, ``20,000``."""
        if self.logMode:
            return [f"{10.0**v:,.0f}" for v in values]
        return [f"{v:,.0f}" for v in values]


def shown_factor(stat: Statistic, money: Money) -> float:
    """Model unit -> shown unit of a statistic's values (% for probabilities and rates)."""
    return statistic_unit(stat, money)[0]


class ConvergenceChart(pg.PlotWidget):
    """The estimate (line) and its 95% interval (band) against the paths run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w", axisItems={"bottom": PathsAxis("bottom")})
        self.setObjectName("chart.convergence")
        self.plot_item = self.getPlotItem()
        self.plot_item.addItem(Grid(self.plot_item), ignoreBounds=True)
        for side in ("left", "bottom"):
            axis = self.plot_item.getAxis(side)
            axis.setTextPen("#333")
            axis.setPen("#888")
            axis.enableAutoSIPrefix(False)
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.plot_item.vb.setMouseEnabled(x=False, y=False)
        self.low = self.plot_item.plot(pen=pg.mkPen(BAND[:3], width=1))
        self.high = self.plot_item.plot(pen=pg.mkPen(BAND[:3], width=1))
        self.band = pg.FillBetweenItem(self.low, self.high, brush=pg.mkBrush(*BAND))
        self.plot_item.addItem(self.band)
        self.estimate = self.plot_item.plot(pen=pg.mkPen(LINE, width=2), symbol="o", symbolSize=4)
        self.estimate.setSymbolBrush(LINE)
        dashed = pg.mkPen(TARGET, width=1, style=Qt.PenStyle.DashLine)
        self.targets = [pg.InfiniteLine(angle=0, pen=dashed) for _ in range(2)]
        for line in self.targets:
            line.setVisible(False)
            self.plot_item.addItem(line, ignoreBounds=False)
        self.plot_item.setLabel("bottom", "paths run")
        self.trace: Trace | None = None

    def set_trace(self, trace: Trace, money: Money, target: Precision | None) -> None:
        """Draw ``trace`` in the statistic's shown unit; ``target`` (on the same
        statistic) as lines at the final estimate ± its half-width."""
        self.trace = trace
        stat = trace.statistic
        k = shown_factor(stat, money)
        x = trace.paths.astype(float)
        log = bool(x.size > 2 and x[-1] / max(x[0], 1.0) > 20 and _geometric(x))
        self.plot_item.setLogMode(x=log, y=False)
        self.estimate.setData(x, trace.estimate * k)
        ok = np.isfinite(trace.low) & np.isfinite(trace.high)
        self.low.setData(x[ok], trace.low[ok] * k)
        self.high.setData(x[ok], trace.high[ok] * k)
        self._show_target(trace, target, k)
        unit = statistic_unit(stat, money)[1]
        unit = "%" if unit in ("points", "pp") else unit
        label = statistic_label(stat, money)
        self.plot_item.setLabel("left", f"{label}, {unit}" if unit else label)
        self.plot_item.setTitle(
            f"{label} as paths are added, with its 95 % interval", color="#222", size="11pt"
        )
        self.plot_item.vb.autoRange(padding=0.06)

    def _show_target(self, trace: Trace, target: Precision | None, k: float) -> None:
        on = target is not None and target.statistic == trace.statistic and trace.estimate.size
        for line, sign in zip(self.targets, (-1.0, 1.0), strict=True):
            line.setVisible(bool(on))
            if on:
                final = float(trace.estimate[-1])
                line.setValue((final + sign * target.target(final)) * k)  # type: ignore[union-attr]


def _geometric(x: np.ndarray) -> bool:
    """Whether the counts grow by a factor (plain random) rather than by a step."""
    steps = np.diff(x)
    return bool(steps.size > 1 and steps[-1] > 3 * steps[0])


class ConvergencePanel(QWidget):
    """The statistic chooser, the chart and a line on the final interval.

    ``statistic_chosen(Statistic)`` asks for the trace of another statistic.
    """

    statistic_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chooser = QComboBox()
        self.chooser.setObjectName("risk.convergence.statistic")
        self.chooser.setToolTip("The statistic whose convergence is shown.")
        for text in TARGETS:
            self.chooser.addItem(statistic_label(parse_statistic(text, "statistic")), text)
        self.chooser.currentIndexChanged.connect(
            lambda _: self.statistic_chosen.emit(self.statistic())
        )
        self.chart = ConvergenceChart()
        self.note = QLabel()
        self.note.setObjectName("risk.convergence.note")
        self.note.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(QLabel("Convergence of"))
        head.addWidget(self.chooser)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.chart, stretch=1)
        layout.addWidget(self.note)

    def statistic(self) -> Statistic:
        """The chosen statistic."""
        return parse_statistic(self.chooser.currentData(), "risk.convergence.statistic")

    def choose(self, stat: Statistic) -> None:
        """Select ``stat`` (added to the list when it is not in it), emitting nothing new
        when it is already chosen."""
        index = self.chooser.findData(stat.text())
        if index < 0:
            self.chooser.addItem(statistic_label(stat), stat.text())
            index = self.chooser.count() - 1
        self.chooser.setCurrentIndex(index)

    def show_trace(self, trace: Trace | None, money: Money, target: Precision | None) -> None:
        """Draw ``trace``; None (a deterministic run) shows why there is none."""
        self.chart.setVisible(trace is not None)
        if trace is None:
            self.note.setText(f"No convergence to show: {DETERMINISTIC}.")
            return
        self.chart.set_trace(trace, money, target)
        stat = trace.statistic
        final = f"{value_text(stat, float(trace.estimate[-1]), money)}"
        half = max(trace.estimate[-1] - trace.low[-1], trace.high[-1] - trace.estimate[-1])
        text = (
            f"After {int(trace.paths[-1]):,} paths: {statistic_label(stat, money)} = {final}, "
            f"95 % interval {half_width_text(stat, float(half), money)}."
        )
        if target is not None and target.statistic == stat:
            text += " Dashed: the precision target around the final estimate."
        self.note.setText(text)
