"""The engine against hand calculations on small scenarios (see tiny_doc)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import tiny_doc

from simulator import Scenario, simulate

Q = 25.0  # quarterly spend of the tiny scenario


def run(changes: dict | None = None):
    return simulate(Scenario.from_dict(tiny_doc(changes)))


def test_one_category_one_year_lag_zero():
    r = run()
    np.testing.assert_allclose(r["capex"], [Q] * 4 + [0] * 4)
    np.testing.assert_allclose(r["cum_capex"], [25, 50, 75, 100, 100, 100, 100, 100])
    # In service: a quarter's spend counts from its own quarter for 4 quarters.
    np.testing.assert_allclose(r["capacity_base"], [25, 50, 75, 100, 75, 50, 25, 0])
    np.testing.assert_allclose(r["depreciation"], np.array([25, 50, 75, 100, 75, 50, 25, 0]) / 4)
    np.testing.assert_allclose(
        r["net_ppe"], [18.75, 31.25, 37.5, 37.5, 18.75, 6.25, 0, 0], atol=1e-12
    )
    assert r.summary["total_capex"] == pytest.approx(100.0)


def test_lag_delays_service_and_depreciation():
    r = run({"program.categories.0.lag_quarters": 2})
    np.testing.assert_allclose(r["capacity_base"], [0, 0, 25, 50, 75, 100, 75, 50])
    np.testing.assert_allclose(r["depreciation"], np.array([0, 0, 25, 50, 75, 100, 75, 50]) / 4)
    # Book value includes assets not yet in service.
    np.testing.assert_allclose(r["net_ppe"][:2], [25, 50])


def test_life_rounds_to_whole_quarters():
    # 0.6 years -> floor(2.4 + 0.5) = 2 quarters; 0.05 years -> at least 1 quarter.
    r = run({"program.categories.0.life_years": 0.6})
    np.testing.assert_allclose(r["capacity_base"], [25, 50, 50, 50, 25, 0, 0, 0])
    r = run({"program.categories.0.life_years": 0.05})
    np.testing.assert_allclose(r["depreciation"], [25, 25, 25, 25, 0, 0, 0, 0])


def test_capacity_binding():
    # AI demand doubles every two quarters: 50 * 2 ** ((t + 1) / 2); existing E = 50.
    r = run({"revenue.ai_growth": [3.0]})
    t = np.arange(8)
    demand = 50 * 2 ** ((t + 1) / 2)
    capacity = np.array([25, 50, 75, 100, 75, 50, 25, 0.0])  # yield 4 / 4 * units, P = 1
    np.testing.assert_allclose(r["ai_demand"], demand)
    np.testing.assert_allclose(r["capacity_revenue"], capacity)
    np.testing.assert_allclose(r["ai_revenue"], np.minimum(demand, 50 + capacity))
    np.testing.assert_allclose(r["program_revenue"], np.minimum(demand - 50, capacity))
    served = np.minimum(demand, 50 + capacity)
    np.testing.assert_allclose(r["unserved_ai_demand"], demand - served, atol=1e-9)
    assert r["unserved_ai_demand"][-1] > 0  # capacity binds once the assets retire


def test_capacity_not_binding():
    # Demand grows slowly: 50 * 1.1 ** ((t + 1) / 4) - 50 stays below the capacity.
    r = run({"revenue.ai_growth": [0.1]})
    demand = 50 * 1.1 ** ((np.arange(8) + 1) / 4)
    np.testing.assert_allclose(r["ai_revenue"][:7], demand[:7])
    np.testing.assert_allclose(r["program_revenue"][:7], demand[:7] - 50)
    assert r["unserved_ai_demand"][-1] == pytest.approx(demand[-1] - 50)  # capacity 0 at t = 7


def test_constrained_off_serves_all_demand():
    r = run({"revenue.ai_growth": [3.0], "revenue.capacity_constrained": False})
    demand = 50 * 2 ** ((np.arange(8) + 1) / 2)
    np.testing.assert_allclose(r["ai_revenue"], demand)
    np.testing.assert_allclose(r["unserved_ai_demand"], 0)
    # Programme revenue is still limited by the programme's own capacity.
    capacity = np.array([25, 50, 75, 100, 75, 50, 25, 0.0])
    np.testing.assert_allclose(r["program_revenue"], np.minimum(demand - 50, capacity))
    np.testing.assert_allclose(r["cloud_revenue"], 50 + demand)


def test_price_decline_and_capacity_units():
    # delta = 0.19: P[t] = 0.81 ** ((t + 1) / 4); capacity units at today's prices.
    r = run({"revenue.price_decline": 0.19, "revenue.ai_growth": [100.0]})
    t = np.arange(8)
    prices = 0.81 ** ((t + 1) / 4)
    spend = np.array([Q] * 4 + [0.0] * 4)
    units = np.array([sum(spend[u] / prices[u] for u in range(max(0, s - 3), s + 1)) for s in t])
    np.testing.assert_allclose(r["capacity_revenue"], prices * units)  # yield 4 / 4 = 1


def test_zero_capex():
    r = run({"program.total_capex": 0.0, "revenue.ai_growth": [1.0]})
    for name in ("capex", "depreciation", "net_ppe", "program_revenue", "fcf", "cum_fcf"):
        np.testing.assert_array_equal(r[name], 0.0)
    s = r.summary
    assert (s["npv"], s["irr"], s["payback_years"], s["peak_funding"]) == (0.0, None, 0.0, 0.0)
    assert s["revenue_crossover_years"] is None


def test_zero_ai_share():
    r = run({"revenue.ai_share": 0.0, "revenue.ai_growth": [2.0]})
    np.testing.assert_array_equal(r["ai_demand"], 0.0)
    np.testing.assert_array_equal(r["program_revenue"], 0.0)
    np.testing.assert_allclose(r["core_revenue"], 100.0)
    np.testing.assert_allclose(r["fcf"], -r["capex"])  # no revenue, no tax: only the spend


def test_cash_flows_npv_payback_by_hand():
    # Demand 50 -> capacity fully used; margin 0.5, tax 0.2, r = 10 %.
    r = run(
        {
            "revenue.ai_growth": [50.0],
            "economics.ebitda_margin": 0.5,
            "economics.tax_rate": 0.2,
            "economics.discount_rate": 0.1,
        }
    )
    capacity = np.array([25, 50, 75, 100, 75, 50, 25, 0.0])
    dep = capacity / 4
    ebit = 0.5 * capacity - dep
    fcf = 0.8 * ebit + dep - np.array([Q] * 4 + [0.0] * 4)
    np.testing.assert_allclose(r["program_revenue"], capacity)
    np.testing.assert_allclose(r["tax"], 0.2 * ebit)
    np.testing.assert_allclose(r["fcf"], fcf)
    df = 1.1 ** (-(np.arange(8) + 1) / 4)
    assert r.summary["npv"] == pytest.approx(float((fcf * df).sum()))
    cum = np.cumsum(fcf)
    first = int(np.argmax(cum >= 0))
    assert cum.min() < 0 and cum[first] >= 0
    assert r.summary["payback_years"] == (first + 1) / 4
    assert r.summary["peak_funding"] == pytest.approx(-cum.min())


def test_residual_value_counts_book_value_at_the_end():
    r = run(
        {
            "program.categories.0.life_years": 10.0,
            "economics.residual_value": True,
            "economics.discount_rate": 0.21,
        }
    )
    book = 100 - (25 + 50 + 75 + 5 * 100) / 40  # in-service sums / 40-quarter life
    assert r.summary["residual_value"] == pytest.approx(book)
    df_end = 1.21 ** (-8 / 4)
    assert r.summary["npv"] == pytest.approx(float(r["discounted_fcf"].sum()) + book * df_end)


def test_spend_after_horizon_is_dropped():
    r = run({"horizon_years": 1, "program.year_split": [0.5, 0.5]})
    assert r.summary["total_capex"] == pytest.approx(50.0)
    assert len(r.periods) == 4


def test_growth_holds_last_rate():
    r = run({"horizon_years": 3, "revenue.core_growth": [0.21, 0.44]})
    g = np.repeat([1.21, 1.44, 1.44], 4) ** 0.25
    np.testing.assert_allclose(r["core_revenue"], 50 * np.cumprod(g))
    assert r["core_revenue"][3] == pytest.approx(50 * 1.21)
    assert r["core_revenue"][11] == pytest.approx(50 * 1.21 * 1.44**2)


def test_periods_roll_over_years():
    r = run({"start": "2025Q3"})
    assert r.periods == [
        "2025Q3",
        "2025Q4",
        "2026Q1",
        "2026Q2",
        "2026Q3",
        "2026Q4",
        "2027Q1",
        "2027Q2",
    ]


def test_crossover_by_hand():
    r = run({"revenue.ai_growth": [50.0]})
    cum_rev, cum_capex = np.cumsum(r["program_revenue"]), np.cumsum(r["capex"])
    hits = np.flatnonzero((cum_capex > 0) & (cum_rev >= cum_capex))
    assert r.summary["revenue_crossover_years"] == (hits[0] + 1) / 4
    assert math.isclose(r["cum_program_revenue"][-1], 400.0)
