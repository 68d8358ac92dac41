"""Calibration: fit chosen inputs to the reported actuals and facts (docs/model.md section 11).

The inputs that may move are driver paths (scalars, category lives and lags, a growth
list's shift), single years of a growth list (``revenue.ai_growth.0``) or seasonal
factors (``revenue.seasonality.0``; ``revenue.seasonality`` means Q1..Q3, relative to
Q4, since the model normalises the four). The fit minimises

    J = sum ((model - actual) / (noise |actual|))^2 + weight sum ((theta - prior) / sd)^2
        + sum (fact violation / 0.01)^2

from the priors, with bounded Levenberg-Marquardt steps batched on the engine's path
axis (each step one run: the Jacobian by finite differences and several damping factors
at once). It never returns a point worse than its start. Standard errors come from the
Gauss-Newton curvature; identification is judged on the data rows alone
(:mod:`simulator.analysis.identification`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.drivers import Driver, driver, normalised
from simulator.analysis.fit import Fit, fit, total_mape
from simulator.analysis.identification import Identification, identify
from simulator.analysis.lsq import jacobian
from simulator.errors import ScenarioError
from simulator.model.engine import simulate, simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario.actuals import Actuals
from simulator.scenario.fields import field
from simulator.scenario.periods import period_index
from simulator.scenario.rules import fit_path_problem
from simulator.scenario.sections import CalibrationSettings, Prior
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]

SCATTER = 256
STEPS = 40
FACT_TOLERANCE = 0.01
_DAMPING = (1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0)
_GROWTH_CAP = 10.0  # +1000% a year: the search's upper end for a single year's growth
_SEASONS = "revenue.seasonality"


@dataclass(frozen=True)
class Param:
    """One input calibration may move: a driver, a year of a growth list, or a
    seasonal factor; ``prior`` is its documented assumption (None: none given)."""

    path: str
    label: str
    base: float
    low: float
    high: float
    driver: Driver | None = None
    year: int = -1  # for a growth-list year: which year, of how many
    years: int = 0
    prior: Prior | None = None

    @property
    def start(self) -> float:
        """Where the fit starts: the prior's value, else the scenario's."""
        return (
            self.base
            if self.prior is None
            else float(np.clip(self.prior.value, self.low, self.high))
        )

    def apply(self, x: Inputs, values: FloatArray) -> Inputs:
        """``x`` with this input set to ``values`` (N,), clipped to its range."""
        v = np.clip(values, self.low, self.high)
        if self.driver is not None:
            return self.driver.apply(x, v)
        name = "core_growth" if ".core_growth." in self.path else "ai_growth"
        rates = np.array(np.broadcast_to(getattr(x, name), (v.size, x.years)))
        last = self.year == self.years - 1  # the last value holds for later years
        rates[:, self.year : None if last else self.year + 1] = v[:, None]
        return x.replace(**{name: rates})

    def to_scenario(self, s: Scenario, value: float) -> Scenario:
        """``s`` with this input set to ``value``."""
        v = float(np.clip(value, self.low, self.high))
        if self.driver is not None:
            return self.driver.to_scenario(s, v)
        return s.with_field(self.path, v)


def params(s: Scenario, paths: Sequence[str]) -> tuple[Param, ...]:
    """The calibration inputs at ``paths`` (``revenue.seasonality`` -> Q1..Q3)."""
    expanded: list[str] = []
    for path in paths:
        expanded += [f"{_SEASONS}.{i}" for i in range(3)] if path == _SEASONS else [path]
    return tuple(param(s, p) for p in dict.fromkeys(expanded))


def param(s: Scenario, path: str) -> Param:
    """The calibration input at ``path``; ScenarioError when it cannot move."""
    problem = fit_path_problem(s, path)
    if problem is not None or path == _SEASONS:
        raise ScenarioError(path, problem or "names four inputs; fit them with params()")
    settings = s.calibration or CalibrationSettings()
    prior = settings.prior(path) or (settings.prior(_SEASONS) if _SEASONS in path else None)
    parts = path.split(".")
    if parts[1] in ("core_growth", "ai_growth") and len(parts) == 3:
        rates = getattr(s.revenue, parts[1])
        i = int(parts[2])
        label = f"{field(path).label} {i + 1}"
        return Param(path, label, rates[i], -1.0 + 1e-9, _GROWTH_CAP, None, i, len(rates), prior)
    d = driver(s, path)
    high = min(d.high, d.base + 10 * max(abs(d.base), 1.0))
    return Param(path, d.label, d.base, d.low, high, driver=d, prior=prior)


@dataclass(frozen=True)
class Calibration:
    """A fit: the inputs before (scenario), at the start (priors) and after, the
    objective at the start and the end, the fit to the actuals before and after, the
    standard errors and correlations, warnings, and the calibrated scenario."""

    params: tuple[Param, ...]
    before: tuple[float, ...]
    after: tuple[float, ...]
    fits_before: tuple[Fit, ...]
    fits_after: tuple[Fit, ...]
    scenario: Scenario
    evaluations: int
    objective_start: float
    objective_end: float
    identification: Identification
    held_out: tuple[Fit, ...] = ()
    through: str | None = None

    @property
    def mape_before(self) -> float:
        """Total MAPE before calibration."""
        return total_mape(self.fits_before)

    @property
    def mape_after(self) -> float:
        """Total MAPE after calibration."""
        return total_mape(self.fits_after)

    @property
    def improved(self) -> bool:
        """Whether the fit found a better point than its start."""
        return self.objective_end < self.objective_start

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the reader should know, in words (identification, no improvement)."""
        extra = () if self.improved else ("No better point than the start was found.",)
        return self.identification.warnings + extra


