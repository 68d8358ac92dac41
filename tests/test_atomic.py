"""simulator.atomic: what is replaced, what is written through, what is refused, and that
every error names the path the caller gave."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator import atomic
from simulator.atomic import (
    DEVICE,
    NEW,
    REGULAR,
    RefusedTargetError,
    check_target,
    copy_atomic,
    identity,
    same_file,
    write_all_atomic,
    write_atomic,
)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_regular_file_is_replaced_keeping_its_permissions(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert listing(tmp_path) == ["out.csv"]


def test_a_symlink_keeps_pointing_at_the_file_it_names(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_hard_link_is_replaced_by_name(tmp_path):
    """Atomic replacement swaps the name written; the other name keeps the old data."""
    first = tmp_path / "a.csv"
    first.write_text("old")
    os.link(first, tmp_path / "b.csv")
    write_atomic(first, b"new")
    assert first.read_bytes() == b"new" and (tmp_path / "b.csv").read_bytes() == b"old"


def test_a_character_device_is_written_through_not_replaced():
    before = os.stat("/dev/null")
    write_atomic("/dev/null", b"discarded")
    write_all_atomic({"/dev/null": b"a", Path("/dev/null"): b"b"})  # a device may repeat
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert check_target("/dev/null") == DEVICE
    assert not list(Path("/dev").glob(".null.*"))


def test_a_full_device_names_itself():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with pytest.raises(OSError) as info:
        write_atomic("/dev/full", b"x" * 10_000)
    assert info.value.errno == errno.ENOSPC and info.value.filename == "/dev/full"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(RefusedTargetError) as info:
        write_all_atomic({tmp_path / "ok.csv": b"x", fifo: b"y"})
    assert info.value.filename == str(fifo) and "FIFO" in info.value.strerror
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert listing(tmp_path) == ["pipe"]  # the other output was not written either


@contextlib.contextmanager
def unix_socket() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        path = Path(folder) / "s"
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind(str(path))
            yield path
        finally:
            sock.close()


def test_a_socket_and_a_folder_are_refused(tmp_path):
    with unix_socket() as path:
        with pytest.raises(RefusedTargetError, match="socket"):
            write_atomic(path, b"x")
        assert stat.S_ISSOCK(path.stat().st_mode)
    with pytest.raises(RefusedTargetError, match="a folder") as info:
        write_atomic(tmp_path, b"x")
    assert info.value.filename == str(tmp_path)
    assert listing(tmp_path) == []


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(RefusedTargetError, match="does not exist") as info:
        write_atomic(tmp_path / "no" / "such.csv", b"x")
    assert info.value.filename == str(tmp_path / "no" / "such.csv")
    assert check_target(tmp_path / "new.csv") == NEW


def test_two_names_of_one_file_are_refused(tmp_path):
    (tmp_path / "a").write_text("keep")
    os.link(tmp_path / "a", tmp_path / "hard")
    (tmp_path / "sym").symlink_to(tmp_path / "a")
    for other in ("hard", "sym", "./a", "x/../a"):
        (tmp_path / "x").mkdir(exist_ok=True)
        with pytest.raises(RefusedTargetError, match="the same file as"):
            write_all_atomic({tmp_path / "a": b"1", f"{tmp_path}/{other}": b"2"})
    with pytest.raises(RefusedTargetError):  # also for a file that does not exist yet
        write_all_atomic({tmp_path / "new": b"1", f"{tmp_path}/./new": b"2"})
    assert (tmp_path / "a").read_text() == "keep" and not (tmp_path / "new").exists()


def test_identity_follows_links_and_resolves_new_paths(tmp_path):
    (tmp_path / "a").write_text("x")
    os.link(tmp_path / "a", tmp_path / "b")
    (tmp_path / "c").symlink_to("a")
    assert same_file(tmp_path / "a", tmp_path / "b") and same_file(tmp_path / "a", tmp_path / "c")
    assert same_file(tmp_path / "n", f"{tmp_path}/./n") and not same_file(tmp_path / "a", "n")
    assert identity(tmp_path / "a")[0] == "inode" and identity(tmp_path / "n")[0] == "path"
    assert check_target(tmp_path / "c") == REGULAR


def test_errors_name_the_given_path_never_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as info:
        write_all_atomic({str(target): b"new", tmp_path / "b": b"x"})
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(target)
    assert target.read_text() == "old" and listing(tmp_path) == ["out.json"]


def test_a_failing_replace_names_the_target(tmp_path, monkeypatch):
    def fail(src, dst):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", src)

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError) as info:
        write_atomic(tmp_path / "a", b"x")
    assert info.value.filename == str(tmp_path / "a") and ".tmp" not in str(info.value)
    assert listing(tmp_path) == []


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str = "64k") -> Iterator[Path]:
    """A small tmpfs at ``folder`` (root only), unmounted afterwards."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (the ENOSPC monkeypatch test covers this)")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_leaves_the_old_files_and_names_the_target(tmp_path):
    with small_tmpfs(tmp_path / "disk") as disk:
        (disk / "a.csv").write_bytes(b"old a")
        (disk / "b.csv").write_bytes(b"old b")
        with pytest.raises(OSError) as info:
            write_all_atomic({disk / "a.csv": b"new a", disk / "b.csv": b"x" * 200_000})
        assert info.value.errno == errno.ENOSPC
        assert info.value.filename == str(disk / "b.csv")
        assert (disk / "a.csv").read_bytes() == b"old a"
        assert listing(disk) == ["a.csv", "b.csv"]


def test_copy_atomic_streams_and_names_a_missing_source(tmp_path):
    source = tmp_path / "big"
    source.write_bytes(os.urandom(3 << 20))
    copy_atomic(source, tmp_path / "copy")
    assert (tmp_path / "copy").read_bytes() == source.read_bytes()
    with pytest.raises(OSError) as info:
        copy_atomic(tmp_path / "missing", tmp_path / "copy2")
    assert info.value.filename == str(tmp_path / "missing")
    assert not (tmp_path / "copy2").exists()
