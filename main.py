"""Cloud Capex Simulator: the desktop app and its command line.

    capex-sim [FILE]                          open the app (on FILE, or the base preset)
    capex-sim export (FILE | --preset NAME) [--csv OUT.csv [--actuals]] [--summary OUT.json]
                     [--png OUT.png]          project headless and write the results
    capex-sim calibrate (FILE | --preset NAME) --fit PATH[,PATH...] --out NEW.json
                                              fit inputs to the file's reported actuals
    capex-sim report FILE [FILE...] [--preset NAME]... --pdf OUT.pdf [--xlsx OUT.xlsx]
                     [--page a4|letter] [--monte-carlo]
                                              a PDF report of one scenario, or a comparison
                                              of several (and their series as XLSX)
    capex-sim presets                         list the preset scenarios

Bad input exits with status 2 and one line on stderr naming the file, the field
and the rule; no output file is created or overwritten then.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from simulator import Scenario, ScenarioError, list_presets, load_preset, load_scenario, simulate
from simulator.atomic import write_all_atomic
from simulator.export.tables import csv_text, summary_json

EXIT_BAD_INPUT = 2


class CliError(Exception):
    """A one-line message for stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(f"{self.prog}: {message}")


def _export_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="capex-sim export",
        description="Project a scenario headless and write CSV, summary JSON, PNG.",
    )
    _add_source(p, "scenario JSON file")
    p.add_argument("--csv", type=Path, help="quarterly columns (MODEL.md section 3)")
    p.add_argument(
        "--actuals",
        action="store_true",
        help="append the file's reported actuals to the CSV as reported_<column> columns "
        "(empty where a quarter has no report)",
    )
    p.add_argument("--summary", type=Path, help="summary metrics as JSON")
    p.add_argument("--png", type=Path, help="cumulative capex vs revenue chart")
    p.add_argument("--width", type=int, default=1200, help="PNG width in pixels")
    p.add_argument("--height", type=int, default=700, help="PNG height in pixels")
    return p


def _add_source(p: argparse.ArgumentParser, file_help: str) -> None:
    """FILE or --preset NAME, exactly one."""
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", type=Path, help=file_help)
    source.add_argument("--preset", help="a preset's name or file stem instead of a file")


def _write(outputs: dict[Path, bytes]) -> None:
    """Write every output atomically, all or none; an OS error is a one-line CliError."""
    try:
        write_all_atomic(outputs)
    except OSError as exc:
        raise CliError(f"{exc.filename or ''}: cannot write ({exc.strerror or exc})") from None


def _scenario(file: Path | None, preset: str | None) -> Scenario:
    return load_preset(preset) if preset is not None else load_scenario(file)  # type: ignore[arg-type]


def export(argv: Sequence[str]) -> int:
    """``export``: compute everything in memory, then write all outputs atomically."""
    args = _export_parser().parse_args(argv)
    if not (args.csv or args.summary or args.png):
        raise CliError("capex-sim export: nothing to write; give --csv, --summary or --png")
    if not 16 <= args.width <= 8000 or not 16 <= args.height <= 8000:
        raise CliError("capex-sim export: --width and --height must be 16 to 8000 pixels")
    scenario = _scenario(args.file, args.preset)
    result = simulate(scenario)
    outputs: dict[Path, bytes] = {}
    if args.csv:
        actuals = scenario.actual_series if args.actuals else ()
        outputs[args.csv] = csv_text(result, actuals=actuals).encode("utf-8")
    if args.summary:
        outputs[args.summary] = summary_json(result).encode("utf-8")
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
    return 0


def _calibrate_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="capex-sim calibrate",
        description="Fit chosen inputs to the scenario's reported actuals (least squares "
        "on relative errors, within each input's valid range) and save the result.",
    )
    _add_source(p, "scenario JSON file with actuals")
    p.add_argument(
        "--fit",
        required=True,
        help="comma-separated inputs to move, e.g. revenue.ai_share,revenue.ai_growth.0",
    )
    p.add_argument("--out", type=Path, required=True, help="where to save the calibrated scenario")
    return p


