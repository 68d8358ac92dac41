"""The shipped presets: valid, the base equal to MODEL.md's example, notes citing sources."""

from __future__ import annotations

import json

import pytest
from conftest import MODEL_EXAMPLE, REPO

from simulator import ScenarioError, list_presets, load_preset, simulate
from simulator.scenario.presets import PRESET_DIR


def test_four_presets_default_first():
    names = list_presets()
    assert names[0] == "Alibaba 2025 plan (base)"
    assert set(names) == {
        "Alibaba 2025 plan (base)",
        "Alibaba 2025 plan (bull)",
        "Alibaba 2025 plan (bear)",
        "Beyond 380 bn (extended plan)",
    }
    assert len(list(PRESET_DIR.glob("*.json"))) == 4


def test_version_1_base_fixture_is_model_example_exactly():
    """The version 1 base plan is kept as a fixture forever: MODEL.md's example."""
    doc = json.loads((REPO / "tests" / "data" / "v1" / "alibaba-2025-base.json").read_text())
    notes = doc.pop("notes")
    uncertainty = doc.pop("uncertainty")  # the preset adds ranges to the example
    actuals = doc.pop("actuals")  # and the reported quarters
    assert notes and uncertainty["inputs"] and actuals["cloud_revenue"]["values"]
    assert doc == MODEL_EXAMPLE


@pytest.mark.parametrize("name", list_presets())
def test_notes_cite_sources_and_name_assumptions(name):
    notes = load_preset(name).notes
    assert "380" in notes and "Xinhua" in notes and "FACTS.md" in notes
    assert "What the model says" in notes and "Fitted to the reported quarters" in notes
    assert "ssumption" in notes  # says which values are assumptions


def test_presets_order_bear_base_bull_by_npv():
    npv = {n: simulate(load_preset(n)).summary["npv"] for n in list_presets()}
    assert npv["Alibaba 2025 plan (bear)"] < npv["Alibaba 2025 plan (base)"]
    assert npv["Alibaba 2025 plan (base)"] < npv["Alibaba 2025 plan (bull)"]


def test_extended_plan_spends_more_than_380():
    assert load_preset("alibaba-beyond-380").program.total_capex > 380


def test_unknown_preset_lists_the_known_ones():
    with pytest.raises(ScenarioError, match=r"no preset named .nope.*alibaba-2025-bull"):
        load_preset("nope")


def test_presets_are_what_the_builder_writes():
    """The preset files are scripts/build_presets.py's output for today's model: their
    fitted values and the NPVs quoted in their notes are current."""
    import runpy

    builder = runpy.run_path(str(REPO / "scripts" / "build_presets.py"), run_name="presets")
    assert builder["main"](["--check"]) == 0
