"""A deliberately plain reference implementation of MODEL.md section 2.

It is the test oracle for the vectorised engine in ``simulator/`` and the
"plain loop" of the benchmark, so it is written independently of the engine,
with explicit Python loops over quarters and categories that follow the
equations literally. It takes the raw scenario dict of MODEL.md section 1 and
assumes it is valid (validation is the engine's job).
"""

from __future__ import annotations

import math

import numpy_financial as npf

COLUMNS: tuple[str, ...] = (
    "capex",
    "cum_capex",
    "depreciation",
    "net_ppe",
    "capacity_base",
    "capacity_revenue",
    "core_revenue",
    "ai_demand",
    "ai_revenue",
    "unserved_ai_demand",
    "program_revenue",
    "cloud_revenue",
    "cum_program_revenue",
    "cum_cloud_revenue",
    "ebitda",
    "ebit",
    "tax",
    "nopat",
    "fcf",
    "cum_fcf",
    "discounted_fcf",
    "cum_discounted_fcf",
)

SUMMARY_KEYS: tuple[str, ...] = (
    "total_capex",
    "npv",
    "irr",
    "payback_years",
    "discounted_payback_years",
    "revenue_crossover_years",
    "peak_funding",
    "residual_value",
    "cum_program_revenue",
    "cum_cloud_revenue",
    "unserved_ai_demand",
)


def reference_periods(start: str, T: int) -> list[str]:
    """Return the ``YYYYQn`` labels of the T quarters starting at ``start``."""
    year = int(start[:4])
    quarter = int(start[5:])
    labels = []
    for t in range(T):
        index = quarter - 1 + t
        labels.append(f"{year + index // 4}Q{index % 4 + 1}")
    return labels


def _cumsum(values: list[float]) -> list[float]:
    """Return the running sum, left to right."""
    out = []
    total = 0.0
    for v in values:
        total += v
        out.append(total)
    return out


