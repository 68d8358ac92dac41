"""One path of the model in plain loops, compiled by numba (the parts of :mod:`fused`).

Every function here computes, for one path, what the NumPy engine computes for all
paths at once (docs/model.md sections 3-6), in the same order of operations where
that matters for rounding. They are only called from :func:`simulator.model.fused_run`
(compiled); the NumPy engine stays the reference they are tested against.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

FloatArray = np.ndarray


@njit(cache=True)
def kernels(
    share, life, econ, lag, adds, delta, ramp, rho, T, GK, GB, GR, GD, theta, rp
):  # pragma: no cover - compiled
    """The four composite vintage kernels of one path (section 4), into GK..GD (T,);
    ``theta`` and ``rp`` (rho ** g) are filled as tables on the way."""
    rp[0] = 1.0
    for g in range(1, rp.shape[0]):
        rp[g] = rp[g - 1] * rho
    quarter = (1.0 - delta) ** 0.25  # theta(j) = quarter ** j, within j ulps of the pow
    theta[0] = 1.0
    for j in range(T):
        if j > 0:
            theta[j] = theta[j - 1] * quarter
        GK[j] = 0.0
        GB[j] = 0.0
        GR[j] = 0.0
        GD[j] = 0.0
    for k in range(share.shape[0]):
        m, d, e, L = share[k], lag[k], econ[k], life[k]
        a = 1.0 if adds[k] else 0.0
        for j in range(T):
            age = j - d
            if age >= 0:
                g = age // e
                weight = min(1.0, (age + 1.0) / ramp) if g == 0 else rp[g]
                GK[j] += m * (a * theta[j] * weight)
                GB[j] += m * (a * (rp[g] * theta[g * e]))
            if j >= e and j % e == 0:
                GR[j] += m * (a * rp[j // e] * theta[j])
            if age >= 0:
                newest = age // e
                total = 0.0
                back = 0
                while True:
                    g = newest - back
                    if g < 0:
                        break
                    if age - g * e < L:
                        if g == 0:
                            total += 1.0
                        else:
                            total += a * rp[g] * theta[g * e]
                    elif back > 0:
                        break
                    back += 1
                GD[j] += m * (total / L)


@njit(cache=True)
def running(kernel, T, out):  # pragma: no cover - compiled
    """out[i] = sum of kernel[:i], i = 0..T."""
    out[0] = 0.0
    for i in range(T):
        out[i + 1] = out[i] + kernel[i]


@njit(cache=True)
def convolve_blocks(amounts, starts, width, run, T, window, out):  # pragma: no cover
    """out[t] = sum over blocks b of amounts[b] * (run[t-s+1] - run[t-s-w+1]), clipped:
    blocks of ``width`` quarters from ``starts``; ``window`` (T,) is scratch."""
    for i in range(T):
        window[i] = run[min(i + 1, T)] - run[max(i - width + 1, 0)]
        out[i] = 0.0
    for b in range(amounts.shape[0]):
        a = amounts[b]
        if a == 0.0:
            continue
        s = starts[b]
        for t in range(s, T):
            out[t] += a * window[t - s]


@njit(cache=True)
def geometric(count, lt):  # pragma: no cover - compiled
    """sum over i = 0..count-1 of exp(i lt): expm1(count lt) / expm1(lt), or count."""
    if lt == 0.0:
        return count
    return math.expm1(count * lt) / math.expm1(lt)


@njit(cache=True)
def fleet_ages(
    e0, share, adds, lag, econ, life, delta, yld, rp, T, cap, refresh, dep, spent, runsum
):  # pragma: no cover - compiled
    """The ``ages`` fleet of one path (section 5): capacity, refresh spend, depreciation.

    ``rp`` is the table rho ** g; exp(i lt) and the geometric sums are tabled per
    category, so each is computed once rather than per quarter."""
    K = share.shape[0]
    total = 0.0
    for k in range(K):
        total += share[k] * (1.0 if adds[k] else 0.0)
    lt = math.log1p(-delta) / 4.0
    size = 0.0
    for k in range(K):
        w = share[k] * (1.0 if adds[k] else 0.0) / total if total > 0 else 0.0
        size += w * (math.exp(lag[k] * lt) * geometric(float(econ[k]), lt))
    size *= yld / 4.0
    e = e0 / size if size > 0 else 0.0
    for t in range(T):
        cap[t] = 0.0
        refresh[t] = 0.0
        dep[t] = 0.0
    for k in range(K):
        w = share[k] * (1.0 if adds[k] else 0.0) / total if total > 0 else 0.0
        scale = e * w
        E, L = float(econ[k]), float(life[k])
        span = T + lag[k] + 2 * econ[k] + 2
        ex = np.empty(span)  # exp(i lt) by products: within i ulps of the exp
        step = math.exp(lt)
        ex[0] = 1.0
        for i in range(1, span):
            ex[i] = ex[i - 1] * step
        geo = np.empty(econ[k] + 1)  # sum of exp(i lt), i < n (the closed form's series)
        geo[0] = 0.0
        for i in range(1, econ[k] + 1):
            geo[i] = geo[i - 1] + ex[i - 1]
        for t in range(T):
            tt = float(t)
            g0 = math.floor((tt + 1.0) / E)
            first_end = min(tt + E, (g0 + 1.0) * E - 1.0)
            n1 = int(first_end - tt)
            n2 = econ[k] - n1
            start1 = t + lag[k] + 1
            part = rp[int(g0)] * ex[start1] * geo[n1]
            if n2 > 0:
                part += rp[int(g0) + 1] * ex[start1 + n1] * geo[n2]
            cap[t] += scale * (yld / 4.0) * part
            g = (t + lag[k]) // econ[k] + 1
            spent[t] = scale * rp[g] * ex[g * econ[k]]
            refresh[t] += spent[t]
        runsum[0] = 0.0
        for t in range(T):
            runsum[t + 1] = runsum[t] + spent[t]
        for t in range(T):
            hi = min(max(t - lag[k] + 1, 0), T)
            lo = min(max(t - lag[k] - life[k] + 1, 0), T)
            dep[t] += (runsum[hi] - runsum[lo]) / L


@njit(cache=True)
def growth(rates, H, Q, first_rate, T, out):  # pragma: no cover - compiled
    """G[t] = prod over u <= t of quarterly factors: the plan year's rate, or
    ``first_rate`` in the history quarters."""
    g = 1.0
    before = (1.0 + first_rate) ** 0.25
    factor = before
    for t in range(T):
        if t >= Q and (t - Q) % 4 == 0:
            factor = (1.0 + rates[min((t - Q) // 4, H - 1)]) ** 0.25
        g *= factor
        out[t] = g
