"""The Compare view against the model: three presets open in one workspace."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget

from simulator.analysis import montecarlo
from simulator.analysis.montecarlo import BAND_PERCENTILES
from simulator.model.engine import simulate
from simulator.scenario.presets import load_preset
from simulator.scenario.value import Scenario
from ui.charts.overlay import OVERLAYS, scenario_color
from ui.document.projection import Projection
from ui.document.workspace import ActiveDocument, Workspace
from ui.views.compare.units import short_names
from ui.views.compare.view import CompareView
from ui.views.compare.waterfall_page import CURRENCY_TEXT, FEWER_TEXT

BASE = load_preset("Alibaba 2025 plan (base)")
BULL = load_preset("Alibaba 2025 plan (bull)")
BEAR = load_preset("Alibaba 2025 plan (bear)")
P50 = BAND_PERCENTILES.index(50.0)


@pytest.fixture
def workspace() -> Workspace:
    ws = Workspace()
    for s in (BASE, BULL, BEAR):
        ws.add(s)
    ws.set_active(ws.documents()[0])
    return ws


@pytest.fixture
def view(qtbot, workspace) -> CompareView:
    v = CompareView(workspace, Projection(ActiveDocument(workspace)))
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.computed, timeout=5_000):
        v.set_active(True)
    return v


def curve_y(view: CompareView, chart: str, scenario: int, line: int = 0) -> np.ndarray:
    return view.charts[chart].curves[scenario][line].getData()[1]


def icon_color(view: CompareView, row: int) -> str:
    image = view.pick.item(row).icon().pixmap(12, 12).toImage()
    return image.pixelColor(6, 6).name()


def test_curves_are_each_scenarios_own_columns(view) -> None:
    results = [simulate(s) for s in (BASE, BULL, BEAR)]
    for name, spec in OVERLAYS.items():
        chart = view.charts[name]
        assert chart.objectName() == f"chart.compare.{name}"
        assert len(chart.curves) == 3
        for i, result in enumerate(results):
            for j, line in enumerate(spec.lines):
                np.testing.assert_array_equal(
                    curve_y(view, name, i, j), result.columns[line.column]
                )
                pen = chart.curves[i][j].opts["pen"]
                assert pen.color().name() == scenario_color(i)
    assert [icon_color(view, i) for i in range(3)] == [scenario_color(i) for i in range(3)]


def test_kpi_table_differences(view) -> None:
    table = view.kpis
    npv = [simulate(s).metrics["npv"] for s in (BASE, BULL, BEAR)]
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    r = rows.index("NPV (bn CNY)")  # the row names the unit, the cells hold numbers
    assert table.columnCount() == 5
    assert table.item(r, 0).text() == f"{npv[0]:,.1f}"
    assert table.item(r, 3).data(Qt.ItemDataRole.UserRole) == npv[1] - npv[0]
    assert table.item(r, 4).data(Qt.ItemDataRole.UserRole) == npv[2] - npv[0]
    assert table.horizontalHeaderItem(3).text() == "bull − base"
    assert table.horizontalHeaderItem(1).text() == "bull"
    assert table.horizontalHeaderItem(1).toolTip() == BULL.name
    assert view.inputs.columnCount() == 3 and view.inputs.rowCount() > 0


def test_unchecking_a_scenario_removes_its_curves(view, workspace, qtbot) -> None:
    base, bull, bear = workspace.documents()
    with qtbot.waitSignal(view.computed):
        view.pick.set_checked(bull, False)
    assert view.checked_documents() == [base, bear]
    for chart in view.charts.values():
        assert len(chart.curves) == 2
    np.testing.assert_array_equal(curve_y(view, "cash", 1), simulate(BEAR).columns["cum_fcf"])
    assert view.charts["cash"].curves[1][0].opts["pen"].color().name() == scenario_color(1)
    assert icon_color(view, 2) == scenario_color(1)  # bear takes the second colour
    assert view.kpis.columnCount() == 3


def test_no_scenario_checked_shows_the_empty_state(view, workspace, qtbot) -> None:
    for doc in workspace.documents():
        view.pick.set_checked(doc, False)
    assert view.checked_documents() == []
    assert view.stack.currentWidget().findChild(object, "compare.empty") is not None


def test_editing_a_document_recomputes_its_curve(view, workspace, qtbot) -> None:
    bull = workspace.documents()[1]
    before = curve_y(view, "revenue", 1).copy()
    with qtbot.waitSignal(view.computed, timeout=2_000):
        bull.set_field("revenue.yield", 1.4)
    after = curve_y(view, "revenue", 1)
    assert not np.array_equal(before, after)
    np.testing.assert_array_equal(after, simulate(bull.scenario).columns["ai_revenue"])


def test_an_inactive_view_waits_and_catches_up(view, workspace, qtbot) -> None:
    bear = workspace.documents()[2]
    view.set_active(False)
    with qtbot.assertNotEmitted(view.computed, wait=400):
        bear.set_field("revenue.yield", 0.5)
    with qtbot.waitSignal(view.computed):
        view.set_active(True)
    expected = simulate(bear.scenario).columns["cum_fcf"]
    np.testing.assert_array_equal(curve_y(view, "cash", 2), expected)


def test_new_documents_arrive_checked_with_distinct_names(view, workspace, qtbot) -> None:
    with qtbot.waitSignal(view.computed, timeout=2_000):
        workspace.add(BASE)
    assert len(view.checked_documents()) == 4
    assert view.pick.item(3).text() == f"{BASE.name} [2]"
    # the legends name what tells them apart; the picker beside has the whole names
    assert view.charts["cash"].names == ["base", "bull", "bear", "(base) [2]"]


def test_usd_money_scales_every_curve(view, qtbot) -> None:
    with qtbot.waitSignal(view.computed, timeout=2_000):
        view.projection.set_in_usd(True)
    expected = simulate(BULL).columns["cum_fcf"] / 7.17
    np.testing.assert_allclose(curve_y(view, "cash", 1), expected, rtol=1e-12)
    npv_row = [view.kpis.verticalHeaderItem(r).text() for r in range(view.kpis.rowCount())]
    r = npv_row.index("NPV (bn USD)")
    assert view.kpis.item(r, 0).text() == f"{simulate(BASE).metrics['npv'] / 7.17:,.1f}"


def test_waterfall_goes_from_one_npv_to_the_other(view, workspace, qtbot) -> None:
    page = view.waterfall
    npv = [simulate(s).metrics["npv"] for s in (BASE, BULL, BEAR)]
    assert page.waterfall is not None
    assert page.waterfall.start == pytest.approx(npv[0], rel=1e-12)
    assert page.waterfall.end == pytest.approx(npv[1], rel=1e-12)
    assert page.chart.ends[-1].max() == pytest.approx(max(0.0, npv[1]))
    page.second.setCurrentIndex(2)
    assert page.waterfall.end == pytest.approx(npv[2], rel=1e-12)
    for doc in workspace.documents()[1:]:
        view.pick.set_checked(doc, False)
    assert page.waterfall is None and page.message.text() == FEWER_TEXT


def test_other_currency_is_shown_in_usd_with_a_note(view, workspace, qtbot) -> None:
    doc = BULL.to_dict()
    doc.update(name="Bull in USD", currency="USD", usd_fx=1.0)
    with qtbot.waitSignal(view.computed, timeout=2_000):
        workspace.add(Scenario.from_dict(doc))
    assert not view.note.isHidden()
    base_cash = simulate(BASE).columns["cum_fcf"]
    np.testing.assert_allclose(curve_y(view, "cash", 0), base_cash / 7.17, rtol=1e-12)
    np.testing.assert_array_equal(curve_y(view, "cash", 3), simulate(BULL).columns["cum_fcf"])
    rows = [view.kpis.verticalHeaderItem(r).text() for r in range(view.kpis.rowCount())]
    npv = view.kpis.item(rows.index("NPV (bn USD)"), 0).data(Qt.ItemDataRole.UserRole)
    assert npv == pytest.approx(simulate(BASE).metrics["npv"] / 7.17, rel=1e-12)
    view.waterfall.second.setCurrentIndex(3)
    assert view.waterfall.message.text() == CURRENCY_TEXT.format(BASE.name, "Bull in USD")


def give_bull_base_uncertainty(workspace, seed: int) -> None:
    section = {**BASE.to_dict()["uncertainty"], "seed": seed}
    workspace.documents()[1].set_field("uncertainty", section)


def run_mc(view, qtbot, paths: int) -> None:
    view.uncertainty.paths.setValue(paths)
    with qtbot.waitSignal(view.uncertainty.runner.finished, timeout=20_000):
        qtbot.mouseClick(view.uncertainty.run_button, Qt.MouseButton.LeftButton)


def test_monte_carlo_for_all_shares_one_seed(view, workspace, qtbot) -> None:
    with qtbot.waitSignal(view.computed, timeout=2_000):
        give_bull_base_uncertainty(workspace, seed=99)
    run_mc(view, qtbot, 500)
    runs = view.mc_results
    assert runs is not None and len(runs) == 3
    seed = BASE.uncertainty_or_default.seed
    assert [mc.seed for mc in runs] == [seed] * 3
    np.testing.assert_array_equal(runs[1].draws["revenue.yield"], runs[0].draws["revenue.yield"])
    for i, doc in enumerate(workspace.documents()):
        s = doc.scenario
        unc = dataclasses.replace(s.uncertainty_or_default, seed=seed)
        expected = montecarlo.run(s, paths=500, unc=unc).bands["cum_fcf"][P50]
        np.testing.assert_array_equal(view.uncertainty.fan.medians[i].getData()[1], expected)
    assert view.uncertainty.stack.currentIndex() == 1


def test_an_edit_drops_the_runs(view, workspace, qtbot) -> None:
    run_mc(view, qtbot, 200)
    assert view.mc_results is not None
    workspace.documents()[2].set_field("revenue.yield", 0.55)
    assert view.mc_results is None
    with qtbot.waitSignal(view.computed, timeout=2_000):
        pass
    assert view.uncertainty.stack.currentIndex() == 0


def test_unchecking_drops_the_runs(view, workspace, qtbot) -> None:
    run_mc(view, qtbot, 200)
    view.pick.set_checked(workspace.documents()[0], False)
    assert view.mc_results is None


def test_cancel_stops_the_run(view, qtbot) -> None:
    page = view.uncertainty
    page.paths.setValue(300_000)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.cancel_button.isEnabled() and not page.run_button.isEnabled()
    with (
        qtbot.assertNotEmitted(page.runner.finished),
        qtbot.waitSignal(page.runner.cancelled),
    ):
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    page.runner.wait()
    QApplication.processEvents()
    assert view.mc_results is None
    assert page.status.text() == "Cancelled."
    assert page.run_button.isEnabled() and not page.cancel_button.isEnabled()


def test_short_names_keep_what_tells_scenarios_apart() -> None:
    assert short_names([BASE.name, BULL.name]) == ["base", "bull"]
    assert short_names(["Base", "Base [2]"]) == ["Base", "Base [2]"]


def show_mc_page(view, qtbot) -> None:
    """Bring the Monte Carlo page to the front: it runs on its own."""
    with qtbot.waitSignal(view.uncertainty.runner.finished, timeout=30_000):
        view.pages.setCurrentWidget(view.uncertainty)


def test_the_monte_carlo_page_runs_on_its_own_when_shown(view, workspace, qtbot) -> None:
    view.uncertainty.paths.setValue(300)
    assert view.mc_results is None
    show_mc_page(view, qtbot)
    runs = view.mc_results
    assert runs is not None and [mc.paths for mc in runs] == [300] * 3
    first = BASE.uncertainty_or_default
    assert {(mc.sampler, mc.seed) for mc in runs} == {(first.sampler, first.seed)}


def test_an_edit_greys_the_shown_runs_until_new_ones_land(view, workspace, qtbot) -> None:
    view.uncertainty.paths.setValue(300)
    show_mc_page(view, qtbot)
    page = view.uncertainty
    mark = page.findChild(QLabel, "compare.mc_stale")
    assert not page.stale.shown
    with qtbot.waitSignal(page.runner.finished, timeout=30_000):
        workspace.documents()[2].set_field("revenue.yield", 0.55)
        assert view.mc_results is None  # never the old runs for a report
        assert page.stale.shown and mark.text().startswith("Recomputing")
        assert page.stack.currentIndex() == 1 and page.stale.effect.isEnabled()
    assert not page.stale.shown and view.mc_results is not None


def test_a_deterministic_scenario_shows_no_probability(view, workspace, qtbot) -> None:
    with qtbot.waitSignal(view.computed, timeout=2_000):
        workspace.documents()[1].set_field("uncertainty", {})  # bull: no uncertain input
    view.uncertainty.paths.setValue(300)
    show_mc_page(view, qtbot)
    runs = view.uncertainty.runs
    assert [r.mc.deterministic_only for r in runs] == [False, True, False]
    assert runs[1].probabilities is None
    table = view.uncertainty.findChild(QTableWidget, "compare.mc_table")
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(3)]
    assert cells[1][1] == "no uncertain inputs — deterministic" and table.columnSpan(1, 1) == 2
    assert not any("%" in text for text in cells[1][1:4])
    probs = runs[0].probabilities["P(NPV > 0)"]
    assert cells[0][1].startswith(f"{100 * probs.estimate:.1f} %")
    status = view.uncertainty.status.text()
    assert "No uncertain inputs — deterministic (single line): " in status


def test_the_monte_carlo_charts_fit_their_width_beside_the_dock(view, qtbot) -> None:
    view.uncertainty.paths.setValue(300)
    view.resize(800, 700)  # the Compare tab's size at 1280x800 beside the dock
    view.show()
    qtbot.waitExposed(view)
    show_mc_page(view, qtbot)
    page = view.uncertainty
    QApplication.processEvents()
    assert page.fan.column == "cum_fcf" and page.distribution.key == "npv"
    for chart in (page.fan, page.distribution):  # no title wider than its chart
        assert chart.plot_item.geometry().width() <= chart.viewport().width() + 1
