"""What the distribution editor knows about distributions, without widgets.

A driver's values are shown in the units its input shows them (from the field
table, :func:`ui.common.format.driver_shown`: percent fields as %, money in bn,
a growth shift in percentage points, a spend delay in years), with at least
:data:`DIST_DECIMALS` decimals. Densities and quantiles come from
:class:`simulator.scenario.distributions.Distribution`, valid ranges from the
field table; these functions only choose defaults, convert between kinds and
explain what is wrong, in display units.
"""

from __future__ import annotations

import math

import numpy as np

from simulator.analysis.drivers import Driver
from simulator.errors import ScenarioError
from simulator.scenario import fields
from simulator.scenario.distributions import DEFAULT_LAMBDA, MAX_LAMBDA, Distribution
from simulator.scenario.uncertainty import parse
from simulator.units import Money
from ui.common.format import Shown, driver_shown

DIST_DECIMALS = 2  # a distribution's parameters are typed with at least two decimals
KIND_NAMES = (
    ("Certain (no uncertainty)", ""),
    ("Normal", "normal"),
    ("Triangular", "triangular"),
    ("Uniform", "uniform"),
    ("Lognormal", "lognormal"),
    ("Discrete", "discrete"),
    ("PERT (low / most likely / high)", "pert"),
)
PARAMS = ("mean", "sd", "p5", "p95", "low", "mode", "high", "lambda")
PARAM_NAMES = {"sd": "SD", "p5": "P5 (low end)", "p95": "P95 (high end)", "lambda": "Lambda"}
SHOWN = {
    "": (),
    "normal": ("mean", "sd"),
    "lognormal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
    "discrete": (),
    "pert": ("low", "mode", "high", "lambda"),
}
INTERVAL = ("p5", "p95")
"""A normal or lognormal entered as its 90% interval: these instead of mean and SD."""
FORMS = (("mean and SD", "moments"), ("90 % interval (P5 – P95)", "interval"))
VALUES = {"normal": 2, "lognormal": 2, "triangular": 3, "uniform": 2, "pert": 3}
"""How many of a distribution's ``a``, ``b``, ``c`` are values of the input."""
PARAM_TIPS = {
    "mean": "Mean of the value (a normal is truncated to the input's valid range).",
    "sd": "Standard deviation of the value (must be 0 or more).",
    "p5": "5th percentile: 1 chance in 20 of a lower value.",
    "p95": "95th percentile: 1 chance in 20 of a higher value.",
    "low": "Lowest possible value.",
    "mode": "Most likely value.",
    "high": "Highest possible value.",
    "lambda": "Weight of the most likely value (4 is the classic PERT; more: narrower).",
}
GRID_POINTS = 301
WIDE = 1e7  # spin-box bound (display units) where the input has none
ERROR_STYLE = "color: #b03a2e;"


def units_for(path: str, money: Money | None = None) -> Shown:
    """How driver ``path``'s values are shown in the editor (its input's unit, at least
    :data:`DIST_DECIMALS` decimals; money in ``money``'s currency)."""
    return driver_shown(path, money, DIST_DECIMALS)


def text(units: Shown, value: float) -> str:
    """A model value, short, with its unit: ``15 %``, ``0.64 /yr``."""
    return f"{units.compact(value)} {units.label}".strip()


def default_distribution(d: Driver, units: Shown) -> Distribution:
    """The distribution offered when an input is first made uncertain.

    A growth shift: normal, mean 0, sd 5 pp; the spend delay: uniform -0.5 .. +0.5
    years; any other input: triangular, low/high 20 % either side of its value (ten
    display steps when the value is 0; at least one quarter for a lag), clipped to the
    input's valid range.
    """
    if d.kind == "shift":
        return Distribution.normal(0.0, 0.05)
    if d.kind == "delay":
        return Distribution.uniform(-0.5, 0.5)
    half = 0.2 * abs(d.base) or 10 * units.step / units.scale
    if d.kind == "lag":
        half = max(half, 1.0)
    low, high = max(d.base - half, d.low), min(d.base + half, d.high)
    return Distribution.triangular(
        units.model(units.shown(low)), d.base, units.model(units.shown(high))
    )


def summary(dist: Distribution, units: Shown) -> str:
    """A distribution in display units, e.g. ``triangular 12 / 15 / 18 %``."""
    if dist.kind == "discrete":
        shown = [units.compact(v) for v in dist.values[:4]]
        numbers = ", ".join(shown) + (", …" if len(dist.values) > 4 else "")
        return f"discrete {numbers} {units.label}".strip()
    if dist.interval:
        low, high = (units.compact(v) for v in dist.interval)
        return f"{dist.kind} 90 % {low} – {high} {units.label}".strip()
    values = (dist.a, dist.b, dist.c)[: VALUES[dist.kind]]
    numbers = " / ".join(units.compact(v) for v in values)
    name = "PERT" if dist.kind == "pert" else dist.kind
    lam = f" (λ {dist.lam:g})" if dist.kind == "pert" and dist.lam != DEFAULT_LAMBDA else ""
    return f"{name} {numbers} {units.label}{lam}".strip()


def subject(d: Driver, units: Shown) -> str:
    """What the distribution is of, in words, with the scenario's value."""
    if d.kind == "shift":
        return f"{d.label}: a shift in pp added to every year's growth rate (0 = as entered)."
    if d.kind == "delay":
        return f"{d.label}: years the whole spend schedule moves later (0 = as entered)."
    return f"{d.label}: now {text(units, d.base)}."


