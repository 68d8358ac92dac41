"""The report's text as HTML fragments: heading, scenario list, KPI, guardrail and
assumption tables, notes (the Monte Carlo tables are in :mod:`ui.export.report.risk`).
Numbers come from :mod:`simulator`, formatted as the app shows them
(:mod:`ui.common.format`: the metric and field tables); tables are split into rows so
that a long one can continue on the next page with its header repeated.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from simulator import Result
from simulator.analysis.compare import AssumptionRow, KpiRow
from simulator.export.trace import input_hash
from simulator.model.analyst import GUARDRAILS
from simulator.model.outputs import METRICS
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.charts.overlay import scenario_color
from ui.common.format import (
    assumption_label,
    guardrail_band,
    metric_delta_text,
    metric_label,
    metric_text,
    no_spend,
    scenario_money,
    value_text,
)

DIFF_BG = "#fdebd0"
FLAG_STYLE = "color: #b03a2e; font-weight: bold;"
SOURCE_STYLE = "font-size: 7pt; color: #566573;"
HEAD_BG = "#eaedf0"
STRIPE_BG = "#f7f8f9"
_TABLE = '<table width="100%" cellspacing="0" cellpadding="3" style="border-collapse: collapse;">'


@dataclass(frozen=True)
class Table:
    """A table as HTML: ``head`` (opening tags and header row), one string per row."""

    head: str
    rows: tuple[str, ...]
    tail: str = "</table>"
    more: str = ""  # the head of the table's continuation on a later page


def esc(text: object) -> str:
    """``text`` escaped for HTML."""
    return html.escape(str(text), quote=True)


def heading(title: str, made: str, scenarios: Sequence[Scenario]) -> str:
    """The report's title block."""
    names = ", ".join(esc(s.name) for s in scenarios)
    return (
        f'<h1 style="font-size: 17pt; color: #1c2833; margin-bottom: 2px;">{esc(title)}</h1>'
        f'<p style="color: #566573; margin-top: 0;">{esc(made)} · Cloud Capex Simulator'
        f" · {names}</p>"
    )


def section(title: str) -> str:
    """A section heading."""
    return f'<h2 style="font-size: 12pt; color: #1c2833; margin-top: 10px;">{esc(title)}</h2>'


def _row(cells: Sequence[str], i: int, highlight: bool = False, bold: bool = False) -> str:
    bg = DIFF_BG if highlight else STRIPE_BG if i % 2 else "#ffffff"
    weight = "font-weight: bold;" if bold else ""
    first, *rest = cells
    tds = [f'<td style="{weight}">{first}</td>']
    tds += [f'<td align="right" style="{weight}">{c}</td>' for c in rest]
    return f'<tr style="background-color: {bg};">{"".join(tds)}</tr>'


def _head(title: str, columns: Sequence[str], first: str, width: str = "") -> str:
    size = f' width="{width}"' if width else ""
    ths = [f'<th align="left" bgcolor="{HEAD_BG}"{size}>{esc(first)}</th>']
    ths += [f'<th align="right" bgcolor="{HEAD_BG}">{esc(c)}</th>' for c in columns]
    return f"{section(title)}{_TABLE}<tr>{''.join(ths)}</tr>"


def swatch(i: int) -> str:
    """A square in scenario ``i``'s colour (its curves in the comparison charts)."""
    return f'<span style="color: {scenario_color(i)}; font-size: 11pt;">■</span>'


def scenario_table(scenarios: Sequence[Scenario], seeds: Sequence[int | None]) -> Table:
    """Name, currency, start, horizon, input hash and Monte Carlo seed of each scenario."""
    columns = ["Currency", "Start", "Horizon", "Inputs hash", "Monte Carlo seed"]
    rows = tuple(
        _row(
            [
                f"{swatch(i) + ' ' if len(scenarios) > 1 else ''}{esc(s.name)}",
                esc(s.currency),
                esc(s.start),
                f"{s.horizon_years} years",
                input_hash(s),
                "–" if seed is None else str(seed),
            ],
            i,
        )
        for i, (s, seed) in enumerate(zip(scenarios, seeds, strict=True))
    )
    return Table(_head("Scenarios", columns, "Scenario"), rows)


