"""Distributions: sample moments against theory (scipy.stats), truncation, parsing."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from simulator.errors import ScenarioError
from simulator.scenario.distributions import Distribution

N = 200_000
U = (np.arange(N) + 0.5) / N  # a fine grid of probabilities: ppf is deterministic


def _draws(d: Distribution, low: float = -math.inf, high: float = math.inf) -> np.ndarray:
    rng = np.random.default_rng(11)
    return d.ppf(rng.random(N), low, high)


@pytest.mark.parametrize(
    ("dist", "oracle"),
    [
        (Distribution.normal(0.3, 0.05), stats.norm(0.3, 0.05)),
        (Distribution.uniform(300.0, 460.0), stats.uniform(300.0, 160.0)),
        (Distribution.triangular(0.4, 0.55, 0.9), stats.triang(0.3, loc=0.4, scale=0.5)),
        (
            Distribution.lognormal(0.09, 0.02),
            stats.lognorm(
                math.sqrt(math.log1p((0.02 / 0.09) ** 2)),
                scale=0.09 / math.sqrt(1 + (0.02 / 0.09) ** 2),
            ),
        ),
    ],
)
def test_sample_moments_match_theory(dist: Distribution, oracle) -> None:
    x = _draws(dist)
    se = oracle.std() / math.sqrt(N)
    assert abs(x.mean() - oracle.mean()) < 5 * se
    assert x.std() == pytest.approx(oracle.std(), rel=0.01)
    # the inverse CDF is the oracle's, quantile by quantile
    np.testing.assert_allclose(dist.ppf(U[::997]), oracle.ppf(U[::997]), rtol=1e-9, atol=1e-12)


def test_lognormal_mean_and_sd_are_of_the_value() -> None:
    x = _draws(Distribution.lognormal(2.0, 0.5))
    assert x.mean() == pytest.approx(2.0, rel=0.005)
    assert x.std() == pytest.approx(0.5, rel=0.01)


def test_discrete_frequencies_match_weights() -> None:
    x = _draws(Distribution.discrete((4.0, 5.0, 6.0), (1.0, 2.0, 1.0)))
    freq = [np.mean(x == v) for v in (4.0, 5.0, 6.0)]
    np.testing.assert_allclose(freq, [0.25, 0.5, 0.25], atol=0.005)
    equal = _draws(Distribution.discrete((1.0, 2.0)))
    assert np.mean(equal == 1.0) == pytest.approx(0.5, abs=0.005)


def test_normal_is_truncated_to_the_valid_range() -> None:
    d = Distribution.normal(0.05, 0.1)
    x = _draws(d, 0.0, 1.0)
    assert x.min() >= 0.0 and x.max() <= 1.0
    oracle = stats.truncnorm((0.0 - 0.05) / 0.1, (1.0 - 0.05) / 0.1, loc=0.05, scale=0.1)
    assert x.mean() == pytest.approx(oracle.mean(), rel=0.01)
    assert d.mass_inside(0.0, 1.0) == pytest.approx(stats.norm.cdf(9.5) - stats.norm.cdf(-0.5))


def test_zero_spread_gives_the_value_itself() -> None:
    for d in (
        Distribution.normal(0.8, 0.0),
        Distribution.triangular(0.8, 0.8, 0.8),
        Distribution.uniform(0.8, 0.8),
        Distribution.lognormal(0.8, 0.0),
        Distribution.discrete((0.8,)),
    ):
        assert np.all(d.ppf(U[::1000]) == pytest.approx(0.8, rel=1e-15)), d


def test_pdf_integrates_to_one() -> None:
    for d in (
        Distribution.normal(1.0, 0.2),
        Distribution.triangular(0.0, 0.2, 1.0),
        Distribution.uniform(-1.0, 3.0),
        Distribution.lognormal(1.0, 0.3),
    ):
        x = np.linspace(-2.0, 4.0, 200_001)
        assert np.trapezoid(d.pdf(x), x) == pytest.approx(1.0, abs=1e-3), d


def test_round_trip_through_json() -> None:
    for d in (
        Distribution.normal(0.0, 0.05),
        Distribution.triangular(330.0, 380.0, 480.0),
        Distribution.uniform(4.0, 6.0),
        Distribution.lognormal(0.09, 0.01),
        Distribution.discrete((1.0, 2.0), (0.3, 0.7)),
        Distribution.discrete((1.0, 2.0)),
    ):
        assert Distribution.from_dict(d.to_dict(), "x") == d


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"dist": "normal", "mean": 1}, "x.sd: required field is missing"),
        ({"dist": "normal", "mean": 1, "sd": -1}, "x.sd: must be >= 0"),
        ({"dist": "gamma"}, "x.dist: must be one of normal, triangular"),
        ({"dist": "triangular", "low": 3, "mode": 1, "high": 4}, "needs low <= mode <= high"),
        ({"dist": "uniform", "low": 3, "high": 1}, "needs low <= high"),
        ({"dist": "lognormal", "mean": 0, "sd": 1}, "x.mean: must be > 0"),
        ({"dist": "discrete", "values": []}, "x.values: must have 1 to 100 values"),
        ({"dist": "discrete", "values": [1, 2], "weights": [1]}, "one weight per value"),
        ({"dist": "discrete", "values": [1], "weights": [-1]}, "must be >= 0"),
        ({"dist": "normal", "mean": 1, "sd": 1, "mode": 2}, "x.mode: unknown key"),
        ({"dist": "normal", "mean": "1", "sd": 1}, "x.mean: must be a number"),
        ([1, 2], "x: must be an object"),
    ],
)
def test_bad_parameters_are_refused_by_name(doc, message: str) -> None:
    with pytest.raises(ScenarioError) as err:
        Distribution.from_dict(doc, "x")
    assert message in str(err.value)


# --- PERT, 90% intervals, parameter limits -----------------------------------------------
def test_pert_is_a_scaled_beta() -> None:
    d = Distribution.pert(340.0, 380.0, 480.0)
    oracle = stats.beta(1 + 4 * 40 / 140, 1 + 4 * 100 / 140, loc=340.0, scale=140.0)
    np.testing.assert_allclose(d.ppf(U[::997]), oracle.ppf(U[::997]), rtol=1e-12)
    x = np.linspace(330.0, 490.0, 1601)
    np.testing.assert_allclose(d.pdf(x), oracle.pdf(x), rtol=1e-12, atol=1e-15)
    assert oracle.mean() == pytest.approx((340 + 4 * 380 + 480) / 6)
    flat = Distribution.pert(0.0, 0.5, 1.0, lam=0.0001)  # lambda -> 0: uniform
    np.testing.assert_allclose(flat.ppf([0.25, 0.75]), [0.25, 0.75], atol=1e-4)
    grid = np.linspace(0.0, 1.0, 100_001)
    assert np.trapezoid(Distribution.pert(0.0, 0.1, 1.0, 8.0).pdf(grid), grid) == pytest.approx(1)


def test_pert_json_keeps_lambda_only_when_not_four() -> None:
    d = Distribution.from_dict({"dist": "pert", "low": 1, "mode": 2, "high": 4}, "x")
    assert d == Distribution.pert(1.0, 2.0, 4.0)
    assert d.to_dict() == {"dist": "pert", "low": 1.0, "mode": 2.0, "high": 4.0}
    six = Distribution.from_dict({"dist": "pert", "low": 1, "mode": 2, "high": 4, "lambda": 6}, "x")
    assert six.lam == 6.0 and six.to_dict()["lambda"] == 6.0
    assert Distribution.from_dict(six.to_dict(), "x") == six


@pytest.mark.parametrize("kind", ["normal", "lognormal"])
def test_a_90_percent_interval_is_kept_and_exact(kind: str) -> None:
    doc = {"dist": kind, "p5": 0.06, "p95": 0.12}
    d = Distribution.from_dict(doc, "x")
    assert d.to_dict() == doc and Distribution.from_dict(d.to_dict(), "x") == d
    np.testing.assert_allclose(d.ppf([0.05, 0.95]), [0.06, 0.12], rtol=1e-12)
    x = _draws(d)
    assert np.mean(x < 0.06) == pytest.approx(0.05, abs=0.003)  # binomial sd 0.0005
    assert "P5 0.06 / P95 0.12" in d.describe()
    if kind == "lognormal":  # the mean and sd of the value, kept beside the interval
        mu, s = (math.log(0.06) + math.log(0.12)) / 2, math.log(2) / (2 * 1.6448536269514722)
        assert d.a == pytest.approx(math.exp(mu + s * s / 2))
        assert x.mean() == pytest.approx(d.a, rel=0.002)


@pytest.mark.parametrize(
    "doc",
    [
        {"dist": "lognormal", "mean": 1e-300, "sd": 1.0},  # tiny mean: (sd/mean)^2 overflowed
        {"dist": "lognormal", "mean": 1.0, "sd": 1e300},
        {"dist": "lognormal", "mean": 5e-324, "sd": 1e15},
        {"dist": "lognormal", "p5": 1e-300, "p95": 1e300},
        {"dist": "normal", "mean": 1e308, "sd": 1e308},
        {"dist": "normal", "mean": 0, "sd": 1e300},
        {"dist": "uniform", "low": -1e308, "high": 1e308},
        {"dist": "triangular", "low": -1e308, "mode": 0, "high": 1e308},
        {"dist": "pert", "low": 0, "mode": 1, "high": 2, "lambda": 1e300},
        {"dist": "discrete", "values": [1, 2], "weights": [1e308, 1e308]},
        {"dist": "discrete", "values": [1e300]},
    ],
)
def test_extreme_parameters_are_refused_without_overflow(doc: dict) -> None:
    with pytest.raises(ScenarioError) as err:
        Distribution.from_dict(doc, "uncertainty.inputs.economics.discount_rate")
    assert str(err.value).startswith("uncertainty.inputs.economics.discount_rate")


def test_draws_stay_finite_at_the_limits() -> None:
    for d in (
        Distribution.normal(1e15, 1e15),
        Distribution.lognormal(1e15, 2.68e20),  # log-sd just under 5
        Distribution.lognormal(1e-300, 1e-301),
        Distribution.from_interval("lognormal", 1e-3, 1e4),
        Distribution.normal(1e308, 1e308),  # unchecked: still never infinite
        Distribution.lognormal(1e-300, 1.0),
    ):
        for low, high in ((-math.inf, math.inf), (-0.99, math.inf), (0.0, 1e9)):
            x = d.ppf(U[::97], low, high)
            assert np.all(np.isfinite(x)), d
        assert np.all(np.isfinite(d.pdf(np.array([0.5, 1.0, 2.0])))), d


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            {"dist": "lognormal", "mean": 1, "sd": 1e9},
            "x.sd: must be at most 268,337 times the mean",
        ),
        ({"dist": "normal", "mean": 2e15, "sd": 1}, "x.mean: must be between -1e+15 and 1e+15"),
        ({"dist": "normal", "mean": 0, "sd": 2e15}, "x.sd: must be between"),
        ({"dist": "lognormal", "p5": 0, "p95": 1}, "x.p5: must be > 0 for a lognormal"),
        ({"dist": "lognormal", "p5": 1e-9, "p95": 1}, "x.p95: must be at most 1.39e+07 times p5"),
        ({"dist": "normal", "p5": 2, "p95": 1}, "x: needs p5 <= p95"),
        ({"dist": "normal", "p5": 1}, "x.p95: required field is missing"),
        ({"dist": "normal", "mean": 1, "sd": 1, "p5": 0}, "give mean and sd, or p5 and p95"),
        ({"dist": "uniform", "low": 0, "high": 1, "p5": 0}, "x.p5: unknown key"),
        ({"dist": "pert", "low": 1, "mode": 0, "high": 2}, "x: needs low <= mode <= high"),
        (
            {"dist": "pert", "low": 0, "mode": 1, "high": 2, "lambda": 0},
            "x.lambda: must be above 0",
        ),
        (
            {"dist": "pert", "low": 0, "mode": 1, "high": 2, "lambda": "4"},
            "x.lambda: must be a number",
        ),
        ({"dist": "uniform", "low": -2e15, "high": 1}, "x.low: must be between"),
        ({"dist": "discrete", "values": [1, 2e15]}, "x.values.1: must be between"),
    ],
)
def test_limits_name_the_field(doc: dict, message: str) -> None:
    with pytest.raises(ScenarioError) as err:
        Distribution.from_dict(doc, "x")
    assert message in str(err.value)


def test_a_huge_normal_discount_rate_is_refused_in_a_scenario() -> None:
    """Issue 16: mean and sd 1e308 made a quarter of the discount-rate draws infinite."""
    from simulator.scenario.presets import default_scenario

    doc = default_scenario().to_dict()
    doc["uncertainty"] = {
        "inputs": {"economics.discount_rate": {"dist": "normal", "mean": 1e308, "sd": 1e308}}
    }
    from simulator.scenario.value import Scenario

    with pytest.raises(ScenarioError) as err:
        Scenario.from_dict(doc)
    assert "uncertainty.inputs.economics.discount_rate.mean: must be between" in str(err.value)