def convert(dist: Distribution | None, kind: str, d: Driver, units: Shown) -> Distribution | None:
    """A distribution of ``kind`` about as central and wide as ``dist`` (or the default)."""
    if not kind:
        return None
    source = dist or default_distribution(d, units)
    if source.kind == kind:
        return source
    center, half = _center_half(source)
    half = half or units.step / units.scale
    low, high = max(center - half, d.low), min(center + half, d.high)
    if kind in ("normal", "lognormal"):
        return Distribution(kind, center, half / 2)
    if kind in ("triangular", "pert"):
        return Distribution(kind, low, min(max(center, low), high), high)
    if kind == "uniform":
        return Distribution.uniform(low, high)
    return Distribution.discrete((low, center, high) if low < center < high else (center,))


def _center_half(dist: Distribution) -> tuple[float, float]:
    if dist.kind in ("normal", "lognormal"):
        return dist.a, 2 * dist.b
    if dist.kind in ("triangular", "pert"):
        return dist.b, (dist.c - dist.a) / 2
    if dist.kind == "uniform":
        return (dist.a + dist.b) / 2, (dist.b - dist.a) / 2
    values = sorted(dist.values)
    return values[len(values) // 2], (values[-1] - values[0]) / 2


def problem(dist: Distribution | None, d: Driver, units: Shown) -> str:
    """Why ``dist`` cannot be used for ``d`` (in display units), or '' when it can."""
    if dist is None:
        return ""
    message = _parameter_problem(dist) or _range_problem(dist, d.path, units)
    if message:
        return message
    try:  # the model's own check, for anything the messages above miss
        parse({"inputs": {d.path: dist.to_dict()}})
    except ScenarioError as exc:
        return str(exc)
    return ""


def _parameter_problem(dist: Distribution) -> str:
    kind, a, b, c = dist.kind, dist.a, dist.b, dist.c
    if dist.interval:
        return _interval_problem(kind, *dist.interval)
    if kind in ("normal", "lognormal") and b < 0:
        return "The SD must be 0 or more."
    if kind == "lognormal" and a <= 0:
        return "A lognormal needs a mean above 0."
    if kind in ("triangular", "uniform", "pert") and a > (b if kind == "uniform" else c):
        return "Low must not be above high."
    if kind in ("triangular", "pert") and not a <= b <= c:
        return "The mode (most likely) must lie between low and high."
    if kind == "pert" and not 0 < dist.lam <= MAX_LAMBDA:
        return f"Lambda must be above 0 and at most {MAX_LAMBDA:g}."
    if kind == "discrete" and not dist.values:
        return "Add at least one value."
    if kind == "discrete" and dist.weights and math.fsum(dist.weights) <= 0:
        return "At least one weight must be above 0."
    return ""


def _interval_problem(kind: str, p5: float, p95: float) -> str:
    if kind == "lognormal" and p5 <= 0:
        return "P5 must be above 0 for a lognormal (its values are all positive)."
    if p5 > p95:
        return "P5 must not be above P95."
    return ""


def _range_problem(dist: Distribution, path: str, units: Shown) -> str:
    """Bounded distributions must stay inside the input's valid range."""
    if dist.kind in ("normal", "lognormal"):
        return ""
    ends = dist.values if dist.kind == "discrete" else (dist.a, dist.b, dist.c)[: VALUES[dist.kind]]
    low, high = fields.field(path).closed_range()
    if min(ends) >= low and max(ends) <= high:
        return ""
    if math.isinf(high):
        if 0 < low < 1e-9:  # an open end at 0
            return f"Values must be above {text(units, 0.0)}."
        return f"Values must be {text(units, low)} or more."
    return f"Values must lie inside {text(units, low)} .. {text(units, high)}."


def interval_of(dist: Distribution) -> tuple[float, float]:
    """(P5, P95) of a normal or lognormal: as entered, or from its mean and SD."""
    if dist.interval:
        return dist.interval[0], dist.interval[1]
    p5, p95 = (float(v) for v in dist.ppf([0.05, 0.95]))
    return p5, p95


def density_grid(dist: Distribution, d: Driver, units: Shown) -> np.ndarray:
    """The x values (model units) a density is drawn at: its bulk, inside the driver's range."""
    if dist.kind in ("normal", "lognormal"):
        lo, hi = (float(v) for v in dist.ppf([0.0005, 0.9995], d.low, d.high))
        ends: tuple[float, ...] = ()
    else:
        ends = (
            tuple(dist.values)
            if dist.kind == "discrete"
            else (dist.a, dist.b, dist.c)[: VALUES[dist.kind]]
        )
        lo, hi = min(ends), max(ends)
    pad = 0.08 * (hi - lo) or 2 * units.step / units.scale
    lo, hi = max(lo - pad, d.low), min(hi + pad, d.high)
    grid = np.linspace(lo, hi, GRID_POINTS)
    kinks = [e for e in ends if lo < e < hi]
    return np.unique(np.concatenate([grid, kinks])) if kinks else grid


def display_bounds(path: str, units: Shown) -> tuple[float, float]:
    """The driver's valid range in display units, finite."""
    low, high = fields.field(path).closed_range()
    return max(low * units.scale, -WIDE), min(high * units.scale, WIDE)
