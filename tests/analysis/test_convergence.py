"""Intervals that cover at their stated rate, precision stops, convergence traces.

Coverage is checked over K = 200 independent replications (seeds 1000..1199) of cases
whose answer is known exactly: the count of intervals covering the truth is
Binomial(K, c) for a true coverage c, so it must lie within 3 sd of K c (c = 0.95, or
the order-statistic interval's exact coverage, which is at least 0.95).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from simulator.analysis import convergence, montecarlo
from simulator.analysis.convergence import (
    interval,
    interval_of,
    order_coverage,
    percentile_interval,
    probability_interval,
    trace,
)
from simulator.analysis.sampling import design, draws
from simulator.scenario.presets import default_scenario
from simulator.scenario.uncertainty import Statistic, parse_statistic

K = 200
RHO = 2 * math.sin(math.pi * 0.5 / 6)  # Pearson of the copula for rank correlation 0.5
NORMALS = {
    "revenue.yield": {"dist": "normal", "mean": 0.8, "sd": 0.1},
    "economics.ebitda_margin": {"dist": "normal", "mean": 0.5, "sd": 0.05},
    "revenue.price_decline": {"dist": "normal", "mean": 0.2, "sd": 0.03},
}
# Y = yield + margin + 2 price_decline is normal (truncation removes < 1e-10 of mass)
MEAN = 0.8 + 0.5 + 2 * 0.2
SD = math.sqrt(0.1**2 + 0.05**2 + (2 * 0.03) ** 2 + 2 * RHO * 0.1 * 0.05)
STATS = {
    "mean": (Statistic("mean", "y"), MEAN),
    "p25": (Statistic("percentile", "y", q=25.0), MEAN + SD * stats.norm.ppf(0.25)),
    "P(y > 1.8)": (Statistic("above", "y", threshold=1.8), stats.norm.sf((1.8 - MEAN) / SD)),
}


def within_binomial(hits: int, coverage: float, k: int = K) -> bool:
    return abs(hits - k * coverage) <= 3 * math.sqrt(k * coverage * (1 - coverage))


@pytest.mark.slow
@pytest.mark.parametrize(("sampler", "paths"), [("random", 1000), ("lhs", 1000), ("sobol", 1024)])
def test_intervals_cover_the_truth_at_their_stated_rate(sampler: str, paths: int) -> None:
    base = default_scenario()
    hits = dict.fromkeys(STATS, 0)
    for seed in range(1000, 1000 + K):
        section = {
            "seed": seed,
            "paths": paths,
            "sampler": sampler,
            "replicates": 8,
            "inputs": NORMALS,
            "correlations": [
                {"between": ["revenue.yield", "economics.ebitda_margin"], "rank": 0.5}
            ],
        }
        s = base.with_field("uncertainty", section)
        unc = s.uncertainty_or_default
        des = design(unc)
        d = draws(s, unc, 0, des.paths, des)
        y = d["revenue.yield"] + d["economics.ebitda_margin"] + 2 * d["revenue.price_decline"]
        r = des.replicates if sampler != "random" else None
        for name, (stat, truth) in STATS.items():
            iv = interval({"y": y}, stat, r, des.size)
            hits[name] += iv.low <= truth <= iv.high
    for name, (stat, _) in STATS.items():
        stated = 0.95
        if sampler == "random" and stat.kind == "percentile":
            stated = order_coverage(paths, stat.q)  # conservative: >= 0.95, known exactly
        assert within_binomial(hits[name], stated), (name, hits[name])


@pytest.mark.slow
@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_run_intervals_cover_the_known_mean_and_median(sampler: str) -> None:
    """Through the model: total capex is the drawn programme size (all spend falls inside
    the horizon), triangular 340 / 380 / 480: mean 400, median 480 - sqrt(7000)."""
    base = default_scenario()
    tri = {"dist": "triangular", "low": 340, "mode": 380, "high": 480}
    truths = {
        Statistic("mean", "total_capex"): 400.0,
        Statistic("percentile", "total_capex", q=50.0): 480 - math.sqrt(0.5 * 140 * 100),
    }
    hits = dict.fromkeys(truths, 0)
    for seed in range(1000, 1000 + K):
        section = {
            "seed": seed,
            "paths": 256,
            "sampler": sampler,
            "replicates": 8,
            "inputs": {"program.total_capex": tri, "revenue.yield": NORMALS["revenue.yield"]},
        }
        mc = montecarlo.run(base.with_field("uncertainty", section), workers=1)
        if seed == 1000:
            np.testing.assert_allclose(mc.metrics["total_capex"], mc.draws["program.total_capex"])
        for stat, truth in truths.items():
            iv = interval_of(mc, stat)
            hits[stat] += iv.low <= truth <= iv.high
    for stat, count in hits.items():
        stated = 0.95
        if sampler == "random" and stat.kind == "percentile":
            stated = order_coverage(256, 50.0)
        assert within_binomial(count, stated), (stat.text(), count)


def test_order_statistic_interval() -> None:
    x = np.arange(1.0, 1001.0)
    iv = percentile_interval(x, 50.0)
    low, high = convergence.order_ranks(1000, 50.0)
    assert (iv.low, iv.high) == (float(low), float(high))
    assert iv.estimate == np.percentile(x, 50)
    assert 0.95 <= order_coverage(1000, 50.0) < 0.96
    assert percentile_interval(np.array([1.0, 2.0, 3.0]), 5.0).low == -math.inf  # too few
    with_nan = percentile_interval(np.array([np.nan, *x]), 50.0)
    assert with_nan.n == 1000 and with_nan.estimate == iv.estimate


def test_wilson_interval_never_collapses() -> None:
    none = probability_interval(0, 1000)
    assert none.estimate == 0 and none.low == 0 and 0.003 < none.high < 0.004
    half = probability_interval(500, 1000)
    assert half.half_width == pytest.approx(1.96 * math.sqrt(0.25 / 1000), rel=0.01)


def test_a_replicate_interval_is_the_spread_of_the_replicates() -> None:
    values = np.concatenate([np.full(10, v) for v in (1.0, 2.0, 3.0, 4.0)])
    iv = interval({"y": values}, Statistic("mean", "y"), replicates=4, size=10)
    half = stats.t.ppf(0.975, 3) * np.std([1, 2, 3, 4], ddof=1) / 2
    assert (iv.estimate, iv.low, iv.high) == pytest.approx((2.5, 2.5 - half, 2.5 + half))


def test_identical_replicates_of_a_probability_fall_back_to_wilson() -> None:
    none = np.zeros(5000)  # a rare event no replicate saw
    iv = interval({"y": none}, Statistic("above", "y", threshold=0.0), replicates=5, size=1000)
    assert iv.method == "5 replicates, identical: Wilson"
    assert (iv.estimate, iv.low, iv.high) == (0.0, 0.0, probability_interval(0, 5000).high)
    assert iv.half_width > 0
    constant = interval({"y": np.ones(5000)}, Statistic("mean", "y"), replicates=5, size=1000)
    assert constant.half_width == 0  # a constant metric is known exactly


# --- precision stops -------------------------------------------------------------------
@pytest.fixture(scope="module")
def pilot() -> tuple[float, float]:
    """The base preset's NPV median and sd from 2,000 paths: targets scale with them."""
    npv = montecarlo.run(default_scenario(), paths=2000).metrics["npv"]
    return float(np.median(npv)), float(npv.std())


