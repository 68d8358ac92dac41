"""Reported actuals in the app: chart markers, CSV columns, the fit tab, calibration."""

from __future__ import annotations

import csv
import html
import io

import numpy as np
import pytest
from conftest import MODEL_EXAMPLE, REPO
from helpers import synthetic, v1_base, with_actuals
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QTableWidget

import main
from simulator import Scenario, simulate
from simulator.analysis.calibration import calibrate
from simulator.analysis.fit import cumulative, fit, total_mape
from simulator.export.tables import csv_text
from simulator.model.outputs import COLUMNS, MODEL_COLUMNS
from simulator.scenario.presets import load_preset
from simulator.units import Money
from ui.charts.base import Chart
from ui.charts.capex import CapexChart
from ui.charts.cumulative import CumulativeChart
from ui.charts.reported import reported
from ui.charts.revenue import RevenueChart
from ui.export.exporters import chart_bytes
from ui.views.actuals.calibrate import CalibrateDialog
from ui.views.actuals.calibration_text import (
    DEFAULT_CHOICE,
    calibration_paths,
    default_paths,
    prior_text,
    strong_correlations,
    value_text,
)
from ui.views.actuals.view import NO_ACTUALS
from ui.window.main_window import MainWindow

BASE = load_preset("Alibaba 2025 plan (base)")
H = 3  # the preset models 2024Q2..2024Q4 before its start 2025Q1
# the preset's file: 2024Q2..2026Q1 (its 2023 quarters fall before the first modelled one)
REVENUE = [26.55, 29.61, 31.74, 30.1, 33.4, 39.82, 43.2, 41.6]
PLAN_REVENUE = REVENUE[H:]  # 2025Q1..2026Q1: the running totals count from the start
CAPEX = [24.6, 38.68, 31.5]  # 2025Q1..2025Q3
USD = Money(1 / 7.17, "bn USD")
WHITE = QColor("#ffffff")


def make_chart(qtbot, cls: type[Chart], s: Scenario, money: Money | None = None) -> Chart:
    chart = cls()
    qtbot.addWidget(chart)
    chart.resize(900, 600)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_result(simulate(s), money or Money(), reported(s))
    return chart


def points(item) -> tuple[np.ndarray, np.ndarray, list[bool]]:
    """x, y and whether each spot is hollow (white inside) of a ScatterPlotItem."""
    x, y = item.getData()
    hollow = [pg_brush.color() == WHITE for pg_brush in item.data["brush"]]
    return np.asarray(x), np.asarray(y), hollow


@pytest.fixture
def window(qtbot, tmp_path):
    yield from _window(qtbot, tmp_path, BASE)


def _window(qtbot, tmp_path, s: Scenario):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(s, settings=settings)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()
    w.close()
    w.deleteLater()


# --- markers -------------------------------------------------------------------------


def test_revenue_and_capex_markers_equal_the_files_values(qtbot):
    revenue = make_chart(qtbot, RevenueChart, BASE)
    x, y, hollow = points(revenue.reported_revenue.item)
    np.testing.assert_array_equal(y, REVENUE)
    np.testing.assert_array_equal(x, np.arange(8) + 0.5)  # flows: quarter midpoints
    # 2024Q2, 2025Q1 and 2025Q4 are derived
    assert hollow == [True, False, False, True, False, False, True, False]
    capex = make_chart(qtbot, CapexChart, BASE)
    x, y, hollow = points(capex.reported_capex.item)
    np.testing.assert_array_equal(y, CAPEX)
    np.testing.assert_array_equal(x, H + np.arange(3) + 0.5)  # from 2025Q1, t = 3
    assert hollow == [True, False, False]


