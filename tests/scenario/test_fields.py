"""The field table walks the whole scenario: every input has one entry, every entry an input."""

from __future__ import annotations

import math

import pytest

from simulator import load_preset
from simulator.analysis.drivers import drivers
from simulator.errors import ScenarioError
from simulator.scenario import fields
from simulator.scenario.paths import lookup

BASE = load_preset("base")
HISTORY = BASE.with_field("history", {"capex": {"2024Q4": 1.0}})


def leaves(doc: object, prefix: str = "") -> list[str]:
    """Every field path of a document: objects and lists walked, lists of numbers too."""
    if isinstance(doc, dict):
        return [p for k, v in doc.items() for p in leaves(v, f"{prefix}{k}.")]
    if isinstance(doc, list):
        return [prefix[:-1]] + [p for i, v in enumerate(doc) for p in leaves(v, f"{prefix}{i}.")]
    return [prefix[:-1]]


def test_every_input_of_a_scenario_has_a_field():
    doc = BASE.to_dict()
    for section in ("format", "version", "calibration", "uncertainty", "actuals", "snapshots"):
        doc.pop(section, None)
    missing = [p for p in leaves(doc) if fields.find(p) is None]
    assert missing == []


def test_every_field_names_an_input_of_the_scenario():
    doc = BASE.to_dict()
    doc["history"] = {"capex": {"2024Q4": 1.0}, "source": "x"}
    for f in fields.FIELDS.values():
        if f.kind == "section":
            continue
        path = f.path.replace("history.capex.*", "history.capex.2024Q4").replace("*", "0")
        optional = path in ("notes", "program.categories.0.economic_life_years")
        assert optional or lookup(doc, path) is not None, path


def test_drivers_are_exactly_the_fields_marked_as_drivers():
    from_fields = {f.path: f.driver for f in fields.FIELDS.values() if f.driver}
    from_model = {fields.key(d.path): d.kind for d in drivers(BASE)}
    assert from_model == from_fields


def test_a_driver_ranges_over_the_range_the_file_accepts():
    """The valid range is one: what the file accepts is what every analysis may draw."""
    for d in drivers(BASE):
        f = fields.field(d.path)
        if d.kind in ("value", "life", "lag"):
            assert (d.low, d.high) == f.closed_range(), d.path
    life = next(d for d in drivers(BASE) if d.kind == "life")
    assert life.high == pytest.approx(1000.0)
    assert BASE.with_field(life.path, 500.0).program.categories[0].life_years == 500.0


@pytest.mark.parametrize("f", list(fields.FIELDS.values()), ids=lambda f: f.path)
def test_the_rules_enforce_each_numeric_range(f):
    if f.kind != "number" or f.path.startswith(
        ("program.year_split.", "program.categories.*.share")
    ):
        return
    path = f.path.replace("history.capex.*", "history.capex.2024Q4").replace("*", "0")
    for bad in (f.low, f.high):
        if math.isfinite(bad) and (f.low_open if bad == f.low else f.high_open):
            with pytest.raises(ScenarioError, match=path.replace(".", r"\.")):
                HISTORY.with_field(path, bad)
    outside = f.high * 2 + 1 if math.isfinite(f.high) else None
    if outside is not None:
        with pytest.raises(ScenarioError, match=path.replace(".", r"\.")):
            HISTORY.with_field(path, outside)


def test_text_has_units_and_never_minus_zero():
    assert fields.field("program.total_capex").text(-0.0) == "0.0 bn CNY"
    assert fields.field("revenue.ai_share").text(0.15) == "15.0 %"
    assert fields.field("program.categories.1.lag_quarters").text(4) == "4 qtrs"
    assert fields.label("revenue.ai_growth.1") == "AI growth, year 2"
