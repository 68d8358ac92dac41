"""The exporters registry: every exporter's bytes read back, one render path for all."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtGui import QImage

from simulator import load_preset, simulate
from simulator.analysis.montecarlo import run
from simulator.export.stream import Streamed
from simulator.export.trace import trace_line
from simulator.units import Money
from ui.charts.reported import reported
from ui.export.exporters import (
    EXPORTERS,
    ExportJob,
    chart_bytes,
    cumulative_png,
    export,
    export_bytes,
)
from ui.export.report import ReportCase

BASE = load_preset("Alibaba 2025 plan (base)")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def case() -> ReportCase:
    return ReportCase(BASE, simulate(BASE), run(BASE, paths=500))


def read_back(data: bytes, fmt: str, job: ExportJob) -> None:
    """Parse ``data`` as ``fmt``; images must have the job's size."""
    if fmt == "png":
        image = QImage.fromData(data, "PNG")
        assert (image.width(), image.height()) == (job.width, job.height)
        assert image.text("Trace") == job.case.trace
    elif fmt == "svg":
        root = ET.fromstring(data)
        assert root.tag == f"{SVG}svg" and root.get("width") == str(job.width)
        assert root.find(f"{SVG}desc").text == job.case.trace
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert len(rows) > 5
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).sheetnames[0] == BASE.name
    elif fmt == "pdf":
        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert "Scenario report" in " ".join(text.split())
    else:
        raise AssertionError(fmt)


@pytest.mark.parametrize(
    ("exporter_id", "fmt"), [(e.id, f) for e in EXPORTERS.values() for f in e.formats]
)
def test_every_exporter_writes_bytes_that_read_back(qapp, case, exporter_id, fmt):
    job = ExportJob((case,), fmt, Money(), 900, 600)
    data = export_bytes(exporter_id, job)
    assert isinstance(data, bytes) and data
    if exporter_id.startswith("uncertainty.") and fmt == "csv":  # big tables stream
        assert isinstance(export(exporter_id, job), Streamed)
    read_back(data, fmt, job)


def test_ids_and_formats():
    assert {"dashboard", "chart.cumulative", "data", "workbook", "report"} <= set(EXPORTERS)
    assert all(e.formats and e.title for e in EXPORTERS.values())


def test_a_format_the_exporter_does_not_write_is_refused(case):
    with pytest.raises(ValueError, match="writes png, svg"):
        export("chart.cash", ExportJob((case,), "pdf"))


def test_the_command_line_png_is_the_windows_render(qapp):
    """``cumulative_png`` (main.py export --png) and the window's exporter share one
    render path, relayout pass included: the same pixels for the same chart."""
    result, marks, trace = simulate(BASE), reported(BASE), trace_line(BASE)
    cli = QImage.fromData(cumulative_png(result, BASE.name, 1000, 600, marks, trace=trace))
    title = f"{BASE.name}: cumulative capex vs cumulative revenue"
    window = QImage.fromData(
        chart_bytes("cumulative", "png", result, Money(), 1000, 600, trace, marks, title)
    )
    assert cli.size() == window.size() and cli == window
    assert cli.text("Trace") == trace


def test_monte_carlo_charts_follow_the_chosen_column_and_metric(qapp, case):
    base = ExportJob((case,), "png", Money(), 1200, 500)
    other = ExportJob((case,), "png", Money(), 1200, 500, column="cum_capex", metric="irr")
    assert export("uncertainty.charts", base) != export("uncertainty.charts", other)
