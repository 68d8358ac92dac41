"""The programme's columns, analyst figures and metrics of one path (part of :mod:`fused`).

Mirrors :func:`simulator.model.engine._programme_columns`, :mod:`analyst` and
:mod:`valuation` for one path (docs/model.md sections 7-8), reading and writing the rows
of the scratch table of :mod:`fused_path`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from simulator.model import fused_cash as cash
from simulator.model.fused_rows import Metric, Par, Row


@njit(cache=True)
def _trailing(s, src, dst, run_row, T):  # pragma: no cover - compiled
    """dst[t] = sum of src[t-3..t] as a difference of running sums (NaN for t < 3)."""
    s[run_row, 0] = 0.0
    for t in range(T):
        s[run_row, t + 1] = s[run_row, t] + s[src, t]
    for t in range(T):
        s[dst, t] = s[run_row, t + 1] - s[run_row, t - 3] if t >= 3 else np.nan


@njit(cache=True)
def _plan_cumsum(s, src, dst, Q, T):  # pragma: no cover - compiled
    total = 0.0
    for t in range(T):
        if t >= Q:
            total += s[src, t]
        s[dst, t] = total if t >= Q else 0.0


@njit(cache=True)
def programme(p, H, Q, T, grid, zero, s, m):  # pragma: no cover
    """The programme's columns (with minus without, section 7), analyst figures and
    every metric (section 8)."""
    r = p[Par.DISCOUNT_RATE]
    net = 0.0
    dep_total = 0.0
    step = (1.0 + r) ** -0.25  # DF[t] = step ** (t - Q + 1), within T ulps of the pow
    df = (1.0 + r) ** (-(1 - Q) / 4.0)
    for t in range(T):
        served = s[Row.W_SERVED, t] - s[Row.O_SERVED, t]
        core = s[Row.CORE_W, t] - s[Row.CORE_WO, t]
        fixed = p[Par.FIXED_COST] * s[Row.P_CAP, t]
        ebitda = p[Par.EBITDA_MARGIN] * served + p[Par.CORE_MARGIN] * core - fixed
        ebit = ebitda - s[Row.P_DEP, t]
        tax = p[Par.TAX_RATE] * ebit
        nopat = ebit - tax
        fcf = nopat + s[Row.P_DEP, t]
        fcf -= s[Row.P_SPEND, t]
        fcf -= s[Row.P_REF, t]
        s[Row.SERVED_D, t] = served
        s[Row.CORE_D, t] = core
        s[Row.PROGRAM, t] = served + core
        s[Row.FIXED, t] = fixed
        s[Row.EBITDA, t] = ebitda
        s[Row.EBIT, t] = ebit
        s[Row.TAX, t] = tax
        s[Row.NOPAT, t] = nopat
        s[Row.FCF, t] = fcf
        s[Row.DF, t] = df
        df *= step
        s[Row.DISCOUNTED, t] = fcf * s[Row.DF, t]
        net += s[Row.P_SPEND, t] + s[Row.P_REF, t]
        dep_total += s[Row.P_DEP, t]
        s[Row.NET_PPE, t] = net - dep_total
        s[Row.UNSERVED, t] = s[Row.AI_DEMAND, t] - s[Row.W_AI, t]
        s[Row.UTILISATION, t] = cash.ratio(s[Row.W_SERVED, t], s[Row.W_CAP, t])
        s[Row.EBIT_MARGIN, t] = cash.ratio(s[Row.W_EBIT, t], s[Row.W_CLOUD, t])
    _plan_cumsum(s, Row.P_SPEND, Row.CUM_CAPEX, Q, T)
    _plan_cumsum(s, Row.PROGRAM, Row.CUM_PROGRAM, Q, T)
    _plan_cumsum(s, Row.W_CLOUD, Row.CUM_CLOUD, Q, T)
    _plan_cumsum(s, Row.FCF, Row.CUM_FCF, Q, T)
    _plan_cumsum(s, Row.DISCOUNTED, Row.CUM_DISC, Q, T)
    _analyst(Q, T, s)
    tv = cash.terminal(
        int(p[Par.TERMINAL_METHOD]),
        p[Par.TERMINAL_GROWTH],
        int(p[Par.TERMINAL_YEARS]),
        p[Par.TERMINAL_MULTIPLE],
        r,
        H,
        s[Row.FCF],
        s[Row.EBITDA],
        s[Row.NET_PPE, T - 1],
        T,
    )
    for t in range(T):
        s[Row.TV_COL, t] = tv if t == T - 1 else 0.0
    last_df = (1.0 + r) ** (-(T - Q) / 4.0)
    explicit = 0.0
    for t in range(Q, T):
        explicit += s[Row.DISCOUNTED, t]
    n = T - Q
    flows = s[Row.RUN_A, :n]
    for t in range(n):
        flows[t] = s[Row.FCF, Q + t]
    flows[n - 1] += tv
    irr, solved = cash.annual_irr(flows, n, grid, zero)
    peak = 0.0
    unserved = 0.0
    refresh = 0.0
    for t in range(T):
        refresh += s[Row.P_REF, t]
        if t >= Q:
            peak = max(peak, -s[Row.CUM_FCF, t])
            unserved += s[Row.UNSERVED, t]
    m[Metric.TOTAL_CAPEX] = s[Row.CUM_CAPEX, T - 1]
    m[Metric.NPV] = explicit + tv * last_df
    m[Metric.IRR] = irr
    m[Metric.PAYBACK_YEARS] = cash.payback(s[Row.CUM_FCF], Q, T)
    m[Metric.DISCOUNTED_PAYBACK_YEARS] = cash.payback(s[Row.CUM_DISC], Q, T)
    m[Metric.REVENUE_CROSSOVER_YEARS] = cash.crossover(s[Row.CUM_CAPEX], s[Row.CUM_PROGRAM], Q, T)
    m[Metric.PEAK_FUNDING] = peak
    m[Metric.RESIDUAL_VALUE] = tv
    m[Metric.CUM_PROGRAM_REVENUE] = s[Row.CUM_PROGRAM, T - 1]
    m[Metric.CUM_CLOUD_REVENUE] = s[Row.CUM_CLOUD, T - 1]
    m[Metric.UNSERVED_AI_DEMAND] = unserved
    m[Metric.NPV_EXPLICIT] = explicit
    m[Metric.TERMINAL_VALUE_PV] = tv * last_df
    m[Metric.NPV_WITH] = _run_value(p, H, Q, T, s, Row.W_FCF, Row.W_EBITDA, Row.W_CAPEX, Row.W_DEP)
    m[Metric.NPV_WITHOUT] = _run_value(
        p, H, Q, T, s, Row.O_FCF, Row.O_EBITDA, Row.O_CAPEX, Row.O_DEP
    )
    m[Metric.IRR_SIGN_CHANGES] = cash.sign_changes(flows, n)
    m[Metric.TOTAL_REFRESH_CAPEX] = refresh
    m[Metric.MEAN_UTILISATION] = _mean_defined(s[Row.UTILISATION], Q, T)
    b = int(p[Par.BENCHMARK])
    m[Metric.CAPEX_INTENSITY] = s[Row.CAPEX_INTENSITY, b]
    m[Metric.REVENUE_PER_CAPEX] = s[Row.REVENUE_PER_CAPEX, b]
    m[Metric.EBIT_MARGIN] = s[Row.EBIT_MARGIN, b]
    m[Metric.ROIC] = s[Row.ROIC, T - 1]
    clipped = int(p[Par.TERMINAL_METHOD]) == 2 and p[Par.TERMINAL_GROWTH] > r - 0.005
    m[Metric.GORDON_CLIPPED] = 1.0 if clipped else 0.0
    return solved


@njit(cache=True)
def _run_value(p, H, Q, T, s, fcf, ebitda, capex, dep):  # pragma: no cover - compiled
    """A run's NPV over the plan with its own terminal value."""
    r = p[Par.DISCOUNT_RATE]
    book = 0.0
    for t in range(T):
        book += s[capex, t] - s[dep, t]
    tv = cash.terminal(
        int(p[Par.TERMINAL_METHOD]),
        p[Par.TERMINAL_GROWTH],
        int(p[Par.TERMINAL_YEARS]),
        p[Par.TERMINAL_MULTIPLE],
        r,
        H,
        s[fcf],
        s[ebitda],
        book,
        T,
    )
    total = 0.0
    for t in range(Q, T):
        total += s[fcf, t] * s[Row.DF, t]
    return total + tv * (1.0 + r) ** (-(T - Q) / 4.0)


