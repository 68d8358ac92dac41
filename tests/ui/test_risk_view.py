"""The Monte Carlo view: controller runs, fan and distribution charts, table, exports.

Every controller made here is shut down (cancelled, its worker threads waited for)
when the test ends: a thread left running crashes later tests.
"""

from __future__ import annotations

import csv

import numpy as np
import pyqtgraph as pg
import pytest
from conftest import type_into
from numpy.testing import assert_allclose
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QTableWidgetSelectionRange

from simulator import load_scenario, simulate
from simulator.analysis import montecarlo
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.analysis.stats import (
    base_case_rank,
    outcome_summary,
    probabilities,
    split_at,
    statistics_table,
    summarize,
)
from simulator.export.samples import samples_csv, stats_csv
from simulator.model.outputs import METRICS
from simulator.scenario.presets import default_scenario
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.charts.crosshair import format_value
from ui.charts.fan import FAN_COLUMNS, FanChart
from ui.charts.histogram import (
    HISTOGRAM_METRICS,
    DistributionChart,
    split_text,
    undefined_share_text,
)
from ui.common.format import is_stock
from ui.common.format import metric_factor as scale
from ui.document.document import ScenarioDocument
from ui.document.projection import Projection
from ui.views.uncertainty import controller as controller_module
from ui.views.uncertainty.controller import UncertaintyController
from ui.views.uncertainty.table import COLUMNS, STATS, TSV_COLUMNS
from ui.views.uncertainty.view import UncertaintyView

STAT_KEYS = STATS

USD = Money(1 / 7.17, "bn USD")
SECTION = {
    "seed": 7,
    "paths": 3000,
    "inputs": {
        "revenue.yield": {"dist": "triangular", "low": 0.6, "mode": 0.8, "high": 1.0},
        "revenue.ai_growth": {"dist": "normal", "mean": 0.0, "sd": 0.08},
        "program.total_capex": {"dist": "uniform", "low": 340, "high": 440},
        "economics.discount_rate": {"dist": "lognormal", "mean": 0.09, "sd": 0.01},
    },
}


def uncertain(**section: object) -> Scenario:
    return default_scenario().with_field("uncertainty", {**SECTION, **section})


@pytest.fixture(scope="module")
def mc() -> MonteCarloResult:
    return montecarlo.run(uncertain(paths=1000))


@pytest.fixture
def make_controller(qtbot):
    """Controllers that are cancelled and waited for at teardown."""
    made: list[UncertaintyController] = []

    def make(doc: ScenarioDocument, **options: object) -> UncertaintyController:
        options.setdefault("delay_ms", 10)
        controller = UncertaintyController(doc, **options)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.shutdown()
    QApplication.processEvents()  # deliver (and drop) what the workers queued


@pytest.fixture
def view(qtbot, make_controller):
    """A shown UncertaintyView on the uncertain scenario, with its first full result."""
    doc = ScenarioDocument(uncertain())
    controller = make_controller(doc)
    with qtbot.waitSignal(controller.result, timeout=20_000):
        risk = UncertaintyView(doc, controller, Projection(doc))
        qtbot.addWidget(risk)
        risk.resize(1300, 850)
        risk.show()
        qtbot.waitExposed(risk)
    return risk


def record(signal) -> list[tuple]:
    got: list[tuple] = []
    signal.connect(lambda *args: got.append(args))
    return got


def curve(item: pg.PlotDataItem) -> tuple[np.ndarray, np.ndarray]:
    x, y = item.getData()
    return np.asarray(x), np.asarray(y)


# -- controller ---------------------------------------------------------------------------


def test_a_gesture_gives_a_preview_then_the_full_run(qtbot, make_controller):
    doc = ScenarioDocument(uncertain())
    controller = make_controller(doc, enabled=False)
    results = record(controller.result)
    controller.set_enabled(True)
    doc.begin_gesture()
    with qtbot.waitSignal(controller.result, timeout=20_000):
        doc.set_field("revenue.yield", 0.9)
    (quick_mc, quick), *_ = results
    assert quick and quick_mc.paths == 2000
    assert controller.is_busy and not controller.runner.busy  # full run waits for the release
    with qtbot.waitSignal(controller.result, timeout=20_000):
        doc.end_gesture()
    assert [(r.paths, q) for r, q in results] == [(2000, True), (3000, False)]
    full = results[1][0]
    assert full.deterministic.summary["npv"] == simulate(doc.scenario).summary["npv"]
    assert controller.is_current and not controller.is_busy


