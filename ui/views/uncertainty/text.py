"""Monte Carlo results in words: statistics, their 95% intervals and what a run did.

Pure functions of finished runs (no Qt), shared by the Uncertainty tab, the Compare
tab and the report, so all three say the same thing the same way: probabilities with
their interval, nothing where a run is deterministic, the design that ran (Sobol'
rounds to powers of two) and where a precision target stopped it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from simulator.analysis.convergence import Interval
from simulator.analysis.drivers import drivers
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.regression import RankRegression
from simulator.analysis.stats import OutcomeSummary
from simulator.model.outputs import METRICS
from simulator.scenario.uncertainty import Statistic
from simulator.scenario.value import Scenario
from simulator.units import PERCENT, Money
from ui.common.format import (
    metric_factor,
    metric_label,
    metric_number,
    metric_unit,
    percent_text,
)

SAMPLER_NAMES = {"random": "random", "lhs": "Latin hypercube", "sobol": "Sobol'"}
RANK_TOLERANCE = 1.0  # a base case within this many percentile points of P50 is "the median"


def statistic_label(stat: Statistic, money: Money | None = None) -> str:
    """A statistic for people: ``P(NPV > 0)``, ``mean NPV``, ``P50 of NPV``."""
    label = METRICS[stat.metric].label
    if stat.kind == "mean":
        return f"mean {label}"
    if stat.kind == "percentile":
        return f"P{stat.q:g} of {label}"
    op = ">" if stat.kind == "above" else "≤"
    if stat.against:
        return f"P({label} {op} {METRICS[stat.against].label.lower()})"
    if stat.threshold == 0:
        return f"P({label} {op} 0)"
    shown = metric_number(stat.metric, stat.threshold * metric_factor(stat.metric, money))
    return f"P({label} {op} {shown} {metric_unit(stat.metric, money)})".replace(" )", ")")


def statistic_unit(stat: Statistic, money: Money | None = None) -> tuple[float, str]:
    """(factor, unit) of a statistic's half-width as shown: points for a probability,
    percentage points for a rate, the metric's unit otherwise."""
    if stat.is_probability:
        return 100.0, "points"
    unit = METRICS[stat.metric].unit
    if unit == PERCENT:
        return 100.0, "pp"
    return metric_factor(stat.metric, money), metric_unit(stat.metric, money)


def value_text(stat: Statistic, value: float, money: Money | None = None) -> str:
    """A statistic's estimate: a share in %, else the metric's value with its unit."""
    if stat.is_probability:
        return percent_text(value)
    shown = metric_number(stat.metric, value * metric_factor(stat.metric, money))
    return f"{shown} {metric_unit(stat.metric, money)}".strip()


def half_width_text(stat: Statistic, half: float, money: Money | None = None) -> str:
    """``±0.42 points``, ``±1.3 bn CNY``: a half-width as shown (3 significant digits)."""
    if not math.isfinite(half):
        return "± ∞"
    factor, unit = statistic_unit(stat, money)
    return f"±{half * factor:,.3g} {unit}".strip()


def interval_text(stat: Statistic, iv: Interval, money: Money | None = None) -> str:
    """``P(NPV > 0) = 0.5 % (95%: 0.4–0.7 %)``: the estimate and its 95% interval."""
    head = f"{statistic_label(stat, money)} = {value_text(stat, iv.estimate, money)}"
    if not (math.isfinite(iv.low) and math.isfinite(iv.high)):
        return head
    low, high = (value_text(stat, v, money) for v in (iv.low, iv.high))
    return f"{head} (95%: {low} – {high})"


def design_text(mc: MonteCarloResult) -> str:
    """What ran: ``10,000 paths, random`` or ``Sobol': 10 × 1,024 = 10,240 paths``."""
    name = SAMPLER_NAMES.get(mc.sampler, mc.sampler)
    if mc.sampler == "random":
        return f"{mc.paths:,} paths, random"
    return f"{name}: {mc.replicates} × {mc.replicate_size:,} = {mc.paths:,} paths"


