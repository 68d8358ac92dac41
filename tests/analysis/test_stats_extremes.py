"""Statistics of finite values near the float limit stay finite (issue 16: infinities
must never reach the statistics or the CSV)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.analysis.stats import STAT_COLUMNS, summarize

BIG = 1e308


@pytest.mark.parametrize(
    "values",
    [
        [BIG, -BIG, BIG, -BIG],  # the sd is 1.15e308: its squares overflow
        [BIG, BIG, BIG],
        [-BIG, 0.0, BIG, 1.0, -1.0],
        [BIG, np.nan, -BIG, 0.5],
    ],
    ids=["alternating", "equal", "spread", "with-undefined"],
)
def test_summary_of_huge_values_is_finite_and_right(values) -> None:
    summary = summarize(np.array(values))
    assert all(math.isfinite(summary[c]) for c in STAT_COLUMNS if c != "defined"), summary
    ok = np.array([v for v in values if not math.isnan(v)])
    assert summary["mean"] == pytest.approx(float(np.mean(ok / BIG)) * BIG, rel=1e-12)
    assert summary["sd"] == pytest.approx(float(np.std(ok / BIG, ddof=1)) * BIG, rel=1e-12)
    assert summary["min"] == ok.min() and summary["max"] == ok.max()
    assert summary["min"] <= summary["p50"] <= summary["max"]


def test_an_sd_beyond_the_largest_float_is_undefined_not_infinite() -> None:
    summary = summarize(np.array([1.7e308, -1.7e308] * 2))
    assert math.isnan(summary["sd"]) and summary["mean"] == 0.0
    assert summary["max"] == 1.7e308


def test_ordinary_values_are_unchanged_by_the_guard() -> None:
    values = np.random.default_rng(16).normal(3.0, 2.0, 10_001)
    summary = summarize(values)
    assert summary["mean"] == float(values.mean())
    assert summary["sd"] == float(values.std(ddof=1))
    assert summary["p50"] == pytest.approx(float(np.median(values)), rel=1e-15)
