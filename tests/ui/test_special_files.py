"""The app's own files (error log, recovery files, the watched scenario) when a FIFO,
a folder or a huge file stands in their place: nothing blocks, nothing is read without
limit, nothing is replaced (issue 16)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator import default_scenario, save_scenario
from simulator.scenario.files import MAX_FILE_BYTES
from ui.app import crash
from ui.document.autosave import find_recoveries, recovery_text
from ui.document.disk_watch import FileStamp


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "special"
    os.mkfifo(path)
    return path


def test_the_error_log_is_never_a_fifo(tmp_path):
    os.mkfifo(tmp_path / crash.LOG_NAME)
    with pytest.raises(OSError, match="not a regular file"):
        crash.write_log("boom", tmp_path)  # opening it to append would wait forever
    assert (tmp_path / crash.LOG_NAME).is_fifo()


def test_the_error_log_is_appended_to_when_regular(tmp_path):
    log = crash.write_log("first", tmp_path)
    crash.write_log("second", tmp_path)
    text = log.read_text(encoding="utf-8")
    assert log.is_file() and text.index("first") < text.index("second")


def test_a_watched_file_replaced_by_a_fifo_or_a_huge_file_has_no_stamp(tmp_path, fifo):
    plan = tmp_path / "plan.json"
    save_scenario(default_scenario(), plan)
    assert FileStamp.of(plan) is not None
    assert FileStamp.of(fifo) is None  # never opened
    with plan.open("r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    assert FileStamp.of(plan) is None
    assert FileStamp.of(tmp_path / "missing.json") is None


def test_recoveries_skip_fifos_and_folders_and_drop_broken_files(tmp_path):
    good = tmp_path / "good.json"
    good.write_bytes(recovery_text(default_scenario(), None))
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "folder.json").mkdir()
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:
        fh.truncate(3 * MAX_FILE_BYTES)
    found = find_recoveries(tmp_path)
    assert [r.file for r in found] == [good]
    assert (tmp_path / "fifo.json").is_fifo() and (tmp_path / "folder.json").is_dir()
    assert not huge.exists()  # broken: removed, as a truncated recovery is
