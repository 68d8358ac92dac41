"""Fuzz the scenario loader and every command-line entry point with broken and odd input.

Every generated document either loads to a valid scenario (which saves, reloads
equal and projects to finite numbers) or raises :class:`ScenarioError` naming the
file and the field, on one line; nothing else escapes. Through ``export``,
``calibrate``, ``report`` and opening the app, malformed input exits 2 with one line
naming the file (and field) and writes nothing. Generators also cover the classes of
issue 16: output paths aliasing the input or each other (``./``, ``..``, hard links,
symlinks, chains of them), devices, FIFOs and folders as inputs and outputs, names with
control characters and formula prefixes around the 500-character cap, and
``NaN``/``Infinity`` literals at every numeric field (reported at their field, line and
column). Runs are derandomized, so CI sees the same examples every time.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import math
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cli_helpers import Run, assert_refused, run_main, snapshot
from conftest import MODEL_EXAMPLE, REPO, tiny_doc
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import main
from simulator import Scenario, ScenarioError, load_scenario, simulate
from simulator.export.cells import FORMULA_PREFIXES, visible
from simulator.export.tables import csv_text
from simulator.export.xlsx import workbook_bytes
from simulator.scenario.files import scenario_json
from simulator.scenario.limits import MAX_TEXT

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


# -- every entry point on broken documents ------------------------------------------------

ENTRY_POINTS: dict[str, list[str]] = {
    "export": ["export", "IN", "--csv", "OUT/o.csv", "--summary", "OUT/o.json"],
    "calibrate": ["calibrate", "IN", "--fit", "revenue.ai_share", "--out", "OUT/o.json"],
    "report": ["report", "IN", "--pdf", "OUT/o.pdf", "--xlsx", "OUT/o.xlsx"],
    "open": ["IN"],  # the app, told there is no display: only the loading is exercised
}


def run_entry(entry: str, source: Path, out: Path) -> Run:
    """One entry point in this process, ``source`` as its input, outputs under ``out``."""
    args = [
        str(source) if a == "IN" else str(out / a[4:]) if a.startswith("OUT/") else a
        for a in ENTRY_POINTS[entry]
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("ui.app.qt_env.has_display", lambda: False)
        return run_main(*args)


def check_entry(entry: str, data: bytes) -> None:
    """Exit 0, or exit 2 with one line naming the file (and field), nothing written."""
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.json", Path(folder) / "out"
        source.write_bytes(data)
        out.mkdir()
        try:
            valid = load_scenario(source) is not None
        except ScenarioError:
            valid = False
        run = run_entry(entry, source, out)
        event(f"{entry}: exit {run.code}{' (valid file)' if valid else ''}")
        assert run.code in (0, 2), run
        if run.code == 0:
            assert valid and run.err == "" and entry != "open", run
            assert list(out.iterdir()), "exit 0 without output"
            return
        assert run.err.startswith("error: ") and run.err.count("\n") == 1, run
        assert "Traceback" not in run.err
        if not valid:
            assert run.err.startswith(f"error: {source}: "), run.err  # names the file
        elif entry == "open":
            assert "no display" in run.err
        assert list(out.iterdir()) == []
        assert source.read_bytes() == data


@settings(FUZZ, max_examples=60)
@given(st.sampled_from(["calibrate", "report", "open"]), mutated_texts())
def test_every_entry_point_on_mutated_documents_exits_0_or_2(entry, text):
    check_entry(entry, text.encode("utf-8", "surrogatepass"))


@settings(FUZZ, max_examples=40)
@given(st.sampled_from(list(ENTRY_POINTS)), raw_bytes())
def test_every_entry_point_on_broken_bytes_exits_0_or_2(entry, data):
    check_entry(entry, data)


# -- NaN and Infinity literals: the field and the line ------------------------------------


@st.composite
def constant_literals(draw: st.DrawFn) -> tuple[str, str, str]:
    """A valid document with one number replaced by NaN/Infinity: (text, path, literal)."""
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    numbers = [
        p
        for p in node_paths(doc)
        if isinstance(_get(doc, p), int | float) and not isinstance(_get(doc, p), bool)
    ]
    path = draw(st.sampled_from(numbers))
    literal = draw(st.sampled_from(["NaN", "Infinity", "-Infinity"]))
    _set(doc, path, RAW.format(0))
    indent = draw(st.sampled_from([None, 2]))
    text = json.dumps(doc, indent=indent).replace(json.dumps(RAW.format(0)), literal)
    return text, ".".join(map(str, path)), literal


@settings(FUZZ, max_examples=200)
@given(constant_literals())
def test_a_constant_literal_is_reported_at_its_field_line_and_column(case):
    text, field, literal = case
    pos = text.index(f" {literal}") + 1 if f" {literal}" in text else text.index(literal)
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    with scratch_file() as path:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        check_error(info.value, path)
        assert info.value.field == field
        assert f"{literal} is not a JSON number (at line {line}, column {column}" in str(info.value)
        with tempfile.TemporaryDirectory() as folder:
            run = run_entry("export", path, Path(folder))
            assert run.code == 2 and run.err.startswith(f"error: {path}: {field}: ")
            assert list(Path(folder).iterdir()) == []


# -- names: control characters, formula prefixes, huge ------------------------------------

NAME_CHARS = st.one_of(
    st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "'", '"', ",", ";", "|", " "]),
    st.characters(max_codepoint=0x1F),  # control characters
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from(["\ufffe", "\uffff", "\u200b", "漢", "é", "\U0001f600"]),
    st.characters(codec="utf-8"),
)


@st.composite
def names(draw: st.DrawFn) -> str:
    """Names a spreadsheet could run or choke on, of every length around the cap."""
    prefix = draw(st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "=HYPERLINK(", "-2+3"]))
    body = draw(st.text(NAME_CHARS, max_size=40))
    length = draw(st.sampled_from([None, None, MAX_TEXT - 1, MAX_TEXT, MAX_TEXT + 1, 5000]))
    name = prefix + body
    if length is not None:
        name = (name + "x" * length)[:length]
    return name


@settings(FUZZ, max_examples=250)
@given(names(), names(), st.booleans())
def test_names_load_and_export_as_text_or_are_refused(name, category, via_cli):
    doc = copy.deepcopy(MODEL_EXAMPLE)
    doc["name"] = name
    doc["program"]["categories"][1]["name"] = category
    with scratch_file() as path:
        path.write_text(json.dumps(doc), encoding="utf-8")
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            check_error(exc, path)
            assert exc.field in ("name", "program.categories.1.name"), exc
            too_long = max(len(name), len(category)) > MAX_TEXT
            assert (
                too_long
                or not name.strip()
                or not category.strip()
                or category in (c["name"] for c in MODEL_EXAMPLE["program"]["categories"])
            ), exc
            event(f"refused: {exc.field}")
            return
        assert len(name) <= MAX_TEXT and len(category) <= MAX_TEXT
        event("loaded")
        check_spreadsheet_safe(workbook_bytes([(scenario, simulate(scenario))]), name)
        rows = list(csv.reader(io.StringIO(csv_text(simulate(scenario)))))
        assert not any(cell.startswith(FORMULA_PREFIXES) for cell in rows[0])
        assert {len(row) for row in rows} == {len(rows[0])}  # no cell split a row
        if via_cli:
            with tempfile.TemporaryDirectory() as folder:
                out = Path(folder)
                run = run_main("export", path, "--csv", out / "o.csv", "--summary", out / "o.json")
                assert run.code == 0 and run.err == "", run


def check_spreadsheet_safe(data: bytes, name: str) -> None:
    """No formula anywhere in the workbook; the name is shown (escaped where it must be)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml and "<f " not in xml
    book = load_workbook(io.BytesIO(data))
    about = [c.value for c in book["About"]["A"]]
    shown = visible(name)
    assert any(v == shown or v == shown.replace("\r\n", "\n") for v in about), (shown, about)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert cell.quotePrefix or not cell.value.startswith(("=", "+", "-", "@"))


