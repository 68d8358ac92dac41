"""Every analysis varies a category's life over the range the file accepts (issue 16).

Lives of up to 1,000 years load; a Monte Carlo run, the tornado's drivers and goal
seek once cut them at 100, so with a life of 500 every path gave an NPV of -68.22
against the deterministic -65.79.
"""

from __future__ import annotations

import pytest

from simulator.analysis import montecarlo
from simulator.analysis.drivers import drivers
from simulator.model.engine import simulate
from simulator.scenario import fields
from simulator.scenario.limits import MAX_LIFE_YEARS
from simulator.scenario.presets import default_scenario
from simulator.scenario.value import Scenario

LIFE = "program.categories.0.life_years"
ECON = "program.categories.0.economic_life_years"


def long_lived(years: float) -> Scenario:
    doc = default_scenario().with_field(LIFE, years).to_dict()
    doc["program"]["categories"][0]["economic_life_years"] = years
    doc.pop("uncertainty", None)
    return Scenario.from_dict(doc)


def test_the_file_accepts_lives_up_to_the_limit() -> None:
    assert fields.field(LIFE).high == MAX_LIFE_YEARS == fields.field(ECON).high
    assert long_lived(MAX_LIFE_YEARS).program.categories[0].life_years == MAX_LIFE_YEARS


@pytest.mark.parametrize("path", [LIFE, ECON])
def test_drivers_span_the_files_range(path: str) -> None:
    found = {d.path: d for d in drivers(long_lived(500.0))}
    assert found[path].high == MAX_LIFE_YEARS
    assert found[path].base == 500.0
    assert float(found[path].clip(500.0)) == 500.0


@pytest.mark.parametrize("years", [150.0, 500.0, MAX_LIFE_YEARS])
def test_a_monte_carlo_run_of_a_sure_long_life_equals_the_projection(years: float) -> None:
    s = long_lived(years)
    sure = {"dist": "uniform", "low": years, "high": years}
    section = {"seed": 3, "paths": 200, "inputs": {LIFE: sure, ECON: sure}}
    mc = montecarlo.run(s.with_field("uncertainty", section), engine="numpy")
    expected = simulate(s).metrics["npv"]
    assert mc.metrics["npv"] == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert long_lived(100.0) != s and simulate(long_lived(100.0)).metrics["npv"] != expected
