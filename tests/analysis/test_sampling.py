"""Samplers: Latin hypercube and scrambled Sobol' marginals, strata, common random numbers,
chunk independence, correlations, the design rules and the section's new keys."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from scipy.stats import qmc

from simulator.analysis import montecarlo, sampling
from simulator.analysis.sampling import Design, design, draws, sobol_dimension, unit_points
from simulator.errors import ScenarioError
from simulator.scenario import fields
from simulator.scenario.limits import MAX_CATEGORIES
from simulator.scenario.presets import default_scenario
from simulator.scenario.uncertainty import parse
from simulator.scenario.value import Scenario

INPUTS = {
    "revenue.yield": {"dist": "triangular", "low": 0.5, "mode": 0.8, "high": 1.2},
    "economics.ebitda_margin": {"dist": "uniform", "low": 0.4, "high": 0.6},
    "revenue.price_decline": {"dist": "normal", "mean": 0.1, "sd": 0.03},
    "program.total_capex": {"dist": "pert", "low": 340, "mode": 380, "high": 480},
    "economics.discount_rate": {"dist": "lognormal", "p5": 0.07, "p95": 0.11},
}


def scenario(sampler: str, paths: int = 4096, replicates: int = 4, **extra) -> Scenario:
    section = {
        "seed": 11,
        "paths": paths,
        "sampler": sampler,
        "replicates": replicates,
        "inputs": INPUTS,
        **extra,
    }
    return default_scenario().with_field("uncertainty", section)


def ks_bound(n: int, alpha: float = 1e-6) -> float:
    """Kolmogorov-Smirnov distance an iid sample of n exceeds with probability < alpha
    (Dvoretzky-Kiefer-Wolfowitz): LHS and Sobol' points are more even than iid ones."""
    return math.sqrt(math.log(2 / alpha) / (2 * n))


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_marginals_match_their_distributions(sampler: str) -> None:
    s = scenario(sampler)
    unc = s.uncertainty_or_default
    des = design(unc)
    d = draws(s, unc, 0, des.paths, des)
    oracles = {
        "revenue.yield": stats.triang(0.3 / 0.7, loc=0.5, scale=0.7),
        "economics.ebitda_margin": stats.uniform(0.4, 0.2),
        "revenue.price_decline": stats.truncnorm(-0.1 / 0.03, 0.9 / 0.03, loc=0.1, scale=0.03),
        "economics.discount_rate": stats.lognorm(
            (math.log(0.11) - math.log(0.07)) / (2 * 1.6448536269514722),
            scale=math.sqrt(0.07 * 0.11),
        ),
    }
    for path, oracle in oracles.items():
        distance = stats.kstest(d[path], oracle.cdf).statistic
        assert distance < ks_bound(des.paths), path
    # PERT: beta(1 + 4 * 40/140, 1 + 4 * 100/140) on 340..480
    pert = stats.beta(1 + 4 * 40 / 140, 1 + 4 * 100 / 140, loc=340, scale=140)
    assert stats.kstest(d["program.total_capex"], pert.cdf).statistic < ks_bound(des.paths)


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_each_replicate_fills_every_stratum_once(sampler: str) -> None:
    """A replicate of m points has one point in each of the m strata of every input
    (Sobol' replicates are powers of two, so they are (0, m, 1)-nets in one dimension)."""
    unc = scenario(sampler, paths=2048, replicates=4).uncertainty_or_default
    des = design(unc)
    u = unit_points(unc, des, 0, des.paths)
    for r in range(des.replicates):
        block = u[:, r * des.size : (r + 1) * des.size]
        strata = np.sort(np.floor(block * des.size).astype(int), axis=1)
        assert (strata == np.arange(des.size)).all()
    assert u.min() > 0 and u.max() < 1


def test_sobol_columns_are_scipys_points_before_scrambling() -> None:
    """Without the scramble, column j is dimension j of scipy's unscrambled Sobol'."""
    v = sampling._direction_numbers(sampling.SCALAR_DIMENSIONS)
    index = np.arange(1024, dtype=np.uint64)
    gray = index ^ (index >> np.uint64(1))
    ours = np.zeros((v.shape[0], 1024), dtype=np.uint64)
    for k in range(10):
        on = ((gray >> np.uint64(k)) & np.uint64(1)).astype(bool)
        ours[:, on] ^= v[:, k : k + 1]
    ref = qmc.Sobol(v.shape[0], scramble=False, bits=sampling.BITS).random(1024)
    np.testing.assert_array_equal(ours.T, np.rint(ref * 2.0**sampling.BITS).astype(np.uint64))


