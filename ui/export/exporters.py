"""The registry of exporters: everything the app can write, as bytes, without a dialog.

An :class:`Exporter` has an id, a title, the formats it writes and a ``render``
function from an :class:`ExportJob` (the scenarios with their results and Monte
Carlo runs, the format, the money unit, the size or page) to the file's bytes, or,
for the Monte Carlo tables (a million paths make hundreds of megabytes), to a
:class:`~simulator.export.stream.Streamed` file that is written block by block, off
the GUI thread, when saved (:func:`ui.document.file_dialogs.save_bytes`).
Charts are rendered by the one off-screen path of :mod:`ui.export.render`, so the
window, the command line (:func:`cumulative_png`) and the PDF report draw them
alike. Nothing here asks the user or touches the disk: the window wraps a call in
:func:`ui.document.file_dialogs.save_bytes`, the command line writes the bytes
itself, and tests read them back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtWidgets import QWidget

from simulator import Result
from simulator.export.stream import Payload, Streamed
from simulator.units import Money
from ui.app.qt_env import application
from ui.charts.dashboard import CHARTS, Dashboard
from ui.charts.fan import FanChart
from ui.charts.histogram import DistributionChart
from ui.charts.reported import Reported, reported
from ui.export.render import Maker, render_bytes
from ui.export.report.build import ReportCase

CHART_TITLES = {
    "dashboard": "All five charts (dashboard)",
    "cumulative": "Cumulative capex vs revenue",
    "capex": "Capex and depreciation",
    "revenue": "Revenue and AI demand",
    "cash": "Free cash flow",
    "capacity": "AI capacity vs demand",
}
"""The charts the window exports, by name (``dashboard``: the five in their grid)."""


@dataclass(frozen=True)
class ExportJob:
    """What to export: the scenarios (with results, Monte Carlo runs) and how.

    Single-scenario exporters use the first case. ``width``/``height`` are the image's
    pixels (the trace footer inside), ``page`` the PDF's paper, ``title`` a chart's
    title instead of its own, ``column``/``metric`` the Monte Carlo fan chart's
    column and distribution chart's metric.
    """

    cases: tuple[ReportCase, ...]
    fmt: str
    money: Money = field(default_factory=Money)
    width: int = 1600
    height: int = 1000
    page: str = "a4"
    in_usd: bool = False
    title: str = ""
    column: str = "cum_fcf"
    metric: str = "npv"

    @property
    def case(self) -> ReportCase:
        """The (first) scenario exported."""
        return self.cases[0]


@dataclass(frozen=True)
class Exporter:
    """One kind of export: ``render(job)`` gives a file in ``job.fmt`` (its bytes, or a
    streamed file)."""

    id: str
    title: str
    formats: tuple[str, ...]
    render: Callable[[ExportJob], Payload]

    def export(self, job: ExportJob) -> Payload:
        """The file of ``job`` (ValueError for a format this exporter does not write)."""
        if job.fmt not in self.formats:
            raise ValueError(f"{self.id} writes {', '.join(self.formats)}, not {job.fmt}")
        return self.render(job)


# --- charts ------------------------------------------------------------------------


def _main_chart(
    name: str, result: Result, money: Money, marks: Reported | None, title: str
) -> QWidget:
    widget = CHARTS[name]() if name in CHARTS else Dashboard()
    if title:
        widget.set_title(title)  # type: ignore[union-attr]
    widget.set_result(result, money, marks)
    return widget


def chart_bytes(
    name: str,
    fmt: str,
    result: Result,
    money: Money,
    width: int,
    height: int,
    trace: str,
    marks: Reported | None = None,
    title: str = "",
) -> bytes:
    """Chart ``name`` (a key of :data:`CHART_TITLES`) of ``result`` as PNG or SVG bytes,
    with the ``marks`` of reported actuals and the ``trace`` footer."""
    make: Maker = partial(_main_chart, name, result, money, marks, title)
    return render_bytes([make], fmt, width, height, trace)


def cumulative_png(
    result: Result,
    title: str,
    width: int = 1200,
    height: int = 700,
    reported: Reported | None = None,
    trace: str = "",
    money: Money | None = None,
) -> bytes:
    """The cumulative capex vs revenue chart of ``result`` as PNG bytes (the command
    line's ``--png``), titled, with the ``reported`` actuals' running totals as
    markers and, when given, the ``trace`` line in a footer and a ``Trace`` chunk.
    Amounts are labelled ``bn CNY`` unless ``money`` names the scenario's currency."""
    application()  # the command line has no application yet
    full = f"{title}: cumulative capex vs cumulative revenue"
    shown = money or Money()
    return chart_bytes("cumulative", "png", result, shown, width, height, trace, reported, full)


def _chart(name: str, job: ExportJob) -> bytes:
    case = job.case
    marks = reported(case.scenario)
    return chart_bytes(
        name, job.fmt, case.result, job.money, job.width, job.height, case.trace, marks, job.title
    )


def _fan(job: ExportJob) -> QWidget:
    chart = FanChart()
    chart.column = job.column
    chart.set_result(job.case.mc, job.money)  # type: ignore[arg-type]
    return chart


def _histogram(job: ExportJob) -> QWidget:
    chart = DistributionChart()
    chart.metric_key = job.metric
    chart.set_result(job.case.mc, job.money)  # type: ignore[arg-type]
    return chart


def _mc_charts(job: ExportJob) -> bytes:
    makers = [partial(_fan, job), partial(_histogram, job)]
    return render_bytes(makers, job.fmt, job.width, job.height, job.case.trace)


# --- data and documents --------------------------------------------------------------


def _data_csv(job: ExportJob) -> bytes:
    from simulator.export.tables import csv_text

    case = job.case
    return csv_text(case.result, actuals=case.scenario.actual_series).encode("utf-8")


def _workbook(job: ExportJob) -> bytes:
    from simulator.export.xlsx import workbook_bytes  # openpyxl: only when used

    seeds = [c.seed for c in job.cases]
    runs = [c.mc for c in job.cases]
    return workbook_bytes([(c.scenario, c.result) for c in job.cases], seeds, runs)


def _report(job: ExportJob) -> bytes:
    from ui.export.report.build import report_pdf

    return report_pdf(list(job.cases), page=job.page, in_usd=job.in_usd)


def _mc_table(kind: str, job: ExportJob) -> Streamed:
    """The samples or statistics CSV of the job's run, streamed (nothing computed yet)."""
    from simulator.export.samples import samples_stream, stats_stream

    assert job.case.mc is not None, "a Monte Carlo table needs a run"
    return samples_stream(job.case.mc) if kind == "samples" else stats_stream(job.case.mc)


EXPORTERS: dict[str, Exporter] = {
    e.id: e
    for e in (
        *(
            Exporter(
                "dashboard" if name == "dashboard" else f"chart.{name}",
                title,
                ("png", "svg"),
                partial(_chart, name),
            )
            for name, title in CHART_TITLES.items()
        ),
        Exporter("data", "Quarterly data", ("csv",), _data_csv),
        Exporter("workbook", "Series, KPIs and assumptions", ("xlsx",), _workbook),
        Exporter("report", "Report", ("pdf",), _report),
        Exporter("uncertainty.charts", "Fan and distribution charts", ("png", "svg"), _mc_charts),
        Exporter(
            "uncertainty.stats", "Monte Carlo statistics", ("csv",), partial(_mc_table, "stats")
        ),
        Exporter(
            "uncertainty.samples", "Monte Carlo samples", ("csv",), partial(_mc_table, "samples")
        ),
    )
}
"""Every exporter, by id."""


def chart_exporter(name: str) -> Exporter:
    """The exporter of chart ``name`` (``dashboard`` or a main chart's name)."""
    return EXPORTERS["dashboard" if name == "dashboard" else f"chart.{name}"]


def export(exporter_id: str, job: ExportJob) -> Payload:
    """The file of ``job`` from exporter ``exporter_id``: bytes, or a streamed file for
    the Monte Carlo tables (:func:`export_bytes` gives bytes for every exporter)."""
    return EXPORTERS[exporter_id].export(job)


def export_bytes(exporter_id: str, job: ExportJob) -> bytes:
    """The whole file of ``job`` in memory, streamed ones too (for small files)."""
    payload = export(exporter_id, job)
    return payload.to_bytes() if isinstance(payload, Streamed) else payload
