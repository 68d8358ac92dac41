"""Probability distributions of uncertain inputs, drawn by inverse CDF.

Every distribution maps uniform numbers ``u`` in (0, 1) to values with
:meth:`Distribution.ppf`, so a Gaussian copula can correlate them and common random
numbers give every scenario the same draws. Normal and lognormal distributions are
truncated to the input's valid range ``[low, high]``; the bounded ones (triangular,
PERT, uniform, discrete) are clipped to it, which is a no-op when their parameters
lie inside. The JSON form is ``{"dist": "triangular", "low": .., "mode": .., "high": ..}``
and likewise ``normal`` (mean, sd), ``uniform`` (low, high), ``lognormal`` (mean, sd
of the value itself, mean > 0), ``pert`` (low, mode, high, optional lambda = 4) and
``discrete`` (values, optional weights). A normal or lognormal may instead be given by
its 90% interval, ``{"dist": "lognormal", "p5": .., "p95": ..}``; that form is kept.

Parameters are limited so that every derived quantity is finite: magnitudes at most
:data:`MAX_MAGNITUDE`, a lognormal's log-sd at most :data:`MAX_LOG_SD`, a PERT's lambda
in (0, :data:`MAX_LAMBDA`]. Errors name the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.errors import ScenarioError
from simulator.scenario.jsontypes import number, numbers, string

FloatArray = NDArray[np.float64]

KINDS: tuple[str, ...] = ("normal", "triangular", "uniform", "lognormal", "discrete", "pert")
_PARAMS: dict[str, tuple[str, ...]] = {
    "normal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
    "lognormal": ("mean", "sd"),
    "discrete": ("values", "weights"),
    "pert": ("low", "mode", "high"),
}
_INTERVAL = ("p5", "p95")
_MIN_MASS = 1e-9
MAX_MAGNITUDE = 1e15
"""Largest absolute value of any parameter (a million times the largest money input)."""
MAX_LOG_SD = 5.0
"""Largest sd of log(value) of a lognormal (sd/mean up to about 268,000)."""
MAX_LAMBDA = 100.0
DEFAULT_LAMBDA = 4.0
Z95 = 1.6448536269514722
"""The standard normal's P95: a 90% interval is mean +/- Z95 sd (of the log, lognormal)."""
_MAX_CV = math.sqrt(math.expm1(MAX_LOG_SD**2))
_FINITE = 1e300  # draws are clipped to +/- this: never infinite, whatever the parameters


