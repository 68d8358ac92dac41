"""The compiled engine (numba) against the NumPy engine, path by path.

Every metric and every column the fused pass returns must equal the NumPy engine's to
1e-12 relative (1e-9 absolute near zero); the IRR, where the two differ by more than
that, must be a root of the same flows (NPV at the compiled rate ~ 0). Inputs: the
presets, the version 1 fixtures, and thousands of random paths that vary every input
the engine reads (seeded: the same paths on every run). Results must not depend on
chunking or on the number of threads.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO

from simulator.model import fused
from simulator.model.engine import simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario.files import load_scenario
from simulator.scenario.presets import list_presets, load_preset

pytest.importorskip("numba")

REL, ABS = 1e-12, 1e-9
COLUMNS = tuple(fused.COLUMN_ROWS)


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    assert fused.warm_up()
    assert fused.available()


def _sources() -> list:
    out = [load_preset(name) for name in list_presets()]
    out += [load_scenario(p) for p in sorted(Path(REPO, "tests/data/v1").glob("*.json"))]
    return out


def _random(x: Inputs, n: int, seed: int) -> Inputs:
    """n paths that vary every input of ``x`` over (and past) its usual range."""
    rng = np.random.default_rng(seed)
    x = x.repeat(n)
    h, k = x.years, x.share.shape[1]
    x = x.replace(
        total_capex=rng.uniform(0, 800, n),
        split=rng.dirichlet(np.ones(h), n),
        share=rng.dirichlet(np.ones(k), n),
        life_years=rng.integers(1, 12, (n, k)),
        lag_q=rng.integers(0, 6, (n, k)),
        adds_capacity=rng.random((n, k)) < 0.7,
        base_quarterly=rng.uniform(5, 60, n),
        ai_share=rng.uniform(0, 0.6, n),
        core_growth=rng.uniform(-0.3, 0.5, (n, h)),
        ai_growth=rng.uniform(-0.5, 1.5, (n, h)),
        capacity_constrained=rng.random(n) < 0.8,
        yield_=rng.uniform(0, 2, n),
        price_decline=rng.uniform(0, 0.5, n),
        ramp=rng.uniform(1, 8, n),
        seasonality=rng.uniform(0.7, 1.3, (n, 4)),
        existing_ages=rng.random(n) < 0.5,
        refresh_on=rng.random(n) < 0.5,
        refresh_share=rng.uniform(0, 1, n),
        ebitda_margin=rng.uniform(-0.2, 0.9, n),
        core_margin=rng.uniform(-0.1, 0.5, n),
        fixed_cost=rng.uniform(0, 0.3, n),
        attribution=rng.uniform(0, 1, n) * (rng.random(n) < 0.5),
        tax_rate=rng.uniform(0, 0.4, n),
        discount_rate=rng.uniform(0.0, 0.3, n),
        terminal_method=rng.integers(0, 4, n),
        terminal_growth=rng.uniform(-0.05, 0.2, n),
        terminal_years=rng.integers(1, 20, n),
        terminal_multiple=rng.uniform(0, 20, n),
    )
    own = rng.integers(1, 60, (n, k))
    return x.replace(econ_q=np.where(rng.random((n, k)) < 0.5, x.life_q, own))


def _npv_at(flows: np.ndarray, annual: np.ndarray) -> np.ndarray:
    """NPV of (N, n) quarterly flows at annual rates, relative to sum |flows|."""
    q = (1.0 + annual) ** 0.25 - 1.0
    t = np.arange(flows.shape[1]) + 1.0
    with np.errstate(all="ignore"):
        value = (flows * (1.0 + q[:, None]) ** -t).sum(axis=1)
    return np.abs(value) / np.abs(flows).sum(axis=1)


def assert_same(x: Inputs, label: str) -> None:
    got = fused.fused_run(x, COLUMNS)
    ref = simulate_inputs(x)
    for key, value in got.metrics.items():
        want = np.asarray(ref.metrics[key], dtype=float)
        close = np.isclose(value, want, rtol=REL, atol=ABS, equal_nan=True)
        if key == "irr" and not close.all():
            rows = np.flatnonzero(~close)
            q = x.history_quarters
            flows = ref.columns["fcf"][rows, q:].copy()
            flows[:, -1] += ref.metrics["residual_value"][rows]
            both = np.isfinite(value[rows]) & np.isfinite(want[rows])
            assert both.all(), f"{label}: IRR defined on one side only, rows {rows[~both]}"
            assert (_npv_at(flows, value[rows]) < 1e-9).all(), f"{label}: IRR not a root"
            continue
        assert close.all(), (
            f"{label}: {key} differs on {np.count_nonzero(~close)} paths, e.g. "
            f"{value[~close][:3]} vs {want[~close][:3]}"
        )
    for name, value in got.columns.items():
        close = np.isclose(value, ref.columns[name], rtol=REL, atol=ABS, equal_nan=True)
        assert close.all(), f"{label}: column {name} differs on {np.count_nonzero(~close)}"


@pytest.mark.parametrize("s", _sources(), ids=lambda s: s.name)
def test_every_preset_and_v1_file_matches_the_numpy_engine(s) -> None:
    assert_same(Inputs.from_scenario(s), s.name)


@pytest.mark.parametrize("s", _sources()[:5], ids=lambda s: s.name)
def test_random_paths_match_the_numpy_engine(s) -> None:
    assert_same(_random(Inputs.from_scenario(s), 1500, seed=len(s.name)), s.name)


def test_every_metric_of_the_engine_is_returned() -> None:
    ref = simulate_inputs(Inputs.from_scenario(load_preset(list_presets()[0])))
    assert set(fused.fused_run(Inputs.from_scenario(load_preset(list_presets()[0]))).metrics) == {
        k for k in ref.metrics if k != "discount_rate"
    }


@pytest.mark.parametrize("workers", [2, 3, 13])
def test_results_do_not_depend_on_threads_or_slices(workers: int) -> None:
    x = _random(Inputs.from_scenario(load_preset(list_presets()[0])), 997, seed=3)
    first = fused.fused_run(x, ("cum_fcf",))
    second = fused.fused_run(x, ("cum_fcf",), workers=workers)
    for key, value in first.metrics.items():
        np.testing.assert_array_equal(value, second.metrics[key], err_msg=key)
    np.testing.assert_array_equal(first.columns["cum_fcf"], second.columns["cum_fcf"])
    one = fused.fused_run(_take_rows(x, slice(500, 501)), ("cum_fcf",))
    np.testing.assert_array_equal(one.columns["cum_fcf"][0], first.columns["cum_fcf"][500])


def _take_rows(x: Inputs, rows: slice) -> Inputs:
    return Inputs(**{f.name: getattr(x, f.name)[rows] for f in dataclasses.fields(x)})


def test_paths_without_a_grid_root_are_solved_from_the_polynomial() -> None:
    x = _random(Inputs.from_scenario(load_preset(list_presets()[0])), 50, seed=5)
    got = fused.fused_run(x)
    metrics = {k: v.copy() for k, v in got.metrics.items()}
    rows = np.flatnonzero(np.isfinite(metrics["irr"]))[:5]
    metrics["irr"][rows] = np.nan
    fused._polynomial_irr(x, metrics, rows)
    np.testing.assert_allclose(metrics["irr"][rows], got.metrics["irr"][rows], rtol=1e-7)


def test_without_numba_the_fused_engine_says_so(monkeypatch) -> None:
    import threading

    monkeypatch.setattr(fused, "_fp", None)
    monkeypatch.setattr(fused, "_ready", threading.Event())
    monkeypatch.setattr(fused, "installed", lambda: False)
    assert not fused.available()
    assert not fused.warm_up()
    with pytest.raises(RuntimeError, match="numba"):
        fused.fused_run(Inputs.from_scenario(load_preset(list_presets()[0])))


def test_inputs_fields_all_reach_the_fused_pass() -> None:
    """A new Inputs field must be read by the fused pass or listed here on purpose."""
    read_elsewhere = {"econ_follows", "refresh_on", "refresh_share"}  # via econ_q and rho
    packed = {m.name.lower() for m in fused._rows.Par} | {"yield_"}
    arrays = {
        "split",
        "history",
        "seasonality",
        "share",
        "life_q",
        "econ_q",
        "lag_q",
        "adds_capacity",
        "core_growth",
        "ai_growth",
    }
    fields = {f.name for f in dataclasses.fields(Inputs)}
    assert fields <= packed | arrays | read_elsewhere


def test_a_changed_fused_source_drops_the_cached_engine(monkeypatch, tmp_path) -> None:
    """numba keys the cache on the caller's file only; any fused_*.py edit must drop it."""
    from types import SimpleNamespace

    fake = SimpleNamespace(
        run_paths=SimpleNamespace(_cache=SimpleNamespace(_cache_path=str(tmp_path)))
    )
    monkeypatch.setattr(fused, "_fp", fake)
    cached = [tmp_path / "fused_path.run_paths-218.py311.nbi", tmp_path / "fused_cash.x.nbc"]
    other = tmp_path / "unrelated.nbi"
    for p in [*cached, other]:
        p.write_text("compiled")
    fused._drop_stale_cache()  # no record of the sources yet: drop
    assert not any(p.exists() for p in cached) and other.exists()
    for p in cached:
        p.write_text("compiled")
    fused._drop_stale_cache()  # same sources: keep
    assert all(p.exists() for p in cached)
    (tmp_path / "fused-sources.sha256").write_text("an older source")
    fused._drop_stale_cache()
    assert not any(p.exists() for p in cached)


def test_simulate_uses_the_compiled_engine_once_ready(monkeypatch) -> None:
    from simulator.model import engine

    s = load_preset(list_presets()[0])
    calls = []
    real = fused.result
    monkeypatch.setattr(fused, "result", lambda x: calls.append(1) or real(x))
    compiled = engine.simulate(s)
    assert calls == [1]
    monkeypatch.setattr(fused, "available", lambda: False)
    plain = engine.simulate(s)
    assert calls == [1]
    assert compiled.periods == plain.periods and compiled.history == plain.history
    assert set(compiled.columns) == set(plain.columns)
    for name, column in plain.columns.items():
        assert compiled.columns[name].flags.c_contiguous
        np.testing.assert_allclose(
            compiled.columns[name], column, rtol=REL, atol=ABS, equal_nan=True, err_msg=name
        )
    assert compiled.metrics.keys() == plain.metrics.keys()
    for key, value in plain.metrics.items():
        assert compiled.metrics[key] == pytest.approx(value, rel=REL, abs=ABS, nan_ok=True), key
