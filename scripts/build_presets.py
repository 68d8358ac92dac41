"""Build the four preset scenarios: assumptions and priors here, fitted values from the data.

Each preset is written from a specification (its assumptions, with the reason for each)
and then calibrated with model version 2 on Alibaba's reported quarters (FACTS.md): the
fitted values and their standard errors go into the file and its notes. Run it again
after changing the model or an assumption:

    .venv/bin/python scripts/build_presets.py            # rewrite resources/scenarios/
    .venv/bin/python scripts/build_presets.py --check    # exit 1 if a file would change
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator import Scenario, simulate  # noqa: E402
from simulator.analysis.calibration import Calibration, calibrate  # noqa: E402
from simulator.scenario.files import scenario_json  # noqa: E402
from simulator.scenario.presets import PRESET_DIR  # noqa: E402

CATEGORIES = [
    {"name": "Servers & accelerators", "share": 0.55, "life_years": 5.0,
     "economic_life_years": None, "lag_quarters": 1, "adds_capacity": True},
    {"name": "Network & storage", "share": 0.10, "life_years": 6.0,
     "economic_life_years": None, "lag_quarters": 1, "adds_capacity": True},
    {"name": "Data centres & power", "share": 0.35, "life_years": 25.0,
     "economic_life_years": None, "lag_quarters": 4, "adds_capacity": False},
]  # fmt: skip

HISTORY = {
    "capex": {"2024Q2": 12.1, "2024Q3": 17.0, "2024Q4": 31.8},
    "source": "Alibaba group capex, bn yuan per quarter (FACTS.md): Jun-24 about 12.1 "
    "(derived), Sep-24 about 17 (derived), Dec-24 31.8. Group capex is entered whole: "
    "about 120 of the 126 bn of the twelve months to Sep-25 went to AI and cloud.",
}

ACTUALS = {
    "cloud_revenue": {
        "source": "Alibaba Cloud Intelligence Group quarterly revenue, bn yuan, calendar "
        "quarters (FACTS.md): Sep-23 27.65, Dec-23 28.07, Jun-24 about 26.55 (derived), "
        "Sep-24 29.61, Dec-24 31.74, Mar-25 about 30.1 (derived from +18% YoY), Jun-25 "
        "33.40, Sep-25 39.82, Dec-25 about 43.2 (derived from +36% YoY), Mar-26 41.6.",
        "values": {
            "2023Q3": 27.65,
            "2023Q4": 28.07,
            "2024Q2": 26.55,
            "2024Q3": 29.61,
            "2024Q4": 31.74,
            "2025Q1": 30.1,
            "2025Q2": 33.40,
            "2025Q3": 39.82,
            "2025Q4": 43.2,
            "2026Q1": 41.6,
        },
        "derived": ["2024Q2", "2025Q1", "2025Q4"],
    },
    "capex": {
        "source": "Alibaba group capex, bn yuan per quarter (FACTS.md): Mar-25 about 24.6 "
        "(derived), Jun-25 38.68, Sep-25 31.5. Group capex includes spend outside the "
        "programme; the plan's even split is compared with it, not replaced by it.",
        "values": {"2025Q1": 24.6, "2025Q2": 38.68, "2025Q3": 31.5},
        "derived": ["2025Q1"],
    },
    "facts": [
        {
            "quarter": "2025Q3",
            "ratio": ["ai_revenue", "cloud_revenue"],
            "at_least": 0.15,
            "source": "AI-related revenue was over 20% of external-customer cloud revenue by "
            "Sep-25 (FACTS.md); external customers are most but not all of cloud revenue, "
            "so at least 15% of all of it.",
        },
        {
            "quarter": "2026Q1",
            "ratio": ["ai_revenue", "cloud_revenue"],
            "at_least": 0.30,
            "source": "AI-related revenue reported above 30% of cloud revenue by Mar-26 "
            "(FACTS.md, secondary source).",
        },
    ],
}

FIT = [
    "revenue.yield",
    "revenue.ramp_quarters",
    "revenue.seasonality",
    "revenue.ai_share",
    "revenue.ai_growth.0",
    "revenue.core_growth.0",
    "revenue.base_quarterly",
]

PRIORS = {
    "revenue.yield": {
        "value": 0.55,
        "sd": 0.2,
        "source": "FACTS.md: about 0.34 of added annualised cloud revenue per yuan of all "
        "capex (twelve months to Sep-25) / 0.65 capacity share = 0.52, a little more once "
        "in service",
    },
    "revenue.ramp_quarters": {
        "value": 2.0,
        "sd": 1.5,
        "source": "assumption: new clusters fill within about half a year",
    },
    "revenue.seasonality": {
        "value": 1.0,
        "sd": 0.05,
        "source": "FACTS.md: the March quarters fell 4-5% from the December quarters "
        "(Mar-25 5.2% below Dec-24, Mar-26 3.7% below Dec-25)",
    },
    "revenue.ai_share": {
        "value": 0.08,
        "sd": 0.04,
        "source": "assumption: AI below 10% of cloud revenue in early 2024, after triple-digit "
        "growth for six quarters it passed 20% of external revenue by Sep-25 (FACTS.md)",
    },
    "revenue.ai_growth.0": {
        "value": 2.0,
        "sd": 1.0,
        "source": "FACTS.md: AI-related products grew at triple digits year on year for a "
        "sixth straight quarter (Dec-24)",
    },
    "revenue.core_growth.0": {
        "value": 0.05,
        "sd": 0.03,
        "source": "assumption: non-AI cloud growing in single digits (total cloud +6-7% in "
        "mid 2024, FACTS.md, when AI was still small)",
    },
    "revenue.base_quarterly": {
        "value": 25.5,
        "sd": 0.5,
        "source": "derived: Mar-25 about 30.1 at +18% YoY gives Mar-24 about 25.5 (FACTS.md)",
    },
}


def base_document() -> dict[str, Any]:
    """The base case: the assumptions every preset starts from."""
    return {
        "format": "capex-scenario",
        "version": 2,
        "name": "Alibaba 2025 plan (base)",
        "currency": "CNY",
        "usd_fx": 7.17,
        "start": "2025Q1",
        "horizon_years": 10,
        "history": copy.deepcopy(HISTORY),
        "program": {
            "total_capex": 380.0,
            "year_split": [0.33, 0.33, 0.34],
            "categories": copy.deepcopy(CATEGORIES),
        },
        "revenue": {
            "base_quarterly": 25.5,
            "ai_share": 0.08,
            "core_growth": [0.05, 0.05, 0.05, 0.04],
            "ai_growth": [2.0, 1.0, 0.6, 0.4, 0.25, 0.15],
            "capacity_constrained": True,
            "yield": 0.55,
            "price_decline": 0.10,
            "ramp_quarters": 2.0,
            "seasonality": [1.0, 1.0, 1.0, 1.0],
        },
        "capacity": {"existing": "ages", "refresh": True, "refresh_share": 1.0},
        "economics": {
            "ebitda_margin": 0.70,
            "core_margin": 0.25,
            "fixed_cost": 0.15,
            "attribution": 0.0,
            "tax_rate": 0.15,
            "discount_rate": 0.10,
            "terminal": {"method": "gordon", "growth": -0.10, "years": 5, "multiple": 8.0},
        },
        "calibration": {
            "fit": list(FIT),
            "noise": 0.03,
            "weight": 1.0,
            "priors": copy.deepcopy(PRIORS),
        },
        "actuals": copy.deepcopy(ACTUALS),
    }


def uncertainty(fitted_yield: float, decline: float, margin: float) -> dict[str, Any]:
    """Ranges for the main assumptions (seed 2025, 10,000 paths), centred on the case."""
    return {
        "seed": 2025,
        "paths": 10000,
        "inputs": {
            "program.total_capex": {"dist": "triangular", "low": 380, "mode": 400, "high": 480},
            "program.categories.0.economic_life_years": {
                "dist": "discrete",
                "values": [4, 5, 6],
                "weights": [1, 2, 1],
            },
            "revenue.ai_growth": {"dist": "normal", "mean": 0.0, "sd": 0.15},
            "revenue.core_growth": {"dist": "normal", "mean": 0.0, "sd": 0.03},
            "revenue.yield": {
                "dist": "triangular",
                "low": round(0.75 * fitted_yield, 3),
                "mode": round(fitted_yield, 3),
                "high": round(1.3 * fitted_yield, 3),
            },
            "revenue.ramp_quarters": {"dist": "uniform", "low": 1.0, "high": 4.0},
            "revenue.price_decline": {
                "dist": "triangular",
                "low": round(decline - 0.05, 3),
                "mode": decline,
                "high": round(decline + 0.08, 3),
            },
            "economics.ebitda_margin": {
                "dist": "triangular",
                "low": round(margin - 0.1, 3),
                "mode": margin,
                "high": round(margin + 0.05, 3),
            },
            "economics.fixed_cost": {"dist": "triangular", "low": 0.08, "mode": 0.15, "high": 0.25},
            "economics.attribution": {"dist": "triangular", "low": 0.0, "mode": 0.0, "high": 0.3},
        },
        "correlations": [
            {"between": ["revenue.ai_growth", "revenue.core_growth"], "rank": 0.5},
            {"between": ["revenue.price_decline", "revenue.yield"], "rank": -0.3},
        ],
    }


def variant(name: str, changes: dict[str, Any], yield_prior: float = 0.55) -> dict[str, Any]:
    """The base document with ``changes`` (dotted paths), another name and yield prior."""
    from simulator.scenario.paths import set_path

    doc = base_document()
    doc["name"] = name
    for path, value in changes.items():
        set_path(doc, path, copy.deepcopy(value))
    doc["calibration"]["priors"]["revenue.yield"]["value"] = yield_prior
    doc["revenue"]["yield"] = yield_prior
    return doc


BULL = {
    "revenue.price_decline": 0.07,
    "revenue.ai_growth": [2.0, 1.3, 0.8, 0.5, 0.35, 0.25],
    "revenue.core_growth": [0.06, 0.07, 0.07, 0.06],
    "economics.ebitda_margin": 0.75,
    "economics.fixed_cost": 0.10,
    "economics.attribution": 0.3,
    "economics.terminal.growth": -0.05,
}
BEAR = {
    "revenue.price_decline": 0.15,
    "revenue.ai_growth": [2.0, 0.5, 0.2, 0.1, 0.05, 0.03],
    "revenue.core_growth": [0.04, 0.03, 0.03, 0.02],
    "program.categories.0.economic_life_years": 4.0,
    "economics.ebitda_margin": 0.65,
    "economics.fixed_cost": 0.20,
    "economics.terminal.growth": -0.15,
}
BEYOND = {
    "program.total_capex": 480.0,
    "program.year_split": [0.25, 0.25, 0.25, 0.25],
    "revenue.ai_growth": [2.0, 1.1, 0.7, 0.45, 0.3, 0.2],
}


PRESETS: dict[str, tuple[dict[str, Any], str, list[str]]] = {
    "alibaba-2025-base": (
        variant("Alibaba 2025 plan (base)", {}),
        "Base case: Alibaba pledged more than 380 bn yuan (about 53 bn USD) for cloud and AI "
        "hardware infrastructure over the next three years, more than its cloud and AI "
        "spending of the past decade (Xinhua, 24 Feb 2025). total_capex 380 takes the "
        "pledged floor.",
        [
            "AI margin 70% on AI revenue served, less a fixed cost of 15% a year of installed "
            "annual capacity: at full use that is the 55% cash margin of the version 1 preset; "
            "idle capacity costs money (assumption).",
            "Core margin 25%: cash margin of the non-AI business; it only matters for the "
            "attribution (0 here) and the company-level EBIT margin (assumption).",
            "Price decline 10% a year: compute gets cheaper as hardware improves and "
            "competition on price continues (H100 rentals about 2.35 USD/hour in Mar-26, "
            "FACTS.md) (assumption).",
            "AI demand growth after the fitted first year 100%, 60%, 40%, 25%, then 15%; "
            "core growth 5% fading to 4% (assumptions). With these rates demand outgrows "
            "the capacity from late 2026 (supply-bound).",
            "Refresh on, all retiring capacity replaced: the company keeps its fleet "
            "(a going concern); existing capacity 'ages': the AI capacity in place before "
            "Jun-24 retires and is refreshed in both runs (modelling choices).",
            "Terminal value: a perpetuity on the last five years' average FCF (one server "
            "cycle, so refresh spend is averaged in), shrinking 10% a year: the refreshed "
            "fleet keeps its compute, whose revenue falls with compute prices (assumption).",
            "Attribution 0: no core growth is credited to the programme (assumption).",
        ],
    ),
    "alibaba-2025-bull": (
        variant("Alibaba 2025 plan (bull)", BULL, yield_prior=0.65),
        "Bull case: the same 380 bn yuan over three years (Xinhua, 24 Feb 2025), with "
        "stronger AI demand, firmer prices and better unit economics.",
        [
            "Yield prior 0.65 (base 0.55): better-used clusters; the fit moves it with the data.",
            "AI margin 75%, fixed cost 10% of installed capacity (assumptions).",
            "Price decline 7% a year: demand keeps rentals firm (assumption; H100 about "
            "2.35 USD/hour against a 1.65 break-even in Mar-26, FACTS.md).",
            "AI demand growth 130%, 80%, 50%, 35%, then 25%; core growth 6-7% (assumptions).",
            "Attribution 30%: 30% of core growth needs the programme (customers come for AI "
            "and stay for the rest; assumption).",
            "Terminal value: perpetuity on five years' average FCF shrinking 5% a year "
            "(assumption).",
        ],
    ),
    "alibaba-2025-bear": (
        variant("Alibaba 2025 plan (bear)", BEAR, yield_prior=0.50),
        "Bear case: the same 380 bn yuan over three years (Xinhua, 24 Feb 2025), with demand "
        "that stalls after 2025, falling prices and shorter-lived servers.",
        [
            "Yield prior 0.50 (base 0.55); the fit moves it with the data.",
            "AI margin 65%, fixed cost 20% of installed capacity (assumptions).",
            "Price decline 15% a year: an H100 rented for about 2.35 USD/hour in Mar-26 and "
            "below about 1.65 does not recover its cost (FACTS.md): about 30% headroom, gone "
            "in two to three years at this pace (derived).",
            "AI demand growth 50%, 20%, 10%, 5%, then 3% after the fitted first year; core "
            "growth 4% fading to 2% (assumptions): capacity idles from 2026.",
            "Servers earn for 4 years, not the 5 they are depreciated over (assumption; "
            "Amazon moved a subset of servers back to 5 years from 6 in Jan 2025, FACTS.md).",
            "Terminal value: perpetuity on five years' average FCF shrinking 15% a year, "
            "with compute prices (assumption).",
        ],
    ),
    "alibaba-beyond-380": (
        variant("Beyond 380 bn (extended plan)", BEYOND),
        "Extended plan: the 380 bn pledge (Xinhua, 24 Feb 2025) taken further, as the "
        "company signalled: in Sep 2025 it said it would add to the plan, and in Nov 2025 "
        "that 380 bn 'may be too small' (FACTS.md). Analysts' three-year estimates ranged "
        "from 360 bn to 500 bn yuan (aggressive case).",
        [
            "total_capex 480 over four years, a quarter each (assumption between the "
            "pledge and the 500 bn aggressive estimate, stretched one year).",
            "AI demand growth 110%, 70%, 45%, 30%, then 20% after the fitted first year "
            "(assumption): more demand to fill the larger programme.",
            "Everything else as in the base case.",
        ],
    ),
}


SOURCED = [
    "usd_fx 7.17: USD/CNY central parity 7.1717 on 24 Feb 2025, rounded (380 / 7.17 = 53 bn "
    "USD, derived).",
    "History: group capex Jun-24 about 12.1 (derived), Sep-24 about 17 (derived), Dec-24 "
    "31.8 bn yuan; the model runs from Jun-24 so these quarters are inputs and the reported "
    "revenue from Jun-24 on is fitted (FACTS.md).",
    "Lives: hyperscalers depreciate servers and network gear over 5-6 years (Amazon 6, a "
    "subset back to 5 from Jan 2025; Microsoft 6; Alphabet 6; Meta 5.5 from Jan 2025) and "
    "buildings over up to 25 (Alphabet) or 40 years (Amazon); here 5 / 6 / 25 (FACTS.md).",
    "Category shares 55/10/35% (servers / network / data centres): Alibaba's mix is not "
    "disclosed; Alphabet's 2025 mix was about two thirds servers and one third data centres "
    "and networking (FACTS.md); a larger site share for a provider still building.",
    "discount_rate 10%: a common sell-side hurdle of a 10% return on AI buildouts (FACTS.md).",
    "Benchmarks (FACTS.md): in the twelve months to Sep-25 capex was about 0.94x cloud revenue "
    "and each yuan of capex came with about 0.34 yuan of added annualised cloud revenue.",
    "Facts used by the fit: AI over 20% of external-customer cloud revenue by Sep-25 (at least "
    "15% of all of it) and above 30% of cloud revenue by Mar-26 (secondary source).",
]


def _money(v: float | None) -> str:
    return "n/a" if v is None else f"{v:,.1f} bn"


def fitted_lines(c: Calibration) -> list[str]:
    """One line per fitted input: value, standard error, prior."""
    lines = []
    for p, value, se in zip(c.params, c.after, c.identification.std_errors, strict=True):
        prior = f"prior {p.prior.value:g} ± {p.prior.sd:g}" if p.prior else "no prior"
        lines.append(f"{p.label} {value:.4g} ± {se:.2g} ({prior})")
    return lines


def answer(s: Scenario) -> str:
    """The programme's NPV and its parts, in plain sentences."""
    r = simulate(s).summary
    g = s.economics.terminal.growth
    flat = simulate(s.with_field("economics.terminal.growth", 0.0)).summary
    irr = "no IRR" if r["irr"] is None else f"an IRR of {100 * r['irr']:.1f}%"
    trend = f"shrinking {-100 * g:g}% a year" if g < 0 else f"growing {100 * g:g}% a year"
    payback = (
        "it does not pay back within the horizon"
        if r["payback_years"] is None
        else f"it pays back after {r['payback_years']:.2f} years"
    )
    return (
        f"What the model says (version 2): at a {100 * s.economics.discount_rate:g}% discount "
        f"rate the programme is worth {_money(r['npv'])}: {_money(r['npv_explicit'])} from the "
        f"{s.horizon_years} years {s.start[:4]}-{int(s.start[:4]) + s.horizon_years - 1} and "
        f"{_money(r['terminal_value_pv'])} from the terminal value (a perpetuity on the last "
        f"{s.economics.terminal.years} years' average FCF, {trend}). The "
        f"company is worth {_money(r['npv_with'])} with the programme and "
        f"{_money(r['npv_without'])} without it, in the same terms; the difference is the "
        f"programme. It has {irr}; {payback}; peak funding {_money(r['peak_funding'])}. With "
        f"a perpetuity that does not shrink (growth 0%) the NPV would be {_money(flat['npv'])}."
    )


