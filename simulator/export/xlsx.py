"""All series of one or more scenarios as an XLSX workbook (openpyxl), for spreadsheet users.

Sheets:

- one per scenario: the period and every quarterly column of MODEL.md section 3, then
  each category's capex and each reported series (empty in quarters without a report;
  derived values carry a comment), one row per quarter; headers are labels with units
  (``Cumulative FCF (bn CNY)``), numbers are numbers;
- ``KPIs``: each summary metric (label with unit, and its key) per scenario and the
  difference to the first; an undefined metric is its text (``never within horizon``,
  ``n/a``), not an empty cell;
- ``Assumptions``: every assumption per scenario (label, unit, field path), differing
  rows marked;
- with Monte Carlo runs, ``Monte Carlo`` (honest statistics: the defined paths first,
  probabilities with their intervals, none for a deterministic run) and ``Contribution
  to variance`` (the regression tornado's numbers), see :mod:`simulator.export.xlsx_risk`;
- ``About``: when the file was made, each scenario's name, input hash, Monte Carlo seed
  and currency, and what every column means, so every figure traces back to its inputs.

Every cell has a number format (money ``#,##0.000``, rates as percent, years, whole
numbers, dates, and text as ``@``). Text is always written as text: never a formula,
with Excel's quote prefix where it starts like one, control characters shown as escapes
(:mod:`simulator.export.cells`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from simulator.analysis.compare import assumption_rows, kpi_table
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.export import xlsx_risk
from simulator.export.cells import formula_like, visible
from simulator.export.trace import input_hash
from simulator.model.engine import Result
from simulator.model.outputs import COLUMN_INFO, COLUMNS, METRICS, Column
from simulator.scenario import fields
from simulator.scenario.value import Scenario
from simulator.units import MONEY_PER_QUARTER, QUARTERS, Money, Unit

MONEY = "#,##0.000"
RATE = "0.00%"
YEARS = "0.00"
WHOLE = "0"
DECIMAL = "0.0000"
DATE = "yyyy-mm-dd hh:mm"
TEXT = "@"
GENERAL = "General"
RESERVED = ("KPIs", "Assumptions", "Monte Carlo", "Contribution to variance", "About")
_BOLD = Font(bold=True)
_AUTHOR = "Cloud Capex Simulator"


def workbook_bytes(
    cases: Sequence[tuple[Scenario, Result]],
    seeds: Sequence[int | None] | None = None,
    runs: Sequence[MonteCarloResult | None] | None = None,
) -> bytes:
    """The workbook of ``cases`` (scenario and its one-scenario result) as XLSX bytes,
    with the Monte Carlo sheets of ``runs`` (one per case, None where there is none)."""
    runs = list(runs) if runs is not None else [None] * len(cases)
    seeds = list(seeds) if seeds is not None else [r.seed if r else None for r in runs]
    book = Workbook()
    book.remove(book.active)
    names = sheet_names([s.name for s, _ in cases])
    for (scenario, result), name in zip(cases, names, strict=True):
        _series_sheet(_Sheet(book.create_sheet(name)), scenario, result)
    _kpi_sheet(_Sheet(book.create_sheet("KPIs")), cases)
    _assumption_sheet(_Sheet(book.create_sheet("Assumptions")), [s for s, _ in cases])
    if xlsx_risk.has_runs(runs):
        _risk_sheets(book, [s for s, _ in cases], runs)
    _about_sheet(_Sheet(book.create_sheet("About")), cases, seeds)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_names(names: Sequence[str]) -> list[str]:
    """Unique sheet titles (ignoring case, as Excel does) of at most 31 characters,
    without ``[]:*?/\\``, control characters or an apostrophe at either end."""
    out: list[str] = []
    taken = {r.casefold() for r in RESERVED}
    for name in names:
        clean = "".join(" " if c in "[]:*?/\\" or not c.isprintable() else c for c in name)
        clean = clean.strip(" '") or "Scenario"
        title, n = _fit(clean, ""), 2
        while title.casefold() in taken:
            title, n = _fit(clean, f" {n}"), n + 1
        out.append(title)
        taken.add(title.casefold())
    return out


def _fit(name: str, suffix: str) -> str:
    """``name`` cut so that it and ``suffix`` fit Excel's 31 characters."""
    return name[: 31 - len(suffix)].rstrip(" '") + suffix


