"""Preset scenarios shipped in ``resources/scenarios/`` (one JSON file each)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from simulator.errors import ScenarioError
from simulator.files import load_scenario
from simulator.scenario import Scenario

PRESET_DIR = Path(__file__).resolve().parent.parent / "resources" / "scenarios"
DEFAULT_PRESET = "Alibaba 2025 plan (base)"


@cache
def _presets() -> dict[str, Path]:
    return {load_scenario(p).name: p for p in sorted(PRESET_DIR.glob("*.json"))}


def list_presets() -> list[str]:
    """Names of the shipped presets, the default first."""
    names = sorted(_presets(), key=lambda n: (n != DEFAULT_PRESET, n))
    return names


def preset_path(name: str) -> Path:
    """The file of a preset, found by its name or its file stem (``alibaba-2025-bull``)."""
    presets = _presets()
    if name in presets:
        return presets[name]
    stems = {p.stem: p for p in presets.values()}
    if name in stems:
        return stems[name]
    known = "; ".join(f"{n!r} ({p.stem})" for n, p in presets.items())
    raise ScenarioError("", f"no preset named {name!r}; presets are: {known}")


def load_preset(name: str) -> Scenario:
    """Load a preset by name or file stem."""
    return load_scenario(preset_path(name))


def default_scenario() -> Scenario:
    """The scenario the app starts with: the Alibaba 2025 base plan."""
    return load_preset(DEFAULT_PRESET)
