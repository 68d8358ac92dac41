"""Chart legends: never over plotted data, and an entry's label toggles its series."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt, QThreadPool
from PySide6.QtWidgets import QApplication

from simulator import default_scenario, simulate
from ui.charts.cumulative import CumulativeChart
from ui.window.main_window import MainWindow

VIEWS = ("projection", "uncertainty", "sensitivity", "actuals", "compare")


def data_points(item: pg.GraphicsObject) -> np.ndarray:
    """The (x, y) points an item draws, in its own (data) coordinates."""
    if isinstance(item, pg.PlotDataItem | pg.PlotCurveItem):
        x, y = item.getData()
        return np.column_stack([x, y]) if x is not None and len(x) else np.zeros((0, 2))
    if isinstance(item, pg.ScatterPlotItem):
        x, y = item.getData()
        return np.column_stack([x, y])
    if isinstance(item, pg.BarGraphItem):
        o = item.opts
        x0 = o.get("x0")
        if x0 is None:
            x0 = np.asarray(o["x"]) - np.asarray(o["width"]) / 2
        # any of x0, width, y0 and height may be a scalar (an empty bar chart too)
        x0, width, y0, height = np.broadcast_arrays(
            *(
                np.atleast_1d(np.asarray(v, float))
                for v in (x0, o["width"], o.get("y0", 0.0), o["height"])
            )
        )
        x1 = x0 + width
        top = y0 + height
        xs = np.concatenate([x0, x1, (x0 + x1) / 2])
        ys = np.concatenate([top, top, top])
        return np.column_stack([xs, ys])
    return np.zeros((0, 2))


def points_under_legend(plot: pg.PlotWidget) -> list[tuple[str, float, float]]:
    """Every visible series' data points inside its view that fall in the legend's scene
    rectangle (the points, not the curves' bounding boxes)."""
    legend = plot.getPlotItem().legend
    if legend is None or not legend.isVisible() or not legend.items:
        return []
    area = legend.sceneBoundingRect()
    found = []
    for view in plot.getPlotItem().scene().items():
        if not isinstance(view, pg.ViewBox) or view.getViewWidget() is not plot:
            continue
        shown = view.viewRect()
        for item in view.addedItems:
            if not item.isVisible():
                continue
            for x, y in data_points(item):
                if not (np.isfinite(x) and np.isfinite(y)) or not shown.contains(QPointF(x, y)):
                    continue  # not drawn: outside the view's range
                at = item.mapToScene(QPointF(float(x), float(y)))
                if area.contains(at):
                    found.append((type(item).__name__, float(x), float(y)))
    return found


@pytest.fixture
def window(window_1280):
    return window_1280


def settle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.views.uncertainty.controller.is_busy, timeout=120_000)
    QThreadPool.globalInstance().waitForDone(120_000)
    for _ in range(5):
        QApplication.processEvents()


@pytest.mark.slow
def test_no_legend_covers_a_plotted_point_at_1280x800(qtbot, window):
    window.files.new_tab_from_preset("bull")
    window.files.new_tab_from_preset("bear")
    window.workspace.set_active(window.workspace.documents()[0])
    checked = 0
    for view in VIEWS:
        window.views.show_view(view)
        settle(qtbot, window)
        for plot in window.findChildren(pg.PlotWidget):
            if plot.isVisible() and plot.width() > 0:
                assert points_under_legend(plot) == [], (view, plot.objectName())
                checked += plot.getPlotItem().legend is not None
    assert checked >= 10  # the five charts, the fan, the tornado, the overlays...


def test_clicking_a_legend_label_toggles_the_series_and_rescales(qtbot):
    chart = CumulativeChart()
    qtbot.addWidget(chart)
    chart.resize(900, 600)
    chart.show()
    qtbot.waitExposed(chart)
    result = simulate(default_scenario())
    chart.set_result(result)
    sample, label = next(
        (s, lab) for s, lab in chart.legend.items if lab.text == "Cumulative cloud revenue"
    )
    series = sample.item
    top_before = chart.plot_item.vb.viewRange()[1][1]
    assert top_before >= result["cum_cloud_revenue"].max()
    where = chart.mapFromScene(label.sceneBoundingRect().center())
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert not series.isVisible()
    top_after = chart.plot_item.vb.viewRange()[1][1]
    others = max(result["cum_capex"].max(), result["cum_program_revenue"].max())
    assert others <= top_after < result["cum_cloud_revenue"].max()  # fits what is shown
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert series.isVisible()
    assert chart.plot_item.vb.viewRange()[1][1] >= result["cum_cloud_revenue"].max()
