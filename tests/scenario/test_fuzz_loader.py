"""Fuzz the scenario loader and ``main.py export`` with broken and odd documents.

Every generated document either loads to a valid scenario (which saves, reloads
equal and projects to finite numbers) or raises :class:`ScenarioError` naming the
file and the field, on one line; nothing else escapes. Runs are derandomized, so CI
sees the same 2,000+ documents every time.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import math
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import MODEL_EXAMPLE, REPO, tiny_doc
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import main
from simulator import Scenario, ScenarioError, load_scenario, simulate
from simulator.scenario.files import scenario_json

pytestmark = pytest.mark.slow  # long: deselect with -m "not slow"; CI runs it

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BASES: list[dict[str, Any]] = [
    MODEL_EXAMPLE,
    tiny_doc(),
    *(json.loads(p.read_text()) for p in sorted((REPO / "resources/scenarios").glob("*.json"))),
]
SPECIAL: list[Any] = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "",
    " ",
    "\ud800",
    "2025Q1\n",
    "x" * 100_000,
    10**400,
    -(10**400),
    2**63,
    1e308,
    -1e308,
    5e-324,
    1e-300,
    1e9,
    100.0,
    -0.99,
    -1.0,
    0,
    [],
    {},
]
KEYS = st.text(max_size=8)
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and infinities included: they become NaN/Infinity literals
    st.text(max_size=12),
    st.sampled_from(SPECIAL),
)
VALUES = st.recursive(
    LEAVES,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(KEYS, c, max_size=3),
    max_leaves=8,
)
RAW = "@@raw{}@@"  # placeholder for text json.dumps cannot write
RAW_TEXTS = ["9" * 5000, "NaN", "-Infinity", "1e999", "-0", "1E-400", '"\\udc80"', "[[[[1]]]]"]


Path_ = tuple[Any, ...]  # keys and list indexes from the root


def node_paths(node: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every path of a document, objects and lists included (``()`` is the root)."""
    paths = [prefix]
    if isinstance(node, dict | list):
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            paths += node_paths(value, (*prefix, key))
    return paths


def _get(doc: Any, path: Path_) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _set(doc: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def _delete(doc: Any, path: Path_) -> Any:
    if path:
        del _get(doc, path[:-1])[path[-1]]
    return doc


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    """A preset or example document with 1 to 3 mutations, as JSON text."""
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    raws: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(node_paths(doc)))
        op = draw(st.sampled_from(["set", "set", "delete", "extra", "scale", "deep", "raw", "dup"]))
        if op == "set":
            doc = _set(doc, path, draw(VALUES))
        elif op == "delete":
            doc = _delete(doc, path)
        elif op == "extra":
            target = _get(doc, path)
            if isinstance(target, dict):
                target[draw(KEYS)] = draw(VALUES)
            elif isinstance(target, list):
                target.append(draw(VALUES))
        elif op == "scale":
            value = _get(doc, path)
            if isinstance(value, int | float) and not isinstance(value, bool):
                base = float(value) if abs(value) < 1e300 else 1.0
                doc = _set(doc, path, base * 10.0 ** draw(st.integers(-320, 308)))
        elif op in ("deep", "raw"):
            depth = draw(st.sampled_from([2, 31, 33, 100, 995, 5000]))
            raws.append("[" * depth + "1" + "]" * depth)
            if op == "raw":
                raws[-1] = draw(st.sampled_from(RAW_TEXTS))
            doc = _set(doc, path, RAW.format(len(raws) - 1))
        elif op == "dup" and path:
            doc = _set(doc, path, [_get(doc, path)] * draw(st.integers(0, 40)))
    text = json.dumps(doc, allow_nan=True)
    for i, raw in enumerate(raws):
        text = text.replace(json.dumps(RAW.format(i)), raw)
    return text


