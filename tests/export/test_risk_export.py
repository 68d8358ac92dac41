"""Monte Carlo CSVs (simulator.risk_export): header lines, and the data read back exactly."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from simulator.analysis import montecarlo
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import STAT_COLUMNS, summarize
from simulator.atomic import write_atomic
from simulator.export.samples import (
    SAMPLE_OUTPUTS,
    sample_columns,
    samples_csv,
    stat_metrics,
    stats_csv,
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


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("#")]


@pytest.mark.parametrize("build", [stats_csv, samples_csv])
def test_header_lines_name_scenario_seed_and_paths(mc, build):
    lines = comments(build(mc, NAME))
    assert f"# scenario: {NAME}" in lines
    assert "# seed: 11" in lines
    assert "# paths: 700" in lines
    assert build(mc, NAME).startswith("# ")


def test_a_name_cannot_break_the_comment_lines(mc):
    text = stats_csv(mc, "two\nlines")
    assert "# scenario: two lines" in comments(text)
    assert data_lines(text)[0].startswith("metric,")


def test_stats_csv_equals_summarize(mc, tmp_path):
    path = tmp_path / "stats.csv"
    write_atomic(path, stats_csv(mc, NAME).encode("utf-8"))
    rows = list(csv.DictReader(data_lines(path.read_text("utf-8"))))
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
        skiprows=len(comments(text)) + 1,
        usecols=range(1, len(STAT_COLUMNS) + 1),
    )
    assert table.shape == (len(stat_metrics(mc)), len(STAT_COLUMNS))
    npv = stat_metrics(mc).index("npv")
    assert table[npv, STAT_COLUMNS.index("p50")] == summarize(mc.metrics["npv"])["p50"]


def test_samples_csv_reads_back_every_draw_and_output_exactly(mc, tmp_path):
    path = tmp_path / "samples.csv"
    write_atomic(path, samples_csv(mc, NAME).encode("utf-8"))
    text = path.read_text("utf-8")
    header = data_lines(text)[0].split(",")
    assert header == ["path", *sorted(SECTION["inputs"]), *SAMPLE_OUTPUTS]
    assert header[1:] == sample_columns(mc)
    data = np.loadtxt(path, delimiter=",", comments="#", skiprows=len(comments(text)) + 1)
    assert data.shape == (700, len(header))
    assert_array_equal(data[:, 0], np.arange(700))
    for i, name in enumerate(header[1:], start=1):
        expected = mc.draws[name] if name in mc.draws else mc.metrics[name]
        assert_array_equal(data[:, i], expected)  # bit for bit, NaN where undefined
    assert np.isnan(data[:, header.index("payback_years")]).any()  # 'never' is written as nan


def test_samples_csv_parses_with_the_csv_module(mc):
    rows = list(csv.reader(data_lines(samples_csv(mc))))
    assert len(rows) == 701
    assert {len(r) for r in rows} == {len(rows[0])}
    assert float(rows[5][rows[0].index("revenue.yield")]) == mc.draws["revenue.yield"][4]
