"""Scenario validation, file loading and atomic saving."""

from __future__ import annotations

import json
import os

import pytest
from conftest import MODEL_EXAMPLE, set_path

from simulator import Scenario, ScenarioError, load_scenario, save_scenario, scenario_json
from simulator.scenario.files import MAX_FILE_BYTES, parse_scenario_text
from simulator.scenario.migrations import migrate


def error_for(doc) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(doc)
    return info.value


def with_change(model_example, path, value):
    set_path(model_example, path, value)
    return model_example


@pytest.mark.parametrize(
    ("path", "value", "field", "rule"),
    [
        (
            "program.year_split",
            [0.33, 0.33, 0.31],
            "program.year_split",
            "shares must sum to 1 (got 0.97)",
        ),
        ("program.year_split", [], "program.year_split", "must have 1 to 10 programme years"),
        ("program.year_split", [0.1] * 11, "program.year_split", "must have 1 to 10"),
        ("program.year_split.0", -0.33, "program.year_split.0", "must be >= 0"),
        ("program.total_capex", -1, "program.total_capex", "must be >= 0 (got -1)"),
        ("program.categories.0.share", 0.5, "program.categories", "shares must sum to 1"),
        ("program.categories.1.share", -0.1, "program.categories.1.share", "must be >= 0"),
        ("program.categories.0.life_years", 0, "program.categories.0.life_years", "must be > 0"),
        (
            "program.categories.0.lag_quarters",
            41,
            "program.categories.0.lag_quarters",
            "from 0 to 40",
        ),
        (
            "program.categories.0.lag_quarters",
            1.5,
            "program.categories.0.lag_quarters",
            "must be a whole number",
        ),
        (
            "program.categories.0.adds_capacity",
            1,
            "program.categories.0.adds_capacity",
            "must be true or false",
        ),
        (
            "program.categories.2.name",
            "Network & storage",
            "program.categories.2.name",
            "must be unique",
        ),
        ("program.categories.0.name", " ", "program.categories.0.name", "non-empty"),
        ("program.categories", [], "program.categories", "must have 1 to 20 categories"),
        ("currency", "cny", "currency", "ISO 4217"),
        ("usd_fx", 0, "usd_fx", "must be >= 1e-06"),
        ("usd_fx", 2e6, "usd_fx", "must be <= 1000000"),
        ("currency", "CNY\n", "currency", "ISO 4217"),
        ("start", "2025Q1\n", "start", "quarter like 2025Q1"),
        ("start", "2025Q5", "start", "quarter like 2025Q1"),
        ("start", "25Q1", "start", "quarter like 2025Q1"),
        ("horizon_years", 31, "horizon_years", "from 1 to 30"),
        ("horizon_years", 0, "horizon_years", "from 1 to 30"),
        ("horizon_years", True, "horizon_years", "must be a number (got a boolean)"),
        ("horizon_years", "10", "horizon_years", "must be a number (got a string)"),
        ("revenue.base_quarterly", -5, "revenue.base_quarterly", "must be >= 0"),
        ("revenue.ai_share", 1.5, "revenue.ai_share", "must be <= 1"),
        ("revenue.core_growth", [], "revenue.core_growth", "must have 1 to 30 yearly rates"),
        ("revenue.ai_growth.2", -1.0, "revenue.ai_growth.2", "must be > -1"),
        ("revenue.ai_growth.1", None, "revenue.ai_growth.1", "must be a number (got null)"),
        ("revenue.yield", -0.1, "revenue.yield", "must be >= 0"),
        ("revenue.price_decline", 1.0, "revenue.price_decline", "must be < 1"),
        (
            "revenue.capacity_constrained",
            "yes",
            "revenue.capacity_constrained",
            "must be true or false (got a string)",
        ),
        ("economics.ebitda_margin", 1.2, "economics.ebitda_margin", "must be <= 1"),
        ("economics.tax_rate", 1.0, "economics.tax_rate", "must be < 1"),
        ("economics.discount_rate", -1.0, "economics.discount_rate", "must be >= -0.99"),
        ("program.total_capex", 1e10, "program.total_capex", "must be <= 1000000000"),
        ("revenue.core_growth.0", 101, "revenue.core_growth.0", "must be <= 100"),
        ("revenue.yield", 1e4, "revenue.yield", "must be <= 1000"),
        ("economics.residual_value", 0, "economics.residual_value", "must be true or false"),
        ("name", "", "name", "non-empty"),
        ("notes", 5, "notes", "must be a string"),
        ("uncertainty", [1], "uncertainty", "must be an object"),
        ("program", [], "program", "must be an object (got a list)"),
        ("program.categories.0", "x", "program.categories.0", "must be an object"),
    ],
)
def test_each_rule_names_field_and_rule(model_example, path, value, field, rule):
    err = error_for(with_change(model_example, path, value))
    assert err.field == field
    assert rule in str(err)
    assert str(err).startswith(f"{field}: ")


