"""Comparison, waterfall, snapshots, traceability and the XLSX export (model side)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from simulator.analysis.compare import input_diff, kpi_table, npv_waterfall
from simulator.errors import ScenarioError
from simulator.export.tables import csv_text
from simulator.export.trace import input_hash, trace_line
from simulator.export.xlsx import workbook_bytes
from simulator.model.engine import simulate
from simulator.model.outputs import COLUMN_INFO, COLUMNS, SUMMARY_KEYS
from simulator.scenario.presets import list_presets, load_preset
from simulator.scenario.snapshots import remove, restore, snapshots_of, take
from simulator.scenario.value import Scenario

BASE = load_preset("Alibaba 2025 plan (base)")
BULL = load_preset("Alibaba 2025 plan (bull)")
BEYOND = load_preset("Beyond 380 bn (extended plan)")


def test_kpi_table_differences_to_the_first() -> None:
    results = [simulate(s) for s in (BASE, BULL, BEYOND)]
    rows = {r.key: r for r in kpi_table(results)}
    assert list(rows) == list(SUMMARY_KEYS)
    npv = [r.metrics["npv"] for r in results]
    assert rows["npv"].values == tuple(npv)
    assert rows["npv"].differences == (npv[1] - npv[0], npv[2] - npv[0])
    assert rows["payback_years"].values[0] is None  # undefined stays undefined
    assert rows["payback_years"].differences == (None, None)


def test_input_diff_lists_only_what_differs() -> None:
    diff = {d.path: (d.first, d.second) for d in input_diff(BASE, BULL)}
    chosen = {  # what the bull case changes on purpose (the fit moves the fitted inputs)
        "revenue.ai_growth",
        "revenue.core_growth",
        "revenue.price_decline",
        "economics.ebitda_margin",
        "economics.fixed_cost",
        "economics.attribution",
        "economics.terminal.growth",
    }
    fitted = {"revenue.yield", "revenue.ramp_quarters", "revenue.seasonality"}
    assert chosen <= set(diff) <= chosen | fitted | {"revenue.ai_share", "revenue.base_quarterly"}
    assert diff["revenue.yield"] == (BASE.revenue.yield_, BULL.revenue.yield_)
    assert input_diff(BASE, BASE) == ()
    renamed = BASE.with_field("name", "other").with_field("notes", "x")
    assert input_diff(BASE, renamed) == ()  # names and notes are not assumptions


def test_waterfall_steps_add_up_to_the_difference() -> None:
    for other in (BULL, BEYOND, load_preset("Alibaba 2025 plan (bear)")):
        w = npv_waterfall(BASE, other)
        assert w.start == pytest.approx(simulate(BASE).metrics["npv"], rel=1e-12)
        assert w.end == pytest.approx(simulate(other).metrics["npv"], rel=1e-9)
        assert sum(s.contribution for s in w.steps) == pytest.approx(w.end - w.start, abs=1e-9)
    first = npv_waterfall(BASE, BULL).steps[0]
    (path,) = first.paths
    moved = BASE.with_field(path, BULL.get_field(path))
    assert first.label == "Base cloud revenue"  # the file's order: revenue.base_quarterly
    assert first.npv_after == pytest.approx(simulate(moved).metrics["npv"], rel=1e-12)


def test_waterfall_moves_category_fields_as_one_step() -> None:
    cats = BASE.to_dict()["program"]["categories"]
    cats[0]["share"], cats[2]["share"] = 0.6, 0.3
    cats[1]["life_years"] = 7
    other = BASE.with_field("program.categories", cats)
    labels = [s.label for s in npv_waterfall(BASE, other).steps]
    assert labels == ["Category shares", "Category lives"]


def test_waterfall_refuses_mixed_currencies() -> None:
    usd = BASE.with_field("usd_fx", 7.3)
    with pytest.raises(ScenarioError, match="different currencies or FX"):
        npv_waterfall(BASE, usd)


def test_snapshots_take_restore_remove() -> None:
    when = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
    snap = take(BASE, "before board meeting", when)
    changed = snap.with_field("revenue.yield", 1.3)
    (only,) = snapshots_of(changed)
    assert only.name == "before board meeting" and only.saved == "2026-11-29T09:30:00Z"
    back = restore(changed, 0)
    assert back.revenue.yield_ == BASE.revenue.yield_
    assert back.name == BASE.name and snapshots_of(back) == snapshots_of(changed)
    assert only.scenario(changed).revenue.yield_ == BASE.revenue.yield_
    assert remove(changed, 0).snapshots is None
    assert Scenario.from_dict(changed.to_dict()) == changed  # round trip


@pytest.mark.parametrize(
    ("snapshots", "message"),
    [
        ({}, "snapshots: must be a list"),
        ([{"name": "a"}], "snapshots.0: must be"),
        ([{"name": "", "saved": "2026-11-29T09:30:00Z", "inputs": {}}], "snapshots.0.name"),
        ([{"name": "a", "saved": "yesterday", "inputs": {}}], "snapshots.0.saved: must be a UTC"),
        (
            [{"name": "a", "saved": "2026-11-29T09:30:00Z", "inputs": {"name": 1}}],
            "not an assumption",
        ),
    ],
)
def test_bad_snapshots_are_refused(snapshots, message) -> None:
    doc = BASE.to_dict()
    doc["snapshots"] = snapshots
    with pytest.raises(ScenarioError) as err:
        Scenario.from_dict(doc)
    assert message in str(err.value)


def test_a_broken_snapshot_names_its_field() -> None:
    doc = take(BASE, "x").to_dict()
    doc["snapshots"][0]["inputs"]["revenue"]["ai_share"] = 2
    with pytest.raises(ScenarioError) as err:
        Scenario.from_dict(doc)
    assert str(err.value).startswith("snapshots.0.inputs.revenue.ai_share: must be <= 1")


def test_input_hash_follows_inputs_not_names() -> None:
    assert input_hash(BASE) == input_hash(BASE.with_field("name", "x").with_field("notes", "y"))
    assert input_hash(BASE) != input_hash(BASE.with_field("revenue.yield", 0.81))
    assert len(input_hash(BASE)) == 10
    assert trace_line(BASE, 7) == f"{BASE.name} · inputs {input_hash(BASE)} · seed 7"


def test_xlsx_numbers_equal_the_csv_export() -> None:
    cases = [(load_preset(n), simulate(load_preset(n))) for n in list_presets()]
    book = load_workbook(io.BytesIO(workbook_bytes(cases, [2025, None, None, None])))
    assert book.sheetnames[-3:] == ["KPIs", "Assumptions", "About"]
    for (_, result), sheet in zip(cases, book.worksheets, strict=False):
        rows = list(csv.reader(io.StringIO(csv_text(result))))
        cells = [[c.value for c in row] for row in sheet.iter_rows()]
        assert cells[0][: len(COLUMNS) + 1] == [
            "Period",
            *(COLUMN_INFO[c].header() for c in COLUMNS),
        ]
        for got, want in zip(cells[1:], rows[1:], strict=True):
            assert got[0] == want[0]
            # the CSV puts the category columns after MODEL.md's, the sheet after every
            # column; an undefined ratio (version 2) is an empty cell in both
            texts = [want[rows[0].index(c)] for c in COLUMNS]
            values = got[1 : len(COLUMNS) + 1]
            assert [v is None for v in values] == [t == "" for t in texts]
            # openpyxl writes 16 significant digits: equal to the CSV within 1e-15
            assert [v for v in values if v is not None] == pytest.approx(
                [float(t) for t in texts if t != ""], rel=1e-15, abs=1e-12
            )
    kpis = {row[1].value: [c.value for c in row[2:]] for row in book["KPIs"].iter_rows(min_row=2)}
    assert kpis["npv"][0] == pytest.approx(cases[0][1].metrics["npv"], rel=1e-15)
    assert kpis["npv"][4] == pytest.approx(cases[1][1].metrics["npv"] - cases[0][1].metrics["npv"])
    about = [[c.value for c in row] for row in book["About"].iter_rows()]
    assert [BASE.name, input_hash(BASE), 2025, "CNY"] in about
