"""Honest statistics: undefined outcomes as a category, a minimum count, no probabilities
for a run whose inputs do not vary, and the base case's percentile rank."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.analysis import montecarlo
from simulator.analysis.stats import (
    MIN_DEFINED,
    base_case_rank,
    headline_probabilities,
    outcome_summary,
    probabilities,
    statistics_table,
    summarize,
)
from simulator.model.outputs import METRICS
from simulator.scenario.presets import default_scenario, load_preset


@pytest.fixture(scope="module")
def base_run() -> montecarlo.MonteCarloResult:
    return montecarlo.run(default_scenario())


PARTIAL = ("payback_years", "discounted_payback_years", "revenue_crossover_years", "irr")


@pytest.fixture(scope="module")
def wide_run() -> montecarlo.MonteCarloResult:
    """A yield from 0.2 to 3: some paths pay back within the horizon, others never."""
    section = {
        "paths": 4000,
        "inputs": {"revenue.yield": {"dist": "uniform", "low": 0.2, "high": 3}},
    }
    return montecarlo.run(default_scenario().with_field("uncertainty", section))


def partly_defined(mc: montecarlo.MonteCarloResult) -> str:
    """The first metric of PARTIAL defined on some but not all paths of ``mc``."""
    for key in PARTIAL:
        defined = np.count_nonzero(~np.isnan(mc.metrics[key]))
        if 0 < defined < mc.paths:
            return key
    raise AssertionError("no metric is defined on only part of the paths")


def test_the_defined_share_comes_first(wide_run) -> None:
    key = partly_defined(wide_run)
    summary = outcome_summary(wide_run, key, minimum=1)
    x = wide_run.metrics[key]
    defined = int(np.count_nonzero(~np.isnan(x)))
    assert (summary.paths, summary.defined) == (4000, defined)
    assert summary.share_defined == pytest.approx(defined / 4000)
    assert summary.shown and summary.stats["p50"] == summarize(x)["p50"]
    note = summary.note()
    label = METRICS[key].label
    assert note.startswith(f"{label}: defined on {summary.share_defined:.1%} of paths")
    assert f"{METRICS[key].undefined} on the rest" in note and f"the {defined:,} defined" in note
    assert summary.mean.n == defined and summary.percentiles["p50"].n == defined
    npv = outcome_summary(wide_run, "npv")
    assert npv.note() == "NPV: defined on every path (4,000)" and npv.shown


def test_too_few_defined_paths_give_no_statistics(wide_run) -> None:
    assert MIN_DEFINED == 100
    key = partly_defined(wide_run)
    defined = int(np.count_nonzero(~np.isnan(wide_run.metrics[key])))
    assert outcome_summary(wide_run, key).shown == (defined >= 100)
    late = outcome_summary(wide_run, key, minimum=defined + 1)
    assert not late.shown and late.stats is None and late.mean is None and not late.percentiles
    assert late.base_case_rank is None
    assert f"too few ({defined:,} < {defined + 1}) for statistics" in late.note()


def test_fixed_scenarios_never_yield_a_probability() -> None:
    for name in ("base", "bull", "bear", "beyond-380"):
        s = load_preset(name).with_field("uncertainty", {"paths": 300})  # no uncertain inputs
        assert not s.uncertainty_or_default.inputs
        mc = montecarlo.run(s, paths=300)
        assert mc.deterministic_only
        assert probabilities(mc) is None
        for key, summary in statistics_table(mc).items():
            assert not summary.shown and summary.base_case_rank is None, key
            assert summary.note().endswith("no uncertain inputs — deterministic")
        assert base_case_rank(mc, "npv") is None


def test_zero_spread_inputs_are_deterministic_too() -> None:
    s = default_scenario().with_field(
        "uncertainty",
        {"paths": 200, "inputs": {"revenue.yield": {"dist": "normal", "mean": 0.8, "sd": 0}}},
    )
    mc = montecarlo.run(s)
    assert mc.deterministic_only and probabilities(mc) is None


def test_probabilities_with_intervals(base_run) -> None:
    got = probabilities(base_run, (5.0, 10.0))
    plain = headline_probabilities(base_run.metrics, (5.0, 10.0))
    assert list(got) == list(plain)
    for label, iv in got.items():
        assert iv.estimate == plain[label] and iv.low <= iv.estimate <= iv.high
        assert iv.method == "Wilson" and iv.n == 10_000


def test_the_base_case_rank(base_run) -> None:
    npv = base_run.metrics["npv"]
    d = base_run.deterministic.metrics["npv"]
    rank = base_case_rank(base_run, "npv")
    assert rank == pytest.approx(100 * np.mean(npv < d))  # no ties in a continuous metric
    assert outcome_summary(base_run, "npv").base_case_rank == rank
    fake = type("Run", (), {})()  # mid-rank: half of the values equal to the base count
    fake.metrics = {"npv": np.array([1.0, 2.0, 2.0, 3.0] * 25)}
    fake.deterministic = type("Det", (), {"metrics": {"npv": 2.0}})()
    fake.deterministic_only = False
    assert base_case_rank(fake, "npv") == pytest.approx(100 * (25 + 25) / 100)
    fake.deterministic.metrics = {"npv": float("nan")}  # an undefined base case has no rank
    assert base_case_rank(fake, "npv") is None


def test_the_table_reports_progress_and_can_be_cancelled(base_run) -> None:
    from simulator.analysis.montecarlo import RunCancelledError

    seen: list[tuple[int, int]] = []
    table = statistics_table(base_run, progress=lambda d, t: seen.append((d, t)) or True)
    assert list(table)[:3] == ["total_capex", "npv", "irr"]
    assert seen == [(i + 1, len(table)) for i in range(len(table))]
    with pytest.raises(RunCancelledError):
        statistics_table(base_run, progress=lambda d, t: d < 2)
