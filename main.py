"""Cloud Capex Simulator: the desktop app and its command line.

    capex-sim [open] [FILE | --preset ID]     open the app (on FILE, a preset, or the base plan)
    capex-sim export (FILE | --preset ID) [--csv OUT.csv [--actuals]] [--summary OUT.json]
                     [--png OUT.png] [--samples OUT.csv] [--stats OUT.csv]
                                              project headless and write the results
    capex-sim report FILE... [--preset ID]... --pdf OUT.pdf [--xlsx OUT.xlsx]
                     [--page a4|letter] [--monte-carlo]
                                              a PDF report of one scenario, or a comparison
    capex-sim calibrate (FILE | --preset ID) --fit PATH[,PATH...] --out NEW.json
                                              fit inputs to the file's reported actuals
    capex-sim presets                         list the preset scenarios (id, name, file)

``capex-sim COMMAND --help`` says what each writes, its exit codes and examples.

Bad input exits with status 2 and one line on stderr naming the file, the field and
the rule; no output file is created or overwritten then. Before anything is computed,
every output path is checked: one that is the same file as an input or as another
output (hard links and symlinks included) is refused, as is a folder, a FIFO, a socket
or a block device; a character device such as ``/dev/null`` is written through.
Outputs are computed in memory and then written all or none, each regular file
atomically. The one deliberate in-place write: ``calibrate F --out F`` replaces F
atomically and keeps the old version as ``F.bak``.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from simulator import Scenario, ScenarioError, load_scenario, simulate
from simulator.about import doc_path, version
from simulator.atomic import DEVICE, Content, check_target, same_file, write_all_atomic
from simulator.errors import one_line
from simulator.export.tables import csv_text, summary_json
from simulator.scenario.presets import DEFAULT_PRESET, list_presets, preset_path, short_id

EXIT_OK = 0
EXIT_BAD_INPUT = 2
PROG = "capex-sim"
DOCS = f"README.md ({doc_path('README.md')})"
UNCERTAINTY_DOC = doc_path("docs/uncertainty.md")
MODEL_DOC = doc_path("docs/model.md")

_EXIT_CODES = """\
exit status:
  0  done: every output written
  2  bad input: a usage error, a scenario file that cannot be read or breaks a rule,
     an output that cannot be written or would overwrite an input or another output;
     one line on stderr names the file (and the field and the rule), nothing is written
  1  an unexpected error (a bug): a traceback on stderr, nothing is written"""

_PATHS = """\
outputs:
  Each output is written in full to a temporary file beside it and then moved over it,
  all outputs or none. An output that is the same file as an input or as another
  output (same path, ./path, a hard link or a symlink) is refused. A character device
  (/dev/null, a terminal) is written through; a folder, FIFO, socket or block device
  is refused. Text cells that a spreadsheet could run as a formula (starting with
  = + - @, tab or CR) are written as text: CSV cells get a leading ' ."""

Commands = argparse._SubParsersAction  # what add_subparsers() returns
_PRESETS = "a preset: its short id (base, bull, bear, beyond-380), file stem or full name"


class CliError(Exception):
    """A one-line message for stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """Usage errors are :class:`CliError` (one line, exit 2), not argparse's two lines."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{self.prog}: {message}")


