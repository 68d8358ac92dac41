"""Terminal value and the metrics of the programme (docs/model.md sections 7-8).

Every function works on the plan quarters (t >= Q) of (N, T) arrays and returns (N,)
values, NaN where a metric is undefined.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from simulator.model import finance
from simulator.model.inputs import BOOK, GORDON, MULTIPLE, Inputs
from simulator.model.irr import annual_irr, sign_changes
from simulator.scenario.limits import GORDON_MARGIN

FloatArray = NDArray[np.float64]


def gordon_growth(x: Inputs) -> tuple[FloatArray, FloatArray]:
    """(g used, 1.0 where g had to be clipped to r - GORDON_MARGIN else 0.0), (N,) each."""
    cap = x.discount_rate - GORDON_MARGIN
    clipped = (x.terminal_method == GORDON) & (x.terminal_growth > cap)
    return np.minimum(x.terminal_growth, cap), clipped.astype(float)


def terminal_value(x: Inputs, fcf: FloatArray, ebitda: FloatArray, book: FloatArray) -> FloatArray:
    """TV at the end of the last quarter from a series' fcf, ebitda and book value (N, T)."""
    years = np.minimum(x.terminal_years, x.years)
    tail = np.arange(fcf.shape[1])[None, :] >= fcf.shape[1] - 4 * years[:, None]
    normal = 4.0 * np.where(tail, fcf, 0.0).sum(axis=1) / (4.0 * years)
    g, _ = gordon_growth(x)
    r = x.discount_rate
    with np.errstate(divide="ignore", invalid="ignore"):
        gordon = normal * (1.0 + g) / (r - g)
    multiple = x.terminal_multiple * ebitda[:, -4:].sum(axis=1)
    method = x.terminal_method
    return np.select(
        [method == BOOK, method == GORDON, method == MULTIPLE],
        [book[:, -1], gordon, multiple],
        0.0,
    )


def discount_factors(x: Inputs) -> FloatArray:
    """DF[t] = (1 + r) ** (-(t - Q + 1) / 4) for every modelled quarter: (N, T) or (1, T)."""
    q = x.history_quarters
    full = finance.discount_factors(x.discount_rate, x.quarters - q)
    if not q:
        return full
    rate = x.discount_rate if full.shape[0] > 1 else x.discount_rate[:1]
    before = (1.0 + rate[:, None]) ** (-(np.arange(-q, 0) + 1) / 4.0)
    return np.concatenate([before, full], axis=1)


def plan_cumsum(values: FloatArray, history: int) -> FloatArray:
    """Running sums from the plan's first quarter on (0 in the history): (N, T)."""
    out = np.zeros_like(values)
    np.cumsum(values[:, history:], axis=1, out=out[:, history:])
    return out


def npv(fcf: FloatArray, tv: FloatArray, x: Inputs, df: FloatArray) -> FloatArray:
    """Discounted FCF over the plan plus TV discounted from the last quarter: (N,)."""
    q = x.history_quarters
    last_df = (1.0 + x.discount_rate) ** (-(x.quarters - q) / 4.0)
    return (fcf[:, q:] * df[:, q:]).sum(axis=1) + tv * last_df


def metrics(x: Inputs, c: dict[str, FloatArray], tv: FloatArray) -> dict[str, FloatArray]:
    """MODEL.md's summary metrics on the plan quarters, with TV in place of the residual."""
    q = x.history_quarters
    last_df = (1.0 + x.discount_rate) ** (-(x.quarters - q) / 4.0)
    flows = c["fcf"][:, q:].copy()
    flows[:, -1] += tv
    return {
        "total_capex": c["cum_capex"][:, -1],
        "npv": c["discounted_fcf"][:, q:].sum(axis=1) + tv * last_df,
        "irr": annual_irr(flows),
        "payback_years": finance.payback_years(c["cum_fcf"][:, q:]),
        "discounted_payback_years": finance.payback_years(c["cum_discounted_fcf"][:, q:]),
        "revenue_crossover_years": finance.crossover_years(
            c["cum_capex"][:, q:], c["cum_program_revenue"][:, q:]
        ),
        "peak_funding": finance.peak_funding(c["cum_fcf"][:, q:]),
        "residual_value": tv,
        "cum_program_revenue": c["cum_program_revenue"][:, -1],
        "cum_cloud_revenue": c["cum_cloud_revenue"][:, -1],
        "unserved_ai_demand": c["unserved_ai_demand"][:, q:].sum(axis=1),
        "npv_explicit": c["discounted_fcf"][:, q:].sum(axis=1),
        "terminal_value_pv": tv * last_df,
        "irr_sign_changes": sign_changes(_denoised(flows)).astype(float),
    }


def _denoised(flows: FloatArray) -> FloatArray:
    """Flows with rounding noise (below 1e-9 of the largest) set to 0 (the IRR rule)."""
    scale = np.abs(flows).max(axis=1, initial=0.0)[:, None]
    return np.where(np.abs(flows) > 1e-9 * scale, flows, 0.0)
