"""Which uncertain inputs drive a metric: rank regression on the Monte Carlo samples.

For the n paths of a run, every uncertain input x_i (that varies) and the metric y are
replaced by their ranks (ties get their average rank), and the ranks standardised
(mean 0, sd 1). The standardised rank regression coefficients (SRRC) beta solve the
least-squares fit y ~ sum_i beta_i x_i, i.e. R_xx beta = r_xy with R_xx the inputs'
rank correlation matrix and r_xy their rank correlations with the metric; the fit's
R^2 = beta . r_xy is the share of the metric's rank variance the inputs explain
linearly. The contribution to variance of input i is Pratt's product measure

    contribution_i = beta_i * r_xy,i / R^2,

which sums to 1 over the inputs (because R^2 = sum_i beta_i r_xy,i). With uncorrelated
inputs r_xy,i = beta_i (up to sampling noise) and it is beta_i^2 / R^2, the usual
"contribution to variance" of a regression tornado; with correlated inputs it splits
the shared part by the product, and an input that suppresses another can get a
(small) negative share. An undefined metric value (a payback that never comes, an IRR
that does not exist) ranks at the metric's worst end (:data:`~simulator.model.outputs.
METRICS` ``better``: after every defined value when lower is better, else before).

``ranked=False`` gives the same on the values themselves (standardised regression
coefficients, SRC, and Pearson correlations) for a metric near-linear in its inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.stats import MIN_DEFINED
from simulator.errors import ScenarioError
from simulator.model.outputs import METRICS

if TYPE_CHECKING:
    from simulator.analysis.montecarlo import MonteCarloResult

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Contribution:
    """One input's standardised rank regression coefficient, its rank correlation with
    the metric and its contribution to the explained variance (shares sum to 1)."""

    path: str
    srrc: float
    rank_correlation: float
    contribution: float


@dataclass(frozen=True)
class RankRegression:
    """The regression of ``metric``'s ranks on the inputs' ranks over ``paths`` paths
    (``undefined`` of them with the metric undefined, ranked at its worst end).
    ``correlated``: the section correlates some of the inputs. ``entries`` are sorted
    by |contribution|, largest first."""

    metric: str
    paths: int
    undefined: int
    r2: float
    correlated: bool
    entries: tuple[Contribution, ...]
    ranked: bool = True


def ranks(x: FloatArray) -> FloatArray:
    """Average ranks (1..n) of ``x``, ties sharing their mean rank."""
    from scipy.stats import rankdata

    return rankdata(x).astype(float)


def standardised(columns: FloatArray) -> FloatArray:
    """Each column minus its mean, over its sd (ddof 0): (n, k)."""
    centred = columns - columns.mean(axis=0)
    sd = centred.std(axis=0)
    return centred / np.where(sd > 0, sd, 1.0)


def srrc(x: FloatArray, y: FloatArray, ranked: bool = True) -> tuple[FloatArray, FloatArray, float]:
    """(beta, r_xy, R^2) of the standardised (rank) regression of ``y`` (n,) on ``x`` (n, k)."""
    if ranked:
        x = np.column_stack([ranks(c) for c in x.T])
        y = ranks(y)
    rx = standardised(np.asarray(x, dtype=float))
    ry = standardised(np.asarray(y, dtype=float)[:, None])[:, 0]
    n = ry.size
    r_xy = rx.T @ ry / n
    beta, *_ = np.linalg.lstsq(rx, ry, rcond=None)
    return beta, r_xy, float(beta @ r_xy)


def rank_regression(
    mc: MonteCarloResult,
    metric: str,
    inputs: Sequence[str] | None = None,
    minimum: int = MIN_DEFINED,
    ranked: bool = True,
) -> RankRegression | None:
    """The regression tornado of ``metric``: one :class:`Contribution` per input.

    ``inputs`` default to every uncertain input that varies in the run. None when the
    run is deterministic only, has fewer than ``minimum`` paths, or the metric does not
    vary (or, with ``ranked=False``, has undefined values).
    """
    paths = list(inputs) if inputs is not None else [p for p in mc.draws if np.ptp(mc.draws[p]) > 0]
    for p in paths:
        if p not in mc.draws:
            raise ScenarioError(p, "is not an uncertain input of this run")
    y = np.asarray(mc.metrics[metric], dtype=float)
    if mc.deterministic_only or not paths or y.size < max(minimum, len(paths) + 2):
        return None
    undefined = np.isnan(y)
    worst = np.inf if METRICS.get(metric) and METRICS[metric].better == "lower" else -np.inf
    if not ranked and undefined.any():
        return None
    y = np.where(undefined, worst, y)
    if np.ptp(ranks(y)) == 0:
        return None
    x = np.column_stack([mc.draws[p] for p in paths])
    beta, r_xy, r2 = srrc(x, y, ranked)
    share = beta * r_xy / r2 if r2 > 0 else np.full(len(paths), np.nan)
    entries = sorted(
        (
            Contribution(p, float(b), float(r), float(c))
            for p, b, r, c in zip(paths, beta, r_xy, share, strict=True)
        ),
        key=lambda e: -abs(e.contribution) if np.isfinite(e.contribution) else 0.0,
    )
    unc = mc.uncertainty
    chosen = set(paths)
    correlated = bool(
        unc and any(a in chosen and b in chosen and r != 0 for a, b, r in unc.correlations)
    )
    return RankRegression(
        metric, int(y.size), int(undefined.sum()), r2, correlated, tuple(entries), ranked
    )
