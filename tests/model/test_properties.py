"""Properties every projection has, on random valid scenarios (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import scenarios

from simulator import Inputs, Scenario, simulate, simulate_inputs

SETTINGS = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def tolerance(doc: dict) -> float:
    return 1e-9 * max(1.0, doc["program"]["total_capex"])


@SETTINGS
@given(scenarios())
def test_cum_capex_at_horizon_is_spend_inside_it(doc):
    r = simulate(Scenario.from_dict(doc))
    split = doc["program"]["year_split"][: doc["horizon_years"]]
    inside = doc["program"]["total_capex"] * sum(split)
    assert abs(r["cum_capex"][-1] - inside) <= tolerance(doc)
    assert abs(r.summary["total_capex"] - inside) <= tolerance(doc)
    by_category = r.capex_by_category.sum(axis=0)
    np.testing.assert_allclose(by_category, r["capex"], atol=tolerance(doc))


@SETTINGS
@given(scenarios())
def test_book_value_and_depreciation_bounds(doc):
    r = simulate(Scenario.from_dict(doc))
    tol = tolerance(doc)
    assert (r["net_ppe"] >= -tol).all()
    assert (np.cumsum(r["depreciation"]) <= r["cum_capex"] + tol).all()
    assert (r["depreciation"] >= 0).all()


@SETTINGS
@given(scenarios())
def test_revenues_are_consistent(doc):
    r = simulate(Scenario.from_dict(doc))
    assert (r["program_revenue"] >= 0).all()
    assert (r["unserved_ai_demand"] >= -1e-9 * max(1.0, r["ai_demand"].max(initial=0))).all()
    assert (r["program_revenue"] <= r["capacity_revenue"] + 1e-12).all()
    np.testing.assert_allclose(r["cloud_revenue"], r["core_revenue"] + r["ai_revenue"])
    if doc["program"]["total_capex"] == 0:
        assert (r["program_revenue"] == 0).all()


@SETTINGS
@given(scenarios(), st.lists(scenarios(), min_size=1, max_size=6), st.data())
def test_alone_equals_one_path_among_many(doc, others, data):
    """A scenario run alone equals the same scenario run as one path among others."""
    s = Scenario.from_dict(doc)
    # Paths share the horizon and the category count: shape others to match.
    same_shape = [Scenario.from_dict(_reshape(o, doc)) for o in others]
    position = data.draw(st.integers(0, len(same_shape)))
    batch = simulate_inputs(Inputs.stack([*same_shape[:position], s, *same_shape[position:]]))
    alone = simulate(s)
    for name, column in alone.columns.items():
        np.testing.assert_allclose(
            batch.columns[name][position],
            column,
            rtol=1e-12,
            atol=1e-12 * max(1.0, np.abs(column).max(initial=0)),
        )
    for key, value in alone.metrics.items():
        np.testing.assert_allclose(
            batch.metrics[key][position], value, rtol=1e-10, atol=1e-10, equal_nan=True
        )


def _reshape(other: dict, like: dict) -> dict:
    """``other`` with ``like``'s horizon and categories (lives and lags kept random)."""
    out = {**other, "horizon_years": like["horizon_years"]}
    cats = like["program"]["categories"]
    mine = other["program"]["categories"]
    new = [dict(c, life_years=mine[i % len(mine)]["life_years"]) for i, c in enumerate(cats)]
    out["program"] = {**other["program"], "categories": new}
    return out
