"""How the comparison names scenarios, marks their colour and shows their money.

Scenarios of one currency and FX rate are shown in it (or all in USD when the
switch says so). Scenarios of different currencies or rates are all shown in USD,
each at its own rate; :func:`in_money` and :func:`rows_in_money` only rescale what
the model returned, for widgets that take a single :class:`Money`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from simulator.analysis.compare import KpiRow
from simulator.analysis.montecarlo import MonteCarloResult
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.common.format import is_money

USD = Money(1.0, "bn USD")
MIXED_NOTE = (
    "These scenarios use different currencies or FX rates: every amount is shown in "
    "USD, each scenario at its own rate."
)


def one_currency(scenarios: Sequence[Scenario]) -> bool:
    """Whether every scenario has the first one's currency and FX rate."""
    return len({(s.currency, s.usd_fx) for s in scenarios}) <= 1


def compare_money(scenarios: Sequence[Scenario], in_usd: bool) -> list[Money]:
    """Each scenario's money: as chosen when they share a currency, else USD."""
    usd = in_usd or not one_currency(scenarios)
    return [Money.of(s.currency, s.usd_fx, usd) for s in scenarios]


def common_money(moneys: Sequence[Money]) -> Money:
    """The one money for widgets showing all scenarios (values rescaled when they differ)."""
    return moneys[0] if len(set(moneys)) == 1 else USD


def rows_in_money(rows: Sequence[KpiRow], moneys: Sequence[Money]) -> tuple[KpiRow, ...]:
    """``rows`` with each scenario's amounts times its money's factor (for :data:`USD`)."""
    if len(set(moneys)) == 1:
        return tuple(rows)
    return tuple(
        KpiRow(r.key, tuple(_scaled(v, r.key, m) for v, m in zip(r.values, moneys, strict=True)))
        for r in rows
    )


def in_money(mc: MonteCarloResult, money: Money) -> MonteCarloResult:
    """``mc`` with its amounts (bands, money metrics) times ``money.factor``."""
    return dataclasses.replace(
        mc,
        bands={k: v * money.factor for k, v in mc.bands.items()},
        metrics={k: v * _factor(k, money) for k, v in mc.metrics.items()},
    )


def _factor(key: str, money: Money) -> float:
    return money.factor if is_money(key) else 1.0


def _scaled(value: float | None, key: str, money: Money) -> float | None:
    return None if value is None else value * _factor(key, money)


def unique_names(names: Sequence[str]) -> list[str]:
    """``names`` with repeats told apart: "Base", "Base [2]"."""
    counts = Counter(names)
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(f"{name} [{seen[name]}]" if counts[name] > 1 and seen[name] > 1 else name)
    return out


def short_names(names: Sequence[str]) -> list[str]:
    """What tells ``names`` apart: "bull" of "Alibaba 2025 plan (bull)" next to "(base)"."""
    words = [n.split() for n in names]
    common = 0
    while all(len(w) > common + 1 for w in words) and len({w[common] for w in words}) == 1:
        common += 1
    rest = [" ".join(w[common:]) for w in words]
    return [r[1:-1] if r.startswith("(") and r.endswith(")") else r for r in rest]


def swatch(color: str | None, size: int = 12) -> QIcon:
    """A small square filled with ``color`` (a scenario's mark), or hollow grey for None."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor(color).darker(140) if color else QColor("#b0b7bd"))
    painter.setBrush(QColor(color) if color else Qt.BrushStyle.NoBrush)
    painter.drawRect(1, 1, size - 3, size - 3)
    painter.end()
    return QIcon(pixmap)
