"""Opening a malformed file in the app, one case per class of issue 16: a dialog names
the file and what is wrong (the field, when there is one), and the open work stays as
it was, unsaved edit included. Special files are refused without being read, so
nothing blocks."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from simulator import default_scenario
from simulator.scenario.files import MAX_FILE_BYTES
from ui.window.main_window import MainWindow

BASE: dict[str, Any] = default_scenario().to_dict()
INPUTS = "uncertainty.inputs.economics.discount_rate"


def _with(change) -> str:
    doc = copy.deepcopy(BASE)
    change(doc)
    return json.dumps(doc)


def _snapshot(doc: dict[str, Any]) -> None:
    inputs = {k: v for k, v in doc.items() if k not in ("snapshots", "uncertainty")}
    doc["snapshots"] = [{"name": "s", "saved": "2026-13-45T99:99:99Z", "inputs": inputs}]


def _rate(dist: dict[str, Any]):
    return lambda doc: doc["uncertainty"]["inputs"].__setitem__("economics.discount_rate", dist)


CASES: dict[str, tuple[Any, str]] = {
    # class: (the file's text, or how to make the special file; what the dialog names)
    "date that is no date": (_with(_snapshot), "snapshots.0.saved"),
    "name of 100,000 characters": (
        _with(lambda d: d.__setitem__("name", "x" * 100_000)),
        "name: must be at most 500 characters",
    ),
    "lognormal with an enormous sd": (
        _with(_rate({"dist": "lognormal", "mean": 1e-300, "sd": 1e300})),
        f"{INPUTS}.sd",
    ),
    "normal of 1e308": (_with(_rate({"dist": "normal", "mean": 1e308, "sd": 1e308})), INPUTS),
    "NaN literal": (
        json.dumps(BASE).replace('"horizon_years": ', '"horizon_years": NaN, "x": ', 1),
        "horizon_years: not valid JSON: NaN",
    ),
    "FIFO": ("fifo", "is a FIFO (named pipe), not a scenario file"),
    "character device": ("/dev/zero", "is a character device, not a scenario file"),
    "file over the size limit": ("huge", "file too large"),
    "folder": ("folder", "folder"),
}


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


def make(tmp_path: Path, what: str) -> Path:
    if what == "/dev/zero":
        return Path(what)
    path = tmp_path / "bad.json"
    if what == "fifo":
        os.mkfifo(path)
    elif what == "huge":
        with path.open("wb") as fh:
            fh.truncate(MAX_FILE_BYTES + 1)
    elif what == "folder":
        path.mkdir()
    else:
        path.write_text(what, encoding="utf-8")
    return path


def answer_error(seen: list[str]) -> None:
    """Record the next modal message box's text and press OK."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(f"{box.text()} {box.informativeText()}")
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, click)


@pytest.mark.parametrize("case", list(CASES))
def test_a_malformed_file_is_named_in_a_dialog_and_the_work_kept(qtbot, window, tmp_path, case):
    text, named = CASES[case]
    window.doc.set_field("revenue.yield", 0.91)
    before, path = window.scenario, make(tmp_path, text)
    seen: list[str] = []
    answer_error(seen)
    assert not window.files.open_path(path, ask=False)
    assert len(seen) == 1 and str(path) in seen[0] and named in seen[0], seen
    assert window.scenario is before and window.isWindowModified()
    assert window.doc.path is None and window.doc.undo_stack.canUndo()
