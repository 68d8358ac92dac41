"""Calibration: move chosen inputs so the model fits the reported actuals.

The inputs that may move are driver paths (:mod:`simulator.drivers`: scalars,
category lives and lags, a growth list's shift, the split's delay) or single years
of a growth list (``revenue.ai_growth.0``). The fit minimises the sum over every
reported quarter in the horizon of the squared relative error
((model - actual) / actual)^2, so series of different size weigh alike.

The search is batched on the engine's path axis: first a scatter of candidates over
the inputs' ranges (one run), then bounded Levenberg-Marquardt steps from the best
(each step one run: the Jacobian by finite differences and several damping factors
at once). Every candidate is clipped to the inputs' valid ranges, so the result
never leaves them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.drivers import Driver, driver
from simulator.analysis.fit import Fit, fit, total_mape
from simulator.errors import ScenarioError
from simulator.model.engine import simulate, simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario import fields
from simulator.scenario.actuals import ActualSeries
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]

SCATTER = 512
STEPS = 40
_DAMPING = (1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0)
_GROWTH_CAP = 10.0  # +1000% a year: the search's upper end for a single year's growth


@dataclass(frozen=True)
class Param:
    """One input calibration may move: a driver, or one year of a growth list."""

    path: str
    label: str
    base: float
    low: float
    high: float
    driver: Driver | None = None
    year: int = -1  # for a growth-list year: which year, of how many
    years: int = 0

    def apply(self, x: Inputs, values: FloatArray) -> Inputs:
        """``x`` with this input set to ``values`` (N,), clipped to its range."""
        v = np.clip(values, self.low, self.high)
        if self.driver is not None:
            return self.driver.apply(x, v)
        field = "core_growth" if ".core_growth." in self.path else "ai_growth"
        rates = np.array(np.broadcast_to(getattr(x, field), (v.size, x.years)))
        last = self.year == self.years - 1  # the last value holds for later years
        rates[:, self.year : None if last else self.year + 1] = v[:, None]
        return x.replace(**{field: rates})

    def to_scenario(self, s: Scenario, value: float) -> Scenario:
        """``s`` with this input set to ``value``."""
        v = float(np.clip(value, self.low, self.high))
        if self.driver is not None:
            return self.driver.to_scenario(s, v)
        return s.with_field(self.path, v)


def param(s: Scenario, path: str) -> Param:
    """The calibration input at ``path``; ScenarioError when it cannot move."""
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "revenue" and parts[1] in ("core_growth", "ai_growth"):
        rates = s.get_field(f"revenue.{parts[1]}")
        if not parts[2].isdigit() or int(parts[2]) >= len(rates):
            raise ScenarioError(path, f"names no year of revenue.{parts[1]} ({len(rates)} years)")
        i = int(parts[2])
        name = "AI growth" if parts[1] == "ai_growth" else "Core growth"
        label = f"{name}, year {i + 1}"
        return Param(path, label, rates[i], -1.0 + 1e-9, _GROWTH_CAP, year=i, years=len(rates))
    if not fields.is_driver_path(path):
        raise ScenarioError(path, "is not a numeric input calibration can move")
    d = driver(s, path)
    high = min(d.high, d.base + 10 * max(abs(d.base), 1.0))
    return Param(path, d.label, d.base, d.low, high, driver=d)


@dataclass(frozen=True)
class Calibration:
    """The fitted values, the fit before and after, and the calibrated scenario."""

    params: tuple[Param, ...]
    before: tuple[float, ...]
    after: tuple[float, ...]
    fits_before: tuple[Fit, ...]
    fits_after: tuple[Fit, ...]
    scenario: Scenario
    evaluations: int

    @property
    def mape_before(self) -> float:
        """Total MAPE before calibration."""
        return total_mape(self.fits_before)

    @property
    def mape_after(self) -> float:
        """Total MAPE after calibration."""
        return total_mape(self.fits_after)


def calibrate(
    s: Scenario,
    paths: Sequence[str],
    *,
    seed: int = 0,
    progress: Callable[[int, int], bool] | None = None,
) -> Calibration:
    """Fit the inputs at ``paths`` to the scenario's actuals (see module docstring)."""
    series = s.actual_series
    params = tuple(param(s, p) for p in dict.fromkeys(paths))
    if not params:
        raise ScenarioError("fit", "choose at least one input to calibrate")
    objective = _Objective(s, params, series)
    if objective.size == 0:
        raise ScenarioError("actuals", "no reported quarter falls inside the horizon")
    best = _scatter(objective, params, seed)
    best = _refine(objective, params, best, progress)
    after = s
    for p, v in zip(params, best, strict=True):
        after = p.to_scenario(after, float(v))
    return Calibration(
        params,
        tuple(p.base for p in params),
        tuple(float(np.clip(v, p.low, p.high)) for p, v in zip(params, best, strict=True)),
        fit(simulate(s), series, s.start),
        fit(simulate(after), series, after.start),
        after,
        objective.evaluations,
    )


