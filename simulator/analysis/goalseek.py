"""Goal seek: the value of one driver that makes a metric (or a Monte Carlo statistic) hit a target.

The search evaluates a grid of candidate values in one batched run, keeps the first
pair of neighbours whose objective changes sign, and refines it with the same
batched grid until the bracket is narrower than ``tol`` (1e-6 relative to
max(1, |value|)). On a Monte Carlo statistic every candidate reuses the same draws
(common random numbers), so the statistic is a deterministic function of the value;
the sought input's own uncertainty, if any, is replaced by the candidate value.
Undefined metrics count as the worst side: a payback that never comes as +inf, an
IRR that does not exist as -inf. Monte Carlo candidates run in chunks of
:data:`~simulator.montecarlo.CHUNK` paths (only the metric is kept), and ``progress``
is asked after every chunk: returning False raises
:class:`~simulator.montecarlo.RunCancelledError`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.drivers import Driver, driver
from simulator.analysis.montecarlo import CHUNK, RunCancelledError
from simulator.analysis.sampling import apply_draws, draws
from simulator.errors import ScenarioError
from simulator.model.engine import simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario.uncertainty import Uncertainty
from simulator.scenario.value import Scenario
from simulator.units import PERCENT

FloatArray = NDArray[np.float64]

STATISTICS: tuple[str, ...] = (
    "value",
    "mean",
    "p5",
    "p10",
    "p25",
    "p50",
    "p75",
    "p90",
    "p95",
    "prob_above",
    "prob_below",
)
"""``value``: the deterministic metric; ``pNN``: a percentile over paths; ``prob_above`` /
``prob_below``: P(metric > threshold) / P(metric <= threshold)."""
_LARGE = 1e300


class UnreachableGoalError(ScenarioError):
    """No value in the driver's search range reaches the target."""


@dataclass(frozen=True)
class Goal:
    """``statistic`` of ``metric`` should equal ``target`` (probabilities as 0..1)."""

    metric: str
    target: float
    statistic: str = "value"
    threshold: float = 0.0

    def describe(self) -> str:
        """E.g. ``P50 of npv = 0`` or ``P(npv > 0) = 80.0 %``."""
        target = self.statistic_text(self.target)
        if self.statistic == "value":
            return f"{self.metric} = {target}"
        if self.statistic.startswith("prob"):
            op = ">" if self.statistic == "prob_above" else "<="
            return f"P({self.metric} {op} {self.threshold:g}) = {target}"
        return f"{self.statistic.upper()} of {self.metric} = {target}"

    def statistic_text(self, value: float) -> str:
        """A value of the goal's statistic: a probability in percent (``80.0 %``), as
        the goal's field shows it; else the number (``1e+04``)."""
        if self.statistic.startswith("prob"):
            return PERCENT.text(value, 1)
        return f"{value:g}"


@dataclass(frozen=True)
class Solution:
    """The value found, what the goal's statistic is there, and the work done."""

    driver: Driver
    value: float
    achieved: float
    evaluations: int


def search_range(d: Driver) -> tuple[float, float]:
    """A finite range to search: the valid range, capped around the base value."""
    scale = max(abs(d.base), 1.0)
    low = max(d.low, d.base - 10 * scale)
    high = min(d.high, d.base + 10 * scale)
    return low, high


def seek(
    s: Scenario,
    path: str,
    goal: Goal,
    *,
    paths: int = 2000,
    unc: Uncertainty | None = None,
    bounds: tuple[float, float] | None = None,
    tol: float = 1e-6,
    progress: Callable[[int, int], bool] | None = None,
) -> Solution:
    """The value of driver ``path`` where ``goal`` holds (:class:`UnreachableGoalError` if none)."""
    d = driver(s, path)
    grid = 33 if goal.statistic == "value" else 9
    low, high = bounds or search_range(d)
    tick = _Ticker(progress, _expected_chunks(low, high, tol, grid, goal, paths))
    objective = _objective(s, d, goal, paths, unc or s.uncertainty_or_default, tick)
    xs = np.linspace(low, high, grid)
    ys = objective(xs)
    evaluations = grid
    a, b, fa, fb = _bracket(d, goal, xs, ys)
    while b - a > tol * max(1.0, abs(a), abs(b)) and fa != 0:
        xs = np.linspace(a, b, grid)
        ys = objective(xs)
        evaluations += grid
        a, b, fa, fb = _bracket(d, goal, xs, ys)
    value = a if fa == 0 or abs(fa) <= abs(fb) else b
    value = float(d.clip(value))
    return Solution(d, value, float(objective(np.array([value]))[0]) + goal.target, evaluations + 1)


