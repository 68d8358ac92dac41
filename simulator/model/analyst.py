"""Analyst figures and their guardrails (docs/model.md section 8).

Capex intensity, added revenue per unit of capex, utilisation, incremental ROIC and
EBIT margin, as quarterly columns (N, T) and as metrics at the benchmark quarter (the
twelve months to September 2025 that FACTS.md's benchmarks cover) or, for ROIC, at
the end of the horizon. :data:`GUARDRAILS` holds the sourced benchmarks and bands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.model.inputs import Inputs
from simulator.model.runs import Run
from simulator.scenario.periods import period_index

FloatArray = NDArray[np.float64]

BENCHMARK_QUARTER = "2025Q3"


@dataclass(frozen=True)
class Guardrail:
    """A figure's sourced benchmark and the band outside which it is flagged."""

    metric: str
    label: str
    benchmark: float
    low: float
    high: float
    source: str

    def flagged(self, value: float | None) -> bool:
        """Whether ``value`` (None: undefined) lies outside the band."""
        return value is not None and math.isfinite(value) and not self.low <= value <= self.high


GUARDRAILS: tuple[Guardrail, ...] = (
    Guardrail(
        "capex_intensity",
        "Capex intensity",
        0.94,
        0.47,
        1.88,
        "Alibaba, twelve months to Sep-25: capex about 0.94x cloud revenue (FACTS.md)",
    ),
    Guardrail(
        "revenue_per_capex",
        "Added revenue per unit of capex",
        0.34,
        0.17,
        0.68,
        "Alibaba, twelve months to Sep-25: about 0.34 of added annualised cloud revenue "
        "per unit of capex (FACTS.md)",
    ),
    Guardrail(
        "ebit_margin",
        "EBIT margin",
        0.09,
        -0.01,
        0.19,
        "Alibaba Cloud adjusted EBITA margin about 9 % (FACTS.md)",
    ),
    Guardrail(
        "roic",
        "Incremental ROIC (mature)",
        0.10,
        0.10,
        math.inf,
        "a common sell-side hurdle of a 10 % return on AI buildouts (FACTS.md)",
    ),
)


def trailing(values: FloatArray, window: int = 4) -> FloatArray:
    """Sum over the last ``window`` quarters t-window+1..t; NaN where fewer exist: (N, T)."""
    running = np.zeros((values.shape[0], values.shape[1] + 1))
    np.cumsum(values, axis=1, out=running[:, 1:])
    out = np.full(values.shape, np.nan)
    out[:, window - 1 :] = running[:, window:] - running[:, :-window]
    return out


def _ratio(top: FloatArray, bottom: FloatArray) -> FloatArray:
    """top / bottom, NaN where the bottom is 0 or the ratio is not finite."""
    with np.errstate(all="ignore"):
        out = top / bottom
    return np.where((bottom != 0) & np.isfinite(out), out, np.nan)


def columns(
    x: Inputs, with_run: Run, nopat: FloatArray, net_ppe: FloatArray
) -> dict[str, FloatArray]:
    """The analyst columns (docs/model.md section 8)."""
    cloud = with_run.cloud_revenue
    spent = trailing(with_run.capex)
    growth = np.full(cloud.shape, np.nan)
    growth[:, 4:] = cloud[:, 4:] - cloud[:, :-4]
    mean_ppe = trailing(net_ppe) / 4.0
    roic = _ratio(trailing(nopat), np.where(mean_ppe > 0, mean_ppe, 0.0))
    roic[:, : x.history_quarters + 3] = np.nan
    return {
        "utilisation": _ratio(with_run.ai_served, with_run.capacity),
        "capex_intensity": _ratio(spent, trailing(cloud)),
        "revenue_per_capex": _ratio(4.0 * growth, spent),
        "roic": roic,
        "ebit_margin": _ratio(with_run.ebit, cloud),
    }


def benchmark_index(x: Inputs) -> NDArray[np.int64]:
    """Each path's column of the benchmark quarter (2025Q3 when modelled, else Q + 3): (N,)."""
    t = period_index(BENCHMARK_QUARTER) - x.first_quarter
    fallback = min(x.history_quarters + 3, x.quarters - 1)
    return np.where((t >= 3) & (t < x.quarters), t, fallback)


def metrics(x: Inputs, c: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """The analyst metrics: at the benchmark quarter, ROIC at the end, utilisation mean."""
    b = benchmark_index(x)[:, None]
    plan = c["utilisation"][:, x.history_quarters :]
    defined = ~np.isnan(plan)
    with np.errstate(invalid="ignore"):
        mean = np.where(defined.any(axis=1), np.nansum(plan, axis=1) / defined.sum(axis=1), np.nan)
    return {
        "mean_utilisation": mean,
        **{
            key: np.take_along_axis(c[key], b, axis=1)[:, 0]
            for key in ("capex_intensity", "revenue_per_capex", "ebit_margin")
        },
        "roic": c["roic"][:, -1],
    }
