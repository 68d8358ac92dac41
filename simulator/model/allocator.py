"""Keep freed memory for reuse, so repeated large batches do not page-fault.

A Monte Carlo run allocates the same ~100 MB of arrays chunk after chunk. With
glibc's defaults, arrays above the mmap threshold are unmapped when freed and the
next chunk page-faults them all in again (about a third of a 10,000-path run).
:func:`keep_freed_memory` raises the mmap and trim thresholds so freed arrays stay
in the heap for the next chunk; peak memory is unchanged, only not handed back to
the system between chunks. The desktop app and the benchmarks call it once at
start-up; elsewhere (and off glibc) nothing changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_BYTES = 32 * 1024 * 1024  # glibc's largest mmap threshold on 64-bit systems
_TRIM_BYTES = 512 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Raise glibc's mmap/trim thresholds; True when applied (Linux with glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    ok_mmap = mallopt(_M_MMAP_THRESHOLD, _MMAP_BYTES) == 1
    ok_trim = mallopt(_M_TRIM_THRESHOLD, _TRIM_BYTES) == 1
    return ok_mmap and ok_trim