def calibrate(
    s: Scenario,
    paths: Sequence[str] | None = None,
    *,
    through: str | None = None,
    seed: int = 0,
    progress: Callable[[int, int], bool] | None = None,
) -> Calibration:
    """Fit the inputs at ``paths`` (default: the file's fit set) to the actuals and
    facts up to ``through`` (a quarter; default all); see the module docstring."""
    settings = s.calibration or CalibrationSettings()
    chosen = params(s, paths if paths else settings.fit)
    if not chosen:
        raise ScenarioError("fit", "choose at least one input to calibrate")
    actuals = s.actuals or Actuals()
    if through is not None:
        period_index(through, "through")
        actuals = actuals.through(through)
    objective = Objective(_reset_seasons(s, chosen), chosen, actuals, settings)
    if objective.data_rows == 0:
        raise ScenarioError("actuals", "no reported quarter falls inside the modelled quarters")
    start = np.array([p.start for p in chosen])
    best = _scatter(objective, chosen, start, seed)
    best = _refine(objective, chosen, best, progress)
    j_start, j_end = (float(v) for v in objective.cost(np.vstack([start, best])))
    if not j_end < j_start:
        best, j_end = start, j_start
    after = _apply(_reset_seasons(s, chosen), chosen, best)
    fitted = replace(s, actuals=actuals)
    unseen = (s.actuals or Actuals()).after(through).series if through is not None else ()
    held = fit(simulate(after), unseen, after.first_period) if unseen else ()
    return Calibration(
        chosen,
        tuple(p.base for p in chosen),
        tuple(float(np.clip(v, p.low, p.high)) for p, v in zip(chosen, best, strict=True)),
        fit(simulate(s), fitted.actual_series, s.first_period),
        fit(simulate(after), fitted.actual_series, after.first_period),
        after,
        objective.evaluations,
        j_start,
        j_end,
        identify(objective, [p.label for p in chosen], best, bounds(chosen)[1]),
        held,
        through,
    )


def _reset_seasons(s: Scenario, chosen: tuple[Param, ...]) -> Scenario:
    """``s`` with the seasonal factors that are not fitted at their priors, when any is
    fitted: the fitted ones are relative to those, so a fit never depends on an earlier one."""
    fitted = {p.driver.index for p in chosen if p.driver is not None and p.driver.kind == "season"}
    if not fitted:
        return s
    seasons = list(s.revenue.seasonality)
    for i in set(range(4)) - fitted:
        prior = param(s, f"{_SEASONS}.{i}").prior
        if prior is not None:
            seasons[i] = prior.value
    return s.with_field(_SEASONS, seasons)


