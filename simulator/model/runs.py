"""One run of the company: capacity, revenue, costs and cash (docs/model.md section 6).

Two runs are made from one scenario: *with* the programme (history and programme
spend) and *without* it (history only, core growth times 1 - attribution). Their
difference is the programme (:mod:`simulator.model.engine`). Arrays are (N, T).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.model.fleet import Fleet
from simulator.model.inputs import Inputs

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Spent:
    """What a spend series gives, (N, T) each: capacity (revenue per quarter), capacity
    capex in service, refresh spend, depreciation, and the spend itself."""

    spend: FloatArray
    capacity: FloatArray
    base: FloatArray
    refresh: FloatArray
    depreciation: FloatArray

    def __add__(self, other: Spent) -> Spent:
        return Spent(*(a + b for a, b in zip(self._parts(), other._parts(), strict=True)))

    def _parts(self) -> tuple[FloatArray, ...]:
        return (self.spend, self.capacity, self.base, self.refresh, self.depreciation)


@dataclass(frozen=True)
class Run:
    """The columns of one run (section 6), (N, T) each."""

    capex: FloatArray  # all capex: spend plus refresh
    refresh_capex: FloatArray
    depreciation: FloatArray
    capacity: FloatArray
    ai_served: FloatArray  # A: AI demand served on capacity
    core_revenue: FloatArray
    ai_revenue: FloatArray
    cloud_revenue: FloatArray
    ebitda: FloatArray
    ebit: FloatArray
    tax: FloatArray
    nopat: FloatArray
    fcf: FloatArray

    def column(self, name: str) -> FloatArray:
        """The run's column ``name``."""
        return getattr(self, name)


RUN_COLUMNS: tuple[str, ...] = tuple(Run.__dataclass_fields__)
"""The columns each run exports, prefixed ``with_`` and ``without_``."""


def run(x: Inputs, spent: Spent, existing: Fleet, core: FloatArray, ai_demand: FloatArray) -> Run:
    """The run with ``spent`` (its own vintages) on top of the ``existing`` fleet."""
    capacity = spent.capacity + existing.capacity
    served = np.minimum(ai_demand, capacity)
    ai = np.where(x.capacity_constrained[:, None], served, ai_demand)
    refresh = spent.refresh + existing.refresh
    depreciation = spent.depreciation + existing.depreciation
    costed = capacity - existing.free
    ebitda = (
        x.ebitda_margin[:, None] * served
        + x.core_margin[:, None] * core
        - x.fixed_cost[:, None] * costed
    )
    ebit = ebitda - depreciation
    tax = x.tax_rate[:, None] * ebit
    nopat = ebit - tax
    capex = spent.spend + refresh
    return Run(
        capex=capex,
        refresh_capex=refresh,
        depreciation=depreciation,
        capacity=capacity,
        ai_served=served,
        core_revenue=core,
        ai_revenue=ai,
        cloud_revenue=core + ai,
        ebitda=ebitda,
        ebit=ebit,
        tax=tax,
        nopat=nopat,
        fcf=nopat + depreciation - capex,
    )