def test_a_big_run_is_previewed_first(qtbot, make_controller):
    doc = ScenarioDocument(uncertain())
    controller = make_controller(doc, preview_above=2500)
    qtbot.waitUntil(lambda: controller.is_current, timeout=20_000)
    controller.run_now()
    results = record(controller.result)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=20_000)
    assert [(r.paths, q) for r, q in results] == [(2000, True), (3000, False)]


def test_editing_during_a_run_cancels_it_and_starts_a_new_one(qtbot, make_controller):
    doc = ScenarioDocument(uncertain(paths=200_000))
    controller = make_controller(doc, enabled=False, preview_above=10**7)
    results = record(controller.result)
    with qtbot.waitSignal(controller.progress, timeout=20_000):
        controller.run_now()
    controller.set_enabled(True)
    with qtbot.waitSignal(controller.runner.cancelled):
        doc.set_field("uncertainty", {**SECTION, "seed": 99})
    with qtbot.waitSignal(controller.result, timeout=20_000):
        pass
    controller.wait()
    QApplication.processEvents()
    assert [(r.seed, r.paths, q) for r, q in results] == [(99, 3000, False)]


def test_no_uncertain_input_no_run_and_disabled_means_no_run(qtbot, make_controller):
    doc = ScenarioDocument(default_scenario().with_field("uncertainty", {}))
    controller = make_controller(doc)
    started = record(controller.started)
    doc.set_field("revenue.yield", 0.9)
    controller.run_now()
    assert started == [] and not controller.is_busy
    controller.set_enabled(False)
    doc.set_field("uncertainty", SECTION)
    assert started == [] and not controller.is_planned
    with qtbot.waitSignal(controller.result, timeout=20_000):
        controller.set_enabled(True)  # catches up with the stale scenario


def test_a_failing_run_reports_its_message(qtbot, make_controller, monkeypatch):
    def boom(*args: object) -> None:
        raise ValueError("no memory left")

    monkeypatch.setattr(controller_module, "_run", boom)
    doc = ScenarioDocument(uncertain())
    controller = make_controller(doc, enabled=False)
    with qtbot.waitSignal(controller.failed, timeout=20_000) as blocker:
        controller.run_now()
    assert blocker.args == ["no memory left"]
    assert not controller.is_busy


def test_cancel_button_stops_a_long_run(qtbot, make_controller):
    doc = ScenarioDocument(uncertain(paths=1_000_000))
    controller = make_controller(doc, enabled=False, preview_above=10**7)
    risk = UncertaintyView(doc, controller, Projection(doc))
    qtbot.addWidget(risk)
    assert not risk.cancel_button.isEnabled()
    finished = record(controller.runner.finished)
    delivered = record(controller.result)
    with qtbot.waitSignal(controller.progress, timeout=30_000):
        qtbot.mouseClick(risk.run_button, Qt.MouseButton.LeftButton)
    assert risk.cancel_button.isEnabled()
    qtbot.mouseClick(risk.cancel_button, Qt.MouseButton.LeftButton)
    assert not controller.runner.busy and not controller.is_busy
    assert not risk.cancel_button.isEnabled()
    assert controller.wait()
    QApplication.processEvents()
    assert finished == [] and delivered == []
    assert "Cancelled" in risk.status.text()


# -- fan chart ----------------------------------------------------------------------------


