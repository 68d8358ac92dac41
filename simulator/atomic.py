"""Writing files safely: regular files are replaced atomically, nothing else is replaced.

- A regular file (or a new one) is written in full to a temporary file beside it (beside
  the file a symlink points to, so the link keeps pointing at it), flushed and fsynced,
  then moved over the target in one step and the folder fsynced: a crash leaves the old
  file or the new one, never a half-written one. The old file's permissions are kept.
- A character device (``/dev/null``, a terminal) is written through: opened and written,
  never replaced, never created.
- Anything else (a folder, a FIFO, a socket, a block device) is refused before anything
  is written: a FIFO blocks until some reader comes, and a block device is a disk.

Every error is an :class:`OSError` whose ``filename`` is the path the caller gave (as
given: never the hidden temporary file, never resolved), so a message built from it
names what the user typed.

A file's content is bytes or a :data:`Writer`, a function that writes it into the open
(temporary) file piece by piece, for files too big to build in memory (a million-path
samples CSV); when the writer raises (a cancelled export), the temporary file is
removed and the target left as it was.

Two paths are the same file (:func:`same_file`) when they have the same device and
inode (hard links and symlinks included) or, for a file that does not exist yet, the
same resolved path (``a.csv``, ``./a.csv`` and ``dir/../a.csv``).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import BinaryIO

StrPath = str | os.PathLike[str]
Writer = Callable[[BinaryIO], None]
"""Writes a file's content into the open binary file it is given."""
Content = bytes | Writer

NEW, REGULAR, DEVICE = "new", "regular", "device"
"""What :func:`check_target` finds: no file yet, a regular file, a character device."""


class RefusedTargetError(OSError):
    """A path that is not written to: a folder, a FIFO, a socket, a block device, a
    missing folder, or a second name of another output."""

    def __init__(self, reason: str, path: StrPath) -> None:
        super().__init__(errno.EINVAL, reason, os.fspath(path))


def file_kind(mode: int) -> str:
    """How a file of ``st_mode`` is named in messages: ``a FIFO (named pipe)``, ..."""
    kinds = (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def identity(path: StrPath) -> tuple[object, ...]:
    """What makes two paths the same file: ``(st_dev, st_ino)`` when it exists (symlinks
    followed), else its resolved absolute path."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return ("path", os.path.normcase(os.path.realpath(path)))
    return ("inode", st.st_dev, st.st_ino)


def same_file(a: StrPath, b: StrPath) -> bool:
    """Whether ``a`` and ``b`` name the same file (see the module docstring)."""
    return identity(a) == identity(b)


def check_target(path: StrPath) -> str:
    """How ``path`` would be written: :data:`NEW`, :data:`REGULAR` or :data:`DEVICE`.

    Raises :class:`RefusedTargetError` for a folder, a FIFO, a socket or a block device, and
    for a new file whose folder does not exist.
    """
    if os.fspath(path) == "":
        raise RefusedTargetError("an empty path", path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        folder = Path(os.path.realpath(path)).parent
        if not folder.is_dir():
            raise RefusedTargetError(f"the folder {folder} does not exist", path) from None
        return NEW
    except OSError as exc:
        raise _named(exc, path) from None
    if stat.S_ISREG(mode):
        return REGULAR
    if stat.S_ISCHR(mode):
        return DEVICE
    kind = file_kind(mode)
    raise RefusedTargetError(
        f"it is {kind}; only regular files and character devices are written", path
    )


def write_atomic(path: StrPath, data: Content) -> None:
    """Write ``data`` to ``path`` (atomically for a regular file; see the module doc)."""
    write_all_atomic({path: data})


def write_all_atomic(files: Mapping[StrPath, Content]) -> None:
    """Write several files; none is touched unless all were staged.

    Every target is checked first (:func:`check_target`; two targets that are the same
    file are refused, except character devices), every regular file is written in full
    to a fsynced temporary file beside it, then the devices are written through and the
    temporary files moved over their targets.
    """
    kinds = {path: check_target(path) for path in files}
    _refuse_aliases([p for p, kind in kinds.items() if kind != DEVICE])
    staged: list[tuple[str, Path, StrPath]] = []
    try:
        for path, data in files.items():
            if kinds[path] != DEVICE:
                real = Path(os.path.realpath(path))
                staged.append((_stage(real, data, path), real, path))
        for path, data in files.items():
            if kinds[path] == DEVICE:
                _write_through(path, data)
        for tmp, real, path in staged:
            try:
                os.replace(tmp, real)
            except OSError as exc:
                raise _named(exc, path) from None
            _fsync_folder(real.parent)
    finally:
        for tmp, _, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def copy_atomic(source: StrPath, target: StrPath) -> None:
    """Copy the file ``source`` to ``target`` atomically, streaming (of any size)."""
    check_target(target)
    try:
        src = open(source, "rb")  # noqa: SIM115 - closed below, after the copy
    except OSError as exc:
        raise _named(exc, source) from None
    real = Path(os.path.realpath(target))
    with src:
        fd, tmp = _mkstemp(real, target)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, _mode_for(real))
            os.replace(tmp, real)
        except OSError as exc:
            raise _named(exc, target) from None
        finally:
            Path(tmp).unlink(missing_ok=True)
    _fsync_folder(real.parent)


def _refuse_aliases(paths: list[StrPath]) -> None:
    seen: dict[tuple[object, ...], StrPath] = {}
    for path in paths:
        key = identity(path)
        if key in seen:
            raise RefusedTargetError(f"the same file as {os.fspath(seen[key])}", path)
        seen[key] = path


def _put(fh: BinaryIO, data: Content) -> None:
    """Write ``data`` (bytes, or a writer's output) into ``fh``."""
    if isinstance(data, bytes | bytearray | memoryview):
        fh.write(data)
    else:
        data(fh)


def _stage(real: Path, data: Content, given: StrPath) -> str:
    """Write ``data`` to a fsynced temporary file in ``real``'s folder; return its path."""
    fd, tmp = _mkstemp(real, given)
    try:
        with os.fdopen(fd, "wb") as fh:
            _put(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(real))
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _named(exc, given) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _mkstemp(real: Path, given: StrPath) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    except OSError as exc:
        raise _named(exc, given) from None


def _mode_for(real: Path) -> int:
    """The permissions of the file being replaced, or the default for a new file."""
    try:
        return os.stat(real).st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _write_through(path: StrPath, data: Content) -> None:
    """Write ``data`` to an existing character device without replacing or creating it."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _named(exc, path) from None
    try:
        if not stat.S_ISCHR(os.fstat(fd).st_mode):  # replaced since it was checked
            raise RefusedTargetError("it changed while being written; not a device any more", path)
        with os.fdopen(os.dup(fd), "wb") as fh:  # buffered: it writes all it is given
            _put(fh, data)
    except RefusedTargetError:
        raise
    except OSError as exc:
        raise _named(exc, path) from None
    finally:
        os.close(fd)


def _named(exc: OSError, path: StrPath) -> OSError:
    """``exc`` naming ``path`` (what the caller gave) instead of whatever file it named."""
    if isinstance(exc, RefusedTargetError):
        return exc
    if exc.errno is None:
        return OSError(errno.EIO, str(exc) or type(exc).__name__, os.fspath(path))
    return OSError(exc.errno, exc.strerror or os.strerror(exc.errno), os.fspath(path))


@cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
