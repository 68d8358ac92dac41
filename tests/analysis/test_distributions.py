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
