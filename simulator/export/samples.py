"""Monte Carlo results as CSV: statistics per metric, and every path's samples.

Each CSV is one header row and the data, comma-separated, so it opens cleanly in a
spreadsheet and in ``numpy.loadtxt(path, delimiter=",", skiprows=1)``. What it holds
(scenario name, input hash, seed, path count, units, each column's label and unit)
goes into a sidecar JSON file beside it, ``NAME.csv.json`` (:func:`sidecar_path`);
:func:`samples_files` and :func:`stats_files` give both files, to be written together
(:func:`simulator.atomic.write_all_atomic`).

Numbers are written with ``repr`` (the shortest form that reads back to the same
float), undefined values (a payback that never comes, an IRR that does not exist) as
``nan``, so :mod:`csv` or NumPy read them back exactly. Money is in billions of the
scenario's currency, rates as fractions, paybacks in years (the model's units,
whatever the view shows).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import STAT_COLUMNS, summarize
from simulator.export.cells import csv_cell
from simulator.model.outputs import METRICS, SUMMARY_KEYS
from simulator.scenario import fields

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
SAMPLES_WHAT = "Monte Carlo samples: one row per path"
STATS_WHAT = "Monte Carlo statistics per metric"


def stat_metrics(mc: MonteCarloResult) -> list[str]:
    """The metrics :func:`stats_csv` lists: the summary keys in export order, then the rest."""
    known = [k for k in SUMMARY_KEYS if k in mc.metrics]
    return known + sorted(k for k in mc.metrics if k not in SUMMARY_KEYS)


def stats_csv(mc: MonteCarloResult, name: str = "", inputs: str = "") -> str:
    """One row per metric: ``metric`` then :data:`~simulator.stats.STAT_COLUMNS`.

    ``name`` and ``inputs`` (the scenario's name and input hash) belong to the sidecar
    (:func:`stats_files`); they are accepted here for callers written before it and do
    not change the text.
    """
    del name, inputs
    rows = []
    for key in stat_metrics(mc):
        summary = summarize(mc.metrics[key])
        rows.append([key, *(_num(summary[c]) for c in STAT_COLUMNS)])
    return _text(["metric", *STAT_COLUMNS], rows)


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
    """One row per path: ``path`` (0-based), each uncertain input's draw, the key outputs.

    ``name`` and ``inputs`` belong to the sidecar (:func:`samples_files`); they are
    accepted here for callers written before it and do not change the text.
    """
    del name, inputs
    matrix = (sample_matrix(mc) + 0.0).tolist()
    rows = ([str(i), *map(repr, row)] for i, row in enumerate(matrix))
    return _text(["path", *sample_columns(mc)], rows)


def sidecar_path(path: str | os.PathLike[str]) -> Path:
    """Where a CSV's metadata goes: ``samples.csv`` -> ``samples.csv.json`` beside it."""
    p = Path(path)
    return p.with_name(p.name + ".json")


def metadata(
    mc: MonteCarloResult, what: str, columns: Sequence[str], name: str = "", inputs: str = ""
) -> dict[str, Any]:
    """The sidecar's content: what the CSV holds, its trace and each column's meaning."""
    return {
        "what": what,
        "scenario": name,
        "inputs_hash": inputs,
        "seed": mc.seed,
        "paths": mc.paths,
        "units": UNITS_NOTE,
        "columns": [_column(c) for c in columns],
    }


def _column(key: str) -> dict[str, str]:
    """A CSV column's key, label and unit (model units, as written)."""
    if key == "path":
        return {"key": key, "label": "Path number (0-based)", "unit": ""}
    if key == "metric":
        return {"key": key, "label": "Metric", "unit": ""}
    if key in STAT_COLUMNS:
        return {"key": key, "label": f"Statistic {key} of the metric", "unit": "metric's unit"}
    if key in METRICS:
        m = METRICS[key]
        return {"key": key, "label": m.label, "unit": _model_unit(m.unit.suffix)}
    f = fields.find(key)
    if f is None:
        return {"key": key, "label": key, "unit": ""}
    unit = {"shift": "fraction added to every year", "delay": "years"}.get(f.driver or "")
    return {"key": key, "label": fields.label(key), "unit": unit or _model_unit(f.unit.suffix)}


def _model_unit(suffix: str) -> str:
    """A display unit as written in the CSV (model units: fractions, not percent)."""
    if suffix in ("%", "pp"):
        return "fraction"
    return suffix.replace("{currency}", "currency")


def samples_files(
    mc: MonteCarloResult, path: str | os.PathLike[str], name: str = "", inputs: str = ""
) -> dict[str, bytes]:
    """The samples CSV at ``path`` and its sidecar JSON, as bytes to write together."""
    meta = metadata(mc, SAMPLES_WHAT, ["path", *sample_columns(mc)], name, inputs)
    return _files(path, samples_csv(mc), meta)


def stats_files(
    mc: MonteCarloResult, path: str | os.PathLike[str], name: str = "", inputs: str = ""
) -> dict[str, bytes]:
    """The statistics CSV at ``path`` and its sidecar JSON, as bytes to write together."""
    meta = metadata(mc, STATS_WHAT, ["metric", *STAT_COLUMNS], name, inputs)
    return _files(path, stats_csv(mc), meta)


def _files(path: str | os.PathLike[str], text: str, meta: dict[str, Any]) -> dict[str, bytes]:
    meta = {**meta, "csv": Path(path).name}
    side = json.dumps(meta, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return {
        os.fspath(path): text.encode("utf-8"),
        os.fspath(sidecar_path(path)): side.encode("utf-8", "backslashreplace"),
    }


def _num(value: float) -> str:
    return repr(float(value) + 0.0)


def _text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The header row and the rows as CSV text; text cells safe in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(row[0]), *row[1:]])
    return buffer.getvalue()
