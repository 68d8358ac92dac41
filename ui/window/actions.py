"""The window's commands as data: one :class:`Action` per menu entry, menus built from it.

Each entry says its id (the QAction's objectName), its text, the menu it sits in,
its shortcuts, what it runs (a function of the window), when it is enabled, and
whether it is on the toolbar. :func:`actions` is the whole table, in menu order;
:class:`ActionSet` builds the menu bar and the toolbar from it once and keeps each
action's enabled state in step with :meth:`ActionSet.refresh`. Entries with
``submenu`` open a submenu for the entries whose ``menu`` names it; entries with
``fill`` open a submenu filled each time it is shown (recent files); entries with
``qt`` wrap an action Qt makes itself (undo and redo follow the active document).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from simulator import list_presets

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow

Key = QKeySequence.StandardKey | str
Run = Callable[["MainWindow"], object]
When = Callable[["MainWindow"], bool]
KEYS = QKeySequence.StandardKey

MENUS: tuple[tuple[str, str], ...] = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("view", "&View"),
    ("analysis", "&Analysis"),
    ("help", "&Help"),
)
"""The menu bar's menus: (key, title), left to right."""


@dataclass(frozen=True)
class Action:
    """One command of the window (see the module docstring)."""

    id: str
    text: str
    menu: str
    run: Run | None = None
    shortcuts: tuple[Key, ...] = ()
    enabled_when: When | None = None
    toolbar: bool = False
    section: int = 0  # a separator goes between sections of one menu
    tip: str = ""
    submenu: str = ""
    fill: Callable[[MainWindow, QMenu], None] | None = None
    qt: Callable[[MainWindow], QAction] | None = None


def _several_open(w: MainWindow) -> bool:
    return len(w.workspace.documents()) > 1


def _revertible(w: MainWindow) -> bool:
    return w.doc.path is not None and w.doc.is_dirty


def _running(w: MainWindow) -> bool:
    return w.views.controller.is_busy


def _file_actions() -> list[Action]:
    presets = [
        Action(
            f"action.new.{i}",
            name,
            "file/new",
            lambda w, n=name: w.files.new_from_preset(n),
            (KEYS.New,) if i == 0 else (),
        )
        for i, name in enumerate(list_presets())
    ]
    tab_presets = [
        Action(
            f"action.new_tab.{i}",
            name,
            "file/new_tab",
            lambda w, n=name: w.files.new_tab_from_preset(n),
            ("Ctrl+T",) if i == 0 else (),
        )
        for i, name in enumerate(list_presets())
    ]
    return [
        Action("menu.new", "&New from Preset", "file", submenu="file/new"),
        *presets,
        Action("menu.new_tab", "New &Tab from Preset", "file", submenu="file/new_tab"),
        *tab_presets,
        Action("action.open", "&Open…", "file", lambda w: w.files.open_file(), (KEYS.Open,)),
        Action(
            "action.open_tab",
            "Open in New &Tab…",
            "file",
            lambda w: w.files.open_file_in_new_tab(),
            ("Ctrl+Shift+O",),
        ),
        Action(
            "action.duplicate",
            "&Duplicate Scenario",
            "file",
            lambda w: w.files.duplicate(),
            ("Ctrl+D",),
        ),
        Action(
            "action.close",
            "&Close Scenario",
            "file",
            lambda w: w.files.close_scenario(),
            ("Ctrl+W",),
            _several_open,
        ),
        Action(
            "menu.recent", "Open &Recent", "file", fill=lambda w, m: w.files.fill_recent_menu(m)
        ),
        Action("action.save", "&Save", "file", lambda w: w.files.save(), (KEYS.Save,), section=1),
        Action(
            "action.save_as",
            "Save &As…",
            "file",
            lambda w: w.files.save_as(),
            (KEYS.SaveAs,),
            section=1,
        ),
        Action(
            "action.revert",
            "Re&vert",
            "file",
            lambda w: w.files.revert(),
            (),
            _revertible,
            section=1,
        ),
        Action(
            "action.export_png",
            "Export Chart as &PNG or SVG…",
            "file",
            lambda w: w.exports.export_png(),
            ("Ctrl+E",),
            section=2,
        ),
        Action(
            "action.export_csv",
            "Export Data as &CSV…",
            "file",
            lambda w: w.exports.export_csv(),
            ("Ctrl+Shift+E",),
            section=2,
        ),
        Action(
            "action.report",
            "Export &Report as PDF…",
            "file",
            lambda w: w.exports.export_report(),
            ("Ctrl+P",),
            section=2,
        ),
        Action(
            "action.export_xlsx",
            "Export Data as &XLSX…",
            "file",
            lambda w: w.exports.export_xlsx(),
            section=2,
        ),
        Action("action.quit", "&Quit", "file", lambda w: w.close(), (KEYS.Quit,), section=3),
    ]


def _edit_actions() -> list[Action]:
    return [
        Action(
            "action.undo",
            "&Undo",
            "edit",
            shortcuts=(KEYS.Undo,),
            toolbar=True,
            qt=lambda w: w.workspace.undo_group.createUndoAction(w, "&Undo"),
        ),
        Action(
            "action.redo",
            "&Redo",
            "edit",
            shortcuts=("Ctrl+Shift+Z", KEYS.Redo),
            toolbar=True,
            qt=lambda w: w.workspace.undo_group.createRedoAction(w, "&Redo"),
        ),
        Action(
            "action.snapshots",
            "&Snapshots…",
            "edit",
            lambda w: w.show_snapshots(),
            ("Ctrl+Shift+N",),
            section=1,
        ),
    ]


