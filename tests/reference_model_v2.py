"""An independent reference implementation of docs/model.md (the projection model, v2).

Written from the document alone (and, for the version 1 rules it points to, from
MODEL.md), never from ``simulator/model`` or ``simulator/analysis``: plain loops over
quarters, categories, vintages and generations, clarity before speed. Section numbers
in the comments are docs/model.md's.

:func:`reference` takes a scenario document (a dict; a version 1 document is migrated
first) and returns every exported column of section 10 (lists, one entry per quarter
t = 0 .. T-1, history first; NaN where undefined) and every metric of section 8.

Where the document leaves a choice open the choice made here is marked ``CHOICE`` and
listed in the report that came with this file.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulator.scenario.migrations import migrate

NAN = float("nan")
GORDON_MARGIN = 0.005  # section 1: g <= r - 0.005 with the gordon method
BENCHMARK = "2025Q3"  # section 8


# --------------------------------------------------------------------------- time


def period_number(label: str) -> int:
    """Quarters since year 0 of a ``YYYYQn`` label."""
    year, quarter = label.split("Q")
    return int(year) * 4 + int(quarter) - 1


def period_text(number: int) -> str:
    """The ``YYYYQn`` label of a quarter count."""
    return f"{number // 4}Q{number % 4 + 1}"


# --------------------------------------------------------------------------- inputs


@dataclass
class Cat:
    """One category with the section 3 symbols."""

    name: str
    m: float  # share
    L: int  # depreciation life, quarters
    E: int  # economic life, quarters
    d: int  # lag, quarters
    a: int  # 1 if it adds capacity


@dataclass
class Model:
    """The inputs of one scenario, in the document's symbols."""

    H: int
    Q: int
    T: int
    first_period: int  # period number of t = 0
    C: float
    split: list[float]
    cats: list[Cat]
    history: list[float]
    R0: float
    a0: float
    g_core: list[float]
    g_ai: list[float]
    constrained: bool
    yld: float
    delta: float
    R: float
    S_raw: list[float]
    existing: str
    rho: float
    m: float
    m_c: float
    f: float
    alpha: float
    tax_rate: float
    r: float
    method: str
    growth: float
    years: int
    multiple: float
    labels: list[str] = field(default_factory=list)


def quarters_of(years: float) -> int:
    """max(1, floor(4 * years + 0.5)) (section 3)."""
    return max(1, math.floor(4 * years + 0.5))


def read(doc: dict[str, Any]) -> Model:
    doc = migrate(doc)
    H = int(doc["horizon_years"])
    start = period_number(doc["start"])
    hist = doc.get("history")
    if hist is None:
        history: list[float] = []
    else:
        items = sorted(hist["capex"].items(), key=lambda kv: period_number(kv[0]))
        history = [float(v) for _, v in items]
    Q = len(history)
    T = Q + 4 * H
    prog = doc["program"]
    cats = []
    for c in prog["categories"]:
        econ = c["economic_life_years"]
        cats.append(
            Cat(
                name=c["name"],
                m=float(c["share"]),
                L=quarters_of(c["life_years"]),
                E=quarters_of(c["life_years"] if econ is None else econ),
                d=int(c["lag_quarters"]),
                a=1 if c["adds_capacity"] else 0,
            )
        )
    rev = doc["revenue"]
    cap = doc["capacity"]
    eco = doc["economics"]
    term = eco["terminal"]
    model = Model(
        H=H,
        Q=Q,
        T=T,
        first_period=start - Q,
        C=float(prog["total_capex"]),
        split=[float(s) for s in prog["year_split"]],
        cats=cats,
        history=history,
        R0=float(rev["base_quarterly"]),
        a0=float(rev["ai_share"]),
        g_core=[float(g) for g in rev["core_growth"]],
        g_ai=[float(g) for g in rev["ai_growth"]],
        constrained=bool(rev["capacity_constrained"]),
        yld=float(rev["yield"]),
        delta=float(rev["price_decline"]),
        R=float(rev["ramp_quarters"]),
        S_raw=[float(s) for s in rev["seasonality"]],
        existing=cap["existing"],
        rho=float(cap["refresh_share"]) if cap["refresh"] else 0.0,
        m=float(eco["ebitda_margin"]),
        m_c=float(eco["core_margin"]),
        f=float(eco["fixed_cost"]),
        alpha=float(eco["attribution"]),
        tax_rate=float(eco["tax_rate"]),
        r=float(eco["discount_rate"]),
        method=term["method"],
        growth=float(term["growth"]),
        years=int(term["years"]),
        multiple=float(term["multiple"]),
    )
    model.labels = [period_text(model.first_period + t) for t in range(T)]
    return model


