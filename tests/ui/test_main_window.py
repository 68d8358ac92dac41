"""The desktop app driven through its real widgets."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from conftest import type_into
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from simulator import default_scenario, load_preset, load_scenario, save_scenario, simulate
from ui.views.sensitivity.view import DEBOUNCE_MS as SWEEP_DEBOUNCE_MS
from ui.window.main_window import MainWindow
from ui.window.view_tabs import NAMES


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    w = MainWindow(default_scenario(), settings=settings)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()  # close without the unsaved-changes prompt
    w.close()
    w.deleteLater()


def kpi(window: MainWindow, key: str) -> str:
    return window.findChild(QLabel, f"kpi.{key}").text()


def answer_next_dialog(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Click ``button`` on the next modal message box, recording its text."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box.text() + " " + box.informativeText())
        box.button(button).click()

    QTimer.singleShot(0, click)


def leaf_paths(node: Any, prefix: str = "") -> list[str]:
    """Every field path of a scenario document (lists give the list and each item)."""
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in leaf_paths(v, f"{prefix}{k}.")]
    path = prefix[:-1]
    if isinstance(node, list):
        items = [p for i, v in enumerate(node) for p in leaf_paths(v, f"{path}.{i}.")]
        return [path, *items]
    return [path]


def test_every_model_field_has_an_input(window):
    doc = default_scenario().to_dict()
    doc["notes"] = doc.get("notes", "")
    section = doc.pop("uncertainty")
    doc.pop("actuals")  # reported data, shown and edited as one table in the fit panel
    doc.pop("calibration")  # the fit set and priors: shown in the calibration dialog
    paths = [p for p in leaf_paths(doc) if p not in ("format", "version")]
    # the uncertainty section: seed, path count and correlations have their own
    # inputs; each uncertain input is edited from a "±" button beside the input
    paths += ["uncertainty.seed", "uncertainty.paths", "uncertainty.correlations"]
    paths += [f"{p}.uncertainty" for p in section["inputs"]]
    paths += ["actuals"]
    assert window.findChild(QWidget, "uncertainty.seed") is None  # views are built lazily
    window.views.build_all()
    missing = [p for p in paths if window.findChild(QWidget, p) is None]
    assert missing == []
    assert len(paths) > 40


def set_spin(qtbot, window: MainWindow, path: str, text: str) -> None:
    type_into(qtbot, window.findChild(QWidget, f"{path}.spin"), text)


def test_spin_box_edit_updates_kpis_and_charts(qtbot, window):
    before = kpi(window, "npv")
    with qtbot.waitSignal(window.doc.changed):
        set_spin(qtbot, window, "revenue.yield", "1.2")
    assert window.scenario.revenue.yield_ == 1.2
    expected = simulate(default_scenario().with_field("revenue.yield", 1.2))
    assert kpi(window, "npv") == f"{expected.summary['npv']:,.1f} bn CNY" != before
    _, y = window.views.projection_view.dashboard.charts["cumulative"].program.getData()
    np.testing.assert_allclose(y, expected["cum_program_revenue"])
    assert window.isWindowModified()


def test_undo_and_redo_keys(qtbot, window):
    set_spin(qtbot, window, "economics.discount_rate", "8")
    assert window.scenario.economics.discount_rate == 0.08
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.scenario == default_scenario()
    assert not window.isWindowModified()
    assert window.findChild(QWidget, "economics.discount_rate.spin").value() == 10.0
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.scenario.economics.discount_rate == 0.08


def test_currency_switch_relabels_kpis_and_axes(qtbot, window):
    combo = window.findChild(QComboBox, "view.currency")
    assert [combo.itemText(i) for i in range(combo.count())] == ["CNY", "USD"]
    combo.setCurrentIndex(1)
    total = 380 / 7.17
    assert kpi(window, "total_capex") == f"{total:,.1f} bn USD"
    chart = window.views.projection_view.dashboard.charts["cumulative"]
    assert "bn USD" in chart.plot_item.getAxis("left").labelText
    _, y = chart.capex.getData()
    assert y[-1] == pytest.approx(total)


def test_save_reopen_compare(qtbot, window, tmp_path, monkeypatch):
    set_spin(qtbot, window, "program.total_capex", "450")
    path = tmp_path / "mine.json"
    monkeypatch.setattr(
        "ui.document.file_dialogs.QFileDialog.getSaveFileName", lambda *a, **k: (str(path), "")
    )
    assert window.files.save()
    assert not window.isWindowModified() and "mine.json" in window.windowTitle()
    assert load_scenario(path) == window.scenario
    assert window.files.recent.paths()[0] == path.resolve()
    other = MainWindow(load_scenario(path), path, settings=window.settings)
    qtbot.addWidget(other)
    assert kpi(other, "npv") == kpi(window, "npv")


def test_close_with_unsaved_changes_asks(qtbot, window):
    set_spin(qtbot, window, "revenue.ai_share", "20")
    seen: list[str] = []
    answer_next_dialog(QMessageBox.StandardButton.Cancel, seen)
    window.close()
    assert window.isVisible() and "unsaved changes" in seen[0]
    answer_next_dialog(QMessageBox.StandardButton.Discard, seen)
    window.close()
    assert not window.isVisible() and len(seen) == 2


def test_open_invalid_file_keeps_work(qtbot, window, tmp_path):
    set_spin(qtbot, window, "revenue.yield", "0.9")
    path = tmp_path / "bad.json"
    doc = default_scenario().to_dict()
    doc["program"]["year_split"] = [0.5, 0.4]
    path.write_text(json.dumps(doc))
    seen: list[str] = []
    answer_next_dialog(QMessageBox.StandardButton.Ok, seen)
    assert not window.files.open_path(path, ask=False)
    assert "program.year_split: shares must sum to 1 (got 0.9)" in seen[0]
    assert window.scenario.revenue.yield_ == 0.9 and window.isWindowModified()


def test_new_from_preset_after_discard(qtbot, window):
    set_spin(qtbot, window, "revenue.yield", "0.9")
    seen: list[str] = []
    answer_next_dialog(QMessageBox.StandardButton.Discard, seen)
    window.files.new_from_preset("Alibaba 2025 plan (bull)")
    assert window.scenario == load_preset("Alibaba 2025 plan (bull)")
    assert not window.isWindowModified() and window.doc.undo_stack.count() == 0
    assert kpi(window, "payback_years") == "8.25 years"  # the v2 bull case pays back in 2033


def test_revert_goes_back_to_file(qtbot, window, tmp_path):
    path = tmp_path / "s.json"
    save_scenario(default_scenario(), path)
    assert window.files.open_path(path)
    set_spin(qtbot, window, "revenue.yield", "1.1")
    seen: list[str] = []
    answer_next_dialog(QMessageBox.StandardButton.Discard, seen)
    window.files.revert()
    assert window.scenario == default_scenario() and not window.isWindowModified()


def test_layout_and_recent_files_remembered(qtbot, settings, tmp_path):
    first = MainWindow(default_scenario(), settings=settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(first.width(), 587)
    path = tmp_path / "a.json"
    save_scenario(default_scenario(), path)
    first.files.open_path(path)
    first.close()
    second = MainWindow(default_scenario(), settings=settings)
    qtbot.addWidget(second)
    # The offscreen screen is 800 px wide, so restoring clamps the width; the height
    # is restored exactly (the default would be 900).
    assert second.height() == 587
    assert second.files.recent.paths() == [path.resolve()]


def test_status_warns_when_spend_runs_past_horizon(qtbot, window):
    set_spin(qtbot, window, "horizon_years", "2")
    assert "past the horizon" in window.warning.text()


def drag(qtbot, widget: QWidget, start: QPoint, end: QPoint, steps: int = 4) -> None:
    """Press at ``start``, move with the left button held, release at ``end``."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, steps + 1):
        p = QPointF(start + (end - start) * i / steps)
        QApplication.sendEvent(
            widget,
            QMouseEvent(
                QEvent.Type.MouseMove,
                p,
                widget.mapToGlobal(p),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        )
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_slider_drag_is_one_undo_step(qtbot, window):
    slider = window.findChild(QWidget, "revenue.yield.slider")
    window.findChild(QWidget, "group.capacity").expand(animate=False)
    slider.ensurePolished()
    x = int(slider.width() * 0.8 / 5)  # the handle: 0.8 on a 0..5 range
    y = slider.height() // 2
    drag(qtbot, slider, QPoint(x, y), QPoint(x + 60, y))
    assert window.scenario.revenue.yield_ > 0.8
    assert window.doc.undo_stack.count() == 1
    window.commands["action.undo"].trigger()
    assert window.scenario == default_scenario()


def test_split_bar_drag_moves_spend_between_two_years(qtbot, window):
    bar = window.findChild(QWidget, "program.year_split.bar")
    x = round(bar.boundary_x(0))
    y = bar.height() // 2
    drag(qtbot, bar, QPoint(x, y), QPoint(x + bar.width() // 10, y))
    y1, y2, y3 = window.scenario.program.year_split
    assert y1 > 0.33 and y2 < 0.33 and y3 == 0.34
    assert y1 + y2 + y3 == pytest.approx(1.0, abs=1e-12)
    assert window.doc.undo_stack.count() == 1
    expected = simulate(window.scenario)
    _, capex = window.views.projection_view.dashboard.charts["cumulative"].capex.getData()
    np.testing.assert_allclose(capex, expected["cum_capex"])


def test_category_share_edit_rebalances_others(qtbot, window):
    type_into(qtbot, window.findChild(QWidget, "program.categories.0.share"), "65")
    shares = [c.share for c in window.scenario.program.categories]
    assert shares[0] == pytest.approx(0.65)
    assert shares[1] / shares[2] == pytest.approx(0.10 / 0.35)  # proportional
    assert sum(shares) == pytest.approx(1.0, abs=1e-12)


def test_add_and_remove_category(qtbot, window):
    qtbot.mouseClick(window.findChild(QWidget, "program.categories.add"), Qt.MouseButton.LeftButton)
    cats = window.scenario.program.categories
    assert len(cats) == 4 and cats[3].name == "Category 4"
    assert window.findChild(QWidget, "program.categories.3.life_years") is not None
    assert sum(c.share for c in cats) == pytest.approx(1.0, abs=1e-12)
    name = window.findChild(QWidget, "program.categories.3.name")
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Power plants")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert window.scenario.program.categories[3].name == "Power plants"
    qtbot.mouseClick(
        window.findChild(QWidget, "program.categories.remove"), Qt.MouseButton.LeftButton
    )
    assert len(window.scenario.program.categories) == 3
    _, capex = window.views.projection_view.dashboard.charts["cumulative"].capex.getData()
    np.testing.assert_allclose(capex, simulate(window.scenario)["cum_capex"])


def test_export_csv_and_dashboard_png(qtbot, window, tmp_path, monkeypatch):
    csv_path, png_path = tmp_path / "data.csv", tmp_path / "board.png"
    monkeypatch.setattr(
        "ui.document.file_dialogs.QFileDialog.getSaveFileName", lambda *a, **k: (str(csv_path), "")
    )
    window.exports.export_csv()
    header = csv_path.read_text().splitlines()[0]
    assert header.startswith("period,capex,cum_capex,depreciation")
    assert len(csv_path.read_text().splitlines()) == 44  # header, 3 history and 40 plan quarters
    monkeypatch.setattr(
        "ui.document.file_dialogs.QFileDialog.getSaveFileName", lambda *a, **k: (str(png_path), "")
    )
    monkeypatch.setattr("ui.export.dialog.ChartExportDialog.exec", lambda self: 1)
    window.exports.export_png()
    from PySide6.QtGui import QImage

    image = QImage(str(png_path))
    assert (image.width(), image.height()) == (1600, 1000)


def test_the_window_fits_a_1280_by_800_screen(qtbot, window):
    # the KPI strip's guardrails and the dock's version 2 inputs (seasonality, choices)
    # wrap or shrink rather than widen the window or the dock
    assert window.minimumSizeHint().width() <= 1280
    assert window.size().width() == 1280
    body = window.panel.findChild(QScrollArea).widget()
    assert body.minimumSizeHint().width() <= window.dock.minimumWidth() - 20  # no h-scroll
    table = window.panel.editors["program.categories"].table
    assert table.columnWidth(0) >= 60  # the category names stay readable


def test_views_are_built_when_their_tab_is_first_clicked(qtbot, window):
    views = window.views
    assert [n for n in NAMES if views.is_built(n)] == ["projection"]
    bar = views.tabBar()
    index = NAMES.index("compare")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert views.is_built("compare") and views.current_name() == "compare"
    assert views.currentWidget() is views.compare and views.compare.isVisible()
    assert bar.tabText(index) == "Compare" and views.count() == len(NAMES)
    assert not views.is_built("sensitivity")


def test_a_view_built_while_hidden_computes_nothing_until_shown(qtbot, window):
    sensitivity = window.views.sensitivity  # built from code, its tab not shown
    assert window.views.current_name() == "projection"
    with qtbot.assertNotEmitted(sensitivity.runner.busy_changed, wait=4 * SWEEP_DEBOUNCE_MS):
        pass
    assert not sensitivity.runner.busy and sensitivity.results is None
    with qtbot.waitSignal(sensitivity.runner.finished, timeout=60_000):
        window.views.show_view("sensitivity")
    assert sensitivity.results is not None
