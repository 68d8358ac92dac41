"""Monte Carlo results as CSV text: statistics per metric, and every path's samples.

Both texts open with ``#`` comment lines naming the scenario, the seed and the path
count, then one header row and the data, comma-separated. Numbers are written with
``repr`` (the shortest form that reads back to the same float), undefined values
(a payback that never comes, an IRR that does not exist) as ``nan``, so
``numpy.loadtxt(path, delimiter=",", skiprows=...)`` or :mod:`csv` read them back
exactly. Money is in billions of the scenario's currency, rates as fractions,
paybacks in years (the model's units, whatever the view shows).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import STAT_COLUMNS, summarize
from simulator.model.outputs import SUMMARY_KEYS

SAMPLE_OUTPUTS: tuple[str, ...] = (
    "npv",
    "irr",
    "payback_years",
    "discounted_payback_years",
    "peak_funding",
    "cum_program_revenue",
)
"""The outputs written for every path by :func:`samples_csv`, after the drawn inputs."""

UNITS_NOTE = (
    "money in billions of the scenario's currency; rates as fractions; paybacks in years;"
    " nan = undefined"
)


def header_lines(mc: MonteCarloResult, name: str, what: str, inputs: str = "") -> list[str]:
    """The ``#`` lines opening a file: what it holds, scenario name, input hash (when
    given, see :mod:`simulator.trace`), seed, paths, units."""
    traced = [f"# inputs: {inputs}"] if inputs else []
    return [
        f"# {what}",
        f"# scenario: {' '.join(name.split())}",
        *traced,
        f"# seed: {mc.seed}",
        f"# paths: {mc.paths}",
        f"# {UNITS_NOTE}",
    ]


def stat_metrics(mc: MonteCarloResult) -> list[str]:
    """The metrics :func:`stats_csv` lists: the summary keys in export order, then the rest."""
    known = [k for k in SUMMARY_KEYS if k in mc.metrics]
    return known + sorted(k for k in mc.metrics if k not in SUMMARY_KEYS)


def stats_csv(mc: MonteCarloResult, name: str = "", inputs: str = "") -> str:
    """One row per metric: ``metric`` then :data:`~simulator.stats.STAT_COLUMNS`."""
    rows = []
    for key in stat_metrics(mc):
        summary = summarize(mc.metrics[key])
        rows.append([key, *(_num(summary[c]) for c in STAT_COLUMNS)])
    lines = header_lines(mc, name, "Monte Carlo statistics per metric", inputs)
    return _text(lines, ["metric", *STAT_COLUMNS], rows)


def sample_columns(mc: MonteCarloResult) -> list[str]:
    """The columns of :func:`samples_csv` after ``path``: drawn inputs, then outputs."""
    return [*sorted(mc.draws), *(k for k in SAMPLE_OUTPUTS if k in mc.metrics)]


def sample_matrix(mc: MonteCarloResult) -> np.ndarray:
    """Every path's inputs and outputs, in :func:`sample_columns` order: (N, columns)."""
    arrays = [mc.draws.get(c, mc.metrics.get(c)) for c in sample_columns(mc)]
    if not arrays:
        return np.empty((mc.paths, 0))
    return np.column_stack([np.asarray(a, dtype=float) for a in arrays])


def samples_csv(mc: MonteCarloResult, name: str = "", inputs: str = "") -> str:
    """One row per path: ``path`` (0-based), each uncertain input's draw, the key outputs."""
    matrix = sample_matrix(mc).tolist()
    rows = ([str(i), *map(repr, row)] for i, row in enumerate(matrix))
    lines = header_lines(mc, name, "Monte Carlo samples: one row per path", inputs)
    return _text(lines, ["path", *sample_columns(mc)], rows)


def _num(value: float) -> str:
    return repr(float(value))


def _text(comments: Sequence[str], header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Comment lines, the header row and the rows as CSV text (names never hold commas)."""
    body = (",".join(row) for row in rows)
    return "\n".join([*comments, ",".join(header), *body]) + "\n"