# --------------------------------------------------------------------------- section 2/3


def plan_year(md: Model, t: int) -> int:
    """y(t) = floor((t - Q) / 4), negative in the history."""
    return (t - md.Q) // 4


def calendar_quarter(md: Model, t: int) -> int:
    """q(t) in 1..4 (t may be negative: t = -1 is the quarter before t = 0)."""
    return (md.first_period + t) % 4 + 1


def theta(md: Model, j: float) -> float:
    """Price ratio over j quarters."""
    return (1.0 - md.delta) ** (j / 4.0)


def ramp(md: Model, age: int) -> float:
    """u(a) = min(1, (a + 1) / R)."""
    return min(1.0, (age + 1) / md.R)


def seasonal(md: Model, q: int) -> float:
    """S(q): the factor of calendar quarter q normalised to average 1 (section 6)."""
    mean = sum(md.S_raw) / 4.0
    return md.S_raw[q - 1] / mean


def programme_spend(md: Model) -> list[float]:
    out = []
    for t in range(md.T):
        y = plan_year(md, t)
        out.append(md.C * md.split[y] / 4.0 if 0 <= y < len(md.split) else 0.0)
    return out


def history_spend(md: Model) -> list[float]:
    return [md.history[t] if t < md.Q else 0.0 for t in range(md.T)]


# --------------------------------------------------------------------------- section 4


def generation(k: Cat, j: int) -> int:
    """g with d + g E <= j < d + (g + 1) E (j >= d)."""
    return (j - k.d) // k.E


def W(md: Model, k: Cat, j: int) -> float:
    """Capacity weight of a vintage of age j (its generations)."""
    if j < k.d:
        return 0.0
    g = generation(k, j)
    if g == 0:
        return ramp(md, j - k.d)
    return md.rho**g


def kernel_K(md: Model, k: Cat, j: int) -> float:
    return k.a * (md.yld / 4.0) * theta(md, j) * W(md, k, j)


def kernel_B(md: Model, k: Cat, j: int) -> float:
    total = 0.0
    g = 0
    while k.d + g * k.E <= j:
        if j < k.d + (g + 1) * k.E:
            total += md.rho**g * theta(md, g * k.E)
        g += 1
    return k.a * total


def kernel_R(md: Model, k: Cat, j: int) -> float:
    total = 0.0
    g = 1
    while g * k.E <= j:
        if j == g * k.E:
            total += md.rho**g * theta(md, g * k.E)
        g += 1
    return k.a * total


def kernel_D(md: Model, k: Cat, j: int) -> float:
    total = 0.0
    g = 0
    while k.d + g * k.E <= j:
        w = 1.0 if g == 0 else k.a * md.rho**g * theta(md, g * k.E)
        if j < k.d + g * k.E + k.L:
            total += w
        g += 1
    return total / k.L


KERNELS = {"K": kernel_K, "B": kernel_B, "R": kernel_R, "D": kernel_D}


def kernel(md: Model, kind: str) -> list[float]:
    """KX(j) = sum_k m_k kX_k(j), j = 0 .. T-1."""
    fn = KERNELS[kind]
    out = []
    for j in range(md.T):
        total = 0.0
        for k in md.cats:
            total += k.m * fn(md, k, j)
        out.append(total)
    return out


