"""The simple field editors: a check box, a one-line text and the notes.

Their text and tooltip come from the field table (:mod:`simulator.scenario.fields`).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget
from superqt.utils import qdebounced, signals_blocked

from simulator.scenario import fields
from ui.inputs.base import FieldEditor

NOTES_DEBOUNCE_MS = 500


class BoolField(FieldEditor):
    """A check box for a true/false field, labelled with the field's label."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        f = fields.field(path)
        self.box = QCheckBox(f.label)
        self.box.setObjectName(f"{path}.box")
        self.setToolTip(f.tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self.box.toggled.connect(self.value_edited.emit)

    def set_value(self, value: Any) -> None:
        """Show ``value`` (not emitting)."""
        with signals_blocked(self.box):
            self.box.setChecked(bool(value))


class TextField(FieldEditor):
    """A one-line text field, committed on Enter or when focus leaves."""

    def __init__(
        self, path: str, pattern: str = "", placeholder: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(path, parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"{path}.edit")
        self.edit.setPlaceholderText(placeholder)
        if pattern:
            self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern)))
        self.pattern = re.compile(pattern) if pattern else None
        self.setToolTip(fields.field(path).tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.editingFinished.connect(self._commit)
        self._shown = ""

    def set_value(self, value: Any) -> None:
        """Show ``value`` (not emitting)."""
        self._shown = str(value)
        self.edit.setText(self._shown)

    def _commit(self) -> None:
        text = self.edit.text()
        if text != self._shown and (self.pattern is None or self.pattern.fullmatch(text)):
            self.value_edited.emit(text)


class NotesField(FieldEditor):
    """Multi-line notes, committed half a second after typing stops (or by ``commit``)."""

    def __init__(self, path: str = "notes", parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"{path}.edit")
        self.edit.setPlaceholderText("Sources, assumptions and reasoning behind this scenario")
        self.setToolTip(fields.field(path).tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self._commit_later = qdebounced(self.commit, timeout=NOTES_DEBOUNCE_MS, parent=self)
        self.edit.textChanged.connect(self._commit_later)
        self._shown = ""

    def set_value(self, value: Any) -> None:
        """Show ``value`` (not emitting); keeps the cursor if the text is unchanged."""
        self._shown = str(value or "")
        if self.edit.toPlainText() != self._shown:
            with signals_blocked(self.edit):
                self.edit.setPlainText(self._shown)

    def commit(self) -> None:
        """Emit the text if it differs from the document's."""
        self._commit_later.cancel()
        text = self.edit.toPlainText()
        if text != self._shown:
            self._shown = text
            self.value_edited.emit(text)