class _Objective:
    """Relative residuals (M, R) of M candidate value sets (M, P) in one engine run."""

    def __init__(self, s: Scenario, params: tuple[Param, ...], series: tuple[ActualSeries, ...]):
        self.params = params
        self.base = Inputs.from_scenario(s)
        self.targets = []
        for a in series:
            t, v = a.indexes(s.start, s.quarters)
            keep = v != 0
            self.targets.append((a.column, t[keep], v[keep]))
        self.size = sum(t.size for _, t, _ in self.targets)
        self.evaluations = 0

    def residuals(self, candidates: FloatArray) -> FloatArray:
        m = candidates.shape[0]
        x = self.base.repeat(m)
        for j, p in enumerate(self.params):
            x = p.apply(x, candidates[:, j])
        columns = simulate_inputs(x).columns
        self.evaluations += m
        parts = [(columns[c][:, t] - v) / np.abs(v) for c, t, v in self.targets]
        return np.concatenate(parts, axis=1)

    def cost(self, candidates: FloatArray) -> FloatArray:
        r = self.residuals(candidates)
        return np.einsum("mr,mr->m", r, r)


def _bounds(params: tuple[Param, ...]) -> tuple[FloatArray, FloatArray]:
    return np.array([p.low for p in params]), np.array([p.high for p in params])


def _scatter(objective: _Objective, params: tuple[Param, ...], seed: int) -> FloatArray:
    """The best of the current values and a scatter over the ranges (one batched run)."""
    low, high = _bounds(params)
    base = np.array([p.base for p in params])
    span_low = np.maximum(low, base - 2 * np.maximum(np.abs(base), 0.1))
    span_high = np.minimum(high, base + 2 * np.maximum(np.abs(base), 0.1))
    u = np.random.default_rng(seed).random((SCATTER, len(params)))
    candidates = np.vstack([base, span_low + u * (span_high - span_low)])
    return candidates[int(np.argmin(objective.cost(candidates)))]


def _refine(
    objective: _Objective,
    params: tuple[Param, ...],
    x: FloatArray,
    progress: Callable[[int, int], bool] | None,
) -> FloatArray:
    """Bounded Levenberg-Marquardt: each step one run of the Jacobian and trial steps."""
    low, high = _bounds(params)
    n = len(params)
    for step in range(STEPS):
        h = 1e-6 * np.maximum(np.abs(x), 1e-2)
        h = np.where(x + h > high, -h, h)
        probes = np.vstack([x, x + np.diag(h)])
        r = objective.residuals(probes)
        r0, jac = r[0], ((r[1:] - r[0]) / h[:, None]).T  # (R,), (R, P)
        jtj, grad = jac.T @ jac, jac.T @ r0
        trials = [
            np.clip(x - np.linalg.solve(jtj + lam * np.diag(np.diag(jtj) + 1e-12), grad), low, high)
            for lam in _DAMPING
        ]
        costs = objective.cost(np.array(trials))
        best = int(np.argmin(costs))
        c0 = float(r0 @ r0)
        if costs[best] >= c0 - 1e-15 * c0 - 1e-30:  # no step improves the fit any more
            break
        moved = np.max(np.abs(trials[best] - x) / np.maximum(np.abs(x), 1e-3))
        x = trials[best]
        if progress is not None and not progress(step + 1, STEPS):
            break
        if moved < 1e-12 or n == 0:
            break
    return x
