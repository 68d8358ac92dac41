"""``dialog.snapshots``: the active scenario's named snapshots (take, restore, delete, open).

Snapshots live in the scenario (:mod:`simulator.scenario.snapshots`), so taking, restoring and
deleting one are each one undoable edit of the document, and the list follows the
document (undo brings a deleted snapshot back). "Open as tab" opens a snapshot as a
new unsaved scenario next to the current one, ready to compare.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.errors import ScenarioError
from simulator.scenario.snapshots import remove, restore, snapshots_of, take
from simulator.scenario.value import Scenario, Snapshot
from ui.document.document import ScenarioDocument
from ui.document.workspace import ActiveDocument, Workspace

EMPTY_TEXT = "No snapshots yet. Take one to keep the current assumptions under a name."


def local_time(saved: str) -> str:
    """A snapshot's UTC time (``2026-11-29T09:30:00Z``) as local ``2026-11-29 10:30``."""
    when = datetime.strptime(saved, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


class SnapshotsDialog(QDialog):
    """The snapshots of ``document`` (the active scenario), with their actions."""

    def __init__(
        self, document: ActiveDocument, workspace: Workspace, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dialog.snapshots")
        self.setWindowTitle("Snapshots")
        self.resize(460, 360)
        self.doc, self.workspace = document, workspace
        self.snapshots: tuple[Snapshot, ...] = ()
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("snapshots.list")
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.list.itemDoubleClicked.connect(lambda _item: self.open_as_tab())
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.list, stretch=1)
        layout.addLayout(self._build_buttons())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        document.changed.connect(self._show)
        self._show(document.scenario)

    def _build_buttons(self) -> QHBoxLayout:
        self.take_button = _button("snapshots.take", "Take…", self.take)
        self.take_button.setToolTip("Keep the current assumptions under a name.")
        self.restore_button = _button("snapshots.restore", "Restore", self.restore)
        self.restore_button.setToolTip("Put the snapshot's assumptions back (undoable).")
        self.delete_button = _button("snapshots.delete", "Delete", self.delete)
        self.open_button = _button("snapshots.open", "Open as tab", self.open_as_tab)
        self.open_button.setToolTip("Open the snapshot as a new unsaved scenario, to compare.")
        row = QHBoxLayout()
        for button in (self.take_button, self.restore_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.open_button)
        return row

    # -- actions ------------------------------------------------------------------------

    def take(self) -> None:
        """Ask a name and snapshot the current assumptions (one undo step)."""
        name, ok = QInputDialog.getText(self, "Take snapshot", "Name of the snapshot:")
        if ok and name.strip():
            self._edit(lambda s: take(s, name), f"Take snapshot “{name.strip()}”")

    def restore(self) -> None:
        """Put the selected snapshot's assumptions back (one undo step)."""
        i = self._selected()
        if i is not None:
            name = self.snapshots[i].name
            self._edit(lambda s: restore(s, i), f"Restore snapshot “{name}”")

    def delete(self) -> None:
        """Delete the selected snapshot (one undo step)."""
        i = self._selected()
        if i is not None:
            name = self.snapshots[i].name
            self._edit(lambda s: remove(s, i), f"Delete snapshot “{name}”")

    def open_as_tab(self) -> ScenarioDocument | None:
        """Open the selected snapshot as a new unsaved scenario and make it active."""
        i = self._selected()
        if i is None:
            return None
        doc = self.workspace.add(self.snapshots[i].scenario(self.doc.scenario))
        doc.undo_stack.resetClean()  # never saved: closing it asks
        self.workspace.set_active(doc)
        return doc

    # -- state --------------------------------------------------------------------------

    def _edit(self, change: Callable[[Scenario], Scenario], text: str) -> None:
        try:
            self.doc.set_scenario(change(self.doc.scenario), text)
        except ScenarioError as exc:
            QMessageBox.warning(self, "Snapshots", str(exc))

    def _selected(self) -> int | None:
        row = self.list.currentRow()
        return row if 0 <= row < len(self.snapshots) else None

    def _show(self, scenario: Scenario) -> None:
        """List ``scenario``'s snapshots, keeping the selected row where it can."""
        row = self.list.currentRow()
        self.snapshots = snapshots_of(scenario)
        self.title.setText(f"Snapshots of <b>{scenario.name}</b>, oldest first")
        self.list.clear()
        for snap in self.snapshots:
            item = QListWidgetItem(f"{snap.name}   —   {local_time(snap.saved)}")
            item.setToolTip(f"Taken {local_time(snap.saved)} (local time)")
            self.list.addItem(item)
        if not self.snapshots:
            placeholder = QListWidgetItem(EMPTY_TEXT)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        elif row >= 0:
            self.list.setCurrentRow(min(row, len(self.snapshots) - 1))
        self._enable()

    def _enable(self) -> None:
        chosen = self._selected() is not None
        for button in (self.restore_button, self.delete_button, self.open_button):
            button.setEnabled(chosen)


def _button(name: str, text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button