# -- output paths: aliases of the input and of each other ---------------------------------

ALIAS_KINDS = ["same", "dot", "dotdot", "hard", "sym", "symsym"]


@st.composite
def output_plans(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, int, str]]]:
    """A command and its outputs: (flag, kind, of, how); kind is fresh, existing or
    alias (of 0 = the input, i > 0 = the i-th output) made ``how``."""
    command = draw(st.sampled_from(["export", "export", "calibrate"]))
    flags = ["--out"] if command == "calibrate" else ["--csv", "--summary", "--stats"]
    chosen = draw(st.lists(st.sampled_from(flags), min_size=1, max_size=3, unique=True))
    plan = []
    for i, flag in enumerate(chosen):
        kind = draw(st.sampled_from(["fresh", "existing", "alias", "alias"]))
        of = draw(st.integers(0, i)) if kind == "alias" else -1
        plan.append((flag, kind, of, draw(st.sampled_from(ALIAS_KINDS))))
    return command, plan


def make_alias(folder: Path, target: Path, how: str, n: int) -> str:
    """Another name for ``target`` (which may not exist yet)."""
    if how == "same":
        return str(target)
    if how == "dot":
        return f"{target.parent}/./{target.name}"
    if how == "dotdot":
        (folder / "d").mkdir(exist_ok=True)
        return f"{folder}/d/../{target.name}"
    link = folder / f"link{n}"
    if how == "hard" and target.exists():
        os.link(target, link)
    elif how == "symsym":
        (folder / f"inner{n}").symlink_to(target)
        link.symlink_to(folder / f"inner{n}")
    else:  # a symlink (dangling when the target is not written yet)
        link.symlink_to(target)
    return str(link)