def _help_parser(prog: str, description: str, epilog: str) -> dict[str, object]:
    """Keyword arguments of a (sub)parser with a preformatted description and epilog."""
    return {
        "prog": prog,
        "description": textwrap.fill(description, 88),
        "epilog": epilog,
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def _path(text: str) -> str:
    """An argparse type: a non-empty path without NUL characters, kept as given."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path")
    if "\0" in text:
        raise argparse.ArgumentTypeError("a path with a NUL character")
    return text


def _pixels(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 16 <= value <= 8000:
        raise argparse.ArgumentTypeError(f"must be 16 to 8000 pixels (got {value})")
    return value


# -- the files a command touches ------------------------------------------------------


@dataclass
class Files:
    """The files one command reads and writes; checked before anything is computed.

    ``inputs`` and ``outputs`` are (what, path) pairs, the path as the user gave it
    (``("--csv", "./a.csv")``, ``("the scenario file", "plan.json")``).
    """

    inputs: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[tuple[str, str]] = field(default_factory=list)

    def read(self, what: str, path: str) -> None:
        self.inputs.append((what, path))

    def write(self, flag: str, path: str | None) -> None:
        if path is not None:
            self.outputs.append((flag, path))

    def check(self, in_place: str | None = None) -> None:
        """Refuse an output that cannot be written or is the same file as an input or
        another output; the input ``in_place`` may be an output too (``calibrate F --out
        F``, also when named ``./F`` or through a link)."""
        devices = []
        for flag, path in self.outputs:
            try:
                if check_target(path) == DEVICE:
                    devices.append(path)
            except OSError as exc:
                raise CliError(_cannot_write(exc, path, flag)) from None
        for flag, path in self.outputs:
            for what, source in self.inputs:
                if source != in_place and same_file(path, source):
                    raise CliError(
                        f"{flag} {path} is the same file as {what} {source}; "
                        "it would be overwritten, so nothing was written"
                    )
        for i, (flag, path) in enumerate(self.outputs):
            for other, earlier in self.outputs[:i]:
                if path not in devices and same_file(path, earlier):
                    raise CliError(
                        f"{flag} {path} and {other} {earlier} are the same file; "
                        "nothing was written"
                    )


def _cannot_write(exc: OSError, path: str, flag: str = "") -> str:
    name = exc.filename if isinstance(exc.filename, str) and exc.filename else path
    where = f"{flag} {name}" if flag and name == path else name
    return f"{where}: cannot write ({exc.strerror or exc})"


def _write(outputs: dict[str, Content]) -> None:
    """Write every output, all or none; an OS error is a one-line CliError."""
    try:
        write_all_atomic(outputs)
    except OSError as exc:
        named = isinstance(exc.filename, str) and exc.filename
        path = exc.filename if named else f"one of {', '.join(outputs)}"
        raise CliError(_cannot_write(exc, path)) from None


def _source(files: Files, file: str | None, preset: str | None) -> Callable[[], Scenario]:
    """Register FILE or --preset as an input; return how to load it."""
    if preset is not None:
        path = preset_path(preset)
        files.read(f"the preset {preset!r}", os.fspath(path))
        return lambda: load_scenario(path)
    assert file is not None
    files.read("the scenario file", file)
    return lambda: load_scenario(file)


def _add_source(p: argparse.ArgumentParser, file_help: str, required: bool = True) -> None:
    """FILE or --preset ID, exactly one (or neither when not ``required``)."""
    source = p.add_mutually_exclusive_group(required=required)
    source.add_argument("file", nargs="?", type=_path, metavar="FILE", help=file_help)
    source.add_argument("--preset", metavar="ID", help=f"{_PRESETS}, instead of a file")


# -- export -----------------------------------------------------------------------------

_EXPORT_EPILOG = f"""\
writes (only what is asked for):
  --csv      one row per quarter: period, the model's columns in README.md's order
             (capex, cum_capex, ..., cum_discounted_fcf), then capex:<category> for
             each category, then with --actuals reported_<column> for each reported
             series; numbers at full precision
  --summary  the summary metrics as JSON (npv, irr, payback_years, ...); null where a
             metric is undefined (an IRR that does not exist, a payback never reached)
  --png      the cumulative capex vs revenue chart, its footer the trace line
             (scenario name and input hash); rendered offscreen, no display needed
  --samples  Monte Carlo samples of the file's uncertainty section (its seed and path
             count): one row per path, every uncertain input and the key outputs
  --stats    Monte Carlo statistics per metric (mean, sd, percentiles)
  --samples and --stats write their scenario name, input hash, seed, path count and
  column units to a sidecar JSON beside the CSV (OUT.csv -> OUT.csv.json), so the CSV
  itself is one header row and the data.

{_EXIT_CODES}

{_PATHS}

examples:
  {PROG} export plan.json --csv plan.csv --summary plan-summary.json
  {PROG} export --preset bull --summary bull.json --png bull.png --width 1600
  {PROG} export plan.json --csv plan.csv --actuals
  {PROG} export --preset base --samples base-samples.csv --stats base-stats.csv

