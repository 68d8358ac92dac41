"""Running ``main.main`` in this process (fast) and checking the bad-input contract."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import main


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_main(*args: str | os.PathLike[str]) -> Run:
    """``main.main(args)`` with stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main.main([os.fspath(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, or what else it is."""
    entries: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            entries[key] = f"-> {os.readlink(path)}"
        elif path.is_file():
            entries[key] = path.read_bytes()
        else:
            entries[key] = "special" if not path.is_dir() else "folder"
    return entries


def assert_refused(run: Run, *names: str, written: Iterable[Path] = ()) -> None:
    """Exit 2, nothing on stdout, one ``error:`` line on stderr naming each of ``names``;
    none of ``written`` exists."""
    assert run.code == 2, run
    assert run.out == "", run
    assert run.err.startswith("error: ") and run.err.count("\n") == 1, run
    assert "Traceback" not in run.err
    for name in names:
        assert name in run.err, (name, run.err)
    for path in written:
        assert not os.path.lexists(path), path
