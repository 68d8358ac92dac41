"""The KPI strip: key figures, the NPV's parts, the IRR's note and the guardrails."""

from __future__ import annotations

import pytest
from conftest import MODEL_EXAMPLE
from PySide6.QtWidgets import QLabel

from simulator import Scenario, load_preset, simulate
from simulator.model.analyst import GUARDRAILS
from simulator.model.outputs import METRICS
from simulator.units import Money
from ui.views.projection.kpi_strip import FLAG, KPIS, SEVERAL_ROOTS, KpiStrip

BASE = simulate(load_preset("Alibaba 2025 plan (base)")).summary
BULL = simulate(load_preset("Alibaba 2025 plan (bull)")).summary
USD = Money.of("CNY", 7.17, True)
RAILS = {g.metric: g for g in GUARDRAILS}


@pytest.fixture
def strip(qtbot) -> KpiStrip:
    widget = KpiStrip()
    qtbot.addWidget(widget)
    widget.resize(1000, 140)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def label(strip: KpiStrip, name: str) -> QLabel:
    found = strip.findChild(QLabel, name)
    assert found is not None, name
    return found


def test_key_figures_keep_their_names_and_texts(strip):
    strip.set_summary(BASE, Money())
    for key in KPIS:
        assert label(strip, f"kpi.{key}").text() == METRICS[key].text(BASE[key], Money())
    assert label(strip, "kpi.npv").text() == "-101.6 bn CNY"


def test_the_npv_is_split_into_the_horizon_and_the_terminal_value(strip):
    strip.set_summary(BASE, Money())
    parts = label(strip, "kpi.npv.parts")
    assert parts.isVisible()
    assert parts.text() == "= -129.7 + 28.1 TV"  # the base preset's notes' figures
    assert BASE["npv_explicit"] + BASE["terminal_value_pv"] == pytest.approx(BASE["npv"])
    tip = label(strip, "kpi.npv").toolTip()
    assert "-101.6 bn CNY = -129.7 bn CNY over the horizon + 28.1 bn CNY terminal value" in tip
    assert "with the programme: 170.2 bn CNY; without it: 271.8 bn CNY" in tip
    assert parts.toolTip() == tip
    strip.set_summary(BASE, USD)  # in the money shown
    assert parts.text() == f"= {BASE['npv_explicit'] / 7.17:.1f} + {28.1035 / 7.17:.1f} TV"
    economics = {**MODEL_EXAMPLE["economics"], "residual_value": False}
    v1 = simulate(Scenario.from_dict({**MODEL_EXAMPLE, "economics": economics})).summary
    strip.set_summary(v1, Money())  # no terminal value: nothing to split
    assert v1["terminal_value_pv"] == 0 and not parts.isVisible()


def test_the_irr_says_when_the_flows_change_sign_more_than_once(strip):
    strip.set_summary(BASE, Money())
    note = label(strip, "kpi.irr.note")
    assert BASE["irr_sign_changes"] == 3
    assert note.isVisible() and note.text() == SEVERAL_ROOTS == "several roots: nearest 0"
    assert "change sign 3 times" in label(strip, "kpi.irr").toolTip()
    strip.set_summary(BULL, Money())
    assert BULL["irr_sign_changes"] == 1 and not note.isVisible()
    assert label(strip, "kpi.irr").toolTip() == METRICS["irr"].tip


def test_a_flagged_guardrail_shows_flagged_and_an_unflagged_one_does_not(strip):
    strip.set_summary(BASE, Money())
    # base: EBIT margin 22.1 % (band -1 % .. 19 %) and ROIC 1.7 % (hurdle 10 %) flagged;
    # capex intensity 0.95x and added revenue per capex 0.30x inside their bands
    expected = {
        "capex_intensity": False,
        "revenue_per_capex": False,
        "ebit_margin": True,
        "roic": True,
    }
    for key, flagged in expected.items():
        shown = label(strip, f"kpi.{key}")
        g = RAILS[key]
        assert g.flagged(BASE[key]) is flagged
        assert shown.property("flagged") is flagged, key
        assert shown.text().startswith(FLAG) is flagged, key
        assert shown.text().endswith(METRICS[key].text(BASE[key])), key
        assert ("#b03a2e" in shown.styleSheet()) is flagged, key
        tip = shown.toolTip()
        assert g.source in tip and f"Benchmark {METRICS[key].text(g.benchmark)}" in tip, key
        assert ("Outside the band: flagged." in tip) is flagged, key
    assert label(strip, "kpi.ebit_margin").text() == f"{FLAG} EBIT margin 22.1 %"
    assert label(strip, "kpi.roic").text() == f"{FLAG} ROIC (mature) 1.7 %"  # short names
    assert label(strip, "kpi.roic").toolTip().startswith("Incremental ROIC (mature): 1.7 %.")
    assert label(strip, "kpi.capex_intensity").text() == "Capex intensity 0.95 x"
    assert "band 0.47 x to 1.88 x" in label(strip, "kpi.capex_intensity").toolTip()
    assert "band at least 10.0 %" in label(strip, "kpi.roic").toolTip()
    strip.set_summary(BULL, Money())  # the bull case's mature ROIC clears the hurdle
    roic = label(strip, "kpi.roic")
    assert BULL["roic"] > 0.10 and roic.property("flagged") is False
    assert not roic.text().startswith(FLAG) and "Inside the band." in roic.toolTip()


def test_the_strip_never_widens_the_window(strip):
    strip.set_summary(BASE, Money())  # the guardrails' line wraps rather than widen it
    assert strip.minimumSizeHint().width() < 600


def test_an_undefined_guardrail_is_not_flagged(strip):
    strip.set_summary({**BASE, "revenue_per_capex": None}, Money())
    shown = label(strip, "kpi.revenue_per_capex")
    assert shown.text() == "Added revenue / capex n/a"
    assert shown.property("flagged") is False and "Undefined here." in shown.toolTip()
