"""The Projection tab: the key figures above the five charts, following the projection.

The view holds no result of its own: on every ``changed`` of the
:class:`~ui.document.projection.Projection` it redraws the charts in place and
rewrites the KPI strip from the projection's result, reported actuals and money.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from ui.charts.dashboard import Dashboard
from ui.document.projection import Projection
from ui.views.projection.kpi_strip import KpiStrip

MIN_CHART_HEIGHT = 250
"""Pixels: the least height of a chart on screen (title, up to three legend rows, a
plot area of about 130 px and the time axis); a shorter window scrolls the dashboard
instead. Exported images keep the size asked for."""


class ProjectionView(QWidget):
    """``kpi_strip`` and the ``chart.*`` dashboard of ``projection``."""

    def __init__(self, projection: Projection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("view.projection")
        self.projection = projection
        self.kpis = KpiStrip()
        self.dashboard = Dashboard()
        for chart in self.dashboard.charts.values():
            chart.setMinimumHeight(MIN_CHART_HEIGHT)
        # a short window scrolls the charts rather than squash them under their legends
        self.scroll = QScrollArea()
        self.scroll.setObjectName("view.projection.scroll")
        self.scroll.setWidget(self.dashboard)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.kpis)
        layout.addWidget(self.scroll, stretch=1)
        projection.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the projection's result (one frame's work: items move, nothing is rebuilt)."""
        p = self.projection
        self.dashboard.set_result(p.result, p.money, p.reported)
        self.kpis.set_summary(p.result.summary, p.money)
