"""The field table: every input of a scenario with its label, unit, range and help.

One :class:`Field` per input path (category and list items as ``*``). The input panel,
the distribution editor, sensitivity, goal seek, calibration, the compare diff, reports
and XLSX all read it, so an input has one label, one unit and one range everywhere.
``low``/``high`` are the valid range the file rules enforce (model units; for a list
that is a driver, the range of the shift or delay);
``ui_low``/``ui_high`` the slider's span; ``step`` and ``decimals`` are in display units.
``driver`` says how the input moves as one number in Monte Carlo, sensitivity and goal
seek: ``value`` (itself), ``life``/``lag`` (a category's), ``shift`` (added to every
year of a growth list) or ``delay`` (years the year split moves later); None when it
is not a driver.
"""

from __future__ import annotations

import math
import re

from simulator.scenario import limits as lim
from simulator.scenario.field import Field
from simulator.scenario.field import percent_field as _pct
from simulator.units import (
    MONEY,
    MONEY_PER_QUARTER,
    NO_UNIT,
    PER_USD,
    PER_YEAR,
    PERCENT,
    POINTS,
    QUARTERS,
    RATIO,
    YEARS,
    Unit,
)

_INDEX = re.compile(r"\.(?:\d+|\d{4}Q[1-4])(?=\.|$)")


