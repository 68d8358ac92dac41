"""Monte Carlo CSVs (simulator.export.samples): one header row, the data read back exactly,
the trace in a sidecar JSON."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from simulator.analysis import montecarlo
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import STAT_COLUMNS, summarize
from simulator.atomic import write_all_atomic, write_atomic
from simulator.export.samples import (
    SAMPLE_OUTPUTS,
    sample_columns,
    samples_csv,
    samples_files,
    sidecar_path,
    stat_metrics,
    stats_csv,
    stats_files,
)
from simulator.scenario.presets import default_scenario

SECTION = {
    "seed": 11,
    "paths": 700,
    "inputs": {
        "revenue.yield": {"dist": "triangular", "low": 0.6, "mode": 0.8, "high": 1.0},
        "revenue.ai_growth": {"dist": "normal", "mean": 0.0, "sd": 0.08},
        "program.total_capex": {"dist": "uniform", "low": 340, "high": 440},
        "economics.discount_rate": {"dist": "lognormal", "mean": 0.09, "sd": 0.01},
    },
}
NAME = "Alibaba 2025 plan (base)"


@pytest.fixture(scope="module")
def mc() -> MonteCarloResult:
    return montecarlo.run(default_scenario().with_field("uncertainty", SECTION))


@pytest.mark.parametrize("build", [stats_csv, samples_csv])
def test_the_csv_is_one_header_row_and_data(mc, build):
    """No ``#`` lines: a spreadsheet imports the header as the header."""
    text = build(mc, NAME, "abc")
    assert text == build(mc)  # the trace goes to the sidecar, not into the CSV
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] in ("metric", "path") and not any(r[0].startswith("#") for r in rows)
    assert {len(r) for r in rows} == {len(rows[0])}


@pytest.mark.parametrize(("files", "first"), [(stats_files, "metric"), (samples_files, "path")])
def test_the_sidecar_holds_the_trace_and_the_columns(mc, tmp_path, files, first):
    out = files(mc, tmp_path / "run.csv", "two\nlines", "3fa9c01b2e")
    assert list(out) == [str(tmp_path / "run.csv"), str(tmp_path / "run.csv.json")]
    assert sidecar_path(tmp_path / "run.csv") == tmp_path / "run.csv.json"
    meta = json.loads(out[str(tmp_path / "run.csv.json")])
    assert meta["scenario"] == "two\nlines" and meta["inputs_hash"] == "3fa9c01b2e"
    assert (meta["seed"], meta["paths"], meta["csv"]) == (11, 700, "run.csv")
    write_all_atomic(out)  # the samples CSV is streamed: a writer, not bytes
    header = (tmp_path / "run.csv").read_text("utf-8").splitlines()[0].split(",")
    assert [c["key"] for c in meta["columns"]] == header and header[0] == first
    units = {c["key"]: c["unit"] for c in meta["columns"]}
    if first == "path":
        assert units["revenue.yield"] == "/yr" and units["npv"] == "bn currency"
        assert units["revenue.ai_growth"] == "fraction added to every year"
        assert units["economics.discount_rate"] == "fraction"


def test_stats_csv_equals_summarize(mc, tmp_path):
    path = tmp_path / "stats.csv"
    write_atomic(path, stats_csv(mc, NAME).encode("utf-8"))
    rows = list(csv.DictReader(path.read_text("utf-8").splitlines()))
    assert list(rows[0]) == ["metric", *STAT_COLUMNS]
    assert [r["metric"] for r in rows] == stat_metrics(mc)
    assert {"npv", "irr", "payback_years", "discount_rate"} <= {r["metric"] for r in rows}
    for row in rows:
        expected = summarize(mc.metrics[row["metric"]])
        got = np.array([float(row[c]) for c in STAT_COLUMNS])
        assert_array_equal(got, [expected[c] for c in STAT_COLUMNS])  # NaN == NaN here


def test_stats_csv_loads_with_numpy(mc):
    text = stats_csv(mc, NAME)
    table = np.loadtxt(
        io.StringIO(text),
        delimiter=",",
        skiprows=1,
        usecols=range(1, len(STAT_COLUMNS) + 1),
    )
    assert table.shape == (len(stat_metrics(mc)), len(STAT_COLUMNS))
    npv = stat_metrics(mc).index("npv")
    assert table[npv, STAT_COLUMNS.index("p50")] == summarize(mc.metrics["npv"])["p50"]


def test_samples_csv_reads_back_every_draw_and_output_exactly(mc, tmp_path):
    path = tmp_path / "samples.csv"
    write_atomic(path, samples_csv(mc, NAME).encode("utf-8"))
    text = path.read_text("utf-8")
    header = text.splitlines()[0].split(",")
    assert header == ["path", *sorted(SECTION["inputs"]), *SAMPLE_OUTPUTS]
    assert header[1:] == sample_columns(mc)
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    assert data.shape == (700, len(header))
    assert_array_equal(data[:, 0], np.arange(700))
    for i, name in enumerate(header[1:], start=1):
        expected = mc.draws[name] if name in mc.draws else mc.metrics[name]
        assert_array_equal(data[:, i], expected)  # bit for bit, NaN where undefined
    assert np.isnan(data[:, header.index("payback_years")]).any()  # 'never' is written as nan


def test_samples_csv_parses_with_the_csv_module(mc):
    rows = list(csv.reader(samples_csv(mc).splitlines()))
    assert len(rows) == 701
    assert {len(r) for r in rows} == {len(rows[0])}
    assert float(rows[5][rows[0].index("revenue.yield")]) == mc.draws["revenue.yield"][4]