def convolve(c: list[float], K: list[float]) -> list[float]:
    """(c * K)[t] = sum over tau = 0..t of c[tau] K(t - tau)."""
    out = []
    for t in range(len(c)):
        total = 0.0
        for tau in range(t + 1):
            total += c[tau] * K[t - tau]
        out.append(total)
    return out


# --------------------------------------------------------------------------- section 5


@dataclass
class Fleet:
    X: list[float]  # capacity
    xR: list[float]  # refresh spend  # noqa: N815 (the document's symbols)
    xD: list[float]  # depreciation of that refresh spend  # noqa: N815
    E0: float
    e: float


def E0_of(md: Model) -> float:
    """E0 = R0 a0 / S(q(-1))."""
    return md.R0 * md.a0 / seasonal(md, calendar_quarter(md, -1))


def fleet_weights(md: Model) -> list[float]:
    M = sum(k.m * k.a for k in md.cats)
    return [(k.m * k.a / M) if M > 0 else 0.0 for k in md.cats]


def fleet_e(md: Model, E0: float) -> float:
    w = fleet_weights(md)
    denominator = 0.0
    for k, wk in zip(md.cats, w, strict=True):
        G = 0.0
        for j in range(k.d, k.d + k.E):
            G += theta(md, j)
        denominator += wk * G
    denominator *= md.yld / 4.0
    return 0.0 if denominator == 0 else E0 / denominator


def fleet(md: Model) -> Fleet:
    """Section 5, as literal sums over the fleet's implicit vintages and generations."""
    T = md.T
    E0 = E0_of(md)
    if md.existing == "held_flat":
        return Fleet([E0] * T, [0.0] * T, [0.0] * T, E0, 0.0)
    e = fleet_e(md, E0)
    w = fleet_weights(md)
    X = [0.0] * T
    xR = [0.0] * T
    xD = [0.0] * T
    for k, wk in zip(md.cats, w, strict=True):
        if wk == 0.0:
            continue
        spend = e * wk
        for tau in range(-k.d - k.E, -k.d):  # the E_k vintages of the fleet
            # capacity: every generation, fully ramped (V_k)
            for t in range(T):
                j = t - tau
                g = generation(k, j)
                X[t] += spend * (md.yld / 4.0) * theta(md, j) * md.rho**g
            # refreshes bought at t >= 0 and their depreciation
            g = 1
            while tau + g * k.E < T:
                bought = tau + g * k.E
                if bought >= 0:
                    cost = spend * md.rho**g * theta(md, g * k.E)
                    xR[bought] += cost
                    for t in range(bought + k.d, min(T, bought + k.d + k.L)):
                        xD[t] += cost / k.L
                g += 1
    return Fleet(X, xR, xD, E0, e)


def fleet_closed_form(md: Model) -> Fleet:
    """Section 5's closed forms (used only to check them against :func:`fleet`)."""
    T = md.T
    E0 = E0_of(md)
    if md.existing == "held_flat":
        return Fleet([E0] * T, [0.0] * T, [0.0] * T, E0, 0.0)
    e = fleet_e(md, E0)
    w = fleet_weights(md)
    X, xR, xD = [], [], []
    xR_k = [[0.0] * T for _ in md.cats]
    for t in range(T):
        total = 0.0
        for k, wk in zip(md.cats, w, strict=True):
            s = 0.0
            for j in range(t + k.d + 1, t + k.d + k.E + 1):
                s += theta(md, j) * md.rho ** generation(k, j)
            total += wk * s
        X.append(e * (md.yld / 4.0) * total)
        for i, (k, wk) in enumerate(zip(md.cats, w, strict=True)):
            g = (t + k.d) // k.E + 1
            xR_k[i][t] = e * wk * md.rho**g * theta(md, g * k.E)
        xR.append(sum(xR_k[i][t] for i in range(len(md.cats))))
    for t in range(T):
        total = 0.0
        for i, k in enumerate(md.cats):
            s = 0.0
            for tau in range(t + 1):
                if k.d <= t - tau < k.d + k.L:
                    s += xR_k[i][tau]
            total += s / k.L
        xD.append(total)
    return Fleet(X, xR, xD, E0, e)