@settings(FUZZ, max_examples=120)
@given(output_plans())
def test_aliased_outputs_are_refused_naming_both_and_writing_nothing(case):
    command, plan = case
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        source = folder / "plan.json"
        source.write_bytes((REPO / "resources/scenarios/alibaba-2025-base.json").read_bytes())
        known: list[tuple[str, str]] = [("the scenario file", str(source))]
        group = [0]  # which file each name is: aliases share their target's group
        args = [command, str(source)]
        if command == "calibrate":
            args += ["--fit", "revenue.ai_share"]
        for n, (flag, kind, of, how) in enumerate(plan, start=1):
            if kind == "alias":
                path = make_alias(folder, Path(known[of][1]), how, n)
                group.append(group[of])
            else:
                path = str(folder / f"out{n}{flag.lstrip('-')}")
                if kind == "existing":
                    Path(path).write_text("old")
                group.append(n)
            known.append((flag, path))
            args += [flag, path]
        in_place_ok = command == "calibrate"  # calibrate F --out F updates F, keeping F.bak
        outputs = group[1:]
        clash = any(outputs.count(g) > 1 for g in outputs) or (0 in outputs and not in_place_ok)
        before = snapshot(folder)
        run = run_main(*args)
        event(f"{command}: {'refused' if clash else 'written'}")
        if clash:
            assert_refused(run, "same file")
            named = [i for i, (_, path) in enumerate(known) if f" {path} " in run.err + " "]
            named += [i for i, (_, path) in enumerate(known) if f" {path};" in run.err]
            assert any(group[i] == group[j] for i in named for j in named if i != j), run.err
            assert snapshot(folder) == before
            return
        assert run.code == 0, run
        for flag, path in known[1:]:
            assert Path(path).exists(), flag
        if command == "export":
            assert source.read_bytes() == before["plan.json"]


# -- devices, FIFOs and folders as inputs and outputs -------------------------------------

SPECIALS = ["fifo", "folder", "missing-folder", "/dev/null", "/dev/zero", "socket-like-fifo"]


@settings(FUZZ, max_examples=60)
@given(
    st.sampled_from(list(ENTRY_POINTS)),
    st.sampled_from(["input", "output"]),
    st.sampled_from(SPECIALS),
)
def test_special_files_are_refused_or_written_through(entry, role, special):
    if role == "output" and entry == "open":
        role = "input"
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        out = folder / "out"
        out.mkdir()
        source = folder / "in.json"
        source.write_bytes((REPO / "resources/scenarios/alibaba-2025-base.json").read_bytes())
        target = make_special(folder, special)
        args = [a for a in ENTRY_POINTS[entry]]
        if role == "input":
            args = [target if a == "IN" else a for a in args]
        else:
            args[args.index(next(a for a in args if a.startswith("OUT/")))] = target
        args = [
            str(source) if a == "IN" else str(out / a[4:]) if a.startswith("OUT/") else a
            for a in args
        ]
        before = snapshot(folder)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("ui.app.qt_env.has_display", lambda: False)
            run = run_main(*args)
        if role == "output" and special.startswith("/dev/"):  # a character device
            assert run.code == 0, run
            assert stat.S_ISCHR(os.stat(special).st_mode)
            return
        assert_refused(run, target)
        if role == "input":
            assert run.err.startswith(f"error: {target}: ")
        assert snapshot(folder) == before


def make_special(folder: Path, special: str) -> str:
    if special in ("fifo", "socket-like-fifo"):
        os.mkfifo(folder / "special")
        return str(folder / "special")
    if special == "folder":
        (folder / "special").mkdir()
        return str(folder / "special")
    if special == "missing-folder":
        return str(folder / "missing" / "special.json")
    return special
