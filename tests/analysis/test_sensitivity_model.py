"""Drivers, tornado, spider, two-way tables and goal seek against one-scenario runs."""

from __future__ import annotations

import numpy as np
import pytest
from test_montecarlo import uncertain

from simulator.analysis import goalseek, sensitivity
from simulator.analysis.drivers import delayed_split, driver, drivers
from simulator.model.engine import simulate, simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario.presets import default_scenario, load_preset
from simulator.scenario.value import Scenario


def _certain(s: Scenario) -> Scenario:
    doc = s.to_dict()
    doc.pop("uncertainty", None)
    return Scenario.from_dict(doc)


BASE = _certain(default_scenario())


def npv(s: Scenario) -> float:
    return simulate(s).metrics["npv"]


@pytest.mark.parametrize("d", drivers(BASE), ids=lambda d: d.path)
def test_each_driver_on_the_path_axis_equals_the_edited_scenario(d) -> None:
    """Setting a driver on N paths equals editing the scenario and running it alone."""
    values = [d.relative(BASE, f) for f in (-0.25, 0.1, 0.3)]
    batch = simulate_inputs(d.apply(Inputs.from_scenario(BASE).repeat(3), values))
    for i, v in enumerate(values):
        alone = simulate(d.to_scenario(BASE, v))
        np.testing.assert_allclose(batch["cum_fcf"][i], alone["cum_fcf"], rtol=1e-9, atol=1e-9)
        assert batch.metrics["npv"][i] == pytest.approx(alone.metrics["npv"], rel=1e-9)


def test_delay_moves_spend_between_years_and_keeps_the_total() -> None:
    split = np.array([0.2, 0.3, 0.5])
    out = delayed_split(split, np.array([0.0, 1.0, 0.5, -0.5, -5.0, 20.0]))
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_allclose(out[0, :3], split)
    np.testing.assert_allclose(out[1, :4], [0, 0.2, 0.3, 0.5])
    np.testing.assert_allclose(out[2, :4], [0.1, 0.25, 0.4, 0.25])
    np.testing.assert_allclose(out[3, :3], [0.2 + 0.15, 0.4, 0.25])
    np.testing.assert_allclose(out[4, 0], 1.0)
    np.testing.assert_allclose(out[5, 9], 1.0)


def test_relative_moves_are_documented_ones() -> None:
    yield_ = driver(BASE, "revenue.yield")
    assert yield_.relative(BASE, 0.2) == pytest.approx(BASE.revenue.yield_ * 1.2)
    share = driver(BASE, "revenue.ai_share")
    assert share.relative(BASE, 100.0) == 1.0  # clipped to the valid range
    growth = driver(BASE, "revenue.ai_growth")
    rates = list(BASE.revenue.ai_growth)
    rates += [rates[-1]] * (BASE.horizon_years - len(rates))
    assert growth.relative(BASE, 0.2) == pytest.approx(0.2 * np.mean(rates[: BASE.horizon_years]))
    split = driver(BASE, "program.year_split")
    assert split.relative(BASE, 0.2) == pytest.approx(0.2 * len(BASE.program.year_split))


def test_tornado_bars_equal_one_at_a_time_runs() -> None:
    t = sensitivity.tornado(BASE, "npv")
    assert t.base == pytest.approx(npv(BASE), rel=1e-12)
    swings = [b.swing for b in t.bars]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    for bar in t.bars[:6]:
        assert not bar.from_distribution
        assert bar.metric_low == pytest.approx(npv(bar.driver.to_scenario(BASE, bar.low)), rel=1e-9)
        assert bar.metric_high == pytest.approx(
            npv(bar.driver.to_scenario(BASE, bar.high)), rel=1e-9
        )
    assert len({b.driver.path for b in t.bars}) == len(drivers(BASE))


def test_tornado_uses_p10_p90_of_distributions() -> None:
    s = uncertain()
    bar = next(b for b in sensitivity.tornado(s).bars if b.driver.path == "revenue.yield")
    assert bar.from_distribution
    # triangular 0.6 / 0.8 / 1.0: P10 = 0.6 + sqrt(0.1 * 0.4 * 0.2)
    assert bar.low == pytest.approx(0.6 + np.sqrt(0.1 * 0.4 * 0.2))
    assert bar.high == pytest.approx(1.0 - np.sqrt(0.1 * 0.4 * 0.2))


