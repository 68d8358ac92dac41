"""The global exception hook: a dialog, a log with the traceback, and the app goes on."""

from __future__ import annotations

import sys
import threading

import pytest
from conftest import type_into
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from simulator import default_scenario, simulate
from ui.app import crash
from ui.app.folders import log_dir
from ui.common.format import metric_text
from ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(default_scenario(), settings=settings)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()
    w.close()
    w.deleteLater()


@pytest.fixture
def hook():
    installed = crash.install()
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()


def wait_for_dialog(qtbot, hook: crash.CrashHook):
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible())
    assert hook.dialog.objectName() == "dialog.crash"
    return hook.dialog


def close_dialog(qtbot, hook: crash.CrashHook) -> None:
    hook.dialog.accept()
    qtbot.waitUntil(lambda: hook.dialog is None)


def test_install_and_uninstall_restore_the_previous_hooks():
    before = (sys.excepthook, threading.excepthook)
    installed = crash.install()
    assert sys.excepthook == installed.handle
    installed.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_exception_in_a_slot_is_shown_logged_and_the_work_kept(qtbot, window, hook):
    window.doc.set_field("program.total_capex", 444.0)
    scenario = window.scenario

    def broken_slot() -> None:
        raise RuntimeError("boom in a slot")

    QTimer.singleShot(0, broken_slot)
    dialog = wait_for_dialog(qtbot, hook)
    assert "RuntimeError: boom in a slot" in dialog.informativeText()
    log = log_dir() / "errors.log"
    assert str(log) in dialog.informativeText()
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "broken_slot" in text
    close_dialog(qtbot, hook)
    assert window.scenario == scenario and window.doc.is_dirty and window.isVisible()
    type_into(qtbot, window.findChild(QWidget, "economics.tax_rate.spin"), "20")
    expected = simulate(window.scenario).summary["npv"]
    money = window.projection.money
    assert window.findChild(QLabel, "kpi.npv").text() == metric_text("npv", expected, money)


def test_exception_in_a_widget_signal_keeps_the_window_alive(qtbot, window, hook, monkeypatch):
    def fail() -> None:
        raise ValueError("redraw failed")

    window.projection.changed.connect(fail)  # a view that fails to redraw
    window.findChild(QComboBox, "view.currency").setCurrentIndex(1)
    dialog = wait_for_dialog(qtbot, hook)
    assert "redraw failed" in dialog.informativeText()
    close_dialog(qtbot, hook)
    assert window.scenario == default_scenario()


def test_exception_in_a_thread_is_reported_on_the_gui_thread(qtbot, hook):
    def work() -> None:
        raise OSError("worker lost its file")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    dialog = wait_for_dialog(qtbot, hook)
    assert "worker lost its file" in dialog.informativeText()
    assert "worker lost its file" in (log_dir() / "errors.log").read_text()
    close_dialog(qtbot, hook)


def test_a_second_error_while_the_dialog_is_open_is_only_logged(qtbot, hook):
    def fail(n: int) -> None:
        raise KeyError(f"error {n}")

    for n in range(3):
        QTimer.singleShot(0, lambda n=n: fail(n))
    dialog = wait_for_dialog(qtbot, hook)
    qtbot.waitUntil(lambda: hook.count == 3)
    assert "error 0" in dialog.informativeText()
    assert all(f"error {n}" in (log_dir() / "errors.log").read_text() for n in range(3))
    close_dialog(qtbot, hook)
