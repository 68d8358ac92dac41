"""``dialog.restore``: at start-up, the offer to restore work a crash left unsaved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.document.autosave import Recovery


class RestoreDialog(QDialog):
    """Lists recovered scenarios (name, time, file); ticked ones are restored.

    "Restore" restores the ticked ones and deletes the others' files; "Discard All"
    deletes every file; closing the dialog keeps them for the next start.
    """

    def __init__(self, recoveries: list[Recovery], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog.restore")
        self.setWindowTitle("Restore unsaved work")
        self.recoveries = recoveries
        self.chosen: list[Recovery] = []
        layout = QVBoxLayout(self)
        text = QLabel(
            "The app was closed unexpectedly last time. These scenarios had unsaved "
            "changes; tick the ones to restore (they open as unsaved, with their file)."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.list = QListWidget()
        self.list.setObjectName("restore.list")
        for recovery in recoveries:
            item = QListWidgetItem(recovery.label)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restore.restore")
        self.discard_button = buttons.addButton(
            "Discard All", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.discard_button.setObjectName("restore.discard")
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard_all)
        layout.addWidget(buttons)
        self.resize(640, 260)

    def ticked(self) -> list[Recovery]:
        """The recoveries whose box is ticked."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            r
            for r, item in zip(self.recoveries, items, strict=True)
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _restore(self) -> None:
        self.chosen = self.ticked()
        for recovery in self.recoveries:
            if recovery not in self.chosen:
                recovery.file.unlink(missing_ok=True)
        self.accept()

    def _discard_all(self) -> None:
        for recovery in self.recoveries:
            recovery.file.unlink(missing_ok=True)
        self.chosen = []
        self.accept()
