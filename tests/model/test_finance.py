"""IRR, NPV and payback rules against numpy-financial and hand cases."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import random_variant

from simulator import Inputs, Scenario, simulate, simulate_inputs
from simulator.model.finance import crossover_years, payback_years, peak_funding
from simulator.model.irr import annual_irr, sign_changes
from simulator.model.roots import nearest_roots, polynomial_irr


def npf_annual_irr(flows: np.ndarray) -> float:
    x = npf.irr(flows)
    return float((1 + x) ** 4 - 1)


@pytest.mark.parametrize(
    "flows",
    [
        [-100, 39, 59, 55, 20],
        [-100, 0, 0, 74],
        [-100, 100, 0, -7],
        [-100, 100, 0, 7],
        [-5, 10.5, 1, -8, 1],
        [0, 0, -10, 3, 3, 3, 3, 3],
        [10, -30, 25],
        [-1, 1e-12, 1, 1],
    ],
)
def test_irr_matches_numpy_financial(flows):
    got = annual_irr(np.array([flows], float))[0]
    assert got == pytest.approx(npf_annual_irr(np.array(flows, float)), abs=1e-10, nan_ok=True)


def test_irr_null_rules():
    flows = np.array(
        [
            [1.0, 2.0, 3.0],  # never negative
            [-1.0, -2.0, 0.0],  # never positive
            [0.0, 0.0, 0.0],  # all zero
            [-100.0, 1e-8, 0.0],  # the only positive flow is rounding noise
            [1.0, -3.0, 3.0],  # sign changes but no real root: 1 - 3y + 3y^2 > 0
        ]
    )
    assert np.isnan(annual_irr(flows)).all()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.just(0.0), st.floats(1e-3, 100), st.floats(-100, -1e-3)),
        min_size=2,
        max_size=40,
    )
)
def test_irr_random_flows_match_numpy_financial(flows):
    f = np.array(flows)
    scale = np.abs(f).max()
    got = annual_irr(f[None, :])[0]
    if scale == 0 or not ((f > 1e-9 * scale).any() and (f < -1e-9 * scale).any()):
        assert np.isnan(got)
        return
    expected = npf_annual_irr(f)
    if not np.isnan(expected):
        assert got == pytest.approx(expected, rel=1e-8, abs=1e-8)
    elif not np.isnan(got):  # numpy-financial's roots failed numerically: check ours
        terms = f * (1 + got) ** (-np.arange(1, f.size + 1) / 4)
        assert abs(terms.sum()) <= 1e-9 * np.abs(terms).sum()
        assert sign_changes(f[None, :])[0] == 1  # found by the one-sign-change solver


def test_sign_changes_skip_zeros():
    f = np.array([[0, -1, 0, 0, 2, 0, -3], [0, 0, 0, 0, 0, 0, 1], [-1, -2, 0, 3, 4, 0, 0]])
    assert sign_changes(f).tolist() == [2, 0, 1]


def test_payback_rules():
    cum = np.array(
        [
            [-3.0, -1.0, 0.0, 2.0],  # recovers at t = 2 (>= 0 counts)
            [1.0, 2.0, 3.0, 4.0],  # never negative -> 0
            [-1.0, -2.0, -1.0, -0.5],  # never recovers -> NaN
            [-1.0, 1.0, -1.0, 2.0],  # first recovery counts
            [0.0, 0.0, 0.0, 0.0],
        ]
    )
    got = payback_years(cum)
    assert got[0] == 0.75 and got[1] == 0.0 and np.isnan(got[2]) and got[3] == 0.5
    assert got[4] == 0.0
    assert peak_funding(cum).tolist() == [3.0, 0.0, 2.0, 1.0, 0.0]


def test_crossover_rule():
    cum_capex = np.array([[0.0, 10.0, 20.0, 20.0], [0.0, 0.0, 0.0, 0.0]])
    cum_rev = np.array([[0.0, 5.0, 20.0, 30.0], [1.0, 2.0, 3.0, 4.0]])
    got = crossover_years(cum_capex, cum_rev)
    assert got[0] == 0.75 and np.isnan(got[1])


def random_docs(n: int, seed: int) -> list[dict]:
    """n random valid variations of the MODEL.md example (same horizon and categories)."""
    rng = np.random.default_rng(seed)
    return [random_variant(rng) for _ in range(n)]


@pytest.mark.parametrize("seed", range(4))
def test_npv_and_irr_against_numpy_financial(seed):
    for doc in random_docs(50, seed):
        r = simulate(Scenario.from_dict(doc))
        rate_q = (1 + doc["economics"]["discount_rate"]) ** 0.25 - 1
        flows = r["fcf"].copy()
        flows[-1] += r.summary["residual_value"]
        # MODEL.md discounts quarter t by t + 1 quarters: prepend a zero flow at t = 0.
        assert r.summary["npv"] == pytest.approx(
            npf.npv(rate_q, np.r_[0.0, flows]), rel=1e-9, abs=1e-9
        )
        expected = npf_annual_irr(flows)
        scale = np.abs(flows).max()
        defined = (flows > 1e-9 * scale).any() and (flows < -1e-9 * scale).any()
        if not defined or np.isnan(expected):
            assert r.summary["irr"] is None
        else:
            assert r.summary["irr"] == pytest.approx(expected, rel=1e-8, abs=1e-10)


def test_batched_irr_equals_one_by_one():
    scenarios = [Scenario.from_dict(d) for d in random_docs(40, 99)]
    batch = simulate_inputs(Inputs.stack(scenarios))
    alone = [simulate(s).metrics["irr"] for s in scenarios]
    # Equal up to the last bits BLAS may order differently for one row or many.
    np.testing.assert_allclose(batch.metrics["irr"], alone, rtol=1e-11, atol=1e-13)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=3, max_size=60))
def test_the_grid_root_equals_numpy_financials_rule_on_several_sign_changes(values):
    """Flows with several sign changes: the root nearest 0, as all polynomial roots give it."""
    flows = np.array([values], dtype=float)
    tiny = (flows != 0) & (np.abs(flows) < 1e-6 * np.abs(flows).max(initial=0.0))
    if sign_changes(flows)[0] < 2 or tiny.any():  # denormal flows: no polynomial to compare
        return
    with np.errstate(all="ignore"):
        expected = polynomial_irr(flows[0])
    got = nearest_roots(flows)[0]
    if np.isnan(expected):
        assert np.isnan(got) or abs(npv_at(flows[0], got)) <= 1e-9 * np.abs(flows).sum()
    else:
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12) or (
            abs(got) < abs(expected) + 1e-12
            and abs(npv_at(flows[0], got)) <= 1e-9 * np.abs(flows).sum()
        )


def npv_at(flows: np.ndarray, x: float) -> float:
    return float(np.sum(flows * (1.0 + x) ** -(np.arange(flows.size) + 1.0)))
