"""Fuzz the classes of issue 16 that the loader fuzz leaves to chance: distribution
extremes and dates (the friends of :mod:`test_fuzz_loader`, which covers paths,
devices, control characters and formula prefixes).

- Distributions: every kind with parameters at and beyond the limits (0, -0.0,
  subnormals, 1e15 and just above, 1e308, huge integers, inverted and empty ranges, 90%
  intervals, extreme weights and lambdas, odd correlations and path counts). A file
  either loads, and then a Monte Carlo run of it draws only finite values and every
  statistic and sample is finite or ``nan`` (undefined), never infinite; or it is
  refused naming a field of ``uncertainty``.
- Dates: snapshot times, the plan's start and the quarters of the history and the
  actuals, valid and not (``2026-13-45T99:99:99Z``, 29 February, other formats, digits
  of other scripts, control characters, lone surrogates). A loaded file's snapshot
  times are real UTC times the Snapshots dialog can show; a refused one names the
  field.

Through the command line (``export --stats --samples``) the same documents exit 0 or 2
with one line naming the file and the field, and nothing is written on exit 2. Runs
are derandomized (the suite's profile), so CI sees the same examples every time.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cli_helpers import run_main
from conftest import REPO
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from simulator import Scenario, ScenarioError, load_scenario
from simulator.analysis import montecarlo
from simulator.export.samples import samples_csv, stats_csv
from simulator.scenario import fields
from simulator.scenario.distributions import KINDS, MAX_LAMBDA, MAX_MAGNITUDE

pytestmark = pytest.mark.slow

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BASE: dict[str, Any] = json.loads(
    (REPO / "resources/scenarios/alibaba-2025-base.json").read_text(encoding="utf-8")
)
DRIVERS = [
    "revenue.yield",
    "revenue.ai_growth",
    "revenue.core_growth",
    "program.total_capex",
    "program.year_split",
    "economics.discount_rate",
    "economics.ebitda_margin",
    "program.categories.0.economic_life_years",
    "program.categories.1.life_years",
    "program.categories.2.lag_quarters",
]

# -- distributions ---------------------------------------------------------------------

EXTREMES = [
    0,
    -0.0,
    5e-324,
    1e-300,
    1e-12,
    0.5,
    1,
    -1,
    MAX_MAGNITUDE,
    -MAX_MAGNITUDE,
    math.nextafter(MAX_MAGNITUDE, math.inf),
    1e16,
    1e308,
    -1e308,
    2**63,
    10**30,
]
NUMBERS = st.one_of(
    st.floats(0.0, 1.0),  # inside most inputs' ranges: the documents that load
    st.floats(0.0, 1.0),
    st.sampled_from(EXTREMES),
    st.sampled_from(EXTREMES),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**20), 10**20),
)


@st.composite
def distributions(draw: st.DrawFn) -> dict[str, Any]:
    """A distribution's JSON with extreme or broken parameters."""
    kind = draw(st.sampled_from([*KINDS, "bogus"]))
    doc: dict[str, Any] = {"dist": kind}
    if kind in ("normal", "lognormal") and draw(st.booleans()):
        doc["p5"], doc["p95"] = draw(NUMBERS), draw(NUMBERS)
    elif kind == "discrete":
        n = draw(st.sampled_from([0, 1, 2, 5, 2000]))
        doc["values"] = [draw(NUMBERS) for _ in range(min(n, 5))] * max(1, n // 5)
        if draw(st.booleans()):
            doc["weights"] = [draw(NUMBERS) for _ in doc["values"][:5]] * max(1, n // 5)
    elif kind in ("triangular", "pert", "uniform"):
        keys = ("low", "mode", "high") if kind != "uniform" else ("low", "high")
        values = [draw(NUMBERS) for _ in keys]
        if draw(st.booleans()):  # in order: the extremes then reach the checks after it
            values.sort()
        doc.update(zip(keys, values, strict=True))
        if kind == "pert" and draw(st.booleans()):
            doc["lambda"] = draw(NUMBERS)
    else:
        doc["mean"], doc["sd"] = draw(NUMBERS), draw(NUMBERS)
    if draw(st.integers(0, 9)) == 0:  # a key missing, or one too many
        doc.pop(draw(st.sampled_from(sorted(doc))))
        doc[draw(st.sampled_from(["sd", "x", "weights"]))] = draw(NUMBERS)
    return doc


TINY = [5e-324, 1e-300, 1e-12]


@st.composite
def near_limits(draw: st.DrawFn, path: str) -> dict[str, Any]:
    """A valid distribution of ``path`` pushed to an extreme the limits still allow."""
    f = fields.field(path)
    low = max(f.low, -MAX_MAGNITUDE) if f.low > -math.inf else -1.0
    high = min(f.high, MAX_MAGNITUDE) if f.high < math.inf else 1.0
    edge = draw(st.sampled_from([low, high, (low + high) / 2, *TINY]))
    kind = draw(st.sampled_from(KINDS))
    if kind == "normal":
        if draw(st.booleans()):
            return {"dist": kind, "p5": edge, "p95": edge}
        return {"dist": kind, "mean": edge, "sd": draw(st.sampled_from([0, *TINY, MAX_MAGNITUDE]))}
    if kind == "lognormal":
        mean = draw(st.sampled_from([*TINY, 1.0, MAX_MAGNITUDE]))
        cv = draw(st.sampled_from([0.0, 1e-12, 1.0, 1000.0, 268_000.0]))
        return {"dist": kind, "mean": mean, "sd": mean * cv}
    if kind == "discrete":
        weights = draw(st.sampled_from([[1.0, 1.0], [MAX_MAGNITUDE, TINY[0]], [0.0, 1.0]]))
        return {"dist": kind, "values": [low, high], "weights": weights}
    a, b = sorted([edge, draw(st.sampled_from([low, high, edge]))])
    if kind == "uniform":
        return {"dist": kind, "low": a, "high": b}
    doc = {"dist": kind, "low": a, "mode": draw(st.sampled_from([a, b])), "high": b}
    if kind == "pert":
        doc["lambda"] = draw(st.sampled_from([TINY[0], 4.0, MAX_LAMBDA]))
    return doc


@st.composite
def uncertain_texts(draw: st.DrawFn) -> str:
    """The base preset with one to three extreme distributions, odd correlations and
    path counts."""
    doc = copy.deepcopy(BASE)
    section = doc["uncertainty"]
    for _ in range(draw(st.integers(1, 2))):
        path = draw(st.sampled_from(DRIVERS))
        section["inputs"][path] = draw(st.one_of(distributions(), near_limits(path)))
    if draw(st.integers(0, 3)) == 0:
        pair = draw(st.lists(st.sampled_from(sorted(section["inputs"])), min_size=2, max_size=2))
        rank = draw(st.sampled_from([1.0, -1.0, 0.999999, 1.0000001, 0.0, -0.0, 5e-324, 2.0]))
        section["correlations"] = [{"between": pair, "rank": rank}]
    if draw(st.integers(0, 7)) == 0:
        section["paths"] = draw(st.sampled_from([99, 0, -1, 10**6 + 1, 2**64, 1e2]))
    else:
        section["paths"] = 100
    return json.dumps(doc)


def check_finite_run(scenario: Scenario) -> None:
    """Draws finite; statistics and samples finite or nan (undefined), never infinite."""
    mc = montecarlo.run(scenario, paths=100)
    for path, values in mc.draws.items():
        assert np.all(np.isfinite(values)), path
    for text in (stats_csv(mc), samples_csv(mc)):
        rows = list(csv.reader(io.StringIO(text)))[1:]
        cells = [float(c) for row in rows for c in row[1:]]
        assert not any(math.isinf(c) for c in cells)


def check_refused(exc: ScenarioError, path: Path, *fields: str) -> None:
    text = str(exc)
    assert text.startswith(f"{path}: ") and "\n" not in text, text
    assert exc.field.startswith(fields), (exc.field, text)


@settings(FUZZ, max_examples=300)
@given(uncertain_texts())
def test_extreme_distributions_load_and_run_finite_or_name_the_field(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "extreme.json"
        path.write_text(text, encoding="utf-8")
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            check_refused(exc, path, "uncertainty")
            event(f"refused: {exc.field.rsplit('.', 1)[-1]}")
            return
        event("loaded")
        check_finite_run(scenario)


@settings(FUZZ, max_examples=40)
@given(uncertain_texts())
def test_extreme_distributions_through_the_command_line(text):
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.json", Path(folder) / "out"
        source.write_text(text, encoding="utf-8")
        out.mkdir()
        run = run_main("export", source, "--stats", out / "s.csv", "--samples", out / "m.csv")
        assert run.code in (0, 2), run
        if run.code == 2:
            assert run.err.startswith(f"error: {source}: uncertainty"), run.err
            assert run.err.count("\n") == 1 and list(out.iterdir()) == []
            return
        for name in ("s.csv", "m.csv"):
            body = (out / name).read_text().split("\n", 1)[1]
            assert "inf" not in body, name


# -- dates -------------------------------------------------------------------------------

TIMES = [
    "2026-11-29T09:30:00Z",
    "2024-02-29T00:00:00Z",
    "2025-02-29T00:00:00Z",
    "2026-13-45T99:99:99Z",
    "2026-00-10T10:00:00Z",
    "2026-12-31T23:59:60Z",
    "2026-12-31T24:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "10000-01-01T00:00:00Z",
    "2026-11-29T09:30:00",
    "2026-11-29T09:30:00+01:00",
    "2026-11-29t09:30:00z",
    "2026-11-29 09:30:00Z",
    "2026-11-29T09:30:00.5Z",
    "２０２６-11-29T09:30:00Z",
    "2026-11-29T09:30:00Z\n",
    "2026-11-29T09:30:00Z\x00",
    "\ud800",
    "",
]
QUARTERS = [
    "2025Q1",
    "2024Q4",
    "2025Q5",
    "2025Q0",
    "2025q1",
    "99999Q1",
    "0000Q1",
    "2025Q１",
    "2025",
]


@st.composite
def dated_texts(draw: st.DrawFn) -> tuple[str, str]:
    """The base preset with one date changed: (text, the field changed)."""
    doc = copy.deepcopy(BASE)
    where = draw(st.sampled_from(["snapshot", "start", "history", "actuals", "derived"]))
    quarter = draw(st.one_of(st.sampled_from(QUARTERS), st.text(max_size=8)))
    if where == "snapshot":
        saved = draw(st.one_of(st.sampled_from(TIMES), st.text(max_size=24)))
        inputs = {k: doc[k] for k in ("program", "revenue", "economics")}
        doc["snapshots"] = [{"name": "s", "saved": saved, "inputs": inputs}]
        return json.dumps(doc), "snapshots.0.saved"
    if where == "start":
        doc["start"] = quarter
        return json.dumps(doc), "start"
    if where == "history":
        doc["history"]["capex"] = {quarter: 10.0, **doc["history"]["capex"]}
        return json.dumps(doc), "history"
    values = doc["actuals"]["cloud_revenue"]["values"]
    if where == "actuals":
        values[quarter] = 30.0
    else:
        doc["actuals"]["cloud_revenue"]["derived"] = [quarter]
    return json.dumps(doc), "actuals"


@settings(FUZZ, max_examples=300)
@given(dated_texts())
def test_dates_are_real_dates_or_refused_naming_the_field(case):
    text, changed = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dated.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            # a start moved against the history's quarters is refused at the history
            related = ("start", "history") if changed == "start" else (changed.split(".")[0],)
            check_refused(exc, path, *related)
            event(f"refused: {changed}")
            return
        event(f"loaded: {changed}")
        for snap in scenario.snapshots or ():
            when = datetime.strptime(snap.saved, "%Y-%m-%dT%H:%M:%SZ")
            assert 1 <= when.year <= 9999
        from ui.window.snapshots import local_time

        for snap in scenario.snapshots or ():
            assert local_time(snap.saved)  # what Edit > Snapshots shows
