"""``compare``: the open scenarios side by side.

A checkable list picks the scenarios (each marked with its colour, the same on every
page), then four pages: the five main charts overlaid, the key figures with the
assumptions that differ, the NPV waterfall between two of them, and their Monte
Carlo spread. The view recomputes only while it is shown (:meth:`CompareView.set_active`),
a quiet :data:`DEBOUNCE_MS` after the last edit of any open scenario, and catches up
when shown again; the Monte Carlo page runs on its own while it is on screen. Results
come from the projection's cache (one run per scenario
value, shared with the rest of the window); money follows the projection's choice.
Scenarios of different currencies are all shown in USD, with a note.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced

from simulator import Result
from simulator.analysis.compare import input_diff, kpi_table
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.charts.base import link_time_axes
from ui.charts.overlay import OVERLAYS, OverlayChart, scenario_color
from ui.common.format import scenario_money
from ui.document.document import ScenarioDocument
from ui.document.projection import Projection
from ui.document.workspace import Workspace
from ui.views.compare.pick import ScenarioPicker
from ui.views.compare.tables import CopyableTable, InputDiffTable, KpiTable
from ui.views.compare.uncertainty import UncertaintyPage
from ui.views.compare.units import (
    MIXED_NOTE,
    common_money,
    compare_money,
    one_currency,
    rows_in_money,
    short_names,
    swatch,
    unique_names,
)
from ui.views.compare.waterfall_page import WaterfallPage

DEBOUNCE_MS = 200
EMPTY_TEXT = (
    "<h3>No scenario to compare</h3>"
    "<p>Check one or more scenarios in the list on the left to see them side by side: "
    "their charts overlaid, their key figures with the differences, the assumptions "
    "that differ, the NPV waterfall from one to another and their Monte Carlo spread.</p>"
    "<p>Every open scenario appears in the list. Open a file or a preset, or duplicate "
    "the current scenario, to compare variants.</p>"
)


class CompareView(QWidget):
    """The workspace's scenarios compared; ``computed`` after each recomputation."""

    computed = Signal()

    def __init__(
        self, workspace: Workspace, projection: Projection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compare")
        self.workspace, self.projection = workspace, projection
        self.in_usd = projection.in_usd
        self._active = False
        self._stale = True
        self._refresh_soon = qdebounced(self._refresh, timeout=DEBOUNCE_MS, parent=self)
        self._build()
        workspace.documents_changed.connect(self._documents_changed)
        projection.changed.connect(self._money_chosen)
        self.pick.checked_changed.connect(self._checks_changed)
        self.pages.currentChanged.connect(lambda _: self._page_shown())
        self._sync_pick()

    # -- construction -------------------------------------------------------------------

    def _build(self) -> None:
        self.pick = ScenarioPicker()
        side = QWidget()
        box = QVBoxLayout(side)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("<b>Scenarios to compare</b>"))
        box.addWidget(self.pick)
        self.note = QLabel(MIXED_NOTE)
        self.note.setObjectName("compare.note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #7e5109; background: #fdf2e9; padding: 4px;")
        self.note.hide()
        self.pages = QTabWidget()
        self.pages.setObjectName("compare.pages")
        self.pages.addTab(self._build_charts(), "Charts")
        self.pages.addTab(self._build_tables(), "Key figures")
        self.waterfall = WaterfallPage()
        self.pages.addTab(self.waterfall, "NPV waterfall")
        self.uncertainty = UncertaintyPage()
        self.pages.addTab(self.uncertainty, "Uncertainty")
        main = QWidget()
        column = QVBoxLayout(main)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.note)
        column.addWidget(self.pages, stretch=1)
        self.stack = QStackedWidget()
        self.stack.addWidget(_empty_state())
        self.stack.addWidget(main)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(side)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setSizes([200, 1000])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split)

    def _build_charts(self) -> QWidget:
        self.charts = {name: OverlayChart(name) for name in OVERLAYS}
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(2, 2, 2, 2)
        count = len(self.charts)
        for i, (name, chart) in enumerate(self.charts.items()):
            chart.setObjectName(f"chart.compare.{name}")
            alone = i == count - 1 and count % 2  # an odd last chart spans both columns
            grid.addWidget(chart, i // 2, i % 2, 1, 2 if alone else 1)
        link_time_axes(list(self.charts.values()))
        return page

    def _build_tables(self) -> QWidget:
        self.kpis = KpiTable()
        self.inputs = InputDiffTable()
        self.inputs_title = QLabel()
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        parts = ((QLabel("<b>Key figures</b>"), self.kpis), (self.inputs_title, self.inputs))
        for title, table in parts:
            part = QWidget()
            box = QVBoxLayout(part)
            box.setContentsMargins(2, 2, 2, 2)
            box.addWidget(title)
            box.addWidget(table, stretch=1)
            split.addWidget(part)
        split.setSizes([400, 300])
        return split

    # -- public -------------------------------------------------------------------------

    @property
    def mc_results(self) -> list[MonteCarloResult] | None:
        """Monte Carlo runs of the checked scenarios (aligned with them), or None."""
        return self.uncertainty.results

    def checked_documents(self) -> list[ScenarioDocument]:
        """The documents compared, in tab order."""
        return self.pick.checked()

    def _money_chosen(self) -> None:
        """Show amounts in the scenarios' currency, or in USD (the projection's choice)."""
        if self.projection.in_usd != self.in_usd:
            self.in_usd = self.projection.in_usd
            self._changed()

    def set_active(self, active: bool) -> None:
        """Recompute only while shown; on showing, catch up at once."""
        self._active = active
        if active and self._stale:
            self._refresh_soon.cancel()
            self._refresh()
        self._page_shown()

    def _page_shown(self) -> None:
        """The Monte Carlo page runs on its own while it is on screen."""
        on = self._active and self.pages.currentWidget() is self.uncertainty
        self.uncertainty.set_shown(on)

    def shutdown(self) -> None:
        """Stop the pending recomputation and any Monte Carlo run."""
        self._refresh_soon.cancel()
        self.uncertainty.shutdown()

    # -- following the workspace --------------------------------------------------------

    def _names(self) -> dict[int, str]:
        """Each open document's shown name (repeats told apart), by ``id``."""
        docs = self.workspace.documents()
        names = unique_names([d.scenario.name for d in docs])
        return {id(d): n for d, n in zip(docs, names, strict=True)}

    def _sync_pick(self) -> None:
        names = self._names()
        docs = self.workspace.documents()
        self.pick.sync(docs, [names[id(d)] for d in docs])

    def _documents_changed(self) -> None:
        self._sync_pick()
        self._changed()

    def _checks_changed(self) -> None:
        """Another choice of scenarios: recompute at once (nothing is being typed)."""
        self._changed()
        self._refresh_soon.cancel()
        self._refresh()

    def _changed(self) -> None:
        """Something shown changed: drop stale runs now, recompute after a quiet spell."""
        self.uncertainty.follow(self._cases())
        self._stale = True
        self._refresh_soon()

    def _cases(self) -> tuple[tuple[ScenarioDocument, Scenario], ...]:
        return tuple((d, d.scenario) for d in self.checked_documents())

    # -- recomputing --------------------------------------------------------------------

    def _refresh(self) -> None:
        """Recompute every page (while shown) and emit ``computed``."""
        if not self._active:
            return
        cases = self._cases()
        self.stack.setCurrentIndex(1 if cases else 0)
        if cases:
            self._show(cases)
        self._stale = False
        self.computed.emit()

    def _show(self, cases: tuple[tuple[ScenarioDocument, Scenario], ...]) -> None:
        docs = [d for d, _ in cases]
        scenarios = [s for _, s in cases]
        shown = self._names()
        names = [shown[id(d)] for d in docs]
        moneys = compare_money(scenarios, self.in_usd)
        results = [self.projection.cache.result(s) for s in scenarios]
        self.note.setVisible(not one_currency(scenarios))
        # the legends name what tells the scenarios apart ("bull"), in the colours the
        # picker shows beside their whole names: one row of entries, not one per name
        legend_names = short_names(names)
        for chart in self.charts.values():
            chart.set_results(legend_names, results, moneys)
        self._show_tables(names, scenarios, results, moneys)
        self.waterfall.set_cases(docs, names, scenarios, moneys)
        self.uncertainty.set_cases(cases, names, moneys)

    def _show_tables(
        self,
        names: Sequence[str],
        scenarios: Sequence[Scenario],
        results: Sequence[Result],
        moneys: Sequence[Money],
    ) -> None:
        rows = rows_in_money(kpi_table(results), moneys)
        self.kpis.show_rows(names, rows, common_money(moneys))
        diffs = [input_diff(scenarios[0], s) for s in scenarios[1:]]
        categories = [c.name for c in scenarios[0].program.categories]
        own = [scenario_money(s) for s in scenarios]
        self.inputs.show_diffs(names, diffs, own, categories)
        self.inputs_title.setText(
            f"<b>Assumptions that differ from {names[0]}</b>"
            if len(names) > 1
            else "<b>Assumptions that differ</b> (check a second scenario)"
        )
        _name_columns(self.kpis, short_names(names))
        _name_columns(self.inputs, short_names(names))
        _mark_columns(self.kpis, len(names))
        _mark_columns(self.inputs, len(names))


def _name_columns(table: CopyableTable, short: Sequence[str]) -> None:
    """Columns headed with the short names ("bull", "bull − base"), to fit (one line:
    Ctrl+C copies headers as tab-separated text); each header's tooltip, the whole
    names (and the picker beside lists them with the same colours)."""
    for i, name in enumerate(short):
        table.horizontalHeaderItem(i).setText(name)
    for i, name in enumerate(short[1:]):
        if table.columnCount() > len(short) + i:
            table.horizontalHeaderItem(len(short) + i).setText(f"{name} − {short[0]}")
    table.fit_columns()


def _mark_columns(table: CopyableTable, scenarios: int) -> None:
    """Each column's header gets its scenario's colour (differences: the later one's)."""
    for c in range(table.columnCount()):
        item = table.horizontalHeaderItem(c)
        i = c if c < scenarios else c - scenarios + 1
        item.setIcon(swatch(scenario_color(i)))


def _empty_state() -> QWidget:
    label = QLabel(EMPTY_TEXT)
    label.setObjectName("compare.empty")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMaximumWidth(620)
    page = QWidget()
    QVBoxLayout(page).addWidget(label, alignment=Qt.AlignmentFlag.AlignCenter)
    return page
