"""Helpers shared by several test folders: the command line and synthetic actuals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO

from simulator import Scenario, load_scenario, simulate
from simulator.analysis.calibration import param

ACTUAL_QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1"]


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``main.py`` with ``args`` in a fresh process without a display."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def with_actuals(s: Scenario, section: dict) -> Scenario:
    """``s`` with its ``actuals`` section replaced by ``section``."""
    doc = s.to_dict()
    doc["actuals"] = section
    return Scenario.from_dict(doc)


V1_BASE = REPO / "tests" / "data" / "v1" / "alibaba-2025-base.json"


def v1_base() -> Scenario:
    """The version 1 base plan (MODEL.md's example with ranges and 2025-26 actuals)."""
    return load_scenario(V1_BASE)


def synthetic(truth: dict[str, float]) -> Scenario:
    """The v1 base scenario with cloud revenue actuals made by the model at ``truth``."""
    base = v1_base()
    s = base
    for path, value in truth.items():
        s = param(s, path).to_scenario(s, value)
    revenue = simulate(s)["cloud_revenue"]
    values = {q: float(revenue[i]) for i, q in enumerate(ACTUAL_QUARTERS)}
    return with_actuals(base, {"cloud_revenue": {"source": "the model", "values": values}})