def precise(sampler: str, metric: str, **target) -> object:
    s = default_scenario()
    section = s.to_dict()["uncertainty"] | {
        "paths": 100_000,
        "sampler": sampler,
        "replicates": 50,
        "precision": {"metric": metric, **target},
    }
    return s.with_field("uncertainty", section)


@pytest.mark.parametrize(
    ("sampler", "metric", "scale", "width"),
    [
        # mean: 1.96 sd / sqrt(n) <= 0.03 sd at n ~ 4,300
        ("random", "mean:npv", "sd", 0.03),
        # probability near 1/2: 1.96 sqrt(1/4 n) <= 0.01 at n ~ 9,600
        ("random", "P(npv > MEDIAN)", "", 0.01),
        ("lhs", "P(npv > MEDIAN)", "", 0.005),
        # plain random would need (1.96 / 0.005)^2 = 154,000 paths: more than the maximum
        ("sobol", "mean:npv", "sd", 0.005),
        # median: about 2.5 sd / sqrt(n) <= 0.05 sd at n ~ 2,500
        ("random", "p50:npv", "sd", 0.05),
    ],
)
def test_precision_stop_halts_early_with_the_target_met(
    sampler: str, metric: str, scale: str, width: float, pilot: tuple[float, float]
) -> None:
    median, sd = pilot
    metric = metric.replace("MEDIAN", f"{median:.6g}")
    s = precise(sampler, metric, half_width=width * (sd if scale == "sd" else 1.0))
    mc = montecarlo.run(s)
    stat = parse_statistic(metric, "x")
    assert mc.precision is not None and mc.precision.reached
    assert mc.paths < mc.max_paths
    iv = interval_of(mc, stat)
    assert iv == mc.precision.interval
    assert iv.half_width <= s.uncertainty_or_default.precision.target(iv.estimate)
    # the first checkpoint where the target holds: the one before did not meet it
    checks = montecarlo.checkpoints(design(s.uncertainty_or_default), s.uncertainty.precision)
    before = [c for c in checks if c < mc.paths]
    if before:
        prefix = {k: v[: before[-1]] for k, v in mc.metrics.items()}
        r = before[-1] // mc.replicate_size if sampler != "random" else None
        assert not interval(prefix, stat, r, mc.replicate_size).meets(mc.precision.precision)
    assert all(len(v) == mc.paths for v in (*mc.metrics.values(), *mc.draws.values()))


