"""The five charts: data equals the Result, items are reused, USD, crosshair, legend.

The default scenario (the v2 base preset) runs 3 history quarters (2024Q2..2024Q4)
before its start 2025Q1: T = 43 quarters, x = 0 is 2024Q2.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from conftest import MODEL_EXAMPLE
from numpy.testing import assert_allclose
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from simulator import Result, Scenario, default_scenario, load_preset, simulate
from simulator.units import Money
from ui.charts.base import Chart, link_time_axes
from ui.charts.capacity import CapacityChart
from ui.charts.capex import CapexChart
from ui.charts.cash import CashChart
from ui.charts.crosshair import format_value
from ui.charts.cumulative import CumulativeChart
from ui.charts.revenue import RevenueChart

CHART_TYPES = [CumulativeChart, CapexChart, RevenueChart, CashChart, CapacityChart]
USD = Money(1 / 7.17, "bn USD")
T = 43  # 3 history quarters and the 40 of the ten-year plan
H = 3  # history quarters: t = 3 is the start, 2025Q1


@pytest.fixture(scope="module")
def result() -> Result:
    return simulate(default_scenario())


def make_chart(qtbot, cls: type[Chart], result: Result, money: Money | None = None) -> Chart:
    """A shown chart drawing ``result``."""
    chart = cls()
    qtbot.addWidget(chart)
    chart.resize(1000, 700)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_result(result, money or Money())
    return chart


def viewport_pos(chart: Chart, scene_pos: QPointF) -> QPointF:
    return QPointF(chart.mapFromScene(scene_pos))


def view_pos(chart: Chart, x: float, y: float) -> QPointF:
    """The viewport pixel of data point (x, y)."""
    return viewport_pos(chart, chart.plot_item.vb.mapViewToScene(QPointF(x, y)))


def send_mouse(chart: Chart, kind: QEvent.Type, pos: QPointF, button=Qt.MouseButton.NoButton):
    viewport = chart.viewport()
    buttons = button if kind == QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        pos,
        QPointF(viewport.mapToGlobal(pos)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def hover(qtbot, chart: Chart, x: float) -> None:
    """Move the mouse to time x, mid-height, until the rate-limited crosshair is there.

    The move is repeated while waiting: a fresh chart may still be laying out (its axes
    resize once auto-ranged), which moves the pixel of time x.
    """

    def arrived() -> bool:
        if chart.crosshair.quarter == int(x):
            return True
        (_, _), (y0, y1) = chart.plot_item.vb.viewRange()
        send_mouse(chart, QEvent.Type.MouseMove, view_pos(chart, x, (y0 + y1) / 2))
        return False

    qtbot.waitUntil(arrived)


def click(chart: Chart, scene_pos: QPointF) -> None:
    pos = viewport_pos(chart, scene_pos)
    send_mouse(chart, QEvent.Type.MouseButtonPress, pos, Qt.MouseButton.LeftButton)
    send_mouse(chart, QEvent.Type.MouseButtonRelease, pos, Qt.MouseButton.LeftButton)


def curve(item: pg.PlotDataItem) -> tuple[np.ndarray, np.ndarray]:
    x, y = item.getData()
    return np.asarray(x), np.asarray(y)


# -- data equals the Result ---------------------------------------------------------------


def test_capex_chart_stacks_categories_and_draws_depreciation_and_net_ppe(qtbot, result):
    chart = make_chart(qtbot, CapexChart, result)
    assert chart.objectName() == "chart.capex"
    t = np.arange(T, dtype=float)
    by_category = result.capex_by_category
    assert len(chart.bars) == len(result.category_names) == 3
    bottom = np.zeros(T)
    for bar, heights, name in zip(chart.bars, by_category, result.category_names, strict=True):
        assert_allclose(bar.opts["height"], heights)
        assert_allclose(bar.opts["y0"], bottom)
        assert_allclose(bar.opts["x0"], t + 0.1)
        assert bar.opts["width"] == pytest.approx(0.8)
        assert chart.legend.getLabel(bar).text == name
        bottom = bottom + heights
    assert_allclose(bottom, result["capex"])
    assert_allclose(curve(chart.depreciation)[0], t + 0.5)
    assert_allclose(curve(chart.depreciation)[1], result["depreciation"])
    assert_allclose(curve(chart.net_ppe)[0], t + 1)
    assert_allclose(curve(chart.net_ppe)[1], result["net_ppe"])
    assert chart.net_ppe in chart.right_view.addedItems
    assert chart.plot_item.getAxis("left").labelText == "bn CNY/qtr"
    assert chart.plot_item.getAxis("right").labelText == "bn CNY"
    # the programme's refresh capex sits on top of its stack
    assert result["refresh_capex"].max() > 1
    assert_allclose(chart.refresh.opts["y0"], result["capex"])
    assert_allclose(chart.refresh.opts["height"], result["refresh_capex"])
    assert_allclose(chart.refresh.opts["x0"], t + 0.1)
    # the history quarters' capex (all of the company's) stands on its own
    before = chart.history.opts["height"]
    assert_allclose(before[:H], result["with_capex"][:H])
    assert (before[H:] == 0).all() and (result["capex"][:H] == 0).all()
    labels = [label.text for _, label in chart.legend.items]
    assert {"Refresh capex", "Capex before the start"} <= set(labels)


def test_history_quarters_are_shaded_on_every_chart(qtbot, result):
    assert result.history == H and result.periods[H] == "2025Q1"
    for cls in CHART_TYPES:
        chart = make_chart(qtbot, cls, result)
        band = chart.history_band.region
        assert band.isVisible() and band.getRegion() == (0, H)
        assert chart.time_axis.first_year == 2024 and chart.time_axis.first_quarter == 1
    v1 = simulate(Scenario.from_dict(MODEL_EXAMPLE))  # version 1: no history
    chart = make_chart(qtbot, CashChart, v1)
    assert v1.history == 0 and not chart.history_band.region.isVisible()
    assert chart.time_axis.first_year == 2025 and chart.time_axis.first_quarter == 0


def test_capex_right_axis_view_follows_the_main_view(qtbot, result):
    chart = make_chart(qtbot, CapexChart, result)
    chart.resize(700, 500)
    qtbot.waitUntil(
        lambda: chart.right_view.sceneBoundingRect() == chart.plot_item.vb.sceneBoundingRect()
    )
    chart.plot_item.vb.setXRange(4, 12, padding=0)
    assert chart.right_view.viewRange()[0] == pytest.approx([4, 12])

    def zero_and_peak_in_view() -> bool:  # the right view auto-ranges when it next paints
        low, high = chart.right_view.viewRange()[1]
        return low <= 0 < result["net_ppe"][11] <= high

    qtbot.waitUntil(zero_and_peak_in_view)


def test_revenue_chart_stacks_areas_and_shades_unserved_demand(qtbot, result):
    chart = make_chart(qtbot, RevenueChart, result)
    assert chart.objectName() == "chart.revenue"
    mids = np.arange(T) + 0.5
    core = result["core_revenue"]
    for item, expected in [
        (chart.core, core),
        (chart.ai_top, core + result["ai_revenue"]),
        (chart.demand, core + result["ai_demand"]),
    ]:
        x, y = curve(item)
        assert_allclose(x, mids)
        assert_allclose(y, expected)
    assert chart.core.opts["fillLevel"] == 0
    assert chart.ai_fill.curves == [chart.core, chart.ai_top]
    assert chart.unserved.curves == [chart.ai_top, chart.demand]
    assert result["unserved_ai_demand"].max() > 1  # the default scenario binds
    top = chart.unserved.path().boundingRect()
    assert top.bottom() == pytest.approx((core + result["ai_demand"]).max())
    assert chart.unserved.brush().style() == Qt.BrushStyle.BDiagPattern
    x, y = curve(chart.without)  # the company without the programme, dashed
    assert_allclose(x, mids)
    assert_allclose(y, result["without_cloud_revenue"])
    assert chart.without.opts["pen"].style() == Qt.PenStyle.DashLine


def test_cash_chart_colours_bars_by_sign(qtbot, result):
    chart = make_chart(qtbot, CashChart, result)
    assert chart.objectName() == "chart.cash"
    t = np.arange(T, dtype=float)
    assert_allclose(chart.fcf.opts["height"], result["fcf"])
    assert_allclose(chart.fcf.opts["x0"], t + 0.1)
    colors = [b.color().name() for b in chart.fcf.opts["brushes"]]
    assert colors == ["#27ae60" if v >= 0 else "#c0392b" for v in result["fcf"]]
    assert {"#27ae60", "#c0392b"} <= set(colors)
    assert_allclose(curve(chart.cum_fcf)[0], t + 1)
    assert_allclose(curve(chart.cum_fcf)[1], result["cum_fcf"])
    assert_allclose(curve(chart.cum_discounted)[1], result["cum_discounted_fcf"])
    assert set(curve(chart.zero)[1]) == {0.0}


def test_cash_chart_marks_the_npv_with_its_terminal_value(qtbot, result):
    chart = make_chart(qtbot, CashChart, result)
    metrics = result.metrics
    assert metrics["terminal_value_pv"] > 1  # the base preset's perpetuity
    x, y = curve(chart.npv)
    assert_allclose(x, [T]) and assert_allclose(y, [metrics["npv"]])
    x, y = curve(chart.terminal)  # the step from the explicit years' total to the star
    last = result["cum_discounted_fcf"][-1]
    assert_allclose(x, [T, T])
    assert_allclose(y, [last, last + metrics["terminal_value_pv"]])
    assert y[-1] == pytest.approx(metrics["npv"])
    assert last == pytest.approx(metrics["npv_explicit"])
    economics = {**MODEL_EXAMPLE["economics"], "residual_value": False}
    v1 = simulate(Scenario.from_dict({**MODEL_EXAMPLE, "economics": economics}))
    chart.set_result(v1, Money())  # version 1 without a residual value: the star, no step
    x, _ = chart.terminal.getData()
    assert x is None or len(x) == 0
    assert_allclose(curve(chart.npv)[0], [40])
    assert_allclose(curve(chart.npv)[1], [v1.metrics["npv"]])


def test_capacity_chart_draws_capacity_against_demand(qtbot, result):
    chart = make_chart(qtbot, CapacityChart, result)
    assert chart.objectName() == "chart.capacity"
    mids = np.arange(T) + 0.5
    for item, column in [
        (chart.served, "with_ai_served"),
        (chart.capacity, "with_capacity"),
        (chart.without, "without_capacity"),
        (chart.demand, "ai_demand"),
    ]:
        x, y = curve(item)
        assert_allclose(x, mids)
        assert_allclose(y, result[column])
    assert (curve(chart.served)[1] <= curve(chart.capacity)[1] + 1e-9).all()  # never above
    assert chart.served.opts["fillLevel"] == 0
    assert chart.plot_item.getAxis("left").labelText == "bn CNY/qtr"
    chart.crosshair.show_quarter(20)
    text = chart.crosshair.text()
    assert expected_row("Capacity", result["with_capacity"][20]) in text
    assert expected_row("AI demand", result["ai_demand"][20]) in text
    assert f"Utilisation {format_value(100 * result['utilisation'][20])} %" in text


def test_cumulative_chart_keeps_working(qtbot, result):
    chart = make_chart(qtbot, CumulativeChart, result)
    assert_allclose(curve(chart.capex)[1], result["cum_capex"])
    assert_allclose(curve(chart.capex)[0], np.arange(T) + 1)
    assert [s.name for s in chart.readout_series()] == [
        "Cumulative capex",
        "Cumulative programme revenue",
        "Cumulative cloud revenue",
    ]


# -- items are created once ---------------------------------------------------------------


def item_counts(chart: Chart) -> tuple[int, int, int]:
    right = len(chart.right_view.addedItems) if isinstance(chart, CapexChart) else 0
    return len(chart.plot_item.items), len(chart.legend.items), right


@pytest.mark.parametrize("cls", CHART_TYPES)
def test_set_result_reuses_items(qtbot, result, cls):
    chart = make_chart(qtbot, cls, result)
    before = item_counts(chart)
    items = list(chart.plot_item.items)
    bull = simulate(load_preset("Alibaba 2025 plan (bull)"))
    for r, money in [(bull, USD), (result, Money()), (result, Money())]:
        chart.set_result(r, money)
        assert item_counts(chart) == before
    assert chart.plot_item.items == items


def with_categories(n: int) -> Scenario:
    doc = default_scenario().to_dict()
    cats = [
        dict(c, name=f"Asset {k}", share=1 / n)
        for k, c in enumerate((doc["program"]["categories"] * 2)[:n])
    ]
    doc["program"]["categories"] = cats
    return Scenario.from_dict(doc)


def test_capex_bars_follow_the_category_count(qtbot, result):
    chart = make_chart(qtbot, CapexChart, result)
    items, legend, _ = item_counts(chart)
    for n in (5, 2, 3):
        r = simulate(with_categories(n))
        chart.set_result(r, Money())
        assert len(chart.bars) == n
        assert item_counts(chart)[:2] == (items + n - 3, legend + n - 3)
        assert [chart.legend.getLabel(b).text for b in chart.bars] == list(r.category_names)
        for bar, heights in zip(chart.bars, r.capex_by_category, strict=True):
            assert_allclose(bar.opts["height"], heights)


# -- money --------------------------------------------------------------------------------


MONEY_ITEMS = {
    CumulativeChart: [("capex", "cum_capex"), ("program", "cum_program_revenue")],
    CapexChart: [("depreciation", "depreciation"), ("net_ppe", "net_ppe")],
    RevenueChart: [("core", "core_revenue")],
    CashChart: [("cum_fcf", "cum_fcf"), ("cum_discounted", "cum_discounted_fcf")],
    CapacityChart: [("capacity", "with_capacity"), ("without", "without_capacity")],
}


@pytest.mark.parametrize("cls", CHART_TYPES)
def test_usd_switch_rescales_and_relabels(qtbot, result, cls):
    chart = make_chart(qtbot, cls, result)
    chart.set_result(result, USD)
    for attr, column in MONEY_ITEMS[cls]:
        assert_allclose(curve(getattr(chart, attr))[1], result[column] / 7.17)
    assert "bn USD" in chart.plot_item.getAxis("left").labelText
    for series in chart.readout_series():  # every amount; utilisation is a percentage
        assert series.unit == ("%" if series.name == "Utilisation" else "bn USD")
    chart.crosshair.show_quarter(5)
    assert "bn USD" in chart.crosshair.text() and "bn CNY" not in chart.crosshair.text()


def test_usd_switch_rescales_bars_and_right_axis(qtbot, result):
    capex = make_chart(qtbot, CapexChart, result, USD)
    assert_allclose(capex.bars[0].opts["height"], result.capex_by_category[0] / 7.17)
    assert capex.plot_item.getAxis("right").labelText == "bn USD"
    assert capex.plot_item.getAxis("left").labelText == "bn USD/qtr"
    cash = make_chart(qtbot, CashChart, result, USD)
    assert_allclose(cash.fcf.opts["height"], result["fcf"] / 7.17)
    revenue = make_chart(qtbot, RevenueChart, result, USD)
    assert_allclose(curve(revenue.demand)[1], (result["core_revenue"] + result["ai_demand"]) / 7.17)


# -- crosshair ----------------------------------------------------------------------------


def expected_row(name: str, value: float, unit: str = "bn CNY") -> str:
    return f"{name} {format_value(value)} {unit}"


def test_crosshair_follows_the_mouse_and_reads_out_the_quarter(qtbot, result):
    chart = make_chart(qtbot, CumulativeChart, result)
    assert not chart.crosshair.label.isVisible()
    hover(qtbot, chart, H + 10.3)  # the plan's quarter 10 (x counts from 2024Q2)
    t = H + 10
    text = chart.crosshair.text()
    assert text.startswith("2027Q3 · ")
    assert expected_row("Cumulative capex", result["cum_capex"][t]) in text
    assert expected_row("Cumulative cloud revenue", result["cum_cloud_revenue"][t]) in text
    assert chart.crosshair.label.isVisible()
    assert f"{result['cum_capex'][t]:,.1f}" in chart.crosshair.label.text()
    assert chart.crosshair.line.value() == pytest.approx(t + 0.5)
    assert chart.crosshair.line.isVisible()
    hover(qtbot, chart, H + 25.7)
    assert chart.crosshair.text().startswith("2031Q2 · ")
    hover(qtbot, chart, 1.5)  # a history quarter
    assert chart.crosshair.text().startswith("2024Q3 · ")
    QApplication.sendEvent(chart, QEvent(QEvent.Type.Leave))
    assert not chart.crosshair.label.isVisible() and not chart.crosshair.line.isVisible()
    assert chart.crosshair.text() == ""


def test_capex_readout_lists_categories_depreciation_and_net_ppe(qtbot, result):
    chart = make_chart(qtbot, CapexChart, result)
    hover(qtbot, chart, 6.5)
    text = chart.crosshair.text()
    for name, values in zip(result.category_names, result.capex_by_category, strict=True):
        assert expected_row(f"Capex: {name}", values[6]) in text
    assert expected_row("Depreciation", result["depreciation"][6]) in text
    assert expected_row("Net PP&E", result["net_ppe"][6]) in text


def test_revenue_and_cash_readouts(qtbot, result):
    revenue = make_chart(qtbot, RevenueChart, result)
    hover(qtbot, revenue, 30.5)
    text = revenue.crosshair.text()
    assert expected_row("Unserved AI demand", result["unserved_ai_demand"][30]) in text
    assert expected_row("AI demand", result["ai_demand"][30]) in text
    assert expected_row("AI revenue", result["ai_revenue"][30]) in text
    cash = make_chart(qtbot, CashChart, result)
    hover(qtbot, cash, 3.5)
    assert expected_row("FCF in the quarter", result["fcf"][3]) in cash.crosshair.text()
    assert expected_row("Cumulative FCF", result["cum_fcf"][3]) in cash.crosshair.text()


def test_crosshair_hides_outside_the_quarters_and_over_the_legend(qtbot, result):
    chart = make_chart(qtbot, CashChart, result)
    hover(qtbot, chart, 8.5)
    chart.crosshair.show_at_scene(chart.plot_item.vb.mapViewToScene(QPointF(-0.5, 0)))
    assert chart.crosshair.quarter is None and not chart.crosshair.label.isVisible()
    chart.crosshair.show_quarter(8)
    chart.crosshair.show_at_scene(chart.legend.sceneBoundingRect().center())
    assert chart.crosshair.quarter is None


def test_crosshair_readout_follows_new_data(qtbot, result):
    chart = make_chart(qtbot, CashChart, result)
    hover(qtbot, chart, 12.5)
    other = simulate(default_scenario().with_field("revenue.yield", 1.2))
    chart.set_result(other, USD)
    assert expected_row("Cumulative FCF", other["cum_fcf"][12] / 7.17, "bn USD") in (
        chart.crosshair.text()
    )


def test_readout_stays_inside_the_plot(qtbot, result):
    chart = make_chart(qtbot, CapexChart, result)
    area = chart.mapFromScene(chart.plot_item.vb.sceneBoundingRect()).boundingRect()
    for t in (0, 20, T - 1):
        chart.crosshair.show_quarter(t)
        geometry = chart.crosshair.label.geometry()
        assert area.left() <= geometry.left() and geometry.right() <= area.right()


def test_readout_keeps_clear_of_the_legend(qtbot, result):
    chart = make_chart(qtbot, CumulativeChart, result)  # legend at the top left
    legend = chart.mapFromScene(chart.legend.sceneBoundingRect()).boundingRect()
    for t in range(T):
        chart.crosshair.show_quarter(t)
        assert not chart.crosshair.label.geometry().intersects(legend), t


def test_grid_lines_follow_the_axes_ticks(qtbot, result):
    chart = make_chart(qtbot, CapexChart, result)
    chart.plot_item.vb.setRange(xRange=(0, T), yRange=(0, 30), padding=0)
    major, minor = chart.grid._lines()
    vertical = sorted(line.x1() for line in major if line.x1() == line.x2())
    horizontal = sorted(line.y1() for line in major if line.y1() == line.y2())
    # years: each Q1 (t = 3 is 2025Q1)
    assert vertical == [3, 7, 11, 15, 19, 23, 27, 31, 35, 39, 43]
    assert {line.x1() for line in minor if line.x1() == line.x2()} >= {1, 2, 4, 5}  # quarters
    assert horizontal == [0, 5, 10, 15, 20, 25, 30]
    assert chart.grid.pens[0].color().alpha() == 255  # opaque: fast to draw


@pytest.mark.parametrize("cls", CHART_TYPES)
def test_money_defaults_to_bn_cny(qtbot, result, cls):
    chart = make_chart(qtbot, cls, result)
    chart.set_result(result)
    assert chart.plot_item.getAxis("left").labelText.startswith("bn CNY")


def test_format_value():
    assert format_value(1234.567) == "1,234.6"
    assert format_value(-12.34) == "-12.3"
    assert format_value(0.0512) == "0.05"


# -- legend -------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", CHART_TYPES)
def test_clicking_a_legend_entry_toggles_its_series(qtbot, result, cls):
    chart = make_chart(qtbot, cls, result)
    assert len(chart.legend.items) >= 3
    for sample, label in chart.legend.items:
        item = sample.item
        linked = chart._linked.get(id(item), ())
        assert item.isVisible()
        click(chart, sample.sceneBoundingRect().center())
        assert not item.isVisible(), label.text
        assert all(not other.isVisible() for other in linked)
        click(chart, sample.sceneBoundingRect().center())
        assert item.isVisible(), label.text
        assert all(other.isVisible() for other in linked)


def test_hidden_series_leave_the_readout(qtbot, result):
    chart = make_chart(qtbot, RevenueChart, result)
    chart.crosshair.show_quarter(20)
    assert "AI revenue" in chart.crosshair.text()
    sample = next(s for s, label in chart.legend.items if label.text == "AI revenue (served)")
    click(chart, sample.sceneBoundingRect().center())
    assert not chart.ai_fill.isVisible() and not chart.ai_top.isVisible()
    assert "AI revenue" not in chart.crosshair.text()
    assert "AI revenue" not in chart.crosshair.label.text()
    assert "Core cloud revenue" in chart.crosshair.text()


def test_legend_samples_paint_areas_bars_and_hidden_items(qtbot, result):
    for cls in CHART_TYPES:
        chart = make_chart(qtbot, cls, result)
        for sample, _ in chart.legend.items:
            sample.item.setVisible(False)
        image = chart.grab()  # paints every sample, hidden ones as the "eye" icon
        assert not image.isNull()


# -- linked time axes ---------------------------------------------------------------------


def test_link_time_axes(qtbot, result):
    charts = [make_chart(qtbot, cls, result) for cls in CHART_TYPES]
    link_time_axes(charts)
    for source, (start, end) in [(2, (8, 20)), (0, (0, T)), (3, (30, 34)), (4, (3, 15))]:
        charts[source].plot_item.vb.setXRange(start, end, padding=0)
        for chart in charts:
            # the same quarters on every chart, whatever its width or place on screen
            # (pyqtgraph's own link lined up the pixels of overlapping views instead)
            low, high = chart.plot_item.vb.viewRange()[0]
            assert (low, high) == (pytest.approx(start), pytest.approx(end))


def test_a_chart_across_two_columns_shows_the_same_quarters_as_the_others(qtbot, result):
    from ui.charts.dashboard import Dashboard

    board = Dashboard()
    qtbot.addWidget(board)
    board.resize(1000, 900)  # two columns: the capacity chart across both
    board.show()
    qtbot.waitExposed(board)
    board.set_result(result, Money())
    assert board.columns == 2
    wide = board.charts["capacity"]
    qtbot.waitUntil(lambda: wide.width() > 1.5 * board.charts["cumulative"].width())
    for source in ("capacity", "cumulative"):
        board.charts[source].plot_item.vb.setXRange(3, 15, padding=0)
        for name, chart in board.charts.items():
            low, high = chart.plot_item.vb.viewRange()[0]
            assert (low, high) == (pytest.approx(3), pytest.approx(15)), (source, name)


def test_the_legend_sits_above_the_view_and_the_history_label_at_its_top(qtbot, result):
    for cls in CHART_TYPES:
        chart = make_chart(qtbot, cls, result)
        band = chart.history_band
        label = band.label.sceneBoundingRect()
        view = chart.plot_item.vb.sceneBoundingRect()
        legend = chart.legend.sceneBoundingRect()
        assert legend.bottom() <= view.top() + 0.5, cls.__name__  # outside the plot area
        assert not label.intersects(legend), cls.__name__
        assert view.left() <= label.left() and label.right() <= view.right(), cls.__name__
        assert band.label.orthoPos == band.TOP
        assert band.labelled and band.label.isVisible()
    small = make_chart(qtbot, RevenueChart, result)
    small.resize(300, 160)  # a view too low for the label: the band goes unlabelled
    qtbot.waitUntil(lambda: not small.history_band.labelled)
    assert not small.history_band.label.isVisible() and small.history_band.region.isVisible()
    small.resize(1000, 700)
    qtbot.waitUntil(lambda: small.history_band.label.isVisible())


def test_the_horizons_end_is_inside_the_view(qtbot, result):
    chart = make_chart(qtbot, CashChart, result)
    low, high = chart.plot_item.vb.viewRange()[0]
    assert low < 0 and high >= T + 0.5  # the NPV star at x = T is drawn whole


def test_the_dashboard_gives_the_charts_of_a_row_equal_widths(qtbot, result):
    from ui.charts.dashboard import Dashboard

    board = Dashboard()
    qtbot.addWidget(board)
    board.show()
    qtbot.waitExposed(board)
    board.set_result(result, Money())
    three = [["cumulative", "capex", "revenue"], ["cash", "capacity"]]
    two = [["cumulative", "capex"], ["revenue", "cash"], ["capacity"]]
    for width, rows in ((1500, three), (900, two)):
        board.resize(width, 900)

        def equal(rows: list[list[str]] = rows, width: int = width) -> bool:
            widths = [[board.charts[name].width() for name in row] for row in rows]
            full = widths[-1][0] if len(rows[-1]) == 1 else None  # the fifth, across
            return all(max(w) - min(w) <= 2 for w in widths) and full in (None, width)

        qtbot.waitUntil(equal)
        assert board.columns == len(rows[0])
        # the six grid columns stretch alike: nothing but the layout decides the widths
        # (without it a window widened to three columns kept unequal charts on screen)
        assert [board.grid.columnStretch(c) for c in range(6)] == [1] * 6