@st.composite
def raw_bytes(draw: st.DrawFn) -> bytes:
    """Bytes near a scenario file: truncated, corrupted, non-UTF-8, empty, random."""
    valid = json.dumps(draw(st.sampled_from(BASES)), indent=2).encode()
    kind = draw(st.sampled_from(["truncated", "flip", "insert", "random", "bom", "constant"]))
    if kind == "truncated":
        return valid[: draw(st.integers(0, len(valid)))]
    if kind == "flip":
        at = draw(st.integers(0, len(valid) - 1))
        return valid[:at] + bytes([draw(st.integers(0, 255))]) + valid[at + 1 :]
    if kind == "insert":
        at = draw(st.integers(0, len(valid)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x00", b"\xe2\x82"]))
        return valid[:at] + bad + valid[at:]
    if kind == "bom":
        return b"\xef\xbb\xbf" + valid
    if kind == "constant":
        return valid.replace(b"0.8", draw(st.sampled_from([b"NaN", b"Infinity", b"-Infinity"])))
    return draw(st.binary(max_size=200))


@contextlib.contextmanager
def scratch_file() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "fuzz.json"


def check_load(path: Path) -> Scenario | None:
    """Load ``path``: a valid scenario, or None after checking the ScenarioError."""
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        check_error(exc, path)
        event(f"refused: {exc.field.partition('.')[0] or exc.rule[:20]}")
        return None
    event("loaded")
    assert isinstance(scenario, Scenario)
    text = scenario_json(scenario)
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path) == scenario
    check_finite(scenario)
    return scenario


def check_error(exc: ScenarioError, path: Path) -> None:
    """The project's own error, one line, naming the file and (when known) the field."""
    assert type(exc) is ScenarioError
    text = str(exc)
    assert text.startswith(f"{path}: ")
    assert text.isprintable()
    assert exc.rule
    if exc.field.isprintable():
        assert f"{path}: {exc.field}" in text


RATIOS = {"utilisation", "capex_intensity", "revenue_per_capex", "roic", "ebit_margin"}


def check_finite(scenario: Scenario) -> None:
    """No infinity anywhere; NaN (undefined) only in the ratio columns."""
    result = simulate(scenario)
    for name, column in result.columns.items():
        ok = ~np.isinf(column) if name in RATIOS else np.isfinite(column)
        assert np.all(ok), name
    for key, value in result.summary.items():
        assert value is None or math.isfinite(value), key


@settings(FUZZ, max_examples=1100)
@given(mutated_texts())
def test_mutated_documents_load_or_name_the_field(text):
    with scratch_file() as path:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        check_load(path)


@settings(FUZZ, max_examples=600)
@given(raw_bytes())
def test_broken_bytes_load_or_are_refused(data):
    with scratch_file() as path:
        path.write_bytes(data)
        check_load(path)


@settings(FUZZ, max_examples=300)
@given(VALUES)
def test_any_json_value_is_refused_cleanly(value):
    with scratch_file() as path:
        path.write_text(json.dumps(value, allow_nan=True), encoding="utf-8")
        assert check_load(path) is None


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    for path in (tmp_path, tmp_path / "missing.json"):
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        check_error(info.value, path)


def test_an_empty_or_oversized_file_is_refused(tmp_path):
    for data in (b"", b" \n", b"{" + b" " * (6 * 1024 * 1024) + b"}"):
        path = tmp_path / "x.json"
        path.write_bytes(data)
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        check_error(info.value, path)


def run_export(path: Path, out: Path) -> tuple[int, str]:
    """``main.py export`` in-process: the exit status and stderr."""
    stderr = io.StringIO()
    args = ["export", str(path), "--csv", str(out / "o.csv"), "--summary", str(out / "o.json")]
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main.main(args)
        except SystemExit as exc:  # pragma: no cover - main() returns its status
            code = exc.code if isinstance(exc.code, int) else 1
    return code, stderr.getvalue()


def check_export(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / "in.json", Path(folder)
        path.write_bytes(data)
        code, err = run_export(path, out)
        assert code in (0, 2), err
        if code == 2:
            assert err.startswith("error: ") and err.count("\n") == 1, err
            assert not (out / "o.csv").exists() and not (out / "o.json").exists()
        else:
            assert err == ""
            rows = list(csv.reader(io.StringIO((out / "o.csv").read_text())))[1:]
            assert all(not cell or math.isfinite(float(cell)) for row in rows for cell in row[1:])
            json.loads((out / "o.json").read_text(), parse_constant=_refuse)


def _refuse(name: str) -> None:
    raise AssertionError(f"{name} in the summary")


@settings(FUZZ, max_examples=150)
@given(mutated_texts())
def test_cli_export_of_mutated_documents_exits_0_or_2(text):
    check_export(text.encode("utf-8", "surrogatepass"))


@settings(FUZZ, max_examples=50)
@given(raw_bytes())
def test_cli_export_of_broken_bytes_exits_0_or_2(data):
    check_export(data)
