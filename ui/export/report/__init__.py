"""PDF reports of one scenario or a comparison of several (Qt's own PDF writer)."""

from ui.export.report.build import ReportCase, report_pdf
from ui.export.report.layout import PAGE_SIZES

__all__ = ["PAGE_SIZES", "ReportCase", "report_pdf"]
