"""Start the desktop app: crash hook, main window, and the offer to restore unsaved work."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from simulator import Scenario
from simulator.model import fused
from ui.app import crash
from ui.app.qt_env import application
from ui.app.restore_dialog import RestoreDialog
from ui.document import file_lock
from ui.document.autosave import Recovery, find_recoveries
from ui.document.file_dialogs import tell_held
from ui.window.main_window import MainWindow

TEST_EDIT_ENV = "CAPEX_SIM_TEST_EDIT"
"""For tests: a JSON object of field path -> value applied as an unsaved edit at start."""


def run(scenario: Scenario, path: Path | None = None) -> int:
    """Show the main window on ``scenario`` and run the event loop; the exit code."""
    app = application()
    hook = crash.install()
    windows = open_windows(scenario, path)
    app.processEvents()  # the first paint
    compile_engine_in_background()
    code = app.exec()
    hook.uninstall()
    del windows
    return code


def compile_engine_in_background() -> threading.Thread:
    """Make the compiled Monte Carlo engine ready off the GUI thread; until it is, runs
    use the NumPy engine (same results to 1e-12)."""
    thread = threading.Thread(target=fused.prepare, name="compile-engine", daemon=True)
    thread.start()
    return thread


def open_windows(
    scenario: Scenario, path: Path | None = None, settings: QSettings | None = None
) -> list[MainWindow]:
    """Show the main window, then offer to restore work a crash left unsaved.

    The first restored scenario replaces the start-up one when that is untouched;
    the others open in windows of their own. Returns every window opened.
    """
    window = MainWindow(scenario, path, settings)
    window.show()
    _apply_test_edit(window)
    windows = [window]
    held = file_lock.holder(path) if path is not None else None
    if path is not None and held is not None:
        tell_held(window, path, held.describe())
    recoveries = find_recoveries()
    if not recoveries:
        return windows
    dialog = RestoreDialog(recoveries, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return windows
    for recovery in dialog.chosen:
        pristine = window.doc.path is None and not window.doc.is_dirty
        target = window if pristine else MainWindow(recovery.scenario, recovery.path, settings)
        if target is not window:
            target.show()
            windows.append(target)
        restore(target, recovery)
    return windows


def restore(window: MainWindow, recovery: Recovery) -> None:
    """Show recovered work in ``window``: unsaved, with its file; its autosave takes over."""
    window.doc.restore(recovery.scenario, recovery.path)
    window.files.autosave().adopt(recovery.file)


def _apply_test_edit(window: MainWindow) -> None:
    edits = os.environ.get(TEST_EDIT_ENV)
    for field, value in json.loads(edits).items() if edits else ():
        window.doc.set_field(field, value)