def kpi_html_table(names: Sequence[str], rows: Sequence[KpiRow], money: Money) -> Table:
    """One column per scenario, then each one's difference to the first."""
    columns = [*names, *(f"{n} − {names[0]}" for n in names[1:])]
    capex = next((r.values for r in rows if r.key == "total_capex"), (None,) * len(names))

    def delta(r: KpiRow, d: float | None, c: float | None) -> str:
        skip = no_spend(r.key, capex[0]) or no_spend(r.key, c)
        return "–" if skip else metric_delta_text(r.key, d, money)

    body = tuple(
        _row(
            [esc(metric_label(r.key))]
            + [esc(metric_text(r.key, v, money, c)) for v, c in zip(r.values, capex, strict=True)]
            + [esc(delta(r, d, c)) for d, c in zip(r.differences, capex[1:], strict=True)],
            i,
            bold=r.key == "npv",
        )
        for i, r in enumerate(rows)
    )
    return Table(_head("Key figures", columns, "Metric"), body)


def guardrail_table(names: Sequence[str], results: Sequence[Result]) -> Table:
    """One line per guardrail (docs/model.md section 8): each scenario's figure, marked
    "outside" in red when it leaves its band, then the benchmark and the band; the
    source under the figure's name."""
    columns = [*names, "Benchmark", "Band"]
    body = []
    for i, g in enumerate(GUARDRAILS):
        metric = METRICS[g.metric]
        cells = [f'{esc(g.label)}<br><span style="{SOURCE_STYLE}">{esc(g.source)}</span>']
        for result in results:
            value = result.summary[g.metric]
            text = esc(metric.text(value))
            if g.flagged(value):
                text = f'<span style="{FLAG_STYLE}">{text} (outside)</span>'
            cells.append(text)
        cells += [esc(metric.text(g.benchmark)), esc(guardrail_band(g))]
        body.append(_row(cells, i))
    return Table(_head("Guardrails (sourced benchmarks)", columns, "Figure"), tuple(body))


def assumption_table(scenarios: Sequence[Scenario], rows: Sequence[AssumptionRow]) -> Table:
    """Every assumption, one column per scenario; differing rows highlighted."""
    names = [s.name for s in scenarios]
    categories = _category_names(rows)
    moneys = [scenario_money(s) for s in scenarios]
    body = tuple(
        _row(
            [esc(assumption_label(r.path, categories))]
            + [esc(value_text(r.path, v, m)) for v, m in zip(r.values, moneys, strict=True)],
            i,
            highlight=r.differs and len(names) > 1,
        )
        for i, r in enumerate(rows)
    )
    title = "Assumptions" + (" (differences highlighted)" if len(names) > 1 else "")
    width = "34%" if len(names) > 1 else ""
    return Table(
        _head(title, names, "Assumption", width),
        body,
        more=_head(f"{title}, continued", names, "Assumption", width),
    )


def _category_names(rows: Sequence[AssumptionRow]) -> list[str]:
    """Each category's name (the first scenario that has one names it)."""
    names: list[str] = []
    for r in rows:
        parts = r.path.split(".")
        if parts[:2] == ["program", "categories"] and parts[3:] == ["name"]:
            names.append(next((v for v in r.values if v), f"Category {int(parts[2]) + 1}"))
    return names


def notes_parts(scenarios: Sequence[Scenario]) -> tuple[str, ...]:
    """Each scenario's notes as paragraphs, under its name (none when no notes)."""
    parts: list[str] = []
    for s in scenarios:
        if not s.notes.strip():
            continue
        parts.append(f'<h3 style="font-size: 10pt; margin-bottom: 2px;">{esc(s.name)}</h3>')
        parts += [
            f'<p style="font-size: 8pt; margin: 0 0 3px 0;">{esc(line)}</p>'
            for line in s.notes.splitlines()
            if line.strip()
        ]
    return tuple(parts)