def test_cumulative_markers_are_the_running_totals(qtbot):
    chart = make_chart(qtbot, CumulativeChart, BASE)
    x, y, hollow = points(chart.reported_capex.item)
    series = {a.column: a for a in BASE.actual_series}
    _, running = cumulative(series["capex"], BASE.start, BASE.plan_quarters)
    np.testing.assert_array_equal(y, running)
    np.testing.assert_allclose(y, np.cumsum(CAPEX))
    np.testing.assert_array_equal(x, H + np.array([1.0, 2.0, 3.0]))  # stocks: quarter ends
    assert hollow == [True, True, True]  # every total includes the derived 2025Q1
    x, y, _ = points(chart.reported_cloud.item)
    # running totals from the start, as the model's cumulative columns
    np.testing.assert_allclose(y, np.cumsum(PLAN_REVENUE))
    np.testing.assert_array_equal(x, H + np.arange(1.0, 6.0))


def test_markers_are_scaled_to_usd_and_follow_the_currency_switch(qtbot):
    chart = make_chart(qtbot, RevenueChart, BASE, USD)
    _, y, _ = points(chart.reported_revenue.item)
    np.testing.assert_allclose(y, np.array(REVENUE) / 7.17, rtol=1e-12)
    item = chart.reported_revenue.item
    chart.set_result(simulate(BASE), Money(), reported(BASE))
    assert chart.reported_revenue.item is item  # moved with setData, not re-created
    np.testing.assert_array_equal(points(item)[1], REVENUE)


def test_markers_have_legend_entries(qtbot):
    chart = make_chart(qtbot, CumulativeChart, BASE)
    labels = [label.text for _, label in chart.legend.items]
    assert "Reported capex (running total)" in labels
    assert "Reported cloud revenue (running total)" in labels


def test_readout_lists_the_reported_value_and_marks_derived(qtbot):
    chart = make_chart(qtbot, RevenueChart, BASE)
    chart.crosshair.show_quarter(H + 1)  # 2025Q2
    assert "Reported cloud revenue 33.4 bn CNY" in chart.crosshair.text()
    assert "(derived)" not in chart.crosshair.text()
    chart.crosshair.show_quarter(H + 3)  # 2025Q4
    assert "Reported cloud revenue 43.2 bn CNY (derived)" in chart.crosshair.text()
    assert "(derived)" in chart.crosshair.label.text()
    chart.crosshair.show_quarter(1)  # 2024Q3, a history quarter
    assert chart.crosshair.text().startswith("2024Q3")
    assert "Reported cloud revenue 29.6 bn CNY" in chart.crosshair.text()
    chart.crosshair.show_quarter(H + 8)  # nothing reported in 2027Q1
    assert "Reported" not in chart.crosshair.text()
    capex = make_chart(qtbot, CapexChart, BASE, USD)
    capex.crosshair.show_quarter(H + 1)
    assert f"Reported capex {38.68 / 7.17:.2f} bn USD" in capex.crosshair.text()


def test_a_scenario_without_actuals_shows_no_markers(qtbot):
    s = Scenario.from_dict(MODEL_EXAMPLE)
    for cls, names in (
        (RevenueChart, ["reported_revenue"]),
        (CapexChart, ["reported_capex"]),
        (CumulativeChart, ["reported_capex", "reported_cloud"]),
    ):
        chart = make_chart(qtbot, cls, s)
        for name in names:
            markers = getattr(chart, name)
            assert markers.item.getData()[0].size == 0 and not markers.in_legend
        assert not any("Reported" in label.text for _, label in chart.legend.items)
        chart.crosshair.show_quarter(1)
        assert "Reported" not in chart.crosshair.text()
        chart.set_result(simulate(BASE), Money(), reported(BASE))  # and back again
        assert all(getattr(chart, name).in_legend for name in names)


def test_png_exports_show_the_markers(qtbot):
    result = simulate(BASE)
    plain = QImage.fromData(chart_bytes("revenue", "png", result, Money(), 800, 500, ""))
    marks = reported(BASE)
    marked = QImage.fromData(chart_bytes("revenue", "png", result, Money(), 800, 500, "", marks))
    assert plain.size() == marked.size() and plain != marked
    purple = QColor("#6c3483").rgb()
    pixels = {marked.pixel(x, y) for x in range(0, 800, 2) for y in range(0, 500, 2)}
    assert purple in pixels


# --- CSV -----------------------------------------------------------------------------


