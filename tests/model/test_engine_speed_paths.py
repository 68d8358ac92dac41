"""The fast paths of the engine against slower, obviously correct computations.

The one-sign-change IRR solver against numpy-financial on random and hard flows,
the sign-change shortcut against the counting rule, and the per-path kernel
convolution (lives and lags varying per path) against one-path runs.
"""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from conftest import MODEL_EXAMPLE

from simulator import Inputs, Scenario, simulate_inputs
from simulator.model.irr import annual_irr, one_sign_change, sign_changes


def _spend_then_returns(rng: np.random.Generator, n: int, t: int) -> np.ndarray:
    """(n, t) flows: negative, then positive, magnitudes over many decades, some zeros."""
    f = np.abs(rng.normal(size=(n, t))) * np.exp(rng.normal(0.0, 3.0, (n, t)))
    m = rng.integers(1, t, n)
    f *= np.where(np.arange(t)[None, :] < m[:, None], -1.0, 1.0)
    f[rng.random((n, t)) < 0.2] = 0.0
    f[rng.random(n) < 0.3] *= -1.0
    return f


@pytest.mark.parametrize("quarters", [2, 5, 40, 120])
def test_single_change_irr_matches_numpy_financial(quarters: int) -> None:
    flows = _spend_then_returns(np.random.default_rng(quarters), 300, quarters)
    got = annual_irr(flows)
    for f, g in zip(flows, got, strict=True):
        x = npf.irr(f)
        if np.isnan(x) or not ((f > 1e-9 * np.abs(f).max()).any() and (f < 0).any()):
            continue
        expected = (1 + x) ** 4 - 1
        assert g == pytest.approx(expected, rel=1e-8, abs=1e-10)


def test_hard_flows_give_roots() -> None:
    """Rates near -100% or very large: still a root where the flows change sign once."""
    flows = [
        [-1.0, 0.05, 0.0, 0.0],  # x near -1
        [-1e-2, 1e6, 1e6, 1e6],  # a huge rate
        [-1.0] + [0.0] * 118 + [1e-6],  # one small return after 30 years
        [-5.0, 5.0],  # exactly zero
    ]
    for row in flows:
        f = np.array(row)
        g = float(annual_irr(f[None, :])[0])
        q = (1.0 + g) ** 0.25
        terms = f * q ** -np.arange(1.0, f.size + 1)
        assert np.isfinite(g)
        assert abs(terms.sum()) <= 1e-9 * np.abs(terms).sum()
    assert annual_irr(np.array([[-5.0, 5.0]]))[0] == 0.0


def test_one_sign_change_equals_counting() -> None:
    rng = np.random.default_rng(3)
    f = rng.choice([-2.0, -1.0, 0.0, 0.0, 1.0, 3.0], size=(5000, 7))
    f[:100] = _spend_then_returns(rng, 100, 7)
    assert (one_sign_change(f) == (sign_changes(f) == 1)).all()


def test_per_path_lives_and_lags_equal_single_runs() -> None:
    """Lives, lags, split, price decline and shares per path: the same as one by one."""
    rng = np.random.default_rng(11)
    base = Inputs.from_scenario(Scenario.from_dict(MODEL_EXAMPLE))
    n, k = 64, base.share.shape[1]
    shares = rng.dirichlet(np.ones(k), n)
    split = np.zeros((n, base.years))
    split[:, :5] = rng.dirichlet(np.ones(5), n)
    batch_inputs = base.replace(
        life_years=rng.uniform(0.2, 30.0, (n, k)),
        lag_q=rng.integers(0, 41, (n, k)),
        share=shares,
        split=split,
        price_decline=rng.uniform(0.0, 0.5, n),
        adds_capacity=rng.random((n, k)) < 0.6,
    )
    batch = simulate_inputs(batch_inputs)
    for i in range(n):
        one = simulate_inputs(_row(batch_inputs, i))
        for name, col in one.columns.items():
            np.testing.assert_allclose(batch.columns[name][i], col[0], rtol=1e-12, atol=1e-12)
        for name, value in one.metrics.items():
            np.testing.assert_allclose(batch.metrics[name][i], value[0], rtol=1e-9, atol=1e-12)


def _row(x: Inputs, i: int) -> Inputs:
    """Path i of ``x`` as one-path inputs."""
    import dataclasses

    return Inputs(**{f.name: getattr(x, f.name)[i : i + 1] for f in dataclasses.fields(x)})
