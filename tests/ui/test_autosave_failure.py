"""Autosave that cannot write is never silent: status bar, one dialog, retries, recovery.

A full disk and a read-only folder are simulated by making the write fail (the tests
run as root, whom chmod does not stop); a data folder whose parent is a file fails
for real.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

import simulator.atomic
import ui.document.autosave
from simulator import default_scenario
from ui.app.folders import recovery_dir
from ui.document.autosave import Autosaver, read_recovery
from ui.document.document import ScenarioDocument
from ui.window.main_window import MainWindow

BASE = default_scenario()
EDITED = BASE.with_field("program.total_capex", 444.0)
NOSPACE = os.strerror(errno.ENOSPC)
DENIED = os.strerror(errno.EACCES)


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(BASE, tmp_path / "plan.json", settings=settings)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()
    w.close()
    w.deleteLater()


def disk_full(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every recovery write fails with ENOSPC; the attempts are recorded."""
    tried: list[Path] = []

    def full(path, data):
        tried.append(Path(path))
        raise OSError(errno.ENOSPC, NOSPACE, str(path))

    monkeypatch.setattr(ui.document.autosave, "write_atomic", full)
    return tried


def warnings(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox, "dialog.autosave_failed") if b.isVisible()]


def check_failure_shown(qtbot, window: MainWindow, reason: str) -> QMessageBox:
    """The status bar and the one dialog name the recovery folder and the reason."""
    status = window.files.autosave_status
    label = window.statusBar().findChild(type(status.label), "status.autosave")
    assert label is status.label and label.isVisible()
    assert reason in label.text()
    assert str(recovery_dir()) in label.toolTip() and reason in label.toolTip()
    message = window.statusBar().currentMessage()
    assert str(recovery_dir()) in message and reason in message
    qtbot.waitUntil(lambda: len(warnings(window)) == 1)
    box = warnings(window)[0]
    assert str(recovery_dir()) in box.informativeText()
    assert reason in box.informativeText() and "Save" in box.informativeText()
    assert not box.isModal()  # editing and saving go on
    return box


def test_a_full_disk_is_shown_once_then_the_recovery_is_said(qtbot, window, monkeypatch):
    tried = disk_full(monkeypatch)
    window.doc.set_scenario(EDITED)
    saver = window.files.autosave()
    assert not saver.write()
    box = check_failure_shown(qtbot, window, NOSPACE)
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not warnings(window))
    window.doc.set_field("revenue.yield", 0.7)
    assert not saver.write()  # still failing: tried again, no second dialog
    assert len(tried) == 2 and not warnings(window)
    assert window.files.autosave_status.label.isVisible()
    monkeypatch.undo()  # space was freed
    assert saver.write()
    assert read_recovery(saver.file).scenario == window.scenario
    assert not window.files.autosave_status.label.isVisible()
    assert "Autosave works again" in window.statusBar().currentMessage()
    assert window.scenario.program.total_capex == 444.0  # the work was never touched


def test_a_read_only_folder_is_shown_with_its_reason(qtbot, window, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, DENIED, str(recovery_dir()))

    monkeypatch.setattr(simulator.atomic.tempfile, "mkstemp", denied)
    window.doc.set_scenario(EDITED)
    assert not window.files.autosave().write()
    check_failure_shown(qtbot, window, DENIED)
    assert list(recovery_dir().glob("*")) == []  # no temporary file left behind


def test_a_data_folder_that_cannot_exist_fails_for_real(qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    monkeypatch.setenv("CAPEX_SIM_DATA_DIR", str(blocker / "data"))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(BASE, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.doc.set_scenario(EDITED)
    assert not window.files.autosave().write()
    check_failure_shown(qtbot, window, os.strerror(errno.ENOTDIR))
    window.doc.undo_stack.setClean()


def test_the_edit_itself_triggers_the_failure_report(qtbot, window, monkeypatch):
    """Through the real debounce after an edit, not a direct call."""
    disk_full(monkeypatch)
    with qtbot.waitSignal(window.files.autosave().failed, timeout=10_000):
        window.doc.set_scenario(EDITED)
    check_failure_shown(qtbot, window, NOSPACE)


def test_saving_the_work_clears_the_warning(qtbot, window, monkeypatch):
    disk_full(monkeypatch)
    window.doc.set_scenario(EDITED)
    window.files.autosave().write()
    assert window.files.autosave_status.failing
    assert window.files.save()  # the user's own file is elsewhere and writable
    assert not window.files.autosave_status.failing
    assert not window.files.autosave_status.label.isVisible()


def test_autosave_keeps_trying_at_every_interval(qtbot, tmp_path, monkeypatch):
    tried = disk_full(monkeypatch)
    doc = ScenarioDocument(BASE)
    saver = Autosaver(doc, tmp_path, interval_ms=20, debounce_ms=60_000)
    doc.set_scenario(EDITED)
    qtbot.waitUntil(lambda: len(tried) >= 3, timeout=10_000)
    assert saver.failing
    monkeypatch.undo()
    with qtbot.waitSignal(saver.resumed, timeout=10_000):
        pass
    assert read_recovery(saver.file).scenario == EDITED and not saver.failing
    saver.stop()
