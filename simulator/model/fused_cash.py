"""One path's cash, valuation and IRR in plain loops, compiled by numba (parts of :mod:`fused`).

Mirrors :mod:`simulator.model.finance`, :mod:`valuation`, :mod:`analyst` and the IRR
rule of :mod:`irr` / :mod:`roots` for one path (docs/model.md sections 7-8).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

NAN = np.nan


@njit(cache=True)
def payback(cum, start, T):  # pragma: no cover - compiled
    """MODEL.md's payback on cum[start:]: 0 if never below 0, NaN if never recovers."""
    first_below = -1
    for t in range(start, T):
        if cum[t] < 0:
            first_below = t
            break
    if first_below < 0:
        return 0.0
    for t in range(first_below + 1, T):
        if cum[t] >= 0:
            return (t - start + 1) / 4.0
    return NAN


@njit(cache=True)
def crossover(cum_capex, cum_rev, start, T):  # pragma: no cover - compiled
    """First plan quarter with cumulative capex > 0 and revenue >= it, in years."""
    for t in range(start, T):
        if cum_capex[t] > 0 and cum_rev[t] >= cum_capex[t]:
            return (t - start + 1) / 4.0
    return NAN


@njit(cache=True)
def terminal(method, growth, years, multiple, r, H, fcf, ebitda, book_last, T):  # pragma: no cover
    """The terminal value (section 7) of one series."""
    if method == 1:
        return book_last
    if method == 2:
        k = min(years, H)
        total = 0.0
        for t in range(T - 4 * k, T):
            total += fcf[t]
        normal = 4.0 * total / (4.0 * k)
        g = min(growth, r - 0.005)
        return normal * (1.0 + g) / (r - g)
    if method == 3:
        total = 0.0
        for t in range(T - 4, T):
            total += ebitda[t]
        return multiple * total
    return 0.0


@njit(cache=True)
def scaled_npv(f, n, u):  # pragma: no cover - compiled
    """sum_t f_t u ** (n - 1 - t) by Horner: NPV's sign at 1 + x = u (> 0)."""
    s = 0.0
    for t in range(n):
        s = s * u + f[t]
    return s


@njit(cache=True)
def refine(f, n, a, b):  # pragma: no cover - compiled
    """The root of NPV in the bracket [a, b] (rates): Newton steps on the scaled NPV,
    bisection where a step would leave the bracket; the same root as roots._refine
    (both narrow the bracket to rounding)."""
    fa = scaled_npv(f, n, 1.0 + a)
    x = 0.5 * (a + b)
    for _ in range(100):
        value, slope = npv_and_slope(f, n, 1.0 + x)
        if value == 0.0:
            return x
        if np.sign(value) == np.sign(fa):
            a, fa = x, value
        else:
            b = x
        step = value / slope if slope != 0.0 else math.inf
        new = x - step
        if not (min(a, b) < new < max(a, b)):
            new = 0.5 * (a + b)
        if abs(new - x) <= 1e-15 * max(1.0, abs(x)) or abs(b - a) <= 1e-15 * max(1.0, abs(a)):
            return new
        x = new
    return x


@njit(cache=True)
def npv_and_slope(f, n, u):  # pragma: no cover - compiled
    """scaled_npv and its derivative in u, by one Horner pass."""
    value = 0.0
    slope = 0.0
    for t in range(n):
        slope = slope * u + value
        value = value * u + f[t]
    return value, slope