def test_sobol_two_dimensional_projection_is_a_net() -> None:
    """Two inputs of one Sobol' replicate of 2^k points: every 2^a x 2^(k-a) box of area
    2^-k holds exactly one point (dimensions 0 and 1 form a (0, k, 2)-net, which the
    linear scramble and digital shift keep)."""
    flat = {"dist": "uniform", "low": 0.5, "high": 1.0}
    unc = parse(
        {
            "seed": 5,
            "sampler": "sobol",
            "inputs": {
                "program.total_capex": {**flat, "low": 300, "high": 400},
                "revenue.yield": flat,
            },
        }
    )
    assert [sobol_dimension(p) for p in unc.paths_of_inputs] == [0, 1]
    u = unit_points(unc, Design("sobol", 1, 1024), 0, 1024)
    for a in range(11):
        rows = np.floor(u[0] * 2**a).astype(int)
        cols = np.floor(u[1] * 2 ** (10 - a)).astype(int)
        assert np.unique(rows * 2 ** (10 - a) + cols).size == 1024, a


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_points_do_not_depend_on_chunks_or_threads(sampler: str) -> None:
    s = scenario(sampler, paths=3000, replicates=3)
    whole = montecarlo.run(s, chunk=100_000, workers=1)
    pieces = montecarlo.run(s, chunk=333, workers=3)
    assert whole.paths == pieces.paths
    for key in whole.draws:
        np.testing.assert_array_equal(whole.draws[key], pieces.draws[key])
    for key in whole.metrics:  # the engine's sums may round differently in other chunk sizes
        np.testing.assert_allclose(whole.metrics[key], pieces.metrics[key], rtol=1e-12, atol=1e-12)
    unc = s.uncertainty_or_default
    des = design(unc)
    np.testing.assert_array_equal(
        unit_points(unc, des, 0, des.paths)[:, 700:1900], unit_points(unc, des, 700, 1200)
    )


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_common_random_numbers_across_scenarios(sampler: str) -> None:
    """An input's coordinates depend on (seed, its path, design) only: the same whatever
    else is uncertain, so a change of one assumption moves every path the same way."""
    one = {"revenue.yield": INPUTS["revenue.yield"]}
    a = default_scenario().with_field(
        "uncertainty", {"seed": 3, "sampler": sampler, "paths": 2048, "inputs": one}
    )
    b = default_scenario().with_field(
        "uncertainty", {"seed": 3, "sampler": sampler, "paths": 2048, "inputs": INPUTS}
    )
    ua, ub = a.uncertainty_or_default, b.uncertainty_or_default
    da = draws(a, ua, 0, 2048, design(ua))
    db = draws(b, ub, 0, 2048, design(ub))
    np.testing.assert_array_equal(da["revenue.yield"], db["revenue.yield"])
    fixed_margin = {k: v for k, v in INPUTS.items() if "margin" not in k}
    b = b.with_field("uncertainty.inputs", fixed_margin)
    c = b.with_field("economics.ebitda_margin", min(1.0, b.economics.ebitda_margin + 0.05))
    npv_b = montecarlo.run(b).metrics["npv"]
    npv_c = montecarlo.run(c).metrics["npv"]
    assert np.all(npv_c > npv_b)


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_rank_correlations_are_recovered(sampler: str) -> None:
    correlations = [
        {"between": ["revenue.yield", "economics.ebitda_margin"], "rank": 0.7},
        {"between": ["revenue.price_decline", "revenue.yield"], "rank": -0.4},
    ]
    s = scenario(sampler, paths=16_384, replicates=4, correlations=correlations)
    unc = s.uncertainty_or_default
    d = draws(s, unc, 0, 16_384, design(unc))
    # sd of a sample rank correlation is below 1 / sqrt(n - 1) = 0.008: 0.03 is > 3.5 sd
    rho = stats.spearmanr(d["revenue.yield"], d["economics.ebitda_margin"]).statistic
    assert rho == pytest.approx(0.7, abs=0.03)
    rho = stats.spearmanr(d["revenue.price_decline"], d["revenue.yield"]).statistic
    assert rho == pytest.approx(-0.4, abs=0.03)


def test_design_rules() -> None:
    unc = parse({"paths": 10_000, "sampler": "sobol", "inputs": INPUTS})
    assert design(unc) == Design("sobol", 10, 1024)  # 1,000 -> nearest power of two
    assert design(unc, 2000) == Design("sobol", 10, 256)  # 200 -> 256
    assert design(unc, 1_000_000) == Design("sobol", 10, 65_536)  # 131,072 would pass 1M
    lhs = parse({"paths": 10_001, "sampler": "lhs", "replicates": 7, "inputs": INPUTS})
    assert design(lhs) == Design("lhs", 7, 1428)
    assert design(parse({"paths": 5000, "inputs": INPUTS})) == Design("random", 1, 5000)
    assert design(parse({"sampler": "lhs"})).sampler == "random"  # nothing to sample


def test_every_driver_has_its_own_sobol_dimension() -> None:
    paths = []
    for key in fields.driver_paths():
        items = MAX_CATEGORIES if key.startswith("program.categories.") else 4
        paths += [key.replace("*", str(k)) for k in range(items)] if "*" in key else [key]
    dims = [sobol_dimension(p) for p in paths]
    assert len(set(dims)) == len(dims)
    # fixed by name, whatever the field table holds: files keep their numbers
    assert sobol_dimension("program.total_capex") == 0
    assert sobol_dimension("economics.discount_rate") == 6
    assert sobol_dimension("program.categories.2.lag_quarters") == 64 + 8 * 2 + 1
    assert sobol_dimension("revenue.seasonality.3") == 224 + 3


