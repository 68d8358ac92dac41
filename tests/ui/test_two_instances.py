"""Two instances on one file: marks of open files, and recoveries told apart.

A second instance is a real second process holding a file through
:mod:`ui.document.file_lock` (no Qt needed there); a stale mark is one whose process
has ended.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import REPO
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from simulator import default_scenario, load_preset, save_scenario
from ui.app.folders import recovery_dir
from ui.app.restore_dialog import RestoreDialog, entries
from ui.app.start import open_windows
from ui.document import file_lock
from ui.document.autosave import find_recoveries, recovery_text
from ui.window.main_window import MainWindow

BASE = default_scenario()
MINE = BASE.with_field("program.total_capex", 444.0)
THEIRS = MINE.with_field("revenue.yield", 0.7)
DEAD_PID = 999_999_999

HOLD = """
import sys
from pathlib import Path
from ui.document import file_lock
file_lock.acquire(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
file_lock.release(Path(sys.argv[1]))
"""


@pytest.fixture
def plan(tmp_path) -> Path:
    path = tmp_path / "plan.json"
    save_scenario(BASE, path)
    return path


@pytest.fixture
def other_instance(plan):
    """A second running process that has ``plan`` open (it ends at teardown)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(plan)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert child.stdout.readline().strip() == "held"
    yield child
    child.stdin.close()
    child.wait(timeout=60)
    child.stdout.close()


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(BASE, settings=settings)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()
    w.close()
    w.deleteLater()


def answer(name: str, button: str, seen: list[str]) -> None:
    """Click ``button`` on the next modal message box named ``name``, noting its text."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != name:
            QTimer.singleShot(10, click)
            return
        seen.append(f"{box.text()} {box.informativeText()}")
        next(b for b in box.buttons() if b.text().replace("&", "") == button).click()

    QTimer.singleShot(0, click)


# -- marks ------------------------------------------------------------------------------


def test_a_file_held_by_another_process_is_named_and_freed_when_it_ends(plan, other_instance):
    held = file_lock.holder(plan)
    assert held is not None and held.pid == other_instance.pid
    assert held.host == socket.gethostname()
    assert file_lock.holder(plan.parent / "." / "plan.json") == held  # the same file
    other_instance.stdin.close()
    other_instance.wait(timeout=60)
    assert file_lock.holder(plan) is None  # a clean exit removes its mark


def test_marks_of_dead_processes_are_stale_and_removed(plan):
    file_lock.lock_folder().mkdir(parents=True)
    mark = file_lock.lock_folder() / f"{file_lock._key(plan)}.{DEAD_PID}.json"
    since = datetime.now().astimezone().isoformat()
    mark.write_text(json.dumps({"pid": DEAD_PID, "host": socket.gethostname(), "since": since}))
    assert file_lock.holder(plan) is None and not mark.exists()


def test_a_mark_from_another_host_counts_and_broken_marks_do_not(plan):
    folder = file_lock.lock_folder()
    folder.mkdir(parents=True)
    key = file_lock._key(plan)
    os.mkfifo(folder / f"{key}.1.json")  # never opened: read like any file, bounded
    (folder / f"{key}.2.json").write_text("{")
    (folder / f"{key}.3.json").write_text(json.dumps({"pid": 2**70, "host": "x", "since": 1}))
    assert file_lock.holder(plan) is not None  # pid 2**70 on host "x": cannot be checked
    here = {"pid": 2**70, "host": socket.gethostname(), "since": "t"}
    (folder / f"{key}.3.json").write_text(json.dumps(here))
    assert file_lock.holder(plan) is None


def test_this_instance_marks_what_it_has_open(qtbot, window, plan, tmp_path):
    assert window.files.open_path(plan)
    mark = file_lock.lock_folder() / f"{file_lock._key(plan)}.{os.getpid()}.json"
    assert json.loads(mark.read_text())["path"] == os.path.realpath(plan)
    assert file_lock.holder(plan) is None  # not held by *another* instance
    other = tmp_path / "other.json"
    save_scenario(BASE, other)
    assert window.files.open_path(other)
    assert not mark.exists()  # the document moved on to another file


def test_opening_a_file_another_instance_holds_asks_first(qtbot, window, plan, other_instance):
    seen: list[str] = []
    answer("dialog.file_held", "Cancel", seen)
    assert not window.files.open_path(plan)
    assert str(plan) in seen[0] and f"process {other_instance.pid}" in seen[0]
    assert window.scenario == BASE and window.doc.path is None  # nothing opened
    answer("dialog.file_held", "Open Anyway", seen)
    assert window.files.open_path(plan)
    assert window.doc.path == plan and len(seen) == 2


def test_a_stale_mark_does_not_ask(qtbot, window, plan, other_instance):
    other_instance.kill()  # killed: its mark stays behind
    other_instance.wait(timeout=60)
    assert any(file_lock.lock_folder().glob("*.json"))
    assert window.files.open_path(plan)  # no dialog: the answer() helper is not armed
    assert window.doc.path == plan


def test_starting_on_a_held_file_says_so(qtbot, plan, other_instance, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    seen: list[str] = []
    answer("dialog.file_held", "OK", seen)
    windows = open_windows(BASE, plan, settings)
    assert f"process {other_instance.pid}" in seen[0] and "plan.json" in seen[0]
    for w in windows:
        qtbot.addWidget(w)


# -- recoveries of one file ----------------------------------------------------------------


def leave_recovery(scenario, path: Path | None, minutes_ago: int, name: str) -> Path:
    """A recovery file a killed instance left ``minutes_ago``."""
    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    doc = json.loads(recovery_text(scenario, path))
    when = datetime.now().astimezone() - timedelta(minutes=minutes_ago)
    doc["saved_at"], doc["pid"] = when.isoformat(timespec="seconds"), DEAD_PID
    file = folder / f"{name}.json"
    file.write_text(json.dumps(doc))
    return file


def test_two_recoveries_of_one_file_show_which_is_newer_and_what_differs(plan):
    older = leave_recovery(MINE, plan, 10, "a")
    newer = leave_recovery(THEIRS, plan, 2, "b")
    found = find_recoveries()
    assert [r.file for r in found] == [older, newer]
    first, second = entries(found)
    assert "[older of 2 versions]" in first.text and "[newest of 2 versions]" in second.text
    yield_was = f"{BASE.revenue.yield_:.6g}"
    assert f"Differs from the newest: Yield on capacity: {yield_was} → 0.7" in first.text
    assert "Unsaved changes to the file: Total capex: 380 → 444" in first.text
    assert "Total capex" in second.text and "Yield" in second.text
    assert not first.ticked and second.ticked  # one window per file unless asked
    assert "Changes from this version to the newest" in first.tooltip


def test_restoring_by_default_opens_the_newest_only(qtbot, plan, tmp_path):
    older = leave_recovery(MINE, plan, 10, "a")
    leave_recovery(THEIRS, plan, 2, "b")
    seen: list[list[str]] = []

    def restore() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestoreDialog):
            QTimer.singleShot(10, restore)
            return
        seen.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.restore_button.click()

    QTimer.singleShot(0, restore)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    windows = open_windows(BASE, None, settings)
    for w in windows:
        qtbot.addWidget(w)
    assert len(windows) == 1 and windows[0].scenario == THEIRS
    assert windows[0].doc.path == plan and windows[0].doc.is_dirty
    assert not older.exists()  # unticked: discarded
    assert "newest" in seen[0][1] and "older" in seen[0][0]
    windows[0].doc.undo_stack.setClean()


def test_recoveries_of_different_files_are_not_compared(plan, tmp_path):
    leave_recovery(MINE, plan, 5, "a")
    leave_recovery(load_preset("bull"), None, 3, "b")
    texts = [e.text for e in entries(find_recoveries())]
    assert all("versions]" not in t for t in texts)
    assert all(e.ticked for e in entries(find_recoveries()))
