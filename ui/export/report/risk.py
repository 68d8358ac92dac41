"""The report's Monte Carlo tables, honestly: what ran, probabilities with their 95%
intervals (none for a run whose inputs do not vary), statistics of the defined paths
and how many they are, the base case's rank, and the contribution to variance of each
uncertain input (:func:`simulator.analysis.regression.rank_regression`).
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.regression import rank_regression
from simulator.analysis.stats import DETERMINISTIC, OutcomeSummary, outcome_summary, probabilities
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.common.format import metric_text
from ui.export.report.content import Table, _head, _row, esc, section
from ui.views.uncertainty.text import (
    defined_text,
    design_text,
    input_names,
    precision_text,
    probability_cell,
    regression_note,
)

NOTE_STYLE = "font-size: 7.5pt; color: #566573;"


def _statistic(s: OutcomeSummary, key: str, money: Money) -> str:
    if s.deterministic_only:
        return f"{metric_text(s.metric, s.base_case, money)} (deterministic)"
    if s.stats is None:
        return f"too few defined paths ({s.defined:,} < {s.minimum})"
    return metric_text(s.metric, s.stats[key], money)


def _base(s: OutcomeSummary, money: Money) -> str:
    text = metric_text(s.metric, s.base_case, money)
    return text if s.base_case_rank is None else f"{text} (P{s.base_case_rank:.0f})"


def risk_table(names: Sequence[str], runs: Sequence[MonteCarloResult], money: Money) -> Table:
    """Per run: what ran, seed, probabilities, NPV and payback statistics, base case."""
    npv = [outcome_summary(m, "npv") for m in runs]
    payback = [outcome_summary(m, "payback_years") for m in runs]
    probs = [probabilities(m, ()) for m in runs]
    lines = [
        ("What ran", [design_text(m) for m in runs]),
        ("Seed", [str(m.seed) for m in runs]),
    ]
    if any(m.precision is not None for m in runs):
        lines.append(("Precision target", [precision_text(m, money) or "–" for m in runs]))
    for label in ("P(NPV > 0)", "P(IRR > discount rate)"):
        cells = [DETERMINISTIC if p is None else probability_cell(p[label]) for p in probs]
        lines.append((f"{label} (95% interval)", cells))
    for q in ("p5", "p50", "p95"):
        lines.append((f"NPV {q.upper()}", [_statistic(s, q, money) for s in npv]))
    lines.append(("Base case NPV (its rank)", [_base(s, money) for s in npv]))
    lines.append(("Pays back within the horizon", [defined_text(s) for s in payback]))
    lines.append(("Payback P50, of those paths", [_statistic(s, "p50", money) for s in payback]))
    body = tuple(
        _row([esc(label)] + [esc(v) for v in values], i) for i, (label, values) in enumerate(lines)
    )
    return Table(_head("Monte Carlo statistics", names, "Statistic"), body)


def regression_table(
    name: str, scenario: Scenario, mc: MonteCarloResult, metric: str = "npv"
) -> Table:
    """The contribution to variance of ``metric`` of each uncertain input of one run,
    with a note on the measure (and on correlated inputs)."""
    title = f"Contribution to variance of NPV: {name}"
    reg = None if mc.deterministic_only else rank_regression(mc, metric)
    why = f"No regression: {DETERMINISTIC}." if mc.deterministic_only else ""
    note = f'<p style="{NOTE_STYLE}">{esc(regression_note(reg, why))}</p>'
    if reg is None:
        return Table(section(title) + note, (), tail="")
    names = input_names(scenario)
    body = tuple(
        _row(
            [
                esc(names(e.path)),
                f"{e.srrc:+.3f}",
                f"{e.rank_correlation:+.3f}",
                f"{100 * e.contribution:.1f} %",
            ],
            i,
        )
        for i, e in enumerate(reg.entries)
    )
    columns = ["SRRC", "Rank correlation", "Contribution"]
    return Table(_head(title, columns, "Input"), body, tail="</table>" + note)