# --------------------------------------------------------------------------- section 6


def growth_index(md: Model, rates: list[float], history_rate: float | None = None) -> list[float]:
    """G[t] = prod over u = 0..t of (1 + g[z(u)]) ** (1/4); the history quarters grow at
    ``history_rate`` (default the first year's rate: section 6)."""
    out = []
    G = 1.0
    for u in range(md.T):
        z = min(max(0, plan_year(md, u)), len(rates) - 1)
        g = history_rate if plan_year(md, u) < 0 and history_rate is not None else rates[z]
        G *= (1.0 + g) ** 0.25
        out.append(G)
    return out


@dataclass
class Run:
    c: list[float]
    K: list[float]
    A: list[float]
    core: list[float]
    D: list[float]
    ai: list[float]
    U: list[float]
    cloud: list[float]
    util: list[float]
    r: list[float]
    capex: list[float]
    dep: list[float]
    ebitda: list[float]
    ebit: list[float]
    tax: list[float]
    nopat: list[float]
    fcf: list[float]
    ppe: list[float]


def run(md: Model, c: list[float], core_rates: list[float], kernels: dict, fl: Fleet) -> Run:
    T = md.T
    s0 = seasonal(md, calendar_quarter(md, -1))
    G_core = growth_index(md, core_rates, history_rate=md.g_core[0])
    G_ai = growth_index(md, md.g_ai)
    cK = convolve(c, kernels["K"])
    cR = convolve(c, kernels["R"])
    cD = convolve(c, kernels["D"])
    out = Run(*[[] for _ in range(18)])
    out.c = list(c)
    ppe = 0.0
    for t in range(T):
        S = seasonal(md, calendar_quarter(md, t))
        core = md.R0 * (1.0 - md.a0) / s0 * G_core[t] * S
        D = md.R0 * md.a0 / s0 * G_ai[t] * S
        K = cK[t] + fl.X[t]
        A = min(D, K)
        ai = A if md.constrained else D
        U = D - ai
        cloud = core + ai
        util = A / K if K != 0 else NAN
        r = cR[t] + fl.xR[t]
        capex = c[t] + r
        dep = cD[t] + fl.xD[t]
        Kc = K - fl.E0 if md.existing == "held_flat" else K
        ebitda = md.m * A + md.m_c * core - md.f * Kc
        ebit = ebitda - dep
        tax = md.tax_rate * ebit
        nopat = ebit - tax
        fcf = nopat + dep - capex
        ppe += capex - dep
        for name, value in (
            ("K", K),
            ("A", A),
            ("core", core),
            ("D", D),
            ("ai", ai),
            ("U", U),
            ("cloud", cloud),
            ("util", util),
            ("r", r),
            ("capex", capex),
            ("dep", dep),
            ("ebitda", ebitda),
            ("ebit", ebit),
            ("tax", tax),
            ("nopat", nopat),
            ("fcf", fcf),
            ("ppe", ppe),
        ):
            getattr(out, name).append(value)
    return out


# --------------------------------------------------------------------------- section 7/8


def terminal(md: Model, fcf: list[float], ebitda: list[float], book: float) -> tuple[float, int]:
    """TV at the end of t = T - 1 on one series, and whether g was clipped."""
    T = md.T
    if md.method == "none":
        return 0.0, 0
    if md.method == "book":
        return book, 0
    if md.method == "gordon":
        k = min(md.years, md.H)
        window = fcf[T - 4 * k : T]
        F = 4.0 * (sum(window) / len(window))
        g, clipped = md.growth, 0
        if g > md.r - GORDON_MARGIN:  # CHOICE: strict; the file rules allow 1e-12 slack
            g, clipped = md.r - GORDON_MARGIN, 1
        return F * (1.0 + g) / (md.r - g), clipped
    if md.method == "multiple":
        return md.multiple * sum(ebitda[T - 4 : T]), 0
    raise ValueError(md.method)


