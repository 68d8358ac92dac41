"""Sensitivity: tornado, spider and two-way tables, each one batched engine run.

Every variant of the scenario is a path: moving D drivers to their low and high
values is 2D + 1 paths, a spider of S steps is D*S paths, a two-way grid is A*B
paths. Drivers are those of :mod:`simulator.drivers` (a per-year list moves as one).
:func:`run_all` computes the three for one :class:`Request` (the app runs it on a
worker thread), :func:`break_even` says where a metric breaks even.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.analysis.drivers import Driver, drivers
from simulator.analysis.montecarlo import RunCancelledError
from simulator.model.engine import simulate_inputs
from simulator.model.inputs import Inputs
from simulator.model.outputs import SUMMARY_KEYS
from simulator.scenario.uncertainty import Uncertainty
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]

DEFAULT_SWING = 0.2
SPIDER_STEPS: tuple[float, ...] = tuple(np.round(np.linspace(-0.3, 0.3, 13), 10))


def batch_metric(s: Scenario, settings: dict[str, ArrayLike], metric: str) -> FloatArray:
    """``metric`` (a summary key) of ``s`` with each driver path set per path: (M,).

    ``settings`` maps driver paths to (M,) values (or scalars); one engine run.
    """
    if metric not in SUMMARY_KEYS:
        raise ValueError(f"unknown metric {metric!r} (one of {', '.join(SUMMARY_KEYS)})")
    by_path = {d.path: d for d in drivers(s)}
    m = max([np.size(v) for v in settings.values()] + [1])
    x = Inputs.from_scenario(s).repeat(m)
    for path, values in settings.items():
        x = by_path[path].apply(x, np.broadcast_to(np.asarray(values, float), (m,)))
    return np.asarray(simulate_inputs(x).metrics[metric], dtype=float)


@dataclass(frozen=True)
class Bar:
    """One tornado bar: the driver's low/high values and the metric at each."""

    driver: Driver
    low: float
    high: float
    metric_low: float
    metric_high: float
    from_distribution: bool

    @property
    def swing(self) -> float:
        """|metric_high - metric_low|; NaN ends (undefined metric) count as 0 swing."""
        d = abs(self.metric_high - self.metric_low)
        return 0.0 if np.isnan(d) else float(d)


@dataclass(frozen=True)
class Tornado:
    """Bars sorted by swing (largest first) and the metric at the scenario itself."""

    metric: str
    base: float
    bars: tuple[Bar, ...]


def low_high(s: Scenario, d: Driver, unc: Uncertainty, swing: float) -> tuple[float, float, bool]:
    """The driver's P10/P90 when uncertain, else its value moved by -/+ ``swing``."""
    dist = unc.distribution(d.path)
    if dist is not None:
        lo, hi = d.clip(dist.ppf(np.array([0.1, 0.9]), d.low, d.high))
        return float(lo), float(hi), True
    return d.relative(s, -swing), d.relative(s, swing), False


def tornado(
    s: Scenario,
    metric: str = "npv",
    unc: Uncertainty | None = None,
    swing: float = DEFAULT_SWING,
    paths: Sequence[str] | None = None,
) -> Tornado:
    """Each driver (or those in ``paths``) moved to its low and high, sorted by swing."""
    unc = unc or s.uncertainty_or_default
    chosen = [d for d in drivers(s) if paths is None or d.path in paths]
    ends = [low_high(s, d, unc, swing) for d in chosen]
    values = _one_at_a_time(s, chosen, [e[:2] for e in ends])
    result = batch_metric(s, values, metric)
    base, lows, highs = result[0], result[1::2], result[2::2]
    bars = [
        Bar(d, e[0], e[1], float(lows[i]), float(highs[i]), e[2])
        for i, (d, e) in enumerate(zip(chosen, ends, strict=True))
    ]
    bars.sort(key=lambda b: b.swing, reverse=True)
    return Tornado(metric, float(base), tuple(bars))