def test_csv_appends_reported_columns_and_is_unchanged_without_actuals():
    result = simulate(BASE)
    rows = list(csv.reader(io.StringIO(csv_text(result, actuals=BASE.actual_series))))
    plain = list(csv.reader(io.StringIO(csv_text(result))))
    assert rows[0][: len(plain[0])] == plain[0]  # the model's columns keep their order
    assert rows[0][len(plain[0]) :] == ["reported_cloud_revenue", "reported_capex"]
    assert [r[0] for r in rows[1:3]] == ["2024Q2", "2024Q3"]  # history quarters first
    assert [float(r[-2]) for r in rows[1:9]] == REVENUE
    assert [float(r[-1]) for r in rows[H + 1 : H + 4]] == CAPEX
    assert rows[1][-1] == "" and rows[H + 4][-1] == "" and rows[9][-2] == ""
    assert [r[: len(plain[0])] for r in rows] == plain
    assert csv_text(result, actuals=()) == csv_text(result)
    # MODEL.md's columns first, then one per category, then version 2's
    names = [f"capex:{c.name}" for c in BASE.program.categories]
    extra = [c for c in COLUMNS if c not in MODEL_COLUMNS]
    assert plain[0] == ["period", *MODEL_COLUMNS, *names, *extra]


def test_cli_export_appends_reported_columns_when_asked(tmp_path):
    base = str(REPO / "resources" / "scenarios" / "alibaba-2025-base.json")
    plain, marked = tmp_path / "plain.csv", tmp_path / "marked.csv"
    assert main.main(["export", base, "--csv", str(plain)]) == 0
    assert main.main(["export", base, "--csv", str(marked), "--actuals"]) == 0
    result = simulate(BASE)
    assert plain.read_text() == csv_text(result)  # unchanged without --actuals
    assert marked.read_text() == csv_text(result, actuals=BASE.actual_series)


