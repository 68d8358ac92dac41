"""Give memory that finished background work freed back to the system.

The app keeps freed memory in the process for reuse (:func:`simulator.model.allocator.
keep_freed_memory`), so the chunks of a Monte Carlo run do not page-fault again and
again. Between runs that memory is dead weight: a million-path run frees hundreds of
megabytes when it ends, is cancelled or replaced, and with every thread's arena
holding its own high-water mark, ten runs in a row could leave the app at a gigabyte.
:func:`release_freed_memory_soon` asks glibc (``malloc_trim``) to return every free page
to the system, in a thread of its own, once a task has ended; elsewhere (not Linux with
glibc) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
from collections.abc import Callable
from functools import cache

_lock = threading.Lock()
_pending = threading.Event()


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> bool:
    """Return free heap pages to the system now; True when glibc did so."""
    trim = _malloc_trim()
    if trim is None:
        return False
    with _lock:
        return bool(trim(0))


def release_freed_memory_soon() -> threading.Thread | None:
    """:func:`release_freed_memory` in a background thread (one at a time: a call while
    one is waiting to run is merged into it); the thread, or None when not needed."""
    if _malloc_trim() is None or _pending.is_set():
        return None
    _pending.set()

    def run() -> None:
        _pending.clear()
        release_freed_memory()

    thread = threading.Thread(target=run, name="release-memory", daemon=True)
    thread.start()
    return thread