@njit(cache=True)
def nearest_root(f, n, grid, zero):  # pragma: no cover - compiled
    """The quarterly rate nearest 0 where NPV is 0 (roots.nearest_roots for one path);
    NaN with ``found`` False when the grid shows no sign change.

    Both sides of 0 are read outward together, nearest |x| first, and a side stops
    once its next bracket starts beyond a root already found: the same root as reading
    every grid point (the first bracket on each side, the refined root of smaller |x|,
    ties going up), in a few grid points for the usual one-root flows.
    """
    s0 = np.sign(scaled_npv(f, n, 1.0 + grid[zero]))
    if s0 == 0:
        return 0.0, True
    up = down = NAN
    hi, lo = zero + 1, zero - 1
    s_hi = s_lo = s0
    best = math.inf
    while True:
        up_open = math.isnan(up) and hi < grid.shape[0] and grid[hi - 1] <= best
        down_open = math.isnan(down) and lo >= 0 and -grid[lo + 1] <= best
        if not (up_open or down_open):
            break
        if up_open and (not down_open or grid[hi] <= -grid[lo]):
            s = np.sign(scaled_npv(f, n, 1.0 + grid[hi]))
            if s * s_hi < 0:
                up = refine(f, n, grid[hi - 1], grid[hi])
                best = min(best, abs(up))
            s_hi = s
            hi += 1
        else:
            s = np.sign(scaled_npv(f, n, 1.0 + grid[lo]))
            if s * s_lo < 0:
                down = refine(f, n, grid[lo], grid[lo + 1])
                best = min(best, abs(down))
            s_lo = s
            lo -= 1
    if math.isnan(up) and math.isnan(down):
        return NAN, False
    if math.isnan(down) or (math.isfinite(up) and abs(up) <= abs(down)):
        return up, True
    return down, True


@njit(cache=True)
def annual_irr(flows, n, grid, zero):  # pragma: no cover - compiled
    """(annual IRR, solved): NaN and True where undefined; NaN and False where no
    method here found a root (the caller solves that path's polynomial).

    As :func:`simulator.model.irr.annual_irr`: one strict sign change, the one root by
    Halley steps on log P - log Q; several, the grid's nearest bracketed root."""
    scale = 0.0
    for t in range(n):
        scale = max(scale, abs(flows[t]))
    pos = neg = False
    for t in range(n):
        pos = pos or flows[t] > 1e-9 * scale
        neg = neg or flows[t] < -1e-9 * scale
    if not (pos and neg):
        return NAN, True
    f = flows[:n] / scale
    x = NAN
    if strict_changes(f, n) == 1:
        x = single_root(f, n)
    if math.isnan(x):
        x, found = nearest_root(f, n, grid, zero)
        if not found:
            u_high, u_low = 1.0 / (1.0 + grid[-1]), 1.0 / (1.0 + grid[0])
            return NAN, not beyond_grid_possible(f, n, u_high, u_low)
    return (1.0 + x) ** 4 - 1.0, True


@njit(cache=True)
def beyond_grid_possible(f, n, u_high, u_low):  # pragma: no cover - compiled
    """roots.beyond_grid_possible for one path: False where bounds rule out a root of
    NPV above the grid (u <= u_high) and below it (u >= u_low)."""
    m, last = -1, -1
    for t in range(n):
        if f[t] != 0.0:
            if m < 0:
                m = t
            last = t
    if m < 0:
        return False
    later = 0.0
    for t in range(m + 1, n):
        later += abs(f[t]) * u_high ** (t - m)
    earlier = 0.0
    for t in range(last):
        earlier += abs(f[t]) * (1.0 / u_low) ** (last - t)
    return abs(f[m]) <= later or abs(f[last]) <= earlier


@njit(cache=True)
def strict_changes(f, n):  # pragma: no cover - compiled
    """Sign changes between consecutive non-zero values (no noise threshold)."""
    last, count = 0.0, 0
    for t in range(n):
        s = np.sign(f[t])
        if s != 0:
            if last != 0 and s != last:
                count += 1
            last = s
    return count


