"""Desktop conventions: shortcuts whatever has focus, money in USD on the inputs too,
tabs (a preset in a new tab, a file opened twice shows its tab), the version."""

from __future__ import annotations

import pytest
from conftest import type_into
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDoubleSpinBox, QWidget

from simulator import default_scenario, load_preset, save_scenario
from simulator.about import version
from ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(default_scenario(), settings=settings)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    yield w
    for doc in w.workspace.documents():
        doc.undo_stack.setClean()
    w.close()
    w.deleteLater()


def spin(window: MainWindow, path: str) -> QDoubleSpinBox:
    return window.findChild(QDoubleSpinBox, f"{path}.spin")


def test_ctrl_z_with_focus_in_a_number_field_undoes_through_the_document(qtbot, window):
    box = spin(window, "program.total_capex")
    type_into(qtbot, box, "450")
    assert window.scenario.program.total_capex == 450.0
    assert box.lineEdit().hasFocus() or box.hasFocus()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.scenario == default_scenario()
    assert box.value() == 380.0
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.scenario.program.total_capex == 450.0


def test_a_pending_edit_keeps_its_own_undo(qtbot, window):
    box = spin(window, "program.total_capex")
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box.lineEdit(), "5")  # typed, not committed
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.undo_stack.count() == 0  # the document saw nothing
    assert box.cleanText() != "5"  # the field undid its own typing


def test_window_shortcuts_fire_from_a_number_field(qtbot, window, monkeypatch):
    ran: list[str] = []
    monkeypatch.setattr(window.exports, "export_png", lambda: ran.append("png"))
    box = spin(window, "revenue.yield")
    type_into(qtbot, box, "1.2")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert ran == ["png"]
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.views.widget(2)


def test_an_edit_typed_in_usd_is_stored_in_cny(qtbot, window):
    window.findChild(QComboBox, "view.currency").setCurrentIndex(1)
    box = spin(window, "program.total_capex")
    assert box.suffix().strip() == "bn USD"
    assert box.value() == pytest.approx(380 / 7.17, abs=0.05)
    base = spin(window, "revenue.base_quarterly")
    assert base.suffix().strip() == "bn USD/qtr"
    type_into(qtbot, box, "60")
    assert window.scenario.program.total_capex == pytest.approx(60 * 7.17)
    assert box.value() == pytest.approx(60.0)
    window.findChild(QComboBox, "view.currency").setCurrentIndex(0)
    assert box.suffix().strip() == "bn CNY"
    assert box.value() == pytest.approx(430.2)


def test_new_tab_from_preset_opens_beside_the_current_one(qtbot, window):
    window.commands["action.new_tab.0"].trigger()  # the base preset
    bull = next(a for a in window.commands.menus["file/new_tab"].actions() if "bull" in a.text())
    bull.trigger()
    names = [d.scenario.name for d in window.workspace.documents()]
    assert names == [default_scenario().name, default_scenario().name, load_preset("bull").name]
    assert window.doc.scenario == load_preset("bull")
    assert window.scenario_tabs.bar.count() == 3


def test_opening_a_file_already_open_shows_its_tab(qtbot, window, tmp_path):
    path = tmp_path / "plan.json"
    save_scenario(load_preset("bear"), path)
    assert window.files.open_path_in_new_tab(path)
    window.files.duplicate()
    assert len(window.workspace.documents()) == 3
    assert window.files.open_path_in_new_tab(tmp_path / "." / "plan.json")
    assert window.files.open_path(path)
    assert len(window.workspace.documents()) == 3
    assert window.doc.path == path
    assert window.scenario_tabs.bar.currentIndex() == 1


def test_the_title_and_about_show_the_version(window):
    from ui.app.help import MODEL_HELP, about_text

    assert window.windowTitle().endswith(f"Cloud Capex Simulator {version()}")
    assert version() in about_text("6.10") and version() != "0+unknown"
    assert all("\n" not in p for p in MODEL_HELP.split("\n\n"))  # the dialog wraps
    assert any(w.objectName() == "action.about" for w in window.findChildren(QWidget)) or (
        window.commands["action.about"] is not None
    )
