"""``main.py``: its subcommands, help, presets, headless outputs, and the bad-input rules
(exit 2, one line)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import assert_refused, run_main
from conftest import REPO
from helpers import cli

from simulator import (
    COLUMNS,
    SUMMARY_KEYS,
    Inputs,
    load_preset,
    load_scenario,
    simulate,
    simulate_inputs,
)
from simulator.export.trace import input_hash
from simulator.model.outputs import MODEL_COLUMNS
from simulator.scenario.presets import preset_path

BASE = REPO / "resources" / "scenarios" / "alibaba-2025-base.json"
V1 = REPO / "tests" / "data" / "v1" / "alibaba-2025-base.json"  # version 1: MODEL.md's example


def test_export_file_writes_csv_summary_png(tmp_path):
    out = cli(
        "export",
        BASE,
        "--csv",
        tmp_path / "q.csv",
        "--summary",
        tmp_path / "s.json",
        "--png",
        tmp_path / "c.png",
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    rows = list(csv.reader((tmp_path / "q.csv").read_text().splitlines()))
    names = ["Servers & accelerators", "Network & storage", "Data centres & power"]
    extra = [c for c in COLUMNS if c not in MODEL_COLUMNS]
    assert rows[0] == ["period", *MODEL_COLUMNS, *(f"capex:{n}" for n in names), *extra]
    assert len(rows) == 44 and rows[1][0] == "2024Q2" and rows[-1][0] == "2034Q4"  # history first
    # the command ran the NumPy engine (a fresh process: the compiled one is not warmed up)
    result = simulate_inputs(Inputs.from_scenario(load_preset("Alibaba 2025 plan (base)")))
    table = np.array([[float(v) if v else np.nan for v in row[1:]] for row in rows[1:]])
    for name in COLUMNS:
        i = rows[0].index(name) - 1
        # full precision: the CSV keeps every digit (one rounded to 6 or 10 digits misses
        # by far more); on a bare Debian 12 and 13 the model's last bits differed between
        # the CLI's process and this one (1e-12 of a column's scale where a difference of
        # large sums cancels), hence a tolerance that far below any rounding
        column = result.columns[name][0]
        scale = float(np.abs(column[np.isfinite(column)]).max(initial=0.0))
        np.testing.assert_allclose(table[:, i], column, rtol=1e-12, atol=1e-12 * scale)
    summary = json.loads((tmp_path / "s.json").read_text())
    assert list(summary) == list(SUMMARY_KEYS)
    assert summary["payback_years"] is None
    assert summary["npv"] == result.summary["npv"]
    png = (tmp_path / "c.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_export_preset_by_name_and_stem(tmp_path):
    out = cli("export", "--preset", "Alibaba 2025 plan (bull)", "--summary", tmp_path / "a.json")
    assert out.returncode == 0, out.stderr
    out = cli("export", "--preset", "alibaba-2025-bull", "--summary", tmp_path / "b.json")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()
    assert json.loads((tmp_path / "a.json").read_text())["payback_years"] is not None


def bad_scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not json", "not valid JSON"),
        (
            V1.read_text().replace('"yield": 0.8', '"yield": -0.8'),
            "revenue.yield: must be >= 0 (got -0.8)",
        ),
        (
            V1.read_text().replace("0.34]", "0.30]"),
            "program.year_split: shares must sum to 1 (got 0.96)",
        ),
        (
            V1.read_text().replace('"version": 1', '"version": 9'),
            "version: the file is version 9",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, text, expected):
    path = bad_scenario(tmp_path, text)
    existing = tmp_path / "existing.csv"
    existing.write_text("keep me")
    out = cli(
        "export",
        path,
        "--csv",
        existing,
        "--summary",
        tmp_path / "new.json",
        "--png",
        tmp_path / "new.png",
    )
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr
    assert str(path) in lines[0] and expected in lines[0]
    assert existing.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "existing.csv"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["export", "missing.json", "--csv", "x.csv"], "cannot read the file"),
        (["export", "--preset", "nope", "--csv", "x.csv"], "no preset named 'nope'"),
        (["export", "--csv", "x.csv"], "one of the arguments FILE --preset is required"),
        (["export", str(BASE)], "nothing to write"),
        (["export", str(BASE), "--summary", "no/such/folder/s.json"], "cannot write"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, args, expected):
    out = subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 2
    assert len(out.stderr.splitlines()) == 1 and expected in out.stderr, out.stderr
    assert not (tmp_path / "x.csv").exists()


def test_app_without_display_says_so(tmp_path):
    out = cli()
    assert out.returncode == 2 and "no display" in out.stderr


def test_app_with_bad_file_refuses_before_opening(tmp_path):
    out = cli(bad_scenario(tmp_path, "[]"))
    assert out.returncode == 2 and "not an object" in out.stderr


def test_presets_command_lists_id_name_and_file():
    out = cli("presets")
    assert out.returncode == 0 and out.stderr == ""
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "file"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert list(rows) == ["base", "bear", "bull", "beyond-380"]  # the default first
    for short, name in [("base", "Alibaba 2025 plan (base)"), ("beyond-380", "Beyond 380 bn")]:
        assert name in rows[short]
        assert rows[short].endswith(str(preset_path(short)))


# -- help ---------------------------------------------------------------------------------

SUBCOMMANDS = ["open", "export", "report", "calibrate", "presets"]


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_top_help_lists_every_subcommand(flag):
    run = run_main(flag)
    assert run.code == 0 and run.err == ""
    listed = run.out.split("commands:")[1]
    for name in SUBCOMMANDS:
        assert f"\n    {name}" in listed, name
    assert "exit status" in run.out and "README.md" in run.out


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_full_help(command):
    run = run_main(command, "--help")
    assert run.code == 0 and run.err == ""
    text = run.out
    assert text.startswith(f"usage: capex-sim {command}")
    assert "exit status" in text and "examples:" in text
    assert "MODEL.md" not in text  # users have the README and docs/, not the contract
    if command != "presets":
        assert "README.md" in text and "--preset ID" in text and "beyond-380" in text
    if command in ("export", "report", "calibrate"):
        assert "writes" in text


# -- presets by short id, file stem or name, in every subcommand --------------------------


@pytest.mark.parametrize("name", ["bull", "alibaba-2025-bull", "Alibaba 2025 plan (bull)"])
def test_every_subcommand_takes_a_preset_by_id_stem_or_name(tmp_path, name):
    bull = load_preset("bull")
    assert run_main("export", "--preset", name, "--summary", tmp_path / "s.json").code == 0
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["npv"] == simulate(bull).summary["npv"]
    fitted = tmp_path / "fitted.json"
    run = run_main("calibrate", "--preset", name, "--fit", "revenue.ai_share", "--out", fitted)
    assert run.code == 0, run
    assert load_scenario(fitted).name == bull.name
    out = cli("open", "--preset", name)  # loads the preset, then finds no display
    assert out.returncode == 2 and "no display" in out.stderr


def test_report_takes_short_ids(tmp_path):
    from openpyxl import load_workbook

    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    run = run_main(
        "report", "--preset", "base", "--preset", "beyond-380", "--pdf", pdf, "--xlsx", xlsx
    )
    assert run.code == 0, run
    assert load_workbook(xlsx).sheetnames[:2] == [
        "Alibaba 2025 plan (base)",
        "Beyond 380 bn (extended plan)",
    ]


@pytest.mark.parametrize("command", ["open", "export", "report", "calibrate"])
def test_an_unknown_preset_lists_the_ids(tmp_path, command):
    extra = {
        "open": [],
        "export": ["--csv", tmp_path / "x.csv"],
        "report": ["--pdf", tmp_path / "x.pdf"],
        "calibrate": ["--fit", "revenue.ai_share", "--out", tmp_path / "x.json"],
    }[command]
    run = run_main(command, "--preset", "nope", *extra)
    assert_refused(run, "no preset named 'nope'", "base (alibaba-2025-base", "beyond-380")
    assert list(tmp_path.iterdir()) == []


# -- usage errors and values --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["export", str(BASE), "--csv", ""], "argument --csv: an empty path"),
        (["export", str(BASE), "--png", "x.png", "--width", "9"], "must be 16 to 8000 pixels"),
        (["export", str(BASE), "--png", "x.png", "--height", "a"], "not a whole number"),
        (["export", str(BASE), "--summary", "s.json", "--actuals"], "give --csv too"),
        (["calibrate", str(BASE), "--fit", ",", "--out", "x.json"], "--fit names no input"),
        (["presets", "extra"], "unrecognized arguments: extra"),
        (["report", str(BASE)], "the following arguments are required: --pdf"),
        (["open", str(BASE), "--preset", "base"], "not allowed with argument"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_more_usage_errors_exit_2_with_one_line(tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    run = run_main(*args)
    assert_refused(run, expected)
    assert list(tmp_path.iterdir()) == []


def test_zero_capex_summary_has_no_negative_zero(tmp_path):
    path = bad_scenario(
        tmp_path, BASE.read_text().replace('"total_capex": 380.0', '"total_capex": 0')
    )
    run = run_main("export", path, "--summary", tmp_path / "s.json", "--csv", tmp_path / "q.csv")
    assert run.code == 0, run
    assert "-0.0" not in (tmp_path / "s.json").read_text()
    assert json.loads((tmp_path / "s.json").read_text())["peak_funding"] == 0.0


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_a_nan_literal_is_reported_at_its_field_and_line(tmp_path, literal):
    path = bad_scenario(tmp_path, V1.read_text().replace('"yield": 0.8', f'"yield": {literal}'))
    run = run_main("export", path, "--csv", tmp_path / "q.csv")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if literal in t)
    assert_refused(
        run,
        f"{path}: revenue.yield: not valid JSON: {literal} is not a JSON number",
        f"line {line}, column",
    )


def test_monte_carlo_csvs_and_their_sidecars(tmp_path):
    samples, stats = tmp_path / "samples.csv", tmp_path / "stats.csv"
    run = run_main("export", "--preset", "base", "--samples", samples, "--stats", stats)
    assert run.code == 0, run
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "samples.csv",
        "samples.csv.json",
        "stats.csv",
        "stats.csv.json",
    ]
    for path, first in ((samples, "path,"), (stats, "metric,")):
        assert path.read_text().startswith(first)
        meta = json.loads(path.with_name(path.name + ".json").read_text())
        assert meta["scenario"] == "Alibaba 2025 plan (base)" and meta["seed"] == 2025
        assert meta["inputs_hash"] == input_hash(load_preset("base"))
    data = np.loadtxt(samples, delimiter=",", skiprows=1)
    assert data.shape[0] == meta["paths"]


def test_report_refuses_two_currencies_naming_both(tmp_path):
    usd = bad_scenario(
        tmp_path,
        BASE.read_text().replace('"CNY"', '"USD"').replace('"usd_fx": 7.17', '"usd_fx": 1'),
    )
    run = run_main("report", usd, "--preset", "base", "--pdf", tmp_path / "r.pdf")
    assert_refused(run, "the preset 'base': currency: CNY at 7.17 per USD", f"differs from {usd}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]
