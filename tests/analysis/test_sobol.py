"""First-order and total Sobol' indices: the Ishigami function and exact model cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.analysis.montecarlo import RunCancelledError
from simulator.analysis.sobol import indices, sobol_indices
from simulator.errors import ScenarioError
from simulator.scenario.presets import default_scenario

A, B = 7.0, 0.1
V = A**2 / 8 + B * math.pi**4 / 5 + B**2 * math.pi**8 / 18 + 0.5
V1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
V13 = B**2 * math.pi**8 * (1 / 18 - 1 / 50)
FIRST = np.array([V1 / V, A**2 / 8 / V, 0.0])  # 0.3139, 0.4424, 0
TOTAL = np.array([(V1 + V13) / V, A**2 / 8 / V, V13 / V])  # 0.5576, 0.4424, 0.2437


def ishigami(u: np.ndarray) -> np.ndarray:
    x = -math.pi + 2 * math.pi * u
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_ishigami_indices_match_the_analytic_values() -> None:
    rng = np.random.default_rng(2024)
    n = 50_000
    got = indices(ishigami, rng.random((n, 3)), rng.random((n, 3)), [0, 1, 2], ["x1", "x2", "x3"])
    assert got.evaluations == 5 * n and got.variance == pytest.approx(V, rel=0.02)
    # each estimate is a mean of n iid terms over V: 5 standard errors, and they are small
    assert np.all(np.abs(got.first - FIRST) <= 5 * got.first_se)
    assert np.all(np.abs(got.total - TOTAL) <= 5 * got.total_se)
    assert np.all(got.first_se < 0.02) and np.all(got.total_se < 0.02)


def test_model_indices_of_an_exact_case() -> None:
    """Total capex is the drawn programme size alone: its index is 1, the tax rate's 0."""
    section = {
        "seed": 3,
        "inputs": {
            "program.total_capex": {"dist": "uniform", "low": 340, "high": 440},
            "economics.tax_rate": {"dist": "uniform", "low": 0.1, "high": 0.3},
        },
    }
    s = default_scenario().with_field("uncertainty", section)
    got = sobol_indices(s, "total_capex", base_paths=512)
    assert got.inputs == ("economics.tax_rate", "program.total_capex")  # sorted paths
    # the tax rate never moves the metric: f_AB = f_A, both of its terms vanish exactly
    assert got.first[0] == 0.0 and got.total[0] == 0.0
    # capex alone sets it: f_AB = f_B, so both estimate 1 (within 5 standard errors)
    assert abs(got.first[1] - 1.0) <= 5 * got.first_se[1]
    assert abs(got.total[1] - 1.0) <= 5 * got.total_se[1]
    assert got.first_se[1] < 0.1
    assert not got.correlated and got.evaluations == 512 * 4


def test_model_indices_of_the_base_preset_are_consistent() -> None:
    s = default_scenario()
    got = sobol_indices(s, "npv", ["revenue.ai_growth", "revenue.yield"], base_paths=2048)
    correlated = {p for a, b, _ in s.uncertainty.correlations for p in (a, b)}
    assert got.correlated == bool(correlated & set(got.inputs))
    slack = 5 * (got.first_se + got.total_se)
    assert np.all(got.first >= -slack) and np.all(got.first <= got.total + slack)
    assert got.first.sum() <= 1 + 5 * np.sqrt((got.first_se**2).sum())


def test_bad_requests_are_refused() -> None:
    s = default_scenario()
    with pytest.raises(ScenarioError, match=r"economics\.tax_rate: is not an uncertain input"):
        sobol_indices(s, "npv", ["economics.tax_rate"], base_paths=64)
    with pytest.raises(ValueError, match="payback_years is undefined on"):
        sobol_indices(s, "payback_years", ["revenue.yield"], base_paths=256)
    with pytest.raises(RunCancelledError):
        sobol_indices(s, "npv", ["revenue.yield"], base_paths=256, progress=lambda d, t: False)
