"""Cloud Capex Simulator's model: scenarios, files and the projection (pure NumPy).

The public API:

- ``load_scenario(path)``, ``save_scenario(scenario, path)``, ``parse_scenario_text``,
  ``scenario_json``: files, strictly checked and written atomically;
- ``list_presets()``, ``load_preset(name)`` (short id ``base``, file stem or name),
  ``default_scenario()``;
- ``Scenario``: the immutable, validated value; ``Scenario.with_field(path, value)``
  makes an edited copy;
- ``simulate(scenario)``: the projection (a :class:`Result`: columns as arrays and
  summary metrics); ``simulate_inputs(Inputs)`` the same for N paths at once;
- ``monte_carlo(scenario, paths=N)``: a Monte Carlo run of the file's uncertainty
  section (a :class:`~simulator.analysis.montecarlo.MonteCarloResult`).

>>> from simulator import load_preset, simulate
>>> result = simulate(load_preset("base"))
>>> round(result.summary["total_capex"], 6)
380.0
"""

from simulator.analysis.montecarlo import run as monte_carlo
from simulator.errors import ScenarioError
from simulator.model.engine import Result, simulate, simulate_inputs
from simulator.model.inputs import Inputs
from simulator.model.outputs import COLUMNS, SUMMARY_KEYS
from simulator.scenario.files import (
    load_scenario,
    parse_scenario_text,
    save_scenario,
    scenario_json,
)
from simulator.scenario.periods import periods
from simulator.scenario.presets import default_scenario, list_presets, load_preset
from simulator.scenario.sections import Category, Economics, Program, Revenue
from simulator.scenario.value import Scenario

__all__ = [
    "COLUMNS",
    "SUMMARY_KEYS",
    "Category",
    "Economics",
    "Inputs",
    "Program",
    "Result",
    "Revenue",
    "Scenario",
    "ScenarioError",
    "default_scenario",
    "list_presets",
    "load_preset",
    "load_scenario",
    "monte_carlo",
    "parse_scenario_text",
    "periods",
    "save_scenario",
    "scenario_json",
    "simulate",
    "simulate_inputs",
]
