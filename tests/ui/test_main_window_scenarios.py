"""Several scenarios open in one window: tabs, duplicate, close, own undo and dirty state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QTabBar, QToolButton

from simulator import load_preset, save_scenario, simulate
from ui.common.format import metric_text
from ui.document.files import FileController
from ui.window.main_window import MainWindow


@pytest.fixture
def window(window_1280):
    return window_1280


def npv_label(window: MainWindow) -> str:
    return window.findChild(QLabel, "kpi.npv").text()


def test_duplicate_opens_an_unsaved_copy_in_a_new_tab(qtbot, window):
    qtbot.mouseClick(
        window.findChild(QToolButton, "scenarios.duplicate"), Qt.MouseButton.LeftButton
    )
    bar = window.findChild(QTabBar, "view.scenarios")
    assert bar.count() == 2 and bar.currentIndex() == 1
    assert bar.tabText(1) == "Alibaba 2025 plan (base) (copy) *"
    assert window.doc.is_dirty and window.doc.path is None


def test_each_tab_keeps_its_own_edits_undo_and_display(qtbot, window):
    base = window.doc
    copy = window.files.duplicate()
    window.doc.set_field("revenue.yield", 1.2)
    edited_npv = simulate(copy.scenario).metrics["npv"]
    assert npv_label(window) == metric_text("npv", edited_npv)
    bar = window.findChild(QTabBar, "view.scenarios")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert window.doc is base
    assert npv_label(window) == metric_text("npv", simulate(base.scenario).metrics["npv"])
    assert not window.commands["action.undo"].isEnabled()  # the base tab has no edits to undo
    window.workspace.set_active(copy)
    assert window.commands["action.undo"].isEnabled()
    window.commands["action.undo"].trigger()
    assert copy.scenario.revenue.yield_ == base.scenario.revenue.yield_
    assert base.undo_stack.count() == 0


def test_views_follow_the_active_tab(qtbot, window):
    bull = window.files.open_in_new_tab(load_preset("Alibaba 2025 plan (bull)"))
    panel, revenue = window.panel, bull.scenario.revenue
    assert panel.editor("revenue.price_decline").value() == revenue.price_decline == 0.07
    # a fitted value shows with the field's decimals: 0.7158... as 0.72 (the base's 0.62)
    assert panel.editor("revenue.yield").value() == round(revenue.yield_, 2) == 0.72
    assert window.views.sensitivity.scenario is bull.scenario
    assert window.projection.scenario is bull.scenario


def test_closing_a_tab_with_unsaved_work_asks(qtbot, window, monkeypatch):
    copy = window.files.duplicate()
    asked = []
    monkeypatch.setattr(
        FileController,
        "maybe_save",
        lambda self: asked.append(self.doc) or True,
    )
    assert window.files.close_scenario(copy)
    assert asked == [copy] and len(window.workspace.documents()) == 1
    assert not window.files.close_scenario()  # the last one stays


def test_open_in_new_tab_keeps_the_current_one(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "bear.json"
    save_scenario(load_preset("Alibaba 2025 plan (bear)"), path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(window.findChild(QToolButton, "scenarios.open"), Qt.MouseButton.LeftButton)
    names = [d.scenario.name for d in window.workspace.documents()]
    assert names == ["Alibaba 2025 plan (base)", "Alibaba 2025 plan (bear)"]
    assert window.doc.path == path and not window.doc.is_dirty


def test_report_and_workbook_of_the_compared_scenarios(qtbot, window, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    window.files.open_in_new_tab(load_preset("Alibaba 2025 plan (bull)"))
    with qtbot.waitSignal(window.views.compare.computed, timeout=60_000):
        window.views.setCurrentWidget(window.views.compare)
    pdf, xlsx = tmp_path / "cmp.pdf", tmp_path / "cmp.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), "PDF, Letter pages (*.pdf)")
    )
    window.exports.export_report()
    reader = PdfReader(str(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Alibaba 2025 plan (bull)" in text and "Alibaba 2025 plan (base)" in text
    assert round(float(reader.pages[0].mediabox.width)) == 612  # Letter
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    window.exports.export_xlsx()
    book = load_workbook(xlsx)
    assert book.sheetnames[:2] == ["Alibaba 2025 plan (base)", "Alibaba 2025 plan (bull)"]
