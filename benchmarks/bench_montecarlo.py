"""Monte Carlo speed and memory: paths per second, ratio to a per-path Python loop.

Run: ``.venv/bin/python benchmarks/bench_montecarlo.py [--million] [--glibc-defaults]``

Prints medians (the machine is shared and noisy). The plain reference runs the
deterministic model once per path in a Python loop (one-path ``simulate_inputs`` on
each path's draws) over a sample of paths, scaled to the same count. ``--million``
also runs 1,000,000 paths with each sampler (random, lhs, sobol) in a fresh process
and reports its time, peak memory, the band error bound and the time of every
metric's statistics (``stats.statistics_table``, as a worker would compute them).
Like the app, it keeps freed memory for reuse (:mod:`simulator.allocator`) unless
``--glibc-defaults`` is given.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.analysis import montecarlo
from simulator.analysis.sampling import apply_draws, draws
from simulator.analysis.stats import statistics_table
from simulator.model.allocator import keep_freed_memory
from simulator.model.engine import simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario.presets import default_scenario
from simulator.scenario.value import Scenario

SECTION = {
    "seed": 7,
    "inputs": {
        "revenue.yield": {"dist": "triangular", "low": 0.6, "mode": 0.8, "high": 1.0},
        "revenue.ai_growth": {"dist": "normal", "mean": 0.0, "sd": 0.08},
        "program.total_capex": {"dist": "uniform", "low": 340, "high": 440},
        "program.categories.0.life_years": {"dist": "uniform", "low": 4, "high": 6},
        "economics.discount_rate": {"dist": "lognormal", "mean": 0.09, "sd": 0.01},
    },
    "correlations": [{"between": ["revenue.yield", "revenue.ai_growth"], "rank": 0.5}],
}


def scenario() -> Scenario:
    """The base preset (10 years, 40 quarters) with five uncertain inputs."""
    return default_scenario().with_field("uncertainty", SECTION)


def median_time(fn, repeat: int) -> float:
    """Median wall time of ``fn()`` in seconds over ``repeat`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def loop_per_path(s: Scenario, sample: int) -> float:
    """Seconds per path of the model run once per path in a Python loop."""
    values = draws(s, s.uncertainty_or_default, 0, sample)
    base = Inputs.from_scenario(s)
    t = time.perf_counter()
    for i in range(sample):
        one = apply_draws(base, s, {p: v[i : i + 1] for p, v in values.items()})
        simulate_inputs(one)
    return (time.perf_counter() - t) / sample


def in_child(script: str, *args: str) -> dict:
    """Run ``script`` with ``args`` in a fresh Python process; the JSON it prints."""
    out = subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; unlike ru_maxrss, reset by exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def million(sampler: str) -> dict:
    """1,000,000 paths in this process: seconds, peak RSS growth in MB, statistics time."""
    s = scenario().with_field("uncertainty.sampler", sampler)
    before = peak_rss_mb()
    t = time.perf_counter()
    mc = montecarlo.run(s, paths=1_000_000)
    seconds = time.perf_counter() - t
    t = time.perf_counter()
    statistics_table(mc)
    stats_seconds = time.perf_counter() - t
    peak = peak_rss_mb()
    worst = max(
        float(
            (
                mc.band_error[c] / max(float(mc.bands[c][-1].max() - mc.bands[c][0].min()), 1e-9)
            ).max()
        )
        for c in mc.bands
    )
    return {
        "paths": mc.paths,
        "seconds": seconds,
        "stats_seconds": stats_seconds,
        "peak_mb": peak,
        "growth_mb": peak - before,
        "exact_bands": mc.exact_bands,
        "band_error": worst,
    }


def main() -> None:
    if "--glibc-defaults" not in sys.argv:
        keep_freed_memory()  # as the app does at start-up
    if "--child-million" in sys.argv:
        print(json.dumps(million(sys.argv[sys.argv.index("--child-million") + 1])))
        return
    s = scenario()
    per_path = loop_per_path(s, 300)
    for n in (2_000, 10_000, 100_000):
        t = median_time(lambda n=n: montecarlo.run(s, paths=n), 7 if n <= 10_000 else 3)
        print(
            f"{n:>9,} paths x {s.quarters} quarters: median {t * 1000:8.1f} ms, "
            f"{n / t:12,.0f} paths/s, x{per_path * n / t:6.0f} vs per-path loop "
            f"({per_path * n * 1000:,.0f} ms)"
        )
    if "--million" in sys.argv:
        for sampler in ("random", "lhs", "sobol"):
            r = in_child(__file__, "--child-million", sampler, *sys.argv[1:])
            print(
                f"1,000,000 paths ({sampler}, {r['paths']:,} run): {r['seconds']:.2f} s, "
                f"statistics of every metric {r['stats_seconds']:.2f} s, peak RSS "
                f"{r['peak_mb']:.0f} MB (+{r['growth_mb']:.0f} MB during the run), exact bands: "
                f"{r['exact_bands']}, band error bound <= {r['band_error']:.2%} of the P5-P95 span"
            )


if __name__ == "__main__":
    main()