@njit(cache=True)
def single_root(f, n):  # pragma: no cover - compiled
    """The quarterly rate of flows with one sign change (f scaled to max |f| = 1), as
    irr._Ratio finds it: z = -log(1 + x) solves h(z) = log P(z) - log Q(z) = 0, P and Q
    the positive and negative flows weighted by e^{z t}; a Householder step from 0,
    then Halley steps inside the bracket. NaN where the weights under- or overflow."""
    sign = 1.0
    for t in range(n):
        if f[t] != 0.0:
            sign = -1.0 if f[t] > 0 else 1.0
            break
    z, lo, hi = 0.0, -math.inf, math.inf
    h = np.empty(4)
    for i in range(100):
        if not gaps(f, n, sign, z, h):
            return NAN
        lo = max(z if h[0] < 0 else lo, z - abs(h[0]))
        hi = min(z if h[0] > 0 else hi, z + abs(h[0]))
        d1, d2 = h[1], h[2]
        halley = -2.0 * h[0] * d1 / (2.0 * d1 * d1 - h[0] * d2)
        new = 0.5 * (lo + hi)
        newton = -h[0] / d1
        if lo < z + newton < hi:
            new = z + newton
        if lo < z + halley < hi:
            new = z + halley
        if i == 0:
            top = 6.0 * h[0] * d1 * d1 - 3.0 * h[0] * h[0] * d2
            house = -top / (6.0 * d1**3 - 6.0 * h[0] * d1 * d2 + h[0] * h[0] * h[3])
            if lo < z + house < hi:
                new = z + house
        size = max(1.0, abs(new))
        error = abs(halley) ** 3 * (1.0 + (0.5 * d2 / d1) ** 2)
        settled = new == z + halley and error <= 1e-17 * size
        z = new
        if settled or hi - lo <= 4e-16 * size or h[0] == 0.0:
            return math.exp(-z) - 1.0
    return math.exp(-z) - 1.0


@njit(cache=True)
def gaps(f, n, sign, z, h):  # pragma: no cover - compiled
    """h(z) and its first three derivatives (cumulant gaps of P and Q) into ``h``;
    False where a side's weights vanish or overflow."""
    reach = 0.5 * (n - 1)
    ratio = math.exp(z)
    e = math.exp(-z * reach - abs(z) * reach)  # every weight <= 1: no overflow
    p0 = p1 = p2 = p3 = q0 = q1 = q2 = q3 = 0.0
    for t in range(n):
        w = sign * f[t] * e
        u = t - reach
        if w > 0:
            p0 += w
            p1 += w * u
            p2 += w * u * u
            p3 += w * u * u * u
        elif w < 0:
            q0 -= w
            q1 -= w * u
            q2 -= w * u * u
            q3 -= w * u * u * u
        e *= ratio
    if not (p0 > 0 and q0 > 0 and math.isfinite(p0) and math.isfinite(q0)):
        return False
    mp, mq = p1 / p0, q1 / q0
    sp, sq = p2 / p0, q2 / q0
    h[0] = math.log(p0) - math.log(q0)
    h[1] = mp - mq
    h[2] = (sp - mp * mp) - (sq - mq * mq)
    h[3] = (p3 / p0 - 3.0 * mp * sp + 2.0 * mp**3) - (q3 / q0 - 3.0 * mq * sq + 2.0 * mq**3)
    return True


@njit(cache=True)
def sign_changes(flows, n):  # pragma: no cover - compiled
    """Sign changes between consecutive flows, flows within 1e-9 of the largest as 0."""
    scale = 0.0
    for t in range(n):
        scale = max(scale, abs(flows[t]))
    last, count = 0.0, 0
    for t in range(n):
        v = flows[t] if abs(flows[t]) > 1e-9 * scale else 0.0
        s = np.sign(v)
        if s != 0:
            if last != 0 and s != last:
                count += 1
            last = s
    return float(count)


@njit(cache=True)
def ratio(top, bottom):  # pragma: no cover - compiled
    """top / bottom, NaN where the bottom is 0 or the quotient is not finite."""
    if bottom == 0.0:
        return NAN
    q = top / bottom
    return q if math.isfinite(q) else NAN


@njit(cache=True)
def trailing(values, t):  # pragma: no cover - compiled
    """Sum of values[t-3..t] (the caller checks t >= 3)."""
    return values[t - 3] + values[t - 2] + values[t - 1] + values[t]
