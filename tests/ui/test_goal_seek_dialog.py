"""Goal seek dialog: find, apply as one undo step, unreachable goals, cancel, MC statistics."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from simulator import default_scenario, simulate
from ui.document.document import ScenarioDocument
from ui.document.projection import Projection
from ui.views.sensitivity.goal_seek import GoalSeekDialog

TIMEOUT = 30_000
LEFT = Qt.MouseButton.LeftButton
CERTAIN = default_scenario().with_field("uncertainty", None)


def make_dialog(qtbot, scenario=None) -> GoalSeekDialog:
    document = ScenarioDocument(scenario or default_scenario())
    dialog = GoalSeekDialog(document, Projection(document))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def dialog(qtbot):
    d = make_dialog(qtbot)
    yield d
    d.runner.cancel()
    d.runner.wait()


def choose(combo, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def find(qtbot, d: GoalSeekDialog):
    """Click Find and wait for the search to end; the Solution or None."""
    with qtbot.waitSignal(d.runner.busy_changed, timeout=TIMEOUT, check_params_cb=lambda b: not b):
        qtbot.mouseClick(d.find_button, LEFT)
    d.runner.wait()
    return d.solution


def test_yield_for_zero_npv_applied_is_one_undo_step(dialog, qtbot) -> None:
    choose(dialog.input_combo, "revenue.yield")
    choose(dialog.metric_combo, "npv")
    choose(dialog.statistic_combo, "value")
    dialog.target.setValue(0.0)
    with qtbot.waitSignal(dialog.solved, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.find_button, LEFT)
    dialog.runner.wait()
    solution = blocker.args[0]
    assert solution.driver.path == "revenue.yield"
    assert dialog.apply_button.isEnabled()
    text = dialog.result_label.text()
    assert text.startswith(f"Yield on capacity = {solution.value:.4f} /yr gives NPV = ")
    doc = dialog.document
    before = doc.scenario
    steps = doc.undo_stack.count()
    qtbot.mouseClick(dialog.apply_button, LEFT)
    assert doc.undo_stack.count() == steps + 1
    assert doc.undo_stack.undoText().startswith("Goal seek: Yield on capacity")
    assert doc.scenario.revenue.yield_ == pytest.approx(solution.value)
    assert simulate(doc.scenario).metrics["npv"] == pytest.approx(0.0, abs=1e-4)
    assert not dialog.apply_button.isEnabled()  # the document changed: the result is spent
    doc.undo_stack.undo()
    assert doc.scenario == before


def test_an_unreachable_target_says_so_and_keeps_apply_disabled(dialog, qtbot) -> None:
    choose(dialog.input_combo, "revenue.ai_share")
    choose(dialog.metric_combo, "npv")
    dialog.target.setValue(10_000.0)
    assert find(qtbot, dialog) is None
    text = dialog.result_label.text()
    assert text.startswith("No solution: no value of AI share from 0.0 % to 100.0 %")
    assert "revenue.ai_share:" not in text
    assert not dialog.apply_button.isEnabled()


def test_a_limited_range_and_a_target_in_percent(dialog, qtbot) -> None:
    choose(dialog.input_combo, "revenue.yield")
    choose(dialog.metric_combo, "irr")
    assert dialog.target.suffix() == " %"
    assert dialog.target.value() == pytest.approx(10.0)  # the discount rate: IRR's break-even
    fitted = dialog.document.scenario.revenue.yield_  # the base preset's 0.6224...
    assert dialog.low.value() == 0.0  # search_range: the yield + 10, as the box shows it
    assert dialog.high.value() == round(fitted + 10, dialog.high.decimals()) == 10.6224
    assert not dialog.limit.isChecked()
    dialog.low.setValue(1.0)
    dialog.high.setValue(6.0)
    assert dialog.limit.isChecked() and dialog.bounds() == (1.0, 6.0)
    solution = find(qtbot, dialog)
    assert solution is not None and 1.0 <= solution.value <= 6.0
    moved = solution.driver.to_scenario(dialog.document.scenario, solution.value)
    assert simulate(moved).metrics["irr"] == pytest.approx(0.10, abs=1e-6)


def test_monte_carlo_statistics_only_with_uncertain_inputs(qtbot) -> None:
    d = make_dialog(qtbot, CERTAIN)
    model = d.statistic_combo.model()
    assert model.item(0).isEnabled()
    assert not any(model.item(i).isEnabled() for i in range(1, model.rowCount()))
    assert not d.paths.isEnabled() and not d.threshold.isEnabled()
    uncertain = make_dialog(qtbot)
    assert uncertain.document.scenario.uncertainty_or_default.inputs
    model = uncertain.statistic_combo.model()
    assert all(model.item(i).isEnabled() for i in range(model.rowCount()))
    assert uncertain.paths.value() == 2000


def test_probability_goal_typed_in_percent(dialog, qtbot) -> None:
    choose(dialog.input_combo, "economics.ebitda_margin")
    choose(dialog.metric_combo, "npv")
    choose(dialog.statistic_combo, "prob_above")
    assert dialog.target.suffix() == " %" and dialog.threshold.isEnabled()
    dialog.target.setValue(50.0)
    dialog.paths.setValue(500)
    goal = dialog.goal()
    assert goal.statistic == "prob_above" and goal.target == 0.5 and goal.threshold == 0.0
    solution = find(qtbot, dialog)
    assert solution is not None and solution.achieved == pytest.approx(0.5, abs=0.01)
    assert "P(NPV > 0.0 bn CNY) = " in dialog.result_label.text()


def test_cancel_stops_a_long_monte_carlo_search_with_no_result(dialog, qtbot) -> None:
    choose(dialog.input_combo, "revenue.yield")
    choose(dialog.statistic_combo, "p50")
    dialog.paths.setValue(200_000)
    solved = []
    dialog.solved.connect(solved.append)
    with qtbot.waitSignal(dialog.runner.progress, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.find_button, LEFT)
    assert dialog.cancel_button.isEnabled() and dialog.progress.isVisible()
    with qtbot.waitSignal(dialog.runner.cancelled, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.cancel_button, LEFT)
    assert dialog.runner.wait(TIMEOUT)  # the worker stops at its next chunk
    qtbot.wait(50)  # let any queued signal arrive: none may
    assert solved == [] and dialog.solution is None
    assert dialog.result_label.text() == "Search cancelled."
    assert not dialog.apply_button.isEnabled() and dialog.find_button.isEnabled()
