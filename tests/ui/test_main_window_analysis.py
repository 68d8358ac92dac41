"""The analysis tabs and goal seek, driven through the real main window."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget

from simulator import simulate
from simulator.analysis import montecarlo
from simulator.analysis.stats import summarize
from ui.window.main_window import MainWindow


@pytest.fixture
def window(window_1280):
    return window_1280


def show_tab(qtbot, window: MainWindow, name: str) -> None:
    bar = window.views.tabBar()
    index = next(i for i in range(window.views.count()) if window.views.tabText(i) == name)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.views.currentIndex() == index


def test_monte_carlo_runs_when_its_tab_is_shown_and_matches_the_model(qtbot, window):
    assert not window.views.uncertainty.controller.enabled  # nothing runs behind the projection tab
    with qtbot.waitSignal(window.views.uncertainty.controller.result, timeout=60_000) as got:
        show_tab(qtbot, window, "Uncertainty")
    mc, quick = got.args
    assert not quick and mc.paths == 10_000
    expected = montecarlo.run(window.scenario)
    np.testing.assert_array_equal(mc.metrics["npv"], expected.metrics["npv"])
    table = window.findChild(QTableWidget, "risk.stats")
    median = summarize(expected.metrics["npv"])["p50"]
    texts = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(2, 9)]
    assert f"{median:,.1f}" in texts
    assert window.findChild(QLabel, "risk.prob.npv").text().startswith("P(NPV > 0)")


def test_an_edit_on_the_uncertainty_tab_reruns_with_the_new_value(qtbot, window):
    with qtbot.waitSignal(window.views.uncertainty.controller.result, timeout=60_000):
        show_tab(qtbot, window, "Uncertainty")
    with qtbot.waitSignal(window.views.uncertainty.controller.result, timeout=60_000) as got:
        window.doc.set_field("economics.ebitda_margin", 0.65)
    mc = got.args[0]
    assert mc.deterministic.metrics["npv"] == pytest.approx(
        simulate(window.scenario).metrics["npv"]
    )
    np.testing.assert_array_equal(mc.metrics["npv"], montecarlo.run(window.scenario).metrics["npv"])


def test_ctrl_r_runs_and_ctrl_g_opens_goal_seek(qtbot, window):
    with qtbot.waitSignal(window.views.uncertainty.controller.result, timeout=60_000):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.views.uncertainty
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.goal_seek_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_sensitivity_tab_shows_the_current_scenario(qtbot, window):
    with qtbot.waitSignal(window.views.sensitivity.computed, timeout=60_000):
        show_tab(qtbot, window, "Sensitivity")
    show_tab(qtbot, window, "Projection")
    window.doc.set_field("revenue.yield", 1.0)  # while hidden: remembered, not computed
    with qtbot.waitSignal(window.views.sensitivity.computed, timeout=60_000) as got:
        show_tab(qtbot, window, "Sensitivity")
    assert got.args[0] is window.views.sensitivity.results
    assert window.views.sensitivity.results.tornado.base == pytest.approx(
        simulate(window.scenario).metrics["npv"]
    )