def _growth_index(rates: list[float], T: int) -> list[float]:
    """Return G[t] = prod over u = 0..t of (1 + g[min(y(u), len(g) - 1)]) ** (1/4)."""
    out = []
    index = 1.0
    for u in range(T):
        rate = rates[min(u // 4, len(rates) - 1)]
        index *= (1.0 + rate) ** (1.0 / 4.0)
        out.append(index)
    return out


def _payback(cumulative: list[float]) -> float | None:
    """Return (t + 1) / 4 at the first recovery to >= 0 after being < 0; 0 if never < 0."""
    been_negative = False
    for t, value in enumerate(cumulative):
        if value < 0:
            been_negative = True
        elif been_negative:
            return (t + 1) / 4
    return None if been_negative else 0.0


def _irr(flows: list[float]) -> float | None:
    """Return the annual IRR per MODEL.md, or None where it is undefined."""
    biggest = max(abs(f) for f in flows)
    has_positive = any(f > 1e-9 * biggest for f in flows)
    has_negative = any(f < -1e-9 * biggest for f in flows)
    if not (has_positive and has_negative):
        return None
    # sum flows[t] (1+x)^-(t+1) = 0 has the same roots as numpy-financial's
    # sum values[t] (1+x)^-t = 0 (multiply through by (1+x)).
    x = float(npf.irr(flows))
    if math.isnan(x):
        return None
    return (1.0 + x) ** 4 - 1.0


def reference_simulate(doc: dict) -> tuple[dict[str, list[float]], dict[str, float | None]]:
    """Project a raw scenario dict; return (columns, summary) as plain Python values."""
    T = 4 * int(doc["horizon_years"])
    program = doc["program"]
    revenue = doc["revenue"]
    economics = doc["economics"]

    C = float(program["total_capex"])
    split = [float(s) for s in program["year_split"]]
    P_years = len(split)
    categories = program["categories"]

    # Spend per category and quarter.
    capex_k: list[list[float]] = []
    for cat in categories:
        row = []
        for t in range(T):
            y = t // 4
            row.append(C * split[y] * float(cat["share"]) / 4 if y < P_years else 0.0)
        capex_k.append(row)
    capex = []
    for t in range(T):
        total = 0.0
        for k in range(len(categories)):
            total += capex_k[k][t]
        capex.append(total)

    # Price index P[t] = (1 - delta) ** ((t + 1) / 4).
    delta = float(revenue["price_decline"])
    price = [(1.0 - delta) ** ((t + 1) / 4) for t in range(T)]

    # In service, depreciation, capacity base and capacity units.
    depreciation = [0.0] * T
    capacity_base = [0.0] * T
    capacity_units = [0.0] * T
    for k, cat in enumerate(categories):
        life = max(1, math.floor(4 * float(cat["life_years"]) + 0.5))
        lag = int(cat["lag_quarters"])
        adds = bool(cat["adds_capacity"])
        for t in range(T):
            inservice = 0.0
            units = 0.0
            for tau in range(T):
                if lag <= t - tau < lag + life:
                    inservice += capex_k[k][tau]
                    units += capex_k[k][tau] / price[tau]
            depreciation[t] += inservice / life
            if adds:
                capacity_base[t] += inservice
                capacity_units[t] += units

    cum_capex = _cumsum(capex)
    cum_dep = _cumsum(depreciation)
    net_ppe = [cum_capex[t] - cum_dep[t] for t in range(T)]

    # Revenue.
    R0 = float(revenue["base_quarterly"])
    a0 = float(revenue["ai_share"])
    yield_ = float(revenue["yield"])
    constrained = bool(revenue["capacity_constrained"])
    G_core = _growth_index([float(g) for g in revenue["core_growth"]], T)
    G_ai = _growth_index([float(g) for g in revenue["ai_growth"]], T)
    E = R0 * a0

    core_revenue = []
    ai_demand = []
    capacity_revenue = []
    ai_revenue = []
    unserved = []
    program_revenue = []
    cloud_revenue = []
    for t in range(T):
        core = R0 * (1 - a0) * G_core[t]
        demand = R0 * a0 * G_ai[t]
        cap_rev = yield_ / 4 * price[t] * capacity_units[t]
        ai = min(demand, E + cap_rev) if constrained else demand
        core_revenue.append(core)
        ai_demand.append(demand)
        capacity_revenue.append(cap_rev)
        ai_revenue.append(ai)
        unserved.append(demand - ai)
        program_revenue.append(min(max(demand - E, 0.0), cap_rev))
        cloud_revenue.append(core + ai)

    # Economics of the programme.
    margin = float(economics["ebitda_margin"])
    tax_rate = float(economics["tax_rate"])
    r = float(economics["discount_rate"])
    ebitda = []
    ebit = []
    tax = []
    nopat = []
    fcf = []
    discount = []
    discounted_fcf = []
    for t in range(T):
        e = margin * program_revenue[t]
        b = e - depreciation[t]
        x = tax_rate * b
        n = b - x
        f = n + depreciation[t] - capex[t]
        df = (1 + r) ** (-(t + 1) / 4)
        ebitda.append(e)
        ebit.append(b)
        tax.append(x)
        nopat.append(n)
        fcf.append(f)
        discount.append(df)
        discounted_fcf.append(f * df)

    cum_program_revenue = _cumsum(program_revenue)
    cum_cloud_revenue = _cumsum(cloud_revenue)
    cum_fcf = _cumsum(fcf)
    cum_discounted_fcf = _cumsum(discounted_fcf)

    columns: dict[str, list[float]] = {
        "capex": capex,
        "cum_capex": cum_capex,
        "depreciation": depreciation,
        "net_ppe": net_ppe,
        "capacity_base": capacity_base,
        "capacity_revenue": capacity_revenue,
        "core_revenue": core_revenue,
        "ai_demand": ai_demand,
        "ai_revenue": ai_revenue,
        "unserved_ai_demand": unserved,
        "program_revenue": program_revenue,
        "cloud_revenue": cloud_revenue,
        "cum_program_revenue": cum_program_revenue,
        "cum_cloud_revenue": cum_cloud_revenue,
        "ebitda": ebitda,
        "ebit": ebit,
        "tax": tax,
        "nopat": nopat,
        "fcf": fcf,
        "cum_fcf": cum_fcf,
        "discounted_fcf": discounted_fcf,
        "cum_discounted_fcf": cum_discounted_fcf,
    }

    # Summary.
    rv = net_ppe[T - 1] if economics["residual_value"] else 0.0
    npv = 0.0
    for t in range(T):
        npv += discounted_fcf[t]
    npv += rv * discount[T - 1]

    flows = list(fcf)
    flows[T - 1] += rv

    crossover = None
    for t in range(T):
        if cum_capex[t] > 0 and cum_program_revenue[t] >= cum_capex[t]:
            crossover = (t + 1) / 4
            break

    unserved_total = 0.0
    for t in range(T):
        unserved_total += unserved[t]

    summary: dict[str, float | None] = {
        "total_capex": cum_capex[T - 1],
        "npv": npv,
        "irr": _irr(flows),
        "payback_years": _payback(cum_fcf),
        "discounted_payback_years": _payback(cum_discounted_fcf),
        "revenue_crossover_years": crossover,
        "peak_funding": max(0.0, -min(cum_fcf)),
        "residual_value": rv,
        "cum_program_revenue": cum_program_revenue[T - 1],
        "cum_cloud_revenue": cum_cloud_revenue[T - 1],
        "unserved_ai_demand": unserved_total,
    }
    return columns, summary
