"""The Uncertainty tab's results: the headline, then five pages, greyed while stale.

Pages (``risk.pages``): the fan and distribution charts; the statistics table with its
copy and export buttons; convergence; what drives the spread (regression tornado,
Sobol' indices); the stress test. While the results shown are of an older scenario,
:class:`StaleMark` greys the pages and shows "Recomputing…" (``risk.stale``) over them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QGraphicsOpacityEffect,
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
from ui.views.uncertainty.convergence import ConvergencePanel
from ui.views.uncertainty.drivers import DriversPanel
from ui.views.uncertainty.panels import DistributionPanel, FanPanel
from ui.views.uncertainty.stress import StressPanel
from ui.views.uncertainty.summary import RunSummary
from ui.views.uncertainty.table import StatsTable

STALE_STYLE = (
    "QLabel { background: #fdf2e9; color: #7e5109; border: 1px solid #e0a96d;"
    " border-radius: 4px; padding: 4px 10px; font-weight: 600; }"
)
STALE_OPACITY = 0.35
PAGES = ("Distributions", "Statistics", "Convergence", "Drivers", "Stress test")


class StaleMark(QLabel):
    """A badge over ``target`` (top centre) that greys it while shown."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target.parentWidget())
        self.target = target
        self.setObjectName("risk.stale")
        self.setStyleSheet(STALE_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.effect = QGraphicsOpacityEffect(target)
        self.effect.setOpacity(STALE_OPACITY)
        self.effect.setEnabled(False)
        target.setGraphicsEffect(self.effect)
        target.installEventFilter(self)
        self.hide()

    @property
    def shown(self) -> bool:
        """Whether the results are marked stale (the badge is up)."""
        return not self.isHidden()

    def mark(self, text: str) -> None:
        """Grey the target and show ``text`` ('' clears the mark)."""
        self.effect.setEnabled(bool(text))
        self.setText(text)
        self.setVisible(bool(text))
        if text:
            self.adjustSize()
            self._place()
            self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Follow the target's moves and resizes."""
        if watched is self.target and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place()
        return False

    def _place(self) -> None:
        area = self.target.geometry()
        self.move(area.center().x() - self.width() // 2, area.top() + 34)


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
        self.stale = StaleMark(self.pages)

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
        self.copy_button = _button("risk.copy", "Copy table")
        self.stats_button = _button("risk.export_stats", "Statistics CSV…")
        self.samples_button = _button("risk.export_samples", "Samples CSV…")
        self.png_button = _button("risk.export_png", "Charts as PNG…")
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


def _button(name: str, text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button
