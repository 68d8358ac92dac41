"""Exports too big to build in memory: written piece by piece, with progress and cancel.

A :class:`Streamed` export is what an exporter gives instead of bytes when the file
can be hundreds of megabytes (a million-path samples CSV). Its ``write(fh, progress)``
writes the file into an open binary file one block at a time, calling
``progress(done, total)`` after each; when that returns False it raises
:class:`~simulator.analysis.cancel.RunCancelledError`. Handed to
:func:`simulator.atomic.write_all_atomic` (through :meth:`Streamed.writer`), a
cancelled or failed export leaves no temporary file and the target as it was.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from simulator.analysis.cancel import Progress, RunCancelledError
from simulator.atomic import Writer

WriteFn = Callable[[BinaryIO, Progress], None]


def _always(done: int, total: int) -> bool:
    return True


@dataclass(frozen=True)
class Streamed:
    """A file written block by block: ``total`` units of work (rows), ``write`` writes."""

    total: int
    write: WriteFn

    def writer(self, progress: Progress | None = None) -> Writer:
        """A :data:`simulator.atomic.Writer` of this file reporting to ``progress``."""
        return lambda fh: self.write(fh, progress or _always)

    def to_bytes(self) -> bytes:
        """The whole file in memory (for small files and tests)."""
        buffer = io.BytesIO()
        self.write(buffer, _always)
        return buffer.getvalue()


Payload = bytes | Streamed
"""What an exporter gives: the file's bytes, or a :class:`Streamed` file."""


def check(progress: Progress, done: int, total: int) -> None:
    """Report ``done`` of ``total``; raise :class:`RunCancelledError` when asked to stop."""
    if not progress(done, total):
        raise RunCancelledError
