"""Exports in the app: any failure is a dialog naming the file and the reason, never a
traceback; the open work and the file on disk stay as they were. Big Monte Carlo
tables are written from a thread with progress and Cancel, atomically."""

from __future__ import annotations

import errno
import io
import os
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from openpyxl.utils.exceptions import IllegalCharacterError
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)

import simulator.atomic
import ui.export.streamed
from simulator import default_scenario
from simulator.analysis import montecarlo
from simulator.analysis.cancel import RunCancelledError
from simulator.export.samples import samples_csv, samples_stream
from simulator.export.stream import Streamed
from ui.document.file_dialogs import save_bytes
from ui.export import exporters
from ui.window.main_window import MainWindow

BASE = default_scenario()
OLD = b"the previous export, which must survive\n"


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(BASE, settings=settings)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    w.doc.set_field("revenue.yield", 0.7)  # unsaved work that must not be touched
    yield w
    w.doc.undo_stack.setClean()
    w.close()
    w.deleteLater()


def save_to(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def answer_error(seen: list[str]) -> None:
    """Close the next error dialog, noting its text."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "dialog.error":
            QTimer.singleShot(10, click)
            return
        seen.append(f"{box.windowTitle()}: {box.text()}")
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, click)


def failing(exporter_id: str, error: Exception, monkeypatch) -> None:
    def render(job):
        raise error

    broken = replace(exporters.EXPORTERS[exporter_id], render=render)
    monkeypatch.setitem(exporters.EXPORTERS, exporter_id, broken)


def untouched(window: MainWindow, target: Path) -> None:
    assert window.scenario.revenue.yield_ == 0.7 and window.doc.is_dirty
    assert window.doc.undo_stack.count() == 1
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in target.parent.iterdir() if p.suffix != ".ini") == [target.name]


@pytest.mark.parametrize(
    ("command", "exporter_id", "error"),
    [
        ("export_xlsx", "workbook", IllegalCharacterError("\x01 cannot be used in worksheets")),
        ("export_xlsx", "workbook", ValueError("a value openpyxl refuses")),
        ("export_csv", "data", UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogate")),
        ("export_report", "report", RuntimeError("the PDF writer broke")),
    ],
)
def test_an_exporter_failing_gives_a_dialog_naming_file_and_reason(
    qtbot, window, tmp_path, monkeypatch, command, exporter_id, error
):
    target = tmp_path / "out.file"
    target.write_bytes(OLD)
    save_to(monkeypatch, target)
    failing(exporter_id, error, monkeypatch)
    seen: list[str] = []
    answer_error(seen)
    getattr(window.exports, command)()  # the menu command's handler
    assert seen and "Cannot export" in seen[0]
    assert str(target) in seen[0] and type(error).__name__ in seen[0]
    assert "Nothing was written" in seen[0]
    untouched(window, target)


def test_export_data_as_xlsx_through_the_menu_with_a_control_character(
    qtbot, window, tmp_path, monkeypatch
):
    """The menu action itself; the name's control character is shown, not fatal."""
    window.doc.set_field("name", "plan\x01=HYPERLINK(1)")
    target = tmp_path / "plan.xlsx"
    save_to(monkeypatch, target)
    window.commands["action.export_xlsx"].trigger()
    assert target.stat().st_size > 0


# -- streamed exports ---------------------------------------------------------------------


class Gate:
    """A streamed file of ``blocks`` blocks whose writer waits at block ``wait_at`` until
    the test lets it go (so a Cancel lands mid-file, deterministically)."""

    def __init__(self, blocks: int = 5, wait_at: int = 2, fail: Exception | None = None):
        self.blocks, self.wait_at, self.fail = blocks, wait_at, fail
        self.reached = threading.Event()
        self.go = threading.Event()

    def payload(self) -> Streamed:
        def write(fh, progress):
            for i in range(1, self.blocks + 1):
                fh.write(f"block {i}\n".encode())
                if i == self.wait_at:
                    self.reached.set()
                    assert self.go.wait(60)
                    if self.fail is not None:
                        raise self.fail
                if not progress(i, self.blocks):
                    raise RunCancelledError

        return Streamed(self.blocks, write)


def progress_dialog(window: MainWindow) -> QProgressDialog | None:
    found = window.findChildren(QProgressDialog, "dialog.export_progress")
    return next((d for d in found if d.isVisible()), None)


def test_cancel_mid_file_keeps_the_old_target_and_no_temporary(
    qtbot, window, tmp_path, monkeypatch
):
    monkeypatch.setattr(ui.export.streamed, "SHOW_AFTER_MS", 0)
    target = tmp_path / "samples.csv"
    target.write_bytes(OLD)
    save_to(monkeypatch, target)
    gate = Gate()
    ticks: list[int] = []
    beat = QTimer()
    beat.timeout.connect(lambda: ticks.append(1))
    beat.start(5)

    def cancel() -> None:
        dialog = progress_dialog(window)
        if dialog is None or not gate.reached.is_set():
            QTimer.singleShot(10, cancel)
            return
        seen_ticks = len(ticks)
        QTimer.singleShot(50, lambda: finish(dialog, seen_ticks))

    def finish(dialog: QProgressDialog, seen_ticks: int) -> None:
        assert len(ticks) > seen_ticks  # the GUI thread ran while the writer waited
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        gate.go.set()

    QTimer.singleShot(0, cancel)
    written = save_bytes(window, "Export", target, "CSV (*.csv)", lambda _: gate.payload())
    beat.stop()
    assert written is None
    untouched(window, target)


def test_a_writer_failing_mid_file_names_the_file(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "samples.csv"
    target.write_bytes(OLD)
    save_to(monkeypatch, target)
    gate = Gate(fail=MemoryError("out of memory"))
    gate.go.set()
    seen: list[str] = []
    answer_error(seen)
    assert save_bytes(window, "Export", target, "CSV", lambda _: gate.payload()) is None
    assert str(target) in seen[0] and "MemoryError: out of memory" in seen[0]
    untouched(window, target)


def test_a_full_disk_during_a_streamed_export(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "samples.csv"
    target.write_bytes(OLD)
    save_to(monkeypatch, target)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(simulator.atomic.os, "fsync", full)
    gate = Gate()
    gate.go.set()
    seen: list[str] = []
    answer_error(seen)
    assert save_bytes(window, "Export", target, "CSV", lambda _: gate.payload()) is None
    assert f"{target}: {os.strerror(errno.ENOSPC)}" in seen[0]
    untouched(window, target)


def test_the_samples_csv_streams_in_blocks_with_progress():
    mc = montecarlo.run(BASE, paths=2_500)
    steps: list[tuple[int, int]] = []
    payload = samples_stream(mc, rows=1_000)
    assert payload.total == 2_500
    buffer = io.BytesIO()
    payload.write(buffer, lambda done, total: steps.append((done, total)) or True)
    assert steps == [(1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]
    assert buffer.getvalue().decode() == samples_csv(mc)
    data = np.loadtxt(io.StringIO(buffer.getvalue().decode()), delimiter=",", skiprows=1)
    assert data.shape[0] == 2_500 and np.array_equal(data[:, 0], np.arange(2_500))
    with pytest.raises(RunCancelledError):
        payload.write(io.BytesIO(), lambda done, total: done < 2_000)