def asked_text(mc: MonteCarloResult, asked: int) -> str:
    """Why the paths run differ from those asked for ('' when they do not)."""
    if mc.max_paths == asked:
        return ""
    if mc.sampler == "sobol":
        return f" ({asked:,} asked: Sobol' replicates are powers of two)"
    return f" ({asked:,} asked: whole replicates)"


def precision_text(mc: MonteCarloResult, money: Money | None = None) -> str:
    """Where a precision target stopped the run and how well it knows the statistic
    (``stopped at 3,000 of 10,000 paths: P(NPV > 0) known to ±0.42 points``); ''
    without a target."""
    out = mc.precision
    if out is None:
        return ""
    stat = out.precision.statistic
    known = half_width_text(stat, out.interval.half_width, money)
    target = out.precision.target(out.interval.estimate)
    wanted = half_width_text(stat, target, money)
    label = statistic_label(stat, money)
    if out.reached and mc.paths < mc.max_paths:
        return f"stopped at {mc.paths:,} of {mc.max_paths:,} paths: {label} known to {known}"
    if out.reached:
        return f"target met at {mc.paths:,} paths: {label} known to {known}"
    return f"target {wanted} not reached in {mc.paths:,} paths: {label} known to {known}"


def base_case_text(summary: OutcomeSummary, money: Money | None = None) -> str:
    """``the base case (-77.4 bn CNY) is the P80 of NPV`` where it is not the median,
    '' where it is, or where no rank can be given."""
    rank = summary.base_case_rank
    if rank is None or abs(rank - 50.0) < RANK_TOLERANCE:
        return ""
    value = METRICS[summary.metric].text(summary.base_case, money)
    return f"the base case ({value}) is the P{rank:.0f} of {METRICS[summary.metric].label}"


def defined_text(summary: OutcomeSummary, short: bool = False) -> str:
    """The defined share first: ``3.2 % (324 of 10,000)`` (``short``: ``3.2 % (324)``);
    for a deterministic run ``yes`` or ``no`` (a share of identical paths is no chance)."""
    if summary.deterministic_only:
        return "yes" if summary.defined else "no"
    share = percent_text(summary.share_defined)
    if short:
        return f"{share} ({summary.defined:,})"
    return f"{share} ({summary.defined:,} of {summary.paths:,})"


def interval_ends(low: float, high: float) -> str:
    """``0.4 – 0.7``: the ends with the fewest decimals (1 to 3) that tell them apart."""
    for decimals in (1, 2, 3):
        a, b = f"{low:.{decimals}f}", f"{high:.{decimals}f}"
        if a != b:
            break
    return f"{a} – {b}"


def probability_cell(iv: Interval) -> str:
    """``0.5 % (0.4 – 0.7)``."""
    return f"{percent_text(iv.estimate)} ({interval_ends(100 * iv.low, 100 * iv.high)})"


def regression_note(reg: RankRegression | None, why: str = "") -> str:
    """Which measure the tornado shows, and how it is defined."""
    if reg is None:
        return why or "No regression: the metric does not vary over the paths."
    head = (
        f"Rank regression of {metric_label(reg.metric)} on the uncertain inputs over "
        f"{reg.paths:,} paths: R² = {reg.r2:.2f} of its rank variance explained. Blue: a "
        "higher input raises it; orange: lowers it."
    )
    if reg.undefined:
        head += f" {reg.undefined:,} undefined values ranked at the worst end."
    if reg.correlated:
        return (
            f"{head} Some inputs are correlated: shown is Pratt's measure SRRC × rank "
            "correlation / R², which splits the variance correlated inputs explain together "
            "by that product (a suppressor can get a small negative share)."
        )
    return f"{head} Contribution = SRRC² / R² (the inputs are uncorrelated)."


def input_names(s: Scenario | None) -> Callable[[str], str]:
    """An input's label by its driver path (the path itself when unknown)."""
    labels = {d.path: d.label for d in drivers(s)} if s is not None else {}
    return lambda path: labels.get(path, path)
