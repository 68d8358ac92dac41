"""Time the vectorised engine against the plain-loop reference of MODEL.md.

Run from the repository root: ``python benchmarks/bench_engine.py``. For the base
preset it prints the median time of (a) one deterministic run (goal < 0.2 ms) and
(b) 10,000 Monte Carlo paths in one call (goal < 50 ms), each next to the plain
per-quarter loop of ``tests/reference_model.py`` and the speed-up.
"""

from __future__ import annotations

import copy
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BASE_PRESET = ROOT / "resources" / "scenarios" / "alibaba-2025-base.json"
EXAMPLE: dict[str, Any] = {  # MODEL.md section 1, used when the preset is absent
    "format": "capex-scenario", "version": 1, "name": "Alibaba 2025 plan (base)",
    "currency": "CNY", "usd_fx": 7.17, "start": "2025Q1", "horizon_years": 10,
    "program": {"total_capex": 380.0, "year_split": [0.33, 0.33, 0.34], "categories": [
        {"name": "Servers & accelerators", "share": 0.55, "life_years": 5,
         "lag_quarters": 1, "adds_capacity": True},
        {"name": "Network & storage", "share": 0.10, "life_years": 6,
         "lag_quarters": 1, "adds_capacity": True},
        {"name": "Data centres & power", "share": 0.35, "life_years": 25,
         "lag_quarters": 4, "adds_capacity": False}]},
    "revenue": {"base_quarterly": 31.74, "ai_share": 0.15,
                "core_growth": [0.10, 0.08, 0.06, 0.05],
                "ai_growth": [1.2, 0.7, 0.5, 0.35, 0.25, 0.15],
                "capacity_constrained": True, "yield": 0.8, "price_decline": 0.10},
    "economics": {"ebitda_margin": 0.55, "tax_rate": 0.15, "discount_rate": 0.10,
                  "residual_value": True},
}  # fmt: skip
PATHS = 10_000
REFERENCE_RUNS = 200


def median_seconds(fn: Callable[[], object], repeats: int, number: int = 1) -> float:
    """Median over ``repeats`` samples of the time per call, each sample ``number`` calls."""
    fn()  # warm up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def main() -> None:
    """Run the benchmark and print the medians."""
    sys.path.insert(0, str(ROOT))
    from simulator import Scenario, simulate
    from simulator.engine import simulate_inputs
    from simulator.inputs import Inputs
    from tests.reference_model import reference_simulate

    doc = json.loads(BASE_PRESET.read_text("utf-8")) if BASE_PRESET.exists() else EXAMPLE
    scenario = Scenario.from_dict(copy.deepcopy(doc))
    print(
        f"CPUs: {os.cpu_count()}; numpy {np.__version__}; scenario: {doc['name']} "
        f"(T = {4 * doc['horizon_years']} quarters)"
    )

    # (a) one deterministic run.
    engine = median_seconds(lambda: simulate(scenario), repeats=500, number=10)
    loop = median_seconds(lambda: reference_simulate(doc), repeats=50)
    print(
        f"deterministic run: median {engine * 1e3:.3f} ms (goal < 0.2 ms); "
        f"plain loop {loop * 1e3:.2f} ms; speed-up x{loop / engine:.0f}"
    )

    # (b) PATHS paths at once, with the yield varied per path.
    yields = np.random.default_rng(0).uniform(0.4, 1.2, PATHS)
    inputs = Inputs.from_scenario(scenario).repeat(PATHS).replace(yield_=yields)
    engine = median_seconds(lambda: simulate_inputs(inputs), repeats=30)
    docs = [copy.deepcopy(doc) for _ in range(REFERENCE_RUNS)]
    for d, y in zip(docs, yields, strict=False):
        d["revenue"]["yield"] = float(y)
    runs = iter(docs * 2)  # the warm-up call takes one extra
    loop = median_seconds(lambda: reference_simulate(next(runs)), repeats=REFERENCE_RUNS)
    print(
        f"{PATHS:,} paths: median {engine * 1e3:.1f} ms (goal < 50 ms); plain loop "
        f"{loop * PATHS:.1f} s (median of {REFERENCE_RUNS} single-path loop runs, "
        f"scaled linearly x{PATHS:,}); speed-up x{loop * PATHS / engine:.0f}"
    )


if __name__ == "__main__":
    main()
