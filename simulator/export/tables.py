"""CSV and summary JSON of a result (MODEL.md section 3), as text.

Floats are written with ``repr`` (shortest round-tripping form), so the files hold
full precision; undefined metrics are JSON ``null``.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

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
    writer.writerow(header)
    for t, period in enumerate(result.periods):
        model = (_cell(float(s[t])) for s in series)
        given = (repr(float(r[period])) if period in r else "" for r in reported)
        writer.writerow([period, *model, *given])
    return buffer.getvalue()


def _cell(value: float) -> str:
    """A number at full precision, or an empty cell where undefined."""
    return repr(value) if math.isfinite(value) else ""


def summary_dict(result: Result) -> dict[str, Any]:
    """The summary metrics by MODEL.md's keys, ``None`` where undefined."""
    summary = result.summary
    return {key: _finite_or_none(summary[key]) for key in SUMMARY_KEYS}


def _finite_or_none(value: Any) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def summary_json(result: Result) -> str:
    """The summary as indented JSON text with a trailing newline."""
    return json.dumps(summary_dict(result), indent=2, allow_nan=False) + "\n"
