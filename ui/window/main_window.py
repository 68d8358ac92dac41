"""The main window: assumptions dock, KPI strip, four live charts, files and exports.

Flow: an input edits the :class:`ScenarioDocument`; its ``changed`` signal makes the
window run the model once and hand the :class:`Result` to the KPI strip and charts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator import (
    Result,
    Scenario,
    ScenarioError,
    list_presets,
    load_preset,
    load_scenario,
    simulate,
)
from simulator.atomic import write_atomic
from simulator.export.tables import csv_text
from ui.app.recent import RecentFiles
from ui.charts.base import Money
from ui.charts.dashboard import Dashboard
from ui.charts.reported import Reported, reported
from ui.document.autosave import Autosaver
from ui.document.disk_watch import OVERWRITE, RELOAD, DiskWatch, ask_changed_on_disk, offer_reload
from ui.document.document import ScenarioDocument
from ui.document.workspace import ActiveDocument, Workspace
from ui.export.dialog import ChartExportDialog
from ui.export.report import ReportCase, report_pdf
from ui.inputs.panel import InputPanel
from ui.views.actuals.calibrate import CalibrateDialog
from ui.views.actuals.view import ActualsView
from ui.views.compare.view import CompareView
from ui.views.projection.kpi_strip import KpiStrip
from ui.views.sensitivity.goal_seek import GoalSeekDialog
from ui.views.sensitivity.view import SensitivityView
from ui.views.uncertainty.controller import UncertaintyController
from ui.views.uncertainty.view import UncertaintyView
from ui.window.scenario_tabs import ScenarioTabs
from ui.window.snapshots import SnapshotsDialog

APP_NAME = "Cloud Capex Simulator"
FILE_FILTER = "Capex scenarios (*.json);;All files (*)"


class MainWindow(QMainWindow):
    """One scenario document, edited live."""

    def __init__(
        self, scenario: Scenario, path: Path | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.recent = RecentFiles(self.settings)
        self.workspace = Workspace(self)
        self._guards: dict[ScenarioDocument, tuple[Autosaver, DiskWatch]] = {}
        self.workspace.added.connect(self._guard)
        self.workspace.set_active(self.workspace.add(scenario, path))
        self.view_doc = ActiveDocument(self.workspace, self)
        self.result: Result = simulate(scenario)
        self.panel = InputPanel()
        self.kpis = KpiStrip()
        self.dashboard = Dashboard()
        self.monte_carlo = UncertaintyController(self.view_doc, self, enabled=False)
        self.risk = UncertaintyView(self.view_doc, self.monte_carlo)
        self.sensitivity = SensitivityView(self.view_doc)
        self.compare = CompareView(self.workspace)
        self.goal_seek_dialog: GoalSeekDialog | None = None
        self.snapshots_dialog: SnapshotsDialog | None = None
        self.actuals = ActualsView(self.view_doc)
        self.reported: Reported = reported(scenario)
        self.calibrate_dialog: CalibrateDialog | None = None
        self.currency = QComboBox()
        self._build_central()
        self._build_dock()
        self._build_menus()
        self._build_toolbar()
        self._restore_layout()
        self.panel.edited.connect(self._apply_edit)
        self.panel.gesture_started.connect(lambda: self.doc.begin_gesture())
        self.panel.gesture_finished.connect(lambda: self.doc.end_gesture())
        self.view_doc.changed.connect(self._refresh)
        self.view_doc.dirty_changed.connect(lambda _: self._update_title())
        self.view_doc.path_changed.connect(lambda _: self._update_title())
        self._show_document()

    # -- the open scenarios -------------------------------------------------------------

    @property
    def doc(self) -> ScenarioDocument:
        """The active document (the scenario being edited)."""
        return self.workspace.active

    @property
    def autosave(self) -> Autosaver:
        """The active document's autosaver."""
        return self._guards[self.doc][0]

    @property
    def disk(self) -> DiskWatch:
        """The watcher of the active document's file."""
        return self._guards[self.doc][1]

    def _guard(self, doc: ScenarioDocument) -> None:
        """Autosave and watch the file of every open document."""
        disk = DiskWatch(self, doc)
        disk.changed.connect(lambda path, d=doc: self._offer_reload(path, d))
        self._guards[doc] = (Autosaver(doc, parent=self), disk)

    def open_in_new_tab(self, scenario: Scenario, path: Path | None = None) -> ScenarioDocument:
        """Open ``scenario`` beside the others and make it active."""
        doc = self.workspace.add(scenario, path)
        self.workspace.set_active(doc)
        return doc

    def duplicate_scenario(self) -> ScenarioDocument:
        """A copy of the active scenario in a new, unsaved tab ("what if...")."""
        return self.workspace.duplicate(self.doc)

    def open_file_in_new_tab(self) -> None:
        """Ask for a scenario file and open it in a new tab."""
        name, _ = QFileDialog.getOpenFileName(self, "Open scenario", self._folder(), FILE_FILTER)
        scenario = self._load(Path(name)) if name else None
        if scenario is not None:
            self.open_in_new_tab(scenario, Path(name))
            self.recent.add(Path(name))

    def close_scenario(self, doc: ScenarioDocument | None = None) -> bool:
        """Close one open scenario (asking about unsaved changes); the last one stays."""
        doc = doc or self.doc
        if len(self.workspace.documents()) <= 1:
            return False
        self.workspace.set_active(doc)
        if not self.maybe_save():
            return False
        autosave, disk = self._guards.pop(doc)
        autosave.discard()
        autosave.stop()
        disk.deleteLater()
        self.workspace.remove(doc)
        return True

    # -- construction -------------------------------------------------------------------

    def _build_central(self) -> None:
        projection = QWidget()
        layout = QVBoxLayout(projection)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.kpis)
        layout.addWidget(self.dashboard, stretch=1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("view.tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(projection, "Projection")
        self.tabs.addTab(self.risk, "Uncertainty")
        self.tabs.addTab(self.sensitivity, "Sensitivity")
        self.tabs.addTab(self.actuals, "Actuals")
        self.tabs.addTab(self.compare, "Compare")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.scenario_tabs = ScenarioTabs(
            self.workspace, self.close_scenario, self.duplicate_scenario, self.open_file_in_new_tab
        )
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.scenario_tabs)
        box.addWidget(self.tabs, stretch=1)
        self.setCentralWidget(central)
        self._tab_changed(self.tabs.currentIndex())
        self.warning = QLabel()
        self.warning.setObjectName("status.warning")
        self.warning.setStyleSheet("color: #b9770e;")
        self.statusBar().addPermanentWidget(self.warning)

    def _build_dock(self) -> None:
        dock = QDockWidget("Assumptions", self)
        dock.setObjectName("dock.inputs")
        dock.setWidget(self.panel)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        dock.setMinimumWidth(430)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.dock = dock

    def _action(self, text: str, slot: object, shortcut: object = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        keys = QKeySequence.StandardKey
        file_menu = self.menuBar().addMenu("&File")
        new_menu = file_menu.addMenu("&New from preset")
        for name in list_presets():
            new_menu.addAction(self._action(name, lambda _=False, n=name: self.new_from_preset(n)))
        new_menu.actions()[0].setShortcut(keys.New)
        file_menu.addAction(self._action("&Open…", self.open_file, keys.Open, "action.open"))
        file_menu.addAction(
            self._action(
                "Open in New &Tab…", self.open_file_in_new_tab, "Ctrl+Shift+O", "action.open_tab"
            )
        )
        file_menu.addAction(
            self._action(
                "&Duplicate Scenario", self.duplicate_scenario, "Ctrl+D", "action.duplicate"
            )
        )
        file_menu.addAction(
            self._action("&Close Scenario", lambda: self.close_scenario(), "Ctrl+W", "action.close")
        )
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Save", self.save, keys.Save, "action.save"))
        file_menu.addAction(self._action("Save &As…", self.save_as, keys.SaveAs, "action.save_as"))
        file_menu.addAction(self._action("Re&vert", self.revert, None, "action.revert"))
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                "Export Chart as &PNG or SVG…", self.export_png, "Ctrl+E", "action.export_png"
            )
        )
        file_menu.addAction(
            self._action(
                "Export Data as &CSV…", self.export_csv, "Ctrl+Shift+E", "action.export_csv"
            )
        )
        file_menu.addAction(
            self._action("Export &Report as PDF…", self.export_report, "Ctrl+P", "action.report")
        )
        file_menu.addAction(
            self._action("Export Data as &XLSX…", self.export_xlsx, None, "action.export_xlsx")
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, keys.Quit, "action.quit"))
        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = self.workspace.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(keys.Undo)
        self.redo_action = self.workspace.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), keys.Redo])
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addAction(
            self._action("&Snapshots…", self.show_snapshots, "Ctrl+Shift+N", "action.snapshots")
        )
        view = self.menuBar().addMenu("&View")
        view.addAction(self.dock.toggleViewAction())
        self._build_analysis_menu()
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("About the &Model", self.show_model_help))

    def _build_analysis_menu(self) -> None:
        menu = self.menuBar().addMenu("&Analysis")
        for index, (text, key) in enumerate(
            (
                ("&Projection", "Ctrl+1"),
                ("&Uncertainty", "Ctrl+2"),
                ("&Sensitivity", "Ctrl+3"),
                ("&Actuals", "Ctrl+4"),
                ("&Compare", "Ctrl+5"),
            )
        ):
            menu.addAction(
                self._action(text, lambda _=False, i=index: self.tabs.setCurrentIndex(i), key)
            )
        menu.addSeparator()
        menu.addAction(
            self._action("&Run Monte Carlo", self.run_monte_carlo, "Ctrl+R", "action.run_mc")
        )
        menu.addAction(
            self._action("&Cancel run", self.monte_carlo.cancel, None, "action.cancel_mc")
        )
        menu.addAction(
            self._action("&Goal seek…", self.show_goal_seek, "Ctrl+G", "action.goal_seek")
        )
        menu.addAction(
            self._action("Ca&librate to actuals…", self.show_calibrate, None, "action.calibrate")
        )

    def _tab_changed(self, index: int) -> None:
        """Run the Monte Carlo and the sweeps only while their results are on screen."""
        self.monte_carlo.set_enabled(self.tabs.widget(index) is self.risk)
        self.sensitivity.set_active(self.tabs.widget(index) is self.sensitivity)
        self.compare.set_active(self.tabs.widget(index) is self.compare)

    def show_snapshots(self) -> SnapshotsDialog:
        """Open (or raise) the named snapshots of the active scenario."""
        if self.snapshots_dialog is None:
            self.snapshots_dialog = SnapshotsDialog(self.view_doc, self.workspace, self)
        self.snapshots_dialog.show()
        self.snapshots_dialog.raise_()
        return self.snapshots_dialog

    def run_monte_carlo(self) -> None:
        """Show the uncertainty tab and run the full Monte Carlo now."""
        self.tabs.setCurrentWidget(self.risk)
        self.monte_carlo.run_now()

    def show_goal_seek(self) -> GoalSeekDialog:
        """Open (or raise) the goal seek dialog for the current scenario."""
        if self.goal_seek_dialog is None:
            self.goal_seek_dialog = GoalSeekDialog(self.view_doc, self.money(), self)
        self.goal_seek_dialog.set_money(self.money())
        self.goal_seek_dialog.show()
        self.goal_seek_dialog.raise_()
        return self.goal_seek_dialog

    def show_calibrate(self) -> CalibrateDialog:
        """Open (or raise) the calibration dialog for the current scenario."""
        if self.calibrate_dialog is None:
            self.calibrate_dialog = CalibrateDialog(self.view_doc, self)
        self.calibrate_dialog.show()
        self.calibrate_dialog.raise_()
        return self.calibrate_dialog

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("Main")
        bar.setObjectName("toolbar.main")
        bar.setMovable(False)
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Show money in "))
        self.currency.setObjectName("view.currency")
        self.currency.setToolTip(
            "Show every amount in the scenario's currency or in US "
            "dollars (converted at the scenario's FX rate)."
        )
        self.currency.currentIndexChanged.connect(lambda _: self._redraw())
        bar.addWidget(self.currency)

    # -- showing ------------------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        """The scenario shown."""
        return self.doc.scenario

    def money(self) -> Money:
        """The money unit chosen in the currency switch."""
        s = self.scenario
        return Money.of(s.currency, s.usd_fx, self.currency.currentIndex() == 1)

    def _show_document(self) -> None:
        self._refresh(self.doc.scenario)
        self._update_title()

    def _refresh(self, scenario: Scenario) -> None:
        """Run the model on a new scenario and redraw (one frame's work)."""
        self.result = simulate(scenario)
        self.reported = reported(scenario)
        self.actuals.show_result(scenario, self.result)
        self.panel.set_scenario(scenario)
        self._update_currency_choices(scenario)
        self._redraw()
        self._update_warning(scenario)

    def _redraw(self) -> None:
        money = self.money()
        self.dashboard.set_result(self.result, money, self.reported)
        self.kpis.set_summary(self.result.summary, money)
        self.risk.set_money(money)
        self.sensitivity.set_money(money)
        self.compare.set_money(money)
        if self.goal_seek_dialog is not None:
            self.goal_seek_dialog.set_money(money)

    def _update_currency_choices(self, scenario: Scenario) -> None:
        labels = [scenario.currency, "USD"] if scenario.currency != "USD" else ["USD"]
        current = [self.currency.itemText(i) for i in range(self.currency.count())]
        if current != labels:
            index = min(self.currency.currentIndex(), len(labels) - 1)
            self.currency.blockSignals(True)
            self.currency.clear()
            self.currency.addItems(labels)
            self.currency.setCurrentIndex(max(index, 0))
            self.currency.blockSignals(False)

    def _update_warning(self, scenario: Scenario) -> None:
        years = len(scenario.program.year_split)
        past = years > scenario.horizon_years
        self.warning.setText(
            f"Spend in programme years after year {scenario.horizon_years} falls past the "
            "horizon and is not modelled."
            if past
            else ""
        )

    def _update_title(self) -> None:
        name = self.doc.path.name if self.doc.path else "unsaved"
        self.setWindowTitle(f"{self.scenario.name} — {name}[*] — {APP_NAME}")
        self.setWindowModified(self.doc.is_dirty)

    # -- editing ------------------------------------------------------------------------

    def _apply_edit(self, path: str, value: object) -> None:
        try:
            self.doc.set_field(path, value)
        except ScenarioError as exc:
            self.statusBar().showMessage(f"Not applied: {exc}", 8000)
            self.panel.set_scenario(self.scenario)  # show the value that stands

    # -- files --------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Before losing unsaved changes: ask Save / Discard / Cancel. True to go on."""
        self.panel.notes.commit()
        if not self.doc.is_dirty:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            f"“{self.scenario.name}” has unsaved changes.",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("dialog.unsaved")
        box.setInformativeText("Save them before going on?")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def set_document(self, scenario: Scenario, path: Path | None) -> None:
        """Replace the document (after ``maybe_save``): new undo history, clean state."""
        self.doc.reset(scenario, path)
        self._update_title()

    def new_from_preset(self, name: str) -> None:
        """Start an unsaved scenario from a preset."""
        if self.maybe_save():
            self.set_document(load_preset(name), None)

    def open_file(self) -> None:
        """Ask for a scenario file and open it."""
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self, "Open scenario", self._folder(), FILE_FILTER)
        if name:
            self.open_path(Path(name), ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open ``path``; an invalid file shows a dialog and changes nothing."""
        if ask and not self.maybe_save():
            return False
        scenario = self._load(path)
        if scenario is None:
            return False
        self.set_document(scenario, path)
        self.recent.add(path)
        return True

    def _load(self, path: Path) -> Scenario | None:
        """The scenario in ``path``, or None after a dialog saying why it cannot be opened."""
        try:
            return load_scenario(path)
        except ScenarioError as exc:
            self._error("Cannot open scenario", str(exc))
            return None

    def save(self) -> bool:
        """Save to the current file (or ask for one). True when saved."""
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        """Ask for a file name and save there."""
        suggested = str(Path(self._folder()) / f"{self.scenario.name}.json")
        name, _ = QFileDialog.getSaveFileName(self, "Save scenario as", suggested, FILE_FILTER)
        return bool(name) and self._save_to(Path(name))

    def _save_to(self, path: Path) -> bool:
        self.panel.notes.commit()
        if path == self.doc.path and self.disk.changed_on_disk():
            answer = ask_changed_on_disk(self, path)
            if answer == RELOAD:
                self.reload_from_disk()
            if answer != OVERWRITE:
                return False
        try:
            self.doc.save(path)
        except OSError as exc:
            self._error(
                "Cannot save",
                f"{path}: {exc.strerror or exc}. Your changes are still here, unsaved; "
                "free some space or use Save As to save them somewhere else.",
            )
            return False
        self.recent.add(path)
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def reload_from_disk(self) -> None:
        """Open the current file again as it is on disk (unsaved changes are dropped)."""
        if self.doc.path is None:
            return
        try:
            self.set_document(load_scenario(self.doc.path), self.doc.path)
        except ScenarioError as exc:
            self._error("Cannot reload", str(exc))

    def _offer_reload(self, path: Path, doc: ScenarioDocument) -> None:
        if doc is self.doc:
            offer_reload(self, path, doc.is_dirty, self.reload_from_disk)

    def revert(self) -> None:
        """Go back to the file on disk, after confirming."""
        if self.doc.path is None or not self.doc.is_dirty:
            return
        if not self.maybe_save():
            return
        try:
            self.set_document(load_scenario(self.doc.path), self.doc.path)
        except ScenarioError as exc:
            self._error("Cannot revert", str(exc))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent.paths():
            self.recent_menu.addAction(
                self._action(str(path), lambda _=False, p=path: self.open_path(p))
            )
        self.recent_menu.setEnabled(bool(self.recent.paths()))

    def _folder(self) -> str:
        return str(self.doc.path.parent) if self.doc.path else str(Path.home())

    # -- exports ------------------------------------------------------------------------

    def export_png(self) -> None:
        """Export one chart or the dashboard as PNG or SVG, the trace line in its footer."""
        from simulator.export.trace import trace_line

        dialog = ChartExportDialog(self, self._focused_chart())
        if not dialog.exec():
            return
        stem, suffix = f"{self.scenario.name} {dialog.chart_name()}", dialog.suffix()
        name, _ = QFileDialog.getSaveFileName(
            self,
            f"Export {suffix.upper()}",
            str(Path(self._folder()) / f"{stem}.{suffix}"),
            f"{suffix.upper()} files (*.{suffix})",
        )
        if not name:
            return
        trace = trace_line(self.scenario)
        data = dialog.export_bytes(self.result, self.money(), trace, self.reported)
        try:
            write_atomic(name, data)
        except OSError as exc:
            self._error("Cannot export", f"{name}: {exc.strerror or exc}")

    def report_cases(self) -> list[ReportCase]:
        """What a report or workbook covers: the compared scenarios on the Compare tab
        (with their Monte Carlo runs, if made), else the active one (with its last full
        Monte Carlo run when that is of the current scenario)."""
        if self.tabs.currentWidget() is self.compare and self.compare.checked_documents():
            docs = self.compare.checked_documents()
            runs = self.compare.mc_results or [None] * len(docs)
            return [
                ReportCase(d.scenario, simulate(d.scenario), mc)
                for d, mc in zip(docs, runs, strict=False)
            ]
        mc = self.monte_carlo.last
        current = mc is not None and not self.monte_carlo.last_quick and self.monte_carlo.is_current
        return [ReportCase(self.scenario, self.result, mc if current else None)]

    def export_report(self) -> None:
        """Export the report (this scenario, or the comparison) as a PDF, A4 or Letter."""
        cases = self.report_cases()
        stem = cases[0].scenario.name if len(cases) == 1 else "Comparison"
        a4, letter = "PDF, A4 pages (*.pdf)", "PDF, Letter pages (*.pdf)"
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export report", str(Path(self._folder()) / f"{stem}.pdf"), f"{a4};;{letter}"
        )
        if not name:
            return
        try:
            data = report_pdf(
                cases,
                page="letter" if chosen == letter else "a4",
                in_usd=self.currency.currentIndex() == 1,
            )
            write_atomic(name, data)
        except ScenarioError as exc:
            self._error("Cannot make the report", str(exc))
        except OSError as exc:
            self._error("Cannot export", f"{name}: {exc.strerror or exc}")

    def export_xlsx(self) -> None:
        """Export every series, KPI and assumption as an XLSX workbook."""
        cases = self.report_cases()
        stem = cases[0].scenario.name if len(cases) == 1 else "Comparison"
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export data as XLSX",
            str(Path(self._folder()) / f"{stem}.xlsx"),
            "Excel workbooks (*.xlsx)",
        )
        if not name:
            return
        from simulator.export.xlsx import workbook_bytes  # openpyxl: only when used

        seeds = [c.mc.seed if c.mc is not None else None for c in cases]
        data = workbook_bytes([(c.scenario, c.result) for c in cases], seeds)
        try:
            write_atomic(name, data)
        except OSError as exc:
            self._error("Cannot export", f"{name}: {exc.strerror or exc}")

    def export_csv(self) -> None:
        """Export the quarterly columns as CSV (MODEL.md section 3)."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export data as CSV",
            str(Path(self._folder()) / f"{self.scenario.name}.csv"),
            "CSV files (*.csv)",
        )
        if not name:
            return
        try:
            text = csv_text(self.result, actuals=self.scenario.actual_series)
            write_atomic(name, text.encode("utf-8"))
        except OSError as exc:
            self._error("Cannot export", f"{name}: {exc.strerror or exc}")

    def _focused_chart(self) -> str:
        focus = self.focusWidget()
        for name, chart in self.dashboard.charts.items():
            if focus is chart or chart.underMouse():
                return name
        return "dashboard"

    # -- misc ---------------------------------------------------------------------------

    def _error(self, title: str, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("dialog.error")
        box.exec()

    def show_model_help(self) -> None:
        """What the model does and leaves out, in plain words."""
        from ui.app.help import MODEL_HELP

        QMessageBox.information(self, "About the model", MODEL_HELP)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # first run: most of the screen, never more than it
            screen = self.screen().availableGeometry()
            self.resize(
                min(1500, int(screen.width() * 0.95)), min(950, int(screen.height() * 0.92))
            )
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Ask about each scenario's unsaved changes; remember the window's layout."""
        for doc in self.workspace.documents():
            if doc.is_dirty:
                self.workspace.set_active(doc)
                if not self.maybe_save():
                    event.ignore()
                    return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        self.shutdown_work()
        for autosave, _ in self._guards.values():
            autosave.discard()
            autosave.stop()
        event.accept()

    def shutdown_work(self) -> None:
        """Cancel background runs and wait for their threads (before the window goes)."""
        self.monte_carlo.shutdown()
        self.sensitivity.shutdown()
        self.compare.shutdown()
        if self.goal_seek_dialog is not None:
            self.goal_seek_dialog.runner.cancel()
        if self.calibrate_dialog is not None:
            self.calibrate_dialog.runner.cancel()
        self.monte_carlo.runner.wait()
