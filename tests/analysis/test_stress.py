"""Stress test: one input held to a tail, same seed and paths, outputs compared."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.analysis import montecarlo
from simulator.analysis.stress import stress
from simulator.errors import ScenarioError
from simulator.scenario.presets import default_scenario


def test_yield_below_its_p10() -> None:
    s = default_scenario()
    result = stress(s, "revenue.yield", 0.0, 0.1, paths=4000)
    base, low = result.base, result.stressed
    dist = s.uncertainty.distribution("revenue.yield")
    p0, p10 = dist.ppf(np.array([1e-12, 0.1]))
    assert result.values == pytest.approx((p0, p10), rel=1e-6)
    assert low.draws["revenue.yield"].max() <= p10 + 1e-12
    # the stressed input keeps its rank order; every other input keeps its draws
    np.testing.assert_array_equal(
        np.argsort(low.draws["revenue.yield"]), np.argsort(base.draws["revenue.yield"])
    )
    for path in base.draws:
        if path != "revenue.yield":
            np.testing.assert_array_equal(low.draws[path], base.draws[path])
    mean = result.shift("npv", "mean")
    assert mean.base == pytest.approx(base.metrics["npv"].mean())
    assert mean.stressed == pytest.approx(low.metrics["npv"].mean()) and mean.change < 0
    assert result.shift("npv", "p50").change < 0  # a low yield earns less
    assert result.shift("npv", "defined").base == 1.0
    assert low.restricted == (("revenue.yield", 0.0, 0.1),)


def test_the_upper_tail_and_a_given_base_run() -> None:
    s = default_scenario()
    base = montecarlo.run(s, paths=2000, stop=False)
    high = stress(s, "revenue.ai_growth", 0.9, 1.0, base=base)
    assert high.base is base and high.stressed.paths == 2000
    assert high.shift("npv", "p50").change > 0
    tail = high.stressed.draws["revenue.ai_growth"]
    assert (
        tail.min() >= float(s.uncertainty.distribution("revenue.ai_growth").ppf([0.9])[0]) - 1e-12
    )


@pytest.mark.parametrize(
    ("path", "low", "high", "message"),
    [
        ("economics.tax_rate", 0.0, 0.1, "economics.tax_rate: is not an uncertain input"),
        ("revenue.yield", 0.5, 0.2, "the stress range must satisfy 0 <= low < high <= 1"),
        ("revenue.yield", -0.1, 0.2, "the stress range must satisfy"),
    ],
)
def test_bad_stress_requests_name_the_input(path: str, low: float, high: float, message: str):
    with pytest.raises(ScenarioError) as err:
        stress(default_scenario(), path, low, high, paths=200)
    assert message in str(err.value)
