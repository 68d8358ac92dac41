"""The actions table: unique ids, no shortcut conflicts, menus built from it, enablement."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar

from simulator import default_scenario, list_presets, save_scenario
from ui.window.actions import MENUS, actions, key_sequences


@pytest.fixture
def window(window_1280):
    return window_1280


def test_every_action_has_a_unique_id_and_a_known_menu():
    table = actions()
    ids = [a.id for a in table]
    assert len(ids) == len(set(ids))
    menus = {key for key, _ in MENUS} | {a.submenu for a in table if a.submenu}
    assert {a.menu for a in table} <= menus
    assert all(a.run or a.qt or a.submenu or a.fill for a in table)
    assert len([a for a in table if a.menu == "file/new"]) == len(list_presets())


def test_no_two_actions_share_a_shortcut(window):
    owners: Counter[str] = Counter()
    for action in window.findChildren(QAction):
        if action.objectName().startswith("action."):
            for key in {k.toString() for k in action.shortcuts()}:
                owners[key] += 1
    assert owners and all(n == 1 for n in owners.values()), owners.most_common(3)
    declared = [k.toString() for a in actions() for k in key_sequences(a.shortcuts)]
    assert len(declared) == len(set(declared))


def _entries(menu: QMenu) -> list[str]:
    """The object names of a menu's actions and submenus, in order (no separators)."""
    return [a.objectName() for a in menu.actions() if not a.isSeparator()]


def test_menus_are_built_from_the_table(window):
    for key, title in MENUS:
        menu = window.commands.menus[key]
        assert menu.title() == title
        expected = [a.id for a in actions() if a.menu == key]
        assert _entries(menu) == expected
    new = window.commands.menus["file/new"]
    assert _entries(new) == [f"action.new.{i}" for i in range(len(list_presets()))]
    bar = [a.objectName() for a in window.menuBar().actions()]
    assert bar == [f"menu.{key}" for key, _ in MENUS]


def test_table_shortcuts_and_texts_are_the_actions(window):
    for entry in actions():
        if entry.submenu or entry.fill:
            continue
        action = window.commands[entry.id]
        assert action.objectName() == entry.id
        assert {k.toString() for k in action.shortcuts()} == {
            k.toString() for k in key_sequences(entry.shortcuts)
        }
        if entry.qt is None:
            assert action.text() == entry.text


def test_toolbar_holds_undo_and_redo(window):
    bar = window.findChild(QToolBar, "toolbar.main")
    names = [a.objectName() for a in bar.actions() if a.objectName()]
    assert names[:2] == ["action.undo", "action.redo"]


def test_enabled_when_follows_the_window(qtbot, window, tmp_path):
    revert, close = window.commands["action.revert"], window.commands["action.close"]
    assert not revert.isEnabled() and not close.isEnabled()
    path = tmp_path / "plan.json"
    save_scenario(default_scenario(), path)
    assert window.files.open_path(path)
    window.doc.set_field("revenue.yield", 0.9)
    assert revert.isEnabled()
    window.files.duplicate()
    assert close.isEnabled()
    cancel = window.commands["action.cancel_mc"]
    assert not cancel.isEnabled()


def test_shortcut_runs_the_handler(qtbot, window):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(window.workspace.documents()) == 2
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.views.sensitivity
