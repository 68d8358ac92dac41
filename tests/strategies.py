"""Hypothesis strategies and random generators of valid scenario documents."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from conftest import MODEL_EXAMPLE
from hypothesis import strategies as st


def _floats(lo: float, hi: float, **kw: Any) -> st.SearchStrategy[float]:
    """Finite, non-subnormal floats in [lo, hi]."""
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False, **kw)


def _normalised(weights: list[float]) -> list[float]:
    """Scale non-negative weights to shares summing to 1 (within 1e-12)."""
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] + [0.0] * (len(weights) - 1), 1.0
    shares = [w / total for w in weights]
    assert abs(sum(shares) - 1.0) <= 1e-12
    return shares


WEIGHTS = st.one_of(st.just(0.0), _floats(0.01, 1.0))
GROWTH = st.lists(_floats(-0.5, 3.0, exclude_min=True, exclude_max=True), min_size=1, max_size=8)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a valid random scenario document (1-5 categories, 1-10 programme years)."""
    n_categories = draw(st.integers(1, 5))
    names = [f"Category {k}" for k in range(n_categories)]
    shares = _normalised(draw(st.lists(WEIGHTS, min_size=n_categories, max_size=n_categories)))
    categories = [
        {
            "name": name,
            "share": share,
            "life_years": draw(_floats(0.2, 30.0)),
            "lag_quarters": draw(st.integers(0, 12)),
            "adds_capacity": draw(st.booleans()),
        }
        for name, share in zip(names, shares, strict=True)
    ]
    split = _normalised(draw(st.lists(WEIGHTS, min_size=1, max_size=10)))
    return {
        "format": "capex-scenario",
        "version": 1,
        "name": "random",
        "currency": "CNY",
        "usd_fx": 7.17,
        "start": f"{draw(st.integers(2000, 2090))}Q{draw(st.integers(1, 4))}",
        "horizon_years": draw(st.integers(1, 15)),
        "program": {
            "total_capex": draw(st.one_of(st.just(0.0), _floats(1e-6, 1000.0))),
            "year_split": split,
            "categories": categories,
        },
        "revenue": {
            "base_quarterly": draw(_floats(0.0, 100.0)),
            "ai_share": draw(_floats(0.0, 1.0)),
            "core_growth": draw(GROWTH),
            "ai_growth": draw(GROWTH),
            "capacity_constrained": draw(st.booleans()),
            "yield": draw(_floats(0.0, 2.0)),
            "price_decline": draw(_floats(0.0, 0.5)),
        },
        "economics": {
            "ebitda_margin": draw(_floats(-0.5, 1.0)),
            "tax_rate": draw(_floats(0.0, 0.5)),
            "discount_rate": draw(_floats(-0.05, 0.3)),
            "residual_value": draw(st.booleans()),
        },
    }


def random_variant(rng: np.random.Generator) -> dict[str, Any]:
    """Return BASE with every numeric and boolean input drawn at random (same H and K)."""
    doc = copy.deepcopy(MODEL_EXAMPLE)
    program, revenue, economics = doc["program"], doc["revenue"], doc["economics"]
    program["total_capex"] = float(rng.uniform(0, 1000))
    program["year_split"] = list(rng.dirichlet(np.ones(3)))
    for cat, share in zip(program["categories"], rng.dirichlet(np.ones(3)), strict=True):
        cat["share"] = float(share)
        cat["life_years"] = float(rng.uniform(0.2, 30))
        cat["lag_quarters"] = int(rng.integers(0, 13))
        cat["adds_capacity"] = bool(rng.integers(0, 2))
    revenue["base_quarterly"] = float(rng.uniform(0, 100))
    revenue["ai_share"] = float(rng.uniform(0, 1))
    revenue["core_growth"] = [float(g) for g in rng.uniform(-0.5, 3, 4)]
    revenue["ai_growth"] = [float(g) for g in rng.uniform(-0.5, 3, 6)]
    revenue["capacity_constrained"] = bool(rng.integers(0, 2))
    revenue["yield"] = float(rng.uniform(0, 2))
    revenue["price_decline"] = float(rng.uniform(0, 0.5))
    economics["ebitda_margin"] = float(rng.uniform(-0.5, 1))
    economics["tax_rate"] = float(rng.uniform(0, 0.5))
    economics["discount_rate"] = float(rng.uniform(-0.05, 0.3))
    economics["residual_value"] = bool(rng.integers(0, 2))
    return doc