The columns and metrics are explained in {DOCS}, sections "Reading the outputs" and
"Command line"; the Monte Carlo section in {UNCERTAINTY_DOC}."""


def _export_parser(parent: Commands) -> argparse.ArgumentParser:
    kw = _help_parser(
        f"{PROG} export",
        "Project a scenario without the app and write its quarterly series (CSV), summary "
        "metrics (JSON), chart (PNG) and Monte Carlo samples and statistics (CSV).",
        _EXPORT_EPILOG,
    )
    p = _subparser(parent, "export", "project headless and write CSV, JSON, PNG", kw)
    _add_source(p, "scenario JSON file")
    p.add_argument("--csv", type=_path, metavar="OUT.csv", help="the quarterly series")
    p.add_argument(
        "--actuals",
        action="store_true",
        help="append the file's reported actuals to the CSV as reported_<column> columns "
        "(empty where a quarter has no report)",
    )
    p.add_argument("--summary", type=_path, metavar="OUT.json", help="summary metrics as JSON")
    p.add_argument("--png", type=_path, metavar="OUT.png", help="cumulative capex vs revenue")
    p.add_argument("--width", type=_pixels, default=1200, help="PNG width, 16-8000 (1200)")
    p.add_argument("--height", type=_pixels, default=700, help="PNG height, 16-8000 (700)")
    p.add_argument("--samples", type=_path, metavar="OUT.csv", help="Monte Carlo samples")
    p.add_argument("--stats", type=_path, metavar="OUT.csv", help="Monte Carlo statistics")
    p.set_defaults(run=export)
    return p


def export(args: argparse.Namespace) -> int:
    """``export``: compute everything in memory, then write all outputs atomically."""
    if not (args.csv or args.summary or args.png or args.samples or args.stats):
        raise CliError(
            f"{PROG} export: nothing to write; give --csv, --summary, --png, --samples or --stats"
        )
    if args.actuals and not args.csv:
        raise CliError(f"{PROG} export: --actuals adds columns to --csv; give --csv too")
    files = Files()
    load = _source(files, args.file, args.preset)
    for flag in ("csv", "summary", "png"):
        files.write(f"--{flag}", getattr(args, flag))
    sidecars = {flag: _sidecar(getattr(args, flag)) for flag in ("samples", "stats")}
    for flag, side in sidecars.items():
        files.write(f"--{flag}", getattr(args, flag))
        files.write(f"--{flag} metadata", side)
    files.check()
    scenario = load()
    result = simulate(scenario)
    outputs: dict[str, Content] = {}
    if args.csv:
        actuals = scenario.actual_series if args.actuals else ()
        outputs[args.csv] = csv_text(result, actuals=actuals).encode("utf-8")
    if args.summary:
        outputs[args.summary] = summary_json(result).encode("utf-8")
    if args.samples or args.stats:
        outputs.update(_monte_carlo_files(scenario, args.samples, args.stats, sidecars))
    if args.png:
        from ui.app.qt_env import use_offscreen

        use_offscreen()
        from simulator.export.trace import trace_line
        from ui.charts.reported import reported
        from ui.export.exporters import cumulative_png

        outputs[args.png] = cumulative_png(
            result,
            scenario.name,
            args.width,
            args.height,
            reported(scenario),
            trace=trace_line(scenario),
        )
    _write(outputs)
    return EXIT_OK


def _sidecar(path: str | None) -> str | None:
    """The metadata file of a Monte Carlo CSV (none for a device such as /dev/null)."""
    from simulator.export.samples import sidecar_path

    if path is None:
        return None
    try:
        if check_target(path) == DEVICE:
            return None
    except OSError:
        pass  # Files.check names the problem with its flag
    return os.fspath(sidecar_path(path))


def _monte_carlo_files(
    scenario: Scenario,
    samples: str | None,
    stats: str | None,
    sidecars: dict[str, str | None],
) -> dict[str, Content]:
    from simulator.analysis.montecarlo import run as run_monte_carlo
    from simulator.export.samples import samples_files, stats_files
    from simulator.export.trace import input_hash

    mc = run_monte_carlo(scenario)
    trace = (scenario.name, input_hash(scenario))
    out: dict[str, Content] = {}
    for flag, path, make in (("samples", samples, samples_files), ("stats", stats, stats_files)):
        if path is not None:
            made = make(mc, path, *trace)
            if sidecars[flag] is None:  # a device: the CSV only
                made = {path: made[path]}
            out.update(made)
    return out


# -- calibrate --------------------------------------------------------------------------

_CALIBRATE_EPILOG = f"""\
Moves the inputs given with --fit (default: the file's calibration.fit), within each
input's valid range, starting from their priors (calibration.priors), to fit the
reported quarters and facts of the actuals section (model version 2, section 11 of
{MODEL_DOC}). Prints each input before -> after with its standard error, the
correlations between the fitted inputs, warnings where the data do not identify an
input, the MAPE per series before -> after and, with --through, the errors on the
quarters the fit did not see; then saves the scenario with the fitted inputs.

writes:
  --out      the calibrated scenario file. Saving over an existing file keeps its
             previous version beside it as NAME.bak (like the app's Save); giving the
             input file itself (calibrate F --out F) updates it in place that way.
             A preset's file is never overwritten.

{_EXIT_CODES}

examples:
  {PROG} calibrate plan.json --fit revenue.ai_share,revenue.ai_growth.0 --out fitted.json
  {PROG} calibrate plan.json --fit revenue.yield --out plan.json     # plan.json.bak kept
  {PROG} calibrate --preset base --fit revenue.ai_growth.0 --out base-fitted.json
  {PROG} calibrate --preset base --through 2025Q3 --out base-q3.json  # test on later quarters

Inputs are named by their field path (revenue.ai_share, revenue.ai_growth.0 for the
first year's AI growth, program.categories.0.life_years); see {DOCS},
section "Reported actuals and calibration"."""


def _calibrate_parser(parent: Commands) -> argparse.ArgumentParser:
    kw = _help_parser(
        f"{PROG} calibrate",
        "Fit chosen inputs to the scenario's reported actuals and save the result.",
        _CALIBRATE_EPILOG,
    )
    p = _subparser(parent, "calibrate", "fit inputs to the file's reported actuals", kw)
    _add_source(p, "scenario JSON file with an actuals section")
    p.add_argument(
        "--fit",
        metavar="PATH[,PATH...]",
        help="comma-separated inputs to move, e.g. revenue.ai_share,revenue.ai_growth.0 "
        "(default: the file's calibration.fit)",
    )
    p.add_argument(
        "--through",
        metavar="YYYYQn",
        help="fit only the reported quarters and facts up to this quarter, then report the "
        "error on the later ones",
    )
    p.add_argument(
        "--out", type=_path, required=True, metavar="NEW.json", help="the calibrated scenario"
    )
    p.set_defaults(run=calibrate)
    return p


def calibrate(args: argparse.Namespace) -> int:
    """``calibrate``: fit, print before/after, save the calibrated scenario atomically."""
    from simulator.analysis.calibration import calibrate as fit_inputs
    from simulator.scenario.files import save_scenario

    files = Files()
    load = _source(files, args.file, args.preset)
    files.write("--out", args.out)
    files.check(in_place=args.file)
    scenario = load()
    paths: list[str] = []
    if args.fit is not None:
        paths = [p.strip() for p in args.fit.split(",") if p.strip()]
        if not paths:
            raise CliError(f"{PROG} calibrate: --fit names no input")
    elif scenario.calibration is None:
        raise CliError(
            f"{PROG} calibrate: {args.file or args.preset} has no calibration section; "
            "name the inputs with --fit"
        )
    try:
        result = fit_inputs(scenario, paths, through=args.through)
    except ScenarioError as exc:
        raise exc.with_source(args.file or args.preset) from None
    try:
        save_scenario(result.scenario, args.out, backup=True)
    except OSError as exc:
        raise CliError(_cannot_write(exc, args.out)) from None
    print("\n".join(calibration_report(result)))
    return EXIT_OK


def calibration_report(result: Any) -> list[str]:
    """The lines ``calibrate`` prints: inputs, correlations, warnings, fit, held-out."""
    ident = result.identification
    lines = [
        f"{p.path}: {before:.6g} -> {after:.6g} (standard error {se:.3g})"
        for p, before, after, se in zip(
            result.params, result.before, result.after, ident.std_errors, strict=True
        )
    ]
    n = len(result.params)
    pairs = [(i, j) for i in range(n) for j in range(i)]
    strong = [(i, j) for i, j in pairs if abs(ident.correlation[i, j]) > 0.5]
    lines += [
        f"correlation {result.params[j].path} ~ {result.params[i].path}: "
        f"{ident.correlation[i, j]:+.2f}"
        for i, j in strong
    ]
    lines += [f"warning: {w}" for w in result.warnings]
    for before, after in zip(result.fits_before, result.fits_after, strict=True):
        lines.append(f"MAPE {after.column}: {before.mape:.2%} -> {after.mape:.2%}")
    lines.append(f"MAPE: {result.mape_before:.2%} -> {result.mape_after:.2%}")
    lines.append(
        f"objective (docs/model.md: weighted squared errors plus priors; the MAPE is "
        f"reported, not minimised): {result.objective_start:.6g} -> {result.objective_end:.6g}"
    )
    for f in result.held_out:
        errors = ", ".join(f"{q} {e:+.1%}" for q, e in zip(f.quarters, f.pct_error, strict=True))
        lines.append(f"after {result.through}, {f.column}: {errors} (MAPE {f.mape:.2%})")
    return lines


# -- report -----------------------------------------------------------------------------

_REPORT_EPILOG = f"""\
writes:
  --pdf      the report (A4 or --page letter). For one scenario its report, for several
             (files first, then presets) a comparison: title and date, each scenario
             with its input hash, the key figures (one column per scenario and the
             difference to the first), a line per guardrail, the five main charts,
             for a comparison the NPV waterfall from the first scenario to the
             second, every assumption and the notes; each page's footer carries
             every scenario's trace line.
  --xlsx     a workbook: one sheet per scenario (every quarterly column, each
             category's capex and the reported actuals, headers with units), KPIs,
             Assumptions and About (input hashes, seeds, what each column means);
             every text cell is text, never a formula.
  --monte-carlo runs each scenario's uncertainty section (its seed, path count,
             sampler and precision target) and adds to the PDF the statistics
             (probabilities with their 95 % intervals; "no uncertain inputs —
             deterministic" instead for a scenario whose inputs do not vary; the
             share of paths where a payback comes at all), the fan chart of
             cumulative FCF, the NPV distribution and each input's contribution to
             the NPV's variance; with --xlsx also the sheets Monte Carlo and
             Contribution to variance.
Scenarios in different currencies or FX rates are refused.

{_EXIT_CODES}

{_PATHS}

examples:
  {PROG} report plan.json --pdf plan.pdf
  {PROG} report --preset base --preset bull --preset bear --pdf compare.pdf --xlsx compare.xlsx
  {PROG} report plan.json --preset base --pdf vs-base.pdf --page letter --monte-carlo

See {DOCS}, section "Command line"."""


def _report_parser(parent: Commands) -> argparse.ArgumentParser:
    kw = _help_parser(
        f"{PROG} report",
        "A PDF report of one scenario, or a comparison of several (files first, then "
        "presets), and optionally their series as an XLSX workbook.",
        _REPORT_EPILOG,
    )
    p = _subparser(parent, "report", "a PDF (and XLSX) report of one or more scenarios", kw)
    p.add_argument("files", nargs="*", type=_path, metavar="FILE", help="scenario JSON files")
    p.add_argument(
        "--preset", action="append", default=[], metavar="ID", help=f"{_PRESETS} (repeatable)"
    )
    p.add_argument("--pdf", type=_path, required=True, metavar="OUT.pdf", help="the PDF report")
    p.add_argument("--xlsx", type=_path, metavar="OUT.xlsx", help="the series as a workbook")
    p.add_argument("--page", choices=("a4", "letter"), default="a4", help="paper size (a4)")
    p.add_argument(
        "--monte-carlo",
        action="store_true",
        help="run each scenario's uncertainty section and add its results",
    )
    p.set_defaults(run=report)
    return p


def report(args: argparse.Namespace) -> int:
    """``report``: load and compute everything, render PDF (and XLSX), write atomically."""
    from simulator.analysis.montecarlo import run as run_monte_carlo
    from simulator.export.xlsx import workbook_bytes

    files = Files()
    loads = [_source(files, f, None) for f in args.files]
    loads += [_source(files, None, name) for name in args.preset]
    if not loads:
        raise CliError(f"{PROG} report: give one or more scenario files or --preset names")
    files.write("--pdf", args.pdf)
    files.write("--xlsx", args.xlsx)
    files.check()
    scenarios = [load() for load in loads]
    _one_currency(files.inputs, scenarios)
    results = [simulate(s) for s in scenarios]
    runs = [run_monte_carlo(s) if args.monte_carlo else None for s in scenarios]
    from ui.app.qt_env import application, use_offscreen

    use_offscreen()
    application()
    from ui.export.report import ReportCase, report_pdf

    cases = [ReportCase(*case) for case in zip(scenarios, results, runs, strict=True)]
    outputs = {args.pdf: report_pdf(cases, args.page)}
    if args.xlsx is not None:
        seeds = [c.seed for c in cases]
        pairs = list(zip(scenarios, results, strict=True))
        outputs[args.xlsx] = workbook_bytes(pairs, seeds, runs)
    _write(outputs)
    return EXIT_OK


def _one_currency(inputs: list[tuple[str, str]], scenarios: list[Scenario]) -> None:
    """Refuse scenarios in different currencies or FX rates, naming both."""

    def where(i: int) -> str:
        what, source = inputs[i]
        return source if what == "the scenario file" else what

    def money(s: Scenario) -> str:
        return f"{s.currency} at {s.usd_fx:g} per USD"

    first = scenarios[0]
    for i, s in enumerate(scenarios[1:], start=1):
        if (s.currency, s.usd_fx) != (first.currency, first.usd_fx):
            raise CliError(
                f"{where(i)}: currency: {money(s)} differs from {where(0)} ({money(first)}); "
                "a report compares scenarios in one currency"
            )


# -- presets ----------------------------------------------------------------------------

_PRESETS_EPILOG = f"""\
Prints one line per preset: its short id, its name and its file. Any of the three
names it in --preset of every command.

{_EXIT_CODES}

examples:
  {PROG} presets
  {PROG} export --preset beyond-380 --summary beyond.json"""


def _presets_parser(parent: Commands) -> argparse.ArgumentParser:
    kw = _help_parser(f"{PROG} presets", "List the preset scenarios.", _PRESETS_EPILOG)
    p = _subparser(parent, "presets", "list the preset scenarios (id, name, file)", kw)
    p.set_defaults(run=show_presets)
    return p


def show_presets(args: argparse.Namespace | None = None) -> int:
    """``presets``: id, name and file of each preset, the default first."""
    rows = [(short_id(n), n, os.fspath(preset_path(n))) for n in list_presets()]
    widths = [max(len(r[i]) for r in [("id", "name", "file"), *rows]) for i in range(2)]
    for row in [("id", "name", "file"), *rows]:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}")
    return EXIT_OK


# -- open (the app) ---------------------------------------------------------------------

_OPEN_EPILOG = f"""\
Opens the desktop app on FILE, on a preset, or on the default scenario ({DEFAULT_PRESET}).
The file is checked first: a file that cannot be read or breaks a rule is refused here,
before any window opens. 'open' may be left out: '{PROG} plan.json' is the same (write
'{PROG} open export' or '{PROG} ./export' for a file named like a command).

{_EXIT_CODES.replace("  0  done: every output written", "  0  the app was closed normally")}

examples:
  {PROG}
  {PROG} plan.json
  {PROG} open --preset bull

The app is described in {DOCS}."""


def _open_parser(parent: Commands) -> argparse.ArgumentParser:
    kw = _help_parser(f"{PROG} open", "Open the desktop app.", _OPEN_EPILOG)
    p = _subparser(parent, "open", "open the app (the default command)", kw)
    _add_source(p, "scenario JSON file to open", required=False)
    p.set_defaults(run=run_app)
    return p


def run_app(args: argparse.Namespace) -> int:
    """Open the desktop app, on a file or a preset if one is given."""
    files = Files()
    if args.file is None and args.preset is None:
        args.preset = DEFAULT_PRESET
    scenario = _source(files, args.file, args.preset)()
    from ui.app.qt_env import has_display

    if not has_display():
        raise CliError(f"{PROG}: no display found (set DISPLAY, or use '{PROG} export')")
    from simulator.model.allocator import keep_freed_memory
    from ui.app.start import run

    keep_freed_memory()  # Monte Carlo chunks reuse freed arrays instead of page-faulting

    return run(scenario, Path(args.file) if args.file else None)


# -- the parser -------------------------------------------------------------------------

COMMANDS = ("open", "export", "report", "calibrate", "presets")


def _subparser(
    parent: Commands, name: str, summary: str, kw: dict[str, object]
) -> argparse.ArgumentParser:
    return parent.add_parser(name, help=summary, **kw)  # type: ignore[arg-type]


def parser() -> argparse.ArgumentParser:
    """The whole command line: one subcommand per entry point."""
    top = _Parser(
        prog=PROG,
        description=textwrap.fill(
            "Cloud Capex Simulator: judge huge infrastructure programmes (capex, revenue, "
            "payback, uncertainty). Without a command it opens the app.",
            88,
        ),
        epilog=textwrap.fill(
            f"'{PROG} COMMAND --help' describes each command: what it writes, its exit "
            f"codes and examples. --preset takes {_PRESETS}. Documentation: {DOCS}.",
            88,
            break_on_hyphens=False,
            break_long_words=False,
        )
        + f"\n\n{_EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"{PROG} {version()}")
    commands = top.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for make in (_open_parser, _export_parser, _report_parser, _calibrate_parser):
        make(commands)
    _presets_parser(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python main.py`` and the ``capex-sim`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args = ["open", *args]
    try:
        parsed = parser().parse_args(args)
        return parsed.run(parsed)
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except (ScenarioError, CliError) as exc:
        print(one_line(f"error: {exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
