"""The projection: inputs for N paths -> every column and metric of MODEL.md.

``simulate(scenario)`` runs one scenario; ``simulate_inputs(inputs)`` runs N paths
at once with the same code, quarters and paths as array axes (no Python loop).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.model import capex, finance, revenue
from simulator.model.inputs import Inputs
from simulator.model.irr import annual_irr
from simulator.scenario.periods import periods
from simulator.scenario.value import Scenario

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


def simulate(scenario: Scenario) -> Result:
    """Project one scenario: columns as (T,) arrays, metrics as floats or None."""
    batch = simulate_inputs(Inputs.from_scenario(scenario))
    return Result(
        columns={k: v[0] for k, v in batch.columns.items()},
        metrics={k: float(v[0]) for k, v in batch.metrics.items()},
        shares=batch.shares[0],
        periods=periods(scenario.start, scenario.quarters),
        category_names=tuple(c.name for c in scenario.program.categories),
    )


def simulate_inputs(x: Inputs) -> Result:
    """Project N paths at once: columns (N, T) and metrics (N,)."""
    spend = capex.quarterly_total(x.total_capex, x.split)
    cum_capex = np.cumsum(spend, axis=1)
    dep, base, capacity = _in_service(x)
    cols = {
        "capex": spend,
        "cum_capex": cum_capex,
        "depreciation": dep,
        "net_ppe": _less_cumsum(cum_capex, dep),
        "capacity_base": base,
        "capacity_revenue": capacity,
    }
    cols.update(_revenues(x, capacity))
    cols.update(_cash_flows(x, cols["program_revenue"], dep, spend))
    return Result(columns=cols, metrics=_metrics(x, cols), shares=x.share)


def _less_cumsum(total: FloatArray, x: FloatArray) -> FloatArray:
    """total - cumsum(x) along quarters, in the cumulative sum's memory: (N, T)."""
    out = np.cumsum(x, axis=1)
    return np.subtract(total, out, out=out)


def _in_service(x: Inputs) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Depreciation, capacity base and capacity revenue, (N, T) each, in billions.

    Each is a share-weighted sum over categories of the spend in service, so each
    is the yearly spend convolved with one kernel (see :mod:`simulator.model.capex`);
    capacity revenue weighs spend j quarters old by yield / 4 * P[t] / P[t - j].
    """
    t, per_year = x.quarters, capex.yearly_spend(x.total_capex, x.split)
    width = capex.kernel_width(per_year, t)
    weights = (x.share / x.life_q, x.share * x.adds_capacity)
    dep_kernel, base_kernel = capex.kernels(weights, x.lag_q, x.life_q, t, width)
    units_kernel = base_kernel * revenue.price_ratio(x.price_decline, width)
    earning = per_year * (x.yield_[:, None] / 4.0)
    return (
        capex.convolve_years(per_year, capex.kernel_by_year(dep_kernel), t),
        capex.convolve_years(per_year, capex.kernel_by_year(base_kernel), t),
        capex.convolve_years(earning, capex.kernel_by_year(units_kernel), t),
    )


def _revenues(x: Inputs, capacity: FloatArray) -> dict[str, FloatArray]:
    existing = x.base_quarterly * x.ai_share
    core = (x.base_quarterly * (1.0 - x.ai_share))[:, None] * revenue.growth_index(x.core_growth)
    demand = existing[:, None] * revenue.growth_index(x.ai_growth)
    ai = revenue.served_ai_revenue(demand, existing, capacity, x.capacity_constrained)
    program = revenue.program_revenue(demand, existing, capacity)
    cloud = core + ai
    return {
        "core_revenue": core,
        "ai_demand": demand,
        "ai_revenue": ai,
        "unserved_ai_demand": demand - ai,
        "program_revenue": program,
        "cloud_revenue": cloud,
        "cum_program_revenue": np.cumsum(program, axis=1),
        "cum_cloud_revenue": np.cumsum(cloud, axis=1),
    }


def _cash_flows(
    x: Inputs, program: FloatArray, dep: FloatArray, spend: FloatArray
) -> dict[str, FloatArray]:
    ebitda = x.ebitda_margin[:, None] * program
    ebit = ebitda - dep
    tax = x.tax_rate[:, None] * ebit
    nopat = ebit - tax
    fcf = np.add(nopat, dep)
    fcf -= spend
    discounted = fcf * finance.discount_factors(x.discount_rate, x.quarters)
    return {
        "ebitda": ebitda,
        "ebit": ebit,
        "tax": tax,
        "nopat": nopat,
        "fcf": fcf,
        "cum_fcf": np.cumsum(fcf, axis=1),
        "discounted_fcf": discounted,
        "cum_discounted_fcf": np.cumsum(discounted, axis=1),
    }


def _metrics(x: Inputs, c: dict[str, FloatArray]) -> dict[str, FloatArray]:
    residual = np.where(x.residual_value, c["net_ppe"][:, -1], 0.0)
    last_df = (1.0 + x.discount_rate) ** (-x.quarters / 4.0)
    flows = c["fcf"].copy()
    flows[:, -1] += residual
    return {
        "total_capex": c["cum_capex"][:, -1],
        "npv": c["discounted_fcf"].sum(axis=1) + residual * last_df,
        "irr": annual_irr(flows),
        "payback_years": finance.payback_years(c["cum_fcf"]),
        "discounted_payback_years": finance.payback_years(c["cum_discounted_fcf"]),
        "revenue_crossover_years": finance.crossover_years(
            c["cum_capex"], c["cum_program_revenue"]
        ),
        "peak_funding": finance.peak_funding(c["cum_fcf"]),
        "residual_value": residual,
        "cum_program_revenue": c["cum_program_revenue"][:, -1],
        "cum_cloud_revenue": c["cum_cloud_revenue"][:, -1],
        "unserved_ai_demand": c["unserved_ai_demand"].sum(axis=1),
    }