FIELDS: dict[str, Field] = {
    f.path: f
    for f in (
        Field(
            "name", "Name", kind="text", tip="Name of the scenario, shown in titles and exports."
        ),
        Field(
            "notes",
            "Notes",
            kind="text",
            tip="Free text saved with the scenario: cite sources, label assumptions.",
        ),
        Field(
            "currency",
            "Currency",
            kind="text",
            tip="ISO 4217 code of the money amounts (three capital letters).",
        ),
        Field(
            "usd_fx",
            "FX rate",
            PER_USD,
            *lim.FX_RANGE,
            ui_low=0.0001,
            ui_high=10000.0,
            step=0.01,
            decimals=4,
            tip="Units of the scenario currency per US dollar, for the USD view.",
        ),
        Field("start", "Start quarter", kind="text", tip="First simulated quarter, like 2025Q1."),
        Field(
            "horizon_years",
            "Horizon",
            YEARS,
            1,
            lim.MAX_HORIZON_YEARS,
            ui_low=1,
            ui_high=30,
            step=1,
            decimals=0,
            integer=True,
            tip="Years simulated from the start; spend after the horizon is not modelled.",
        ),
        Field(
            "program.total_capex",
            "Total capex",
            MONEY,
            0.0,
            lim.MAX_AMOUNT,
            ui_high=2000.0,
            step=5.0,
            decimals=1,
            driver="value",
            tip="Total spend of the programme over its years, in billions of the currency.",
        ),
        Field(
            "program.year_split",
            "Spend per year",
            PERCENT,
            -(lim.MAX_PROGRAM_YEARS - 1.0),
            lim.MAX_PROGRAM_YEARS - 1.0,
            kind="list",
            driver="delay",
            step=0.25,
            decimals=2,
            tip="Share of the programme's total spent in each programme year (sums to 100 %). "
            "As an uncertain input: a delay of the spend, in years.",
        ),
        _pct("program.year_split.*", "Spend in year", "Share of the total spent in this year."),
        Field("program.categories", "Categories", kind="list", tip="What the spend buys."),
        Field("program.categories.*.name", "Category name", kind="text", tip="Unique name."),
        _pct(
            "program.categories.*.share",
            "Share",
            "Share of every quarter's spend going to this category.",
        ),
        Field(
            "program.categories.*.life_years",
            "Life",
            YEARS,
            0.0,
            lim.MAX_LIFE_YEARS,
            low_open=True,
            ui_low=0.25,
            ui_high=50.0,
            step=0.25,
            decimals=2,
            driver="life",
            tip="Straight-line depreciation life in years (rounded to whole quarters).",
        ),
        Field(
            "program.categories.*.economic_life_years",
            "Economic life",
            YEARS,
            0.0,
            lim.MAX_LIFE_YEARS,
            low_open=True,
            ui_low=0.25,
            ui_high=50.0,
            step=0.25,
            decimals=2,
            driver="econ_life",
            tip="How long the category's capacity earns, in years; empty: its depreciation life "
            "(and it follows that life when it changes).",
        ),
        Field(
            "program.categories.*.lag_quarters",
            "Lag",
            QUARTERS,
            0,
            lim.MAX_LAG_QUARTERS,
            ui_high=40,
            step=1,
            decimals=0,
            integer=True,
            driver="lag",
            tip="Quarters from spend until the asset is in service.",
        ),
        Field(
            "program.categories.*.adds_capacity",
            "Adds capacity",
            kind="bool",
            tip="Whether this category's assets in service add AI revenue capacity.",
        ),
        Field(
            "revenue.base_quarterly",
            "Base cloud revenue",
            MONEY_PER_QUARTER,
            0.0,
            lim.MAX_AMOUNT,
            ui_high=1000.0,
            step=0.5,
            decimals=2,
            driver="value",
            tip="Cloud revenue in the quarter before the start (R0).",
        ),
        _pct(
            "revenue.ai_share",
            "AI share",
            "Share of the base cloud revenue that is AI-related (a0); it grows at the AI rate.",
            driver="value",
        ),
        Field(
            "revenue.core_growth",
            "Core growth",
            POINTS,
            kind="list",
            driver="shift",
            step=0.5,
            decimals=1,
            tip="Annual growth of non-AI cloud revenue, per year (the last rate holds). "
            "As an uncertain input: a shift added to every year.",
        ),
        Field(
            "revenue.ai_growth",
            "AI growth",
            POINTS,
            kind="list",
            driver="shift",
            step=0.5,
            decimals=1,
            tip="Annual growth of AI demand, per year (the last rate holds). "
            "As an uncertain input: a shift added to every year.",
        ),
        Field(
            "revenue.core_growth.*",
            "Core growth, year",
            PERCENT,
            -1.0,
            lim.MAX_GROWTH,
            low_open=True,
            ui_low=-0.5,
            ui_high=2.0,
            step=0.5,
            decimals=1,
            tip="Annual growth of non-AI cloud revenue in this year.",
        ),
        Field(
            "revenue.ai_growth.*",
            "AI growth, year",
            PERCENT,
            -1.0,
            lim.MAX_GROWTH,
            low_open=True,
            ui_low=-0.5,
            ui_high=5.0,
            step=0.5,
            decimals=1,
            tip="Annual growth of AI demand in this year.",
        ),
        Field(
            "revenue.capacity_constrained",
            "Capacity-constrained",
            kind="bool",
            tip="When on, AI revenue is capped by existing plus programme capacity; when off, "
            "all demand is served.",
        ),
        Field(
            "revenue.yield",
            "Yield on capacity",
            PER_YEAR,
            0.0,
            lim.MAX_YIELD,
            ui_high=5.0,
            step=0.01,
            decimals=2,
            driver="value",
            tip="Annual revenue one unit of capacity capex earns at the prices of its "
            "purchase quarter.",
        ),
        _pct(
            "revenue.price_decline",
            "Price decline",
            "Annual fall in the price of compute: later hardware buys more capacity per unit.",
            high_open=True,
            ui_high=0.95,
            driver="value",
        ),
        _pct(
            "economics.ebitda_margin",
            "AI margin",
            "Cash margin on AI revenue served by capacity (the variable margin), before fixed "
            "cost, depreciation and tax.",
            low=-1.0,
            ui_low=-1.0,
            driver="value",
        ),
        _pct(
            "economics.tax_rate",
            "Tax rate",
            "Tax on programme EBIT; a loss earns a credit (group relief).",
            high_open=True,
            ui_high=0.95,
            driver="value",
        ),
        Field(
            "economics.discount_rate",
            "Discount rate",
            PERCENT,
            lim.MIN_DISCOUNT_RATE,
            math.inf,
            ui_low=-0.5,
            ui_high=1.0,
            step=0.25,
            decimals=2,
            driver="value",
            tip="Annual rate the cash flows are discounted at (the hurdle rate).",
        ),
        Field(
            "revenue.ramp_quarters",
            "Ramp-up",
            QUARTERS,
            1.0,
            lim.MAX_RAMP_QUARTERS,
            ui_low=1.0,
            ui_high=12.0,
            step=0.25,
            decimals=2,
            driver="value",
            tip="Quarters new capacity takes to reach full use (1: at once); refreshes do "
            "not ramp.",
        ),
        Field(
            "revenue.seasonality",
            "Seasonality",
            NO_UNIT,
            kind="list",
            tip="Demand factors of calendar quarters Q1..Q4, normalised to average 1.",
        ),
        Field(
            "revenue.seasonality.*",
            "Seasonal factor, Q",
            NO_UNIT,
            0.5,
            1.5,
            ui_low=0.5,
            ui_high=1.5,
            step=0.01,
            decimals=3,
            driver="season",
            tip="Demand in this calendar quarter relative to the average quarter.",
        ),
        Field("history", "History", kind="section", tip="Capex in the quarters before the start."),
        Field(
            "history.capex",
            "Capex before the start",
            MONEY_PER_QUARTER,
            kind="map",
            tip="Reported capex by quarter, up to the quarter before the start.",
        ),
        Field(
            "history.capex.*",
            "Capex in quarter",
            MONEY_PER_QUARTER,
            0.0,
            lim.MAX_AMOUNT,
            ui_high=200.0,
            step=0.5,
            decimals=2,
            tip="Capex in this quarter before the start (split by the category shares).",
        ),
        Field(
            "history.source",
            "Source of the history",
            kind="text",
            tip="Where the figures come from.",
        ),
        Field("capacity", "Capacity", kind="section", tip="Existing capacity and refresh."),
        Field(
            "capacity.existing",
            "Existing capacity",
            kind="choice",
            tip="held_flat: kept up outside the model at no cost (version 1). ages: the "
            "company's own vintages, which retire, are refreshed and cost money.",
        ),
        Field(
            "capacity.refresh",
            "Refresh retiring capacity",
            kind="bool",
            tip="Replace capacity-adding assets at the end of their economic life, at the "
            "price compute has then.",
        ),
        _pct(
            "capacity.refresh_share",
            "Share refreshed",
            "Share of the retiring capacity that is replaced (when refresh is on).",
            driver="value",
        ),
        _pct(
            "economics.core_margin",
            "Core margin",
            "Cash margin on core (non-AI) revenue.",
            low=-1.0,
            ui_low=-1.0,
            driver="value",
        ),
        Field(
            "economics.fixed_cost",
            "Fixed cost",
            Unit("% of capacity/yr", 100.0),
            0.0,
            lim.MAX_FIXED_COST,
            ui_high=0.5,
            step=0.5,
            decimals=1,
            driver="value",
            tip="Yearly cost of power, space and operations per unit of installed annual "
            "revenue capacity: idle capacity costs this too.",
        ),
        _pct(
            "economics.attribution",
            "Core growth attributed",
            "Share of core (non-AI) growth that needs the programme: without it, core grows "
            "at (1 - this) times the rates.",
            driver="value",
        ),
        Field("economics.terminal", "Terminal value", kind="section", tip="Value at the horizon."),
        Field(
            "economics.terminal.method",
            "Terminal value",
            kind="choice",
            tip="none; book (net book value); gordon (growing perpetuity on the normalised "
            "FCF of the last years); multiple (EV/EBITDA on the last four quarters).",
        ),
        Field(
            "economics.terminal.growth",
            "Perpetuity growth",
            PERCENT,
            lim.MIN_TERMINAL_GROWTH,
            math.inf,
            ui_low=-0.2,
            ui_high=0.1,
            step=0.25,
            decimals=2,
            driver="value",
            tip="Yearly growth of the FCF after the horizon (gordon); at least 0.5 points "
            "below the discount rate.",
        ),
        Field(
            "economics.terminal.years",
            "Years averaged",
            YEARS,
            1,
            lim.MAX_TERMINAL_YEARS,
            ui_low=1,
            ui_high=10,
            step=1,
            decimals=0,
            integer=True,
            tip="Years of FCF averaged into the normalised FCF (gordon), so refresh cycles do "
            "not make it lumpy.",
        ),
        Field(
            "economics.terminal.multiple",
            "EV/EBITDA multiple",
            RATIO,
            0.0,
            lim.MAX_MULTIPLE,
            ui_high=30.0,
            step=0.5,
            decimals=1,
            driver="value",
            tip="Value at the horizon as this multiple of the last four quarters' EBITDA.",
        ),
        Field("calibration", "Calibration", kind="section", tip="Fit set, priors, noise."),
        Field("uncertainty", "Uncertainty", kind="section", tip="The Monte Carlo section."),
        Field("actuals", "Reported actuals", kind="section", tip="Reported quarters."),
        Field("snapshots", "Snapshots", kind="section", tip="Named copies of the assumptions."),
    )
}


def key(path: str) -> str:
    """The table key of a path: indexes replaced by ``*`` (``program.categories.*.share``)."""
    return _INDEX.sub(".*", path)


def field(path: str) -> Field:
    """The field of a path (KeyError when the scenario has no such input)."""
    return FIELDS[key(path)]


def find(path: str) -> Field | None:
    """The field of a path, or None."""
    return FIELDS.get(key(path))


def label(path: str) -> str:
    """A reader's name for a path; list items get their number (``AI growth, year 2``)."""
    f = find(path)
    if f is None:
        return path
    last = path.rsplit(".", 1)[-1]
    if f.path.endswith(".*") and last.isdigit():
        return f"{f.label} {int(last) + 1}"
    return f.label


def driver_paths() -> tuple[str, ...]:
    """The table keys of every driver, in table order."""
    return tuple(f.path for f in FIELDS.values() if f.driver is not None)


def is_driver_path(path: str) -> bool:
    """Whether ``path`` names a driver in some scenario (category index unchecked)."""
    f = find(path)
    return f is not None and f.driver is not None
