"""Version 2's mechanisms on hand-computed cases (docs/model.md sections 3-9)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import tiny_v2

from simulator import Scenario, simulate

REFRESH = {"capacity.refresh": True, "capacity.refresh_share": 1.0}


def run(changes: dict | None = None):
    return simulate(Scenario.from_dict(tiny_v2(changes)))


def test_a_refresh_restores_the_retiring_capacity():
    """25 a quarter for a year, life 1 year, no lag, no price decline: each quarter's
    vintage retires after 4 quarters and is bought again, so capacity never falls."""
    plain, refreshed = run(), run(REFRESH)
    full = 4.0 / 4 * 100  # yield 4 a year, a quarter of it, on 100 in service
    np.testing.assert_allclose(plain["capacity_revenue"], [25, 50, 75, 100, 75, 50, 25, 0])
    np.testing.assert_allclose(
        refreshed["capacity_revenue"], [25, 50, 75, full, full, full, full, full]
    )
    # The refresh spend is the retiring vintage again, at the price compute has then.
    np.testing.assert_allclose(refreshed["refresh_capex"], [0, 0, 0, 0, 25, 25, 25, 25])
    np.testing.assert_allclose(refreshed["depreciation"], [6.25, 12.5, 18.75, 25, 25, 25, 25, 25])


def test_a_refresh_costs_what_compute_costs_then():
    """With prices falling 20 % a year, a refresh one year on costs 0.8 of the original and
    restores the compute, whose revenue capacity has fallen by the same 0.8."""
    r = run({**REFRESH, "revenue.price_decline": 0.2})
    np.testing.assert_allclose(r["refresh_capex"][4:], 25 * 0.8)
    theta = 0.8 ** (np.arange(8) / 4)
    # Every vintage (refreshed or not) earns yield / 4 * theta(age) per unit of spend.
    expected = [
        sum(25 * theta[t - tau] for tau in range(max(0, t - 3), min(t, 3) + 1)) for t in range(4)
    ]
    np.testing.assert_allclose(r["capacity_revenue"][:4], expected)
    np.testing.assert_allclose(r["capacity_revenue"][4:], r["capacity_revenue"][3] * theta[1:5])


def test_share_refreshed_scales_the_replacement():
    r = run({"capacity.refresh": True, "capacity.refresh_share": 0.5})
    np.testing.assert_allclose(r["refresh_capex"], [0, 0, 0, 0, 12.5, 12.5, 12.5, 12.5])
    np.testing.assert_allclose(r["capacity_revenue"][4:], [87.5, 75, 62.5, 50])


def test_the_ramp_spreads_new_capacity_over_r_quarters():
    r = run({"revenue.ramp_quarters": 2.0, "horizon_years": 1})
    # Vintage of quarter tau earns 12.5 in its first quarter, 25 after.
    np.testing.assert_allclose(r["capacity_revenue"], [12.5, 37.5, 62.5, 87.5])


def test_the_without_run_equals_a_scenario_with_no_programme():
    changes = {**REFRESH, "revenue.ai_share": 0.3, "history": {"capex": {"2024Q4": 40.0}}}
    s = Scenario.from_dict(tiny_v2(changes))
    zero = s.with_field("program.total_capex", 0.0)
    with_, none = simulate(s), simulate(zero)
    for name in ("capex", "capacity", "ai_revenue", "cloud_revenue", "ebitda", "fcf"):
        np.testing.assert_allclose(with_[f"without_{name}"], none[f"with_{name}"], rtol=1e-12)


def test_a_zero_programme_is_worth_exactly_nothing():
    changes = {**REFRESH, "capacity.existing": "ages", "economics.fixed_cost": 0.2}
    s = Scenario.from_dict(tiny_v2(changes)).with_field("program.total_capex", 0.0)
    for method in ("none", "book", "gordon", "multiple"):
        r = simulate(
            s.with_fields({"economics.terminal.method": method, "economics.discount_rate": 0.1})
        )
        assert r.metrics["npv"] == 0.0
        assert (r["fcf"] == 0).all() and (r["program_revenue"] == 0).all()


def test_attribution_moves_only_the_without_run():
    base = Scenario.from_dict(tiny_v2({"revenue.core_growth": [0.2]}))
    credited = base.with_field("economics.attribution", 0.5)
    a, b = simulate(base), simulate(credited)
    np.testing.assert_array_equal(a["with_core_revenue"], b["with_core_revenue"])
    np.testing.assert_array_equal(a["with_capacity"], b["with_capacity"])
    assert (b["without_core_revenue"] < a["without_core_revenue"]).all()
    growth = (1 + 0.2 * 0.5) ** (np.arange(1, 9) / 4)
    np.testing.assert_allclose(b["without_core_revenue"], 50 * growth)
    # The programme is credited the core growth it enables, at the core margin.
    extra = b["program_revenue"] - a["program_revenue"]
    np.testing.assert_allclose(extra, b["with_core_revenue"] - b["without_core_revenue"])


def test_terminal_values_by_hand():
    s = Scenario.from_dict(tiny_v2({"economics.discount_rate": 0.1, "economics.fixed_cost": 0.0}))
    book = simulate(s)
    gordon = simulate(
        s.with_fields(
            {
                "economics.terminal.method": "gordon",
                "economics.terminal.growth": 0.02,
                "economics.terminal.years": 1,
            }
        )
    )
    fcf = gordon["fcf"]
    tv = 4 * fcf[-4:].mean() * 1.02 / (0.1 - 0.02)
    assert gordon.metrics["residual_value"] == pytest.approx(tv, rel=1e-12)
    df = 1.1 ** (-8 / 4)
    assert gordon.metrics["npv"] == pytest.approx(
        (fcf * 1.1 ** (-(np.arange(8) + 1) / 4)).sum() + tv * df, rel=1e-12
    )
    multiple = simulate(
        s.with_fields({"economics.terminal.method": "multiple", "economics.terminal.multiple": 6.0})
    )
    assert multiple.metrics["residual_value"] == pytest.approx(
        6.0 * multiple["ebitda"][-4:].sum(), rel=1e-12
    )
    assert book.metrics["residual_value"] == pytest.approx(book["net_ppe"][-1], rel=1e-12)
    none = simulate(s.with_field("economics.terminal.method", "none"))
    assert none.metrics["residual_value"] == 0.0
    # Payback never counts the terminal value; the IRR's last flow does.
    assert gordon.summary["payback_years"] == none.summary["payback_years"]


def test_seasonality_is_normalised_and_moves_demand_not_utilisation():
    flat = run({"revenue.seasonality": [1.0, 1.0, 1.0, 1.0]})
    same = run({"revenue.seasonality": [1.2, 1.2, 1.2, 1.2]})  # any scale gives the same
    np.testing.assert_allclose(same["cloud_revenue"], flat["cloud_revenue"], rtol=1e-9)
    seasonal = run({"revenue.seasonality": [0.9, 1.0, 1.0, 1.1]})
    s = seasonal["seasonal_factor"]
    assert s.mean() == pytest.approx(1.0) and list(s[:4]) == pytest.approx([0.9, 1.0, 1.0, 1.1])
    np.testing.assert_allclose(seasonal["ai_demand"] / flat["ai_demand"], s / 1.1 * 1.0)
    assert np.nanmax(seasonal["utilisation"]) <= 1.0


def test_existing_fleet_ages_retires_and_is_refreshed():
    """50 of AI revenue served before the start; the fleet of 1-year vintages retires
    over four quarters without a refresh and stays whole with one."""
    ages = {"capacity.existing": "ages", "program.total_capex": 0.0}
    retiring = run(ages)
    np.testing.assert_allclose(retiring["with_capacity"], [37.5, 25, 12.5, 0, 0, 0, 0, 0])
    kept = run({**ages, **REFRESH})
    np.testing.assert_allclose(kept["with_capacity"], 50.0)
    np.testing.assert_allclose(kept["with_refresh_capex"], 12.5)  # a quarter of the fleet a quarter
    flat = run({"program.total_capex": 0.0})
    np.testing.assert_allclose(flat["with_capacity"], 50.0)  # held flat, free
    assert (flat["with_capex"] == 0).all()


def test_fixed_cost_makes_idle_capacity_cost_money():
    idle = {"revenue.ai_growth": [-0.5], "economics.fixed_cost": 0.4}
    r = run(idle)
    np.testing.assert_allclose(r["fixed_cost"], 0.4 * r["capacity_revenue"])
    np.testing.assert_allclose(r["ebitda"], 1.0 * r["program_revenue"] - r["fixed_cost"])


def test_history_spend_is_in_both_runs_and_not_in_the_programme():
    r = run({"history": {"capex": {"2024Q3": 10.0, "2024Q4": 20.0}}})
    assert r.periods[:3] == ["2024Q3", "2024Q4", "2025Q1"]
    np.testing.assert_allclose(r["with_capex"][:2], [10, 20])
    np.testing.assert_allclose(r["without_capex"][:2], [10, 20])
    np.testing.assert_allclose(r["capex"][:2], 0.0)
    assert r["cum_fcf"][:2].tolist() == [0.0, 0.0] and r["discounted_fcf"][:2].tolist() == [
        0.0,
        0.0,
    ]
    plain = run()
    assert r.metrics["total_capex"] == plain.metrics["total_capex"]