@njit(cache=True)
def _mean_defined(values, Q, T):  # pragma: no cover - compiled
    total, count = 0.0, 0
    for t in range(Q, T):
        if not np.isnan(values[t]):
            total += values[t]
            count += 1
    return total / count if count else np.nan


@njit(cache=True)
def _analyst(Q, T, s):  # pragma: no cover - compiled
    """Capex intensity, revenue per capex and ROIC (section 8), trailing four quarters."""
    _trailing(s, Row.W_CAPEX, Row.RUN_B, Row.RUN, T)
    _trailing(s, Row.W_CLOUD, Row.RUN_C, Row.RUN, T)
    for t in range(T):
        s[Row.CAPEX_INTENSITY, t] = cash.ratio(s[Row.RUN_B, t], s[Row.RUN_C, t])
        growth = s[Row.W_CLOUD, t] - s[Row.W_CLOUD, t - 4] if t >= 4 else np.nan
        s[Row.REVENUE_PER_CAPEX, t] = cash.ratio(4.0 * growth, s[Row.RUN_B, t])
    _trailing(s, Row.NOPAT, Row.RUN_B, Row.RUN, T)
    _trailing(s, Row.NET_PPE, Row.RUN_C, Row.RUN, T)
    for t in range(T):
        mean = s[Row.RUN_C, t] / 4.0
        roic = cash.ratio(s[Row.RUN_B, t], mean if mean > 0 else 0.0)
        s[Row.ROIC, t] = roic if t >= Q + 3 else np.nan