def _one_at_a_time(
    s: Scenario, chosen: list[Driver], values: list[Sequence[float]]
) -> dict[str, FloatArray]:
    """Settings for path 0 = base, then each driver at each of its values in turn."""
    per = len(values[0]) if values else 0
    m = 1 + per * len(chosen)
    out = {}
    for i, (d, vals) in enumerate(zip(chosen, values, strict=True)):
        column = np.full(m, d.base)
        column[1 + i * per : 1 + (i + 1) * per] = vals
        out[d.path] = column
    return out


@dataclass(frozen=True)
class Spider:
    """``values[d, j]``: the metric with driver d moved by ``steps[j]`` (relative)."""

    metric: str
    steps: tuple[float, ...]
    drivers: tuple[Driver, ...]
    inputs: FloatArray  # (D, S) driver values
    values: FloatArray  # (D, S) metric


def spider(
    s: Scenario,
    metric: str = "npv",
    steps: Sequence[float] = SPIDER_STEPS,
    paths: Sequence[str] | None = None,
) -> Spider:
    """The metric as each driver moves from -30% to +30% (its relative move)."""
    chosen = [d for d in drivers(s) if paths is None or d.path in paths]
    inputs = np.array([[d.relative(s, f) for f in steps] for d in chosen]).reshape(
        len(chosen), len(steps)
    )
    result = batch_metric(s, _one_at_a_time(s, chosen, list(inputs)), metric)
    values = result[1:].reshape(len(chosen), len(steps))
    return Spider(metric, tuple(steps), tuple(chosen), inputs, values)


@dataclass(frozen=True)
class TwoWay:
    """``values[i, j]``: the metric with driver a at ``a_values[j]``, b at ``b_values[i]``."""

    metric: str
    a: Driver
    b: Driver
    a_values: FloatArray
    b_values: FloatArray
    values: FloatArray  # (len(b_values), len(a_values))


def two_way(
    s: Scenario, a: str, a_values: ArrayLike, b: str, b_values: ArrayLike, metric: str = "npv"
) -> TwoWay:
    """The metric over the grid of two drivers' values, one batched run."""
    by_path = {d.path: d for d in drivers(s)}
    da, db = by_path[a], by_path[b]
    av, bv = da.clip(a_values), db.clip(b_values)
    grid_a, grid_b = np.meshgrid(av, bv)
    values = batch_metric(s, {a: grid_a.ravel(), b: grid_b.ravel()}, metric)
    return TwoWay(metric, da, db, av, bv, values.reshape(grid_b.shape))


def break_even(s: Scenario, metric: str) -> float | None:
    """Where ``metric`` breaks even (model units): 0 for NPV, the discount rate for IRR;
    None for metrics without one."""
    if metric == "npv":
        return 0.0
    if metric == "irr":
        return float(s.economics.discount_rate)
    return None


@dataclass(frozen=True, eq=False)
class Request:
    """What to compute: the scenario, the metric and the two-way grid's axes."""

    scenario: Scenario
    metric: str
    a: str
    a_values: FloatArray
    b: str
    b_values: FloatArray


@dataclass(frozen=True, eq=False)
class Results:
    """The three analyses of one request."""

    request: Request
    tornado: Tornado
    spider: Spider
    two_way: TwoWay


def run_all(request: Request, progress: Callable[[int, int], bool] | None = None) -> Results:
    """Tornado, spider and two-way grid of ``request``; ``progress(done, 3)`` is told
    after each, and returning False stops the run (RunCancelledError)."""
    r = request

    def check(done: int) -> None:
        if progress is not None and not progress(done, 3):
            raise RunCancelledError("sensitivity cancelled")

    t = tornado(r.scenario, r.metric)
    check(1)
    s = spider(r.scenario, r.metric)
    check(2)
    w = two_way(r.scenario, r.a, r.a_values, r.b, r.b_values, r.metric)
    check(3)
    return Results(r, t, s, w)
