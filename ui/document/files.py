"""The file controller: open, save, save as, revert, recent files and "save first?".

One :class:`FileController` per window owns the file policy of the workspace's
documents: which file each one comes from and goes to, asking before unsaved work
could be lost, the recent-files list, and for every open document an
:class:`~ui.document.autosave.Autosaver` (its failures shown by
:class:`~ui.document.autosave_status.AutosaveStatus`), a
:class:`~ui.document.disk_watch.DiskWatch` (a file changed by another program is
offered for reloading; saving over it asks first) and a mark that this instance has
the file open (:mod:`ui.document.file_lock`: opening a file another running instance
has open asks first). Dialogs come from :mod:`ui.document.file_dialogs`; messages for
the status bar go out as ``status``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from simulator import Scenario, ScenarioError, load_preset, load_scenario
from simulator.atomic import same_file
from ui.app.recent import RecentFiles
from ui.document import file_dialogs as dialogs
from ui.document import file_lock
from ui.document.autosave import Autosaver
from ui.document.autosave_status import AutosaveStatus
from ui.document.disk_watch import DiskWatch
from ui.document.document import ScenarioDocument
from ui.document.workspace import Workspace


class FileController(QObject):
    """Files of ``workspace``'s documents, asked about in ``window``."""

    status = Signal(str, int)  # a message for the status bar, for so many ms

    def __init__(
        self,
        window: QWidget,
        workspace: Workspace,
        settings: QSettings,
        before_save: Callable[[], None] = lambda: None,
    ) -> None:
        """``before_save`` commits edits still being typed (the notes box)."""
        super().__init__(window)
        self.window, self.workspace = window, workspace
        self.recent = RecentFiles(settings)
        self.before_save = before_save
        self.autosave_status = AutosaveStatus(window)
        self.autosave_status.status.connect(self.status)
        self._guards: dict[ScenarioDocument, tuple[Autosaver, DiskWatch]] = {}
        self._marked: dict[ScenarioDocument, Path | None] = {}
        workspace.added.connect(self._guard)
        for doc in workspace.documents():
            self._guard(doc)

    @property
    def doc(self) -> ScenarioDocument:
        """The active document."""
        return self.workspace.active

    def autosave(self, doc: ScenarioDocument | None = None) -> Autosaver:
        """The autosaver of ``doc`` (the active document by default)."""
        return self._guards[doc or self.doc][0]

    def disk(self, doc: ScenarioDocument | None = None) -> DiskWatch:
        """The watcher of ``doc``'s file (the active document by default)."""
        return self._guards[doc or self.doc][1]

    def _guard(self, doc: ScenarioDocument) -> None:
        disk = DiskWatch(self.window, doc)
        disk.changed.connect(lambda path, d=doc: self._offer_reload(path, d))
        saver = Autosaver(doc, parent=self)
        self.autosave_status.watch(saver)
        self._guards[doc] = (saver, disk)
        doc.path_changed.connect(lambda path, d=doc: self._mark(d, path))
        self._mark(doc, doc.path)

    def _mark(self, doc: ScenarioDocument, path: Path | None) -> None:
        """``doc``'s file is now ``path``: move this instance's mark to it."""
        old = self._marked.get(doc)
        if old == path and doc in self._marked:
            return
        if old is not None:
            file_lock.release(old)
        if path is not None:
            file_lock.acquire(path)
        self._marked[doc] = path

    def may_open(self, path: Path) -> bool:
        """Whether to open ``path``: yes unless another running instance has it open
        and the user, asked, declines."""
        held = file_lock.holder(path)
        return held is None or dialogs.ask_open_held(self.window, path, held.describe())

    def folder(self) -> Path:
        """Where dialogs start: the active file's folder, else the home folder."""
        return self.doc.path.parent if self.doc.path else Path.home()

    # -- tabs ---------------------------------------------------------------------------

    def open_in_new_tab(self, scenario: Scenario, path: Path | None = None) -> ScenarioDocument:
        """Open ``scenario`` beside the others and make it active."""
        doc = self.workspace.add(scenario, path)
        self.workspace.set_active(doc)
        return doc

    def duplicate(self) -> ScenarioDocument:
        """A copy of the active scenario in a new, unsaved tab ("what if...")."""
        return self.workspace.duplicate(self.doc)

    def open_file_in_new_tab(self) -> None:
        """Ask for a scenario file and open it in a new tab (or show its tab if open)."""
        path = dialogs.ask_open_path(self.window, self.folder())
        if path:
            self.open_path_in_new_tab(path)

    def open_path_in_new_tab(self, path: Path) -> bool:
        """Open ``path`` in a new tab; a file already open gets its tab shown instead."""
        if self.focus_open(path):
            return True
        if not self.may_open(path):
            return False
        scenario = self.load(path)
        if scenario is None:
            return False
        self.open_in_new_tab(scenario, path)
        self.recent.add(path)
        return True

    def new_tab_from_preset(self, name: str) -> ScenarioDocument:
        """An unsaved scenario from a preset in a new tab, beside the open ones."""
        return self.open_in_new_tab(load_preset(name), None)

    def find_open(self, path: Path) -> ScenarioDocument | None:
        """The open document of file ``path`` (the same file by any name), if any."""
        for doc in self.workspace.documents():
            if doc.path is not None and same_file(os.fspath(doc.path), os.fspath(path)):
                return doc
        return None

    def focus_open(self, path: Path) -> bool:
        """Show the tab of ``path`` when it is open already; whether it was."""
        doc = self.find_open(path)
        if doc is None:
            return False
        self.workspace.set_active(doc)
        self.status.emit(f"{path.name} is open already: showing its tab", 5000)
        return True

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
        self.autosave_status.forget(autosave)
        disk.deleteLater()
        self._mark(doc, None)
        del self._marked[doc]
        self.workspace.remove(doc)
        return True

    # -- opening ------------------------------------------------------------------------

    def new_from_preset(self, name: str) -> None:
        """Start an unsaved scenario from a preset (in the active tab)."""
        if self.maybe_save():
            self.doc.reset(load_preset(name), None)

    def open_file(self) -> None:
        """Ask for a scenario file and open it in the active tab."""
        if not self.maybe_save():
            return
        path = dialogs.ask_open_path(self.window, self.folder())
        if path and not self.focus_open(path):
            self.open_path(path, ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open ``path`` in the active tab; an invalid file shows a dialog, changes nothing;
        a file already open in a tab gets that tab shown."""
        if self.focus_open(path):
            return True
        if ask and not self.maybe_save():
            return False
        if path != self.doc.path and not self.may_open(path):
            return False
        scenario = self.load(path)
        if scenario is None:
            return False
        self.doc.reset(scenario, path)
        self.recent.add(path)
        return True

    def load(self, path: Path) -> Scenario | None:
        """The scenario in ``path``, or None after a dialog saying why it cannot be opened."""
        try:
            return load_scenario(path)
        except ScenarioError as exc:
            dialogs.show_error(self.window, "Cannot open scenario", str(exc))
            return None

    def fill_recent_menu(self, menu: QMenu) -> None:
        """List the recent files in ``menu`` (disabled when there are none)."""
        menu.clear()
        for path in self.recent.paths():
            action = QAction(str(path), menu)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
            menu.addAction(action)
        menu.setEnabled(bool(self.recent.paths()))

    # -- saving -------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Before losing unsaved changes: ask Save / Discard / Cancel. True to go on."""
        self.before_save()
        if not self.doc.is_dirty:
            return True
        answer = dialogs.ask_unsaved(self.window, self.doc.scenario.name)
        if answer == dialogs.SAVE:
            return self.save()
        return answer == dialogs.DISCARD

    def save(self) -> bool:
        """Save to the current file (or ask for one). True when saved."""
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        """Ask for a file name and save there."""
        path = dialogs.ask_save_path(self.window, self.folder() / f"{self.doc.scenario.name}.json")
        return path is not None and self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Save the active document to ``path`` (asking first if someone changed it)."""
        self.before_save()
        if path == self.doc.path and self.disk().changed_on_disk():
            answer = dialogs.ask_changed_on_disk(self.window, path)
            if answer == dialogs.RELOAD:
                self.reload_from_disk()
            if answer != dialogs.OVERWRITE:
                return False
        try:
            self.doc.save(path)
        except OSError as exc:
            dialogs.show_error(
                self.window,
                "Cannot save",
                f"{path}: {exc.strerror or exc}. Your changes are still here, unsaved; "
                "free some space or use Save As to save them somewhere else.",
            )
            return False
        self.recent.add(path)
        self.status.emit(f"Saved {path}", 4000)
        return True

    def revert(self) -> None:
        """Go back to the file on disk, after confirming."""
        if self.doc.path is None or not self.doc.is_dirty or not self.maybe_save():
            return
        self._reload("Cannot revert")

    def reload_from_disk(self) -> None:
        """Open the current file again as it is on disk (unsaved changes are dropped)."""
        if self.doc.path is not None:
            self._reload("Cannot reload")

    def _reload(self, failure: str) -> None:
        path = self.doc.path
        try:
            self.doc.reset(load_scenario(path), path)  # type: ignore[arg-type]
        except ScenarioError as exc:
            dialogs.show_error(self.window, failure, str(exc))

    def _offer_reload(self, path: Path, doc: ScenarioDocument) -> None:
        if doc is self.doc:
            dialogs.offer_reload(self.window, path, doc.is_dirty, self.reload_from_disk)

    # -- closing ------------------------------------------------------------------------

    def close_all(self) -> bool:
        """Ask about each document's unsaved changes; False when the user cancels."""
        for doc in self.workspace.documents():
            if doc.is_dirty:
                self.workspace.set_active(doc)
                if not self.maybe_save():
                    return False
        return True

    def shutdown(self) -> None:
        """A clean close: every recovery file and mark goes, the timers stop."""
        for autosave, _ in self._guards.values():
            autosave.discard()
            autosave.stop()
        for doc in list(self._marked):
            self._mark(doc, None)