def test_a_relative_target() -> None:
    """Total capex (the drawn programme size, about 400 bn) to +/-0.1% of itself."""
    s = precise("random", "mean:total_capex", relative=0.001)
    mc = montecarlo.run(s)
    iv = mc.precision.interval
    assert mc.precision.reached and mc.paths < mc.max_paths
    assert iv.half_width <= 0.001 * abs(iv.estimate)


def test_a_stopped_run_does_not_depend_on_threads_or_chunks(pilot) -> None:
    s = precise("random", "mean:npv", half_width=0.03 * pilot[1])
    a = montecarlo.run(s, workers=1, chunk=777)
    b = montecarlo.run(s, workers=3)
    assert a.paths == b.paths
    np.testing.assert_array_equal(a.draws["revenue.yield"], b.draws["revenue.yield"])
    np.testing.assert_allclose(a.metrics["npv"], b.metrics["npv"], rtol=1e-12)
    for column in a.bands:
        np.testing.assert_allclose(a.bands[column], b.bands[column], rtol=1e-12, atol=1e-12)


def test_an_unreachable_target_runs_every_path() -> None:
    s = precise("lhs", "mean:npv", half_width=1e-9).with_field("uncertainty.paths", 2000)
    mc = montecarlo.run(s)
    assert mc.paths == mc.max_paths == 2000
    assert mc.precision is not None and not mc.precision.reached
    assert montecarlo.run(s, stop=False).precision is None


# --- the convergence chart -------------------------------------------------------------
def test_trace_follows_the_run(pilot) -> None:
    s = default_scenario().with_field("uncertainty.paths", 5000)
    mc = montecarlo.run(s)
    stat = Statistic("above", "npv", threshold=pilot[0])
    tr = trace(mc, stat, points=20)
    assert tr.paths[0] == 100 and tr.paths[-1] == 5000 and np.all(np.diff(tr.paths) > 0)
    last = interval_of(mc, stat)
    assert (tr.estimate[-1], tr.low[-1], tr.high[-1]) == (last.estimate, last.low, last.high)
    widths = tr.high - tr.low
    assert widths[-1] < widths[0] / 4  # about 1 / sqrt(50)
    lhs = montecarlo.run(s.with_field("uncertainty.sampler", "lhs"))
    tl = trace(lhs, stat)
    assert tl.paths.tolist() == [500 * r for r in range(1, 11)]
    assert np.isnan(tl.low[0]) and np.isfinite(tl.low[1:]).all()
