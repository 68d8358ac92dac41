"""PDF reports, SVG/PNG chart exports with their trace, overlays and ``main.py report``."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from datetime import datetime

import numpy as np
import pytest
from conftest import REPO
from helpers import cli
from openpyxl import load_workbook
from pypdf import PdfReader

from simulator import COLUMNS, SUMMARY_KEYS, load_preset, simulate
from simulator.analysis.compare import assumption_rows, kpi_table
from simulator.analysis.montecarlo import run
from simulator.export.trace import trace_line
from simulator.model.analyst import GUARDRAILS
from simulator.model.outputs import COLUMN_INFO, METRICS
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.charts.dashboard import CHARTS
from ui.common.format import guardrail_band, metric_delta_text, metric_text

NAMES = ("Alibaba 2025 plan (base)", "Alibaba 2025 plan (bull)", "Beyond 380 bn (extended plan)")
STEMS = ("alibaba-2025-base", "alibaba-2025-bull", "alibaba-beyond-380")
MADE = datetime(2025, 3, 1, 9, 30)
POINTS = {"a4": (595, 842), "letter": (612, 792)}


def words(text: str) -> str:
    """Text with every run of whitespace as one space (PDF text comes out tab-separated)
    and ligatures (ﬀ, ﬁ) as letters."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_pages(data: bytes) -> list[str]:
    return [words(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def cases(names: tuple[str, ...], monte_carlo: bool = False) -> list:
    from ui.export.report import ReportCase

    scenarios = [load_preset(n) for n in names]
    return [
        ReportCase(s, simulate(s), run(s, paths=2000) if monte_carlo else None) for s in scenarios
    ]


@pytest.fixture
def report(qapp):
    from ui.export.report import report_pdf

    return report_pdf


def test_single_report_pages_kpis_and_trace(report):
    (case,) = cases(NAMES[:1])
    pages = pdf_pages(report([case], made=MADE))
    # seven pages: version 2's key figures and guardrails, five charts, the longer
    # notes, the NPV tornado
    assert len(pages) == 7
    assert f"What moves the NPV of {NAMES[0]}: each input from its low" in " ".join(pages)
    first = pages[0]
    assert "Scenario report: Alibaba 2025 plan (base)" in first
    assert "2025-03-01 09:30" in first
    summary = case.result.summary
    npv = metric_text("npv", summary["npv"], Money())
    assert npv == "-101.6 bn CNY" and f"NPV {npv}" in first
    assert "Payback never within horizon" in first
    for i, text in enumerate(pages, start=1):
        assert trace_line(case.scenario) in text
        assert f"Page {i} of 7" in text
    assert "What moves the NPV" in pages[3]  # the tornado after the last chart
    assert pages[4].startswith("Assumptions") and "Notes" in pages[5]
    data = report([case], made=MADE)
    assert all(not p.images for p in PdfReader(io.BytesIO(data)).pages)  # charts as vectors


def test_key_figures_hold_every_metric_and_a_line_per_guardrail(report):
    (case,) = cases(NAMES[:1])
    first = pdf_pages(report([case], made=MADE))[0]
    summary = case.result.summary
    for key in SUMMARY_KEYS:  # every metric, labelled from the metric table
        label = METRICS[key].label
        assert f"{label} {metric_text(key, summary[key], Money())}" in words(first), key
    assert "NPV of the horizon -129.7 bn CNY Terminal value (present) 28.1 bn CNY" in first
    assert "Guardrails (sourced benchmarks)" in first
    for g in GUARDRAILS:  # label, source, value (flagged: "outside"), benchmark, band
        metric = METRICS[g.metric]
        value = metric.text(summary[g.metric])
        shown = f"{value} (outside)" if g.flagged(summary[g.metric]) else value
        line = f"{g.label} {g.source} {shown} {metric.text(g.benchmark)} {guardrail_band(g)}"
        assert words(line) in first, g.metric
    assert "EBIT margin Alibaba Cloud adjusted EBITA margin about 9 % (FACTS.md) 22.1 %" in first
    assert "0.95 x 0.94 x 0.47 x to 1.88 x" in first  # capex intensity: inside its band


def test_the_report_charts_are_the_five_main_charts(report):
    (case,) = cases(NAMES[:1])
    body = " ".join(pdf_pages(report([case], made=MADE)))
    assert len(CHARTS) == 5
    for title in (
        "Cumulative capex vs revenue",
        "Capex, depreciation, net PP&E",
        "Cloud revenue vs AI demand",
        "Programme free cash flow",
        "AI capacity vs demand",
    ):
        assert title in body, title
    for entry in ("Refresh capex", "NPV with terminal value", "Capacity with the programme"):
        assert entry in body, entry
    # a one-scenario report marks the file's reported actuals, as the app's charts do
    for entry in ("Reported capex (running total)", "Reported cloud revenue"):
        assert entry in body, entry


def test_comparison_report_kpi_table_and_every_trace(report):
    compared = cases(NAMES)
    pages = pdf_pages(report(compared, made=MADE))
    assert len(pages) == 10  # version 2's key figures and guardrails, five overlays, tornados
    first = pages[0]
    assert "Scenario comparison: 3 scenarios" in first
    money = Money()
    rows = {r.key: r for r in kpi_table([c.result for c in compared])}
    npv = [metric_text("npv", v, money) for v in rows["npv"].values]
    diffs = [metric_delta_text("npv", d, money) for d in rows["npv"].differences]
    assert " ".join(["NPV", *npv, *diffs]) in first  # one row: values, then differences
    assert diffs == ["+188.6 bn CNY", "-19.2 bn CNY"]  # bull and beyond-380 against base
    assert "Guardrails (sourced benchmarks)" in " ".join(pages[:2])  # after the key figures
    for name in NAMES:
        assert name in first
    for text in pages:
        assert all(trace_line(c.scenario) in text for c in compared)
    body = " ".join(pages)
    assert "What moves the NPV from Alibaba 2025 plan (base) to Alibaba 2025 plan (bull)" in body
    assert "Assumptions (differences highlighted)" in body
    assert "AI capacity vs demand" in body  # the capacity chart's overlay
    for name in NAMES:  # an NPV tornado per scenario
        assert f"What moves the NPV of {name}: each input from its low" in body


def test_monte_carlo_sections_and_seed_in_the_trace(report):
    compared = cases(NAMES[:2], monte_carlo=True)
    pages = pdf_pages(report(compared, made=MADE))
    body = " ".join(pages)
    assert "Monte Carlo statistics" in body and "P(NPV > 0)" in body
    assert all(f"{trace_line(c.scenario, 2025)}" in pages[-1] for c in compared)
    single = pdf_pages(report(compared[:1], made=MADE))
    assert len(single) == 8 and "seed 2025" in single[0]  # the six pages and two of the run


@pytest.mark.parametrize("page", ["a4", "letter"])
def test_page_sizes(report, page):
    data = report(cases(NAMES[:1]), page=page, made=MADE)
    for p in PdfReader(io.BytesIO(data)).pages:
        size = (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        assert size == POINTS[page]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_every_page_renders_with_content(report, tmp_path):
    from PySide6.QtGui import QImage

    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(report(cases(NAMES, monte_carlo=True), page="letter", made=MADE))
    subprocess.run(["pdftoppm", "-r", "60", "-png", pdf, tmp_path / "p"], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == len(PdfReader(pdf).pages) >= 8
    for path in images:
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_Grayscale8)
        pixels = np.array(
            [
                image.pixelColor(x, y).value()
                for y in range(0, image.height(), 3)
                for x in range(0, image.width(), 3)
            ]
        )
        assert (pixels < 200).mean() > 0.005, path.name  # text and charts, not a blank page


def test_assumption_rows_mark_what_differs():
    rows = {r.path: r for r in assumption_rows([load_preset(n) for n in NAMES])}
    assert rows["program.total_capex"].values == (380.0, 380.0, 480.0)
    assert rows["program.total_capex"].differs and rows["revenue.yield"].differs
    assert not rows["economics.tax_rate"].differs
    assert rows["program.categories.0.share"].values == (0.55, 0.55, 0.55)


def test_mixed_currencies_are_refused(report):
    base = load_preset(NAMES[0])
    usd = Scenario.from_dict(base.to_dict() | {"currency": "USD", "usd_fx": 1.0, "name": "usd"})
    from simulator.errors import ScenarioError
    from ui.export.report import ReportCase

    with pytest.raises(ScenarioError, match="different currencies"):
        report([ReportCase(base, simulate(base)), ReportCase(usd, simulate(usd))])


# -- overlays ----------------------------------------------------------------------------


def test_overlay_curves_are_each_scenarios_own_columns(qtbot):
    from ui.charts.overlay import OVERLAYS, OverlayChart, scenario_color

    results = [simulate(load_preset(n)) for n in NAMES]
    money = Money(0.5, "half bn")
    for name, spec in OVERLAYS.items():
        chart = OverlayChart(name)
        qtbot.addWidget(chart)
        chart.set_results(NAMES, results, money)
        assert len(chart.curves) == 3
        for i, (result, curves) in enumerate(zip(results, chart.curves, strict=True)):
            for line, curve in zip(spec.lines, curves, strict=True):
                x, y = curve.getData()
                np.testing.assert_array_equal(y, result.columns[line.column] * 0.5)
                offset = 1.0 if line.stock else 0.5
                np.testing.assert_array_equal(x, np.arange(result.columns["capex"].size) + offset)
                assert curve.opts["pen"].color().name() == scenario_color(i)
        labels = [label.text for _, label in chart.legend.items]
        assert labels[-3:] == list(NAMES)
        chart.set_results(NAMES[:2], results[:2], money)  # fewer scenarios: curves go
        assert len(chart.curves) == 2 and len(chart.legend.items) == len(spec.lines) + 2


def test_overlay_fan_and_distribution_follow_the_runs(qtbot):
    from ui.charts.overlay_mc import OverlayDistributionChart, OverlayFanChart

    runs = [run(load_preset(n), paths=500) for n in NAMES[:2]]
    fan = OverlayFanChart()
    qtbot.addWidget(fan)
    fan.set_results(NAMES[:2], runs, Money())
    for mc, median in zip(runs, fan.medians, strict=True):
        np.testing.assert_array_equal(median.getData()[1], mc.bands["cum_fcf"][2])
    dist = OverlayDistributionChart()
    qtbot.addWidget(dist)
    dist.set_results(NAMES[:2], runs, Money())
    assert len(dist.outlines) == 2
    for mc, outline in zip(runs, dist.outlines, strict=True):
        assert outline.getData()[1].sum() == pytest.approx(1.0)  # NPV is always defined
        assert np.isfinite(mc.metrics["npv"]).all()


# -- chart exports with their trace ----------------------------------------------------


@pytest.mark.parametrize("name", ["dashboard", "cash"])
def test_svg_export_is_xml_with_the_trace(qapp, name):
    from ui.export.exporters import chart_bytes

    scenario = load_preset(NAMES[0])
    trace = trace_line(scenario, 2025)
    data = chart_bytes(name, "svg", simulate(scenario), Money(), 1200, 800, trace)
    root = ET.fromstring(data)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("width") == "1200"
    assert root.find(f"{ns}desc").text == trace
    assert trace in [t.text for t in root.iter(f"{ns}text")]
    assert b"<!-- trace: " in data
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    prefixes = {i.split("_")[0] for i in ids}  # each chart's ids apart from the others'
    assert prefixes == {f"c{k}" for k in range(5 if name == "dashboard" else 1)}  # five charts


def test_png_export_shows_and_stores_the_trace(qapp):
    from PySide6.QtGui import QImage

    from ui.export.exporters import chart_bytes

    scenario = load_preset(NAMES[0])
    trace = trace_line(scenario)
    data = chart_bytes("cumulative", "png", simulate(scenario), Money(), 1000, 600, trace)
    image = QImage.fromData(data, "PNG")
    assert (image.width(), image.height()) == (1000, 600)
    assert image.text("Trace") == trace
    footer = [image.pixelColor(x, 595).name() for x in range(0, 400)]
    assert any(c != "#ffffff" for c in footer)  # the footer text is drawn


def test_export_dialog_offers_the_chart_exporters(qtbot):
    from ui.export.dialog import ChartExportDialog
    from ui.export.exporters import ExportJob, chart_exporter
    from ui.export.report import ReportCase

    dialog = ChartExportDialog(None, "capex")
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("svg"))
    assert dialog.suffix() == "svg" and dialog.chart_name() == "capex"
    scenario = load_preset(NAMES[0])
    job = ExportJob((ReportCase(scenario, simulate(scenario)),), dialog.suffix())
    data = chart_exporter(dialog.chart_name()).export(job)
    assert ET.fromstring(data).find("{http://www.w3.org/2000/svg}desc").text == trace_line(scenario)


# -- main.py report --------------------------------------------------------------------


def test_cli_report_of_three_presets_writes_pdf_and_xlsx(tmp_path):
    pdf, xlsx, csv_path = tmp_path / "r.pdf", tmp_path / "r.xlsx", tmp_path / "base.csv"
    args = [a for stem in STEMS for a in ("--preset", stem)]
    out = cli("report", *args, "--pdf", pdf, "--xlsx", xlsx, "--page", "letter")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    reader = PdfReader(pdf)
    assert round(float(reader.pages[0].mediabox.height)) == 792
    assert "Scenario comparison: 3 scenarios" in words(reader.pages[0].extract_text())
    book = load_workbook(xlsx)
    assert book.sheetnames[-3:] == ["KPIs", "Assumptions", "About"]
    assert cli("export", "--preset", STEMS[0], "--csv", csv_path).returncode == 0
    rows = list(csv.reader(csv_path.read_text().splitlines()))
    sheet = book[book.sheetnames[0]]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][: len(COLUMNS) + 1] == ["Period", *(COLUMN_INFO[c].header() for c in COLUMNS)]
    assert len(values) == len(rows)
    for got, want in zip(values[1:], rows[1:], strict=True):
        assert got[0] == want[0]
        # the CSV puts the category columns after MODEL.md's, the sheet after every column
        cells = [want[rows[0].index(c)] for c in COLUMNS]
        # an undefined ratio (version 2) is an empty cell in both
        assert [v is None for v in got[1 : len(COLUMNS) + 1]] == [c == "" for c in cells]
        want_values = [float(v) for v in cells if v != ""]
        got_values = [v for v in got[1 : len(COLUMNS) + 1] if v is not None]
        assert got_values == pytest.approx(want_values, rel=1e-15, abs=1e-12)  # as the model test


def test_cli_report_from_files_with_monte_carlo(tmp_path):
    base = REPO / "resources" / "scenarios" / f"{STEMS[0]}.json"
    pdf = tmp_path / "one.pdf"
    out = cli("report", base, "--pdf", pdf, "--monte-carlo")
    assert out.returncode == 0, out.stderr
    text = " ".join(words(p.extract_text()) for p in PdfReader(pdf).pages)
    assert "Monte Carlo statistics" in text and "seed 2025" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["GOOD", "BAD"], "bad.json: not valid JSON"),
        (["GOOD", "--preset", "no such preset"], "no such preset"),
        (["GOOD", "--page", "a3"], "invalid choice"),
        ([], "give one or more scenario files"),
    ],
)
def test_cli_report_bad_input_writes_nothing(tmp_path, args, expected):
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    good = REPO / "resources" / "scenarios" / f"{STEMS[0]}.json"
    pdf, xlsx = tmp_path / "out.pdf", tmp_path / "out.xlsx"
    argv = [good if a == "GOOD" else bad if a == "BAD" else a for a in args]
    out = cli("report", *argv, "--pdf", pdf, "--xlsx", xlsx)
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.splitlines()) == 1 and out.stderr.startswith("error: ")
    assert expected in out.stderr
    assert not pdf.exists() and not xlsx.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_cli_report_keeps_existing_outputs_on_bad_input(tmp_path):
    pdf, xlsx = tmp_path / "out.pdf", tmp_path / "out.xlsx"
    pdf.write_bytes(b"old pdf")
    xlsx.write_bytes(b"old xlsx")
    out = cli(
        "report", "--preset", STEMS[0], tmp_path / "missing.json", "--pdf", pdf, "--xlsx", xlsx
    )
    assert out.returncode == 2 and len(out.stderr.splitlines()) == 1
    assert pdf.read_bytes() == b"old pdf" and xlsx.read_bytes() == b"old xlsx"


