"""Every command-line entry point against path tricks: outputs that alias an input or
each other (same path, ./path, hard links, symlinks), devices, FIFOs, folders, a full
disk. Refusals exit 2 with one line naming both paths, and write nothing."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import assert_refused, run_main, snapshot
from conftest import REPO

from simulator import load_scenario
from simulator.scenario.presets import preset_path

BASE = REPO / "resources" / "scenarios" / "alibaba-2025-base.json"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    shutil.copy(BASE, path)
    return path


def alias(plan: Path, how: str) -> str:
    """Another name of ``plan``: the same path, ./path, a hard link or a symlink."""
    if how == "same":
        return str(plan)
    if how == "dot":
        return f"{plan.parent}/./{plan.name}"
    if how == "dotdot":
        (plan.parent / "sub").mkdir(exist_ok=True)
        return f"{plan.parent}/sub/../{plan.name}"
    other = plan.parent / f"{how}.json"
    if how == "hard":
        os.link(plan, other)
    else:
        other.symlink_to(plan.name)
    return str(other)


ALIASES = ["same", "dot", "dotdot", "hard", "sym"]
COMMANDS = [
    ("export", "--csv", []),
    ("export", "--summary", []),
    ("export", "--png", []),
    ("export", "--samples", []),
    ("export", "--stats", []),
    ("report", "--pdf", []),
    ("report", "--xlsx", ["--pdf", "OUT/r.pdf"]),
]


@pytest.mark.parametrize("how", ALIASES)
@pytest.mark.parametrize(("command", "flag", "extra"), COMMANDS)
def test_an_output_aliasing_the_input_is_refused(tmp_path, plan, how, command, flag, extra):
    (tmp_path / "OUT").mkdir()
    target = alias(plan, how)
    before = snapshot(tmp_path)
    extra = [str(tmp_path / e) if e.startswith("OUT/") else e for e in extra]
    run = run_main(command, plan, flag, target, *extra)
    assert_refused(run, f"{flag} {target}", f"the scenario file {plan}")
    assert "same file" in run.err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("how", ALIASES[1:])
def test_two_outputs_aliasing_each_other_are_refused(tmp_path, plan, how):
    first = tmp_path / "a.csv"
    first.write_text("keep")
    second = alias(first, how)
    before = snapshot(tmp_path)
    run = run_main("export", plan, "--csv", first, "--summary", second, "--png", tmp_path / "c.png")
    assert_refused(run, f"--summary {second}", f"--csv {first}")
    assert snapshot(tmp_path) == before


def test_an_output_that_does_not_exist_yet_is_compared_by_resolved_path(tmp_path, plan):
    run = run_main("export", plan, "--csv", tmp_path / "n.csv", "--summary", f"{tmp_path}/./n.csv")
    assert_refused(run, "--summary", "--csv", written=[tmp_path / "n.csv"])


def test_a_sidecar_aliasing_an_output_or_input_is_refused(tmp_path, plan):
    run = run_main(
        "export", plan, "--samples", tmp_path / "s.csv", "--summary", tmp_path / "s.csv.json"
    )
    assert_refused(run, "--samples metadata", "--summary", written=[tmp_path / "s.csv"])
    os.link(plan, tmp_path / "t.csv.json")
    run = run_main("export", plan, "--stats", tmp_path / "t.csv")
    assert_refused(run, f"the scenario file {plan}", written=[tmp_path / "t.csv"])


def test_report_compares_every_input(tmp_path, plan):
    other = tmp_path / "other.json"
    shutil.copy(BASE, other)
    run = run_main(
        "report", plan, other, "--pdf", tmp_path / "r.pdf", "--xlsx", f"{tmp_path}/./other.json"
    )
    assert_refused(run, f"the scenario file {other}", written=[tmp_path / "r.pdf"])


@pytest.mark.parametrize("command", ["export", "report", "calibrate"])
def test_a_preset_file_is_never_an_output(tmp_path, command):
    path = preset_path("bull")
    before = path.read_bytes()
    flag = {"export": "--summary", "report": "--pdf", "calibrate": "--out"}[command]
    extra = ["--fit", "revenue.ai_share"] if command == "calibrate" else []
    run = run_main(command, "--preset", "bull", flag, path, *extra)
    assert_refused(run, f"{flag} {path}", "the preset 'bull'")
    assert path.read_bytes() == before


@pytest.mark.parametrize("how", ALIASES)
def test_calibrate_in_place_keeps_a_backup(tmp_path, plan, how):
    original = plan.read_bytes()
    target = alias(plan, how)
    run = run_main("calibrate", plan, "--fit", "revenue.ai_share", "--out", target)
    assert run.code == 0 and run.err == "", run
    assert "MAPE:" in run.out
    start, end = (float(v) for v in run.out.split("minimised): ")[1].split()[0:3:2])
    assert end <= start  # never a point worse than the start on what the fit minimises
    backup = Path(target).with_name(Path(target).name + ".bak")
    assert backup.read_bytes() == original
    assert plan.is_file() and not plan.is_symlink()
    fitted = load_scenario(target)
    assert fitted.revenue.ai_share != load_scenario(backup).revenue.ai_share
    if how != "hard":  # a hard link is replaced by name: plan.json keeps the old data
        assert load_scenario(plan) == fitted


def test_calibrate_over_another_file_keeps_its_backup(tmp_path, plan):
    other = tmp_path / "fitted.json"
    other.write_text("an older fit")
    assert run_main("calibrate", plan, "--fit", "revenue.ai_share", "--out", other).code == 0
    assert (tmp_path / "fitted.json.bak").read_text() == "an older fit"


# -- devices, FIFOs, folders --------------------------------------------------------------


def test_a_character_device_is_written_through(plan):
    run = run_main("export", plan, "--csv", "/dev/null", "--summary", "/dev/null")
    assert run.code == 0, run
    run = run_main("export", plan, "--samples", "/dev/null")  # no sidecar beside a device
    assert run.code == 0, run
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not os.path.exists("/dev/null.json")


@pytest.fixture
def device_node(tmp_path: Path) -> Path:
    """A character device node made in the temporary folder (a second /dev/null)."""
    node = tmp_path / "null-node"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        with open(node, "wb") as fh:  # a folder mounted nodev refuses to open it
            fh.write(b"")
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    return node


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--csv", "NODE", "--summary", "OUT/s.json"],
        ["export", "--samples", "NODE", "--stats", "OUT/t.csv"],  # streamed through
        ["report", "--pdf", "NODE"],
        ["calibrate", "--fit", "revenue.ai_share", "--out", "NODE"],
    ],
    ids=lambda a: "-".join(a[:2]),
)
def test_a_device_node_in_a_folder_is_written_through_never_replaced(
    tmp_path, plan, device_node, args
):
    (tmp_path / "OUT").mkdir()
    argv = [str(device_node) if a == "NODE" else a for a in args]
    argv = [str(tmp_path / a) if a.startswith("OUT/") else a for a in argv]
    before = os.stat(device_node)
    run = run_main(argv[0], plan, *argv[1:])
    assert run.code == 0, run
    after = os.stat(device_node)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino  # the same node, not a file in its place
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "OUT") == [
        "null-node",
        "plan.json",
    ]  # no temporary file, no sidecar beside the device, no backup of it


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--csv", "OUT/x.csv"],
        ["report", "--pdf", "OUT/x.pdf"],
        ["calibrate", "--fit", "revenue.ai_share", "--out", "OUT/x.json"],
    ],
    ids=lambda a: a[0],
)
def test_a_device_node_as_input_is_refused_without_reading(tmp_path, device_node, args):
    (tmp_path / "OUT").mkdir()
    argv = [str(tmp_path / a) if a.startswith("OUT/") else a for a in args[1:]]
    run = run_main(args[0], device_node, *argv)
    assert_refused(run, f"{device_node}: is a character device")
    assert list((tmp_path / "OUT").iterdir()) == []


@pytest.mark.parametrize(
    ("command", "flag", "extra"),
    [
        ("export", "--csv", []),
        ("export", "--stats", []),
        ("report", "--pdf", []),
        ("report", "--xlsx", ["--pdf", "OUT/r.pdf"]),
        ("calibrate", "--out", ["--fit", "revenue.ai_share"]),
    ],
)
@pytest.mark.parametrize("kind", ["fifo", "folder", "missing-folder"])
def test_a_fifo_or_folder_output_is_refused(tmp_path, plan, command, flag, extra, kind):
    (tmp_path / "OUT").mkdir()
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target = tmp_path / "no" / "target"
    extra = [str(tmp_path / e) if e.startswith("OUT/") else e for e in extra]
    before = snapshot(tmp_path)
    run = run_main(command, plan, flag, target, *extra)
    reason = {"fifo": "FIFO", "folder": "a folder", "missing-folder": "does not exist"}[kind]
    assert_refused(run, f"{flag} {target}: cannot write", reason)
    assert snapshot(tmp_path) == before


ENTRY_POINTS = [
    ["export", "IN", "--csv", "OUT/x.csv"],
    ["report", "IN", "--pdf", "OUT/x.pdf"],
    ["calibrate", "IN", "--fit", "revenue.ai_share", "--out", "OUT/x.json"],
    ["IN"],  # the app: refused before any window
]


def cli_in(tmp_path: Path, args: list[str], source: str) -> subprocess.CompletedProcess[str]:
    argv = [source if a == "IN" else str(tmp_path / a) if a.startswith("OUT/") else a for a in args]
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # a FIFO read would hang: the timeout fails the test instead
        check=False,
    )


@pytest.mark.parametrize("args", ENTRY_POINTS, ids=lambda a: a[0])
@pytest.mark.parametrize("source", ["fifo", "/dev/zero", "/dev/urandom", "folder"])
def test_a_special_input_is_refused_without_reading(tmp_path, args, source):
    (tmp_path / "OUT").mkdir()
    if source == "fifo":
        source = str(tmp_path / "plan.json")
        os.mkfifo(source)
    elif source == "folder":
        source = str(tmp_path / "OUT")
    out = cli_in(tmp_path, args, source)
    assert out.returncode == 2, out.stderr
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"error: {source}: is ")
    assert list((tmp_path / "OUT").iterdir()) == []


# -- a full disk ---------------------------------------------------------------------------


def test_a_full_disk_names_the_output_and_writes_nothing(tmp_path, plan, monkeypatch):
    from simulator import atomic

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    run = run_main("export", plan, "--csv", tmp_path / "q.csv", "--summary", tmp_path / "s.json")
    assert_refused(run, f"{tmp_path / 'q.csv'}: cannot write (No space left on device)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_a_full_tmpfs(tmp_path, plan):
    from test_atomic import small_tmpfs

    with small_tmpfs(tmp_path / "disk", "16k") as disk:  # the CSV is about 25 kB
        (disk / "old.csv").write_text("old")
        run = run_main("export", plan, "--csv", disk / "old.csv", "--summary", disk / "s.json")
        assert_refused(run, "cannot write (No space left on device)")
        assert "error: : " not in run.err and ".tmp" not in run.err
        assert (disk / "old.csv").read_text() == "old" and sorted(os.listdir(disk)) == ["old.csv"]