def test_fan_chart_draws_the_bands_in_money(qtbot, mc):
    chart = FanChart()
    qtbot.addWidget(chart)
    assert chart.objectName() == "chart.fan"
    chart.set_result(mc, USD)
    items = list(chart.plot_item.items)
    t = np.arange(len(mc.periods), dtype=float)
    assert t.size == 43 and mc.periods[:4] == ["2024Q2", "2024Q3", "2024Q4", "2025Q1"]
    band = chart.history_band.region  # the run's history quarters shaded, as on every chart
    assert band.isVisible() and band.getRegion() == (0, mc.deterministic.history) == (0, 3)
    for column in FAN_COLUMNS:
        stock = is_stock(column)
        chart.set_column(column)
        x, p50 = curve(chart.median)
        assert_allclose(x, t + 1 if stock else t + 0.5)
        assert_allclose(p50, mc.bands[column][2] * USD.factor)
        for row, name in enumerate(("p5", "p25", None, "p75", "p95")):
            if name:
                assert_allclose(curve(chart.bounds[name])[1], mc.bands[column][row] / 7.17)
        det = mc.deterministic.columns[column] / 7.17
        assert_allclose(curve(chart.deterministic)[1], det)
        assert chart.plot_item.items == items  # moved, never re-added
    assert chart.outer.curves == [chart.bounds["p5"], chart.bounds["p95"]]
    assert chart.inner.curves == [chart.bounds["p25"], chart.bounds["p75"]]
    assert chart.plot_item.getAxis("left").labelText == "bn USD"


def test_fan_readout_lists_p5_to_p95_at_the_quarter(qtbot, mc):
    chart = FanChart()
    qtbot.addWidget(chart)
    chart.set_result(mc, Money())
    chart.crosshair.show_quarter(12)
    text = chart.crosshair.text()
    band = mc.bands["cum_fcf"]
    expected = [
        f"P{q} {format_value(band[i][12])} bn CNY" for i, q in enumerate((5, 25, 50, 75, 95))
    ]
    assert text == " · ".join(
        [
            mc.periods[12],
            *expected,
            f"Deterministic {format_value(mc.deterministic['cum_fcf'][12])} bn CNY",
        ]
    )


def test_fan_series_chooser(view):
    chooser = view.findChild(type(view.fan.chooser), "risk.fan_series")
    assert chooser is view.fan.chooser
    chooser.setCurrentIndex(chooser.findData("cum_capex"))
    assert view.fan.chart.column == "cum_capex"
    assert_allclose(curve(view.fan.chart.median)[1], view.mc.bands["cum_capex"][2])


# -- distribution chart -------------------------------------------------------------------


@pytest.fixture
def distribution(qtbot, mc) -> DistributionChart:
    chart = DistributionChart()
    qtbot.addWidget(chart)
    chart.resize(700, 450)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_result(mc, USD)
    return chart


@pytest.mark.parametrize("key", HISTOGRAM_METRICS)
def test_bar_heights_sum_to_the_defined_share(distribution, mc, key):
    distribution.set_metric(key)
    summary = summarize(mc.metrics[key])
    assert distribution.bars.opts["height"].sum() == pytest.approx(summary["defined"])
    factor = scale(key, USD)
    if summary["defined"] > 0:
        first, width = distribution.bars.opts["x0"][0], distribution.bars.opts["width"][0]
        assert first - 1e-9 <= summary["min"] * factor < first + width  # min in bar 0
        assert distribution.markers["p50"].value() == pytest.approx(summary["p50"] * factor)
        assert distribution.markers["p5"].value() == pytest.approx(summary["p5"] * factor)
    det = mc.deterministic.metrics[key]
    assert distribution.markers["deterministic"].isVisible() == bool(np.isfinite(det))
    undefined = 1 - summary["defined"]
    assert distribution.note.isVisible() == (undefined > 0)
    if undefined > 0:
        assert distribution.note.text() == undefined_share_text(key, undefined)


def test_never_paying_back_is_reported_as_a_share(distribution, mc):
    distribution.set_metric("payback_years")
    share = float(np.mean(np.isnan(mc.metrics["payback_years"])))
    assert 0 < share < 1
    assert distribution.note.text() == f"Payback never within horizon: {100 * share:.1f} %"
    widths = distribution.bars.opts["width"]
    assert_allclose(widths, 0.25)  # one bar per quarter


def test_axes_say_the_unit(distribution):
    bottom = distribution.plot_item.getAxis("bottom")
    assert bottom.labelText == "NPV (bn USD)"
    distribution.set_metric("irr")
    assert bottom.labelText == "IRR (%)"
    distribution.set_metric("payback_years")
    assert bottom.labelText == "Payback (years)"


