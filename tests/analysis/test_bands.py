"""Binned fan bands (used above EXACT_BAND_VALUES) against exact bands, wide and skewed.

The bins follow the data, so each band value's error is at most the width of the bin
holding its order statistics, which the run returns; the exact bands must lie within
that bound, and the bound must be small however many orders of magnitude the values
span (the fixed-range histogram this replaced was off by 1e20 on such a case).
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator.analysis import montecarlo
from simulator.analysis.bands import QuantileBins
from simulator.analysis.montecarlo import BAND_PERCENTILES
from simulator.scenario.presets import default_scenario

CASES = {
    "wide": {
        "revenue.ai_growth": {"dist": "lognormal", "mean": 1.0, "sd": 5.0},
        "program.total_capex": {"dist": "lognormal", "p5": 10, "p95": 100_000},
    },
    "skewed": {
        "revenue.yield": {"dist": "pert", "low": 0.1, "mode": 0.2, "high": 5.0},
        "economics.ebitda_margin": {"dist": "triangular", "low": -0.5, "mode": 0.5, "high": 0.55},
    },
}


def exact_percentiles(values: np.ndarray) -> np.ndarray:
    return np.percentile(values, BAND_PERCENTILES, axis=0)


@pytest.mark.parametrize("chunks", [[25_000], [3000] * 7 + [4000], [10_000, 15_000]])
def test_quantile_bins_span_twenty_orders_of_magnitude(chunks: list[int]) -> None:
    rng = np.random.default_rng(3)
    values = np.exp(rng.normal(0, 10, size=(sum(chunks), 6)))  # 1e-13 .. 1e13 and beyond
    values[:, 5] = np.where(rng.random(values.shape[0]) < 0.4, 7.0, values[:, 5])  # a point mass
    bins, start = QuantileBins(), 0
    for n in chunks:
        bins.add(values[start : start + n])
        start += n
    got, bound = bins.percentiles(BAND_PERCENTILES)
    want = exact_percentiles(values)
    assert np.all(np.abs(got - want) <= bound)
    # a bin holds about 1/4096 of the paths (2.4 of the 10,000 that set the edges): near
    # P5 that is dz ~ 0.0024 / phi(1.645) of a standard normal, so for sigma = 10 a bin
    # spans ~2.4% of the value, up to ~5% where the edge sample's gaps are wide
    assert np.all(np.abs(got - want) <= 0.01 * np.abs(want))
    assert np.all(bound <= 0.1 * np.abs(want))
    assert got[2, 5] == 7.0 and bound[2, 5] == 0.0  # the median is in the point mass, exactly


def test_few_values_are_exact() -> None:
    values = np.random.default_rng(1).normal(size=(3000, 4))
    bins = QuantileBins()
    bins.add(values)
    got, bound = bins.percentiles(BAND_PERCENTILES)
    np.testing.assert_allclose(got, exact_percentiles(values), rtol=0, atol=1e-12)
    assert np.all(bound == 0)


@pytest.mark.parametrize("case", list(CASES))
def test_binned_run_bands_match_exact_bands(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    s = default_scenario().with_field(
        "uncertainty", {"seed": 9, "paths": 30_000, "inputs": CASES[case]}
    )
    exact = montecarlo.run(s)
    monkeypatch.setattr(montecarlo, "EXACT_BAND_VALUES", 0)
    binned = montecarlo.run(s, chunk=4000)
    assert exact.exact_bands and not binned.exact_bands
    for column in montecarlo.BAND_COLUMNS:
        e, b, bound = exact.bands[column], binned.bands[column], binned.band_error[column]
        assert np.all(exact.band_error[column] == 0)
        assert np.all(np.abs(b - e) <= bound + 1e-12 * np.abs(e)), column
        scale = np.maximum(e[-1] - e[0], 1e-9 * np.abs(e[2]) + 1e-12)
        assert np.all(np.abs(b - e) <= 0.01 * scale), column
        assert np.all(bound <= 0.05 * scale), column
        np.testing.assert_allclose(binned.means[column], exact.means[column], rtol=1e-10)
