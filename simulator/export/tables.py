"""CSV and summary JSON of a result (MODEL.md section 3), as text.

Floats are written with ``repr`` (shortest round-tripping form), so the files hold
full precision; ``-0.0`` is written as ``0.0``; undefined metrics are JSON ``null``.
The CSV's columns keep MODEL.md's names and order (a contract); text cells that a
spreadsheet could run as formulas get a leading ``'`` (:mod:`simulator.export.cells`).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

from simulator.export.cells import csv_cell
from simulator.model.engine import Result
from simulator.model.outputs import COLUMNS, MODEL_COLUMNS, SUMMARY_KEYS
from simulator.scenario.actuals import ActualSeries


def csv_text(result: Result, by_category: bool = True, actuals: Sequence[ActualSeries] = ()) -> str:
    """One row per quarter: ``period``, MODEL.md's columns, ``capex:<name>``, version 2's
    columns (docs/model.md section 10), then ``reported_<column>`` for each series of
    ``actuals`` (empty where not reported). Undefined values are empty cells."""
    extra = [c for c in COLUMNS if c not in MODEL_COLUMNS]
    header = ["period", *MODEL_COLUMNS]
    series = [result.columns[c] for c in MODEL_COLUMNS]
    if by_category:
        header += [f"capex:{name}" for name in result.category_names]
        series += list(result.capex_by_category)
    header += extra
    series += [result.columns[c] for c in extra]
    header += [f"reported_{a.column}" for a in actuals]
    reported = [dict(zip(a.quarters, a.values, strict=True)) for a in actuals]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    for t, period in enumerate(result.periods):
        model = (number(s[t]) for s in series)
        given = (number(r[period]) if period in r else "" for r in reported)
        writer.writerow([csv_cell(period), *model, *given])
    return buffer.getvalue()


def number(value: Any) -> str:
    """A float as CSV text: shortest round-tripping form, ``0.0`` for ``-0.0``, an empty
    cell where undefined (NaN)."""
    v = float(value)
    return repr(v + 0.0) if math.isfinite(v) else ""


def summary_dict(result: Result) -> dict[str, Any]:
    """The summary metrics by MODEL.md's keys, ``None`` where undefined, no ``-0.0``."""
    summary = result.summary
    return {key: _finite_or_none(summary[key]) for key in SUMMARY_KEYS}


def _finite_or_none(value: Any) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value) + 0.0


def summary_json(result: Result) -> str:
    """The summary as indented JSON text with a trailing newline."""
    return json.dumps(summary_dict(result), indent=2, allow_nan=False) + "\n"