def compose_notes(s: Scenario, c: Calibration, headline: str, assumptions: list[str]) -> str:
    """The preset's notes: case, sources, fitted values, assumptions, ranges, answer."""
    revenue = next(f for f in c.fits_after if f.column == "cloud_revenue")
    parts = [
        headline,
        answer(s),
        "Sourced inputs:",
        *[f"- {line}" for line in SOURCED],
        f"Fitted to the reported quarters (model version 2; cloud revenue MAPE "
        f"{100 * revenue.mape:.1f}% over {revenue.quarters[0]}-{revenue.quarters[-1]}; "
        "each fit starts from its prior; ± is one standard error):",
        *[f"- {line}" for line in fitted_lines(c)],
        *[f"- note: {w}" for w in c.warnings],
        "Assumptions (not sourced unless cited):",
        *[f"- {line}" for line in assumptions],
        "- Tax 15%: an assumed preferential rate for the programme's profits.",
        "- Lags 1/1/4 quarters: hardware goes live within a quarter of purchase; sites take "
        "about a year.",
        "Uncertainty (assumptions, for the Monte Carlo view): total capex triangular 380 / 400 / "
        "480 bn; server economic life 4, 5 or 6 years (1:2:1); AI and core growth shifted by "
        "normal amounts (sd 15 and 3 points, rank correlation 0.5); yield triangular around the "
        "fitted value (-25% / +30%); ramp-up uniform 1-4 quarters; price decline triangular "
        "(-5 / +8 points); AI margin triangular (-10 / +5 points); fixed cost triangular 8 / 15 "
        "/ 25%; attribution triangular 0 / 0 / 30%; price decline and yield rank-correlated "
        "-0.3. Seed 2025, 10,000 paths.",
    ]
    return "\n".join(parts)


def build(doc: dict[str, Any], headline: str, assumptions: list[str]) -> Scenario:
    """Calibrate ``doc`` on every reported quarter and write its ranges and notes."""
    c = calibrate(Scenario.from_dict(doc))
    s = c.scenario
    r = s.revenue
    s = s.with_field(
        "uncertainty", uncertainty(r.yield_, r.price_decline, s.economics.ebitda_margin)
    )
    return s.with_field("notes", compose_notes(s, c, headline, assumptions))


def same_values(a: object, b: object) -> bool:
    """Whether two JSON documents are equal, numbers to 1e-7 relative: the fitted values
    move within the optimiser's tolerance with the NumPy and SciPy of each Python
    (constraints.txt; about 2e-9 between Python 3.11 and 3.13)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_values(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_values(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-12)
    return a == b


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) every preset file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file would change")
    args = parser.parse_args(argv)
    changed = []
    for stem, (doc, headline, assumptions) in PRESETS.items():
        text = scenario_json(build(doc, headline, assumptions))
        path = PRESET_DIR / f"{stem}.json"
        if not same_values(json.loads(path.read_text(encoding="utf-8")), json.loads(text)):
            changed.append(path.name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    print("changed: " + (", ".join(changed) or "nothing"))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
