"""Least-squares helpers on the engine's path axis: a batched forward-difference Jacobian."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def jacobian(
    rows: Callable[[FloatArray], FloatArray], x: FloatArray, high: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Residuals at ``x`` (R,) and their Jacobian (R, P) by forward differences.

    ``rows`` maps (M, P) candidates to (M, R) residuals; the P + 1 candidates (``x`` and
    one step along each input, backwards where a step would pass ``high``) run at once.
    """
    h = 1e-6 * np.maximum(np.abs(x), 1e-2)
    h = np.where(x + h > high, -h, h)
    r = rows(np.vstack([x, x + np.diag(h)]))
    return r[0], ((r[1:] - r[0]) / h[:, None]).T
