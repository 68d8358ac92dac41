"""The engine fused into one compiled pass per path (numba), for Monte Carlo.

:func:`fused_run` gives the same metrics (and chosen columns) as
:func:`simulator.model.engine.simulate_inputs`, path by path, from one compiled loop
over the paths (both cores, in chunks) instead of many NumPy passes over (N, T)
arrays. The NumPy engine stays the reference and the fallback: :func:`available` is
False when numba is missing or has not compiled yet, and tests compare the two on
every path. Compilation is cached on disk (numba's ``cache=True``); the app compiles
it off the GUI thread after the first paint (:func:`warm_up`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.model import fused_rows as _rows
from simulator.model.analyst import BENCHMARK_QUARTER
from simulator.model.inputs import Inputs
from simulator.model.result import Result
from simulator.model.roots import grid as rate_grid
from simulator.model.roots import polynomial_irr
from simulator.scenario.periods import period_index

FloatArray = NDArray[np.float64]

_fp: Any = None  # simulator.model.fused_path once imported (it imports numba: slow)
_ready = threading.Event()
_lock = threading.Lock()


@dataclass(frozen=True)
class Fused:
    """Metrics (by key, (N,) each) and chosen columns (by name, (N, T) each)."""

    metrics: dict[str, FloatArray]
    columns: dict[str, FloatArray]


_RUN_ROWS = {
    "capex": "CAPEX",
    "refresh_capex": "REF",
    "depreciation": "DEP",
    "capacity": "CAP",
    "ai_served": "SERVED",
    "ai_revenue": "AI",
    "cloud_revenue": "CLOUD",
    "ebitda": "EBITDA",
    "ebit": "EBIT",
    "tax": "TAX",
    "nopat": "NOPAT",
    "fcf": "FCF",
}
COLUMN_ROWS = {
    "capex": "P_SPEND",
    "cum_capex": "CUM_CAPEX",
    "depreciation": "P_DEP",
    "net_ppe": "NET_PPE",
    "capacity_base": "P_BASE",
    "capacity_revenue": "P_CAP",
    "core_revenue": "CORE_W",
    "ai_demand": "AI_DEMAND",
    "ai_revenue": "W_AI",
    "unserved_ai_demand": "UNSERVED",
    "program_revenue": "PROGRAM",
    "cloud_revenue": "W_CLOUD",
    "cum_program_revenue": "CUM_PROGRAM",
    "cum_cloud_revenue": "CUM_CLOUD",
    "ebitda": "EBITDA",
    "ebit": "EBIT",
    "tax": "TAX",
    "nopat": "NOPAT",
    "fcf": "FCF",
    "cum_fcf": "CUM_FCF",
    "discounted_fcf": "DISCOUNTED",
    "cum_discounted_fcf": "CUM_DISC",
    "refresh_capex": "P_REF",
    "fixed_cost": "FIXED",
    "seasonal_factor": "SEASONAL",
    "terminal_value": "TV_COL",
    "utilisation": "UTILISATION",
    "capex_intensity": "CAPEX_INTENSITY",
    "revenue_per_capex": "REVENUE_PER_CAPEX",
    "roic": "ROIC",
    "ebit_margin": "EBIT_MARGIN",
    **{f"with_{k}": f"W_{v}" for k, v in _RUN_ROWS.items()},
    **{f"without_{k}": f"O_{v}" for k, v in _RUN_ROWS.items()},
    "with_core_revenue": "CORE_W",
    "without_core_revenue": "CORE_WO",
}
"""Every column of the engine's Result, by the scratch row of the fused pass that holds
it (a test checks the two engines' columns agree and that none is missing)."""


def installed() -> bool:
    """Whether numba is installed (without importing it)."""
    return importlib.util.find_spec("numba") is not None


def available() -> bool:
    """Whether the compiled engine can run now (numba imported and the engine compiled)."""
    return _fp is not None and _ready.is_set()


def warm_up() -> bool:
    """Import numba and compile the fused engine (or load it from numba's on-disk cache);
    True when usable, False without numba.

    Call it off the GUI thread: importing numba takes about half a second, loading the
    cache about one, compiling afresh (first use after an install or an update) tens of
    seconds.
    """
    global _fp
    with _lock:
        if _ready.is_set():
            return True
        if _fp is None:
            if not installed():
                return False
            from simulator.model import fused_path

            _fp = fused_path
        _drop_stale_cache()
        from simulator.scenario.presets import default_scenario

        x = Inputs.from_scenario(default_scenario()).repeat(2)
        _call(x, ("cum_fcf",))
        _ready.set()
        return True


def prepare() -> bool:
    """:func:`warm_up` for a process with a GUI: a fresh compilation runs in a child
    process (it fills numba's on-disk cache without holding this process's GIL for
    tens of seconds), then this process loads the cache. True when usable."""
    if available():
        return True
    if not installed():
        return False
    if not _compiled_on_disk():
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        subprocess.run(
            [sys.executable, "-m", "simulator.model.fused"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    return warm_up()  # loads what the child cached (or compiles here if it could not)


def _compiled_on_disk() -> bool:
    """Whether numba's cache holds the compiled engine (imports numba)."""
    global _fp
    if _fp is None:
        from simulator.model import fused_path

        _fp = fused_path
    _drop_stale_cache()
    try:
        return bool(_fp.run_paths._cache._cache_file._load_index())
    except Exception:  # numba's cache internals changed: let the child process decide
        return False


def _drop_stale_cache() -> None:
    """Delete numba's cached fused engine when any fused_*.py source changed.

    numba keys a cached function on its own file only, but compiles the functions it
    calls (other fused_*.py files) into it: an edit there would leave a stale cache.
    A hash of every fused source, kept beside the cache, catches that."""
    sources = sorted(Path(__file__).parent.glob("fused*.py"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    try:
        folder = Path(_fp.run_paths._cache._cache_path)
    except AttributeError:  # numba's cache internals changed: nothing to check
        return
    marker = folder / "fused-sources.sha256"
    try:
        if marker.is_file() and marker.read_text() == digest:
            return
        for old in folder.glob("fused*.nb[ic]"):
            old.unlink(missing_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
        marker.write_text(digest)
    except OSError:  # a read-only cache folder: numba will not write there either
        return


def fused_run(x: Inputs, columns: tuple[str, ...] = (), workers: int = 1) -> Fused:
    """Every metric of N paths (and ``columns``, names of :data:`COLUMN_ROWS`), the
    paths split over ``workers`` threads (the compiled loop releases the GIL; each path
    is computed alone, so the split never changes a result). Call :func:`warm_up` first.
    """
    if not available():
        raise RuntimeError("the fused engine needs numba, imported and compiled by warm_up()")
    return _call(x, columns, max(1, workers))


def result(x: Inputs) -> Result:
    """:func:`simulator.model.engine.simulate_inputs`' Result from the fused pass: every
    column (contiguous (N, T) arrays) and metric. Call :func:`warm_up` first."""
    names = tuple(COLUMN_ROWS)
    out = fused_run(x, names)
    return Result(
        columns=dict(zip(names, _contiguous(out.columns, names), strict=True)),
        metrics=out.metrics,
        shares=x.share,
        history=x.history_quarters,
    )


def _contiguous(columns: dict[str, FloatArray], names: tuple[str, ...]) -> FloatArray:
    """The columns as one (C, N, T) block: each column a contiguous (N, T) array."""
    first = columns[names[0]]
    block = np.empty((len(names), *first.shape))
    for i, name in enumerate(names):
        block[i] = columns[name]
    return block


def _call(x: Inputs, columns: tuple[str, ...], workers: int = 1, polynomial: bool = True) -> Fused:
    n, t = x.paths, x.quarters
    rows = np.array([int(getattr(_rows.Row, COLUMN_ROWS[c])) for c in columns], dtype=np.int64)
    metrics = np.empty((n, len(_rows.METRICS)))
    out = np.empty((n, len(columns), t))
    solved = np.empty(n, dtype=np.bool_)
    grid, _ = rate_grid(t - x.history_quarters)
    zero = int(np.flatnonzero(grid == 0.0)[0])
    arrays = (
        _scalars(x),
        _array(x.split, np.float64),
        _array(x.history, np.float64),
        _array(x.seasonality, np.float64),
        _array(x.share, np.float64),
        _array(x.life_q, np.int64),
        _array(x.econ_q, np.int64),
        _array(x.lag_q, np.int64),
        _array(x.adds_capacity, np.bool_),
        _array(x.core_growth, np.float64),
        _array(x.ai_growth, np.float64),
    )
    shared = (_array(grid, np.float64), zero, rows)

    def part(lo: int, hi: int) -> None:
        sliced = tuple(a[lo:hi] for a in arrays)
        _fp.run_paths(*sliced, *shared, metrics[lo:hi], out[lo:hi], solved[lo:hi])

    cuts = np.linspace(0, n, min(workers, n) + 1).astype(int) if n else np.zeros(1, int)
    if len(cuts) <= 2:
        part(0, n)
    else:
        with ThreadPoolExecutor(len(cuts) - 1) as pool:
            list(pool.map(part, cuts[:-1], cuts[1:]))
    result = {key: metrics[:, i] for i, key in enumerate(_rows.METRICS)}
    if polynomial and not solved.all():
        _polynomial_irr(x, result, np.flatnonzero(~solved))
    return Fused(result, {c: out[:, i] for i, c in enumerate(columns)})


def _polynomial_irr(x: Inputs, metrics: dict[str, FloatArray], rows: NDArray[np.int64]) -> None:
    """The IRR of paths the grid found no root for: every root of the polynomial."""
    part = _call(_take(x, rows), ("fcf",), polynomial=False)
    q = x.history_quarters
    for i, row in enumerate(rows):
        flows = part.columns["fcf"][i, q:].copy()
        flows[-1] += part.metrics["residual_value"][i]
        rate = polynomial_irr(flows / np.abs(flows).max())
        metrics["irr"][row] = (1.0 + rate) ** 4 - 1.0


def _take(x: Inputs, rows: NDArray[np.int64]) -> Inputs:
    import dataclasses

    return Inputs(**{f.name: getattr(x, f.name)[rows] for f in dataclasses.fields(x)})


def _scalars(x: Inputs) -> FloatArray:
    """The packed scalars of every path (columns in :class:`fused_path.Par` order)."""
    q, t = x.history_quarters, x.quarters
    bench = period_index(BENCHMARK_QUARTER) - x.first_quarter
    bench = np.where((bench >= 3) & (bench < t), bench, min(q + 3, t - 1))
    values = {
        "TOTAL_CAPEX": x.total_capex,
        "BASE_QUARTERLY": x.base_quarterly,
        "AI_SHARE": x.ai_share,
        "CAPACITY_CONSTRAINED": x.capacity_constrained,
        "YIELD": x.yield_,
        "PRICE_DECLINE": x.price_decline,
        "RAMP": x.ramp,
        "FIRST_QUARTER": x.first_quarter,
        "EXISTING_AGES": x.existing_ages,
        "RHO": x.rho,
        "EBITDA_MARGIN": x.ebitda_margin,
        "CORE_MARGIN": x.core_margin,
        "FIXED_COST": x.fixed_cost,
        "ATTRIBUTION": x.attribution,
        "TAX_RATE": x.tax_rate,
        "DISCOUNT_RATE": x.discount_rate,
        "TERMINAL_METHOD": x.terminal_method,
        "TERMINAL_GROWTH": x.terminal_growth,
        "TERMINAL_YEARS": x.terminal_years,
        "TERMINAL_MULTIPLE": x.terminal_multiple,
        "BENCHMARK": bench,
    }
    out = np.empty((x.paths, len(_rows.Par)))
    for member in _rows.Par:
        out[:, int(member)] = values[member.name]
    return out


def _array(values: NDArray[Any], dtype: type) -> NDArray[Any]:
    """C-contiguous and writeable, as the one compiled signature expects (a read-only
    array would compile, and cache, a second version)."""
    return np.require(values, dtype=dtype, requirements=["C", "W"])


if __name__ == "__main__":  # what prepare() runs in a child process
    sys.exit(0 if warm_up() else 1)