def test_spider_lines_pass_through_the_base() -> None:
    sp = sensitivity.spider(BASE, "irr")
    middle = sp.steps.index(0.0)
    base_irr = simulate(BASE).metrics["irr"]
    np.testing.assert_allclose(sp.values[:, middle], base_irr, rtol=1e-9)
    i = [d.path for d in sp.drivers].index("economics.ebitda_margin")
    moved = BASE.with_field("economics.ebitda_margin", BASE.economics.ebitda_margin * 1.3)
    assert sp.values[i, -1] == pytest.approx(simulate(moved).metrics["irr"], rel=1e-9)


def test_two_way_grid_equals_scenario_runs() -> None:
    a = np.linspace(0.5, 1.2, 5)
    b = np.linspace(300.0, 460.0, 4)
    tw = sensitivity.two_way(BASE, "revenue.yield", a, "program.total_capex", b, "npv")
    assert tw.values.shape == (4, 5)
    for i, j in ((0, 0), (3, 4), (2, 1)):
        s = BASE.with_field("revenue.yield", a[j]).with_field("program.total_capex", b[i])
        assert tw.values[i, j] == pytest.approx(npv(s), rel=1e-9)


@pytest.mark.parametrize(
    ("path", "metric", "target"),
    [
        ("revenue.yield", "npv", 0.0),
        ("economics.ebitda_margin", "irr", BASE.economics.discount_rate),
        ("program.total_capex", "npv", -60.0),
        # the fitted v2 base: AI growth moves the NPV over -491 .. -96 bn; no AI margin
        # brings the discounted payback inside the horizon, the plain payback it does
        ("revenue.ai_growth", "npv", -150.0),
        ("economics.ebitda_margin", "payback_years", 9.0),
        ("program.year_split", "npv", -90.0),
    ],
)
def test_goal_seek_result_meets_the_target_when_fed_back(path, metric, target) -> None:
    sol = goalseek.seek(BASE, path, goalseek.Goal(metric, target))
    fed_back = simulate(sol.driver.to_scenario(BASE, sol.value)).metrics[metric]
    if "payback" in metric:  # a step function of quarters: reached at the found value
        assert fed_back <= target + 1e-9
        worse = sol.driver.to_scenario(BASE, sol.value - 1e-4)
        assert simulate(worse).metrics[metric] > target or np.isnan(simulate(worse).metrics[metric])
    else:
        assert fed_back == pytest.approx(target, abs=1e-4)


def test_goal_seek_says_when_no_value_reaches_the_target() -> None:
    with pytest.raises(goalseek.UnreachableGoalError) as err:
        goalseek.seek(BASE, "revenue.ai_share", goalseek.Goal("npv", 10_000.0))
    message = str(err.value)
    assert message.startswith("revenue.ai_share: no value of AI share from 0.0 % to 100.0 %")
    assert "npv = 10000" in message and "it ranges from" in message


def test_goal_seek_on_a_monte_carlo_median() -> None:
    s = uncertain()
    goal = goalseek.Goal("npv", 0.0, "p50")
    sol = goalseek.seek(s, "economics.ebitda_margin", goal, paths=1000)
    assert abs(sol.achieved) < 1e-3
    from simulator.analysis import montecarlo

    moved = s.with_field("economics.ebitda_margin", sol.value)
    mc = montecarlo.run(moved, paths=1000)
    assert np.median(mc.metrics["npv"]) == pytest.approx(0.0, abs=1e-3)


def test_goal_seek_on_a_probability() -> None:
    s = _certain(load_preset("Alibaba 2025 plan (bull)")).with_field(
        "uncertainty", {"inputs": {"revenue.ai_growth": {"dist": "normal", "mean": 0, "sd": 0.1}}}
    )
    goal = goalseek.Goal("npv", 0.8, "prob_above", 0.0)
    sol = goalseek.seek(s, "revenue.yield", goal, paths=1000)
    assert sol.achieved == pytest.approx(0.8, abs=0.002)  # a step of 1/1000 at most
