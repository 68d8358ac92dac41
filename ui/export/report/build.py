"""The report of one scenario, or the comparison of several, as PDF bytes.

Order: title, scenarios, key figures (every metric, labelled from METRICS), a line
per guardrail; the five main charts; for a comparison the NPV waterfall between the
first two scenarios; with Monte Carlo runs their honest statistics (probabilities with
their intervals, none for a deterministic run), fan chart, NPV distribution and each
run's contribution to variance; every assumption; the scenarios' notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from simulator import Result
from simulator.analysis.compare import assumption_rows, kpi_table, npv_waterfall
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.errors import ScenarioError
from simulator.export.trace import trace_line
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.charts.reported import NO_REPORTS, reported
from ui.export.report import charts, content, risk
from ui.export.report.layout import Block, ChartBlock, Frame, Html, Layout, pdf_bytes

CHART_RATIO = 0.6  # chart height / content width
WATERFALL_RATIO = 0.5


@dataclass(frozen=True)
class ReportCase:
    """One scenario of a report: its result and, optionally, its Monte Carlo run."""

    scenario: Scenario
    result: Result
    mc: MonteCarloResult | None = None

    @property
    def seed(self) -> int | None:
        """The run's seed (None without a run)."""
        return None if self.mc is None else self.mc.seed

    @property
    def trace(self) -> str:
        """The trace line: name, input hash and (with a run) seed."""
        return trace_line(self.scenario, self.seed)


def report_money(cases: Sequence[ReportCase], in_usd: bool = False) -> Money:
    """How money is shown: the scenarios' one currency (or USD); refuses mixed ones."""
    first = cases[0].scenario
    units = {(c.scenario.currency, c.scenario.usd_fx) for c in cases}
    if len(units) > 1:
        raise ScenarioError(
            "currency", "the scenarios use different currencies or FX rates; compare in one"
        )
    return Money.of(first.currency, first.usd_fx, in_usd)


def report_title(cases: Sequence[ReportCase]) -> str:
    """ "Scenario report: NAME" or "Scenario comparison: N scenarios"."""
    if len(cases) == 1:
        return f"Scenario report: {cases[0].scenario.name}"
    return f"Scenario comparison: {len(cases)} scenarios"


def report_pdf(
    cases: Sequence[ReportCase],
    page: str = "a4",
    made: datetime | None = None,
    in_usd: bool = False,
) -> bytes:
    """The PDF report of ``cases`` (one: the scenario's report; several: a comparison)
    on ``page`` paper (``a4`` or ``letter``), dated ``made`` (default now)."""
    if not cases:
        raise ValueError("a report needs at least one scenario")
    money = report_money(cases, in_usd)
    stamp = (made or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z").strip()
    layout = Layout(page, len(cases))
    frame = Frame(report_title(cases), stamp, tuple(c.trace for c in cases))
    pages = layout.paginate(report_blocks(cases, money, layout, stamp))
    return pdf_bytes(layout, pages, frame)


def report_blocks(
    cases: Sequence[ReportCase], money: Money, layout: Layout, stamp: str
) -> list[Block]:
    """Every block of the report, in order."""
    scenarios = [c.scenario for c in cases]
    names = [s.name for s in scenarios]
    height = CHART_RATIO * layout.content.width()
    blocks: list[Block] = [
        Html((content.heading(report_title(cases), stamp, scenarios),)),
        _table(content.scenario_table(scenarios, [c.seed for c in cases])),
        _table(content.kpi_html_table(names, kpi_table([c.result for c in cases]), money)),
        _table(content.guardrail_table(names, [c.result for c in cases])),
    ]
    results = [c.result for c in cases]
    marks = reported(scenarios[0]) if len(cases) == 1 else NO_REPORTS
    blocks += [ChartBlock(f, height) for f in charts.main_charts(names, results, money, marks)]
    if len(cases) > 1:
        blocks.append(_waterfall_block(scenarios, money, layout))
    blocks += [_tornado_block(s, money, height) for s in scenarios]
    blocks += _risk_blocks(cases, money, height)
    blocks.append(_table(content.assumption_table(scenarios, assumption_rows(scenarios))))
    notes = content.notes_parts(scenarios)
    if notes:
        more = content.section("Notes, continued")
        blocks.append(Html(notes, head=content.section("Notes"), more=more))
    return blocks


def _table(table: content.Table) -> Html:
    return Html(table.rows, table.head, table.tail, table.more or table.head)


def _waterfall_block(scenarios: Sequence[Scenario], money: Money, layout: Layout) -> ChartBlock:
    first, second = scenarios[0], scenarios[1]
    factory = charts.waterfall_chart(npv_waterfall(first, second), first.name, second.name, money)
    caption = content.section(f"What moves the NPV from {first.name} to {second.name}")
    return ChartBlock(factory, WATERFALL_RATIO * layout.content.width(), caption)


def _tornado_block(scenario: Scenario, money: Money, height: float) -> ChartBlock:
    caption = content.section(
        f"What moves the NPV of {scenario.name}: each input from its low to its high value"
    )
    return ChartBlock(charts.tornado_chart(scenario, money), height, caption)


def _risk_blocks(cases: Sequence[ReportCase], money: Money, height: float) -> list[Block]:
    """The runs' honest statistics, fan chart and distribution, then each run's
    contribution to variance of NPV."""
    runs = [c for c in cases if c.mc is not None]
    if not runs:
        return []
    names = [c.scenario.name for c in runs]
    mcs = [c.mc for c in runs if c.mc is not None]
    stats = risk.risk_table(names, mcs, money)
    factories = charts.risk_charts(names, mcs, money)
    tables = [
        risk.regression_table(c.scenario.name, c.scenario, c.mc) for c in runs if c.mc is not None
    ]
    return [_table(stats), *(ChartBlock(f, height) for f in factories), *map(_table, tables)]
