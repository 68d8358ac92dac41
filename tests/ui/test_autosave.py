"""Autosave to recovery files, their removal, and the restore offer at start-up."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import ui.app.folders
from simulator import default_scenario, save_scenario
from ui.app.folders import recovery_dir
from ui.app.start import open_windows
from ui.document.autosave import (
    Autosaver,
    find_recoveries,
    read_recovery,
    recovery_text,
)
from ui.document.document import ScenarioDocument
from ui.window.main_window import MainWindow

BASE = default_scenario()
EDITED = BASE.with_field("program.total_capex", 444.0)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def windows(qtbot):
    opened: list[MainWindow] = []
    yield opened
    for w in opened:
        w.doc.undo_stack.setClean()
        w.close()
        w.deleteLater()


def test_recovery_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CAPEX_SIM_DATA_DIR", str(tmp_path))
    assert recovery_dir() == tmp_path / "recovery"
    assert ui.app.folders.log_dir() == tmp_path / "logs"


def test_edit_is_written_after_a_pause(qtbot, tmp_path):
    doc = ScenarioDocument(BASE, tmp_path / "plan.json")
    saver = Autosaver(doc, tmp_path, interval_ms=60_000, debounce_ms=20)
    doc.set_scenario(EDITED)
    qtbot.waitUntil(saver.file.exists)
    recovery = read_recovery(saver.file)
    assert recovery.scenario == EDITED and recovery.path == tmp_path / "plan.json"
    assert BASE.name in recovery.label
    assert not saver.write()  # nothing new to write
    saver.stop()


def test_unsaved_work_is_written_every_interval(qtbot, tmp_path):
    doc = ScenarioDocument(BASE)
    saver = Autosaver(doc, tmp_path, interval_ms=30, debounce_ms=60_000)
    doc.set_scenario(EDITED)
    qtbot.waitUntil(saver.file.exists)
    assert read_recovery(saver.file).path is None
    saver.stop()


def test_undo_to_the_saved_state_removes_the_file(tmp_path):
    doc = ScenarioDocument(BASE)
    saver = Autosaver(doc, tmp_path)
    doc.set_scenario(EDITED)
    assert saver.write() and saver.file.exists()
    doc.undo_stack.undo()
    assert not saver.file.exists()
    saver.stop()


def test_save_removes_the_recovery_file(qtbot, tmp_path, settings, windows):
    window = MainWindow(BASE, tmp_path / "plan.json", settings=settings)
    windows.append(window)
    window.doc.set_scenario(EDITED)
    assert window.files.autosave().write()
    assert window.files.save()
    assert not window.files.autosave().file.exists()


def test_discarding_at_close_leaves_no_file(qtbot, settings):
    window = MainWindow(BASE, settings=settings)
    window.show()
    window.doc.set_scenario(EDITED)
    assert window.files.autosave().write()

    def discard() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, discard)
            return
        box.button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(0, discard)
    assert window.close()
    assert not window.files.autosave().file.exists()
    assert list(recovery_dir().glob("*")) == []
    window.deleteLater()


def test_a_full_disk_does_not_stop_editing(tmp_path, monkeypatch):
    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(ui.document.autosave, "write_atomic", full)
    doc = ScenarioDocument(BASE)
    saver = Autosaver(doc, tmp_path)
    doc.set_scenario(EDITED)
    assert not saver.write()
    assert saver.last_error.errno == errno.ENOSPC
    saver.stop()


def leave_recovery(scenario, path: Path | None, pid: int = 999_999_999) -> Path:
    """A recovery file as a killed app (process ``pid``) left it."""
    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    doc = json.loads(recovery_text(scenario, path))
    doc["pid"] = pid
    file = folder / f"{scenario.name}.json"
    file.write_text(json.dumps(doc))
    return file


def test_recoveries_of_running_apps_are_left_alone_and_broken_ones_removed():
    live = leave_recovery(EDITED, None, pid=os.getppid())
    broken = recovery_dir() / "broken.json"
    broken.write_text("{")
    assert find_recoveries() == []
    assert live.exists() and not broken.exists()


def run_restore_dialog(settings, untick: set[int] = frozenset(), button: str = "restore.restore"):
    """Start as the app does, answering the restore offer; the windows opened."""
    seen = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "dialog.restore":
            QTimer.singleShot(10, answer)
            return
        seen.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        for row in untick:
            dialog.list.item(row).setCheckState(Qt.CheckState.Unchecked)
        dialog.findChild(type(dialog.restore_button), button).click()

    QTimer.singleShot(0, answer)
    return open_windows(BASE, None, settings), seen


def test_restore_offer_lists_name_and_time_and_restores_dirty_with_path(
    qtbot, tmp_path, settings, windows
):
    plan = tmp_path / "plan.json"
    save_scenario(BASE, plan)
    first = leave_recovery(EDITED, plan)
    other = leave_recovery(BASE.with_field("name", "Other plan"), None)
    opened, seen = run_restore_dialog(settings, untick={1})
    windows.extend(opened)
    assert len(opened) == 1
    assert any(BASE.name in text and "saved 20" in text for text in seen[0])
    window = opened[0]
    assert window.scenario == EDITED and window.doc.path == plan and window.doc.is_dirty
    assert window.isWindowModified()
    assert window.files.autosave().file == first and first.exists()  # still safe until saved
    assert not other.exists()  # unticked: discarded
    window.doc.undo_stack.setClean()
    assert not first.exists()


def test_restoring_two_opens_a_second_window(qtbot, settings, windows):
    leave_recovery(EDITED, None)
    leave_recovery(BASE.with_field("name", "Other plan"), None)
    opened, _ = run_restore_dialog(settings)
    windows.extend(opened)
    assert {w.scenario.name for w in opened} == {BASE.name, "Other plan"}
    assert all(w.doc.is_dirty for w in opened)


def test_discard_all_deletes_the_files(qtbot, settings, windows):
    file = leave_recovery(EDITED, None)
    opened, _ = run_restore_dialog(settings, button="restore.discard")
    windows.extend(opened)
    assert not file.exists()
    assert opened[0].scenario == BASE and not opened[0].doc.is_dirty
