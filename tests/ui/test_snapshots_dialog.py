"""The snapshots dialog: take, restore, delete and open as tab, each through the document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from simulator.scenario.presets import load_preset
from simulator.scenario.snapshots import snapshots_of
from ui.document.workspace import ActiveDocument, Workspace
from ui.window.snapshots import SnapshotsDialog

BASE = load_preset("Alibaba 2025 plan (base)")


@pytest.fixture
def workspace() -> Workspace:
    ws = Workspace()
    ws.set_active(ws.add(BASE))
    return ws


@pytest.fixture
def dialog(qtbot, workspace, monkeypatch) -> SnapshotsDialog:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("before board", True))
    d = SnapshotsDialog(ActiveDocument(workspace), workspace)
    qtbot.addWidget(d)
    return d


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_take_adds_a_snapshot_in_one_undo_step(dialog, workspace, qtbot) -> None:
    doc = workspace.active
    assert not dialog.restore_button.isEnabled()
    click(qtbot, dialog.take_button)
    assert [s.name for s in snapshots_of(doc.scenario)] == ["before board"]
    assert dialog.list.count() == 1 and dialog.list.item(0).text().startswith("before board")
    assert doc.undo_stack.undoText() == "Take snapshot “before board”"
    doc.undo_stack.undo()
    assert snapshots_of(doc.scenario) == ()
    assert dialog.list.item(0).flags() == Qt.ItemFlag.NoItemFlags  # the "none yet" line


def test_cancelled_name_takes_nothing(dialog, workspace, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    click(qtbot, dialog.take_button)
    assert workspace.active.undo_stack.count() == 0


def test_restore_then_undo(dialog, workspace, qtbot) -> None:
    doc = workspace.active
    click(qtbot, dialog.take_button)
    doc.set_field("revenue.yield", 1.5)
    dialog.list.setCurrentRow(0)
    click(qtbot, dialog.restore_button)
    assert doc.scenario.revenue.yield_ == BASE.revenue.yield_
    assert doc.undo_stack.undoText() == "Restore snapshot “before board”"
    doc.undo_stack.undo()
    assert doc.scenario.revenue.yield_ == 1.5
    assert dialog.list.currentRow() == 0


def test_delete_is_one_undo_step(dialog, workspace, qtbot) -> None:
    doc = workspace.active
    click(qtbot, dialog.take_button)
    dialog.list.setCurrentRow(0)
    click(qtbot, dialog.delete_button)
    assert snapshots_of(doc.scenario) == ()
    assert not dialog.delete_button.isEnabled()
    doc.undo_stack.undo()
    assert [s.name for s in snapshots_of(doc.scenario)] == ["before board"]
    assert dialog.list.count() == 1


def test_open_as_tab_adds_an_unsaved_active_document(dialog, workspace, qtbot) -> None:
    original = workspace.active
    click(qtbot, dialog.take_button)
    original.set_field("revenue.yield", 1.5)
    dialog.list.setCurrentRow(0)
    click(qtbot, dialog.open_button)
    docs = workspace.documents()
    assert len(docs) == 2 and workspace.active is docs[1]
    opened = docs[1]
    assert opened.is_dirty and opened.path is None
    assert opened.scenario.name == f"{BASE.name} @ before board"
    assert opened.scenario.revenue.yield_ == BASE.revenue.yield_
    assert original.scenario.revenue.yield_ == 1.5
    assert dialog.list.count() == 1  # the opened scenario keeps the snapshots
