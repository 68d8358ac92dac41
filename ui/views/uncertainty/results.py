"""The Uncertainty tab's results: the headline, then five pages, greyed while stale.

Pages (``risk.pages``): the fan and distribution charts; the statistics table with its
copy and export buttons; convergence; what drives the spread (regression tornado,
Sobol' indices); the stress test. While the results shown are of an older scenario,
:class:`~ui.common.stale.StaleMark` greys the pages and shows "Recomputing…"
(``risk.stale``) over them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import OutcomeSummary
from simulator.units import Money
from ui.common.stale import StaleMark
from ui.common.widgets import named_button
from ui.views.uncertainty.convergence import ConvergencePanel
from ui.views.uncertainty.drivers import DriversPanel
from ui.views.uncertainty.panels import DistributionPanel, FanPanel
from ui.views.uncertainty.stress import StressPanel
from ui.views.uncertainty.summary import RunSummary
from ui.views.uncertainty.table import StatsTable

PAGES = ("Distributions", "Statistics", "Convergence", "Drivers", "Stress test")


class RiskResults(QWidget):
    """The headline and the five result pages of one run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = RunSummary()
        self.fan = FanPanel()
        self.distribution = DistributionPanel()
        self.table = StatsTable()
        self.table_notes = QLabel()
        self.table_notes.setObjectName("risk.stats_notes")
        self.table_notes.setWordWrap(True)
        self.table_notes.setStyleSheet("color: #7e5109; font-size: 8pt;")
        self.convergence = ConvergencePanel()
        self.drivers = DriversPanel()
        self.stress = StressPanel()
        self.pages = QTabWidget()
        self.pages.setObjectName("risk.pages")
        self.pages.setDocumentMode(True)
        for title, page in zip(PAGES, self._pages(), strict=True):
            self.pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, stretch=1)
        self.stale = StaleMark(self.pages, "risk.stale", also=(self.summary,))

    def _pages(self) -> list[QWidget]:
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.setObjectName("risk.charts")
        charts.addWidget(self.fan)
        charts.addWidget(self.distribution)
        charts.setChildrenCollapsible(False)
        charts.setStretchFactor(0, 1)
        charts.setStretchFactor(1, 1)
        statistics = QWidget()
        box = QVBoxLayout(statistics)
        box.setContentsMargins(0, 4, 0, 0)
        box.addLayout(self._table_bar())
        box.addWidget(self.table, stretch=1)
        box.addWidget(self.table_notes)
        return [charts, statistics, self.convergence, self.drivers, self.stress]

    def _table_bar(self) -> QHBoxLayout:
        self.copy_button = named_button("risk.copy", "Copy table")
        self.stats_button = named_button("risk.export_stats", "Statistics CSV…")
        self.samples_button = named_button("risk.export_samples", "Samples CSV…")
        self.png_button = named_button("risk.export_png", "Charts as PNG…")
        self.copy_button.clicked.connect(self.table.copy_all)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Statistics of the defined paths</b>"))
        row.addStretch(1)
        for button in self.export_buttons():
            row.addWidget(button)
        return row

    def export_buttons(self) -> tuple[QPushButton, ...]:
        """Copy, statistics CSV, samples CSV and charts PNG."""
        return (self.copy_button, self.stats_button, self.samples_button, self.png_button)

    def show_run(
        self,
        mc: MonteCarloResult,
        table: dict[str, OutcomeSummary],
        money: Money,
        names: Callable[[str], str],
    ) -> None:
        """Draw ``mc`` and its statistics ``table`` (inputs named by ``names``)."""
        self.fan.set_result(mc, money)
        self.distribution.set_result(mc, money)
        self.summary.set_result(mc, table, money)
        self.table.set_table(table, money)
        notes = self.table.notes()
        self.table_notes.setText("\n".join(notes))
        self.table_notes.setVisible(bool(notes))
        self.stress.set_inputs([p for p in mc.draws], names)

    def set_money(
        self, mc: MonteCarloResult, table: dict[str, OutcomeSummary], money: Money
    ) -> None:
        """Redraw in ``money`` (no recomputation)."""
        self.fan.set_money(money)
        self.distribution.set_money(money)
        self.summary.set_result(mc, table, money)
        self.table.set_table(table, money)
