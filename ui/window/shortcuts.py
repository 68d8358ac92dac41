"""Application shortcuts win over the focused widget, unless it has an edit of its own.

A text field accepts Qt's "shortcut override" for the keys it could use itself (Ctrl+Z,
Ctrl+E, Home, ...), so a window shortcut would never fire while a number field has
focus. :class:`ShortcutRouter` watches those overrides in one window: a key that is one
of the window's action shortcuts goes to the action, except undo and redo while the
focused field holds a typed edit not yet committed (a spin box's text that differs from
its value, a line edit's modified text) or is a multi-line text editor, whose own undo
history is the user's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

TEXT_UNDO = frozenset({"action.undo", "action.redo"})
"""Actions that a field with a pending edit of its own keeps for itself."""


def pending_edit(widget: QWidget) -> bool:
    """Whether ``widget`` (the focus widget) holds typed text not committed yet."""
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return True  # a text editor's undo history is its own
    spin = widget.parent() if isinstance(widget, QLineEdit) else widget
    if isinstance(spin, QAbstractSpinBox):
        edit = spin.lineEdit()
        text = getattr(spin, "textFromValue", None)
        value = getattr(spin, "value", None)
        if text is None or value is None:
            return edit.isModified()
        return spin.cleanText() != text(value())
    return isinstance(widget, QLineEdit) and widget.isModified()


class ShortcutRouter(QObject):
    """Let ``window``'s actions (``actions``: id -> QAction) have their shortcuts
    whatever widget of the window has focus."""

    def __init__(self, window: QWidget, actions: dict[str, QAction]) -> None:
        super().__init__(window)
        self.window = window
        self.actions = actions
        QApplication.instance().installEventFilter(self)

    def action_for(self, event: QKeyEvent) -> str | None:
        """The id of the enabled action whose shortcut ``event`` is, if any."""
        pressed = QKeySequence(event.keyCombination())
        for action_id, action in self.actions.items():
            if action.isEnabled() and any(
                s.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                for s in action.shortcuts()
            ):
                return action_id
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Route a shortcut override in this window to the action (see the module)."""
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window or not isinstance(event, QKeyEvent):
            return False
        action_id = self.action_for(event)
        if action_id is None or (action_id in TEXT_UNDO and pending_edit(watched)):
            return False  # the widget's own key (typing, copy, its own undo)
        event.ignore()  # not overridden: the shortcut fires
        return True