def _apply(s: Scenario, chosen: tuple[Param, ...], values: FloatArray) -> Scenario:
    """``s`` with each input at its fitted value; seasonal factors normalised together."""
    out = s
    seasons = list(s.revenue.seasonality)
    for p, v in zip(chosen, values, strict=True):
        if p.driver is not None and p.driver.kind == "season":
            seasons[p.driver.index] = float(np.clip(v, p.low, p.high))
        else:
            out = p.to_scenario(out, float(v))
    if seasons != list(s.revenue.seasonality):
        out = out.with_field(_SEASONS, normalised(tuple(seasons), 0, seasons[0]))
    return out


class Objective:
    """Stacked residuals (M, R) of M candidate value sets (M, P) in one engine run:
    data rows (relative errors over the noise), prior rows and fact rows."""

    def __init__(
        self,
        s: Scenario,
        chosen: tuple[Param, ...],
        actuals: Actuals,
        settings: CalibrationSettings,
    ) -> None:
        self.params = chosen
        self.base = Inputs.from_scenario(s)
        self.noise = settings.noise
        self.targets = []
        for a in actuals.series:
            t, v = a.indexes(s.first_period, s.quarters)
            keep = v != 0
            self.targets.append((a.column, t[keep], v[keep]))
        self.data_rows = sum(t.size for _, t, _ in self.targets)
        origin = period_index(s.first_period)
        self.facts = [
            (f, period_index(f.quarter) - origin)
            for f in actuals.facts
            if 0 <= period_index(f.quarter) - origin < s.quarters
        ]
        weight = np.sqrt(settings.weight)
        self.prior_rows = [
            (i, p.prior.value, p.prior.sd / weight if weight > 0 else np.inf)
            for i, p in enumerate(chosen)
            if p.prior is not None and weight > 0
        ]
        self.evaluations = 0

    def data(self, candidates: FloatArray) -> FloatArray:
        """The data and fact rows, (M, data_rows + facts): what the model must explain."""
        m = candidates.shape[0]
        x = self.base.repeat(m)
        for j, p in enumerate(self.params):
            x = p.apply(x, candidates[:, j])
        columns = simulate_inputs(x).columns
        self.evaluations += m
        parts = [(columns[c][:, t] - v) / (self.noise * np.abs(v)) for c, t, v in self.targets]
        for f, t in self.facts:
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = columns[f.numerator][:, t] / columns[f.denominator][:, t]
            parts.append((np.nan_to_num(f.violation(ratio), nan=1.0) / FACT_TOLERANCE)[:, None])
        return np.concatenate(parts, axis=1) if parts else np.zeros((m, 0))

    def residuals(self, candidates: FloatArray) -> FloatArray:
        """Every row: data and facts, then one per prior."""
        rows = [self.data(candidates)]
        for i, value, sd in self.prior_rows:
            rows.append(((candidates[:, i] - value) / sd)[:, None])
        return np.concatenate(rows, axis=1)

    def cost(self, candidates: FloatArray) -> FloatArray:
        """J per candidate: (M,)."""
        r = self.residuals(candidates)
        return np.einsum("mr,mr->m", r, r)


def bounds(chosen: tuple[Param, ...]) -> tuple[FloatArray, FloatArray]:
    """Lower and upper bounds of the inputs: (P,) each."""
    return np.array([p.low for p in chosen]), np.array([p.high for p in chosen])


def _scatter(
    objective: Objective, chosen: tuple[Param, ...], start: FloatArray, seed: int
) -> FloatArray:
    """The best of the start and a seeded scatter around it (one batched run)."""
    low, high = bounds(chosen)
    spread = np.array([2 * p.prior.sd if p.prior else 2 * max(abs(p.start), 0.1) for p in chosen])
    u = np.random.default_rng(seed).random((SCATTER, len(chosen)))
    candidates = np.vstack([start, np.clip(start + (2 * u - 1) * spread, low, high)])
    return candidates[int(np.argmin(objective.cost(candidates)))]


def _refine(
    objective: Objective,
    chosen: tuple[Param, ...],
    x: FloatArray,
    progress: Callable[[int, int], bool] | None,
) -> FloatArray:
    """Bounded Levenberg-Marquardt: each step one run of the Jacobian and trial steps."""
    low, high = bounds(chosen)
    for step in range(STEPS):
        r0, jac = jacobian(objective.residuals, x, high)
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
        if moved < 1e-12:
            break
    return x
