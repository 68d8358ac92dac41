"""The Uncertainty tab's analyses, driven through its widgets: sampling and precision
controls, the stale mark, convergence, the regression tornado, Sobol' indices, the
stress test, deterministic runs and statistics made off the GUI thread."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest
from conftest import type_into
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget

from simulator import load_scenario
from simulator.analysis import convergence, regression, sobol, stress
from simulator.analysis.stats import statistics_table
from simulator.scenario.presets import default_scenario
from simulator.scenario.uncertainty import parse_statistic
from simulator.scenario.value import Scenario
from ui.document.document import ScenarioDocument
from ui.document.projection import Projection
from ui.views.uncertainty import tasks
from ui.views.uncertainty.controller import UncertaintyController
from ui.views.uncertainty.text import precision_text
from ui.views.uncertainty.view import UncertaintyView

LEFT = Qt.MouseButton.LeftButton
SECTION = {
    "seed": 7,
    "paths": 3000,
    "inputs": {
        "revenue.yield": {"dist": "triangular", "low": 0.6, "mode": 0.8, "high": 1.0},
        "revenue.ai_growth": {"dist": "normal", "mean": 0.0, "sd": 0.08},
        "program.total_capex": {"dist": "uniform", "low": 340, "high": 440},
    },
}


def uncertain(**section: object) -> Scenario:
    return default_scenario().with_field("uncertainty", {**SECTION, **section})


@pytest.fixture
def make_view(qtbot):
    """Shown views with their first full result; controllers and workers stopped after."""
    made: list[UncertaintyView] = []

    def make(s: Scenario) -> UncertaintyView:
        doc = ScenarioDocument(s)
        controller = UncertaintyController(doc, delay_ms=10)
        view = UncertaintyView(doc, controller, Projection(doc))
        made.append(view)
        qtbot.addWidget(view)
        with qtbot.waitSignals([controller.result, view.analyses.extras_shown], timeout=30_000):
            view.resize(1000, 760)
            view.show()
        return view

    yield make
    for view in made:
        view.controller.shutdown()
        view.shutdown()
        view.analyses.extras_runner.wait()
    QApplication.processEvents()


def child(view: QWidget, name: str) -> QWidget:
    found = view.findChild(QWidget, name)
    assert found is not None, name
    return found


def choose(qtbot, combo: QComboBox, data: str, by_text: bool = False) -> None:
    """Pick the item holding ``data`` (or showing it) with the keyboard (Home, then Down)."""
    target = combo.findText(data) if by_text else combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(target):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == target


def page(view: UncertaintyView, title: str) -> None:
    pages = view.results.pages
    pages.setCurrentIndex([pages.tabText(i) for i in range(pages.count())].index(title))


# -- sampling and precision ------------------------------------------------------------------


def test_sampler_and_precision_round_trip_into_the_saved_file(qtbot, make_view, tmp_path):
    view = make_view(uncertain())
    doc, controller = view.doc, view.controller
    replicates = child(view, "uncertainty.replicates")
    assert not replicates.isEnabled()  # plain random has no replicates
    with qtbot.waitSignal(controller.result, timeout=30_000):
        choose(qtbot, child(view, "uncertainty.sampler"), "sobol")
    assert replicates.isEnabled()
    mc = view.mc
    assert (mc.sampler, mc.replicates, mc.replicate_size, mc.paths) == ("sobol", 10, 256, 2560)
    assert view.status.text().startswith(
        "Sobol': 10 × 256 = 2,560 paths (3,000 asked: Sobol' replicates are powers of two)"
    )
    with qtbot.waitSignal(controller.result, timeout=30_000):
        type_into(qtbot, replicates, "20")
    with qtbot.waitSignal(controller.result, timeout=30_000):
        choose(qtbot, child(view, "uncertainty.precision.metric"), "P(npv > 0)")
    half = child(view, "uncertainty.precision.half_width")
    assert half.isVisible() and half.suffix() == " points" and half.value() == 0.5
    with qtbot.waitSignal(controller.result, timeout=30_000):
        type_into(qtbot, half, "6")
    unc = doc.scenario.uncertainty_or_default
    assert (unc.sampler, unc.replicates) == ("sobol", 20)
    assert unc.precision.to_dict() == {"metric": "P(npv > 0)", "half_width": 0.06}
    mc = view.mc
    assert mc.precision is not None and mc.precision.reached and mc.paths < mc.max_paths
    assert mc.paths == 5 * mc.replicate_size  # stopped at the first check, the 5th replicate
    stop = precision_text(mc)
    assert stop.startswith(f"stopped at {mc.paths:,} of {mc.max_paths:,} paths: P(NPV > 0) known")
    assert stop in view.status.text()
    doc.save(tmp_path / "s.json")
    saved = json.loads((tmp_path / "s.json").read_text())["uncertainty"]
    assert saved["sampler"] == "sobol" and saved["replicates"] == 20
    assert saved["precision"] == {"metric": "P(npv > 0)", "half_width": 0.06}
    again = load_scenario(tmp_path / "s.json").uncertainty_or_default
    assert again.precision == unc.precision
    doc.undo_stack.undo()  # the half-width edit: one undo step, the box follows
    assert child(view, "uncertainty.precision.half_width").value() == 0.5


def test_a_relative_target_on_mean_npv(qtbot, make_view):
    view = make_view(uncertain())
    with qtbot.waitSignal(view.controller.result, timeout=30_000):
        choose(qtbot, child(view, "uncertainty.precision.metric"), "mean:npv")
    relative = child(view, "uncertainty.precision.relative")
    assert relative.isVisible() and not child(view, "uncertainty.precision.half_width").isVisible()
    assert child(view, "uncertainty.precision").currentData() == "relative"
    precision = view.doc.scenario.uncertainty_or_default.precision
    assert precision.to_dict() == {"metric": "mean:npv", "relative": 0.01}


def test_a_refused_section_names_the_field_and_changes_nothing(qtbot, make_view):
    view = make_view(uncertain())
    before = view.doc.scenario
    section = view.sampling.section()
    bad = section.__class__(**{**section.__dict__, "replicates": 1})
    from ui.views.uncertainty.sampling import write_section

    message = write_section(view.doc, bad)
    assert message.startswith("uncertainty.replicates: must be from 2 to 100")
    assert view.doc.scenario == before


# -- stale and automatic -----------------------------------------------------------------------


def test_an_edit_greys_the_results_until_the_new_run_lands(qtbot, make_view):
    view = make_view(uncertain())
    mark = child(view, "risk.stale")
    assert not mark.isVisible() and not view.results.stale.effect.isEnabled()
    with qtbot.waitSignal(view.controller.result, timeout=30_000):
        view.doc.set_field("revenue.yield", 0.95)
        assert mark.isVisible() and mark.text().startswith("Recomputing")
        assert view.results.stale.effect.isEnabled()  # the old results greyed
        assert view.results.summary.graphicsEffect().isEnabled()  # their headline too
    assert not mark.isVisible() and not view.results.stale.effect.isEnabled()
    assert not view.results.summary.graphicsEffect().isEnabled()
    view.controller.set_enabled(False)
    view.doc.set_field("revenue.yield", 0.9)  # stale while hidden: it runs when shown
    assert mark.isVisible()
    view.controller.cancel()
    view.controller.set_enabled(True)
    with qtbot.waitSignal(view.controller.result, timeout=30_000):
        view.cancel()  # Cancel: the results stay marked, now as out of date
        assert mark.text().startswith("Out of date")
        qtbot.mouseClick(view.run_button, LEFT)
    assert not mark.isVisible()


# -- convergence and contribution to variance -----------------------------------------------


def test_convergence_chart_is_the_trace(qtbot, make_view):
    view = make_view(uncertain())
    page(view, "Convergence")
    chart = child(view, "chart.convergence")
    stat = parse_statistic("P(npv > 0)", "test")
    expected = convergence.trace(view.mc, stat)
    x, y = chart.estimate.getData()
    np.testing.assert_allclose(y, 100 * expected.estimate)
    np.testing.assert_allclose(10**x, expected.paths)  # drawn on a log scale
    np.testing.assert_array_equal(chart.trace.paths, expected.paths)
    assert chart.plot_item.getAxis("bottom").logMode  # random: a geometric grid
    np.testing.assert_allclose(chart.high.getData()[1], 100 * expected.high)
    with qtbot.waitSignal(view.analyses.extras_shown, timeout=20_000):
        choose(qtbot, child(view, "risk.convergence.statistic"), "mean:npv")
    mean = convergence.trace(view.mc, parse_statistic("mean:npv", "test"))
    np.testing.assert_allclose(chart.estimate.getData()[1], mean.estimate)
    note = child(view, "risk.convergence.note").text()
    assert note.startswith("After 3,000 paths: mean NPV =")


def test_regression_tornado_equals_rank_regression(qtbot, make_view):
    correlated = {
        "correlations": [{"between": ["revenue.ai_growth", "revenue.yield"], "rank": 0.5}]
    }
    view = make_view(uncertain(**correlated))
    page(view, "Drivers")
    chart = child(view, "chart.regression")
    reg = regression.rank_regression(view.mc, "npv")
    np.testing.assert_allclose(chart.bar_values(), [100 * e.contribution for e in reg.entries])
    ticks = chart.plot_item.getAxis("left")._tickLevels[0]
    names = {"revenue.yield": "Yield on capacity", "program.total_capex": "Total capex"}
    names["revenue.ai_growth"] = "AI growth (shift)"
    assert [label for _, label in ticks] == [names[e.path] for e in reg.entries]
    note = child(view, "risk.regression.note").text()
    assert f"R² = {reg.r2:.2f}" in note and "correlated" in note and "Pratt" in note
    with qtbot.waitSignal(view.analyses.extras_shown, timeout=20_000):
        choose(qtbot, child(view, "risk.regression.metric"), "payback_years")
    payback = regression.rank_regression(view.mc, "payback_years")
    np.testing.assert_allclose(chart.bar_values(), [100 * e.contribution for e in payback.entries])


def test_sobol_indices_run_in_the_worker(qtbot, make_view):
    view = make_view(uncertain())
    page(view, "Drivers")
    box = view.results.drivers.sobol
    type_into(qtbot, child(view, "risk.sobol.paths"), "256")
    with qtbot.waitSignal(view.analyses.sobol_runner.finished, timeout=60_000):
        qtbot.mouseClick(child(view, "risk.sobol.run"), LEFT)
        assert child(view, "risk.sobol.cancel").isEnabled()
    expected = sobol.sobol_indices(view.doc.scenario, "npv", base_paths=256)
    table = child(view, "risk.sobol.table")
    got = {
        table.item(r, 0).text(): table.item(r, 1).data(Qt.ItemDataRole.UserRole)
        for r in range(table.rowCount())
    }
    names = {"revenue.yield": "Yield on capacity", "program.total_capex": "Total capex"}
    names["revenue.ai_growth"] = "AI growth (shift)"
    for path, first in zip(expected.inputs, expected.first, strict=True):
        assert got[names[path]] == pytest.approx(first)
    assert "Sobol' indices of NPV" in box.note.text() and not box.cancel_button.isEnabled()
    # the splitter made room: every row of the table in view, none behind a scroll bar
    qtbot.waitUntil(lambda: table.verticalScrollBar().maximum() == 0, timeout=5_000)
    last = table.visualItemRect(table.item(table.rowCount() - 1, 0))
    assert last.bottom() <= table.viewport().height()


def test_sobol_table_never_crushes_the_tornado(qtbot, make_view):
    base = default_scenario()  # the base preset: ten uncertain inputs, some correlated
    view = make_view(base.with_field("uncertainty.paths", 1000))
    page(view, "Drivers")
    type_into(qtbot, child(view, "risk.sobol.paths"), "128")
    with qtbot.waitSignal(view.analyses.sobol_runner.finished, timeout=120_000):
        qtbot.mouseClick(child(view, "risk.sobol.run"), LEFT)
    table = child(view, "risk.sobol.table")
    assert table.rowCount() == len(base.uncertainty_or_default.inputs) >= 10
    chart = child(view, "chart.regression")
    qtbot.waitUntil(lambda: table.height() > 3 * table.rowHeight(0), timeout=5_000)
    vb = chart.plot_item.vb  # each input's row at least a label high: no overlap
    pitch = vb.mapViewToScene(QPointF(0, 0)).y() - vb.mapViewToScene(QPointF(0, 1)).y()
    assert pitch >= chart.row_pixels() > 10
    note = child(view, "risk.regression.note")  # and the note below it, not over it
    assert chart.geometry().bottom() < note.geometry().top()


# -- stress test -------------------------------------------------------------------------------


def test_stress_test_shows_how_the_outputs_shift(qtbot, make_view):
    view = make_view(uncertain())
    view.resize(800, 760)  # the tab's width at 1280 px beside the dock
    page(view, "Stress test")
    choose(qtbot, child(view, "risk.stress.input"), "revenue.yield")
    choose(qtbot, child(view, "risk.stress.tail"), "below its P10", by_text=True)
    with qtbot.waitSignal(view.analyses.stress_runner.finished, timeout=60_000):
        qtbot.mouseClick(child(view, "risk.stress.run"), LEFT)
    expected = stress.stress(view.doc.scenario, "revenue.yield", 0.0, 0.1)
    table = child(view, "risk.stress.table")
    rows = {
        (table.item(r, 0).text(), table.item(r, 1).text()): table.item(r, 3).text()
        for r in range(table.rowCount())
    }
    npv = expected.shift("npv", "mean")
    assert rows[("NPV", "mean")] == f"{npv.stressed:,.1f} bn CNY"
    p = expected.shift("npv", "P(> 0)")
    assert rows[("NPV", "P(NPV > 0)")] == f"{100 * p.stressed:.1f} %"
    assert npv.change < 0  # low yield, lower NPV
    status = child(view, "risk.stress.status").text()
    assert status.startswith("Yield on capacity held to P0–P10 of its distribution")
    outputs = [table.item(r, 0).text() for r in range(table.rowCount())]
    widest = max(table.fontMetrics().horizontalAdvance(t) for t in outputs)
    assert table.columnWidth(0) > widest  # "Cumulative programme revenue" whole


# -- deterministic runs and the worker ------------------------------------------------------


def test_a_deterministic_run_shows_no_probability(qtbot, make_view):
    fixed = {
        "inputs": {"revenue.yield": {"dist": "triangular", "low": 0.8, "mode": 0.8, "high": 0.8}}
    }
    view = make_view(uncertain(**fixed))
    assert view.mc.deterministic_only
    assert view.prob_npv.text() == "No uncertain inputs — deterministic"
    assert not view.prob_irr.isVisible() and not view.prob_payback.isVisible()
    defined = view.findChild(QLabel, "risk.defined").text()
    assert defined.startswith("No uncertain inputs — deterministic")
    shown = [w.text() for w in view.findChildren(QLabel) if w.isVisible()]
    assert not any("P(NPV > 0) =" in text for text in shown)
    page(view, "Statistics")
    table = view.table
    npv = table.keys.index("npv")
    assert table.item(npv, 2).text() == "no uncertain inputs — deterministic"
    assert "deterministic" in view.distribution.chart.plot_item.titleLabel.text
    page(view, "Drivers")
    assert "deterministic" in child(view, "risk.regression.note").text()


def test_statistics_are_computed_in_the_worker(qtbot, monkeypatch):
    threads: list[bool] = []
    real = tasks.statistics_table

    def spy(*args: object, **kwargs: object):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "statistics_table", spy)
    doc = ScenarioDocument(uncertain())
    controller = UncertaintyController(doc, delay_ms=10, enabled=False)
    steps: list[tuple[int, int]] = []
    controller.statistics_progress.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(controller.result, timeout=30_000):
        controller.run_now()
    controller.shutdown()
    assert threads == [False]
    total = steps[-1][1]
    assert steps[-1] == (total, total) and total == len(controller.last.metrics)
    expected = statistics_table(controller.last)
    assert list(controller.last_table) == list(expected)
    assert controller.last_table["npv"].stats.values == expected["npv"].stats.values
