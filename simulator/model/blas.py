"""Matrix products kept on one thread, for a shared machine with few cores.

OpenBLAS splits a product over threads once m * n * k exceeds 65536 * 4; on a
busy 2-core machine the second thread is often descheduled and a 0.3 ms product
then takes ~8 ms. Products of (N, k) rows by a small (k, n) matrix are therefore
done in row blocks small enough for OpenBLAS to stay single-threaded.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
SINGLE_THREAD_WORK = 65536 * 4  # OpenBLAS's default threading threshold on m * n * k


def serial_matmul(a: FloatArray, b: FloatArray) -> FloatArray:
    """a @ b for (N, k) ``a`` and (k, n) ``b``, in blocks of rows: (N, n)."""
    rows = max(64, SINGLE_THREAD_WORK // max(1, b.shape[0] * b.shape[1]))
    if a.shape[0] <= rows:
        return a @ b
    out = np.empty((a.shape[0], b.shape[1]))
    for i in range(0, a.shape[0], rows):
        np.matmul(a[i : i + rows], b, out=out[i : i + rows])
    return out
