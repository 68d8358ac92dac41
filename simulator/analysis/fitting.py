"""Fitting a distribution to pasted numbers: maximum likelihood, ranked by AIC.

:func:`parse_data` reads numbers separated by spaces, tabs, newlines, commas or
semicolons; :func:`fit` fits each of :data:`FIT_KINDS` by maximum likelihood and ranks
the fits by Akaike's information criterion AIC = 2 k - 2 ln L (k parameters, L the
likelihood at the fit), lowest first. The fits:

- normal: mean and sd (n divisor) of the data; lognormal: the same of ln(data),
  given as the lognormal's mean exp(mu + s^2 / 2) and sd mean sqrt(exp(s^2) - 1);
- uniform: low = min, high = max;
- triangular and PERT (lambda 4): low, mode and high maximising the likelihood with
  low < min and high > max (Nelder-Mead from several starts on low = min - e^a w,
  high = max + e^b w, mode = low + (high - low) / (1 + e^-c), w = max - min).

Refused, with a :class:`~simulator.errors.ScenarioError` naming the field: fewer than
:data:`MIN_POINTS` numbers, anything that is not a finite number, all values equal;
a lognormal for data with a value <= 0 (left out of :func:`fit` with the reason).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.errors import ScenarioError
from simulator.scenario.distributions import MAX_LOG_SD, MAX_MAGNITUDE, Distribution

FloatArray = NDArray[np.float64]

MIN_POINTS = 5
MAX_POINTS = 1_000_000
FIT_KINDS: tuple[str, ...] = ("normal", "lognormal", "triangular", "pert", "uniform")
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Fit:
    """One fitted distribution, its log-likelihood, parameter count and AIC."""

    kind: str
    distribution: Distribution
    log_likelihood: float
    parameters: int

    @property
    def aic(self) -> float:
        """2 k - 2 ln L."""
        return 2 * self.parameters - 2 * self.log_likelihood


@dataclass(frozen=True)
class FitReport:
    """The fits, best (lowest AIC) first, the kinds left out and why, and the data."""

    fits: tuple[Fit, ...]
    skipped: dict[str, str] = field(default_factory=dict)
    data: FloatArray = field(default_factory=lambda: np.empty(0))

    @property
    def best(self) -> Fit:
        """The fit with the lowest AIC."""
        return self.fits[0]


def parse_data(raw: Any, where: str) -> FloatArray:
    """Finite numbers from text (separated by spaces, newlines, commas or semicolons)
    or a list of numbers; errors name ``where`` and the first bad item."""
    items = _SEPARATORS.split(raw.strip()) if isinstance(raw, str) else list(raw)
    items = [i for i in items if not (isinstance(i, str) and i == "")]
    if len(items) > MAX_POINTS:
        raise ScenarioError(where, f"at most {MAX_POINTS:,} numbers can be fitted")
    out = np.empty(len(items))
    for i, item in enumerate(items):
        if isinstance(item, bool):
            raise ScenarioError(where, f"item {i + 1} ({item!r}) is not a number")
        try:
            value = float(item)
        except (TypeError, ValueError, OverflowError):
            raise ScenarioError(where, f"item {i + 1} ({item!r}) is not a number") from None
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            raise ScenarioError(
                where, f"item {i + 1} ({item!r}) must be a finite number within ±{MAX_MAGNITUDE:g}"
            )
        out[i] = value
    return _checked(out, where)


def _checked(x: FloatArray, where: str) -> FloatArray:
    if x.size < MIN_POINTS:
        raise ScenarioError(where, f"needs at least {MIN_POINTS} numbers to fit (got {x.size})")
    if np.ptp(x) == 0:
        raise ScenarioError(where, f"needs at least two different values (all are {x[0]:g})")
    return x


def fit(data: Any, where: str = "data", kinds: Sequence[str] = FIT_KINDS) -> FitReport:
    """Fit each of ``kinds`` to ``data`` (text or numbers), ranked by AIC."""
    x = parse_data(data, where)
    fits, skipped = [], {}
    for kind in kinds:
        try:
            fits.append(fit_one(x, kind, where))
        except ScenarioError as exc:
            skipped[kind] = exc.rule
    if not fits:
        raise ScenarioError(
            where, "no distribution could be fitted: " + "; ".join(skipped.values())
        )
    fits.sort(key=lambda f: f.aic)
    return FitReport(tuple(fits), skipped, x)


def fit_one(data: Any, kind: str, where: str = "data") -> Fit:
    """The maximum-likelihood fit of one kind; ScenarioError when it cannot be fitted."""
    if kind not in _FITTERS:
        raise ScenarioError(where, f"cannot fit a {kind!r} (one of {', '.join(FIT_KINDS)})")
    x = data if isinstance(data, np.ndarray) else parse_data(data, where)
    x = _checked(np.asarray(x, dtype=float), where)
    return _FITTERS[kind](x, where)


def _normal(x: FloatArray, where: str) -> Fit:
    from scipy.stats import norm

    mean, sd = float(x.mean()), float(x.std())
    return Fit("normal", Distribution.normal(mean, sd), float(norm.logpdf(x, mean, sd).sum()), 2)


def _lognormal(x: FloatArray, where: str) -> Fit:
    from scipy.stats import lognorm

    if x.min() <= 0:
        bad = x[np.argmax(x <= 0)]
        raise ScenarioError(where, f"a lognormal needs every value above 0 (the data has {bad:g})")
    logs = np.log(x)
    mu, sigma = float(logs.mean()), float(logs.std())
    if sigma > MAX_LOG_SD or sigma == 0:
        raise ScenarioError(where, f"a lognormal needs a log-sd above 0 and at most {MAX_LOG_SD:g}")
    mean = math.exp(mu + sigma * sigma / 2)
    dist = Distribution.lognormal(mean, mean * math.sqrt(math.expm1(sigma * sigma)))
    ll = float(lognorm.logpdf(x, sigma, scale=math.exp(mu)).sum())
    return Fit("lognormal", dist, ll, 2)


def _uniform(x: FloatArray, where: str) -> Fit:
    low, high = float(x.min()), float(x.max())
    return Fit("uniform", Distribution.uniform(low, high), -x.size * math.log(high - low), 2)


def _bounded(kind: str):
    def fitter(x: FloatArray, where: str) -> Fit:
        from scipy.optimize import minimize

        lo, hi = float(x.min()), float(x.max())
        w = hi - lo

        def unpack(theta: FloatArray) -> Distribution:
            a, b, c = (float(np.clip(t, -30.0, 30.0)) for t in theta)
            low, high = lo - math.exp(a) * w, hi + math.exp(b) * w
            mode = low + (high - low) / (1 + math.exp(-c))
            return Distribution(kind, low, mode, high)

        def nll(theta: FloatArray) -> float:
            with np.errstate(divide="ignore"):
                ll = float(np.log(unpack(theta).pdf(x)).sum())
            return -ll if math.isfinite(ll) else 1e300

        centre = (float(np.median(x)) - lo) / w
        starts = [
            (math.log(s), math.log(s), math.log(p / (1 - p)))
            for s in (0.01, 0.1)
            for p in (0.1, min(max(centre, 0.05), 0.95), 0.9)
        ]
        best = min(
            (
                minimize(
                    nll,
                    np.array(s),
                    method="Nelder-Mead",
                    options={"xatol": 1e-9, "fatol": 1e-10, "maxiter": 4000},
                )
                for s in starts
            ),
            key=lambda r: r.fun,
        )
        if not best.fun < 1e300:
            raise ScenarioError(where, f"no {kind} fits these numbers")
        return Fit(kind, unpack(best.x), -float(best.fun), 3)

    return fitter


_FITTERS = {
    "normal": _normal,
    "lognormal": _lognormal,
    "uniform": _uniform,
    "triangular": _bounded("triangular"),
    "pert": _bounded("pert"),
}