def test_a_stopped_or_quick_lhs_run_is_reproducible() -> None:
    s = scenario("lhs", paths=3000, replicates=3)
    a, b = montecarlo.run(s), montecarlo.run(s)
    for key in a.metrics:
        np.testing.assert_array_equal(a.metrics[key], b.metrics[key])
    assert a.sampler == "lhs" and a.replicates == 3 and a.replicate_size == 1000


# --- the section's new keys ------------------------------------------------------------
def test_new_keys_round_trip() -> None:
    section = {
        "seed": 4,
        "paths": 20_000,
        "sampler": "sobol",
        "replicates": 16,
        "precision": {"metric": "P(npv > 0)", "half_width": 0.005},
        "inputs": INPUTS,
    }
    s = default_scenario().with_field("uncertainty", section)
    doc = s.to_dict()["uncertainty"]
    assert doc["sampler"] == "sobol" and doc["replicates"] == 16
    assert doc["precision"] == {"metric": "P(npv > 0)", "half_width": 0.005}
    assert doc["inputs"]["economics.discount_rate"] == {
        "dist": "lognormal",
        "p5": 0.07,
        "p95": 0.11,
    }
    assert doc["inputs"]["program.total_capex"] == INPUTS["program.total_capex"]
    assert Scenario.from_dict(s.to_dict()) == s
    plain = default_scenario().with_field("uncertainty", {"inputs": INPUTS})
    assert "sampler" not in plain.to_dict()["uncertainty"]  # defaults left out


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"sampler": "halton"}, "uncertainty.sampler: must be one of random, lhs, sobol"),
        (
            {
                "inputs": {
                    "revenue.ai_share": {"dist": "pert", "low": 0.5, "mode": 0.6, "high": 1.5}
                }
            },
            "uncertainty.inputs.revenue.ai_share: must stay inside the input's valid range 0 .. 1",
        ),
        ({"sampler": 3}, "uncertainty.sampler: must be a string"),
        ({"replicates": 1}, "uncertainty.replicates: must be from 2 to 100 (got 1)"),
        ({"replicates": 2.5}, "uncertainty.replicates: must be a whole number"),
        ({"precision": 0.01}, "uncertainty.precision: must be {"),
        ({"precision": {"half_width": 0.01}}, "uncertainty.precision.metric: required field"),
        (
            {"precision": {"metric": "median:npv", "half_width": 1}},
            "uncertainty.precision.metric: must be mean:METRIC, pNN:METRIC",
        ),
        (
            {"precision": {"metric": "mean:nvp", "half_width": 1}},
            "uncertainty.precision.metric: names no metric 'nvp'",
        ),
        (
            {"precision": {"metric": "p100:npv", "half_width": 1}},
            "uncertainty.precision.metric: a percentile must be above 0 and below 100",
        ),
        (
            {"precision": {"metric": "P(npv > x)", "half_width": 0.1}},
            "uncertainty.precision.metric: 'x' is neither a number nor a metric",
        ),
        ({"precision": {"metric": "mean:npv"}}, "give exactly one of half_width and relative"),
        (
            {"precision": {"metric": "mean:npv", "half_width": 1, "relative": 0.1}},
            "give exactly one of half_width and relative",
        ),
        (
            {"precision": {"metric": "mean:npv", "half_width": 0}},
            "uncertainty.precision.half_width: must be above 0",
        ),
        (
            {"precision": {"metric": "P(npv > 0)", "half_width": 0.5}},
            "a probability's half-width must be below 0.5",
        ),
        (
            {"precision": {"metric": "mean:npv", "relative": 1.5}},
            "uncertainty.precision.relative: must be below 1",
        ),
        (
            {"precision": {"metric": "mean:npv", "relative": 0.1, "level": 0.9}},
            "uncertainty.precision.level: unknown key",
        ),
    ],
)
def test_bad_sampler_keys_are_refused_by_name(section: dict, message: str) -> None:
    doc = default_scenario().to_dict()
    doc["uncertainty"] = section
    with pytest.raises(ScenarioError) as err:
        Scenario.from_dict(doc)
    assert message in str(err.value)


def test_statistic_grammar() -> None:
    from simulator.scenario.uncertainty import Statistic, parse_statistic

    assert parse_statistic("mean : npv", "x") == Statistic("mean", "npv")
    assert parse_statistic("p50:irr", "x") == Statistic("percentile", "irr", q=50.0)
    assert parse_statistic("P(npv>0)", "x") == Statistic("above", "npv", threshold=0.0)
    assert parse_statistic("P( payback_years <= 7.5 )", "x") == Statistic(
        "at_most", "payback_years", threshold=7.5
    )
    irr = parse_statistic("P(irr > discount_rate)", "x")
    assert irr == Statistic("above", "irr", against="discount_rate")
    for text in ("mean:npv", "p2.5:npv", "P(npv > -10)", "P(irr > discount_rate)"):
        assert parse_statistic(parse_statistic(text, "x").text(), "x") == parse_statistic(text, "x")
