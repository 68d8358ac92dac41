"""Monte Carlo results in words: statistics, their 95% intervals and what a run did.

Pure functions of finished runs (no Qt), shared by the Uncertainty tab, the Compare
tab and the report, so all three say the same thing the same way: probabilities with
their interval, nothing where a run is deterministic, the design that ran (Sobol'
rounds to powers of two) and where a precision target stopped it.
"""

from __future__ import annotations

import math

from simulator.analysis.convergence import Interval
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import OutcomeSummary
from simulator.model.outputs import METRICS
from simulator.scenario.uncertainty import Statistic
from simulator.units import PERCENT, Money
from ui.common.format import metric_factor, metric_number, metric_unit, percent_text

SAMPLER_NAMES = {"random": "random", "lhs": "Latin hypercube", "sobol": "Sobol'"}
DETERMINISTIC = "no uncertain inputs — deterministic"
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


def defined_text(summary: OutcomeSummary) -> str:
    """The defined share first: ``pays back within the horizon on 3.2 % (324)``."""
    if summary.defined == summary.paths:
        return f"defined on every path ({summary.paths:,})"
    share = percent_text(summary.share_defined)
    return f"{share} ({summary.defined:,} of {summary.paths:,})"