def polish(flows: list[float], v: float) -> float:
    """Newton steps on p(v) = sum_n flows[n] v^n from a root of np.roots, kept while
    they reduce |p|: np.roots loses the small roots' digits when the last flows are
    tiny against the first (a badly scaled companion matrix)."""

    def p_and_dp(v: float) -> tuple[float, float]:
        p, dp = 0.0, 0.0
        for f in reversed(flows):  # Horner
            dp = dp * v + p
            p = p * v + f
        return p, dp

    best_v, best_p = v, abs(p_and_dp(v)[0])
    for _ in range(50):
        p, dp = p_and_dp(best_v)
        if dp == 0 or p == 0:
            break
        candidate = best_v - p / dp
        value = abs(p_and_dp(candidate)[0]) if candidate > 0 else math.inf
        if not value < best_p:
            break
        best_v, best_p = candidate, value
    return best_v


def irr(flows: list[float]) -> float:
    """MODEL.md's IRR: annual rate from the quarterly root nearest 0.

    The roots as numpy-financial's ``irr`` finds them (``np.roots``, real and positive
    in v = 1 / (1 + x)), each polished by Newton's method on the same polynomial.
    """
    biggest = max((abs(v) for v in flows), default=0.0)
    if not any(v > 1e-9 * biggest for v in flows) or not any(v < -1e-9 * biggest for v in flows):
        return NAN
    # sum_n flows[n] (1 + x)^-(n+1) = 0  <=>  sum_n flows[n] v^n = 0 with v = 1 / (1 + x)
    roots = np.roots(list(reversed(flows)))
    best = None
    for root in roots:
        if root.imag == 0 and root.real > 0:
            x = 1.0 / polish(flows, float(root.real)) - 1.0
            if best is None or abs(x) < abs(best):
                best = x
    if best is None:
        return NAN
    return (1.0 + best) ** 4 - 1.0


def sign_changes(flows: list[float]) -> int:
    """Sign changes between consecutive non-zero flows.

    CHOICE: "non-zero" as in MODEL.md's IRR rule, where rounding noise is not a sign
    change: a flow counts when |flow| > 1e-9 * max|flows|.
    """
    biggest = max((abs(v) for v in flows), default=0.0)
    signs = [1 if v > 0 else -1 for v in flows if abs(v) > 1e-9 * biggest]
    return sum(1 for a, b in itertools.pairwise(signs) if a != b)


def payback(cum: list[float]) -> float:
    """MODEL.md: (n + 1) / 4 at the first recovery to >= 0 after < 0; 0 if never < 0."""
    was_negative = False
    for n, v in enumerate(cum):
        if v < 0:
            was_negative = True
        elif was_negative:
            return (n + 1) / 4.0
    return NAN if was_negative else 0.0


def crossover(cum_capex: list[float], cum_revenue: list[float]) -> float:
    for n, (cap, rev) in enumerate(zip(cum_capex, cum_revenue, strict=True)):
        if cap > 0 and rev >= cap:
            return (n + 1) / 4.0
    return NAN


def benchmark_quarter(md: Model) -> int:
    """2025Q3 "when it is modelled", else the plan's first year-end t = Q + 3.

    CHOICE: "modelled" is read as "its trailing twelve months are modelled" (t >= 3,
    history quarters included): the benchmark covers the twelve months to Sep-25.
    Read as "one of the T quarters", a plan starting 2025Q1 without history would
    benchmark at t = 2, where the trailing figures are undefined.
    """
    if BENCHMARK in md.labels and md.labels.index(BENCHMARK) >= 3:
        return md.labels.index(BENCHMARK)
    return md.Q + 3


def trailing(values: list[float], t: int) -> float:
    return values[t - 3] + values[t - 2] + values[t - 1] + values[t]