@pytest.mark.parametrize("key", ["npv", "irr", "payback_years"])
def test_hover_label_equals_split_at(distribution, mc, key):
    distribution.set_metric(key)
    x0 = distribution.bars.opts["x0"]
    x = float(x0[len(x0) // 3])
    distribution.hover_at(x)
    left, right = split_at(mc.metrics[key], x / scale(key, USD))
    assert distribution.cursor_text() == split_text(key, x, left, right, USD)
    assert distribution.cursor.isVisible() and distribution.cursor.value() == x
    assert f"= {100 * left:.1f} % |" in distribution.cursor_text()


def test_moving_the_mouse_shows_the_cursor(qtbot, distribution, mc):
    vb = distribution.plot_item.vb
    (x0, x1), (y0, y1) = vb.viewRange()
    x = x0 + 0.4 * (x1 - x0)

    def moved() -> bool:
        scene = vb.mapViewToScene(QPointF(x, (y0 + y1) / 2))
        pos = QPointF(distribution.mapFromScene(scene))
        viewport = distribution.viewport()
        event = QMouseEvent(
            QEvent.Type.MouseMove,
            pos,
            QPointF(viewport.mapToGlobal(pos)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)
        return distribution.readout.isVisible()

    qtbot.waitUntil(moved)
    at = distribution.cursor.value()
    assert at == pytest.approx(x, rel=0.02, abs=1.0)
    left, right = split_at(mc.metrics["npv"], at / USD.factor)
    assert distribution.cursor_text() == split_text("npv", at, left, right, USD)
    QApplication.sendEvent(distribution, QEvent(QEvent.Type.Leave))
    assert not distribution.cursor.isVisible() and distribution.cursor_text() == ""


def test_metric_chooser_and_items_created_once(view):
    chart = view.distribution.chart
    items = list(chart.plot_item.items)
    chooser = view.findChild(type(view.distribution.chooser), "risk.metric")
    for key in HISTOGRAM_METRICS:
        chooser.setCurrentIndex(chooser.findData(key))
        assert chart.metric_key == key
    assert chart.plot_item.items == items


# -- table, probabilities, status ---------------------------------------------------------


def test_stats_table_is_the_honest_statistics_table(view):
    table = view.findChild(type(view.table), "risk.stats")
    view.set_money(USD)
    mc = view.mc
    honest = statistics_table(mc)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[:4] == ["Defined", "Base case", "Mean", "SD"]  # the defined share first
    assert table.keys == [k for k in honest if k != "discount_rate"]
    for row, key in enumerate(table.keys):
        s = honest[key]
        assert table.value(row, 0) == pytest.approx(s.share_defined)
        assert table.item(row, 0).text().endswith(f"({s.defined:,})")
        if not s.shown:  # only the count, and why
            assert "too few defined paths" in table.item(row, 2).text()
            assert table.columnSpan(row, 2) == len(COLUMNS) - 2
            continue
        for col, column in enumerate(COLUMNS[2:], start=2):
            expected = s.stats[column] * scale(key, USD)
            assert table.value(row, col) == pytest.approx(expected, nan_ok=True), (key, column)
    shown = [honest[k] for k in table.keys if not honest[k].shown]
    assert [s.metric for s in shown] == ["discounted_payback_years"]  # 0 of 3,000 pay back
    npv = table.keys.index("npv")
    assert table.item(npv, COLUMNS.index("p50")).text() == (
        f"{summarize(mc.metrics['npv'])['p50'] / 7.17:,.1f}"
    )
    rank = honest["npv"].base_case_rank
    assert table.item(npv, 1).text().endswith(f"(P{rank:.0f})")
    assert table.verticalHeaderItem(npv).text() == "NPV (bn USD)"
    changes = table.keys.index("irr_sign_changes")  # a count has no unit: no "()"
    assert table.verticalHeaderItem(changes).text() == "Sign changes of the flows"
    assert not any(
        table.verticalHeaderItem(r).text().endswith("()") for r in range(len(table.keys))
    )
    payback = honest["payback_years"]
    assert 0 < payback.defined < payback.paths
    assert payback.note() in view.results.table_notes.text().splitlines()


def test_defined_column_is_on_screen_at_1280_px(qtbot, view):
    view.resize(800, 640)  # the tab's width in a 1280 px window beside the dock
    view.results.pages.setCurrentIndex(1)
    qtbot.waitUntil(view.table.isVisible)
    table = view.table
    port = table.viewport().rect()
    for col in (0, 1, 2):  # Defined, Base case, Mean: in view without scrolling
        x = table.columnViewportPosition(col)
        assert x >= 0 and x + table.columnWidth(col) <= port.width(), col
    assert table.horizontalScrollBar().value() == 0


def parse_tsv(text: str) -> list[list[str]]:
    return list(csv.reader(text.splitlines(), delimiter="\t"))


def test_copy_table_puts_full_precision_tsv_on_the_clipboard(qtbot, view):
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    view.results.pages.setCurrentIndex(1)
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    rows = parse_tsv(clipboard.text())
    assert rows[0] == ["metric", "unit", *TSV_COLUMNS]
    by_label = {r[0]: r for r in rows[1:]}
    npv = by_label["NPV"]
    assert npv[1] == "bn CNY"
    s = outcome_summary(view.mc, "npv")
    got = dict(zip(TSV_COLUMNS, npv[2:], strict=True))
    assert [float(got[c]) for c in STAT_KEYS] == [s.stats[c] for c in STAT_KEYS]  # exact
    assert float(got["defined"]) == 1.0 and float(got["defined_paths"]) == 3000
    assert float(got["base_rank"]) == s.base_case_rank
    never = dict(zip(TSV_COLUMNS, by_label["Discounted payback"][2:], strict=True))
    assert never["mean"] == "" and float(never["defined_paths"]) == 0


def test_ctrl_c_copies_the_selected_cells(qtbot, view):
    table = view.table
    npv = table.keys.index("npv")
    table.setRangeSelected(QTableWidgetSelectionRange(npv, 2, npv + 1, 4), True)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    rows = parse_tsv(QGuiApplication.clipboard().text())
    assert len(rows) == 2 and all(len(r) == 3 for r in rows)
    summary = summarize(view.mc.metrics["npv"])
    assert [float(v) for v in rows[0]] == [summary["mean"], summary["sd"], summary["p5"]]


def test_headline_probabilities_with_their_intervals(qtbot, view):
    probs = probabilities(view.mc, [6])
    prob_npv = view.findChild(type(view.prob_npv), "risk.prob.npv")
    npv = probs["P(NPV > 0)"]
    assert prob_npv.text() == (
        f"P(NPV > 0) = {100 * npv.estimate:.1f} % ({100 * npv.low:.1f} – {100 * npv.high:.1f})"
    )
    irr = probs["P(IRR > discount rate)"]
    assert view.prob_irr.text().startswith(f"P(IRR > discount rate) = {100 * irr.estimate:.1f} %")
    assert view.payback_years.objectName() == "risk.payback_years"
    view.payback_years.setValue(9)
    nine = probabilities(view.mc, [9])["P(payback <= 9 years)"]
    nine_text = f"P(payback ≤ 9 years) = {100 * nine.estimate:.1f} %"
    assert view.prob_payback.text().startswith(nine_text)
    assert nine.estimate > 0


def test_defined_shares_and_base_case_rank_are_said(view):
    text = view.findChild(QLabel, "risk.defined").text()
    payback = outcome_summary(view.mc, "payback_years")
    assert f"Pays back within the horizon: {100 * payback.share_defined:.1f} % of paths" in text
    assert f"({payback.defined:,} of 3,000)" in text
    rank = base_case_rank(view.mc, "npv")
    assert abs(rank - 50) >= 1
    assert f"is the P{rank:.0f} of NPV" in text


def test_status_says_paths_seed_and_time(view):
    text = view.status.text()
    assert text.startswith("3,000 paths, random · seed 7 · ") and text.endswith(" s")
    assert view.progress.value() == view.progress.maximum()


def test_status_says_preview_for_quick_runs(qtbot, view):
    controller = view.controller
    view.doc.begin_gesture()
    with qtbot.waitSignal(controller.result, timeout=20_000):
        view.doc.set_field("revenue.yield", 0.95)
    assert view.quick and "preview (2,000 paths)" in view.status.text()
    with qtbot.waitSignal(controller.result, timeout=20_000):
        view.doc.end_gesture()
    assert not view.quick and view.status.text().startswith("3,000 paths")


# -- the section's paths and seed ---------------------------------------------------------


def test_paths_and_seed_boxes_write_the_section(qtbot, view, tmp_path):
    doc = view.doc
    paths = view.findChild(type(view.paths), "uncertainty.paths")
    assert paths.value() == 3000 and (paths.minimum(), paths.maximum()) == (100, 1_000_000)
    type_into(qtbot, paths, "5000")
    assert doc.scenario.uncertainty_or_default.paths == 5000
    assert doc.scenario.uncertainty_or_default.inputs == (uncertain()).uncertainty_or_default.inputs
    type_into(qtbot, view.findChild(type(view.seed), "uncertainty.seed"), "42")
    assert doc.scenario.uncertainty_or_default.seed == 42
    doc.save(tmp_path / "s.json")
    saved = (load_scenario(tmp_path / "s.json")).uncertainty_or_default
    assert (saved.paths, saved.seed) == (5000, 42)
    doc.undo_stack.undo()
    assert view.seed.value() == 7 and view.paths.value() == 5000


# -- empty state --------------------------------------------------------------------------


def test_empty_state_without_uncertain_inputs(qtbot, make_controller):
    doc = ScenarioDocument(default_scenario().with_field("uncertainty", {}))
    controller = make_controller(doc)
    risk = UncertaintyView(doc, controller, Projection(doc))
    qtbot.addWidget(risk)
    risk.show()
    empty = risk.findChild(type(risk.empty), "risk.empty")
    assert empty.isVisible() and "±" in empty.text()
    assert not risk.fan.isVisible() and not risk.table.isVisible()
    assert not risk.run_button.isEnabled() and not risk.stats_button.isEnabled()
    with qtbot.waitSignal(controller.result, timeout=20_000):
        doc.set_field("uncertainty", SECTION)
    assert not empty.isVisible() and risk.fan.isVisible()
    assert risk.stats_button.isEnabled()


# -- exports ------------------------------------------------------------------------------


def save_to(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_statistics_and_samples_csv(qtbot, view, monkeypatch, tmp_path):
    from simulator.export.trace import input_hash

    name, inputs = view.doc.scenario.name, input_hash(view.doc.scenario)
    save_to(monkeypatch, tmp_path / "stats.csv")
    qtbot.mouseClick(view.stats_button, Qt.MouseButton.LeftButton)
    stats_text = (tmp_path / "stats.csv").read_text("utf-8")
    assert stats_text == stats_csv(view.mc, name, inputs)
    save_to(monkeypatch, tmp_path / "samples.csv")
    qtbot.mouseClick(view.samples_button, Qt.MouseButton.LeftButton)
    text = (tmp_path / "samples.csv").read_text("utf-8")
    assert text == samples_csv(view.mc, name, inputs)
    data = np.loadtxt(tmp_path / "samples.csv", delimiter=",", skiprows=1)
    assert data.shape[0] == 3000
    assert_allclose(data[:, 1], view.mc.draws["economics.discount_rate"], rtol=0)
    assert view.status.text() == "Saved samples.csv"


def test_cancelled_dialog_writes_nothing(qtbot, view, monkeypatch, tmp_path):
    save_to(monkeypatch, "")
    qtbot.mouseClick(view.stats_button, Qt.MouseButton.LeftButton)
    assert list(tmp_path.iterdir()) == []


def test_charts_png(qtbot, view, monkeypatch, tmp_path):
    save_to(monkeypatch, tmp_path / "charts.png")
    qtbot.mouseClick(view.png_button, Qt.MouseButton.LeftButton)
    image = QImage(str(tmp_path / "charts.png"))
    assert not image.isNull()
    fan, dist = view.fan.chart, view.distribution.chart
    assert image.width() == fan.width() + dist.width()
    assert image.height() == max(fan.height(), dist.height())  # the trace footer inside
    from simulator.export.trace import trace_line

    assert image.text("Trace") == trace_line(view.doc.scenario, view.mc.seed)
    assert len({image.pixel(x, image.height() // 2) for x in range(0, image.width(), 7)}) > 3


def test_money_switch_rescales_both_charts(view):
    view.set_money(USD)
    assert_allclose(curve(view.fan.chart.median)[1], view.mc.bands["cum_fcf"][2] / 7.17)
    npv = summarize(view.mc.metrics["npv"])
    assert view.distribution.chart.markers["p50"].value() == pytest.approx(npv["p50"] / 7.17)
    assert METRICS["npv"].label in view.distribution.chart.plot_item.getAxis("bottom").labelText
