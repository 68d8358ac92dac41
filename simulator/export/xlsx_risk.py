"""The workbook's Monte Carlo sheets (see :mod:`simulator.export.xlsx`).

- ``Monte Carlo``: per scenario with a run, what ran and the headline probabilities
  with their 95% intervals (or "no uncertain inputs — deterministic", never 0 % or
  100 % of identical paths), then per metric the defined paths first (count and
  share), the base case and its percentile rank, and mean, P5, P50, P95 of the defined
  paths (blank below 100 of them, with the reason);
- ``Contribution to variance``: per scenario, each uncertain input's standardised rank
  regression coefficient, rank correlation with NPV and contribution to variance
  (:func:`simulator.analysis.regression.rank_regression`), R² and which measure it
  is when inputs are correlated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from simulator.analysis.drivers import drivers
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.regression import rank_regression
from simulator.analysis.stats import DETERMINISTIC, probabilities, statistics_table
from simulator.model.outputs import METRICS
from simulator.scenario.value import Scenario

STATISTICS = ("mean", "p5", "p50", "p95")
MEASURE = "contribution = SRRC x rank correlation / R^2 (Pratt); SRRC^2 / R^2 when uncorrelated"
CORRELATED = (
    "correlated inputs: the variance they explain together is split by SRRC x rank "
    "correlation (a suppressor can get a small negative share)"
)

COUNT_FORMATS = {3: "0", 4: "0.00%", 6: "0.0"}
"""Defined paths, defined share and base-case rank keep their own formats."""

Append = Callable[..., int]
"""``append(values, fmt, bold=False, formats=None)``: the sheet writer of
:mod:`simulator.export.xlsx`."""


def design(mc: MonteCarloResult) -> str:
    """``random, 10,000 paths`` or ``sobol, 10 x 1,024 = 10,240 paths``."""
    if mc.sampler == "random":
        return f"random, {mc.paths:,} paths"
    return f"{mc.sampler}, {mc.replicates} x {mc.replicate_size:,} = {mc.paths:,} paths"


def statistics_rows(
    append: Append, name: str, mc: MonteCarloResult, formats: Callable[[str], str]
) -> None:
    """One scenario's block of the ``Monte Carlo`` sheet; ``formats(metric)`` gives a
    metric's number format."""
    append([name, "design", design(mc), "seed", mc.seed], "0", bold=True)
    probs = probabilities(mc, (5.0, 10.0))
    if probs is None:
        append([name, "probabilities", DETERMINISTIC])
    else:
        for label, iv in probs.items():
            append([name, label, iv.estimate, "95% interval", iv.low, iv.high, iv.method], "0.00%")
    for key, s in statistics_table(mc).items():
        if key == "discount_rate":
            continue
        stats = [s.stats[k] if s.stats is not None else None for k in STATISTICS]
        rank = s.base_case_rank
        row: list[Any] = [name, METRICS[key].label, s.defined, s.share_defined, s.base_case]
        row += [rank, *stats, s.note()]
        append(row, formats(key), formats=COUNT_FORMATS)


def statistics_header() -> list[str]:
    """The column titles of the ``Monte Carlo`` sheet's metric rows."""
    return [
        "Scenario",
        "Metric",
        "Defined paths",
        "Defined share",
        "Base case",
        "Base case rank (P)",
        "Mean (defined paths)",
        "P5",
        "P50",
        "P95",
        "Note",
    ]


def variance_rows(append: Append, name: str, s: Scenario, mc: MonteCarloResult) -> None:
    """One scenario's rows of the ``Contribution to variance`` sheet (NPV)."""
    if mc.deterministic_only:
        append([name, "NPV", DETERMINISTIC])
        return
    reg = rank_regression(mc, "npv")
    if reg is None:
        append([name, "NPV", "no regression: NPV does not vary"])
        return
    labels = {d.path: d.label for d in drivers(s)}
    note = CORRELATED if reg.correlated else MEASURE
    for e in reg.entries:
        row = [name, "NPV", labels.get(e.path, e.path), e.path, e.srrc, e.rank_correlation]
        append([*row, e.contribution, reg.r2, note], "0.000")


def variance_header() -> list[str]:
    """The column titles of the ``Contribution to variance`` sheet."""
    return [
        "Scenario",
        "Metric",
        "Input",
        "Input path",
        "SRRC",
        "Rank correlation",
        "Contribution",
        "R^2",
        "Measure",
    ]


def has_runs(runs: Sequence[MonteCarloResult | None]) -> bool:
    """Whether any scenario comes with a Monte Carlo run."""
    return any(r is not None for r in runs)
