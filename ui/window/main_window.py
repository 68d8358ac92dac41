"""The main window: a shell around the open scenarios, their projection and the views.

It puts together the Assumptions dock (the input panel, editing the active
document), the scenario tabs, the five view tabs, the menus and toolbar built from
the actions table (:mod:`ui.window.actions`), the file controller
(:mod:`ui.document.files`) and the exports (:mod:`ui.window.exports`). It owns no
result and no file policy: an edit goes from the panel to the document, the
:class:`~ui.document.projection.Projection` runs the model and every view follows it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from simulator import Scenario
from simulator.about import APP_NAME, version
from ui.document.document import ScenarioDocument
from ui.document.files import FileController
from ui.document.projection import Projection
from ui.document.workspace import ActiveDocument, Workspace
from ui.inputs.panel import InputPanel
from ui.window.actions import ActionSet
from ui.window.currency import CurrencySwitch
from ui.window.exports import WindowExports
from ui.window.scenario_tabs import ScenarioTabs
from ui.window.shortcuts import ShortcutRouter
from ui.window.view_tabs import ViewTabs

if TYPE_CHECKING:  # the dialogs' modules are imported when a dialog is first opened
    from ui.views.actuals.calibrate import CalibrateDialog
    from ui.views.sensitivity.goal_seek import GoalSeekDialog
    from ui.window.snapshots import SnapshotsDialog

D = TypeVar("D", bound=QDialog)


class MainWindow(QMainWindow):
    """The open scenarios, edited live."""

    def __init__(
        self, scenario: Scenario, path: Path | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.workspace = Workspace(self)
        self.panel = InputPanel()
        self.files = FileController(self, self.workspace, self.settings, self.panel.commit_typing)
        self.workspace.set_active(self.workspace.add(scenario, path))
        self.view_doc = ActiveDocument(self.workspace, self)
        self.projection = Projection(self.view_doc, parent=self)
        self.views = ViewTabs(self.view_doc, self.projection, self.workspace)
        self.exports = WindowExports(self)
        self.goal_seek_dialog: GoalSeekDialog | None = None
        self.calibrate_dialog: CalibrateDialog | None = None
        self.snapshots_dialog: SnapshotsDialog | None = None
        self._build_central()
        self._build_dock()
        self.commands = ActionSet(self)
        self.shortcuts = ShortcutRouter(self, self.commands.qactions)
        self._build_toolbar()
        self._restore_layout()
        self._connect()
        self._update_title()
        self._update_warning()

    # -- construction -------------------------------------------------------------------

    def _build_central(self) -> None:
        self.scenario_tabs = ScenarioTabs(
            self.workspace,
            self.files.close_scenario,
            self.files.duplicate,
            self.files.open_file_in_new_tab,
        )
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.scenario_tabs)
        box.addWidget(self.views, stretch=1)
        self.setCentralWidget(central)
        self.warning = QLabel()
        self.warning.setObjectName("status.warning")
        self.warning.setStyleSheet("color: #b9770e;")
        self.statusBar().addPermanentWidget(self.warning)
        self.statusBar().addPermanentWidget(self.files.autosave_status.label)

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

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("Main")
        bar.setObjectName("toolbar.main")
        bar.setMovable(False)
        self.commands.add_to_toolbar(bar)
        bar.addSeparator()
        bar.addWidget(QLabel(" Show money in "))
        self.currency = CurrencySwitch(self.projection)
        bar.addWidget(self.currency)

    def _connect(self) -> None:
        status = self.statusBar()
        self.files.status.connect(status.showMessage)
        self.panel.bind(self.view_doc, refused=lambda text: status.showMessage(text, 8000))
        for signal in (
            self.view_doc.changed,
            self.view_doc.dirty_changed,
            self.view_doc.path_changed,
        ):
            signal.connect(lambda *_: self._update_title())
        self.projection.changed.connect(self._update_warning)
        self.projection.changed.connect(lambda: self.panel.set_in_usd(self.projection.in_usd))
        self.workspace.documents_changed.connect(self.commands.refresh)
        self.view_doc.dirty_changed.connect(lambda _: self.commands.refresh())
        self.views.controller.busy.connect(lambda _: self.commands.refresh())

    # -- the active scenario ------------------------------------------------------------

    @property
    def doc(self) -> ScenarioDocument:
        """The active document (the scenario being edited)."""
        return self.workspace.active

    @property
    def scenario(self) -> Scenario:
        """The scenario shown."""
        return self.doc.scenario

    def _update_title(self) -> None:
        name = self.doc.path.name if self.doc.path else "unsaved"
        self.setWindowTitle(f"{self.scenario.name} — {name}[*] — {APP_NAME} {version()}")
        self.setWindowModified(self.doc.is_dirty)

    def _update_warning(self) -> None:
        s = self.projection.scenario
        past = len(s.program.year_split) > s.horizon_years
        self.warning.setText(
            f"Spend in programme years after year {s.horizon_years} falls past the "
            "horizon and is not modelled."
            if past
            else ""
        )

    # -- dialogs and runs (the actions table's handlers) ---------------------------------

    def show_snapshots(self) -> SnapshotsDialog:
        """Open (or raise) the named snapshots of the active scenario."""
        if self.snapshots_dialog is None:
            from ui.window.snapshots import SnapshotsDialog

            self.snapshots_dialog = SnapshotsDialog(self.view_doc, self.workspace, self)
        return _raise(self.snapshots_dialog)

    def show_goal_seek(self) -> GoalSeekDialog:
        """Open (or raise) the goal seek dialog for the current scenario."""
        if self.goal_seek_dialog is None:
            from ui.views.sensitivity.goal_seek import GoalSeekDialog

            self.goal_seek_dialog = GoalSeekDialog(self.view_doc, self.projection, self)
        return _raise(self.goal_seek_dialog)

    def show_calibrate(self) -> CalibrateDialog:
        """Open (or raise) the calibration dialog for the current scenario."""
        if self.calibrate_dialog is None:
            from ui.views.actuals.calibrate import CalibrateDialog

            self.calibrate_dialog = CalibrateDialog(self.view_doc, self)
        return _raise(self.calibrate_dialog)

    def run_monte_carlo(self) -> None:
        """Show the Uncertainty tab and run the full Monte Carlo now."""
        self.views.show_view("uncertainty")
        self.views.controller.run_now()

    def show_model_help(self) -> None:
        """What the model does and leaves out, in plain words."""
        from ui.app.help import MODEL_HELP

        QMessageBox.information(self, "About the model", MODEL_HELP)

    def show_about(self) -> None:
        """The app's name, version, the Python and Qt it runs on, its documentation."""
        from PySide6 import __version__ as qt_version

        from ui.app.help import about_text

        QMessageBox.about(self, f"About {APP_NAME}", about_text(qt_version))

    # -- the window ---------------------------------------------------------------------

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
        self._dock_sized = state is not None  # else sized to the window when first shown

    DOCK_SHARE = 0.33
    """The window's width the Assumptions dock takes at least on a first run (at most
    :attr:`DOCK_MOST` pixels): room for the category names."""

    DOCK_MOST = 560

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """On a first run, widen the dock with the window (the user's width is kept)."""
        super().showEvent(event)
        if not self._dock_sized:
            self._dock_sized = True
            share = min(int(self.width() * self.DOCK_SHARE), self.DOCK_MOST)
            if share > self.dock.width():  # widen only: its own width fits its inputs
                self.resizeDocks([self.dock], [share], Qt.Orientation.Horizontal)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Ask about each scenario's unsaved changes; remember the window's layout."""
        if not self.files.close_all():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        self.shutdown_work()
        self.files.shutdown()
        event.accept()

    def shutdown_work(self) -> None:
        """Cancel background runs and wait for their threads (before the window goes)."""
        self.views.shutdown()
        for dialog in (self.goal_seek_dialog, self.calibrate_dialog):
            if dialog is not None:
                dialog.runner.cancel()
        self.views.controller.runner.wait()


def _raise(dialog: D) -> D:
    dialog.show()
    dialog.raise_()
    return dialog
