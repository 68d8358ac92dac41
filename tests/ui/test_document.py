"""The scenario document: one signal per real change, undo steps, gestures, dirty state."""

from __future__ import annotations

import pytest

from simulator import ScenarioError, default_scenario, load_scenario
from ui.document.document import ScenarioDocument

YIELD = default_scenario().revenue.yield_  # the base preset's fitted yield, 0.6224...


@pytest.fixture
def doc(qtbot):
    return ScenarioDocument(default_scenario())


def test_edit_emits_once_and_undo_restores(doc, qtbot):
    with qtbot.waitSignal(doc.changed) as signal:
        assert doc.set_field("revenue.yield", 1.0)
    assert signal.args[0].revenue.yield_ == 1.0
    assert doc.is_dirty
    doc.undo_stack.undo()
    assert doc.scenario == default_scenario() and not doc.is_dirty
    doc.undo_stack.redo()
    assert doc.scenario.revenue.yield_ == 1.0


def test_equal_value_no_signal_no_step(doc, qtbot):
    with qtbot.assertNotEmitted(doc.changed):
        assert not doc.set_field("revenue.yield", YIELD)
    assert doc.undo_stack.count() == 0


def test_invalid_edit_raises_and_changes_nothing(doc):
    with pytest.raises(ScenarioError, match=r"revenue\.ai_share"):
        doc.set_field("revenue.ai_share", 2.0)
    assert doc.scenario == default_scenario() and doc.undo_stack.count() == 0


def test_gesture_is_one_undo_step(doc):
    doc.begin_gesture()
    for v in (0.81, 0.82, 0.85, 0.9):
        doc.set_field("revenue.yield", v)
    doc.end_gesture()
    doc.set_field("revenue.yield", 1.0)
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.scenario.revenue.yield_ == 0.9
    doc.undo_stack.undo()
    assert doc.scenario.revenue.yield_ == YIELD


def test_two_gestures_do_not_merge(doc):
    for v in (0.9, 1.0):
        doc.begin_gesture()
        doc.set_field("revenue.yield", v)
        doc.end_gesture()
    assert doc.undo_stack.count() == 2


def test_save_marks_clean_and_revert(doc, tmp_path, qtbot):
    path = tmp_path / "s.json"
    doc.set_field("program.total_capex", 400.0)
    with qtbot.waitSignal(doc.path_changed):
        doc.save(path)
    assert not doc.is_dirty and doc.path == path
    assert load_scenario(path).program.total_capex == 400.0
    doc.set_field("program.total_capex", 500.0)
    assert doc.is_dirty
    doc.revert()
    assert doc.scenario.program.total_capex == 400.0 and not doc.is_dirty


def test_reset_clears_history(doc, qtbot):
    doc.set_field("revenue.yield", 1.0)
    other = default_scenario().with_field("name", "Other")
    with qtbot.waitSignal(doc.changed):
        doc.reset(other, None)
    assert doc.undo_stack.count() == 0 and not doc.is_dirty and doc.scenario == other
