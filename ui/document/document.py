"""One open scenario: its current value, file, unsaved state and undo history.

Widgets never change a scenario themselves: they ask the document
(:meth:`ScenarioDocument.set_field`), which validates the edit by building a new
:class:`Scenario`, pushes it on the undo stack and emits ``changed`` once, only
when the value really changed. Edits inside a gesture (a slider or curve drag)
merge into one undo step.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from simulator import Scenario, load_scenario, save_scenario
from simulator.scenario import fields

_GESTURE_ID = 1
_gesture_serials = itertools.count(1)


class _SetScenario(QUndoCommand):
    """Replace the document's scenario; mergeable within one gesture."""

    def __init__(
        self, doc: ScenarioDocument, old: Scenario, new: Scenario, text: str, gesture: int | None
    ) -> None:
        super().__init__(text)
        self.doc, self.old, self.new, self.gesture = doc, old, new, gesture

    def id(self) -> int:
        return _GESTURE_ID if self.gesture is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, _SetScenario) or other.gesture != self.gesture:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.doc._show(self.new)

    def undo(self) -> None:
        self.doc._show(self.old)


class ScenarioDocument(QObject):
    """The current scenario of one window or tab, with file and undo stack."""

    changed = Signal(object)  # the new Scenario
    path_changed = Signal(object)  # Path | None
    dirty_changed = Signal(bool)
    file_synced = Signal(object)  # Path | None: the file now holds what was loaded/saved

    def __init__(
        self, scenario: Scenario, path: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._scenario = scenario
        self._path = path
        self._gesture: int | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    @property
    def scenario(self) -> Scenario:
        """The current value."""
        return self._scenario

    @property
    def path(self) -> Path | None:
        """The file this scenario was loaded from or saved to, if any."""
        return self._path

    @property
    def is_dirty(self) -> bool:
        """Whether there are changes since the last load or save."""
        return not self.undo_stack.isClean()

    def set_field(self, path: str, value: Any) -> bool:
        """Set one field (validated; raises ScenarioError). True if the value changed."""
        return self.set_scenario(self._scenario.with_field(path, value), _describe(path))

    def set_scenario(self, scenario: Scenario, text: str = "Edit scenario") -> bool:
        """Make ``scenario`` current as one undoable step (merged while in a gesture)."""
        if scenario == self._scenario:
            return False
        self.undo_stack.push(_SetScenario(self, self._scenario, scenario, text, self._gesture))
        return True

    def reset(self, scenario: Scenario, path: Path | None) -> None:
        """Start afresh on another scenario/file: empty undo history, clean state."""
        self.undo_stack.clear()
        self._gesture = None
        self._set_path(path)
        self._scenario = scenario
        self.undo_stack.setClean()
        self.changed.emit(scenario)
        self.file_synced.emit(path)

    def restore(self, scenario: Scenario, path: Path | None) -> None:
        """Start afresh on recovered unsaved work: like :meth:`reset`, but left dirty."""
        self.reset(scenario, path)
        self.undo_stack.resetClean()

    @property
    def in_gesture(self) -> bool:
        """Whether a gesture (e.g. a slider drag) is under way."""
        return self._gesture is not None

    def begin_gesture(self) -> None:
        """Start merging edits into one undo step (e.g. on slider press)."""
        self._gesture = next(_gesture_serials)

    def end_gesture(self) -> None:
        """Stop merging (e.g. on slider release)."""
        self._gesture = None

    def _show(self, scenario: Scenario) -> None:
        if scenario != self._scenario:
            self._scenario = scenario
            self.changed.emit(scenario)

    def save(self, path: Path | None = None) -> None:
        """Save atomically to ``path`` (or the current file); marks the document clean.

        The file's previous version is kept as ``NAME.bak``; on an ``OSError`` (read-only
        folder, disk full) nothing changes: the document stays as it was, unsaved.
        """
        target = path or self._path
        if target is None:
            raise ValueError("no file to save to")
        save_scenario(self._scenario, target, backup=True)
        self._set_path(Path(target))
        self.undo_stack.setClean()
        self.file_synced.emit(self._path)

    def revert(self) -> None:
        """Reload the file from disk as the current scenario (one undoable step)."""
        if self._path is None:
            raise ValueError("no file to revert to")
        self.set_scenario(load_scenario(self._path), "Revert to saved")
        self.undo_stack.setClean()
        self.file_synced.emit(self._path)

    def _set_path(self, path: Path | None) -> None:
        if path != self._path:
            self._path = path
            self.path_changed.emit(path)


def _describe(path: str) -> str:
    """Undo text for a field path, from the field table: ``Change AI growth, year 3``."""
    return f"Change {fields.label(path)}"
