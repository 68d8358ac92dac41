"""The report's charts as factories: each makes a settled, unshown chart of a given size.

One scenario gets the app's own charts; a comparison gets the overlays
(:mod:`ui.charts.overlay`, :mod:`ui.charts.overlay_mc`) and the NPV waterfall between the
first two scenarios. Each factory is called when its page is painted and the widget
is freed right after (:func:`ui.export.render.throwaway`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtWidgets import QWidget

from simulator import Result
from simulator.analysis.compare import Waterfall
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.sensitivity import tornado
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.charts.dashboard import CHARTS
from ui.charts.fan import FanChart
from ui.charts.histogram import DistributionChart
from ui.charts.overlay import OverlayChart
from ui.charts.overlay_mc import OverlayDistributionChart, OverlayFanChart
from ui.charts.reported import NO_REPORTS, Reported
from ui.charts.waterfall import WaterfallChart
from ui.export.render import settle
from ui.export.report.layout import ChartFactory


def _main_chart(
    name: str, result: Result, money: Money, marks: Reported, width: int, height: int
) -> QWidget:
    chart = CHARTS[name]()
    chart.set_result(result, money, marks)  # with the reported actuals' markers
    settle(chart, width, height)
    return chart


def _overlay_chart(
    name: str,
    names: Sequence[str],
    results: Sequence[Result],
    money: Money,
    width: int,
    height: int,
) -> QWidget:
    chart = OverlayChart(name)
    chart.set_results(names, results, money)
    settle(chart, width, height)
    return chart


def main_charts(
    names: Sequence[str],
    results: Sequence[Result],
    money: Money,
    marks: Reported = NO_REPORTS,
) -> list[ChartFactory]:
    """The five main charts: the app's for one scenario (with ``marks``, its reported
    actuals, as in the app), overlays for several."""
    if len(results) == 1:
        return [partial(_main_chart, name, results[0], money, marks) for name in CHARTS]
    return [partial(_overlay_chart, name, names, results, money) for name in CHARTS]


TORNADO_BARS = 12
"""The inputs a report's tornado shows (the largest swings)."""


def _tornado(scenario: Scenario, money: Money, width: int, height: int) -> QWidget:
    from ui.views.sensitivity.tornado import TornadoChart

    chart = TornadoChart()
    chart.set_tornado(tornado(scenario, "npv"), money, TORNADO_BARS, scenario.currency)
    settle(chart, width, height)
    return chart


def tornado_chart(scenario: Scenario, money: Money) -> ChartFactory:
    """The NPV tornado of ``scenario``: each input from its low to its high value."""
    return partial(_tornado, scenario, money)


def _waterfall(
    w: Waterfall, first: str, second: str, money: Money, width: int, height: int
) -> QWidget:
    chart = WaterfallChart()
    chart.show_waterfall(w, first, second, money)
    settle(chart, width, height)
    chart.fit_labels()  # after the layout: room right of the bars for the value labels
    return chart


def waterfall_chart(w: Waterfall, first: str, second: str, money: Money) -> ChartFactory:
    """The NPV waterfall from ``first`` to ``second``."""
    return partial(_waterfall, w, first, second, money)


def _fan(
    names: Sequence[str], mcs: Sequence[MonteCarloResult], money: Money, width: int, height: int
) -> QWidget:
    if len(mcs) == 1:
        chart: QWidget = FanChart()
        chart.set_result(mcs[0], money)  # type: ignore[attr-defined]
    else:
        chart = OverlayFanChart()
        chart.set_results(names, mcs, money)  # type: ignore[attr-defined]
    settle(chart, width, height)
    return chart


def _distribution(
    names: Sequence[str], mcs: Sequence[MonteCarloResult], money: Money, width: int, height: int
) -> QWidget:
    if len(mcs) == 1:
        chart: QWidget = DistributionChart()
        chart.set_result(mcs[0], money)  # type: ignore[attr-defined]
    else:
        chart = OverlayDistributionChart()
        chart.set_results(names, mcs, money)  # type: ignore[attr-defined]
    settle(chart, width, height)
    if isinstance(chart, OverlayDistributionChart):
        chart.make_room_for_legend(len(mcs))
    return chart


def risk_charts(
    names: Sequence[str], mcs: Sequence[MonteCarloResult], money: Money
) -> list[ChartFactory]:
    """The fan chart of cumulative FCF and the NPV distribution (overlaid for several)."""
    return [partial(_fan, names, mcs, money), partial(_distribution, names, mcs, money)]
