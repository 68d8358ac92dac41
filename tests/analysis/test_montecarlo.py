"""Monte Carlo: reproducible draws, chunking, bands, correlations, the uncertainty section."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from simulator.analysis import montecarlo
from simulator.analysis.sampling import draws, uniforms
from simulator.analysis.stats import summarize
from simulator.errors import ScenarioError
from simulator.model.engine import simulate, simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario.presets import default_scenario
from simulator.scenario.uncertainty import Uncertainty, parse
from simulator.scenario.value import Scenario

SECTION = {
    "seed": 7,
    "paths": 3000,
    "inputs": {
        "revenue.yield": {"dist": "triangular", "low": 0.6, "mode": 0.8, "high": 1.0},
        "revenue.ai_growth": {"dist": "normal", "mean": 0.0, "sd": 0.08},
        "program.total_capex": {"dist": "uniform", "low": 340, "high": 440},
        "program.categories.0.life_years": {
            "dist": "discrete",
            "values": [4, 5, 6],
            "weights": [1, 2, 1],
        },
        "program.categories.1.lag_quarters": {"dist": "uniform", "low": 2, "high": 6},
        "program.year_split": {"dist": "uniform", "low": -0.5, "high": 0.5},
        "economics.discount_rate": {"dist": "lognormal", "mean": 0.09, "sd": 0.01},
    },
    "correlations": [{"between": ["revenue.yield", "revenue.ai_growth"], "rank": 0.6}],
}


def uncertain(section: dict | None = None) -> Scenario:
    return default_scenario().with_field("uncertainty", section or SECTION)


def test_same_file_same_numbers_bit_for_bit() -> None:
    s = uncertain()
    a, b = montecarlo.run(s), montecarlo.run(s)
    for key in a.metrics:
        np.testing.assert_array_equal(a.metrics[key], b.metrics[key])
    for key in a.bands:
        np.testing.assert_array_equal(a.bands[key], b.bands[key])
    assert a.paths == 3000 and a.seed == 7


def test_chunking_does_not_change_any_path() -> None:
    s = uncertain()
    whole = montecarlo.run(s, chunk=3000)
    pieces = montecarlo.run(s, chunk=700)
    for key in whole.draws:
        np.testing.assert_array_equal(whole.draws[key], pieces.draws[key])
    np.testing.assert_allclose(whole.metrics["npv"], pieces.metrics["npv"], rtol=1e-12)


def test_a_quick_run_is_the_start_of_the_full_run() -> None:
    s = uncertain()
    quick, full = montecarlo.run(s, paths=500), montecarlo.run(s)
    np.testing.assert_array_equal(quick.draws["revenue.yield"], full.draws["revenue.yield"][:500])


def test_each_path_is_the_model_run_on_its_draws() -> None:
    s = uncertain()
    mc = montecarlo.run(s, paths=200)
    for i in (0, 57, 199):
        one = s
        for path in ("revenue.yield", "program.total_capex", "economics.discount_rate"):
            one = one.with_field(path, float(mc.draws[path][i]))
        one = one.with_field(
            "revenue.ai_growth",
            [g + float(mc.draws["revenue.ai_growth"][i]) for g in s.revenue.ai_growth],
        )
        one = one.with_field(
            "program.categories.0.life_years", float(mc.draws["program.categories.0.life_years"][i])
        )
        one = one.with_field(
            "program.categories.1.lag_quarters",
            int(mc.draws["program.categories.1.lag_quarters"][i]),
        )
        from simulator.analysis.drivers import driver

        one = driver(one, "program.year_split").to_scenario(
            one, float(mc.draws["program.year_split"][i])
        )
        assert simulate(one).metrics["npv"] == pytest.approx(mc.metrics["npv"][i], rel=1e-9)


def test_zero_spread_collapses_onto_the_deterministic_run() -> None:
    s = default_scenario()
    section = {
        "paths": 500,
        "inputs": {
            "revenue.yield": {"dist": "normal", "mean": s.revenue.yield_, "sd": 0},
            "revenue.ai_growth": {"dist": "uniform", "low": 0, "high": 0},
            "program.total_capex": {"dist": "triangular", "low": 380, "mode": 380, "high": 380},
        },
    }
    mc = montecarlo.run(uncertain(section))
    det = simulate(s)
    for column, band in mc.bands.items():
        for row in band:
            np.testing.assert_allclose(row, det.columns[column], rtol=1e-12, atol=1e-9)
    assert np.all(mc.metrics["npv"] == pytest.approx(det.metrics["npv"], rel=1e-12))
    # the bands' quarters are the result's: history first (2024Q2), as every band column
    assert mc.periods == det.periods and mc.periods[0] == "2024Q2"
    assert all(band.shape[1] == len(mc.periods) for band in mc.bands.values())


def test_small_symmetric_spread_keeps_p50_near_the_deterministic_run() -> None:
    s = default_scenario()
    section = {
        "paths": 4000,
        "inputs": {
            "revenue.yield": {"dist": "normal", "mean": s.revenue.yield_, "sd": 0.005},
            "economics.ebitda_margin": {
                "dist": "uniform",
                "low": s.economics.ebitda_margin - 0.005,
                "high": s.economics.ebitda_margin + 0.005,
            },
        },
    }
    mc = montecarlo.run(uncertain(section))
    det = simulate(s).metrics["npv"]
    assert summarize(mc.metrics["npv"])["p50"] == pytest.approx(det, rel=0.01)
    np.testing.assert_allclose(mc.bands["cum_fcf"][2], simulate(s)["cum_fcf"], rtol=0.01, atol=0.5)


def test_imposed_rank_correlation_is_recovered() -> None:
    section = {
        "paths": 20_000,
        "inputs": {
            "revenue.yield": {"dist": "triangular", "low": 0.5, "mode": 0.8, "high": 1.2},
            "economics.ebitda_margin": {"dist": "uniform", "low": 0.4, "high": 0.6},
            "revenue.price_decline": {"dist": "normal", "mean": 0.1, "sd": 0.03},
        },
        "correlations": [
            {"between": ["revenue.yield", "economics.ebitda_margin"], "rank": 0.7},
            {"between": ["revenue.price_decline", "revenue.yield"], "rank": -0.4},
        ],
    }
    s = uncertain(section)
    d = draws(s, s.uncertainty_or_default, 0, 20_000)
    rho = stats.spearmanr(d["revenue.yield"], d["economics.ebitda_margin"]).statistic
    assert rho == pytest.approx(0.7, abs=0.02)
    rho = stats.spearmanr(d["revenue.price_decline"], d["revenue.yield"]).statistic
    assert rho == pytest.approx(-0.4, abs=0.02)
    rho = stats.spearmanr(d["revenue.price_decline"], d["economics.ebitda_margin"]).statistic
    assert abs(rho) < 0.05 + abs(0.7 * -0.4)  # only the implied correlation


def test_common_random_numbers_across_scenarios() -> None:
    """The same seed gives an input the same draws whatever else is uncertain."""
    a = uncertain({"seed": 3, "inputs": {"revenue.yield": SECTION["inputs"]["revenue.yield"]}})
    b = uncertain({"seed": 3, "inputs": {**SECTION["inputs"]}})
    b = b.with_field("uncertainty.correlations", [])
    da = draws(a, a.uncertainty_or_default, 0, 1000)
    db = draws(b, b.uncertainty_or_default, 0, 1000)
    np.testing.assert_array_equal(da["revenue.yield"], db["revenue.yield"])
    # so a scenario change shows as the change alone, path by path
    c = b.with_field("economics.ebitda_margin", b.economics.ebitda_margin + 0.05)
    npv_b = montecarlo.run(b, paths=500).metrics["npv"]
    npv_c = montecarlo.run(c, paths=500).metrics["npv"]
    assert np.all(npv_c > npv_b)


def test_uniforms_are_a_stream_per_input() -> None:
    whole = uniforms(5, "revenue.yield", 0, 1000)
    np.testing.assert_array_equal(whole[400:700], uniforms(5, "revenue.yield", 400, 300))
    assert not np.array_equal(whole, uniforms(5, "revenue.ai_share", 0, 1000))
    assert not np.array_equal(whole, uniforms(6, "revenue.yield", 0, 1000))
    assert whole.min() > 0 and whole.max() < 1


def test_histogram_bands_match_exact_bands(monkeypatch: pytest.MonkeyPatch) -> None:
    s = uncertain({**SECTION, "paths": 20_000})
    exact = montecarlo.run(s)
    monkeypatch.setattr(montecarlo, "EXACT_BAND_VALUES", 0)
    binned = montecarlo.run(s, chunk=5000)
    assert exact.exact_bands and not binned.exact_bands
    for column in montecarlo.BAND_COLUMNS:
        span = exact.bands[column][-1] - exact.bands[column][0] + 1e-9
        err = np.abs(binned.bands[column] - exact.bands[column]) / span
        assert err.max() < 2e-3, column
        np.testing.assert_allclose(binned.means[column], exact.means[column], rtol=1e-10)


def test_progress_and_cancel() -> None:
    seen: list[tuple[int, int]] = []
    report = lambda d, t: seen.append((d, t)) or True  # noqa: E731
    montecarlo.run(uncertain(), progress=report, chunk=1000, workers=1)
    assert seen == [(1000, 3000), (2000, 3000), (3000, 3000)]
    seen.clear()
    montecarlo.run(uncertain(), progress=report, chunk=1000, workers=2)
    assert seen == [(2000, 3000), (3000, 3000)]  # after each pair of chunks run together
    with pytest.raises(montecarlo.RunCancelledError):
        montecarlo.run(uncertain(), progress=lambda d, t: False, chunk=1000)


def test_threads_do_not_change_the_result() -> None:
    s = uncertain()
    one, four = montecarlo.run(s, workers=1, chunk=500), montecarlo.run(s, workers=4, chunk=500)
    for key in one.metrics:
        np.testing.assert_array_equal(one.metrics[key], four.metrics[key])
    for key in one.bands:
        np.testing.assert_array_equal(one.bands[key], four.bands[key])


def test_the_model_is_unchanged_without_draws() -> None:
    s = uncertain({"paths": 100, "inputs": {}})
    mc = montecarlo.run(s)
    det = simulate_inputs(Inputs.from_scenario(s))
    np.testing.assert_allclose(mc.metrics["npv"], det.metrics["npv"][0], rtol=1e-12)


# --- the section in files -----------------------------------------------------------
def test_section_round_trips_and_defaults() -> None:
    s = uncertain()
    again = Scenario.from_dict(s.to_dict())
    assert again == s and again.uncertainty_or_default == parse(SECTION)
    doc = default_scenario().to_dict()
    del doc["uncertainty"]
    assert (Scenario.from_dict(doc)).uncertainty_or_default == Uncertainty()
    assert parse({}) == Uncertainty(seed=2025, paths=10_000)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"seed": -1}, "uncertainty.seed: must be an integer from 0"),
        ({"paths": 10}, "uncertainty.paths: must be from 100 to 1,000,000 (got 10)"),
        ({"paths": 2.5}, "uncertainty.paths: must be a whole number"),
        ({"runs": 5}, "uncertainty.runs: unknown key in uncertainty"),
        ({"inputs": {"name": {"dist": "normal", "mean": 0, "sd": 1}}}, "is not a numeric"),
        (
            {"inputs": {"revenue.ai_share": {"dist": "uniform", "low": 0.5, "high": 1.5}}},
            "uncertainty.inputs.revenue.ai_share: must stay inside the input's valid range 0 .. 1",
        ),
        (
            {"inputs": {"revenue.ai_share": {"dist": "normal", "mean": 5, "sd": 0.01}}},
            "puts almost no probability inside 0 .. 1",
        ),
        (
            {
                "inputs": {
                    "program.categories.9.life_years": {"dist": "uniform", "low": 1, "high": 2}
                }
            },
            "uncertainty.inputs.program.categories.9.life_years: names no input of this scenario",
        ),
        (
            {
                "inputs": {"revenue.yield": {"dist": "uniform", "low": 0.5, "high": 1}},
                "correlations": [{"between": ["revenue.yield", "revenue.ai_share"], "rank": 0.5}],
            },
            "uncertainty.correlations.0.between: must name two uncertain inputs",
        ),
        (
            {
                "inputs": {
                    "revenue.yield": {"dist": "uniform", "low": 0.5, "high": 1},
                    "revenue.ai_share": {"dist": "uniform", "low": 0.1, "high": 0.2},
                },
                "correlations": [{"between": ["revenue.yield", "revenue.ai_share"], "rank": 2}],
            },
            "uncertainty.correlations.0.rank: must be from -1 to 1 (got 2)",
        ),
        (
            {
                "inputs": {
                    p: {"dist": "uniform", "low": 0.1, "high": 0.2}
                    for p in ("revenue.ai_share", "revenue.yield", "economics.tax_rate")
                },
                "correlations": [
                    {"between": ["revenue.yield", "revenue.ai_share"], "rank": 0.9},
                    {"between": ["revenue.yield", "economics.tax_rate"], "rank": 0.9},
                    {"between": ["revenue.ai_share", "economics.tax_rate"], "rank": -0.9},
                ],
            },
            "uncertainty.correlations: these correlations cannot hold together",
        ),
    ],
)
def test_bad_sections_are_refused_with_the_field(section: dict, message: str) -> None:
    doc = default_scenario().to_dict()
    doc["uncertainty"] = section
    with pytest.raises(ScenarioError) as err:
        Scenario.from_dict(doc)
    assert message in str(err.value)


def test_removing_a_category_prunes_its_uncertainty() -> None:
    s = uncertain()
    first = {**s.to_dict()["program"]["categories"][0], "share": 1.0}
    s2 = s.with_field("program.categories", [first])
    assert "program.categories.1.lag_quarters" not in s2.to_dict()["uncertainty"]["inputs"]
    assert "revenue.yield" in s2.to_dict()["uncertainty"]["inputs"]
    assert s2.to_dict()["uncertainty"]["correlations"] == SECTION["correlations"]


def test_the_compiled_engine_gives_the_numpy_engines_run() -> None:
    """Same draws; every metric and band to 1e-12 (the fused pass's contract)."""
    from simulator.model import fused

    pytest.importorskip("numba")
    assert fused.warm_up()
    s = uncertain()
    plain = montecarlo.run(s, paths=1500, engine="numpy")
    compiled = montecarlo.run(s, paths=1500, engine="fused")
    for key in plain.draws:
        np.testing.assert_array_equal(plain.draws[key], compiled.draws[key])
    assert set(plain.metrics) == set(compiled.metrics)
    for key in plain.metrics:
        np.testing.assert_allclose(
            compiled.metrics[key], plain.metrics[key], rtol=1e-12, atol=1e-9, err_msg=key
        )
    for key in plain.bands:
        np.testing.assert_allclose(compiled.bands[key], plain.bands[key], rtol=1e-12, atol=1e-9)
    with pytest.raises(ValueError, match="engine"):
        montecarlo.run(s, paths=10, engine="gpu")
