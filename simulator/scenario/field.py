"""One input of the field table (:mod:`simulator.scenario.fields`): label, unit, range
and help of a scenario path, and how it moves as a driver."""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.units import NO_UNIT, PERCENT, Money, Unit


@dataclass(frozen=True)
class Field:
    """One input of a scenario (see :mod:`simulator.scenario.fields`)."""

    path: str
    label: str
    unit: Unit = NO_UNIT
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    ui_low: float = 0.0
    ui_high: float = 1.0
    step: float = 1.0
    decimals: int = 2
    tip: str = ""
    driver: str | None = None
    integer: bool = False
    kind: str = "number"  # number, list, bool, text, section

    @property
    def driver_label(self) -> str:
        """How the input is named as a driver: ``AI growth (shift)``."""
        extra = {"shift": " (shift)", "delay": " (delay)"}.get(self.driver or "", "")
        return ("Spend timing" if self.driver == "delay" else self.label) + extra

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the valid range."""
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def closed_range(self, nudge: float = 1e-12) -> tuple[float, float]:
        """The valid range with open ends nudged inwards (for clipping)."""
        low = self.low + nudge if self.low_open else self.low
        high = self.high - nudge if self.high_open else self.high
        return low, high

    def text(self, value: float, money: Money | None = None) -> str:
        """``value`` with its unit: ``380.0 bn CNY``, ``15.0 %``, ``5 qtrs``."""
        return self.unit.text(value, 0 if self.integer else self.decimals, money)


def percent_field(path: str, label: str, tip: str, **kw: object) -> Field:
    """A fraction shown as a percent (0..1 unless ``kw`` says otherwise)."""
    defaults: dict[str, object] = {"low": 0.0, "high": 1.0, "ui_high": 1.0, "step": 0.5}
    defaults.update(kw)
    return Field(path, label, PERCENT, tip=tip, decimals=1, **defaults)  # type: ignore[arg-type]