def test_cli_export_png_carries_the_trace(tmp_path):
    from PySide6.QtGui import QImage

    png = tmp_path / "c.png"
    assert cli("export", "--preset", STEMS[0], "--png", png).returncode == 0
    scenario = load_preset(NAMES[0])
    assert QImage(str(png)).text("Trace") == trace_line(scenario)


# -- honest Monte Carlo figures in the report and the workbook ---------------------------


def test_a_deterministic_run_is_reported_without_probabilities(report):
    from ui.export.report import ReportCase

    fixed = load_preset(NAMES[1]).with_field("uncertainty", {"paths": 500})
    mc = run(fixed)
    assert mc.deterministic_only
    body = " ".join(pdf_pages(report([ReportCase(fixed, simulate(fixed), mc)], made=MADE)))
    assert "P(NPV > 0) (95% interval) no uncertain inputs — deterministic" in body
    assert "P(IRR > discount rate) (95% interval) no uncertain inputs — deterministic" in body
    section = body.split("Monte Carlo statistics", 1)[1].split("Scenario report")[0]
    assert " %" not in section  # no share at all: not even 100 % of identical paths
    assert "Pays back within the horizon yes" in section
    assert "No regression: no uncertain inputs — deterministic" in body


def test_report_gives_intervals_defined_shares_and_the_regression(report):
    from simulator.analysis.regression import rank_regression
    from simulator.analysis.stats import outcome_summary, probabilities
    from ui.export.report import ReportCase

    s = load_preset(NAMES[0])
    mc = run(s, paths=2000)
    body = " ".join(pdf_pages(report([ReportCase(s, simulate(s), mc)], made=MADE)))
    p = probabilities(mc, ())["P(NPV > 0)"]
    assert f"P(NPV > 0) (95% interval) {100 * p.estimate:.1f} % (" in body
    payback = outcome_summary(mc, "payback_years")
    share = f"{100 * payback.share_defined:.1f} % ({payback.defined:,} of 2,000)"
    assert f"Pays back within the horizon {share}" in body
    npv = outcome_summary(mc, "npv")
    assert f"(P{npv.base_case_rank:.0f})" in body
    assert f"Contribution to variance of NPV: {s.name}" in body
    reg = rank_regression(mc, "npv")
    # the PDF's text is read after NFKC, so R² comes back as R2; the base preset
    # correlates its inputs, so the note names Pratt's measure
    assert f"R2 = {reg.r2:.2f}" in body and "Pratt" in body
    top = reg.entries[0]
    assert f"{top.srrc:+.3f} {top.rank_correlation:+.3f} {100 * top.contribution:.1f} %" in body