def test_usd_needs_unit_fx(model_example):
    model_example["currency"] = "USD"
    assert "exactly 1 when currency is USD" in str(error_for(model_example))
    model_example["usd_fx"] = 1
    assert Scenario.from_dict(model_example).currency == "USD"


def test_unknown_key_refused(model_example):
    model_example["revenue"]["yeild"] = 0.8
    err = error_for(model_example)
    assert err.field == "revenue.yeild" and "unknown key" in err.rule


def test_missing_key_refused(model_example):
    del model_example["economics"]["tax_rate"]
    err = error_for(model_example)
    assert (err.field, err.rule) == ("economics.tax_rate", "required field is missing")


def test_optional_keys_may_be_absent(model_example):
    assert Scenario.from_dict(model_example).notes == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ("[1, 2]", "not an object"),
        ('"scenario"', "not an object"),
        (json.dumps({**MODEL_EXAMPLE, "format": "other"}), "format must be 'capex-scenario'"),
        (json.dumps({**MODEL_EXAMPLE, "version": 3}), "newer than this app reads"),
        (json.dumps({**MODEL_EXAMPLE, "version": 0}), "must be an integer >= 1"),
        (json.dumps({**MODEL_EXAMPLE, "usd_fx": "NaN"}), "usd_fx: must be a number"),
        (json.dumps(MODEL_EXAMPLE).replace("7.17", "NaN"), "NaN is not a JSON number"),
        (json.dumps(MODEL_EXAMPLE).replace("7.17", "Infinity"), "Infinity is not a JSON number"),
        (json.dumps(MODEL_EXAMPLE).replace("7.17", "1e999"), "usd_fx: must be a finite number"),
        (
            json.dumps(MODEL_EXAMPLE).replace('"usd_fx": 7.17', '"usd_fx": 7.17, "usd_fx": 7'),
            "appears twice",
        ),
        ("[" * 100_000, "nested too deeply"),
        ("", "not valid JSON"),
    ],
)
def test_bad_documents(text, message):
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text)
    assert message in str(info.value)


def test_huge_integer_is_refused_not_crashed(model_example):
    model_example["program"]["total_capex"] = 10**400
    assert "must be a finite number" in str(error_for(model_example))


def test_integral_float_accepted_as_integer(model_example):
    model_example["horizon_years"] = 10.0
    assert Scenario.from_dict(model_example).horizon_years == 10


def test_load_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "capex-scenario", "version": 1}')
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}: name: required field is missing"


