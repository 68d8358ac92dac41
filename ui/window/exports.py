"""The window's File → Export commands: what each covers, through the exporters registry.

Every export is one call of :func:`ui.document.file_dialogs.save_bytes` (save
dialog, atomic write, error dialog) around an exporter of
:data:`ui.export.exporters.EXPORTERS`, fed from the projection (result, reported
actuals, money) and, for reports and workbooks, from :meth:`WindowExports.report_cases`:
the compared scenarios on the Compare tab, else the active one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.document.file_dialogs import save_bytes

if TYPE_CHECKING:
    from ui.export.report.build import ReportCase
    from ui.window.main_window import MainWindow

# The exporters (and the report and workbook writers behind them) are imported when
# an export is first asked for: the window's first screen does not need them.

A4, LETTER = "PDF, A4 pages (*.pdf)", "PDF, Letter pages (*.pdf)"


class WindowExports:
    """The exports of ``window``'s scenario (or comparison)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def report_cases(self) -> list[ReportCase]:
        """What a report or workbook covers: the compared scenarios on the Compare tab
        (with their Monte Carlo runs, if made), else the active one (with its last full
        Monte Carlo run when that is of the current scenario). Results come from the
        projection's cache: nothing is simulated again."""
        from ui.export.report.build import ReportCase

        w = self.window
        cache = w.projection.cache
        compare = w.views.compare if w.views.current_name() == "compare" else None
        if compare is not None and compare.checked_documents():
            docs = compare.checked_documents()
            runs = compare.mc_results or [None] * len(docs)
            return [
                ReportCase(d.scenario, cache.result(d.scenario), mc)
                for d, mc in zip(docs, runs, strict=False)
            ]
        controller = w.views.controller
        mc = controller.last
        current = mc is not None and not controller.last_quick and controller.is_current
        return [ReportCase(w.projection.scenario, w.projection.result, mc if current else None)]

    def _stem(self, cases: list[ReportCase]) -> str:
        return cases[0].scenario.name if len(cases) == 1 else "Comparison"

    def _this(self) -> ReportCase:
        from ui.export.report.build import ReportCase

        p = self.window.projection
        return ReportCase(p.scenario, p.result)

    def export_png(self) -> None:
        """One chart or the dashboard as PNG or SVG, the trace line in its footer."""
        from ui.export.dialog import ChartExportDialog
        from ui.export.exporters import ExportJob, chart_exporter

        w = self.window
        dialog = ChartExportDialog(w, w.views.focused_chart())
        if not dialog.exec():
            return
        name, fmt = dialog.chart_name(), dialog.suffix()
        job = ExportJob(
            (self._this(),),
            fmt,
            w.projection.money,
            dialog.width_box.value(),
            dialog.height_box.value(),
        )
        save_bytes(
            w,
            f"Export {fmt.upper()}",
            w.files.folder() / f"{w.scenario.name} {name}.{fmt}",
            f"{fmt.upper()} files (*.{fmt})",
            lambda _chosen: chart_exporter(name).export(job),
        )

    def export_csv(self) -> None:
        """The quarterly columns as CSV (MODEL.md section 3), with the reported ones."""
        from ui.export.exporters import ExportJob, export

        w = self.window
        job = ExportJob((self._this(),), "csv")
        save_bytes(
            w,
            "Export data as CSV",
            w.files.folder() / f"{w.scenario.name}.csv",
            "CSV files (*.csv)",
            lambda _chosen: export("data", job),
        )

    def export_xlsx(self) -> None:
        """Every series, KPI and assumption as an XLSX workbook."""
        from ui.export.exporters import ExportJob, export

        w = self.window
        cases = self.report_cases()
        job = ExportJob(tuple(cases), "xlsx")
        save_bytes(
            w,
            "Export data as XLSX",
            w.files.folder() / f"{self._stem(cases)}.xlsx",
            "Excel workbooks (*.xlsx)",
            lambda _chosen: export("workbook", job),
        )

    def export_report(self) -> None:
        """The report (this scenario, or the comparison) as a PDF, A4 or Letter."""
        from ui.export.exporters import ExportJob, export

        w = self.window
        cases = self.report_cases()

        def make(chosen: str) -> bytes:
            page = "letter" if chosen == LETTER else "a4"
            job = ExportJob(tuple(cases), "pdf", page=page, in_usd=w.projection.in_usd)
            return export("report", job)

        save_bytes(
            w,
            "Export report",
            w.files.folder() / f"{self._stem(cases)}.pdf",
            f"{A4};;{LETTER}",
            make,
        )