@dataclass(frozen=True)
class Distribution:
    """One distribution: ``kind`` and its parameters (unused ones are empty).

    ``a``, ``b``, ``c``: normal/lognormal mean and sd (derived from the interval when
    it was given as one); triangular/PERT low, mode, high; uniform low, high.
    ``lam``: a PERT's lambda. ``interval``: (P5, P95) when entered as a 90% interval.
    """

    kind: str
    a: float = 0.0
    b: float = 0.0
    c: float = 0.0
    values: tuple[float, ...] = ()
    weights: tuple[float, ...] = ()
    lam: float = DEFAULT_LAMBDA
    interval: tuple[float, ...] = ()

    # --- construction -------------------------------------------------------------
    @classmethod
    def normal(cls, mean: float, sd: float) -> Distribution:
        """Normal(mean, sd), truncated to the input's valid range."""
        return cls("normal", mean, sd)

    @classmethod
    def triangular(cls, low: float, mode: float, high: float) -> Distribution:
        """Triangular with ``low <= mode <= high``."""
        return cls("triangular", low, mode, high)

    @classmethod
    def pert(
        cls, low: float, mode: float, high: float, lam: float = DEFAULT_LAMBDA
    ) -> Distribution:
        """PERT: a beta on [low, high] with mean (low + lam * mode + high) / (lam + 2)."""
        return cls("pert", low, mode, high, lam=lam)

    @classmethod
    def uniform(cls, low: float, high: float) -> Distribution:
        """Uniform on [low, high]."""
        return cls("uniform", low, high)

    @classmethod
    def lognormal(cls, mean: float, sd: float) -> Distribution:
        """Lognormal with the given mean and sd of the value (not of its log)."""
        return cls("lognormal", mean, sd)

    @classmethod
    def discrete(cls, values: tuple[float, ...], weights: tuple[float, ...] = ()) -> Distribution:
        """One of ``values`` with probability proportional to ``weights`` (equal if empty)."""
        return cls("discrete", values=tuple(values), weights=tuple(weights))

    @classmethod
    def from_interval(cls, kind: str, p5: float, p95: float) -> Distribution:
        """A normal or lognormal whose 5th and 95th percentiles are ``p5`` and ``p95``.

        Normal: mean (p5 + p95) / 2, sd (p95 - p5) / (2 Z95). Lognormal: log-mean
        mu = (ln p5 + ln p95) / 2, log-sd s = (ln p95 - ln p5) / (2 Z95); its mean
        exp(mu + s^2 / 2) and sd mean * sqrt(exp(s^2) - 1) are kept in ``a``, ``b``
        (infinite if the interval is beyond the limits, which :meth:`check` refuses).
        """
        if kind == "normal":
            return cls(kind, (p5 + p95) / 2, (p95 - p5) / (2 * Z95), interval=(p5, p95))
        try:
            mu, sigma = _interval_log_params(p5, p95)
            mean = math.exp(mu + sigma * sigma / 2)
            sd = mean * math.sqrt(math.expm1(sigma * sigma))
        except (OverflowError, ValueError):
            mean = sd = math.inf
        return cls(kind, mean, sd, interval=(p5, p95))

    @classmethod
    def from_dict(cls, doc: Any, path: str) -> Distribution:
        """Parse and check the JSON form; errors name ``path`` and the parameter."""
        if not isinstance(doc, dict):
            raise ScenarioError(path, 'must be an object like {"dist": "normal", ...}')
        kind = string(doc.get("dist"), f"{path}.dist")
        if kind not in _PARAMS:
            raise ScenarioError(f"{path}.dist", f"must be one of {', '.join(KINDS)} (got {kind!r})")
        allowed = ("dist", *_PARAMS[kind])
        allowed += ("lambda",) if kind == "pert" else ()
        allowed += _INTERVAL if kind in ("normal", "lognormal") else ()
        for key in doc:
            if key not in allowed:
                raise ScenarioError(
                    f"{path}.{key}",
                    f"unknown key for a {kind} distribution (allowed: {', '.join(allowed)})",
                )
        dist = _parse(kind, doc, path)
        dist.check(path)
        return dist

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (a 90% interval stays one; a PERT's lambda only when not 4)."""
        if self.kind == "discrete":
            out: dict[str, Any] = {"dist": "discrete", "values": list(self.values)}
            if self.weights:
                out["weights"] = list(self.weights)
            return out
        if self.interval:
            return {"dist": self.kind, "p5": self.interval[0], "p95": self.interval[1]}
        names = _PARAMS[self.kind]
        out = {"dist": self.kind, **dict(zip(names, (self.a, self.b, self.c), strict=False))}
        if self.kind == "pert" and self.lam != DEFAULT_LAMBDA:
            out["lambda"] = self.lam
        return out

    def check(self, path: str) -> None:
        """Refuse parameters that define no distribution or could overflow."""
        _CHECKS[self.kind](self, path)

    # --- use ----------------------------------------------------------------------
    def ppf(self, u: ArrayLike, low: float = -math.inf, high: float = math.inf) -> FloatArray:
        """Values at probabilities ``u`` in (0, 1), kept inside ``[low, high]``."""
        u = np.asarray(u, dtype=float)
        if self.kind in ("normal", "lognormal"):
            values = self._truncated_ppf(u, low, high)
        else:
            values = np.clip(_BOUNDED_PPF[self.kind](self, u), low, high)
        return np.clip(values, -_FINITE, _FINITE)

    def mass_inside(self, low: float, high: float) -> float:
        """Probability of [low, high] before truncation (normal and lognormal)."""
        if self.kind not in ("normal", "lognormal"):
            return 1.0
        from scipy.special import ndtr  # imported when first needed: ~0.2 s at start-up

        lo, hi = self._z_bounds(low, high)
        return float(ndtr(hi) - ndtr(lo))

    def pdf(self, x: ArrayLike) -> FloatArray:
        """Density at ``x`` before truncation (discrete: probability of each value)."""
        return _PDF[self.kind](self, np.asarray(x, dtype=float))

    def describe(self) -> str:
        """A short label such as ``triangular 330 / 380 / 480`` or ``lognormal P5 1 / P95 3``."""
        if self.kind == "discrete":
            return f"discrete {len(self.values)} values"
        if self.interval:
            return f"{self.kind} P5 {self.interval[0]:.4g} / P95 {self.interval[1]:.4g}"
        names = _PARAMS[self.kind]
        args = (self.a, self.b, self.c)[: len(names)]
        lam = f" (lambda {self.lam:g})" if self.kind == "pert" and self.lam != 4 else ""
        return f"{self.kind} " + " / ".join(f"{v:.4g}" for v in args) + lam

    # --- internals ----------------------------------------------------------------
    def _log_params(self) -> tuple[float, float]:
        """(mu, sigma) of log(value) of a lognormal: from the interval when given as
        one, else from mean ``a`` > 0 and sd ``b``: sigma^2 = log(1 + (b/a)^2), computed
        without overflow for any positive ``a``."""
        if self.interval:
            return _interval_log_params(*self.interval)
        cv = self.b / self.a
        sigma2 = math.log1p(cv * cv) if cv < 1e150 else 2 * math.log(cv) + math.log1p(cv**-2)
        return math.log(self.a) - sigma2 / 2, math.sqrt(sigma2)

    def _z_bounds(self, low: float, high: float) -> tuple[float, float]:
        """The truncation bounds as standard-normal scores (inf where unbounded)."""
        if self.kind == "lognormal":
            mu, sigma = self._log_params()
            lo = math.log(low) if low > 0 else -math.inf
            hi = math.log(high) if high < math.inf else math.inf
        else:
            mu, sigma, lo, hi = self.a, self.b, low, high
        if sigma == 0:
            return -math.inf, math.inf
        return (lo - mu) / sigma, (hi - mu) / sigma

    def _truncated_ppf(self, u: FloatArray, low: float, high: float) -> FloatArray:
        zl, zh = self._z_bounds(low, high)
        from scipy.special import ndtr, ndtri

        pl, ph = float(ndtr(zl)), float(ndtr(zh))
        if ph - pl > _MIN_MASS:
            z = ndtri(pl + u * (ph - pl))
        else:  # (almost) no mass inside: the middle of the bounds' scores
            middle = (zl + zh) / 2
            z = np.full_like(u, middle if math.isfinite(middle) else 0.0)
        with np.errstate(over="ignore", invalid="ignore"):
            if self.kind == "lognormal":
                mu, sigma = self._log_params()
                values = np.exp(mu + sigma * z)
            else:
                values = self.a + self.b * z
        values = np.where(np.isnan(values), np.clip(0.0, low, high), values)
        return np.clip(values, low, high)


def _interval_log_params(p5: float, p95: float) -> tuple[float, float]:
    lo, hi = math.log(p5), math.log(p95)
    return (lo + hi) / 2, (hi - lo) / (2 * Z95)


def _parse(kind: str, doc: dict, path: str) -> Distribution:
    if kind == "discrete":
        if "values" not in doc:
            raise ScenarioError(f"{path}.values", "required field is missing")
        values = numbers(doc["values"], f"{path}.values")
        weights = numbers(doc["weights"], f"{path}.weights") if "weights" in doc else ()
        return Distribution.discrete(values, weights)
    if kind in ("normal", "lognormal") and any(k in doc for k in _INTERVAL):
        if any(k in doc for k in _PARAMS[kind]):
            raise ScenarioError(path, "give mean and sd, or p5 and p95 (a 90% interval), not both")
        p5, p95 = (_required(doc, name, path) for name in _INTERVAL)
        _check_interval(kind, p5, p95, path)
        return Distribution.from_interval(kind, p5, p95)
    args = [_required(doc, name, path) for name in _PARAMS[kind]]
    lam = number(doc["lambda"], f"{path}.lambda") if "lambda" in doc else DEFAULT_LAMBDA
    return Distribution(kind, *args, lam=lam)


def _required(doc: dict, name: str, path: str) -> float:
    if name not in doc:
        raise ScenarioError(f"{path}.{name}", "required field is missing")
    return number(doc[name], f"{path}.{name}")


def _magnitude(value: float, where: str) -> None:
    if not abs(value) <= MAX_MAGNITUDE:
        raise ScenarioError(
            where, f"must be between -{MAX_MAGNITUDE:.0e} and {MAX_MAGNITUDE:.0e} (got {value:.6g})"
        )


def _check_interval(kind: str, p5: float, p95: float, path: str) -> None:
    _magnitude(p5, f"{path}.p5")
    _magnitude(p95, f"{path}.p95")
    if kind == "lognormal" and p5 <= 0:
        raise ScenarioError(f"{path}.p5", f"must be > 0 for a lognormal (got {p5:.6g})")
    if p5 > p95:
        raise ScenarioError(path, f"needs p5 <= p95 (got {p5:.6g} / {p95:.6g})")
    if kind == "lognormal" and _interval_log_params(p5, p95)[1] > MAX_LOG_SD:
        ratio = math.exp(2 * Z95 * MAX_LOG_SD)
        raise ScenarioError(
            f"{path}.p95", f"must be at most {ratio:.3g} times p5 for a lognormal (got {p95:.6g})"
        )


def _check_normal(d: Distribution, path: str) -> None:
    if d.interval:
        _check_interval(d.kind, *d.interval, path)
        return
    _magnitude(d.a, f"{path}.mean")
    if not d.b >= 0:
        raise ScenarioError(f"{path}.sd", f"must be >= 0 (got {d.b:.6g})")
    _magnitude(d.b, f"{path}.sd")


def _check_lognormal(d: Distribution, path: str) -> None:
    if d.interval:
        _check_interval(d.kind, *d.interval, path)
        return
    if not d.a > 0:
        raise ScenarioError(f"{path}.mean", f"must be > 0 for a lognormal (got {d.a:.6g})")
    _check_normal(d, path)
    if d.b / d.a > _MAX_CV:
        raise ScenarioError(
            f"{path}.sd",
            f"must be at most {_MAX_CV:,.0f} times the mean for a lognormal (its log-sd at most "
            f"{MAX_LOG_SD:g}; got sd {d.b:.6g} for mean {d.a:.6g})",
        )


def _check_triangular(d: Distribution, path: str) -> None:
    for name, value in zip(("low", "mode", "high"), (d.a, d.b, d.c), strict=True):
        _magnitude(value, f"{path}.{name}")
    if not d.a <= d.b <= d.c:
        raise ScenarioError(
            path, f"needs low <= mode <= high (got {d.a:.6g} / {d.b:.6g} / {d.c:.6g})"
        )


def _check_pert(d: Distribution, path: str) -> None:
    _check_triangular(d, path)
    if not 0 < d.lam <= MAX_LAMBDA:
        raise ScenarioError(
            f"{path}.lambda", f"must be above 0 and at most {MAX_LAMBDA:g} (got {d.lam:.6g})"
        )


def _check_uniform(d: Distribution, path: str) -> None:
    _magnitude(d.a, f"{path}.low")
    _magnitude(d.b, f"{path}.high")
    if not d.a <= d.b:
        raise ScenarioError(path, f"needs low <= high (got {d.a:.6g} / {d.b:.6g})")


def _check_discrete(d: Distribution, path: str) -> None:
    if not 1 <= len(d.values) <= 100:
        raise ScenarioError(f"{path}.values", f"must have 1 to 100 values (got {len(d.values)})")
    for i, v in enumerate(d.values):
        _magnitude(v, f"{path}.values.{i}")
    if d.weights and len(d.weights) != len(d.values):
        raise ScenarioError(
            f"{path}.weights",
            f"must have one weight per value ({len(d.values)}, got {len(d.weights)})",
        )
    if d.weights and (not 0 <= min(d.weights) <= max(d.weights) <= MAX_MAGNITUDE):
        raise ScenarioError(f"{path}.weights", f"must be >= 0 and at most {MAX_MAGNITUDE:.0e}")
    if d.weights and math.fsum(d.weights) <= 0:
        raise ScenarioError(f"{path}.weights", "must be >= 0 with a positive sum")


_CHECKS = {
    "normal": _check_normal,
    "lognormal": _check_lognormal,
    "triangular": _check_triangular,
    "pert": _check_pert,
    "uniform": _check_uniform,
    "discrete": _check_discrete,
}


def _triangular_ppf(d: Distribution, u: FloatArray) -> FloatArray:
    low, mode, high = d.a, d.b, d.c
    width = high - low
    if width == 0:
        return np.full_like(u, low)
    cut = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def pert_shapes(d: Distribution) -> tuple[float, float]:
    """A PERT's beta shapes 1 + lam (mode - low) / w, 1 + lam (high - mode) / w (w = high - low)."""
    width = d.c - d.a
    return 1 + d.lam * (d.b - d.a) / width, 1 + d.lam * (d.c - d.b) / width


def _pert_ppf(d: Distribution, u: FloatArray) -> FloatArray:
    if d.c == d.a:
        return np.full_like(u, d.a)
    from scipy.special import betaincinv

    alpha, beta = pert_shapes(d)
    return d.a + (d.c - d.a) * betaincinv(alpha, beta, u)


def _uniform_ppf(d: Distribution, u: FloatArray) -> FloatArray:
    return d.a + u * (d.b - d.a)


def _discrete_probs(d: Distribution) -> FloatArray:
    w = np.asarray(d.weights or [1.0] * len(d.values), dtype=float)
    return w / w.sum()


def _discrete_ppf(d: Distribution, u: FloatArray) -> FloatArray:
    cum = np.cumsum(_discrete_probs(d))
    index = np.minimum(np.searchsorted(cum, u, side="right"), len(d.values) - 1)
    return np.asarray(d.values, dtype=float)[index]


_BOUNDED_PPF = {
    "triangular": _triangular_ppf,
    "pert": _pert_ppf,
    "uniform": _uniform_ppf,
    "discrete": _discrete_ppf,
}


def _normal_pdf(d: Distribution, x: FloatArray) -> FloatArray:
    if d.b == 0:
        return np.where(x == d.a, np.inf, 0.0)
    z = (x - d.a) / d.b
    return np.exp(-0.5 * z * z) / (d.b * math.sqrt(2 * math.pi))


def _lognormal_pdf(d: Distribution, x: FloatArray) -> FloatArray:
    mu, sigma = d._log_params()
    safe = np.where(x > 0, x, 1.0)
    if sigma == 0:
        return np.where(x == math.exp(mu), np.inf, 0.0)
    z = (np.log(safe) - mu) / sigma
    return np.where(x > 0, np.exp(-0.5 * z * z) / (safe * sigma * math.sqrt(2 * math.pi)), 0.0)


def _triangular_pdf(d: Distribution, x: FloatArray) -> FloatArray:
    low, mode, high = d.a, d.b, d.c
    if high == low:
        return np.where(x == low, np.inf, 0.0)
    peak = 2 / (high - low)
    up = peak * (x - low) / (mode - low) if mode > low else np.full_like(x, peak)
    down = peak * (high - x) / (high - mode) if high > mode else np.full_like(x, peak)
    inside = (x >= low) & (x <= high)
    return np.where(inside, np.where(x < mode, up, down), 0.0)


def _pert_pdf(d: Distribution, x: FloatArray) -> FloatArray:
    if d.c == d.a:
        return np.where(x == d.a, np.inf, 0.0)
    from scipy.stats import beta as beta_dist

    alpha, beta = pert_shapes(d)
    return beta_dist.pdf(x, alpha, beta, loc=d.a, scale=d.c - d.a)


def _uniform_pdf(d: Distribution, x: FloatArray) -> FloatArray:
    if d.b == d.a:
        return np.where(x == d.a, np.inf, 0.0)
    return np.where((x >= d.a) & (x <= d.b), 1 / (d.b - d.a), 0.0)


def _discrete_pdf(d: Distribution, x: FloatArray) -> FloatArray:
    probs = _discrete_probs(d)
    values = np.asarray(d.values, dtype=float)
    return (x[..., None] == values).astype(float) @ probs


_PDF = {
    "normal": _normal_pdf,
    "lognormal": _lognormal_pdf,
    "triangular": _triangular_pdf,
    "pert": _pert_pdf,
    "uniform": _uniform_pdf,
    "discrete": _discrete_pdf,
}
