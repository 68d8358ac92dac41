"""All series of one or more scenarios as an XLSX workbook (openpyxl).

Sheets: one per scenario (``period`` and every column of MODEL.md section 3, one row
per quarter, numbers as numbers), ``KPIs`` (each summary metric per scenario and the
difference to the first), ``Assumptions`` (every assumption per scenario, differing
rows marked) and ``About`` (each scenario's name, input hash and Monte Carlo seed,
and when the file was made), so every figure traces back to its inputs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from simulator.analysis.compare import assumption_rows, kpi_table
from simulator.export.trace import input_hash
from simulator.model.engine import Result
from simulator.model.outputs import COLUMNS
from simulator.scenario import fields
from simulator.scenario.value import Scenario

MONEY = "#,##0.000"
RATE = "0.00%"
YEARS = "0.00"
_RATE_KEYS = {"irr"}
_YEAR_KEYS = {"payback_years", "discounted_payback_years", "revenue_crossover_years"}
_BOLD = Font(bold=True)


def workbook_bytes(
    cases: Sequence[tuple[Scenario, Result]], seeds: Sequence[int | None] | None = None
) -> bytes:
    """The workbook of ``cases`` (scenario and its one-scenario result) as XLSX bytes."""
    seeds = list(seeds) if seeds is not None else [None] * len(cases)
    book = Workbook()
    book.remove(book.active)
    names = _sheet_names([s.name for s, _ in cases])
    for (scenario, result), name in zip(cases, names, strict=True):
        _series_sheet(book.create_sheet(name), scenario, result)
    _kpi_sheet(book.create_sheet("KPIs"), cases)
    _assumption_sheet(book.create_sheet("Assumptions"), [s for s, _ in cases])
    _about_sheet(book.create_sheet("About"), cases, seeds)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_names(names: Sequence[str]) -> list[str]:
    """Unique sheet titles of at most 31 characters without []:*?/\\."""
    out: list[str] = []
    for name in names:
        clean = "".join(" " if c in "[]:*?/\\" else c for c in name).strip()[:28] or "Scenario"
        title, n = clean, 2
        while title in out or title in ("KPIs", "Assumptions", "About"):
            title, n = f"{clean} {n}", n + 1
        out.append(title)
    return out


def _header(sheet: Any, titles: Sequence[str]) -> None:
    sheet.append(list(titles))
    for cell in sheet[1]:
        cell.font = _BOLD
    sheet.freeze_panes = "B2"


def _series_sheet(sheet: Any, scenario: Scenario, result: Result) -> None:
    _header(sheet, ["period", *COLUMNS])
    for t, period in enumerate(result.periods):
        sheet.append([period, *(float(result.columns[c][t]) for c in COLUMNS)])
    for col in range(2, len(COLUMNS) + 2):
        for row in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
            row[0].number_format = MONEY
    _widths(sheet, [10] + [14] * len(COLUMNS))
    sheet.sheet_properties.tabColor = "1F77B4"


def _kpi_sheet(sheet: Any, cases: Sequence[tuple[Scenario, Result]]) -> None:
    names = [s.name for s, _ in cases]
    diffs = [f"{n} - {names[0]}" for n in names[1:]]
    _header(sheet, ["metric", *names, *diffs])
    for row in kpi_table([r for _, r in cases]):
        sheet.append([row.key, *row.values, *row.differences])
        fmt = RATE if row.key in _RATE_KEYS else YEARS if row.key in _YEAR_KEYS else MONEY
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = fmt
    _widths(sheet, [28] + [22] * (len(names) + len(diffs)))


def _assumption_sheet(sheet: Any, scenarios: Sequence[Scenario]) -> None:
    _header(sheet, ["assumption", "field", *(s.name for s in scenarios), "differs"])
    names = [s.name for s in scenarios]
    sheet.append(["Name", "name", *names, "yes" if len(set(names)) > 1 else ""])
    for row in assumption_rows(scenarios):
        cells = [_cell(v) for v in row.values]
        sheet.append([fields.label(row.path), row.path, *cells, "yes" if row.differs else ""])
    _widths(sheet, [30, 40] + [22] * len(scenarios) + [8])


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    return value


def _about_sheet(
    sheet: Any, cases: Sequence[tuple[Scenario, Result]], seeds: Sequence[int | None]
) -> None:
    sheet.append(["Cloud Capex Simulator export"])
    sheet["A1"].font = _BOLD
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sheet.append(["made", made])
    sheet.append([])
    _header_row(sheet, ["scenario", "inputs hash", "Monte Carlo seed", "currency"])
    for (scenario, _), seed in zip(cases, seeds, strict=True):
        sheet.append([scenario.name, input_hash(scenario), seed, scenario.currency])
    _widths(sheet, [34, 16, 18, 10])


def _header_row(sheet: Any, titles: Sequence[str]) -> None:
    sheet.append(list(titles))
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
