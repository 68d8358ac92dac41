"""``chart.fit`` (and the calibration dialog's ``chart.calibration``): the model against
the reported figures of one series, quarter by quarter.

Drawn from :class:`simulator.analysis.fit.Fit` values as they are (flows at the quarters'
midpoints, x = t + 0.5), zoomed to the reported window: the model as a line with
points, the model after a calibration (when given) dashed, the reported figures as
markers, filled where reported and hollow where derived. When a calibration held out
the quarters after one (``held_after``), a dashed line marks where they begin.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QWidget

from simulator import Result
from simulator.analysis.fit import Fit
from simulator.model.outputs import COLUMN_INFO
from simulator.units import Money
from ui.charts.base import Chart, ReportedMarkers, Series, per_quarter
from ui.charts.reported import Marks
from ui.charts.style import COLORS, pen


def series_label(column: str) -> str:
    """A reported column for people (the column table's label): ``Cloud revenue``."""
    if column in COLUMN_INFO:
        return COLUMN_INFO[column].label
    return column.replace("_", " ").capitalize()


class FitChart(Chart):
    """Model (before and, optionally, after calibration) and reported figures of one series."""

    def __init__(
        self, name: str = "fit", title: str = "Model vs reported", parent: QWidget | None = None
    ) -> None:
        super().__init__(name, title, parent)
        self.model = self._line(pen("ai_demand"), "s")
        self.legend.addItem(self.model, "Model")
        self.after = self._line(pen("model_after", dashed=True), "t")
        self.reported_marks = ReportedMarkers(self, "Reported", COLORS["reported_revenue"], "o")
        self.fits: tuple[Fit | None, Fit | None] = (None, None)
        self._after_listed = False
        self.held_after: str | None = None
        self.cut = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pen("zero", 1, dashed=True),
            label="held out →",
            labelOpts={"position": 0.06, "color": COLORS["zero"], "anchors": [(0, 1), (0, 1)]},
        )
        self.cut.setVisible(False)
        self.plot_item.addItem(self.cut, ignoreBounds=True)

    def _line(self, line_pen: QPen, symbol: str) -> pg.PlotDataItem:
        color = line_pen.color()
        return self.plot_item.plot(
            pen=line_pen,
            symbol=symbol,
            symbolSize=6,
            symbolPen=pg.mkPen(color),
            symbolBrush=pg.mkBrush(color),
        )

    def set_fits(
        self,
        result: Result,
        before: Fit | None,
        after: Fit | None = None,
        money: Money | None = None,
        held_after: str | None = None,
    ) -> None:
        """Show ``before`` (and ``after``) over ``result``'s quarters; None shows nothing.
        With ``held_after`` (a quarter), the quarters after it are marked as held out."""
        self.fits = (before, after)
        self.held_after = held_after
        self.set_result(result, money)

    def draw(self, result: Result, money: Money) -> None:
        """Move the lines and markers to the current fits (in place)."""
        self._time(result)
        before, after = self.fits
        index = {q: t for t, q in enumerate(self.periods)}
        series: list[Series] = []
        for item, name, color, fit in (
            (self.model, "Model", COLORS["ai_demand"], before),
            (self.after, "Model after", COLORS["model_after"], after),
        ):
            t = np.array([index[q] for q in fit.quarters], dtype=np.int64) if fit else np.zeros(0)
            values = fit.model * money.factor if fit else np.zeros(0)
            item.setData(t + 0.5, values)
            if t.size:
                dense = np.full(len(self.periods), np.nan)
                dense[t] = values
                series.append(Series(name, dense, money.label, color, item))
        self._list_after(after is not None)
        self.legend.getLabel(self.model).setText("Model before" if after else "Model")
        marks = Marks()
        if before is not None:
            t = np.array([index[q] for q in before.quarters], dtype=np.int64)
            marks = Marks(t, before.actual, np.array(before.derived, dtype=bool))
        series += self.reported_marks.show(marks, 0.5, money)
        self.set_title(f"{series_label(before.column)}: model vs reported" if before else "")
        self.set_label("left", per_quarter(money.label))
        self.set_readout(series)
        cut = index.get(self.held_after or "")
        self.cut.setVisible(cut is not None)
        if cut is not None:
            self.cut.setValue(cut + 1.0)
        self._zoom(marks.t)

    def _list_after(self, shown: bool) -> None:
        if shown and not self._after_listed:
            self.legend.addItem(self.after, "Model after calibration")
        elif not shown and self._after_listed:
            self.legend.removeItem(self.after)
        self._after_listed = shown

    def _zoom(self, t: np.ndarray) -> None:
        """Show the reported quarters with half a quarter's margin each side."""
        if t.size:
            self.plot_item.vb.setXRange(float(t.min()) - 0.2, float(t.max()) + 1.2, padding=0)
