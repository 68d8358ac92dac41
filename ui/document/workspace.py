"""The scenarios open in one window: several documents, one of them active.

Each open scenario is its own :class:`ScenarioDocument` (file, undo history,
unsaved state). Views that edit or show "the current scenario" hold the
:class:`ActiveDocument`, a stand-in that forwards to whichever document is active
and emits ``changed`` when the active one changes or is switched, so they need not
know that there are several. The compare view reads :meth:`Workspace.documents`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup

from simulator import Scenario
from ui.document.document import ScenarioDocument


class Workspace(QObject):
    """Open documents in tab order; one is active. Undo/redo follow the active one."""

    added = Signal(object)  # ScenarioDocument
    removed = Signal(object)  # ScenarioDocument
    active_changed = Signal(object)  # ScenarioDocument
    documents_changed = Signal()  # added, removed, renamed or edited: the list to show
    documents_changed_detail = Signal(object)  # the document that changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._docs: list[ScenarioDocument] = []
        self._active: ScenarioDocument | None = None
        self.undo_group = QUndoGroup(self)

    def documents(self) -> list[ScenarioDocument]:
        """The open documents, in tab order."""
        return list(self._docs)

    @property
    def active(self) -> ScenarioDocument:
        """The document being edited."""
        assert self._active is not None, "a workspace always has an active document"
        return self._active

    def add(self, scenario: Scenario, path: Path | None = None) -> ScenarioDocument:
        """Open ``scenario`` as a new document (not made active)."""
        doc = ScenarioDocument(scenario, path, self)
        self._docs.append(doc)
        self.undo_group.addStack(doc.undo_stack)
        doc.changed.connect(lambda _s, d=doc: self._edited(d))
        doc.dirty_changed.connect(lambda _b, d=doc: self._edited(d))
        doc.path_changed.connect(lambda _p, d=doc: self._edited(d))
        self.added.emit(doc)
        self.documents_changed.emit()
        return doc

    def set_active(self, doc: ScenarioDocument) -> None:
        """Make ``doc`` the one edited and shown."""
        if doc is self._active:
            return
        self._active = doc
        self.undo_group.setActiveStack(doc.undo_stack)
        self.active_changed.emit(doc)

    def remove(self, doc: ScenarioDocument) -> None:
        """Close ``doc`` (the caller asked about unsaved changes); another becomes active."""
        if len(self._docs) <= 1:
            raise ValueError("the last open scenario cannot be closed")
        index = self._docs.index(doc)
        self._docs.remove(doc)
        self.undo_group.removeStack(doc.undo_stack)
        if doc is self._active:
            self._active = None
            self.set_active(self._docs[min(index, len(self._docs) - 1)])
        self.removed.emit(doc)
        self.documents_changed.emit()
        doc.deleteLater()

    def duplicate(self, doc: ScenarioDocument) -> ScenarioDocument:
        """A new unsaved copy of ``doc``'s scenario named "... (copy)", made active."""
        copy = self.add(doc.scenario.with_field("name", f"{doc.scenario.name} (copy)"))
        copy.undo_stack.resetClean()  # a copy is unsaved work
        self.set_active(copy)
        return copy

    def _edited(self, doc: ScenarioDocument) -> None:
        self.documents_changed_detail.emit(doc)
        self.documents_changed.emit()


class ActiveDocument(QObject):
    """Stands in for the workspace's active document (the views' document)."""

    changed = Signal(object)  # the active document's scenario, on edit or switch
    dirty_changed = Signal(bool)
    path_changed = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._doc: ScenarioDocument | None = None
        workspace.active_changed.connect(self._retarget)
        if workspace.documents():
            self._retarget(workspace.active)

    @property
    def target(self) -> ScenarioDocument:
        """The document forwarded to."""
        assert self._doc is not None
        return self._doc

    def _retarget(self, doc: ScenarioDocument) -> None:
        if self._doc is not None:
            for signal, slot in self._links():
                signal.disconnect(slot)
        self._doc = doc
        for signal, slot in self._links():
            signal.connect(slot)
        self.changed.emit(doc.scenario)
        self.dirty_changed.emit(doc.is_dirty)
        self.path_changed.emit(doc.path)

    def _links(self) -> list[tuple[Any, Any]]:
        d = self.target
        return [
            (d.changed, self.changed),
            (d.dirty_changed, self.dirty_changed),
            (d.path_changed, self.path_changed),
        ]

    # the ScenarioDocument interface the views use
    @property
    def scenario(self) -> Scenario:
        """The active scenario."""
        return self.target.scenario

    @property
    def path(self) -> Path | None:
        """The active document's file."""
        return self.target.path

    @property
    def is_dirty(self) -> bool:
        """Whether the active document has unsaved changes."""
        return self.target.is_dirty

    @property
    def in_gesture(self) -> bool:
        """Whether a drag is under way on the active document."""
        return self.target.in_gesture

    @property
    def undo_stack(self) -> Any:
        """The active document's undo stack."""
        return self.target.undo_stack

    def set_field(self, path: str, value: Any) -> bool:
        """Edit the active document (one undo step)."""
        return self.target.set_field(path, value)

    def set_scenario(self, scenario: Scenario, text: str = "Edit scenario") -> bool:
        """Replace the active scenario (one undo step)."""
        return self.target.set_scenario(scenario, text)

    def begin_gesture(self) -> None:
        """Start merging edits of the active document."""
        self.target.begin_gesture()

    def end_gesture(self) -> None:
        """Stop merging edits."""
        self.target.end_gesture()
