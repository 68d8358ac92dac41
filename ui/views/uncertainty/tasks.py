"""The Uncertainty tab's work, as plain functions run in worker threads.

Each takes a ``progress(done, total)`` callback (returning False cancels, see
:mod:`ui.common.worker`) and returns what a view draws; none touches a widget, so the
GUI thread only draws. A Monte Carlo run is followed, in the same worker, by the
statistics of every metric (:func:`simulator.analysis.stats.statistics_table`, about
a second at a million paths), reported as progress past the run's own paths.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.analysis import convergence, montecarlo, regression, sobol, stress
from simulator.analysis.cancel import Progress
from simulator.analysis.convergence import Trace
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.regression import RankRegression
from simulator.analysis.sampling import design
from simulator.analysis.sobol import SobolIndices
from simulator.analysis.stats import OutcomeSummary, statistics_table
from simulator.analysis.stress import StressResult
from simulator.scenario.uncertainty import Statistic
from simulator.scenario.value import Scenario


@dataclass(frozen=True, eq=False)
class RiskRun:
    """A finished run and the honest statistics of each of its metrics."""

    mc: MonteCarloResult
    table: dict[str, OutcomeSummary]


def planned_paths(s: Scenario, paths: int) -> int:
    """How many paths a run asked for ``paths`` lays out (Sobol' rounds to powers of two)."""
    return design(s.uncertainty_or_default, paths).paths


def run_and_summarise(s: Scenario, paths: int, progress: Progress) -> RiskRun:
    """``paths`` paths of ``s`` (its sampler and precision target), then the statistics
    table; progress counts the run's paths, then one step per metric after them."""
    mc = montecarlo.run(s, paths=paths, progress=progress)
    n = mc.max_paths
    table = statistics_table(mc, progress=lambda i, k: progress(n + i, n + k))
    return RiskRun(mc, table)


@dataclass(frozen=True, eq=False)
class Extras:
    """A run's convergence trace of one statistic and regression of one metric."""

    mc: MonteCarloResult
    trace: Trace | None
    regression: RankRegression | None
    statistic: Statistic
    metric: str


def extras(mc: MonteCarloResult, stat: Statistic, metric: str, progress: Progress) -> Extras:
    """The convergence trace of ``stat`` and the rank regression of ``metric`` (none for
    a deterministic run)."""
    if mc.deterministic_only:
        return Extras(mc, None, None, stat, metric)
    trace = convergence.trace(mc, stat)
    progress(1, 2)
    reg = regression.rank_regression(mc, metric)
    progress(2, 2)
    return Extras(mc, trace, reg, stat, metric)


def sobol_indices(s: Scenario, metric: str, base_paths: int, progress: Progress) -> SobolIndices:
    """First-order and total Sobol' indices of ``metric`` for every uncertain input."""
    return sobol.sobol_indices(s, metric, base_paths=base_paths, progress=progress)


def stress_test(
    s: Scenario,
    path: str,
    span: tuple[float, float],
    base: MonteCarloResult | None,
    progress: Progress,
) -> StressResult:
    """The run again with ``path`` held to the probability range ``span``; ``base`` is a
    full run of ``s`` to compare with (None: made here)."""
    return stress.stress(s, path, *span, base=base, progress=progress)
