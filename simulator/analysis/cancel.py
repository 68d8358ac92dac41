"""Progress reporting and cancellation shared by long computations on the path axis."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], bool]
"""Called as ``progress(done, total)``; returning False asks the computation to stop."""


class RunCancelledError(Exception):
    """The run was cancelled through its progress callback."""