def test_refuses_big_files_before_parsing(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(ScenarioError, match="file too large"):
        load_scenario(path)


def test_refuses_non_utf8_folder_and_missing_file(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(ScenarioError, match="invalid UTF-8"):
        load_scenario(path)
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(tmp_path)
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_scenario(tmp_path / "missing.json")


def test_round_trip_is_exact(tmp_path, model_example):
    model_example["notes"] = "Ünïcode notes\nsecond line"
    model_example["uncertainty"] = {"seed": 7, "paths": 10000}
    model_example["usd_fx"] = 0.1 + 0.2  # a float that needs all 17 digits
    doc = migrate(model_example)  # version 2, as the app writes it
    s = Scenario.from_dict(doc)
    path = tmp_path / "s.json"
    save_scenario(s, path)
    again = load_scenario(path)
    assert again == s
    assert again.to_dict() == doc
    save_scenario(again, path)
    assert path.read_text(encoding="utf-8") == scenario_json(s)


def test_save_is_atomic_when_replace_fails(tmp_path, monkeypatch, model_example):
    path = tmp_path / "s.json"
    path.write_text("old content")
    s = Scenario.from_dict(model_example)

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        save_scenario(s, path)
    assert path.read_text() == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]  # no temporary left


def test_save_keeps_permissions(tmp_path, model_example):
    path = tmp_path / "s.json"
    path.write_text("{}")
    path.chmod(0o640)
    save_scenario(Scenario.from_dict(model_example), path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_with_field_validates_and_is_immutable(model_example):
    s = Scenario.from_dict(model_example)
    t = s.with_field("program.year_split", [0.5, 0.2, 0.3])
    assert s.program.year_split == (0.33, 0.33, 0.34)
    assert t.get_field("program.year_split.1") == 0.2
    assert t.program.year_split == (0.5, 0.2, 0.3)
    with pytest.raises(ScenarioError, match=r"program\.year_split: shares must sum to 1"):
        s.with_field("program.year_split.1", 0.5).program  # noqa: B018
    u = s.with_field("revenue.yield", 1.1)
    assert u.revenue.yield_ == 1.1 and u != s
    with pytest.raises(AttributeError):
        s.name = "x"  # type: ignore[misc]


def test_direct_construction_is_validated(model_example):
    s = Scenario.from_dict(model_example)
    import dataclasses

    with pytest.raises(ScenarioError, match="horizon_years"):
        dataclasses.replace(s, horizon_years=0)


# -- reading only regular files, within the limit ----------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_without_reading(device):
    with pytest.raises(ScenarioError) as info:
        load_scenario(device)
    assert str(info.value) == (
        f"{device}: is a character device, not a scenario file; only files are read"
    )


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioError, match=r"plan\.json: is a FIFO \(named pipe\)"):
        load_scenario(fifo)


def test_the_size_limit_holds_while_reading(tmp_path, monkeypatch):
    """A file whose size was misreported (or that grows) is not read past the limit."""
    from simulator.scenario import files

    path = tmp_path / "grows.json"
    path.write_bytes(b" " * (3 * MAX_FILE_BYTES))
    real_fstat, real_read = os.fstat, os.read
    read = []

    def small(fd):
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 10, *st[7:10]))

    def counted(fd, n):
        data = real_read(fd, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(files.os, "fstat", small)
    monkeypatch.setattr(files.os, "read", counted)
    with pytest.raises(ScenarioError, match="file too large"):
        load_scenario(path)
    assert sum(read) == MAX_FILE_BYTES + 1


def test_a_name_with_nul_is_refused(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_scenario(f"{tmp_path}/a\0b.json")


# -- where a JSON problem is -------------------------------------------------------------


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_name_the_field_line_and_column(literal):
    text = json.dumps(MODEL_EXAMPLE, indent=2).replace('"yield": 0.8', f'"yield": {literal}')
    line = next(i for i, t in enumerate(text.splitlines(), 1) if literal in t)
    column = text.splitlines()[line - 1].index(literal) + 1
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text)
    assert info.value.field == "revenue.yield"
    assert f"{literal} is not a JSON number (at line {line}, column {column}" in str(info.value)


def test_a_constant_inside_a_list_and_after_a_string_that_looks_like_one():
    doc = {**MODEL_EXAMPLE, "notes": 'say "NaN", Infinity'}
    text = json.dumps(doc).replace("0.33, 0.33, 0.34", "0.33, NaN, 0.34")
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text)
    assert info.value.field == "program.year_split.1"
    assert f"column {text.index('NaN, 0.34') + 1}" in str(info.value)


def test_a_constant_as_the_whole_document_gives_line_and_column():
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text("\n\n  NaN")
    assert info.value.field == ""
    assert "NaN is not a JSON number (at line 3, column 3" in str(info.value)


def test_a_duplicate_key_names_its_full_path():
    text = json.dumps(MODEL_EXAMPLE).replace('"tax_rate": 0.15', '"tax_rate": 0.15, "tax_rate": 1')
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text)
    assert str(info.value) == "economics.tax_rate: appears twice in the same object"


def test_an_overlong_integer_names_its_field():
    text = json.dumps(MODEL_EXAMPLE).replace("380.0", "9" * 5000)
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text)
    assert info.value.field == "program.total_capex"
    assert "an integer of 5,000 digits is too long" in str(info.value)


def test_load_prefixes_the_file_to_the_field(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(MODEL_EXAMPLE).replace("7.17", "NaN"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}: usd_fx: not valid JSON: NaN is not a JSON number")


# -- saving with a backup ----------------------------------------------------------------


def test_backup_keeps_the_old_version_and_skips_an_unchanged_file(tmp_path, model_example):
    path = tmp_path / "s.json"
    path.write_text("old version")
    s = Scenario.from_dict(model_example)
    save_scenario(s, path, backup=True)
    assert (tmp_path / "s.json.bak").read_text() == "old version"
    save_scenario(s, path, backup=True)  # same content: the backup stays the old version
    assert (tmp_path / "s.json.bak").read_text() == "old version"
    assert path.read_text() == scenario_json(s)


def test_saving_to_a_fifo_or_folder_is_refused_and_writes_nothing(tmp_path, model_example):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    s = Scenario.from_dict(model_example)
    for target in (fifo, tmp_path):
        with pytest.raises(OSError) as info:
            save_scenario(s, target, backup=True)
        assert info.value.filename == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.json"]


def test_saving_to_a_device_writes_through_without_backup(model_example):
    save_scenario(Scenario.from_dict(model_example), "/dev/null", backup=True)
    assert not os.path.exists("/dev/null.bak")