class _Ticker:
    """Counts chunks of work for ``progress``; raises RunCancelledError when it says stop."""

    def __init__(self, progress: Callable[[int, int], bool] | None, total: int) -> None:
        self.progress, self.done, self.total = progress, 0, total

    def __call__(self) -> None:
        self.done += 1
        self.total = max(self.total, self.done)
        if self.progress is not None and not self.progress(self.done, self.total):
            raise RunCancelledError("goal seek cancelled")


def _expected_chunks(low: float, high: float, tol: float, grid: int, goal: Goal, paths: int) -> int:
    """About how many chunks a search takes: rounds to shrink the bracket to ``tol``."""
    width = max(high - low, 0.0) / (tol * max(1.0, abs(low), abs(high)))
    rounds = 2 + math.ceil(math.log(max(width, 1.0)) / math.log(grid - 1))
    per_round = 1 if goal.statistic == "value" else math.ceil(grid * paths / CHUNK)
    return rounds * per_round


def _bracket(
    d: Driver, goal: Goal, xs: FloatArray, ys: FloatArray
) -> tuple[float, float, float, float]:
    """The first neighbours (a, b) where the objective reaches or crosses zero.

    A grid point that hits the target exactly ends the search only when it is the
    first point; else its left neighbour and it are refined, so a step function (a
    payback in whole quarters) is solved at the step's edge, where it first reaches
    the target, not anywhere on the step.
    """
    sign = np.sign(ys)
    hit = np.flatnonzero(ys == 0)
    if hit.size and hit[0] == 0:
        x = float(xs[hit[0]])
        return x, x, 0.0, 0.0
    cross = np.flatnonzero((sign[:-1] * sign[1:] < 0) | (sign[1:] == 0))
    if cross.size == 0:
        finite = ys[np.abs(ys) < _LARGE / 2] + goal.target
        shown = goal.statistic_text if goal.statistic.startswith("prob") else "{:.6g}".format
        seen = f"{shown(finite.min())} to {shown(finite.max())}" if finite.size else "undefined"
        raise UnreachableGoalError(
            d.path,
            f"no value of {d.label} from {d.format_value(xs[0])} to {d.format_value(xs[-1])} "
            f"gives {goal.describe()} (it ranges from {seen} there)",
        )
    i = int(cross[0])
    return float(xs[i]), float(xs[i + 1]), float(ys[i]), float(ys[i + 1])


def _objective(
    s: Scenario, d: Driver, goal: Goal, paths: int, unc: Uncertainty, tick: Callable[[], None]
) -> Callable[[FloatArray], FloatArray]:
    """f(values (M,)) -> statistic - target, (M,); undefined metrics at their worst side."""
    if goal.statistic not in STATISTICS:
        raise ValueError(f"unknown statistic {goal.statistic!r}")
    base = Inputs.from_scenario(s)
    if goal.statistic == "value":

        def deterministic(values: FloatArray) -> FloatArray:
            x = d.apply(base.repeat(values.size), values)
            tick()
            return _worst_side(goal.metric, simulate_inputs(x).metrics[goal.metric]) - goal.target

        return deterministic
    sampled = {p: v for p, v in draws(s, unc, 0, paths).items() if p != d.path}

    def statistic(values: FloatArray) -> FloatArray:
        metric = np.empty(values.size * paths)
        for start in range(0, metric.size, CHUNK):
            flat = np.arange(start, min(start + CHUNK, metric.size))
            x = base.repeat(flat.size)
            x = apply_draws(x, s, {p: v[flat % paths] for p, v in sampled.items()})
            x = d.apply(x, values[flat // paths])
            metric[flat] = simulate_inputs(x).metrics[goal.metric]
            tick()
        return _statistic(goal, metric.reshape(values.size, paths)) - goal.target

    return statistic


def _worst_side(metric: str, values: FloatArray) -> FloatArray:
    fill = _LARGE if "payback" in metric or "crossover" in metric else -_LARGE
    return np.where(np.isnan(values), fill, values)


def _statistic(goal: Goal, metric: FloatArray) -> FloatArray:
    """The goal's statistic over axis 1 of (M, N) samples."""
    if goal.statistic == "prob_above":
        return np.mean(metric > goal.threshold, axis=1)
    if goal.statistic == "prob_below":
        return np.mean(metric <= goal.threshold, axis=1)
    filled = _worst_side(goal.metric, metric)
    if goal.statistic == "mean":
        return filled.mean(axis=1)
    return np.percentile(filled, float(goal.statistic[1:]), axis=1)
