"""Time the vectorised engine against the plain-loop references, for model v1 and v2.

Run from the repository root: ``python benchmarks/bench_engine.py``. For MODEL.md's
version 1 example (against ``tests/reference_model.py``) and then the version 2 base
preset (against ``tests/reference_model_v2.py``, docs/model.md written plainly)
it prints the median time of (a) one deterministic run (goal < 0.2 ms),
(b) 10,000 paths in one call with only the yield varied (goal < 50 ms) and (c)
10,000 Monte-Carlo-like paths with yield, AI share, total capex, growth and every
category's life and lag varied per path (goal < 50 ms). Each is printed next to the
plain per-quarter loop and the speed-up; the NumPy engine throughout (the compiled one
is measured by ``bench_goals.py``).
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
Draws = dict[str, np.ndarray]


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


def loop_seconds(docs: list[dict[str, Any]]) -> float:
    """Median seconds of one plain-loop reference run over ``docs`` (one run each): the
    version 1 reference for version 1 files, the version 2 one for the others."""
    if docs[0].get("version", 1) == 1:
        from tests.reference_model import reference_simulate as run
    else:
        from tests.reference_model_v2 import reference as run

    runs = iter([docs[0], *docs])  # the warm-up call takes one extra
    return median_seconds(lambda: run(next(runs)), repeats=len(docs))


def report(label: str, engine: float, loop: float, goal_ms: float) -> None:
    """Print the engine's median (ms), the loop's (scaled to the same work) and the ratio."""
    print(
        f"{label}: median {engine * 1e3:.3f} ms (goal < {goal_ms:g} ms); plain loop "
        f"{loop * 1e3:.1f} ms; speed-up x{loop / engine:.0f}"
    )


def mc_draws(doc: dict[str, Any], n: int, seed: int = 1) -> Draws:
    """Monte-Carlo-like per-path draws: yield, AI share, capex, growth shift, lives, lags."""
    rng = np.random.default_rng(seed)
    cats = doc["program"]["categories"]
    lives = np.array([c["life_years"] for c in cats], float)
    lags = np.array([c["lag_quarters"] for c in cats])
    k = len(cats)
    return {
        "yield_": rng.uniform(0.4, 1.2, n),
        "ai_share": rng.uniform(0.05, 0.3, n),
        "total_capex": doc["program"]["total_capex"] * rng.uniform(0.7, 1.3, n),
        "shift": rng.normal(0.0, 0.05, n),
        "life_years": lives * rng.uniform(0.7, 1.3, (n, k)),
        "lag_q": np.clip(lags + rng.integers(-1, 3, (n, k)), 0, 40),
    }


def mc_inputs(base: Any, doc: dict[str, Any], d: Draws) -> Any:
    """The draws applied to one-path ``Inputs`` of ``doc``: N paths."""
    shift = d["shift"][:, None]
    return base.replace(
        yield_=d["yield_"],
        ai_share=d["ai_share"],
        total_capex=d["total_capex"],
        core_growth=base.core_growth + shift,
        ai_growth=base.ai_growth + shift,
        life_years=d["life_years"],
        lag_q=d["lag_q"],
    )


def mc_doc(doc: dict[str, Any], d: Draws, i: int) -> dict[str, Any]:
    """Path ``i`` of the draws as a scenario dict for the reference loop."""
    out = copy.deepcopy(doc)
    rev, prog = out["revenue"], out["program"]
    rev["yield"], rev["ai_share"] = float(d["yield_"][i]), float(d["ai_share"][i])
    prog["total_capex"] = float(d["total_capex"][i])
    for key in ("core_growth", "ai_growth"):
        rev[key] = [g + float(d["shift"][i]) for g in rev[key]]
    for k, c in enumerate(prog["categories"]):
        c["life_years"] = float(d["life_years"][i, k])
        c["lag_quarters"] = int(d["lag_q"][i, k])
    return out


def main() -> None:
    """Run the benchmark for both model versions and print the medians."""
    sys.path.insert(0, str(ROOT))
    print(f"CPUs: {os.cpu_count()}; numpy {np.__version__}; NumPy engine")
    bench(EXAMPLE, "model v1, MODEL.md's example")
    bench(json.loads(BASE_PRESET.read_text("utf-8")), "model v2, base preset")


def bench(doc: dict[str, Any], title: str) -> None:
    """The three timings of ``doc``."""
    from simulator import Scenario
    from simulator.model.engine import simulate_inputs
    from simulator.model.inputs import Inputs

    scenario = Scenario.from_dict(copy.deepcopy(doc))
    base = Inputs.from_scenario(scenario)
    quarters = base.quarters
    print(f"\n{title}: {doc['name']} (T = {quarters} quarters)")

    # (a) one deterministic run.
    engine = median_seconds(lambda: simulate_inputs(base), repeats=100, number=10)
    report("deterministic run", engine, loop_seconds([doc] * 50), goal_ms=0.2)

    # (b) PATHS paths at once, with the yield varied per path.
    yields = np.random.default_rng(0).uniform(0.4, 1.2, PATHS)
    inputs = base.repeat(PATHS).replace(yield_=yields)
    engine = median_seconds(lambda: simulate_inputs(inputs), repeats=30)
    docs = [copy.deepcopy(doc) for _ in range(REFERENCE_RUNS)]
    for d, y in zip(docs, yields, strict=False):
        d["revenue"]["yield"] = float(y)
    report(f"{PATHS:,} paths, yield varied", engine, loop_seconds(docs) * PATHS, goal_ms=50)

    # (c) PATHS Monte-Carlo-like paths: lives and lags vary per path too.
    draws = mc_draws(doc, PATHS)
    inputs = mc_inputs(base, doc, draws)
    engine = median_seconds(lambda: simulate_inputs(inputs), repeats=30)
    docs = [mc_doc(doc, draws, i) for i in range(REFERENCE_RUNS)]
    report(f"{PATHS:,} paths, Monte-Carlo-like", engine, loop_seconds(docs) * PATHS, goal_ms=50)
    print(f"(plain loop: median of {REFERENCE_RUNS} single-path runs, scaled x{PATHS:,})")


if __name__ == "__main__":
    main()
