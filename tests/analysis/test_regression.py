"""Regression sensitivity: standardised (rank) regression coefficients and contributions."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from test_outcomes import partly_defined

from simulator.analysis import montecarlo
from simulator.analysis.regression import rank_regression, srrc
from simulator.scenario.presets import default_scenario, load_preset

A = np.array([3.0, -1.0, 0.5, 0.0])


def linear_case(n: int = 20_000, noise: float = 0.0, seed: int = 4):
    rng = np.random.default_rng(seed)
    x = rng.random((n, A.size))
    y = x @ A + noise * rng.standard_normal(n)
    return x, y


def test_standardised_coefficients_recover_a_linear_model_exactly() -> None:
    x, y = linear_case()
    beta, r_xy, r2 = srrc(x, y, ranked=False)
    expected = A * x.std(axis=0) / y.std()  # beta_i = a_i sd(x_i) / sd(y) for an exact fit
    np.testing.assert_allclose(beta, expected, atol=1e-10)
    assert r2 == pytest.approx(1.0, abs=1e-12)
    assert float(beta @ r_xy) == pytest.approx(r2)


def test_noisy_linear_model_within_standard_errors() -> None:
    """With noise sd s the OLS coefficient a_i has sd s / (sd(x_i) sqrt(n)); 5 of them."""
    n, s = 20_000, 0.5
    x, y = linear_case(n, s)
    raw, *_ = np.linalg.lstsq(np.column_stack([x, np.ones(n)]), y, rcond=None)
    se = s / (x.std(axis=0) * math.sqrt(n))
    assert np.all(np.abs(raw[:-1] - A) < 5 * se)
    beta, _, r2 = srrc(x, y, ranked=False)
    true_r2 = (A**2 / 12).sum() / ((A**2 / 12).sum() + s**2)
    assert r2 == pytest.approx(true_r2, abs=0.01)
    assert np.all(np.sign(beta[:3]) == np.sign(A[:3])) and abs(beta[3]) < 0.02


def test_rank_coefficients_order_the_inputs_like_the_model() -> None:
    x, y = linear_case()
    beta, r_xy, r2 = srrc(x, y, ranked=True)
    src = A * np.sqrt(1 / 12) / np.sqrt((A**2 / 12).sum())  # the population's SRC
    np.testing.assert_allclose(beta, src, atol=0.02)  # ranks of a near-normal sum: ~linear
    assert r2 > 0.98 and abs(beta[3]) < 0.01
    share = beta * r_xy / r2
    assert share.sum() == pytest.approx(1.0)
    assert share[0] == pytest.approx(9 / 10.25, abs=0.02)  # a_i^2 / sum a^2 for equal sd


def test_regression_of_a_run() -> None:
    """Uncorrelated inputs, one wide: it takes the largest share; shares sum to 1."""
    section = {
        "paths": 5000,
        "inputs": {
            "revenue.yield": {"dist": "uniform", "low": 0.3, "high": 1.2},
            "economics.tax_rate": {"dist": "uniform", "low": 0.24, "high": 0.26},
            "program.total_capex": {"dist": "uniform", "low": 375, "high": 385},
        },
    }
    mc = montecarlo.run(default_scenario().with_field("uncertainty", section))
    rr = rank_regression(mc, "npv")
    assert rr is not None and rr.paths == 5000 and rr.undefined == 0 and not rr.correlated
    assert sum(e.contribution for e in rr.entries) == pytest.approx(1.0)
    assert rr.entries[0].path == "revenue.yield" and rr.entries[0].contribution > 0.8
    for e in rr.entries:  # uncorrelated: the contribution is beta^2 / R^2 (sampling noise)
        assert e.contribution == pytest.approx(e.srrc**2 / rr.r2, abs=0.03)
    contributions = [abs(e.contribution) for e in rr.entries]
    assert contributions == sorted(contributions, reverse=True)
    preset = montecarlo.run(default_scenario(), paths=3000)
    full = rank_regression(preset, "npv")
    unc = preset.uncertainty
    assert full is not None and full.correlated == bool(unc.correlations)
    assert sum(e.contribution for e in full.entries) == pytest.approx(1.0)
    wide = {"paths": 2000, "inputs": {"revenue.yield": {"dist": "uniform", "low": 0.2, "high": 3}}}
    mc = montecarlo.run(default_scenario().with_field("uncertainty", wide))
    key = partly_defined(mc)
    payback = rank_regression(mc, key)  # 'never' ranks at the worst end: still a tornado
    assert payback is not None and 0 < payback.undefined < 2000
    only = payback.entries[0]  # one input: beta is its rank correlation, R^2 its square
    assert only.path == "revenue.yield" and only.contribution == pytest.approx(1.0)
    assert only.srrc == pytest.approx(only.rank_correlation)
    assert payback.r2 == pytest.approx(only.rank_correlation**2)
    assert rank_regression(mc, key, ranked=False) is None


def test_no_regression_without_spread() -> None:
    mc = montecarlo.run(load_preset("bull").with_field("uncertainty", None), paths=500)
    assert mc.deterministic_only and rank_regression(mc, "npv") is None
    fake = SimpleNamespace(
        draws={"a": np.arange(50.0)},
        metrics={"npv": np.arange(50.0)},
        deterministic_only=False,
        uncertainty=None,
    )
    assert rank_regression(fake, "npv") is None  # fewer than MIN_DEFINED paths
    assert rank_regression(fake, "npv", minimum=10) is not None
