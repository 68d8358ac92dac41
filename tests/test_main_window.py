"""The main window shows the scenario's chart and KPIs; a bad file changes nothing."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from simulator import default_scenario, load_preset, save_scenario, simulate
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow(default_scenario())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_chart_and_kpis_show_the_result(window):
    result = simulate(default_scenario())
    x, y = window.chart.capex.getData()
    np.testing.assert_array_equal(y, result.cum_capex)
    np.testing.assert_array_equal(x, np.arange(1, 41))
    assert window.findChild(QLabel, "kpi.npv").text() == "-77.4 bn CNY"
    assert window.findChild(QLabel, "kpi.irr").text() == "2.3 %"
    assert window.findChild(QLabel, "kpi.payback_years").text() == "never within horizon"
    assert window.findChild(QLabel, "kpi.revenue_crossover_years").text() == "5.25 years"
    assert window.chart.crossover.isVisible() and window.chart.crossover.value() == 21
    assert not window.chart.payback.isVisible()


def test_open_valid_file_updates_everything(window, tmp_path):
    path = tmp_path / "bull.json"
    save_scenario(load_preset("Alibaba 2025 plan (bull)"), path)
    assert window.open_path(path)
    assert window.findChild(QLabel, "kpi.payback_years").text() == "5.75 years"
    assert "bull.json" in window.windowTitle()
    assert window.chart.payback.isVisible() and window.chart.payback.value() == 23


def test_open_bad_file_shows_dialog_and_keeps_work(window, tmp_path, monkeypatch):
    path = tmp_path / "bad.json"
    doc = default_scenario().to_dict() | {"name": 3}
    path.write_text(json.dumps(doc))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    before = window.scenario
    assert not window.open_path(path)
    assert shown == [f"{path}: name: must be a string (got a number)"]
    assert window.scenario is before
