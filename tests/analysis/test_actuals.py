"""Reported actuals: the section in files, the fit statistics, calibration, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import MODEL_EXAMPLE
from helpers import ACTUAL_QUARTERS as QUARTERS
from helpers import V1_BASE, synthetic, v1_base, with_actuals

import main
from simulator import load_scenario, save_scenario
from simulator.analysis.calibration import calibrate
from simulator.analysis.fit import cumulative, fit, total_mape
from simulator.errors import ScenarioError
from simulator.model.engine import simulate
from simulator.scenario.presets import list_presets, load_preset
from simulator.scenario.value import Scenario

BASE = v1_base()  # version 1: the 2025-26 quarters only, no priors


def test_presets_carry_the_reported_quarters() -> None:
    for name in list_presets():
        series = {a.column: a for a in load_preset(name).actual_series}
        revenue = series["cloud_revenue"]
        assert revenue.quarters[-5:] == tuple(QUARTERS)
        assert revenue.values[-5:] == (30.1, 33.40, 39.82, 43.2, 41.6)
        assert {"2024Q2", "2025Q1", "2025Q4"} == revenue.derived
        assert series["capex"].values == (24.6, 38.68, 31.5)
        assert "FACTS.md" in revenue.source and "derived" in series["capex"].source


def test_fit_statistics_equal_a_hand_computation() -> None:
    result = simulate(BASE)
    fits = {f.column: f for f in fit(result, BASE.actual_series, BASE.first_period)}
    model = result["cloud_revenue"][:5]
    actual = np.array([30.1, 33.40, 39.82, 43.2, 41.6])
    f = fits["cloud_revenue"]
    np.testing.assert_array_equal(f.model, model)
    np.testing.assert_array_equal(f.error, model - actual)
    hand = sum(abs(m - a) / a for m, a in zip(model, actual, strict=True)) / 5
    assert f.mape == pytest.approx(hand, rel=1e-12)
    capex = np.array([24.6, 38.68, 31.5])
    errors = [abs(m - a) / a for m, a in zip(result["capex"][:3], capex, strict=True)]
    pooled = (hand * 5 + sum(errors)) / 8
    assert total_mape(tuple(fits.values())) == pytest.approx(pooled, rel=1e-12)
    assert f.derived == (True, False, False, True, False)


def test_quarters_outside_the_horizon_are_kept_but_not_fitted() -> None:
    s = with_actuals(
        BASE,
        {"cloud_revenue": {"source": "x", "values": {"2024Q4": 31.74, "2025Q2": 33.4}}},
    )
    (f,) = fit(simulate(s), s.actual_series, s.first_period)
    assert f.quarters == ("2025Q2",)
    t, running = cumulative(s.actual_series[0], s.start, s.quarters)
    assert t.size == 0  # 2025Q1 is missing: no running total
    t, running = cumulative(BASE.actual_series[1], BASE.start, BASE.quarters)
    np.testing.assert_allclose(running, np.cumsum([24.6, 38.68, 31.5]))


def test_a_file_with_actuals_round_trips_exactly(tmp_path) -> None:
    path = tmp_path / "a.json"
    save_scenario(BASE, path)
    again = load_scenario(path)
    assert again == BASE
    assert again.to_dict()["actuals"] == BASE.to_dict()["actuals"]
    assert json.loads(path.read_text())["actuals"]["capex"]["values"]["2025Q2"] == 38.68


def test_a_file_without_actuals_still_loads() -> None:
    s = Scenario.from_dict(MODEL_EXAMPLE)
    assert s.actuals is None and s.actual_series == ()
    assert "actuals" not in s.to_dict()


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ([], "actuals: must be an object"),
        ({"revenue": {"source": "x", "values": {"2025Q1": 1}}}, "actuals.revenue: is not a model"),
        ({"capex": {"values": {"2025Q1": 1}}}, "actuals.capex.source: required field is missing"),
        ({"capex": {"source": " ", "values": {"2025Q1": 1}}}, "actuals.capex.source: must name"),
        ({"capex": {"source": "x", "values": {}}}, "actuals.capex.values: must map 1 to 200"),
        ({"capex": {"source": "x", "values": {"2025-03": 1}}}, "actuals.capex.values.2025-03"),
        ({"capex": {"source": "x", "values": {"2025Q1": "1"}}}, "2025Q1: must be a number"),
        (
            {"capex": {"source": "x", "values": {"2025Q1": 1}, "derived": ["2025Q2"]}},
            "actuals.capex.derived: names '2025Q2', which has no value",
        ),
        ({"capex": {"source": "x", "values": {"2025Q1": 1}, "note": 1}}, "capex.note: unknown key"),
    ],
)
def test_bad_actuals_are_refused_by_field(section, message) -> None:
    with pytest.raises(ScenarioError) as err:
        with_actuals(BASE, section)
    assert message in str(err.value)


@pytest.mark.parametrize(
    "truth",
    [
        {"revenue.ai_share": 0.22, "revenue.ai_growth.0": 1.6},
        {"revenue.ai_share": 0.1, "revenue.ai_growth.0": 0.9, "revenue.core_growth.0": 0.14},
        {"revenue.base_quarterly": 29.0, "revenue.core_growth": 0.03},
    ],
)
def test_calibration_recovers_the_inputs_that_made_the_data(truth) -> None:
    c = calibrate(synthetic(truth), list(truth))
    for p, value in zip(c.params, c.after, strict=True):
        assert value == pytest.approx(truth[p.path], rel=1e-5, abs=1e-7), p.path
    assert c.mape_after < 1e-6 < c.mape_before
    for path, value in truth.items():
        assert c.scenario.get_field(path) == pytest.approx(value, rel=1e-5, abs=1e-7) or (
            path == "revenue.core_growth"
        )


def test_a_fit_never_leaves_the_valid_range() -> None:
    # actuals far below anything reachable: growth would have to fall below -100%
    values = {q: 0.5 for q in QUARTERS}
    s = with_actuals(BASE, {"cloud_revenue": {"source": "x", "values": values}})
    c = calibrate(s, ["revenue.ai_share", "revenue.core_growth.0", "revenue.ai_growth.0"])
    share, core, ai = c.after
    assert 0.0 <= share <= 1.0 and -1.0 < core <= 10.0 and -1.0 < ai <= 10.0
    assert ai == pytest.approx(-1.0, abs=1e-6)  # pinned at the edge of its range
    Scenario.from_dict(c.scenario.to_dict())  # a valid scenario


def test_calibration_explains_what_it_cannot_do() -> None:
    with pytest.raises(ScenarioError, match=r"revenue\.ai_growth\.9: names no entry"):
        calibrate(BASE, ["revenue.ai_growth.9"])
    with pytest.raises(ScenarioError, match="name: is not an input calibration can move"):
        calibrate(BASE, ["name"])
    with pytest.raises(ScenarioError, match="actuals: no reported quarter"):
        calibrate(Scenario.from_dict(MODEL_EXAMPLE), ["revenue.ai_share"])


def test_cli_calibrate_writes_the_fitted_scenario(tmp_path, capsys) -> None:
    src = tmp_path / "in.json"
    save_scenario(synthetic({"revenue.ai_share": 0.22, "revenue.ai_growth.0": 1.6}), src)
    out = tmp_path / "out.json"
    code = main.main(
        ["calibrate", str(src), "--fit", "revenue.ai_share,revenue.ai_growth.0", "--out", str(out)]
    )
    assert code == 0
    fitted = load_scenario(out)
    assert fitted.revenue.ai_share == pytest.approx(0.22, rel=1e-5)
    assert fitted.revenue.ai_growth[0] == pytest.approx(1.6, rel=1e-5)
    printed = capsys.readouterr().out
    assert "revenue.ai_share: 0.15 -> 0.22" in printed and "MAPE:" in printed


def test_cli_calibrate_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys) -> None:
    out = tmp_path / "out.json"
    code = main.main(
        ["calibrate", "--preset", "alibaba-2025-base", "--fit", "revenue.nope", "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.count("\n") == 1 and "revenue.nope" in err
    # without --fit the file's calibration.fit is used; a file without one must name inputs
    assert main.main(["calibrate", str(V1_BASE), "--out", str(out)]) == 2
    assert "has no calibration section" in capsys.readouterr().err and not out.exists()
    assert main.main(["calibrate", "--preset", "base", "--out", str(out)]) == 0
