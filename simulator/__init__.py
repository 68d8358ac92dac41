"""Cloud Capex Simulator's model: scenarios, files and the projection (pure NumPy).

>>> from simulator import load_preset, simulate
>>> result = simulate(load_preset("Alibaba 2025 plan (base)"))
>>> round(result.summary["total_capex"], 6)
380.0
"""

from simulator.engine import COLUMNS, SUMMARY_KEYS, Result, periods, simulate, simulate_inputs
from simulator.errors import ScenarioError
from simulator.files import load_scenario, parse_scenario_text, save_scenario, scenario_json
from simulator.inputs import Inputs
from simulator.presets import default_scenario, list_presets, load_preset
from simulator.scenario import Category, Economics, Program, Revenue, Scenario

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
    "parse_scenario_text",
    "periods",
    "save_scenario",
    "scenario_json",
    "simulate",
    "simulate_inputs",
]
