"""First-order and total Sobol' indices by pick-freeze, batched on the path axis.

Two independent N x d matrices A and B of unit coordinates (one column per uncertain
input) and, for each chosen input i, AB_i = A with column i taken from B, are run
through the model as N (k + 2) paths at once (in chunks). With f_A, f_B, f_AB_i the
metric on those paths, m and V the mean and variance (n - 1) of f_A and f_B together:

    S_i  = mean((f_B - m) (f_AB_i - f_A)) / V    first order (Saltelli et al. 2010,
                                                 centred: same expectation, less noise)
    ST_i = mean((f_A - f_AB_i)^2) / (2 V)        total (Jansen 1999)

Each is a mean of N independent terms over V; its standard error is given as the sd
of the terms / sqrt(N) / V (V taken as known). A and B are the plain random streams
of :func:`~simulator.analysis.sampling.uniforms` at paths 0..N-1 and N..2N-1, so
the indices are reproducible from the seed. Correlated inputs: the pick-freeze swaps
the copula's *independent* coordinates (before z = L Phi^-1(u)); the index of input i
is then that of its coordinate, which is the input itself for an input correlated
with none, and otherwise its part not explained by the inputs before it in the
copula's (sorted path) order: say so beside such indices.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.montecarlo import CHUNK, Progress, RunCancelledError
from simulator.analysis.sampling import apply_draws, correlate, to_values, uniforms
from simulator.errors import ScenarioError
from simulator.model.engine import simulate_inputs
from simulator.model.inputs import Inputs
from simulator.scenario.uncertainty import Uncertainty
from simulator.scenario.value import Scenario

FloatArray = NDArray[np.float64]
DEFAULT_BASE_PATHS = 4096


@dataclass(frozen=True)
class SobolIndices:
    """First-order and total indices of ``inputs`` with their standard errors, the
    output variance, N and the model evaluations used."""

    inputs: tuple[str, ...]
    first: FloatArray
    total: FloatArray
    first_se: FloatArray
    total_se: FloatArray
    variance: float
    base_paths: int
    evaluations: int
    correlated: bool = False


def pick_freeze(
    f_a: FloatArray, f_b: FloatArray, f_ab: FloatArray, inputs: Sequence[str]
) -> SobolIndices:
    """The estimators of the module docstring from f_A, f_B (N,) and f_AB (k, N)."""
    n = f_a.size
    both = np.concatenate([f_a, f_b])
    m, v = float(both.mean()), float(np.var(both, ddof=1))
    if not v > 0:
        nan = np.full(len(inputs), np.nan)
        return SobolIndices(tuple(inputs), nan, nan, nan, nan, v, n, n * (len(inputs) + 2))
    first_terms = (f_b - m)[None, :] * (f_ab - f_a[None, :])
    total_terms = 0.5 * (f_a[None, :] - f_ab) ** 2
    root = math.sqrt(n)
    return SobolIndices(
        inputs=tuple(inputs),
        first=first_terms.mean(axis=1) / v,
        total=total_terms.mean(axis=1) / v,
        first_se=first_terms.std(axis=1, ddof=1) / root / v,
        total_se=total_terms.std(axis=1, ddof=1) / root / v,
        variance=v,
        base_paths=n,
        evaluations=n * (len(inputs) + 2),
    )


def indices(
    f: Callable[[FloatArray], FloatArray],
    a: FloatArray,
    b: FloatArray,
    which: Sequence[int],
    labels: Sequence[str] | None = None,
) -> SobolIndices:
    """Indices of columns ``which`` of a function ``f`` of (M, d) coordinates -> (M,),
    from base matrices ``a`` and ``b`` (N, d); one call of ``f`` on N (k + 2) rows."""
    n = a.shape[0]
    blocks = [a, b]
    for i in which:
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    y = np.asarray(f(np.concatenate(blocks)), dtype=float)
    f_ab = y[2 * n :].reshape(len(which), n)
    names = labels if labels is not None else [str(i) for i in which]
    return pick_freeze(y[:n], y[n : 2 * n], f_ab, names)


def sobol_indices(
    s: Scenario,
    metric: str,
    inputs: Sequence[str] | None = None,
    base_paths: int = DEFAULT_BASE_PATHS,
    unc: Uncertainty | None = None,
    progress: Progress | None = None,
) -> SobolIndices:
    """Sobol' indices of ``metric`` for ``inputs`` (default: every uncertain input).

    Runs ``base_paths`` x (k + 2) paths; ScenarioError for an input that is not
    uncertain, ValueError when the metric is undefined on some path (choose a metric
    defined everywhere, such as NPV).
    """
    unc = unc or s.uncertainty_or_default
    paths = unc.paths_of_inputs
    chosen = list(inputs) if inputs is not None else list(paths)
    for p in chosen:
        if p not in paths:
            raise ScenarioError(p, "is not an uncertain input (give it a distribution first)")
    n = base_paths
    a = np.stack([uniforms(unc.seed, p, 0, n) for p in paths], axis=1)
    b = np.stack([uniforms(unc.seed, p, n, n) for p in paths], axis=1)
    which = [paths.index(p) for p in chosen]
    total = n * (len(which) + 2)
    done = 0

    def model(u: FloatArray) -> FloatArray:
        nonlocal done
        out = np.empty(u.shape[0])
        base = Inputs.from_scenario(s)
        for start in range(0, u.shape[0], CHUNK):
            rows = slice(start, min(start + CHUNK, u.shape[0]))
            values = to_values(s, unc, correlate(unc, u[rows].T))
            x = apply_draws(base.repeat(rows.stop - rows.start), s, values)
            out[rows] = simulate_inputs(x).metrics[metric]
            done += rows.stop - rows.start
            if progress is not None and not progress(done, total):
                raise RunCancelledError
        return checked_metric(out, metric)

    result = indices(model, a, b, which, chosen)
    correlated = any(a_ in chosen or b_ in chosen for a_, b_, _ in unc.correlations)
    return SobolIndices(**{**result.__dict__, "correlated": correlated})


def checked_metric(values: FloatArray, metric: str) -> FloatArray:
    """``values`` when all are defined, else ValueError naming the metric."""
    bad = int(np.isnan(values).sum())
    if bad:
        raise ValueError(
            f"{metric} is undefined on {bad:,} of {values.size:,} paths; Sobol' indices need a "
            "metric defined on every path (such as npv)"
        )
    return values
