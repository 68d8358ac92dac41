"""Several scenarios on one chart: one colour per scenario, one line style per series.

:class:`OverlayChart` draws, for each of the five main charts (:data:`OVERLAYS`), its
key series of every scenario: each scenario in its colour (:func:`scenario_color`,
by position, the same on every chart), each series in its line style (solid, then
dashed). The legend names the scenarios and, in grey, what each line style shows.
Curves are each scenario's own result columns, only scaled by the money factor;
curves are created once per scenario and moved with ``setData``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from simulator import Result
from simulator.units import Money
from ui.charts.base import Chart, Series, per_quarter

SCENARIO_COLORS = (
    "#1f5fa8",
    "#d35400",
    "#1e8449",
    "#8e44ad",
    "#b7950b",
    "#17a589",
    "#c0392b",
    "#5d6d7e",
)
"""Scenarios by position in a comparison (repeats after eight)."""
STYLE_GREY = "#566573"
ZERO_SPAN = 1e4  # quarters either side of the zero line: wider than any horizon


def scenario_color(i: int) -> str:
    """The colour of the ``i``-th scenario of a comparison."""
    return SCENARIO_COLORS[i % len(SCENARIO_COLORS)]


@dataclass(frozen=True)
class OverlayLine:
    """One series drawn per scenario: ``column`` of the result, ``label`` for the legend,
    a stock (drawn at quarter ends, x = t + 1) or a flow (at midpoints, x = t + 0.5)."""

    column: str
    label: str
    stock: bool
    dashed: bool = False


@dataclass(frozen=True)
class OverlaySpec:
    """What one overlay chart shows: title, y-axis unit suffix, lines."""

    title: str
    per_quarter: bool
    lines: tuple[OverlayLine, ...]
    zero_line: bool = False


OVERLAYS: dict[str, OverlaySpec] = {
    "cumulative": OverlaySpec(
        "Cumulative revenue vs capex",
        False,
        (
            OverlayLine("cum_program_revenue", "Cumulative programme revenue", True),
            OverlayLine("cum_capex", "Cumulative capex", True, dashed=True),
        ),
    ),
    "capex": OverlaySpec(
        "Capex and depreciation",
        True,
        (
            OverlayLine("capex", "Capex", False),
            OverlayLine("depreciation", "Depreciation", False, dashed=True),
        ),
    ),
    "revenue": OverlaySpec(
        "AI revenue vs demand",
        True,
        (
            OverlayLine("ai_revenue", "AI revenue (served)", False),
            OverlayLine("ai_demand", "AI demand", False, dashed=True),
        ),
    ),
    "cash": OverlaySpec(
        "Cumulative free cash flow",
        False,
        (
            OverlayLine("cum_fcf", "Cumulative FCF", True),
            OverlayLine("cum_discounted_fcf", "Cumulative discounted FCF", True, dashed=True),
        ),
        zero_line=True,
    ),
    "capacity": OverlaySpec(
        "AI capacity vs demand",
        True,
        (
            OverlayLine("with_capacity", "Capacity with the programme", False),
            OverlayLine("ai_demand", "AI demand", False, dashed=True),
        ),
    ),
}
"""The overlay of each of the five main charts, by the main chart's name."""


def quarter_offset(first: str, period: str) -> int:
    """Quarters from ``first`` to ``period`` (both ``YYYYQn``)."""
    return 4 * (int(period[:4]) - int(first[:4])) + int(period[5]) - int(first[5])


def line_pen(color: str, dashed: bool, width: float = 2) -> object:
    """A cosmetic pen in ``color``, solid or dashed."""
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.mkPen(color, width=width, style=style)


class OverlayChart(Chart):
    """One of the five main charts with every scenario's curves overlaid."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        self.spec = OVERLAYS[name]
        super().__init__(f"overlay.{name}", self.spec.title, parent)
        if self.spec.zero_line:
            zero = pg.PlotCurveItem([-ZERO_SPAN, ZERO_SPAN], [0.0, 0.0], pen=pg.mkPen(STYLE_GREY))
            self.plot_item.addItem(zero, ignoreBounds=True)
        self.styles = [self._style_entry(line) for line in self.spec.lines]
        self.curves: list[list[pg.PlotDataItem]] = []
        self.names: list[str] = []
        self._results: list[Result] = []
        self._money: list[Money] = []
        self._span = 0

    def _style_entry(self, line: OverlayLine) -> pg.PlotDataItem:
        """A data-less grey item whose legend entry explains a line style."""
        item = pg.PlotDataItem(pen=line_pen(STYLE_GREY, line.dashed))
        self.legend.addItem(item, line.label)
        return item

    def set_results(
        self, names: Sequence[str], results: Sequence[Result], money: Money | Sequence[Money]
    ) -> None:
        """Show ``results`` (one per scenario, named ``names``), money as ``money`` (one
        for all or one per scenario)."""
        if not results:
            raise ValueError("an overlay needs at least one result")
        self.names, self._results = list(names), list(results)
        self._money = [money] * len(results) if isinstance(money, Money) else list(money)
        self.set_result(self._results[0], self._money[0])

    def draw(self, result: Result, money: Money) -> None:
        """Move every scenario's curves (set by :meth:`set_results`) in place."""
        self._time(result)
        self._sync_curves()
        readout: list[Series] = []
        for i, (res, m) in enumerate(zip(self._results, self._money, strict=True)):
            starts = quarter_offset(result.periods[0], res.periods[0]) + np.arange(
                len(res.periods), dtype=float
            )
            for line, curve in zip(self.spec.lines, self.curves[i], strict=True):
                values = np.asarray(res.columns[line.column], dtype=float) * m.factor
                curve.setData(starts + (1.0 if line.stock else 0.5), values)
                name = f"{self.names[i]}: {line.label}"
                readout.append(Series(name, values, m.label, scenario_color(i), curve))
        first = result.periods[0]
        self._cover(max(quarter_offset(first, r.periods[-1]) + 1 for r in self._results))
        unit = money.label
        self.set_label("left", per_quarter(unit) if self.spec.per_quarter else unit)
        self.set_readout(readout)

    def _cover(self, quarters: int) -> None:
        """Show every scenario's horizon when one runs past the first's."""
        if quarters > len(self.periods) and quarters != self._span:
            self._show_quarters(quarters)
        self._span = quarters

    def _sync_curves(self) -> None:
        """One set of curves per scenario; legend entries follow the names."""
        while len(self.curves) < len(self._results):
            self._add_scenario(len(self.curves))
        while len(self.curves) > len(self._results):
            curves = self.curves.pop()
            self.legend.removeItem(curves[0])
            for curve in curves:
                self.plot_item.removeItem(curve)
        for i, curves in enumerate(self.curves):
            label = self.legend.getLabel(curves[0])
            if label is not None and label.text != self.names[i]:
                label.setText(self.names[i])

    def _add_scenario(self, i: int) -> None:
        color = scenario_color(i)
        curves = [self.plot_item.plot(pen=line_pen(color, line.dashed)) for line in self.spec.lines]
        self.legend.addItem(curves[0], self.names[i])
        self.link_visibility(curves[0], *curves[1:])
        self.curves.append(curves)