class _Sheet:
    """Rows written one at a time; every cell gets a type and a number format."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.row = 0

    def append(
        self,
        values: Sequence[Any],
        fmt: str = GENERAL,
        bold: bool = False,
        formats: dict[int, str] | None = None,
    ) -> int:
        """Write ``values`` as the next row (None = blank cell) in ``fmt`` (``formats``:
        column number -> another format); return the row number."""
        self.row += 1
        for col, value in enumerate(values, start=1):
            if value is not None:
                cell = self.sheet.cell(self.row, col)
                _put(cell, value, (formats or {}).get(col, fmt))
                if bold:
                    cell.font = _BOLD
        return self.row

    def blank(self) -> None:
        self.row += 1

    def widths(self, widths: Sequence[int]) -> None:
        for i, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(i)].width = width


def _put(cell: Any, value: Any, fmt: str) -> None:
    """One cell: text as text (never a formula), numbers as numbers in ``fmt``."""
    if isinstance(value, str):
        text = visible(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl made '=...' a formula: a string it is
        cell.number_format = TEXT
        if formula_like(text):
            cell.quotePrefix = True
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = DATE
    else:
        cell.value = float(value) + 0.0 if isinstance(value, float) else value
        cell.number_format = fmt


def _format(unit: Unit, integer: bool = False) -> str:
    """The number format of values in ``unit`` (model units: fractions for percent)."""
    if unit.money:
        return MONEY
    if unit.suffix in ("%", "pp"):
        return RATE
    if integer or unit == QUARTERS:
        return WHOLE
    if unit.suffix == "years":
        return YEARS
    return DECIMAL


def _money(s: Scenario) -> Money:
    return Money.of(s.currency, s.usd_fx, False)


def _series_sheet(sheet: _Sheet, scenario: Scenario, result: Result) -> None:
    money = _money(scenario)
    per_quarter = MONEY_PER_QUARTER.label(money)
    actuals = scenario.actual_series
    header = [
        "Period",
        *(COLUMN_INFO[c].header(money) for c in COLUMNS),
        *(f"Capex: {name} ({per_quarter})" for name in result.category_names),
        *(f"Reported: {COLUMN_INFO[a.column].header(money)}" for a in actuals),
    ]
    sheet.append(header, bold=True)
    series = [result.columns[c] for c in COLUMNS] + list(result.capex_by_category)
    reported = [dict(zip(a.quarters, a.values, strict=True)) for a in actuals]
    first_reported = 2 + len(series)
    for t, period in enumerate(result.periods):
        values = [float(s[t]) for s in series]
        given = [r.get(period) for r in reported]
        row = sheet.append([period, *values, *given], MONEY)
        for i, a in enumerate(actuals):
            if period in a.derived:
                cell = sheet.sheet.cell(row, first_reported + i)
                cell.comment = Comment("derived from other reported figures", _AUTHOR)
    sheet.sheet.freeze_panes = "B2"
    sheet.widths([10] + [16] * (len(header) - 1))
    sheet.sheet.sheet_properties.tabColor = "1F77B4"


def _kpi_sheet(sheet: _Sheet, cases: Sequence[tuple[Scenario, Result]]) -> None:
    names = [s.name for s, _ in cases]
    money = _money(cases[0][0])
    diffs = [f"{n} - {names[0]}" for n in names[1:]]
    sheet.append(["Metric", "Key", *names, *diffs], bold=True)
    for row in kpi_table([r for _, r in cases]):
        metric = METRICS[row.key]
        values = [metric.undefined if v is None else v for v in row.values]
        differences = ["n/a" if d is None else d for d in row.differences]
        fmt = _format(metric.unit, integer=metric.decimals == 0)
        sheet.append([metric.axis_label(money), row.key, *values, *differences], fmt)
    sheet.sheet.freeze_panes = "C2"
    sheet.widths([34, 26] + [24] * (len(names) + len(diffs)))


def _assumption_sheet(sheet: _Sheet, scenarios: Sequence[Scenario]) -> None:
    names = [s.name for s in scenarios]
    money = _money(scenarios[0])
    sheet.append(["Assumption", "Unit", "Field", *names, "Differs"], bold=True)
    sheet.append(["Name", "", "name", *names, "yes" if len(set(names)) > 1 else "no"])
    for row in assumption_rows(scenarios):
        unit, fmt = _unit_and_format(row.path)
        cells = [_assumption_cell(v, unit) for v in row.values]
        label = unit.label(money) if unit is not None else ""
        differs = "yes" if row.differs else "no"
        sheet.append([fields.label(row.path), label, row.path, *cells, differs], fmt)
    sheet.sheet.freeze_panes = "D2"
    sheet.widths([30, 12, 40] + [24] * len(scenarios) + [8])


def _unit_and_format(path: str) -> tuple[Unit | None, str]:
    """The unit of an assumption's values (a list's items' unit) and their format."""
    f = fields.find(path)
    if f is not None and f.kind == "list":
        f = fields.find(f"{path}.0") or f
    if f is None or f.kind != "number":
        return None, GENERAL
    return f.unit, _format(f.unit, f.integer)