def test_workbook_has_the_monte_carlo_sheets(qapp):
    from simulator.analysis.regression import rank_regression
    from simulator.analysis.stats import outcome_summary, probabilities
    from ui.export.exporters import ExportJob, export

    compared = cases(NAMES[:2], monte_carlo=True)
    fixed = load_preset(NAMES[1]).with_field("uncertainty", {})
    from ui.export.report import ReportCase

    compared[1] = ReportCase(fixed, simulate(fixed), run(fixed, paths=500))
    book = load_workbook(io.BytesIO(export("workbook", ExportJob(tuple(compared), "xlsx"))))
    assert book.sheetnames[-5:] == [
        "KPIs",
        "Assumptions",
        "Monte Carlo",
        "Contribution to variance",
        "About",
    ]
    rows = list(book["Monte Carlo"].iter_rows(values_only=True))
    base, bull = NAMES[0], NAMES[1]
    mc = compared[0].mc
    p = probabilities(mc, (5.0, 10.0))["P(NPV > 0)"]
    npv_p = next(r for r in rows if r[0] == base and r[1] == "P(NPV > 0)")
    assert npv_p[3] == "95% interval"
    assert [npv_p[2], *npv_p[4:6]] == pytest.approx([p.estimate, p.low, p.high], rel=1e-14)
    assert (bull, "probabilities", "no uncertain inputs — deterministic") in [r[:3] for r in rows]
    assert not any(r[0] == bull and str(r[1]).startswith("P(") for r in rows)
    payback = next(r for r in rows if r[0] == base and r[1] == "Payback")
    s = outcome_summary(mc, "payback_years")
    assert payback[2:4] == (s.defined, s.share_defined) and payback[-1] == s.note()
    variance = list(book["Contribution to variance"].iter_rows(values_only=True))
    reg = rank_regression(mc, "npv")
    mine = [r for r in variance if r[0] == base]
    assert [r[3] for r in mine] == [e.path for e in reg.entries]
    assert [r[6] for r in mine] == pytest.approx([e.contribution for e in reg.entries])
    assert (bull, "NPV", "no uncertain inputs — deterministic") in [r[:3] for r in variance]