def test_window_export_csv_has_the_reported_columns(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "data.csv"
    monkeypatch.setattr(
        "ui.document.file_dialogs.QFileDialog.getSaveFileName", lambda *a, **k: (str(path), "")
    )
    window.exports.export_csv()
    header = path.read_text().splitlines()[0].split(",")
    assert header[0] == "period" and header[-2:] == ["reported_cloud_revenue", "reported_capex"]


# --- the Actuals tab -----------------------------------------------------------------


def actuals_table(window: MainWindow) -> QTableWidget:
    """The fit table, with the Actuals tab shown (a hidden tab catches up when shown)."""
    window.views.setCurrentWidget(window.views.actuals)
    return window.findChild(QTableWidget, "actuals")


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_fit_table_equals_the_models_fit(qtbot, window):
    table = actuals_table(window)
    fits = fit(simulate(BASE), BASE.actual_series, BASE.first_period)
    exact = {
        (table.item(r, 0).text(), table.item(r, 1).text()): [
            table.item(r, c).data(Qt.ItemDataRole.UserRole) for c in (2, 4, 5, 6)
        ]
        for r in range(table.rowCount())
    }
    labels = {"cloud_revenue": "Cloud revenue", "capex": "Capex"}
    for f in fits:
        label = labels[f.column]
        for i, q in enumerate(f.quarters):
            reported_, model, error, pct = exact[(label, q)]
            assert (reported_, model, error, pct) == (
                f.actual[i],
                f.model[i],
                f.error[i],
                f.pct_error[i],
            )
        assert exact[(label, "MAPE")][3] == f.mape
    assert exact[("All series", "MAPE")][3] == total_mape(fits)
    rows = table_rows(table)
    assert rows[0][:4] == ["Cloud revenue", "2024Q2", "26.55", "derived"]
    assert rows[1][2:4] == ["29.61", "reported"]
    assert rows[-1][-1] == f"{total_mape(fits) * 100:.1f} %"
    summary = window.findChild(QLabel, "actuals.summary").text()
    # 8 cloud revenue quarters (2024Q2..2026Q1) and 3 of capex; 2023Q3, 2023Q4 not modelled
    assert f"Total MAPE {total_mape(fits) * 100:.1f} %" in summary and "11 reported" in summary
    assert "(2024Q2–2026Q1)" in summary and "2 reported quarter(s) before the first" in summary
    sources = window.findChild(QLabel, "actuals.sources").text()
    assert "FACTS.md" in sources and "Group capex includes spend outside" in sources


def test_fit_chart_draws_the_chosen_series(qtbot, window):
    actuals_table(window)
    chart = window.findChild(Chart, "chart.fit")
    np.testing.assert_array_equal(chart.reported_marks.item.getData()[1], REVENUE)
    window.views.actuals.choice.setCurrentIndex(window.views.actuals.choice.findData("capex"))
    np.testing.assert_array_equal(chart.reported_marks.item.getData()[1], CAPEX)
    model = simulate(BASE)["capex"][H : H + 3]
    np.testing.assert_array_equal(chart.model.getData()[1], model)


def row_of(table: QTableWidget, series: str, quarter: str) -> int:
    return next(
        r
        for r in range(table.rowCount())
        if (table.item(r, 0).text(), table.item(r, 1).text()) == (series, quarter)
    )


def test_editing_a_reported_value_updates_document_and_markers_and_undo_restores(qtbot, window):
    table = actuals_table(window)
    revenue = window.views.projection_view.dashboard.charts["revenue"]
    before = window.scenario
    steps = window.doc.undo_stack.count()
    row = row_of(table, "Cloud revenue", "2025Q3")
    table.setCurrentCell(row, 2)
    table.editItem(table.item(row, 2))
    editor = table.focusWidget()
    with qtbot.waitSignal(window.doc.changed, timeout=5000):
        editor.selectAll()
        qtbot.keyClicks(editor, "41.25")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    values = window.scenario.to_dict()["actuals"]["cloud_revenue"]["values"]
    assert values["2025Q3"] == 41.25 and values["2025Q2"] == 33.4
    assert window.doc.undo_stack.count() == steps + 1
    assert points(revenue.reported_revenue.item)[1][H + 2] == 41.25
    assert table.item(row_of(table, "Cloud revenue", "2025Q3"), 2).text() == "41.25"
    window.doc.undo_stack.undo()
    assert window.scenario == before
    np.testing.assert_array_equal(points(revenue.reported_revenue.item)[1], REVENUE)


def test_edits_made_while_the_tab_is_hidden_show_when_it_is_shown(qtbot, window):
    table = actuals_table(window)
    window.views.setCurrentIndex(0)
    window.doc.set_field("revenue.base_quarterly", 30.0)
    model = fit(simulate(window.scenario), BASE.actual_series, BASE.first_period)[0].model[0]
    assert table.item(0, 4).data(Qt.ItemDataRole.UserRole) != model  # not redrawn yet
    actuals_table(window)
    assert table.item(0, 4).data(Qt.ItemDataRole.UserRole) == model


def test_the_basis_check_box_marks_a_quarter_derived(qtbot, window):
    table = actuals_table(window)
    basis = table.item(row_of(table, "Capex", "2025Q2"), 3)
    with qtbot.waitSignal(window.doc.changed, timeout=5000):
        basis.setCheckState(Qt.CheckState.Checked)
    assert set(window.scenario.to_dict()["actuals"]["capex"]["derived"]) == {"2025Q1", "2025Q2"}
    assert points(window.views.projection_view.dashboard.charts["capex"].reported_capex.item)[
        2
    ] == [True, True, False]


def test_invalid_input_shows_the_models_message_and_changes_nothing(qtbot, window):
    table = actuals_table(window)
    error = window.findChild(QLabel, "actuals.error")
    before = window.scenario
    table.item(row_of(table, "Capex", "2025Q2"), 2).setText("lots")
    qtbot.waitUntil(lambda: error.text() != "", timeout=5000)
    assert "actuals.capex.values.2025Q2: must be a number" in error.text()
    assert window.scenario == before
    assert table.item(row_of(table, "Capex", "2025Q2"), 2).text() == "38.68"  # put back


def test_a_blank_cell_removes_the_quarter(qtbot, window):
    table = actuals_table(window)
    with qtbot.waitSignal(window.doc.changed, timeout=5000):
        table.item(row_of(table, "Cloud revenue", "2025Q1"), 2).setText("")
    spec = window.scenario.to_dict()["actuals"]["cloud_revenue"]
    assert "2025Q1" not in spec["values"] and spec["derived"] == ["2024Q2", "2025Q4"]
    assert (
        window.views.projection_view.dashboard.charts["cumulative"]
        .reported_cloud.item.getData()[0]
        .size
        == 0
    )


def test_actuals_tab_explains_a_file_without_reported_figures(qtbot, tmp_path):
    for w in _window(qtbot, tmp_path, Scenario.from_dict(MODEL_EXAMPLE)):
        assert actuals_table(w).rowCount() == 0
        assert w.findChild(QLabel, "actuals.summary").text() == NO_ACTUALS
        assert "no reported figures" in NO_ACTUALS
        for chart in w.views.projection_view.dashboard.charts.values():
            assert not any("Reported" in label.text for _, label in chart.legend.items)
        dialog = w.show_calibrate()
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        assert "no reported actuals" in dialog.status.text() and not dialog.runner.busy
        dialog.close()


# --- calibration ---------------------------------------------------------------------


def test_calibration_paths_list_drivers_and_growth_years():
    paths = calibration_paths(BASE)
    assert {"revenue.ai_share", "revenue.yield", "revenue.base_quarterly"} <= set(paths)
    assert [p for p in paths if p.startswith("revenue.ai_growth.")] == [
        f"revenue.ai_growth.{i}" for i in range(6)
    ]
    assert "revenue.core_growth.3" in paths and "revenue.core_growth.4" not in paths
    # version 2: the ramp and each seasonal factor; never the spend delay, which no fit moves
    assert {"revenue.ramp_quarters", *(f"revenue.seasonality.{i}" for i in range(4))} <= set(paths)
    assert "program.year_split" not in paths


def test_default_paths_are_the_files_fit_set():
    seasons = [f"revenue.seasonality.{i}" for i in range(3)]  # Q1..Q3, relative to Q4
    assert default_paths(BASE) == [
        "revenue.yield",
        "revenue.ramp_quarters",
        *seasons,
        "revenue.ai_share",
        "revenue.ai_growth.0",
        "revenue.core_growth.0",
        "revenue.base_quarterly",
    ]
    assert default_paths(v1_base()) == list(DEFAULT_CHOICE)  # a file without a fit set


def test_calibrate_dialog_checks_the_files_set_and_shows_each_prior(qtbot, window):
    dialog = window.show_calibrate()
    defaults = default_paths(BASE)
    assert dialog.chosen() == defaults
    assert dialog.offered()[: len(defaults)] == defaults  # listed first
    assert set(dialog.offered()) == set(calibration_paths(BASE))
    items = {
        dialog.inputs.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): i
        for i in range(dialog.inputs.topLevelItemCount())
    }
    item = dialog.inputs.topLevelItem(items["revenue.yield"])
    assert item.text(0) == "Yield on capacity" and item.text(1) == "0.55 ± 0.20 /yr"
    source = BASE.calibration.prior("revenue.yield").source
    assert item.toolTip(1) == f"Source: {source}" and source in item.toolTip(0)
    ai_share = dialog.inputs.topLevelItem(items["revenue.ai_share"])
    assert ai_share.text(1) == "8.0 ± 4.0 %"
    q1 = dialog.inputs.topLevelItem(items["revenue.seasonality.0"])  # the list's prior
    assert q1.text(1) == "1.000 ± 0.050" and "March quarters" in q1.toolTip(1)
    unfitted = dialog.inputs.topLevelItem(items["revenue.price_decline"])
    assert unfitted.text(1) == "–" and "No prior" in unfitted.toolTip(1)
    dialog.set_chosen(["revenue.yield"])
    qtbot.mouseClick(dialog.defaults_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen() == defaults
    dialog.close()


def test_calibrate_dialog_shows_errors_correlations_and_warnings_before_apply(qtbot, window):
    dialog = window.show_calibrate()
    with qtbot.waitSignal(dialog.fitted, timeout=30_000) as got:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    c = got.args[0]
    assert c == dialog.calibration and c.through is None and not dialog.held_out.isVisible()
    assert [p.path for p in c.params] == default_paths(BASE)
    rows = table_rows(dialog.table)
    currency = BASE.currency
    for row, p, before, after, se in zip(
        rows, c.params, c.before, c.after, c.identification.std_errors, strict=False
    ):
        assert row == [
            p.label,
            prior_text(p, currency),
            value_text(p, before, currency),
            value_text(p, after, currency),
            f"± {value_text(p, se, currency)}",
        ]
    assert rows[0][1:3] == ["0.55 ± 0.20 /yr", "0.6224 /yr"]  # prior, then the file's value
    mape = rows[len(c.params) :]
    assert [r[0] for r in mape] == ["MAPE: Cloud revenue", "MAPE: Capex", "MAPE: all series"]
    assert mape[0][2:4] == [
        f"{100 * c.fits_before[0].mape:.1f} %",
        f"{100 * c.fits_after[0].mape:.1f} %",
    ]
    notes = dialog.notes.text()
    assert dialog.notes.isVisible()
    # AI share and its first year's growth trade off (the fit set's known weak pair)
    i, j = (default_paths(BASE).index(p) for p in ("revenue.ai_share", "revenue.ai_growth.0"))
    r = c.identification.correlation[i, j]
    assert abs(r) > 0.5 and f"AI share ↔ AI growth, year 1: {r:+.2f}" in notes
    assert c.warnings and all(html.escape(w) in notes for w in c.warnings)
    assert "cannot tell apart AI share, AI growth, year 1" in notes
    corr, n = c.identification.correlation, len(c.params)
    strong = [(i, j) for i in range(n) for j in range(i + 1, n) if abs(corr[i, j]) > 0.5]
    assert notes.count("↔") == len(strong) == len(strong_correlations(c))  # only those
    for pair in strong_correlations(c):
        assert html.escape(pair) in notes
    assert dialog.apply_button.isEnabled()
    dialog.close()


def test_fit_up_to_a_quarter_shows_the_held_out_errors(qtbot, window):
    dialog = window.show_calibrate()
    quarters = [dialog.through.itemData(i) for i in range(dialog.through.count())]
    assert quarters == ["2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert not dialog.through.isEnabled() and dialog.through_quarter() is None
    dialog.set_through("2025Q3")
    assert dialog.through.isEnabled() and dialog.through_quarter() == "2025Q3"
    with qtbot.waitSignal(dialog.fitted, timeout=30_000) as got:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    c = got.args[0]
    expected = calibrate(BASE, default_paths(BASE), through="2025Q3")
    assert c.through == "2025Q3" and c.after == expected.after
    (held,) = c.held_out
    assert held.column == "cloud_revenue" and held.quarters == ("2025Q4", "2026Q1")
    assert dialog.held_out.isVisible()
    rows = table_rows(dialog.held_out)
    assert rows[:2] == [
        [
            "Cloud revenue",
            q,
            f"{held.actual[i]:.6g}",
            f"{held.model[i]:,.2f}",
            f"{100 * held.pct_error[i]:+.1f} %",
        ]
        for i, q in enumerate(held.quarters)
    ]
    assert rows[2] == ["MAPE, held out: Cloud revenue", "", "", "", f"{100 * held.mape:.1f} %"]
    assert all(abs(e) < 0.04 for e in held.pct_error)  # the bar for unseen quarters
    assert table_rows(dialog.table)[-1][0] == "MAPE: all series"  # over 2024Q2..2025Q3
    assert c.fits_after[0].quarters[-1] == "2025Q3"
    assert "up to 2025Q3" in dialog.notes.text() and "up to 2025Q3" in dialog.status.text()
    chart = dialog.chart  # every reported quarter drawn, the held-out ones after the line
    assert chart.cut.isVisible() and chart.cut.value() == chart.periods.index("2025Q3") + 1
    np.testing.assert_array_equal(chart.reported_marks.item.getData()[1], REVENUE)
    steps = window.doc.undo_stack.count()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert window.doc.undo_stack.count() == steps + 1 and window.scenario == c.scenario
    assert window.scenario.actual_series == BASE.actual_series  # nothing dropped
    window.doc.undo_stack.undo()
    assert window.scenario == BASE
    dialog.close()


def test_a_fit_that_finds_nothing_better_says_so(qtbot, tmp_path):
    start = synthetic({})  # the reported figures are the model's own: the start is best
    for w in _window(qtbot, tmp_path, start):
        dialog = w.show_calibrate()
        dialog.set_chosen(["revenue.yield"])
        with qtbot.waitSignal(dialog.fitted, timeout=30_000) as got:
            dialog.start()
        c = got.args[0]
        assert not c.improved and c.after == c.before
        assert "No better point than the start was found." in c.warnings
        assert "No better point than the start was found." in dialog.notes.text()
        assert dialog.status.text().startswith("No better point than the start")
        dialog.close()


def test_calibrate_dialog_recovers_the_inputs_and_apply_is_one_undo_step(qtbot, tmp_path):
    truth = {"revenue.ai_share": 0.22, "revenue.ai_growth.0": 1.6}
    start = synthetic(truth)  # version 1 mechanics: MODEL.md's example, no priors
    for w in _window(qtbot, tmp_path, start):
        action = next(
            a
            for a in w.findChildren(type(w.commands["action.undo"]))
            if a.objectName() == "action.calibrate"
        )
        action.trigger()
        dialog = w.findChild(CalibrateDialog, "dialog.calibrate")
        assert dialog is not None and dialog.isVisible()
        assert dialog.chosen() == list(DEFAULT_CHOICE)  # the file names no fit set
        dialog.set_chosen(list(truth))
        assert dialog.chosen() == list(truth)
        with qtbot.waitSignal(dialog.fitted, timeout=30_000) as got:
            qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        c = got.args[0]
        for p, value in zip(c.params, c.after, strict=True):
            assert value == pytest.approx(truth[p.path], rel=1e-5)
        assert c.mape_after < 1e-6 < c.mape_before
        rows = table_rows(dialog.table)
        assert rows[0][:4] == ["AI share", "–", "15.000 %", "22.000 %"]
        assert rows[1][:4] == ["AI growth, year 1", "–", "120.000 %", "160.000 %"]
        assert dialog.table.item(0, 0).toolTip().startswith("revenue.ai_share\n")
        se = c.identification.std_errors
        assert rows[0][4] == f"± {value_text(c.params[0], se[0], 'CNY')}"
        assert rows[-1][0] == "MAPE: all series" and rows[-1][3] == "0.0 %"
        chart = dialog.chart
        np.testing.assert_allclose(chart.after.getData()[1], chart.reported_marks.item.getData()[1])
        assert not chart.cut.isVisible()
        steps = w.doc.undo_stack.count()
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        assert w.doc.undo_stack.count() == steps + 1
        assert w.doc.undo_stack.undoText() == "Calibrate to actuals"
        assert w.scenario == c.scenario
        assert w.scenario.revenue.ai_share == pytest.approx(0.22, rel=1e-5)
        assert not dialog.apply_button.isEnabled()
        w.doc.undo_stack.undo()
        assert w.scenario == start
        dialog.close()


def test_calibrate_explains_an_empty_choice_and_cancels(qtbot, window):
    dialog = window.show_calibrate()
    dialog.set_chosen([])
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Choose at least one input")
    dialog.set_chosen(["revenue.ai_share"])
    with qtbot.waitSignal(dialog.runner.cancelled, timeout=5000):
        dialog.start()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Fit cancelled." and not dialog.apply_button.isEnabled()
    dialog.close()


def test_an_edit_after_the_fit_disables_apply(qtbot, window):
    s = with_actuals(BASE, BASE.to_dict()["actuals"])
    assert s == BASE
    dialog = window.show_calibrate()
    with qtbot.waitSignal(dialog.fitted, timeout=30_000):
        dialog.start()
    assert dialog.apply_button.isEnabled()
    window.doc.set_field("revenue.yield", 1.0)
    assert not dialog.apply_button.isEnabled()
    assert "changed" in dialog.status.text()
    dialog.close()