def _assumption_cell(value: Any, unit: Unit | None) -> Any:
    """A number, a boolean, or text: lists in display units (``33, 33, 34`` for %)."""
    if value is None:
        return "n/a"
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list) and all(_is_number(v) for v in value):
        factor = unit.factor() if unit is not None else 1.0
        return ", ".join(f"{v * factor + 0.0:.10g}" for v in value)
    return json.dumps(value, ensure_ascii=False)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _risk_sheets(
    book: Workbook, scenarios: Sequence[Scenario], runs: Sequence[MonteCarloResult | None]
) -> None:
    """The ``Monte Carlo`` and ``Contribution to variance`` sheets of the runs."""
    stats, variance = (_Sheet(book.create_sheet(n)) for n in RESERVED[2:4])
    stats.append(xlsx_risk.statistics_header(), bold=True)
    variance.append(xlsx_risk.variance_header(), bold=True)
    for s, mc in zip(scenarios, runs, strict=True):
        if mc is None:
            continue
        fmt = {k: _format(m.unit, integer=m.decimals == 0) for k, m in METRICS.items()}
        xlsx_risk.statistics_rows(stats.append, s.name, mc, fmt.__getitem__)
        stats.blank()
        xlsx_risk.variance_rows(variance.append, s.name, s, mc)
    stats.sheet.freeze_panes = "C2"
    stats.widths([28, 30, 14, 14, 16, 16, 18, 14, 14, 14, 80])
    variance.sheet.freeze_panes = "D2"
    variance.widths([28, 8, 34, 38, 10, 16, 14, 8, 80])


def _about_sheet(
    sheet: _Sheet, cases: Sequence[tuple[Scenario, Result]], seeds: Sequence[int | None]
) -> None:
    sheet.append(["Cloud Capex Simulator export"], bold=True)
    sheet.append(["Made (UTC)", datetime.now(UTC).replace(tzinfo=None, microsecond=0)])
    sheet.blank()
    sheet.append(["Scenario", "Inputs hash", "Monte Carlo seed", "Currency"], bold=True)
    for (scenario, _), seed in zip(cases, seeds, strict=True):
        shown = "no run" if seed is None else seed
        sheet.append([scenario.name, input_hash(scenario), shown, scenario.currency], WHOLE)
    sheet.blank()
    sheet.append(["Money is in billions of each scenario's currency; rates are shown as percent."])
    sheet.blank()
    sheet.append(["Column", "CSV column", "Unit", "Meaning"], bold=True)
    for column in COLUMN_INFO.values():
        sheet.append([column.label, column.key, column.unit.label(), _meaning(column)])
    per_quarter = MONEY_PER_QUARTER.label()
    spend = "Programme spend in the quarter going to this category."
    sheet.append(["Capex: <category>", "capex:<category>", per_quarter, spend])
    told = "The scenario's reported figures for the column (empty where none was reported)."
    sheet.append(["Reported: <column>", "reported_<column>", "the column's", told])
    for key, metric in METRICS.items():
        if key != "discount_rate":
            sheet.append([metric.label, key, metric.unit.label(), metric.tip])
    sheet.widths([34, 24, 18, 60])


def _meaning(column: Column) -> str:
    return column.tip or column.label
