"""The engine's output: every column and metric of docs/model.md for one or N paths."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Result:
    """Columns as arrays, (T,) for one scenario or (N, T) for N paths; metrics likewise.

    ``columns`` maps each name of :data:`COLUMNS` to its array, also reachable by
    indexing (``result["cum_capex"]``); ``shares`` are the category shares, (K,) or
    (N, K), behind :attr:`capex_by_category`; ``metrics`` maps :data:`SUMMARY_KEYS`
    to floats or (N,) arrays (NaN = undefined).
    """

    columns: dict[str, FloatArray]
    metrics: dict[str, Any]
    shares: FloatArray
    periods: list[str] = field(default_factory=list)
    category_names: tuple[str, ...] = ()
    history: int = 0  # Q: the first columns are the quarters before the start

    def __getitem__(self, name: str) -> FloatArray:
        """The column ``name`` (KeyError when there is none)."""
        return self.columns[name]

    @property
    def capex_by_category(self) -> FloatArray:
        """capex_k[t]: (K, T) for one scenario, (N, K, T) for N paths."""
        return self.shares[..., :, None] * self.columns["capex"][..., None, :]

    @property
    def summary(self) -> dict[str, Any]:
        """Metrics with ``None`` for undefined values (one scenario) or arrays (N paths)."""
        return {k: _none_if_nan(v) for k, v in self.metrics.items()}


def _none_if_nan(value: Any) -> Any:
    if np.ndim(value) == 0:
        v = float(value)
        return None if np.isnan(v) else v
    return value
