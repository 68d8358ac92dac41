"""Display units of inputs and outputs: a scale, a suffix and the money unit (no Qt).

A value in model units is shown as ``value * scale`` followed by the suffix. Money
amounts are in billions of the scenario's currency; :class:`Money` says whether they
are shown in that currency or converted to US dollars.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Money:
    """How money is shown: values are multiplied by ``factor``; axes say ``label``."""

    factor: float = 1.0
    label: str = "bn CNY"

    @classmethod
    def of(cls, currency: str, usd_fx: float, in_usd: bool) -> Money:
        """The scenario's currency, or USD via ``usd_fx`` (currency units per USD)."""
        if in_usd:
            return cls(1.0 / usd_fx, "bn USD")
        return cls(1.0, f"bn {currency}")

    @property
    def code(self) -> str:
        """The currency shown: ``CNY`` or ``USD``."""
        return self.label.rsplit(" ", 1)[-1]


@dataclass(frozen=True)
class Unit:
    """Display = value * ``scale`` (times the money factor for money) and ``suffix``.

    ``{currency}`` in the suffix is filled in with the currency shown.
    """

    suffix: str = ""
    scale: float = 1.0
    money: bool = False

    def factor(self, money: Money | None = None) -> float:
        """Model units -> display units."""
        return self.scale * (money.factor if self.money and money is not None else 1.0)

    def label(self, money: Money | None = None) -> str:
        """The suffix with the currency filled in: ``bn CNY``, ``%``, ``years``."""
        return self.suffix.format(currency=(money or Money()).code)

    def text(
        self, value: float, decimals: int, money: Money | None = None, signed: bool = False
    ) -> str:
        """``value`` (model units) with its unit: ``380.0 bn CNY``, ``15.0 %``."""
        number = number_text(value * self.factor(money), decimals, signed)
        return f"{number} {self.label(money)}".strip()


MONEY = Unit("bn {currency}", money=True)
MONEY_PER_QUARTER = Unit("bn {currency}/qtr", money=True)
PERCENT = Unit("%", 100.0)
POINTS = Unit("pp", 100.0)
YEARS = Unit("years")
QUARTERS = Unit("qtrs")
PER_YEAR = Unit("/yr")
PER_USD = Unit("per USD")
RATIO = Unit("x")
NO_UNIT = Unit("")


def number_text(shown: float, decimals: int, signed: bool = False) -> str:
    """A number already in display units, with thousands separators and no ``-0.0``."""
    text = f"{shown:{'+' if signed else ''},.{decimals}f}"
    if text.lstrip("+-").strip("0.,") == "":
        text = text.lstrip("+-")
    return text
