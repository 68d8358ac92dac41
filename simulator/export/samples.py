"""Monte Carlo results as CSV: statistics per metric, and every path's samples.

Each CSV is one header row and the data, comma-separated, so it opens cleanly in a
spreadsheet and in ``numpy.loadtxt(path, delimiter=",", skiprows=1)``. What it holds
(scenario name, input hash, seed, path count, units, each column's label and unit)
goes into a sidecar JSON file beside it, ``NAME.csv.json`` (:func:`sidecar_path`);
:func:`samples_files` and :func:`stats_files` give both files, to be written together
(:func:`simulator.atomic.write_all_atomic`).

The samples of a big run are streamed (:func:`samples_stream`): written block by
block of :data:`CHUNK_ROWS` rows, with progress and cancel, never built in memory; the
statistics likewise one metric at a time (:func:`stats_stream`).

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
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from simulator.analysis.cancel import Progress
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import STAT_COLUMNS, summarize
from simulator.atomic import Content
from simulator.export.cells import csv_cell
from simulator.export.stream import Streamed, check
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
CHUNK_ROWS = 20_000
"""Rows of the samples CSV formatted and written at a time (a few MB of text)."""
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
    return stats_stream(mc).to_bytes().decode("utf-8")


def stats_stream(mc: MonteCarloResult) -> Streamed:
    """:func:`stats_csv` written a metric at a time (progress in metrics)."""
    keys = stat_metrics(mc)

    def write(fh: BinaryIO, progress: Progress) -> None:
        fh.write(_header(["metric", *STAT_COLUMNS]))
        for done, key in enumerate(keys, start=1):
            summary = summarize(mc.metrics[key])
            fh.write(_rows([[key, *(_num(summary[c]) for c in STAT_COLUMNS)]]))
            check(progress, done, len(keys))

    return Streamed(len(keys), write)


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
    accepted here for callers written before it and do not change the text. A big run's
    samples are better streamed to a file (:func:`samples_stream`).
    """
    del name, inputs
    return samples_stream(mc).to_bytes().decode("utf-8")


def samples_stream(mc: MonteCarloResult, rows: int = CHUNK_ROWS) -> Streamed:
    """:func:`samples_csv` written ``rows`` rows at a time (progress in rows, i.e. paths).

    Only one block's text exists at once: memory stays a few MB above the result's own
    arrays whatever the path count.
    """
    columns = sample_columns(mc)
    arrays = [np.asarray(mc.draws.get(c, mc.metrics.get(c)), dtype=float) for c in columns]
    line = ",".join(["%d", *["%r"] * len(arrays)]) + "\n"

    def write(fh: BinaryIO, progress: Progress) -> None:
        fh.write(_header(["path", *columns]))
        for start in range(0, mc.paths, rows):
            stop = min(mc.paths, start + rows)
            block = np.empty((stop - start, len(arrays)))
            for j, values in enumerate(arrays):
                block[:, j] = values[start:stop]
            block += 0.0  # no -0.0
            text = "".join([line % (i, *row) for i, row in enumerate(block.tolist(), start=start)])
            fh.write(text.encode("utf-8"))
            check(progress, stop, mc.paths)

    return Streamed(mc.paths, write)


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
) -> dict[str, Content]:
    """The samples CSV at ``path`` (streamed) and its sidecar JSON, to write together."""
    meta = metadata(mc, SAMPLES_WHAT, ["path", *sample_columns(mc)], name, inputs)
    return _files(path, samples_stream(mc).writer(), meta)


def stats_files(
    mc: MonteCarloResult, path: str | os.PathLike[str], name: str = "", inputs: str = ""
) -> dict[str, Content]:
    """The statistics CSV at ``path`` and its sidecar JSON, as bytes to write together."""
    meta = metadata(mc, STATS_WHAT, ["metric", *STAT_COLUMNS], name, inputs)
    return _files(path, stats_csv(mc).encode("utf-8"), meta)


def _files(
    path: str | os.PathLike[str], csv_file: Content, meta: dict[str, Any]
) -> dict[str, Content]:
    meta = {**meta, "csv": Path(path).name}
    side = json.dumps(meta, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return {
        os.fspath(path): csv_file,
        os.fspath(sidecar_path(path)): side.encode("utf-8", "backslashreplace"),
    }


def _num(value: float) -> str:
    return repr(float(value) + 0.0)


def _header(cells: Sequence[str]) -> bytes:
    """The header row; text cells safe in a spreadsheet."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([csv_cell(c) for c in cells])
    return buffer.getvalue().encode("utf-8")


def _rows(rows: Sequence[Sequence[str]]) -> bytes:
    """Rows of CSV text (the first cell made safe in a spreadsheet), as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(row[0]), *row[1:]])
    return buffer.getvalue().encode("utf-8")
