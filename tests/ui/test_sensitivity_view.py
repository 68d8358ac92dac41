"""Sensitivity view: charts equal simulator.sensitivity, recompute on edits, NaN-safe."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from simulator import default_scenario
from simulator.analysis.sensitivity import spider, tornado, two_way
from simulator.units import Money
from ui.document.document import ScenarioDocument
from ui.document.projection import Projection
from ui.views.sensitivity.spider import LINES
from ui.views.sensitivity.view import SensitivityView

USD = Money(1 / 7.17, "bn USD")
TIMEOUT = 15_000


@pytest.fixture
def view(qtbot):
    """A shown view of the default scenario that has computed once."""
    document = ScenarioDocument(default_scenario())
    v = SensitivityView(Projection(document))
    v.document = document
    qtbot.addWidget(v)
    v.resize(1400, 900)
    with qtbot.waitSignal(v.computed, timeout=TIMEOUT):
        v.show()
    yield v
    v.shutdown()
    v.runner.wait()


def choose_metric(qtbot, v: SensitivityView, key: str) -> None:
    """Pick ``key`` in the metric combo and wait for the recomputation."""
    with qtbot.waitSignal(v.computed, timeout=TIMEOUT) as blocker:
        v.metric_combo.setCurrentIndex(v.metric_combo.findData(key))
    assert blocker.args[0].request.metric == key


def test_tornado_bars_equal_the_model_sorted_by_swing(view) -> None:
    s = view.document.scenario
    expected = tornado(s, "npv")
    shown = expected.bars[:12]
    _, lows, highs = view.tornado.bar_data()
    assert_allclose(lows, [b.metric_low for b in shown])
    assert_allclose(highs, [b.metric_high for b in shown])
    assert view.tornado.shown.base == pytest.approx(expected.base)
    swings = [b.swing for b in view.tornado.shown.bars]
    assert swings == sorted(swings, reverse=True)
    ticks = view.tornado.plot_item.getAxis("left")._tickLevels[0]
    top = max(ticks)  # largest y: the top row
    assert top[1].startswith(shown[0].driver.label)


def test_tornado_in_usd_and_more_bars(view, qtbot) -> None:
    expected = tornado(view.document.scenario, "npv")
    view.set_money(USD)
    view.top.setValue(16)
    _, lows, highs = view.tornado.bar_data()
    assert lows.size == min(16, len(expected.bars))
    assert_allclose(lows, [b.metric_low * USD.factor for b in expected.bars[:16]])
    assert_allclose(highs, [b.metric_high * USD.factor for b in expected.bars[:16]])
    assert view.tornado.base_line.value() == pytest.approx(expected.base * USD.factor)
    assert "bn USD" in view.tornado.base_label.textItem.toPlainText()
    visible = [label for label in view.tornado.labels if label.isVisible()]
    assert len(visible) == 2 * lows.size


def test_tornado_items_are_reused(view, qtbot) -> None:
    items = set(map(id, view.tornado.plot_item.items))
    choose_metric(qtbot, view, "irr")
    view.top.setValue(5)
    view.top.setValue(12)
    assert set(map(id, view.tornado.plot_item.items)) == items


def test_spider_lines_equal_the_model(view) -> None:
    s = view.document.scenario
    expected = spider(s, "npv")
    order = [b.driver.path for b in tornado(s, "npv").bars][:LINES]
    rows = {d.path: i for i, d in enumerate(expected.drivers)}
    drawn = view.spider.line_data()
    assert len(drawn) == LINES
    for (name, x, y), path in zip(drawn, order, strict=True):
        assert name == expected.drivers[rows[path]].label
        assert_allclose(x, np.array(expected.steps) * 100)
        assert_allclose(y, expected.values[rows[path]])


def test_heatmap_equals_two_way_and_contours_the_break_even(view, qtbot) -> None:
    r = view.results.request
    assert (r.a, r.b) == ("revenue.yield", "program.total_capex")
    assert r.a_values.size == r.b_values.size == 41
    # the base preset's fitted yield 0.6224... ±30 %, as the range boxes show it (3 decimals)
    fitted = view.document.scenario.revenue.yield_
    assert r.a_values[0] == pytest.approx(round(0.7 * fitted, 3)) == 0.436
    assert r.a_values[-1] == pytest.approx(round(1.3 * fitted, 3)) == 0.809
    expected = two_way(view.document.scenario, r.a, r.a_values, r.b, r.b_values, "npv")
    assert_allclose(view.heatmap.image.image, expected.values)
    assert view.heatmap.contour.level == 0.0
    choose_metric(qtbot, view, "irr")
    rate = view.document.scenario.economics.discount_rate
    assert view.heatmap.contour.level == pytest.approx(rate * 100)  # IRR shown in %
    assert view.heatmap.colorbar.levels()[0] + view.heatmap.colorbar.levels()[1] == (
        pytest.approx(2 * rate * 100)
    )


def test_heatmap_follows_its_inputs_and_reads_out_a_cell(view, qtbot) -> None:
    controls = view.grid_controls
    with qtbot.waitSignal(view.computed, timeout=TIMEOUT):
        controls.b.combo.setCurrentIndex(controls.b.combo.findData("revenue.ai_growth"))
        controls.grid.setValue(11)
        controls.a.high.setValue(4.0)
    r = view.results.request
    assert r.b == "revenue.ai_growth" and r.a_values.size == 11 and r.a_values[-1] == 4.0
    expected = two_way(view.document.scenario, r.a, r.a_values, r.b, r.b_values, "npv")
    assert_allclose(view.heatmap.image.image, expected.values)
    assert view.heatmap.crosses_level()  # a yield of 4 pays back: the contour is there
    text = view.heatmap.readout_text(5, 10)
    assert "Yield on capacity: 4.00 /yr" in text and "AI growth (shift)" in text
    assert text.endswith(f"NPV: {expected.values[5, 10]:,.1f} bn CNY")


def test_changing_the_metric_recomputes(view, qtbot) -> None:
    choose_metric(qtbot, view, "cum_program_revenue")
    expected = tornado(view.document.scenario, "cum_program_revenue")
    _, lows, _ = view.tornado.bar_data()
    assert_allclose(lows, [b.metric_low for b in expected.bars[:12]])
    assert "Cumulative programme revenue" in view.tornado_note.text()


def test_a_document_edit_recomputes(view, qtbot) -> None:
    with qtbot.waitSignal(view.computed, timeout=TIMEOUT) as blocker:
        view.document.set_field("revenue.yield", 1.2)
    result = blocker.args[0]
    assert result.request.scenario.revenue.yield_ == 1.2
    expected = tornado(view.document.scenario, "npv")
    assert view.tornado.shown.base == pytest.approx(expected.base)
    assert view.heatmap.marker.data["x"][0] == pytest.approx(1.2)
    r = result.request  # the free yield axis follows the new value: ±30 % of 1.2
    assert r.a_values[0] == pytest.approx(0.84) and r.a_values[-1] == pytest.approx(1.56)


def test_edits_in_a_burst_compute_once(view, qtbot) -> None:
    seen = []
    view.computed.connect(seen.append)
    with qtbot.waitSignal(view.computed, timeout=TIMEOUT):
        for value in (0.9, 1.0, 1.1):
            view.document.set_field("revenue.yield", value)
    qtbot.wait(400)  # longer than the debounce: no second run follows
    assert len(seen) == 1 and seen[0].request.scenario.revenue.yield_ == 1.1


def test_undefined_paybacks_show_as_never_without_breaking(view, qtbot) -> None:
    choose_metric(qtbot, view, "payback_years")
    expected = tornado(view.document.scenario, "payback_years")
    assert np.isnan(expected.base)  # the base plan never pays back
    assert view.tornado.base_label.textItem.toPlainText() == "base never within horizon"
    _, lows, highs = view.tornado.bar_data()
    assert np.all(np.isfinite(lows)) and np.all(np.isfinite(highs))
    texts = [label.textItem.toPlainText() for label in view.tornado.labels if label.isVisible()]
    assert any(t.endswith(": never within horizon") for t in texts)
    (x0, x1), (y0, y1) = view.tornado.plot_item.vb.viewRange()
    assert all(np.isfinite([x0, x1, y0, y1]))
    image = view.heatmap.image.image
    assert np.isnan(image).any()  # transparent over the grey backdrop
    (x0, x1), (y0, y1) = view.heatmap.plot_item.vb.viewRange()
    assert all(np.isfinite([x0, x1, y0, y1]))
    assert all(np.isfinite(view.heatmap.colorbar.levels()))
