"""Issue 14's goals in one run: each measured median beside the plain per-path loop and
the NumPy engine.

Run: ``.venv/bin/python benchmarks/bench_goals.py [--quick]`` (``--quick``: fewer
repeats, no million-path runs). The machine is shared and noisy: every figure is a
median, and the ratios (measured in the same run) say more than the absolute times.

- Monte Carlo: the base preset with its own uncertainty section and default sampler,
  the whole run (draws, model, IRR, bands) and then the statistics table of every
  metric, for 10,000 and (in a fresh process, with peak memory) 1,000,000 paths.
  Columns: the compiled (fused) engine, the NumPy engine, and the plain loop
  (``tests/reference_model_v2.py``, docs/model.md written plainly, run once per path
  on that path's draws; timed on a sample of paths and scaled to the count).
- One edit: validation + projection of the live scenario; a 2,000-path preview.
- The app (offscreen): edit to every chart and KPI repainted with every tab alive,
  start-up to the first painted window (from ``bench_app``).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_montecarlo import in_child, peak_rss_mb  # noqa: E402
from bench_montecarlo import median_time as median  # noqa: E402
from reference_model_v2 import reference  # noqa: E402

from simulator.analysis import montecarlo  # noqa: E402
from simulator.analysis.sampling import design, draws  # noqa: E402
from simulator.analysis.stats import statistics_table  # noqa: E402
from simulator.model import fused  # noqa: E402
from simulator.model.allocator import keep_freed_memory  # noqa: E402
from simulator.model.engine import simulate, simulate_inputs  # noqa: E402
from simulator.model.inputs import Inputs  # noqa: E402
from simulator.scenario.presets import default_scenario  # noqa: E402

QUICK = "--quick" in sys.argv


def plain_loop_per_path(sample: int) -> float:
    """Seconds per path of the plain reference run once per path on its own draws."""
    from simulator.analysis.drivers import driver

    s = default_scenario()
    unc = s.uncertainty_or_default
    values = draws(s, unc, 0, sample, design(unc, sample), {})
    start = time.perf_counter()
    for i in range(sample):
        one = s
        for path, v in values.items():
            one = driver(s, path).to_scenario(one, float(v[i]))
        reference(one.to_dict())
    return (time.perf_counter() - start) / sample


def monte_carlo(paths: int, engine: str) -> Callable[[], object]:
    s = default_scenario()
    return lambda: montecarlo.run(s, paths=paths, engine=engine)


def with_table(paths: int, engine: str) -> Callable[[], object]:
    s = default_scenario()
    return lambda: statistics_table(montecarlo.run(s, paths=paths, engine=engine))


def million_child(engine: str) -> dict[str, float]:
    """1,000,000 paths in this (fresh) process: seconds, table seconds, peak RSS MB."""
    keep_freed_memory()
    if engine == "fused":
        fused.warm_up()
    s = default_scenario()
    start = time.perf_counter()
    mc = montecarlo.run(s, paths=1_000_000, engine=engine)
    run = time.perf_counter() - start
    start = time.perf_counter()
    statistics_table(mc)
    table = time.perf_counter() - start
    return {"seconds": run, "table": table, "peak_mb": peak_rss_mb(), "paths": mc.paths}


def row(goal: str, measured: float, unit: str, plain: float | None, numpy: float | None) -> None:
    scale = 1000.0 if unit == "ms" else 1.0
    text = f"{goal:<52} {measured * scale:9.1f} {unit}"
    if plain is not None:
        text += f"   plain loop {plain * scale:11,.0f} {unit} (x{plain / measured:,.0f})"
    if numpy is not None:
        text += f"   NumPy {numpy * scale:9.1f} {unit} (x{numpy / measured:.1f})"
    print(text, flush=True)


def main() -> None:
    if "--child-million" in sys.argv:
        print(json.dumps(million_child(sys.argv[sys.argv.index("--child-million") + 1])))
        return
    keep_freed_memory()
    fused.warm_up()
    repeat = 3 if QUICK else 9
    print(f"CPUs: {os.cpu_count()}; load average {os.getloadavg()[0]:.2f}; medians")
    per_path = plain_loop_per_path(20 if QUICK else 60)
    print(f"plain loop: {per_path * 1e3:.2f} ms per path (docs/model.md written plainly)")

    n = 10_000
    compiled = median(monte_carlo(n, "fused"), repeat)
    numpy = median(monte_carlo(n, "numpy"), max(3, repeat // 3))
    row("MC 10,000 paths: draws, model, IRR, bands (<= 20 ms)", compiled, "ms", per_path * n, numpy)
    compiled_t = median(with_table(n, "fused"), repeat)
    numpy_t = median(with_table(n, "numpy"), max(3, repeat // 3))
    row("  ... and the statistics table of every metric", compiled_t, "ms", None, numpy_t)
    preview = median(monte_carlo(2_000, "fused"), repeat * 3)
    numpy_p = median(monte_carlo(2_000, "numpy"), repeat)
    row("MC preview, 2,000 paths (<= 5 ms)", preview, "ms", per_path * 2_000, numpy_p)

    s = default_scenario()
    edits = iter(range(10**9))
    edit = median(
        lambda: simulate(s.with_field("revenue.yield", 0.5 + (next(edits) % 97) * 1e-3)),
        repeat * 20,
    )
    row("one edit: validation + projection (<= 1 ms)", edit, "ms", per_path, None)
    edited = median(lambda: s.with_field("revenue.yield", 0.5 + (next(edits) % 97) * 1e-3), 200)
    projection = median(lambda: simulate_inputs(Inputs.from_scenario(s)), 60)
    print(
        f"  validation alone (Scenario.with_field): {edited * 1e6:.0f} us = "
        f"{edited / projection:.2f} of a NumPy-engine simulate ({projection * 1e3:.2f} ms; "
        "issue 11: at most half)",
        flush=True,
    )

    if not QUICK:
        for engine in ("fused", "numpy"):
            r = in_child(__file__, "--child-million", engine)
            print(
                f"MC 1,000,000 paths, {engine} engine: {r['seconds']:.2f} s (goal <= 2 s), "
                f"statistics table {r['table']:.2f} s, peak memory {r['peak_mb']:.0f} MB "
                f"(goal < 1 GB); plain loop {per_path * 1e6:,.0f} s "
                f"(x{per_path * 1e6 / r['seconds']:,.0f})",
                flush=True,
            )

    import bench_app

    repaint = bench_app.edit_to_repaint(50 if QUICK else 200)
    row(
        "edit -> all charts + KPIs repainted (<= 16 ms)",
        statistics.median(repaint),
        "ms",
        None,
        None,
    )
    wall, inside = bench_app.startup(3 if QUICK else 7)
    print(
        f"{'start-up to the first painted window (<= 1.0 s)':<52} {statistics.median(wall):9.2f} s"
        f"   ({statistics.median(inside):.2f} s after the interpreter started)"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
