"""``dialog.restore``: at start-up, the offer to restore work a crash left unsaved.

Each recovery is listed with its name, the time it was saved and its file; below, what
it changes against the file on disk. Several recoveries of one file (two instances
edited it, or two windows) are told apart: the newest is marked and ticked, each older
one says how it differs from the newest and is left unticked, so restoring does not
open two windows on one file unless asked. A file another running instance has open
is named so.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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

from simulator import Scenario, ScenarioError, load_scenario
from simulator.scenario import diff
from ui.document import file_lock
from ui.document.autosave import Recovery

DETAIL_CHANGES = 12
"""Changes listed in an entry's tooltip (its text shows three)."""


@dataclass(frozen=True)
class Entry:
    """How one recovery is listed: its text, tooltip, and whether it starts ticked."""

    text: str
    tooltip: str
    ticked: bool


def entries(recoveries: Sequence[Recovery]) -> list[Entry]:
    """The list entries of ``recoveries`` (in their order)."""
    groups: dict[object, list[Recovery]] = {}
    for r in recoveries:
        groups.setdefault(_same_work(r), []).append(r)
    out = []
    for r in recoveries:
        group = sorted(groups[_same_work(r)], key=lambda x: x.saved_at)
        newest = group[-1]
        lines, tips = [r.label], []
        if len(group) > 1:
            rank = "newest" if r is newest else "older"
            lines[0] += f"  [{rank} of {len(group)} versions]"
            if r is not newest:
                lines.append(
                    f"    Differs from the newest: {diff.summary(r.scenario, newest.scenario)}"
                )
                tips.append(
                    _detail("Changes from this version to the newest", r.scenario, newest.scenario)
                )
        disk = _on_disk(r.path)
        if isinstance(disk, Scenario):
            lines.append(f"    Unsaved changes to the file: {diff.summary(disk, r.scenario)}")
            tips.append(_detail("Changes from the file on disk to this version", disk, r.scenario))
        elif disk:
            lines.append(f"    The file: {disk}")
        held = file_lock.holder(r.path) if r.path is not None else None
        if held is not None:
            lines.append(f"    The file is open in {held.describe()}")
        out.append(Entry("\n".join(lines), "\n\n".join(tips), r is newest))
    return out


def _same_work(r: Recovery) -> object:
    """What makes two recoveries versions of one work: their file, else their name."""
    return ("file", os.path.realpath(r.path)) if r.path is not None else ("name", r.scenario.name)


def _on_disk(path: Path | None) -> Scenario | str:
    """The scenario in ``path`` now, or why there is none (empty: never saved)."""
    if path is None:
        return ""
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        return f"cannot be read now ({exc.rule})"


def _detail(title: str, a: Scenario, b: Scenario) -> str:
    found = diff.changes(a, b)
    if not found:
        return f"{title}: none"
    lines = [c.text() for c in found[:DETAIL_CHANGES]]
    if len(found) > DETAIL_CHANGES:
        lines.append(f"and {len(found) - DETAIL_CHANGES} more")
    return f"{title}:\n" + "\n".join(lines)


class RestoreDialog(QDialog):
    """Lists recovered scenarios (name, time, file, what they change); ticked ones are
    restored.

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
            "changes; tick the ones to restore (they open as unsaved, with their file). "
            "Hover over an entry to see every change."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.list = QListWidget()
        self.list.setObjectName("restore.list")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        for entry in entries(recoveries):
            item = QListWidgetItem(entry.text)
            item.setToolTip(entry.tooltip)
            item.setCheckState(Qt.CheckState.Checked if entry.ticked else Qt.CheckState.Unchecked)
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
        self.resize(760, 360)

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
