"""The projection: one ``changed`` per real change, none for an equal value, results cached."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import default_scenario, load_preset, simulate
from simulator.units import Money
from ui.charts.reported import reported
from ui.document.document import ScenarioDocument
from ui.document.projection import Projection, ResultCache
from ui.document.workspace import ActiveDocument, Workspace
from ui.views.compare.view import CompareView

BASE = load_preset("Alibaba 2025 plan (base)")
BULL = load_preset("Alibaba 2025 plan (bull)")


def same_marks(a, b) -> bool:
    """Whether two laid-out reported actuals hold the same points."""
    if set(a.marks) != set(b.marks):
        return False
    return all(
        np.array_equal(a.get(k).t, b.get(k).t) and np.array_equal(a.get(k).values, b.get(k).values)
        for k in a.marks
    )


def record(signal) -> list[tuple]:
    got: list[tuple] = []
    signal.connect(lambda *args: got.append(args))
    return got


@pytest.fixture
def workspace() -> Workspace:
    ws = Workspace()
    ws.set_active(ws.add(BASE))
    return ws


def test_starts_with_the_documents_result():
    doc = ScenarioDocument(BASE)
    p = Projection(doc)
    assert p.scenario is BASE
    np.testing.assert_array_equal(p.result["cum_fcf"], simulate(BASE)["cum_fcf"])
    assert p.money == Money(1.0, "bn CNY") and not p.in_usd
    assert same_marks(p.reported, reported(BASE))


def test_one_signal_per_edit_with_the_new_result():
    doc = ScenarioDocument(BASE)
    p = Projection(doc)
    seen = record(p.changed)
    doc.set_field("revenue.yield", 1.1)
    assert len(seen) == 1
    assert p.scenario is doc.scenario
    assert p.result.summary == simulate(doc.scenario).summary
    doc.set_field("economics.tax_rate", 0.2)
    assert len(seen) == 2


def test_an_equal_value_emits_nothing(workspace):
    twin = workspace.add(BASE.with_field("name", BASE.name))  # equal, not the same object
    active = ActiveDocument(workspace)
    p = Projection(active)
    seen = record(p.changed)
    workspace.set_active(twin)  # the active document emits, the projection does not
    assert seen == []
    p.set_in_usd(False)  # already so
    assert seen == []
    workspace.documents()[0].set_scenario(BASE)  # no change at all
    assert seen == []


def test_switching_documents_is_one_signal(workspace):
    bull = workspace.add(BULL)
    p = Projection(ActiveDocument(workspace))
    seen = record(p.changed)
    workspace.set_active(bull)
    assert len(seen) == 1 and p.scenario is BULL


def test_money_switch_is_one_signal_and_usd_stays_usd():
    doc = ScenarioDocument(BASE)
    p = Projection(doc)
    seen = record(p.changed)
    p.set_in_usd(True)
    assert len(seen) == 1 and p.money == Money(1 / 7.17, "bn USD")
    assert p.currencies() == ["CNY", "USD"]
    usd = default_scenario().with_fields({"currency": "USD", "usd_fx": 1.0})
    doc.set_scenario(usd)
    assert len(seen) == 2 and p.money == Money(1.0, "bn USD") and p.currencies() == ["USD"]


def test_reported_follow_the_actuals():
    doc = ScenarioDocument(BASE)
    p = Projection(doc)
    before = p.reported
    doc.set_field("revenue.yield", 0.9)
    assert p.reported is before  # the same actuals: laid out once
    section = BASE.to_dict()["actuals"]
    section["capex"]["values"]["2025Q1"] = 20.0
    doc.set_field("actuals", section)
    assert not same_marks(p.reported, before) and same_marks(p.reported, reported(doc.scenario))


def test_results_are_cached_by_scenario_value():
    cache = ResultCache(size=3)
    doc = ScenarioDocument(BASE)
    p = Projection(doc, cache)
    doc.set_field("revenue.yield", 1.0)
    assert cache.misses == 2
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    assert cache.misses == 2  # both values were seen: nothing simulated again
    for y in (1.1, 1.2, 1.3):
        doc.set_field("revenue.yield", y)
    assert len(cache) == 3  # the oldest went
    assert p.result is cache.result(doc.scenario)


def test_compare_reuses_the_projections_results(qtbot, workspace):
    workspace.add(BULL)
    p = Projection(ActiveDocument(workspace))
    view = CompareView(workspace, p)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.computed, timeout=10_000):
        view.set_active(True)
    assert p.cache.misses == 2  # base (by the projection) and bull (by the comparison)
    bull = workspace.documents()[1]
    workspace.set_active(bull)  # the projection finds bull's result in the cache
    for checked in (False, True):
        with qtbot.waitSignal(view.computed, timeout=10_000):
            view.pick.set_checked(bull, checked)
    assert p.cache.misses == 2  # nothing was simulated again
