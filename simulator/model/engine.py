"""The projection: inputs for N paths -> every column and metric of docs/model.md.

``simulate(scenario)`` runs one scenario; ``simulate_inputs(inputs)`` runs N paths
at once with the same code, quarters and paths as array axes (no Python loop over
either). The company is run twice, with and without the programme; the programme's
columns are the difference, the company-level columns the with run's.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from simulator.model import analyst, fused, spend, valuation
from simulator.model.fleet import fleet
from simulator.model.inputs import Inputs
from simulator.model.kernels import Kernels, kernels
from simulator.model.result import Result
from simulator.model.revenue import Demand, demand
from simulator.model.runs import RUN_COLUMNS, Run, Spent, run
from simulator.scenario.periods import periods
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]


def simulate(scenario: Scenario) -> Result:
    """Project one scenario: columns as (T,) arrays, metrics as floats or None.

    Runs the compiled engine once it is ready (:func:`simulator.model.fused.warm_up`;
    the same numbers to 1e-12, in a tenth of the time), else the NumPy engine."""
    x = Inputs.from_scenario(scenario)
    batch = fused.result(x) if fused.available() else simulate_inputs(x)
    return Result(
        columns={k: v[0] for k, v in batch.columns.items()},
        metrics={k: float(v[0]) for k, v in batch.metrics.items()},
        shares=batch.shares[0],
        periods=periods(scenario.first_period, scenario.quarters),
        category_names=tuple(c.name for c in scenario.program.categories),
        history=batch.history,
    )


def simulate_inputs(x: Inputs) -> Result:
    """Project N paths at once: columns (N, T) and metrics (N,) (docs/model.md)."""
    t = x.quarters
    kern = kernels(x, t)
    programme = _spent(spend.programme(x), kern, x)
    history = _spent(spend.history(x), kern, x)
    existing = fleet(x, t)
    need = demand(x, t)
    with_run = run(x, history + programme, existing, need.core_with, need.ai)
    without = run(x, history, existing, need.core_without, need.ai)
    cols = _programme_columns(x, programme, with_run, without, need)
    cols.update(analyst.columns(x, with_run, cols["nopat"], cols["net_ppe"]))
    tv = valuation.terminal_value(x, cols["fcf"], cols["ebitda"], cols["net_ppe"])
    cols["terminal_value"] = np.zeros_like(cols["fcf"])
    cols["terminal_value"][:, -1] = tv
    metrics = valuation.metrics(x, cols, tv)
    metrics.update(_run_values(x, with_run, without, cols["discount_factor"]))
    metrics["total_refresh_capex"] = cols["refresh_capex"].sum(axis=1)
    metrics.update(analyst.metrics(x, cols))
    metrics["gordon_clipped"] = valuation.gordon_growth(x)[1]
    for name in RUN_COLUMNS:
        cols[f"with_{name}"] = with_run.column(name)
        cols[f"without_{name}"] = without.column(name)
    del cols["discount_factor"]
    return Result(columns=cols, metrics=metrics, shares=x.share, history=x.history_quarters)


def _spent(blocks: spend.Blocks, kern: Kernels, x: Inputs) -> Spent:
    """What a spend series gives through the kernels (revenue capacity = yield / 4 x)."""
    t = x.quarters
    capacity = spend.convolve(blocks, kern.capacity, t)
    capacity *= (x.yield_ / 4.0)[:, None]
    return Spent(
        spend=blocks.quarterly(t),
        capacity=capacity,
        base=spend.convolve(blocks, kern.base, t),
        refresh=spend.convolve(blocks, kern.refresh, t),
        depreciation=spend.convolve(blocks, kern.depreciation, t),
    )


def _programme_columns(
    x: Inputs, p: Spent, with_run: Run, without: Run, need: Demand
) -> dict[str, FloatArray]:
    """MODEL.md's columns as the programme's (with minus without) and the with run's."""
    q = x.history_quarters
    served = with_run.ai_served - without.ai_served
    core = with_run.core_revenue - without.core_revenue
    program = served + core
    fixed = x.fixed_cost[:, None] * p.capacity
    ebitda = x.ebitda_margin[:, None] * served + x.core_margin[:, None] * core - fixed
    ebit = ebitda - p.depreciation
    tax = x.tax_rate[:, None] * ebit
    nopat = ebit - tax
    fcf = np.add(nopat, p.depreciation)
    fcf -= p.spend
    fcf -= p.refresh
    cum_capex = valuation.plan_cumsum(p.spend, q)
    df = valuation.discount_factors(x)
    discounted = fcf * df
    cloud = with_run.cloud_revenue
    return {
        "capex": p.spend,
        "cum_capex": cum_capex,
        "depreciation": p.depreciation,
        "net_ppe": np.cumsum(p.spend + p.refresh, axis=1) - np.cumsum(p.depreciation, axis=1),
        "capacity_base": p.base,
        "capacity_revenue": p.capacity,
        "core_revenue": with_run.core_revenue,
        "ai_demand": need.ai,
        "ai_revenue": with_run.ai_revenue,
        "unserved_ai_demand": need.ai - with_run.ai_revenue,
        "program_revenue": program,
        "cloud_revenue": cloud,
        "cum_program_revenue": valuation.plan_cumsum(program, q),
        "cum_cloud_revenue": valuation.plan_cumsum(cloud, q),
        "ebitda": ebitda,
        "ebit": ebit,
        "tax": tax,
        "nopat": nopat,
        "fcf": fcf,
        "cum_fcf": valuation.plan_cumsum(fcf, q),
        "discounted_fcf": discounted,
        "cum_discounted_fcf": valuation.plan_cumsum(discounted, q),
        "refresh_capex": p.refresh,
        "fixed_cost": fixed,
        "seasonal_factor": need.seasonal,
        "discount_factor": df,
    }


def _run_values(x: Inputs, with_run: Run, without: Run, df: FloatArray) -> dict[str, FloatArray]:
    """NPV of each run, with its own terminal value (their difference is the NPV)."""
    out = {}
    for name, r in (("npv_with", with_run), ("npv_without", without)):
        book = np.cumsum(r.capex - r.depreciation, axis=1)
        tv = valuation.terminal_value(x, r.fcf, r.ebitda, book)
        out[name] = valuation.npv(r.fcf, tv, x, df)
    return out
