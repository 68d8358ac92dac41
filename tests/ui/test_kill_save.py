"""Kill -9 at random moments: saved files stay whole, unsaved work is offered back.

The save test starts one helper process that imports the simulator once and forks a
saver for each round; the saver saves two versions in turn, forever, and the test
kills it with SIGKILL after a random delay (so each kill ends a separate process
without paying Python's start-up 200 times). After every kill the file and its
``.bak`` must each be one of the two versions, whole.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from simulator import default_scenario, load_scenario, save_scenario
from simulator.scenario.files import backup_path
from ui.app.start import TEST_EDIT_ENV, open_windows

pytestmark = pytest.mark.slow  # long: deselect with -m "not slow"; CI runs it

KILLS = 200

FORK_SAVER = r"""
import os, sys
sys.path.insert(0, sys.argv[1])
from simulator.scenario.files import load_scenario, save_scenario

versions = [load_scenario(sys.argv[2]), load_scenario(sys.argv[3])]
target, pid = sys.argv[4], 0
for line in sys.stdin:
    if line.startswith("go"):
        pid = os.fork()
        if pid == 0:
            i = 0
            while True:
                save_scenario(versions[i % 2], target, backup=True)
                i += 1
        print(pid, flush=True)
    elif line.startswith("reap"):
        print(os.waitpid(pid, 0)[1], flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_killed_saves_leave_the_old_or_the_new_version(tmp_path):
    base = default_scenario()
    versions = [base.with_field("notes", "a" * 300_000), base.with_field("name", "B version")]
    files = [tmp_path / "a.json", tmp_path / "b.json"]
    for version, file in zip(versions, files, strict=True):
        save_scenario(version, file)
    target = tmp_path / "plan.json"
    save_scenario(versions[0], target)
    rng = random.Random(6)
    started = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", FORK_SAVER, str(REPO), *map(str, files), str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as helper:
        for _ in range(KILLS):
            helper.stdin.write("go\n")
            helper.stdin.flush()
            pid = int(helper.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.012))
            os.kill(pid, signal.SIGKILL)
            helper.stdin.write("reap\n")
            helper.stdin.flush()
            status = int(helper.stdout.readline())
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            assert load_scenario(target) in versions
            if backup_path(target).exists():
                assert load_scenario(backup_path(target)) in versions
        helper.stdin.close()
    elapsed = time.perf_counter() - started
    leftovers = [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    print(f"{KILLS} kills in {elapsed:.1f} s; {len(leftovers)} temporary files left by kills")
    assert elapsed < 120


def test_killed_app_offers_its_unsaved_work_at_the_next_start(qtbot, tmp_path):
    plan = tmp_path / "plan.json"
    save_scenario(default_scenario(), plan)
    data = Path(os.environ["CAPEX_SIM_DATA_DIR"])
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        TEST_EDIT_ENV: json.dumps({"program.total_capex": 444.0}),
    }
    app = subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), str(plan)], env=env, cwd=tmp_path
    )
    try:
        deadline = time.monotonic() + 90
        while not list((data / "recovery").glob("*.json")):
            assert app.poll() is None, "the app ended before autosaving"
            assert time.monotonic() < deadline, "no recovery file within 90 s"
            time.sleep(0.05)
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=30)
    assert app.returncode == -signal.SIGKILL
    assert load_scenario(plan) == default_scenario()  # the edit was never saved

    seen: list[str] = []

    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "dialog.restore":
            QTimer.singleShot(10, accept)
            return
        seen.append(dialog.list.item(0).text())
        dialog.restore_button.click()

    QTimer.singleShot(0, accept)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    windows = open_windows(default_scenario(), None, settings)
    try:
        assert len(seen) == 1 and default_scenario().name in seen[0] and "plan.json" in seen[0]
        window = windows[0]
        assert window.scenario.program.total_capex == 444.0
        assert window.doc.path == plan and window.doc.is_dirty
    finally:
        for window in windows:
            window.doc.undo_stack.setClean()
            window.close()
            window.deleteLater()
    assert list((data / "recovery").glob("*.json")) == []
