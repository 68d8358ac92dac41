"""``main.py export``: headless outputs, and the bad-input rules (exit 2, one line)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO
from helpers import cli

from simulator import COLUMNS, SUMMARY_KEYS, load_preset, simulate

BASE = REPO / "resources" / "scenarios" / "alibaba-2025-base.json"


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
    assert rows[0] == ["period", *COLUMNS, *(f"capex:{n}" for n in names)]
    assert len(rows) == 41 and rows[1][0] == "2025Q1" and rows[-1][0] == "2034Q4"
    result = simulate(load_preset("Alibaba 2025 plan (base)"))
    table = np.array([[float(v) for v in row[1:]] for row in rows[1:]])
    for i, name in enumerate(COLUMNS):
        np.testing.assert_array_equal(table[:, i], result.columns[name])  # full precision
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
            BASE.read_text().replace('"yield": 0.8', '"yield": -0.8'),
            "revenue.yield: must be >= 0 (got -0.8)",
        ),
        (
            BASE.read_text().replace("0.34]", "0.30]"),
            "program.year_split: shares must sum to 1 (got 0.96)",
        ),
        (
            BASE.read_text().replace('"version": 1', '"version": 9'),
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
        (["export", "--csv", "x.csv"], "one of the arguments file --preset is required"),
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


def test_presets_command_lists_names():
    out = cli("presets")
    assert out.returncode == 0
    assert out.stdout.splitlines()[0] == "Alibaba 2025 plan (base)"
