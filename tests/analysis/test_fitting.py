"""Fitting a distribution to pasted numbers: maximum likelihood, AIC ranking, refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from simulator.analysis.fitting import FIT_KINDS, fit, fit_one, parse_data
from simulator.errors import ScenarioError

N = 4000


def test_normal_and_lognormal_fits_are_the_closed_form_mles() -> None:
    x = np.random.default_rng(1).normal(5.0, 2.0, N)
    normal = fit_one(x, "normal")
    assert (normal.distribution.a, normal.distribution.b) == pytest.approx((x.mean(), x.std()))
    assert normal.log_likelihood == pytest.approx(stats.norm.logpdf(x, x.mean(), x.std()).sum())
    assert normal.aic == pytest.approx(4 - 2 * normal.log_likelihood)
    y = np.exp(np.random.default_rng(2).normal(0.5, 0.4, N))
    lognormal = fit_one(y, "lognormal")
    mu, s = np.log(y).mean(), np.log(y).std()
    assert lognormal.distribution.a == pytest.approx(math.exp(mu + s * s / 2))
    assert lognormal.log_likelihood == pytest.approx(
        stats.lognorm.logpdf(y, s, scale=math.exp(mu)).sum()
    )


@pytest.mark.parametrize(
    ("kind", "sample", "params"),
    [
        ("normal", lambda r: r.normal(5.0, 2.0, N), (5.0, 2.0)),
        ("lognormal", lambda r: np.exp(r.normal(0.5, 0.4, N)), (math.exp(0.58), None)),
        ("uniform", lambda r: r.uniform(2.0, 3.0, N), (2.0, 3.0)),
        ("triangular", lambda r: r.triangular(0.0, 0.3, 1.0, N), (0.0, 0.3, 1.0)),
        ("pert", lambda r: 10 + 10 * r.beta(1 + 4 * 0.2, 1 + 4 * 0.8, N), (10.0, 12.0, 20.0)),
    ],
)
def test_the_true_family_ranks_first_and_its_parameters_are_recovered(
    kind: str, sample, params: tuple
) -> None:
    x = sample(np.random.default_rng(7))
    report = fit(x, "fit")
    assert report.best.kind == kind, [(f.kind, f.aic) for f in report.fits]
    got = (report.best.distribution.a, report.best.distribution.b, report.best.distribution.c)
    for g, p in zip(got, params, strict=False):
        if p is not None:  # a few standard errors at n = 4000, or the range's ends
            assert g == pytest.approx(p, abs=0.05 * max(1.0, abs(p)))
    aics = [f.aic for f in report.fits]
    assert aics == sorted(aics) and {f.kind for f in report.fits} <= set(FIT_KINDS)


def test_pasted_text_is_read_with_any_separator() -> None:
    x = parse_data("1.5, 2\t3;4\n 5e0  6", "fit.revenue.yield")
    np.testing.assert_array_equal(x, [1.5, 2, 3, 4, 5, 6])
    report = fit("0.61 0.72 0.80 0.84 0.93 0.77 0.70", "fit.revenue.yield")
    assert report.fits and report.best.aic <= report.fits[-1].aic


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("1 2 3 4", "fit.revenue.yield: needs at least 5 numbers to fit (got 4)"),
        ("1 2 x 4 5", "fit.revenue.yield: item 3 ('x') is not a number"),
        ("1 2 nan 4 5", "fit.revenue.yield: item 3 ('nan') must be a finite number"),
        ("1 2 1e400 4 5", "item 3 ('1e400') must be a finite number"),
        ([1, 2, True, 4, 5], "item 3 (True) is not a number"),
        ("2 2 2 2 2", "fit.revenue.yield: needs at least two different values"),
        ("", "needs at least 5 numbers"),
    ],
)
def test_bad_data_is_refused_by_name(data, message: str) -> None:
    with pytest.raises(ScenarioError) as err:
        fit(data, "fit.revenue.yield")
    assert message in str(err.value)


def test_negative_data_has_no_lognormal() -> None:
    data = "-1 0.5 2 3 4 5"
    with pytest.raises(ScenarioError) as err:
        fit_one(data, "lognormal", "fit.revenue.yield")
    assert "fit.revenue.yield: a lognormal needs every value above 0 (the data has -1)" in str(
        err.value
    )
    report = fit(data, "fit.revenue.yield")
    assert "lognormal" in report.skipped and "lognormal" not in {f.kind for f in report.fits}
    with pytest.raises(ScenarioError, match="cannot fit a 'gamma'"):
        fit_one(data, "gamma", "fit.x")
