"""Inputs for N paths: building, stacking and replacing fields."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import Inputs, default_scenario, load_preset, simulate, simulate_inputs


def test_from_scenario_lays_lists_over_horizon_years():
    x = Inputs.from_scenario(default_scenario())
    assert x.paths == 1 and x.years == 10 and x.history_quarters == 3 and x.quarters == 43
    np.testing.assert_array_equal(x.split[0], [0.33, 0.33, 0.34] + [0.0] * 7)
    np.testing.assert_array_equal(x.ai_growth[0, 5:], [0.15] * 5)  # last rate held
    np.testing.assert_array_equal(x.life_q[0], [20, 24, 100])


def test_replace_per_path_per_row_and_per_path_rows():
    x = Inputs.from_scenario(default_scenario())
    assert x.replace(yield_=np.ones(3)).paths == 3
    row = x.replace(life_years=[3, 6, 25])  # (K,): the same for every path
    assert row.paths == 1 and row.life_q.tolist() == [[12, 24, 100]]
    per_path = x.replace(ai_growth=np.array([[0.1], [0.2], [0.3]]))  # (N, 1)
    assert per_path.paths == 3 and per_path.ai_growth[:, 0].tolist() == [0.1, 0.2, 0.3]
    with pytest.raises(TypeError, match="no field 'yield'"):
        x.replace(**{"yield": 1.0})


def test_replaced_paths_equal_edited_scenarios():
    s = default_scenario()
    yields = [0.5, 0.8, 1.4]
    batch = simulate_inputs(Inputs.from_scenario(s).replace(yield_=yields))
    for i, y in enumerate(yields):
        alone = simulate(s.with_field("revenue.yield", y))
        assert batch.metrics["npv"][i] == pytest.approx(alone.summary["npv"], rel=1e-12)


def test_stack_needs_same_shape():
    base = default_scenario()
    short = base.with_field("horizon_years", 5)
    with pytest.raises(ValueError, match="same horizon"):
        Inputs.stack([base, short])
    assert Inputs.stack([base, load_preset("Alibaba 2025 plan (bull)")]).paths == 2
