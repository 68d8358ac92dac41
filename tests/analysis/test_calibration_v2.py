"""Calibration v2: priors, facts, standard errors, identification, held-out quarters."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import load_preset, simulate
from simulator.analysis.calibration import calibrate
from simulator.analysis.fit import fit
from simulator.errors import ScenarioError

BASE = load_preset("base")


def test_the_done_when_criterion_of_the_issue():
    """Fitted on the quarters through 2025Q3, the base preset predicts 2025Q4 and 2026Q1
    within 4%, fits 2025Q1-Q3 within 3% MAPE, with AI 12-45% of cloud revenue in 2025Q3."""
    c = calibrate(BASE, through="2025Q3")
    (held,) = [f for f in c.held_out if f.column == "cloud_revenue"]
    assert held.quarters == ("2025Q4", "2026Q1")
    assert np.all(np.abs(held.pct_error) < 0.04), held.pct_error
    r = simulate(c.scenario)
    (seen,) = fit(r, c.scenario.actual_series, c.scenario.first_period)[:1]
    errors = dict(zip(seen.quarters, seen.pct_error, strict=True))
    assert np.mean([abs(errors[q]) for q in ("2025Q1", "2025Q2", "2025Q3")]) <= 0.03
    t = r.periods.index("2025Q3")
    assert 0.12 <= r["ai_revenue"][t] / r["cloud_revenue"][t] <= 0.45


def test_a_fit_starts_from_the_priors_never_from_an_earlier_fit():
    first = calibrate(BASE)
    again = calibrate(first.scenario)
    np.testing.assert_allclose(again.after, first.after, rtol=1e-9)
    assert [p.start for p in again.params] == [p.start for p in first.params]


def test_the_preset_is_its_own_fit():
    """The presets hold the values their own calibration finds."""
    c = calibrate(BASE)
    for p, value in zip(c.params, c.after, strict=True):
        assert (
            BASE.get_field(p.path) == pytest.approx(value, rel=1e-6, abs=1e-9)
            or "seasonality" in p.path
        )


def test_heavy_priors_hold_the_inputs_at_their_priors():
    doc = BASE.to_dict()
    doc["calibration"]["weight"] = 1e6
    c = calibrate(type(BASE).from_dict(doc))
    for p, value in zip(c.params, c.after, strict=True):
        assert value == pytest.approx(p.prior.value, rel=1e-3, abs=1e-3), p.path


def test_a_fit_never_ends_worse_than_its_start():
    c = calibrate(BASE, ["revenue.price_decline"])
    assert c.objective_end <= c.objective_start


def test_facts_pull_the_fit_into_their_bounds():
    doc = BASE.to_dict()
    doc["actuals"]["facts"] = [
        {
            "quarter": "2025Q3",
            "ratio": ["ai_revenue", "cloud_revenue"],
            "at_least": 0.40,
            "source": "test",
        }
    ]
    c = calibrate(type(BASE).from_dict(doc))
    r = simulate(c.scenario)
    t = r.periods.index("2025Q3")
    assert r["ai_revenue"][t] / r["cloud_revenue"][t] > 0.38  # near the bound, not at 0.27


def test_contradicting_facts_are_refused_naming_both():
    doc = BASE.to_dict()
    fact = {"quarter": "2025Q3", "ratio": ["ai_revenue", "cloud_revenue"], "source": "x"}
    doc["actuals"]["facts"] = [{**fact, "at_least": 0.3}, {**fact, "at_most": 0.2}]
    with pytest.raises(ScenarioError, match=r"actuals\.facts\.1: contradicts actuals\.facts\.0"):
        type(BASE).from_dict(doc)


def test_standard_errors_and_identification_in_words():
    c = calibrate(BASE, ["revenue.ai_share", "revenue.ai_growth.0"])
    assert c.identification.std_errors.shape == (2,)
    assert np.all(c.identification.std_errors > 0)
    assert c.identification.correlation[0, 0] == pytest.approx(1.0)
    assert any("tell apart" in w or "trade off" in w for w in c.warnings)


def test_fewer_data_points_than_inputs_is_said():
    doc = BASE.to_dict()
    doc["actuals"] = {"cloud_revenue": {"source": "x", "values": {"2025Q3": 39.82}}}
    c = calibrate(type(BASE).from_dict(doc), ["revenue.yield", "revenue.ramp_quarters"])
    assert any("Only 1 reported quarters for 2 fitted inputs" in w for w in c.warnings)


def test_calibration_section_is_checked_by_field():
    doc = BASE.to_dict()
    doc["calibration"]["fit"] = ["revenue.nope"]
    with pytest.raises(ScenarioError, match=r"calibration\.fit\.0"):
        type(BASE).from_dict(doc)
    doc = BASE.to_dict()
    doc["calibration"]["priors"]["revenue.yield"]["sd"] = 0
    with pytest.raises(
        ScenarioError, match=r"calibration\.priors\.revenue\.yield\.sd: must be > 0"
    ):
        type(BASE).from_dict(doc)
