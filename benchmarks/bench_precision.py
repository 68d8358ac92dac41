"""Paths each sampler needs for a +/-1% (95%) interval, base preset.

Run: ``.venv/bin/python benchmarks/bench_precision.py [--quick]``

Targets: the mean NPV to +/-1% of itself, and P(NPV > 0) to +/-1 percentage point
(and, because the preset's P(NPV > 0) is only about 0.5% and so is known to a point
almost at once, to +/-0.1 point as well).

- plain random: from the sd s of 200,000 paths, n = (1.96 s / h)^2 (for a probability
  s^2 = p (1 - p));
- Latin hypercube and Sobol': the interval is t(0.975, 9) x sd_m / sqrt(10) with 10
  replicates of m paths, sd_m the sd of one replicate's estimate. sd_m is measured
  from 40 replicates at each m = 2^8 .. 2^14 (2^12 with ``--quick``), fitted as
  log sd_m = a + b log m, and solved for the m that gives h; paths = 10 m.

Each figure is also checked by a run with the precision target itself (section
"precision", replicates 10 for LHS/Sobol'), whose stopping count is printed beside it.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.analysis import montecarlo
from simulator.analysis.convergence import estimate, sample
from simulator.analysis.sampling import design
from simulator.scenario.presets import default_scenario
from simulator.scenario.uncertainty import Statistic

MEAN = Statistic("mean", "npv")
POSITIVE = Statistic("above", "npv", threshold=0.0)
Z = 1.959963984540054
REPLICATES = 10


def targets(mean_npv: float) -> list[tuple[str, Statistic, float]]:
    return [
        ("mean NPV +/-1%", MEAN, 0.01 * abs(mean_npv)),
        ("P(NPV>0) +/-1 pt", POSITIVE, 0.01),
        ("P(NPV>0) +/-0.1 pt", POSITIVE, 0.001),
    ]


def random_paths(s, h: float, stat: Statistic) -> float:
    mc = montecarlo.run(s.with_field("uncertainty.paths", 200_000), stop=False)
    values = sample(mc.metrics, stat)
    sd = float(np.nanstd(values, ddof=1))
    return (Z * sd / h) ** 2


def replicate_sd(s, sampler: str, stat: Statistic, sizes: list[int]) -> list[float]:
    out = []
    for m in sizes:
        section = s.to_dict()["uncertainty"] | {
            "sampler": sampler,
            "replicates": 40,
            "paths": 40 * m,
        }
        mc = montecarlo.run(s.with_field("uncertainty", section), stop=False)
        assert design(mc.uncertainty).size == m
        values = sample(mc.metrics, stat)
        per = [estimate(values[r * m : (r + 1) * m], stat) for r in range(40)]
        out.append(float(np.std(per, ddof=1)))
    return out


def replicated_paths(sizes: list[int], sds: list[float], h: float) -> float:
    ok = [(m, sd) for m, sd in zip(sizes, sds, strict=True) if sd > 0]
    if len(ok) < 2:
        return float("nan")
    logm, logsd = np.log([m for m, _ in ok]), np.log([sd for _, sd in ok])
    b, a = np.polyfit(logm, logsd, 1)
    t = stats.t.ppf(0.975, REPLICATES - 1)
    # t sd_m / sqrt(R) = h  ->  a + b log m = log(h sqrt(R) / t)
    m = math.exp((math.log(h * math.sqrt(REPLICATES) / t) - a) / b)
    return REPLICATES * m


def stop_paths(s, sampler: str, stat: Statistic, h: float, planned: float) -> int:
    """Paths at which a run with the precision target stops (max 1M)."""
    section = s.to_dict()["uncertainty"] | {
        "sampler": sampler,
        "paths": 1_000_000,
        "precision": {"metric": stat.text(), "half_width": h},
    }
    if sampler != "random":  # 10 replicates of about the estimated size, at least 5 to stop
        section |= {"replicates": 20, "paths": int(min(1_000_000, max(2000, 2 * planned)))}
    mc = montecarlo.run(s.with_field("uncertainty", section))
    reached = mc.precision is not None and mc.precision.reached
    return mc.paths if reached else -mc.paths


def main() -> None:
    quick = "--quick" in sys.argv
    s = default_scenario()
    sizes = [2**k for k in range(8, 13 if quick else 15)]
    base = montecarlo.run(s.with_field("uncertainty.paths", 200_000), stop=False)
    mean_npv = float(base.metrics["npv"].mean())
    p = float(np.mean(base.metrics["npv"] > 0))
    print(f"base preset: mean NPV {mean_npv:.2f} bn, P(NPV > 0) {p:.4f} (200,000 random paths)")
    print(f"{'target':<22}{'sampler':<8}{'paths needed':>14}{'  (precision-stop run)':>24}")
    for label, stat, h in targets(mean_npv):
        t0 = time.perf_counter()
        for sampler in ("random", "lhs", "sobol"):
            if sampler == "random":
                need = random_paths(s, h, stat)
            else:
                need = replicated_paths(sizes, replicate_sd(s, sampler, stat, sizes), h)
            stopped = stop_paths(s, sampler, stat, h, need) if need < 2e6 else 0
            shown = f"{stopped:,}" if stopped > 0 else f"not reached by {-stopped:,}"
            print(f"{label:<22}{sampler:<8}{need:>14,.0f}{shown:>24}")
        print(f"{'':<22}({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