VIEWS: tuple[tuple[str, str], ...] = (
    ("projection", "&Projection"),
    ("uncertainty", "&Uncertainty"),
    ("sensitivity", "&Sensitivity"),
    ("actuals", "&Actuals"),
    ("compare", "&Compare"),
)
"""The tabs the Analysis menu shows (Ctrl+1 ... Ctrl+5), in tab order."""


def _analysis_actions() -> list[Action]:
    views = [
        Action(
            f"action.view_{key}",
            text,
            "analysis",
            lambda w, k=key: w.views.show_view(k),
            (f"Ctrl+{i + 1}",),
        )
        for i, (key, text) in enumerate(VIEWS)
    ]
    return [
        *views,
        Action(
            "action.run_mc",
            "&Run Monte Carlo",
            "analysis",
            lambda w: w.run_monte_carlo(),
            ("Ctrl+R",),
            section=1,
        ),
        Action(
            "action.cancel_mc",
            "&Cancel run",
            "analysis",
            lambda w: w.views.controller.cancel(),
            (),
            _running,
            section=1,
        ),
        Action(
            "action.goal_seek",
            "&Goal seek…",
            "analysis",
            lambda w: w.show_goal_seek(),
            ("Ctrl+G",),
            section=1,
        ),
        Action(
            "action.calibrate",
            "Ca&librate to actuals…",
            "analysis",
            lambda w: w.show_calibrate(),
            section=1,
        ),
    ]


@cache
def actions() -> tuple[Action, ...]:
    """Every command of the window, in menu order."""
    return (
        *_file_actions(),
        *_edit_actions(),
        Action(
            "action.show_assumptions",
            "Assumptions",
            "view",
            qt=lambda w: w.dock.toggleViewAction(),
        ),
        *_analysis_actions(),
        Action("action.help_model", "About the &Model", "help", lambda w: w.show_model_help()),
        Action("action.about", "&About Cloud Capex Simulator", "help", lambda w: w.show_about()),
    )


def key_sequences(keys: tuple[Key, ...]) -> list[QKeySequence]:
    """The key sequences of ``keys``, each once (a standard key may stand for several)."""
    out: list[QKeySequence] = []
    for key in keys:
        found = [QKeySequence(key)] if isinstance(key, str) else QKeySequence.keyBindings(key)
        out += [k for k in found if k.toString() not in {o.toString() for o in out}]
    return out


class ActionSet:
    """The QActions of :func:`actions`, built into ``window``'s menu bar and toolbar."""

    def __init__(self, window: MainWindow, table: tuple[Action, ...] | None = None) -> None:
        self.window = window
        self.table = table if table is not None else actions()
        self.qactions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        for key, title in MENUS:
            menu = window.menuBar().addMenu(title)
            menu.setObjectName(f"menu.{key}")
            menu.menuAction().setObjectName(f"menu.{key}")
            menu.aboutToShow.connect(self.refresh)
            self.menus[key] = menu
        sections: dict[str, int] = {}
        for entry in self.table:
            menu = self.menus[entry.menu]
            if entry.menu in sections and sections[entry.menu] != entry.section:
                menu.addSeparator()
            sections[entry.menu] = entry.section
            if entry.submenu or entry.fill:
                self._submenu(menu, entry)
            else:
                menu.addAction(self._make(entry))
        self.refresh()

    def _submenu(self, menu: QMenu, entry: Action) -> None:
        sub = menu.addMenu(entry.text)
        sub.setObjectName(entry.id)
        sub.menuAction().setObjectName(entry.id)
        self.menus[entry.submenu or entry.id] = sub
        if entry.fill is not None:
            fill = entry.fill
            sub.aboutToShow.connect(lambda: fill(self.window, sub))
            fill(self.window, sub)  # enabled or not from the start

    def _make(self, entry: Action) -> QAction:
        w = self.window
        action = entry.qt(w) if entry.qt is not None else QAction(entry.text, w)
        action.setObjectName(entry.id)
        if entry.shortcuts:
            action.setShortcuts(key_sequences(entry.shortcuts))
        if entry.tip:
            action.setToolTip(entry.tip)
        if entry.run is not None:
            run = entry.run
            action.triggered.connect(lambda _=False: run(w))
        self.qactions[entry.id] = action
        return action

    def __getitem__(self, action_id: str) -> QAction:
        return self.qactions[action_id]

    def add_to_toolbar(self, bar: QToolBar) -> None:
        """Put the toolbar entries on ``bar``, in table order."""
        for entry in self.table:
            if entry.toolbar:
                bar.addAction(self.qactions[entry.id])

    def refresh(self) -> None:
        """Enable each action whose ``enabled_when`` holds now."""
        for entry in self.table:
            if entry.enabled_when is not None and entry.id in self.qactions:
                self.qactions[entry.id].setEnabled(bool(entry.enabled_when(self.window)))
