"""Probability distributions of uncertain inputs, drawn by inverse CDF.

Every distribution maps uniform numbers ``u`` in (0, 1) to values with
:meth:`Distribution.ppf`, so a Gaussian copula can correlate them and common random
numbers give every scenario the same draws. Normal and lognormal distributions are
truncated to the input's valid range ``[low, high]``; the bounded ones (triangular,
uniform, discrete) are clipped to it, which is a no-op when their parameters lie
inside. The JSON form is ``{"dist": "triangular", "low": .., "mode": .., "high": ..}``
and likewise ``normal`` (mean, sd), ``uniform`` (low, high), ``lognormal`` (mean, sd
of the value itself, mean > 0) and ``discrete`` (values, optional weights).
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

KINDS: tuple[str, ...] = ("normal", "triangular", "uniform", "lognormal", "discrete")
_PARAMS: dict[str, tuple[str, ...]] = {
    "normal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
    "lognormal": ("mean", "sd"),
    "discrete": ("values", "weights"),
}
_MIN_MASS = 1e-9


@dataclass(frozen=True)
class Distribution:
    """One distribution: ``kind`` and its parameters (unused ones are empty)."""

    kind: str
    a: float = 0.0  # normal/lognormal mean; triangular/uniform low
    b: float = 0.0  # normal/lognormal sd; triangular mode; uniform high
    c: float = 0.0  # triangular high
    values: tuple[float, ...] = ()
    weights: tuple[float, ...] = ()

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
    def from_dict(cls, doc: Any, path: str) -> Distribution:
        """Parse and check the JSON form; errors name ``path`` and the parameter."""
        if not isinstance(doc, dict):
            raise ScenarioError(path, 'must be an object like {"dist": "normal", ...}')
        kind = string(doc.get("dist"), f"{path}.dist")
        if kind not in _PARAMS:
            raise ScenarioError(f"{path}.dist", f"must be one of {', '.join(KINDS)} (got {kind!r})")
        allowed = ("dist", *_PARAMS[kind])
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
        """The JSON form."""
        if self.kind == "discrete":
            out: dict[str, Any] = {"dist": "discrete", "values": list(self.values)}
            if self.weights:
                out["weights"] = list(self.weights)
            return out
        names = _PARAMS[self.kind]
        return {"dist": self.kind, **dict(zip(names, (self.a, self.b, self.c), strict=False))}

    def check(self, path: str) -> None:
        """Refuse parameters that define no distribution."""
        _CHECKS[self.kind](self, path)

    # --- use ----------------------------------------------------------------------
    def ppf(self, u: ArrayLike, low: float = -math.inf, high: float = math.inf) -> FloatArray:
        """Values at probabilities ``u`` in (0, 1), kept inside ``[low, high]``."""
        u = np.asarray(u, dtype=float)
        if self.kind in ("normal", "lognormal"):
            return self._truncated_ppf(u, low, high)
        return np.clip(_BOUNDED_PPF[self.kind](self, u), low, high)

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
        """A short label such as ``triangular 330 / 380 / 480``."""
        if self.kind == "discrete":
            return f"discrete {len(self.values)} values"
        names = _PARAMS[self.kind]
        args = (self.a, self.b, self.c)[: len(names)]
        return f"{self.kind} " + " / ".join(f"{v:.4g}" for v in args)

    # --- internals ----------------------------------------------------------------
    def _log_params(self) -> tuple[float, float]:
        """(mu, sigma) of log(value) for a lognormal of mean ``a`` and sd ``b``."""
        sigma2 = math.log1p((self.b / self.a) ** 2)
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
        z = ndtri(pl + u * (ph - pl)) if ph - pl > _MIN_MASS else np.full_like(u, (zl + zh) / 2)
        if self.kind == "lognormal":
            mu, sigma = self._log_params()
            values = np.exp(mu + sigma * z)
        else:
            values = self.a + self.b * z
        return np.clip(values, low, high)


def _parse(kind: str, doc: dict, path: str) -> Distribution:
    if kind == "discrete":
        if "values" not in doc:
            raise ScenarioError(f"{path}.values", "required field is missing")
        values = numbers(doc["values"], f"{path}.values")
        weights = numbers(doc["weights"], f"{path}.weights") if "weights" in doc else ()
        return Distribution.discrete(values, weights)
    args = []
    for name in _PARAMS[kind]:
        if name not in doc:
            raise ScenarioError(f"{path}.{name}", "required field is missing")
        args.append(number(doc[name], f"{path}.{name}"))
    return Distribution(kind, *args)


def _check_normal(d: Distribution, path: str) -> None:
    if d.b < 0:
        raise ScenarioError(f"{path}.sd", f"must be >= 0 (got {d.b:.6g})")


def _check_lognormal(d: Distribution, path: str) -> None:
    if d.a <= 0:
        raise ScenarioError(f"{path}.mean", f"must be > 0 for a lognormal (got {d.a:.6g})")
    _check_normal(d, path)


def _check_triangular(d: Distribution, path: str) -> None:
    if not d.a <= d.b <= d.c:
        raise ScenarioError(
            path, f"needs low <= mode <= high (got {d.a:.6g} / {d.b:.6g} / {d.c:.6g})"
        )


def _check_uniform(d: Distribution, path: str) -> None:
    if not d.a <= d.b:
        raise ScenarioError(path, f"needs low <= high (got {d.a:.6g} / {d.b:.6g})")


def _check_discrete(d: Distribution, path: str) -> None:
    if not 1 <= len(d.values) <= 100:
        raise ScenarioError(f"{path}.values", f"must have 1 to 100 values (got {len(d.values)})")
    if d.weights and len(d.weights) != len(d.values):
        raise ScenarioError(
            f"{path}.weights",
            f"must have one weight per value ({len(d.values)}, got {len(d.weights)})",
        )
    if d.weights and (min(d.weights) < 0 or math.fsum(d.weights) <= 0):
        raise ScenarioError(f"{path}.weights", "must be >= 0 with a positive sum")


_CHECKS = {
    "normal": _check_normal,
    "lognormal": _check_lognormal,
    "triangular": _check_triangular,
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
        return np.where(x == d.a, np.inf, 0.0)
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
    "uniform": _uniform_pdf,
    "discrete": _discrete_pdf,
}
