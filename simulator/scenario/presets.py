"""Preset scenarios shipped in ``resources/scenarios/`` (one JSON file each).

A preset is named by its short id (``base``), its file stem (``alibaba-2025-base``)
or its full name (``Alibaba 2025 plan (base)``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from simulator.about import RESOURCES
from simulator.errors import ScenarioError
from simulator.scenario.files import load_scenario
from simulator.scenario.value import Scenario

PRESET_DIR = RESOURCES / "scenarios"
DEFAULT_PRESET = "Alibaba 2025 plan (base)"
SHORT_IDS = {
    "base": "alibaba-2025-base",
    "bull": "alibaba-2025-bull",
    "bear": "alibaba-2025-bear",
    "beyond-380": "alibaba-beyond-380",
}
"""Short id -> file stem of the shipped presets."""


@cache
def _presets() -> dict[str, Path]:
    return {load_scenario(p).name: p for p in sorted(PRESET_DIR.glob("*.json"))}


def list_presets() -> list[str]:
    """Names of the shipped presets, the default first."""
    return sorted(_presets(), key=lambda n: (n != DEFAULT_PRESET, n))


def short_id(name: str) -> str:
    """The short id of a preset name (its file stem when it has none)."""
    stem = _presets()[name].stem
    return next((k for k, v in SHORT_IDS.items() if v == stem), stem)


def preset_path(name: str) -> Path:
    """The file of a preset, found by its short id, file stem or name."""
    presets = _presets()
    if name in presets:
        return presets[name]
    stems = {p.stem: p for p in presets.values()}
    stem = SHORT_IDS.get(name, name)
    if stem in stems:
        return stems[stem]
    known = "; ".join(f"{short_id(n)} ({presets[n].stem}, {n!r})" for n in list_presets())
    raise ScenarioError("", f"no preset named {name!r}; presets are: {known}")


def load_preset(name: str) -> Scenario:
    """Load a preset by short id, file stem or name."""
    return load_scenario(preset_path(name))


def default_scenario() -> Scenario:
    """The scenario the app starts with: the Alibaba 2025 base plan."""
    return load_preset(DEFAULT_PRESET)
