"""Saving never loses work: backups, files changed on disk, files that cannot be written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import simulator.atomic
from simulator import default_scenario, load_scenario, save_scenario
from simulator.scenario.files import backup_path
from ui.window.main_window import MainWindow

BASE = default_scenario()
OURS = BASE.with_field("program.total_capex", 444.0)
THEIRS = BASE.with_field("program.total_capex", 333.0)


@pytest.fixture
def plan(tmp_path) -> Path:
    path = tmp_path / "plan.json"
    save_scenario(BASE, path)
    return path


@pytest.fixture
def window(qtbot, tmp_path, plan):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(load_scenario(plan), plan, settings=settings)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()
    w.close()
    w.deleteLater()


def answer(name: str, button: str, seen: list[str]) -> None:
    """Click the button labelled ``button`` on the next dialog named ``name``."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != name:
            QTimer.singleShot(10, click)
            return
        seen.append(f"{box.text()} {box.informativeText()}")
        for candidate in box.buttons():
            if candidate.text().replace("&", "") == button:
                candidate.click()
                return
        raise AssertionError(f"no button {button!r} on {name}")

    QTimer.singleShot(0, click)


def outside_write(path: Path, scenario=THEIRS) -> None:
    """Another program saves ``scenario`` over ``path`` (with a later modification time)."""
    save_scenario(scenario, path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_save_keeps_the_previous_version_as_bak(window, plan):
    before = plan.read_bytes()
    window.doc.set_scenario(OURS)
    assert window.files.save()
    assert load_scenario(plan) == OURS
    assert backup_path(plan) == plan.with_name("plan.json.bak")
    assert backup_path(plan).read_bytes() == before
    saved = plan.read_bytes()
    window.doc.set_scenario(THEIRS)
    assert window.files.save()
    assert backup_path(plan).read_bytes() == saved


def test_save_over_a_file_changed_on_disk_asks_first(window, plan):
    window.doc.set_scenario(OURS)
    outside_write(plan)
    seen: list[str] = []
    answer("dialog.changed_on_disk", "Cancel", seen)
    assert not window.files.save()
    assert seen and "plan.json" in seen[0]
    assert load_scenario(plan) == THEIRS and window.doc.is_dirty
    answer("dialog.changed_on_disk", "Overwrite", seen)
    assert window.files.save()
    assert load_scenario(plan) == OURS and not window.doc.is_dirty
    assert load_scenario(backup_path(plan)) == THEIRS


def test_save_over_a_file_changed_on_disk_can_reload(window, plan):
    window.doc.set_scenario(OURS)
    outside_write(plan)
    answer("dialog.changed_on_disk", "Reload", [])
    assert not window.files.save()
    assert window.scenario == THEIRS and not window.doc.is_dirty


def test_a_touched_but_unchanged_file_does_not_ask(window, plan):
    outside_write(plan, BASE)
    window.doc.set_scenario(OURS)
    assert window.files.save()  # no dialog: the content is what we loaded


def reload_box(window: MainWindow) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox, "dialog.reload") if b.isVisible()]
    return boxes[0] if boxes else None


def test_outside_change_is_noticed_and_offered_for_reload_once(qtbot, window, plan):
    with qtbot.waitSignal(window.files.disk().changed, timeout=10_000):
        outside_write(plan)  # seen by the file system watcher
    qtbot.waitUntil(lambda: reload_box(window) is not None)
    box = reload_box(window)
    assert "plan.json" in box.text()
    next(b for b in box.buttons() if b.text() == "Keep Mine").click()
    qtbot.waitUntil(lambda: reload_box(window) is None)
    assert not window.files.disk().check()  # activation: the same version is not offered again
    assert window.scenario == BASE
    outside_write(plan, OURS)
    assert window.files.disk().check()
    qtbot.waitUntil(lambda: reload_box(window) is not None)
    next(b for b in reload_box(window).buttons() if b.text() == "Reload").click()
    qtbot.waitUntil(lambda: window.scenario == OURS)
    assert not window.doc.is_dirty


def test_activation_checks_the_file(qtbot, window, plan):
    outside_write(plan)
    with qtbot.waitSignal(window.files.disk().changed, timeout=10_000):
        window.files.disk().eventFilter(window, _activate_event())


def _activate_event():
    from PySide6.QtCore import QEvent

    return QEvent(QEvent.Type.WindowActivate)


def unsaved_state(window: MainWindow, plan: Path) -> tuple[bytes, list[str]]:
    return plan.read_bytes(), sorted(p.name for p in plan.parent.iterdir())


def check_save_fails_cleanly(window: MainWindow, plan: Path, reason: str) -> None:
    window.doc.set_scenario(OURS)
    before = unsaved_state(window, plan)
    seen: list[str] = []
    answer("dialog.error", "OK", seen)
    assert not window.files.save()
    assert str(plan) in seen[0] and reason in seen[0]
    assert "unsaved" in seen[0]
    assert window.doc.is_dirty and window.scenario == OURS
    assert unsaved_state(window, plan) == before  # no temporary file left, no .bak


def test_disk_full_gives_a_dialog_and_keeps_the_work(window, plan, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(simulator.atomic.os, "fsync", full)
    check_save_fails_cleanly(window, plan, os.strerror(errno.ENOSPC))


def test_read_only_folder_gives_a_dialog_and_keeps_the_work(window, plan, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(plan.parent))

    monkeypatch.setattr(simulator.atomic.tempfile, "mkstemp", denied)
    check_save_fails_cleanly(window, plan, os.strerror(errno.EACCES))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_real_read_only_folder(window, plan):
    plan.parent.chmod(0o500)
    try:
        check_save_fails_cleanly(window, plan, os.strerror(errno.EACCES))
    finally:
        plan.parent.chmod(0o700)