def reference(doc: dict[str, Any]) -> dict[str, Any]:
    """Every column (section 10, as lists) and metric (section 8) of ``doc``."""
    md = read(doc)
    T, Q = md.T, md.Q
    kernels = {kind: kernel(md, kind) for kind in KERNELS}
    fl = fleet(md)
    c_P = programme_spend(md)
    c_H = history_spend(md)
    c_with = [h + p for h, p in zip(c_H, c_P, strict=True)]
    w = run(md, c_with, md.g_core, kernels, fl)
    wo = run(md, c_H, [(1.0 - md.alpha) * g for g in md.g_core], kernels, fl)

    # ---- the programme (section 7)
    refresh = convolve(c_P, kernels["R"])
    dep = convolve(c_P, kernels["D"])
    base = convolve(c_P, kernels["B"])
    cap_rev = convolve(c_P, kernels["K"])
    cols: dict[str, list[float]] = {}
    net_ppe, ppe = [], 0.0
    prog_rev, fixed, ebitda, ebit, tax, nopat, fcf = [], [], [], [], [], [], []
    for t in range(T):
        ppe += c_P[t] + refresh[t] - dep[t]
        net_ppe.append(ppe)
        dA = w.A[t] - wo.A[t]
        dcore = w.core[t] - wo.core[t]
        prog_rev.append(dA + dcore)
        fixed.append(md.f * cap_rev[t])
        e_ = md.m * dA + md.m_c * dcore - fixed[t]
        ebitda.append(e_)
        ebit.append(e_ - dep[t])
        tax.append(md.tax_rate * ebit[t])
        nopat.append(ebit[t] - tax[t])
        fcf.append(nopat[t] + dep[t] - c_P[t] - refresh[t])

    DF = [(1.0 + md.r) ** (-(t - Q + 1) / 4.0) if t >= Q else 0.0 for t in range(T)]
    disc = [fcf[t] * DF[t] if t >= Q else 0.0 for t in range(T)]

    def cumulative(x: list[float]) -> list[float]:
        out, total = [], 0.0
        for t in range(T):
            if t >= Q:
                total += x[t]
                out.append(total)
            else:
                out.append(0.0)
        return out

    cols["capex"] = c_P
    cols["cum_capex"] = cumulative(c_P)
    cols["depreciation"] = dep
    cols["net_ppe"] = net_ppe
    cols["capacity_base"] = base
    cols["capacity_revenue"] = cap_rev
    cols["core_revenue"] = w.core
    cols["ai_demand"] = w.D
    cols["ai_revenue"] = w.ai
    cols["unserved_ai_demand"] = w.U
    cols["program_revenue"] = prog_rev
    cols["cloud_revenue"] = w.cloud
    cols["cum_program_revenue"] = cumulative(prog_rev)
    cols["cum_cloud_revenue"] = cumulative(w.cloud)
    cols["ebitda"] = ebitda
    cols["ebit"] = ebit
    cols["tax"] = tax
    cols["nopat"] = nopat
    cols["fcf"] = fcf
    cols["cum_fcf"] = cumulative(fcf)
    cols["discounted_fcf"] = disc
    cols["cum_discounted_fcf"] = cumulative(disc)
    by_category = {k.name: [k.m * c_P[t] for t in range(T)] for k in md.cats}
    cols["refresh_capex"] = refresh
    cols["fixed_cost"] = fixed

    # ---- terminal value
    TV, clipped = terminal(md, fcf, ebitda, net_ppe[T - 1])
    TV_with, _ = terminal(md, w.fcf, w.ebitda, w.ppe[T - 1])
    TV_without, _ = terminal(md, wo.fcf, wo.ebitda, wo.ppe[T - 1])
    cols["terminal_value"] = [0.0] * (T - 1) + [TV]

    # ---- analyst columns
    cols["seasonal_factor"] = [seasonal(md, calendar_quarter(md, t)) for t in range(T)]
    cols["utilisation"] = list(w.util)
    intensity, per_capex, roic, margin = [], [], [], []
    for t in range(T):
        if t >= 3:
            rev4 = trailing(w.cloud, t)
            intensity.append(trailing(w.capex, t) / rev4 if rev4 != 0 else NAN)
        else:
            intensity.append(NAN)
        if t >= 4:
            cap4 = trailing(w.capex, t)
            per_capex.append(4.0 * (w.cloud[t] - w.cloud[t - 4]) / cap4 if cap4 != 0 else NAN)
        else:
            per_capex.append(NAN)
        if t >= Q + 3:
            mean_ppe = trailing(net_ppe, t) / 4.0
            roic.append(trailing(nopat, t) / mean_ppe if mean_ppe > 0 else NAN)
        else:
            roic.append(NAN)
        # CHOICE: undefined without cloud revenue (the document is silent)
        margin.append(w.ebit[t] / w.cloud[t] if w.cloud[t] != 0 else NAN)
    cols["capex_intensity"] = intensity
    cols["revenue_per_capex"] = per_capex
    cols["roic"] = roic
    cols["ebit_margin"] = margin
    for prefix, rn in (("with_", w), ("without_", wo)):
        cols[prefix + "capex"] = rn.capex
        cols[prefix + "refresh_capex"] = rn.r
        cols[prefix + "depreciation"] = rn.dep
        cols[prefix + "capacity"] = rn.K
        cols[prefix + "ai_served"] = rn.A
        cols[prefix + "core_revenue"] = rn.core
        cols[prefix + "ai_revenue"] = rn.ai
        cols[prefix + "cloud_revenue"] = rn.cloud
        cols[prefix + "ebitda"] = rn.ebitda
        cols[prefix + "ebit"] = rn.ebit
        cols[prefix + "tax"] = rn.tax
        cols[prefix + "nopat"] = rn.nopat
        cols[prefix + "fcf"] = rn.fcf

    # ---- metrics (section 8), over the plan quarters
    plan = range(Q, T)
    last_DF = DF[T - 1]
    npv_explicit = sum(disc[t] for t in plan)
    flows = [fcf[t] for t in plan]
    flows[-1] += TV
    util_plan = [w.util[t] for t in plan if not math.isnan(w.util[t])]
    cum_fcf_plan = [cols["cum_fcf"][t] for t in plan]
    bench = benchmark_quarter(md)
    metrics = {
        "total_capex": cols["cum_capex"][T - 1],
        "npv": npv_explicit + TV * last_DF,
        "irr": irr(flows),
        "payback_years": payback(cum_fcf_plan),
        "discounted_payback_years": payback([cols["cum_discounted_fcf"][t] for t in plan]),
        "revenue_crossover_years": crossover(
            [cols["cum_capex"][t] for t in plan], [cols["cum_program_revenue"][t] for t in plan]
        ),
        "peak_funding": max(0.0, -min(cum_fcf_plan)),
        "residual_value": TV,
        "cum_program_revenue": cols["cum_program_revenue"][T - 1],
        "cum_cloud_revenue": cols["cum_cloud_revenue"][T - 1],
        "unserved_ai_demand": sum(w.U[t] for t in plan),
        "npv_explicit": npv_explicit,
        "terminal_value_pv": TV * last_DF,
        "npv_with": sum(w.fcf[t] * DF[t] for t in plan) + TV_with * last_DF,
        "npv_without": sum(wo.fcf[t] * DF[t] for t in plan) + TV_without * last_DF,
        "irr_sign_changes": float(sign_changes(flows)),
        "total_refresh_capex": sum(refresh),
        "mean_utilisation": sum(util_plan) / len(util_plan) if util_plan else NAN,
        "capex_intensity": intensity[bench],
        "revenue_per_capex": per_capex[bench],
        "ebit_margin": margin[bench],
        "roic": roic[T - 1],
        "gordon_clipped": float(clipped),
    }
    return {
        "periods": md.labels,
        "columns": cols,
        "capex_by_category": by_category,
        "metrics": metrics,
        "flows": flows,
        "fleet": fl,
        "benchmark": bench,
        "Q": Q,
        "DF": DF[Q:],
    }
