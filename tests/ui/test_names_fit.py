"""Long names fit at 1280x800: elided in the middle, where one plan's variants differ,
and the compare tables show every column without a horizontal scroll bar."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from simulator import default_scenario
from simulator.scenario.presets import load_preset
from ui.common.elided import ElidedLineEdit
from ui.window.main_window import MainWindow

LONG = "Servers, accelerators and the network fabric of the new regions (phase 2)"


@pytest.fixture
def window(window_1280):
    return window_1280


def test_a_long_category_name_is_elided_in_the_middle_until_edited(qtbot, window):
    name = window.findChild(ElidedLineEdit, "program.categories.0.name")
    name.setText(LONG)
    shown = name.shown()
    assert shown != LONG and "…" in shown
    head, tail = shown.split("…")
    assert LONG.startswith(head) and LONG.endswith(tail) and tail  # the end is kept
    assert name.toolTip().startswith(LONG + "\n")  # the whole name, then the field's tip
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(name.hasFocus)
    assert name.shown() == LONG  # edited whole


def test_a_short_category_name_is_shown_whole(window):
    name = window.findChild(ElidedLineEdit, "program.categories.0.name")
    name.setText("Servers")
    assert name.shown() == "Servers"


@pytest.mark.parametrize("others", [("bull", "bear"), ("bull", "bear", "bear [2]")])
def test_compare_shows_every_key_figure_column_at_1280x800(qtbot, window, others):
    base = load_preset("Alibaba 2025 plan (base)")
    for suffix in others:
        window.workspace.add(dataclasses.replace(base, name=f"{base.name[:-6]} ({suffix})"))
    window.views.show_view("compare")
    view = window.views.compare
    qtbot.waitUntil(
        lambda: view.kpis.rowCount() > 0 and view.kpis.columnCount() == 2 * len(others) + 1
    )
    tabs = view.pages.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(1).center())
    qtbot.waitUntil(view.kpis.isVisible)
    QApplication.processEvents()
    for table in (view.kpis, view.inputs):
        header = table.horizontalHeader()
        used = sum(header.sectionSize(c) for c in range(header.count()))
        assert used <= table.viewport().width() + 1, table.objectName()
        assert header.textElideMode() == Qt.TextElideMode.ElideMiddle
        metrics = table.fontMetrics()
        for r in range(table.rowCount()):
            for c in range(table.columnCount()):
                words = table.item(r, c).text().split() if table.item(r, c) else []
                widest = max((metrics.horizontalAdvance(w) for w in words), default=0)
                assert widest <= header.sectionSize(c) - 6, (table.objectName(), r, c, words)
    assert window.findChild(type(view.pick), "compare.pick").textElideMode() == (
        Qt.TextElideMode.ElideMiddle
    )


def test_the_waterfall_labels_stay_inside_the_plot_at_1280x800(qtbot, window):
    window.files.new_tab_from_preset("bull")
    window.views.show_view("compare")
    view = window.views.compare
    tabs = view.pages.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(2).center())
    chart = view.waterfall.chart
    qtbot.waitUntil(lambda: chart.isVisible() and view.waterfall.waterfall is not None)
    QApplication.processEvents()
    inside = chart.getPlotItem().vb.sceneBoundingRect()
    shown = [label for label in chart.labels if label.isVisible()]
    assert len(shown) >= 3
    for label in shown:
        assert inside.contains(label.sceneBoundingRect()), label.toPlainText()


def test_a_narrow_chart_elides_its_title_in_the_middle(qtbot):
    from ui.charts.overlay import OverlayChart

    chart = OverlayChart("cumulative")
    qtbot.addWidget(chart)
    chart.resize(900, 300)
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.plot_item.titleLabel.text == chart.title and chart.toolTip() == ""
    chart.resize(150, 300)
    qtbot.waitUntil(lambda: chart.plot_item.titleLabel.text != chart.title)
    head, tail = chart.plot_item.titleLabel.text.split("…")
    assert chart.title.startswith(head) and chart.title.endswith(tail) and tail
    assert chart.toolTip() == chart.title


def test_on_a_first_run_a_wide_window_gives_the_dock_room_for_category_names(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    w = MainWindow(default_scenario(), settings=settings)
    qtbot.addWidget(w)
    w.resize(1600, 950)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.dock.width() >= 0.3 * 1600)
    name = w.findChild(ElidedLineEdit, "program.categories.0.name")
    qtbot.waitUntil(lambda: name.shown() == name.text() == "Servers & accelerators")
    for doc in w.workspace.documents():
        doc.undo_stack.setClean()


def test_on_a_first_run_a_small_window_keeps_the_docks_own_width(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    w = MainWindow(default_scenario(), settings=settings)
    qtbot.addWidget(w)
    w.resize(1216, 736)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    assert w.dock.width() >= w.dock.sizeHint().width()  # never narrowed below its own
    for doc in w.workspace.documents():
        doc.undo_stack.setClean()


def test_the_crossover_and_payback_labels_never_overlap(qtbot):
    from simulator import simulate
    from ui.charts.cumulative import CumulativeChart

    chart = CumulativeChart()
    qtbot.addWidget(chart)
    chart.resize(380, 260)  # a 1280x800 dashboard's chart
    chart.show()
    qtbot.waitExposed(chart)
    result = simulate(load_preset("Alibaba 2025 plan (bull)"))
    chart.set_result(result)
    QApplication.processEvents()
    assert chart.crossover.isVisible() and chart.payback.isVisible()
    early, late = chart.crossover.label.sceneBoundingRect(), chart.payback.label.sceneBoundingRect()
    assert not early.intersects(late)
    assert early.right() <= chart.crossover.scenePos().x() + 1  # left of its line
