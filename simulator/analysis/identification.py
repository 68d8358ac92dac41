"""Standard errors, correlations and identification of a calibration's inputs.

At the fitted point the Gauss-Newton curvature of the stacked residuals gives the
covariance ``(J' J)^-1`` (the priors included: the standard errors reported). Whether
the *data* identify each input is judged on the data and fact rows alone: their
curvature singular, a correlation above 0.95, or a standard error larger than the value
is reported in words, as is having fewer data points than fitted inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.lsq import jacobian

if TYPE_CHECKING:
    from simulator.analysis.calibration import Objective

FloatArray = NDArray[np.float64]

MAX_CORRELATION = 0.95
_SINGULAR = 1e-10


@dataclass(frozen=True)
class Identification:
    """Standard errors (P,) and correlations (P, P) with the priors; data points; warnings."""

    std_errors: FloatArray
    correlation: FloatArray
    data_points: int
    warnings: tuple[str, ...]


def identify(
    objective: Objective, labels: list[str], x: FloatArray, high: FloatArray
) -> Identification:
    """The identification of the fitted inputs (``labels``) at their values ``x``."""
    _, full = jacobian(objective.residuals, x, high)
    se, corr = _covariance(full)
    _, data = jacobian(objective.data, x, high)
    warnings = list(_data_warnings(data, x, labels))
    if objective.data_rows < len(labels):
        warnings.insert(
            0,
            f"Only {objective.data_rows} reported quarters for {len(labels)} fitted inputs: "
            "the data cannot pin them all down; the priors decide the rest.",
        )
    return Identification(se, corr, objective.data_rows, tuple(warnings))


def _covariance(jac: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Standard errors and correlations from (J' J)^-1 (pseudo-inverse if singular)."""
    cov = np.linalg.pinv(jac.T @ jac)
    se = np.sqrt(np.maximum(np.diag(cov), 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = cov / np.outer(se, se)
    return se, np.nan_to_num(corr, nan=0.0)


def _data_warnings(jac: FloatArray, x: FloatArray, labels: list[str]) -> list[str]:
    """Inputs the data rows alone cannot identify, in words."""
    info = jac.T @ jac
    scale = np.sqrt(np.maximum(np.diag(info), 0.0))
    flat = [
        labels[i] for i in np.flatnonzero(scale <= _SINGULAR * max(scale.max(initial=0.0), 1.0))
    ]
    if flat:
        return [f"The data do not move the model with {', '.join(flat)}: not identified."]
    normed = info / np.outer(scale, scale)
    eigen, vectors = np.linalg.eigh(normed)
    if eigen[0] <= _SINGULAR * eigen[-1]:
        weak = [labels[i] for i in np.flatnonzero(np.abs(vectors[:, 0]) > 0.3)]
        return [f"The data cannot tell apart {', '.join(weak)}: only a combination is identified."]
    cov = np.linalg.inv(info)
    se = np.sqrt(np.diag(cov))
    corr = cov / np.outer(se, se)
    out = []
    for i in range(len(labels)):
        for j in range(i):
            if abs(corr[i, j]) > MAX_CORRELATION:
                out.append(
                    f"{labels[j]} and {labels[i]} trade off (correlation {corr[i, j]:+.2f}): "
                    "the data identify their combination, not each."
                )
    for i, label in enumerate(labels):
        if se[i] > abs(x[i]):
            out.append(
                f"{label}: the data alone leave a standard error ({se[i]:.3g}) larger than "
                f"the value ({x[i]:.3g})."
            )
    return out
