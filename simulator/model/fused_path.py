"""The whole model for one path, fused into one compiled pass (numba).

:func:`path` computes every series of docs/model.md for one path into the rows of a
scratch table (one row per series, :class:`Row`), then the metrics. It follows the
NumPy engine (:mod:`simulator.model.engine`) step by step; tests compare the two on
every path. Scalars arrive packed in one row (:class:`Par` gives their order).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from simulator.model import fused_parts as parts
from simulator.model.fused_programme import programme
from simulator.model.fused_rows import NROWS, Par, Row


@njit(cache=True)
def _run(
    s,
    T,
    ro_cap,
    ro_served,
    ro_ai,
    ro_ref,
    ro_dep,
    ro_capex,
    ro_eb,
    ro_ebit,
    ro_tax,
    ro_nopat,
    ro_fcf,
    ro_cloud,
    spent_cap,
    spent_ref,
    spent_dep,
    spend,
    core,
    p,
):  # pragma: no cover
    """One run (section 6) into rows ro_*: its own spend, capacity, refresh, dep."""
    for t in range(T):
        cap = s[spent_cap, t] + s[Row.X_CAP, t]
        served = min(s[Row.AI_DEMAND, t], cap)
        ai = served if p[Par.CAPACITY_CONSTRAINED] > 0 else s[Row.AI_DEMAND, t]
        ref = s[spent_ref, t] + s[Row.X_REF, t]
        dep = s[spent_dep, t] + s[Row.X_DEP, t]
        costed = cap - s[Row.X_FREE, t]
        eb = (
            p[Par.EBITDA_MARGIN] * served
            + p[Par.CORE_MARGIN] * s[core, t]
            - p[Par.FIXED_COST] * costed
        )
        ebit = eb - dep
        tax = p[Par.TAX_RATE] * ebit
        nopat = ebit - tax
        capex = s[spend, t] + ref
        s[ro_cap, t] = cap
        s[ro_served, t] = served
        s[ro_ai, t] = ai
        s[ro_ref, t] = ref
        s[ro_dep, t] = dep
        s[ro_capex, t] = capex
        s[ro_eb, t] = eb
        s[ro_ebit, t] = ebit
        s[ro_tax, t] = tax
        s[ro_nopat, t] = nopat
        s[ro_fcf, t] = nopat + dep - capex
        s[ro_cloud, t] = s[core, t] + ai


@njit(cache=True)
def path(
    p, split, history, season, share, life, econ, lag, adds, core_g, ai_g, grid, zero, s, m
):  # pragma: no cover
    """Every series of one path into ``s`` (rows by :class:`Row`) and its metrics into
    ``m`` (by METRICS' order). Returns False where the IRR needs the polynomial."""
    H, Q = split.shape[0], history.shape[0]
    T = Q + 4 * H
    rp = np.empty(T + lag.max() + 3)  # rho ** g for every generation a table reads
    parts.kernels(
        share,
        life,
        econ,
        lag,
        adds,
        p[Par.PRICE_DECLINE],
        p[Par.RAMP],
        p[Par.RHO],
        T,
        s[Row.GK],
        s[Row.GB],
        s[Row.GR],
        s[Row.GD],
        s[Row.THETA],
        rp,
    )
    # the programme's blocks (a plan year each) and the history's (a quarter each)
    amounts = split * (p[Par.TOTAL_CAPEX] / 4.0)
    starts = Q + 4 * np.arange(H)
    hstarts = np.arange(Q)
    for t in range(T):
        s[Row.P_SPEND, t] = amounts[(t - Q) // 4] if t >= Q else 0.0
        s[Row.H_SPEND, t] = history[t] if t < Q else 0.0
    spent = (
        (Row.GK, Row.P_CAP, Row.H_CAP),
        (Row.GB, Row.P_BASE, Row.H_BASE),
        (Row.GR, Row.P_REF, Row.H_REF),
        (Row.GD, Row.P_DEP, Row.H_DEP),
    )
    for kernel, prow, hrow in spent:
        parts.running(s[kernel], T, s[Row.RUN])
        parts.convolve_blocks(amounts, starts, 4, s[Row.RUN], T, s[Row.WINDOW], s[prow])
        parts.convolve_blocks(history, hstarts, 1, s[Row.RUN], T, s[Row.WINDOW], s[hrow])
    for t in range(T):
        s[Row.P_CAP, t] *= p[Par.YIELD] / 4.0
        s[Row.H_CAP, t] *= p[Par.YIELD] / 4.0
    # demand (section 6)
    mean = (season[0] + season[1] + season[2] + season[3]) / 4.0
    first = int(p[Par.FIRST_QUARTER])
    s0 = season[(first - 1) % 4] / mean
    level = p[Par.BASE_QUARTERLY] / s0
    parts.growth(core_g, H, Q, core_g[0], T, s[Row.GC])
    parts.growth(ai_g, H, Q, ai_g[0], T, s[Row.GA])
    alpha = p[Par.ATTRIBUTION]
    if alpha != 0.0:
        parts.growth((1.0 - alpha) * core_g, H, Q, core_g[0], T, s[Row.GCW])
    for t in range(T):
        factor = season[(first + t) % 4] / mean
        s[Row.SEASONAL, t] = factor
        core_level = (level * (1.0 - p[Par.AI_SHARE])) * factor
        s[Row.CORE_W, t] = core_level * s[Row.GC, t]
        s[Row.CORE_WO, t] = core_level * s[Row.GCW, t] if alpha != 0.0 else s[Row.CORE_W, t]
        s[Row.AI_DEMAND, t] = ((level * p[Par.AI_SHARE]) * factor) * s[Row.GA, t]
    # the existing fleet (section 5)
    e0 = p[Par.BASE_QUARTERLY] * p[Par.AI_SHARE] / s0
    if p[Par.EXISTING_AGES] > 0:
        parts.fleet_ages(
            e0,
            share,
            adds,
            lag,
            econ,
            life,
            p[Par.PRICE_DECLINE],
            p[Par.YIELD],
            rp,
            T,
            s[Row.X_CAP],
            s[Row.X_REF],
            s[Row.X_DEP],
            s[Row.X_SPENT],
            s[Row.X_RUN],
        )
        for t in range(T):
            s[Row.X_FREE, t] = 0.0
    else:
        for t in range(T):
            s[Row.X_CAP, t] = e0
            s[Row.X_FREE, t] = e0
            s[Row.X_REF, t] = 0.0
            s[Row.X_DEP, t] = 0.0
    # the two runs: with = history + programme, without = history
    for t in range(T):
        s[Row.RUN_A, t] = s[Row.H_CAP, t] + s[Row.P_CAP, t]
        s[Row.RUN_B, t] = s[Row.H_REF, t] + s[Row.P_REF, t]
        s[Row.RUN_C, t] = s[Row.H_DEP, t] + s[Row.P_DEP, t]
        s[Row.X_SPENT, t] = s[Row.H_SPEND, t] + s[Row.P_SPEND, t]
    _run(
        s,
        T,
        Row.W_CAP,
        Row.W_SERVED,
        Row.W_AI,
        Row.W_REF,
        Row.W_DEP,
        Row.W_CAPEX,
        Row.W_EBITDA,
        Row.W_EBIT,
        Row.W_TAX,
        Row.W_NOPAT,
        Row.W_FCF,
        Row.W_CLOUD,
        Row.RUN_A,
        Row.RUN_B,
        Row.RUN_C,
        Row.X_SPENT,
        Row.CORE_W,
        p,
    )
    _run(
        s,
        T,
        Row.O_CAP,
        Row.O_SERVED,
        Row.O_AI,
        Row.O_REF,
        Row.O_DEP,
        Row.O_CAPEX,
        Row.O_EBITDA,
        Row.O_EBIT,
        Row.O_TAX,
        Row.O_NOPAT,
        Row.O_FCF,
        Row.O_CLOUD,
        Row.H_CAP,
        Row.H_REF,
        Row.H_DEP,
        Row.H_SPEND,
        Row.CORE_WO,
        p,
    )
    return programme(p, H, Q, T, grid, zero, s, m)


@njit(cache=True, nogil=True)
def run_paths(
    p,
    split,
    history,
    season,
    share,
    life,
    econ,
    lag,
    adds,
    core_g,
    ai_g,
    grid,
    zero,
    rows,
    metrics,
    out,
    solved,
):  # pragma: no cover
    """Every path, one after the other with one scratch table, without the GIL (the
    caller runs slices of the paths on several threads)."""
    n = p.shape[0]
    T = history.shape[1] + 4 * split.shape[1]
    s = np.empty((NROWS, T + 1))
    for i in range(n):
        solved[i] = path(
            p[i],
            split[i],
            history[i],
            season[i],
            share[i],
            life[i],
            econ[i],
            lag[i],
            adds[i],
            core_g[i],
            ai_g[i],
            grid,
            zero,
            s,
            metrics[i],
        )
        for k in range(rows.shape[0]):
            for t in range(T):
                out[i, k, t] = s[rows[k], t]