def calibrate(argv: Sequence[str]) -> int:
    """``calibrate``: fit, print before/after, save the calibrated scenario atomically."""
    from simulator.analysis.calibration import calibrate as fit_inputs
    from simulator.scenario.files import scenario_json

    args = _calibrate_parser().parse_args(argv)
    scenario = _scenario(args.file, args.preset)
    paths = [p.strip() for p in args.fit.split(",") if p.strip()]
    try:
        result = fit_inputs(scenario, paths)
    except ScenarioError as exc:
        raise exc.with_source(str(args.file or args.preset)) from None
    for p, before, after in zip(result.params, result.before, result.after, strict=True):
        print(f"{p.path}: {before:.6g} -> {after:.6g}")
    print(f"MAPE: {result.mape_before:.2%} -> {result.mape_after:.2%}")
    _write({args.out: scenario_json(result.scenario).encode("utf-8")})
    return 0


def _report_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="capex-sim report",
        description="A PDF report of one scenario, or a comparison of several (files first, "
        "then presets), and optionally their series as an XLSX workbook.",
    )
    p.add_argument("files", nargs="*", type=Path, help="scenario JSON files")
    p.add_argument(
        "--preset", action="append", default=[], help="a preset's name or file stem (repeatable)"
    )
    p.add_argument("--pdf", type=Path, required=True, help="the PDF report")
    p.add_argument("--xlsx", type=Path, help="every scenario's series, KPIs and assumptions")
    p.add_argument("--page", choices=("a4", "letter"), default="a4", help="paper size")
    p.add_argument(
        "--monte-carlo",
        action="store_true",
        help="run each file's uncertainty section (its seed and paths) and add the fan chart, "
        "the NPV distribution and their statistics",
    )
    return p


def report(argv: Sequence[str]) -> int:
    """``report``: load and compute everything, render PDF (and XLSX), write atomically."""
    from simulator.analysis.montecarlo import run as run_monte_carlo
    from simulator.export.xlsx import workbook_bytes

    args = _report_parser().parse_args(argv)
    scenarios = [load_scenario(f) for f in args.files] + [load_preset(n) for n in args.preset]
    if not scenarios:
        raise CliError("capex-sim report: give one or more scenario files or --preset names")
    if args.xlsx is not None and args.xlsx.resolve() == args.pdf.resolve():
        raise CliError("capex-sim report: --pdf and --xlsx name the same file")
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
        outputs[args.xlsx] = workbook_bytes(list(zip(scenarios, results, strict=True)), seeds)
    _write(outputs)
    return 0


def show_presets() -> int:
    """``presets``: one name per line."""
    print("\n".join(list_presets()))
    return 0


def run_app(argv: Sequence[str]) -> int:
    """Open the desktop app, on a file if one is given."""
    p = _Parser(
        prog="capex-sim",
        description="Cloud Capex Simulator (desktop app).",
        epilog="Subcommands: 'export' (headless results), 'presets' (list presets).",
    )
    p.add_argument("file", nargs="?", type=Path, help="scenario JSON file to open")
    args = p.parse_args(argv)
    scenario = load_scenario(args.file) if args.file else load_preset("Alibaba 2025 plan (base)")
    from ui.app.qt_env import has_display

    if not has_display():
        raise CliError("capex-sim: no display found (set DISPLAY, or use 'capex-sim export')")
    from simulator.model.allocator import keep_freed_memory
    from ui.app.start import run

    keep_freed_memory()  # Monte Carlo chunks reuse freed arrays instead of page-faulting

    return run(scenario, args.file)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python main.py`` and the ``capex-sim`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["export"]:
            return export(args[1:])
        if args[:1] == ["presets"]:
            return show_presets()
        if args[:1] == ["calibrate"]:
            return calibrate(args[1:])
        if args[:1] == ["report"]:
            return report(args[1:])
        return run_app(args)
    except (ScenarioError, CliError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
