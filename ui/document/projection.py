"""The projection of the active scenario: its result, reported overlays and money unit.

A :class:`Projection` follows a document (the workspace's
:class:`~ui.document.workspace.ActiveDocument`, or one
:class:`~ui.document.document.ScenarioDocument`). When the document's scenario or the
chosen money unit changes it runs the model once (through a :class:`ResultCache`,
so a scenario seen before is not simulated again), lays out the reported actuals
for the charts, and emits ``changed`` once. An equal scenario and an equal money
unit emit nothing. The KPI strip, the charts and the analysis views read
``result``, ``reported`` and ``money`` from it instead of being handed them.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QObject, Signal

from simulator import Result, Scenario, simulate
from simulator.units import Money
from ui.charts.reported import Reported, reported

CACHE_SIZE = 16


class ResultCache:
    """The last :data:`CACHE_SIZE` results, by scenario value (Scenario is hashable)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._results: OrderedDict[Scenario, Result] = OrderedDict()
        self.misses = 0

    def result(self, scenario: Scenario) -> Result:
        """``simulate(scenario)``, run only when this value is not kept."""
        found = self._results.get(scenario)
        if found is None:
            self.misses += 1
            found = simulate(scenario)
            self._results[scenario] = found
            if len(self._results) > self.size:
                self._results.popitem(last=False)
        else:
            self._results.move_to_end(scenario)
        return found

    def __len__(self) -> int:
        return len(self._results)


def money_of(scenario: Scenario, in_usd: bool) -> Money:
    """The money unit of ``scenario``: its currency, or USD at its FX rate."""
    return Money.of(scenario.currency, scenario.usd_fx, in_usd and scenario.currency != "USD")


class Projection(QObject):
    """The current result of ``document``'s scenario; ``changed`` when it (or money) changes."""

    changed = Signal()

    def __init__(
        self, document: Any, cache: ResultCache | None = None, parent: QObject | None = None
    ) -> None:
        """Follow ``document`` (anything with a ``scenario`` and a ``changed`` signal)."""
        super().__init__(parent)
        self.document = document
        self.cache = cache if cache is not None else ResultCache()
        self._in_usd = False
        self._scenario: Scenario = document.scenario
        self._result = self.cache.result(self._scenario)
        self._reported = reported(self._scenario)
        self._money = money_of(self._scenario, False)
        document.changed.connect(self._follow)

    @property
    def scenario(self) -> Scenario:
        """The scenario projected."""
        return self._scenario

    @property
    def result(self) -> Result:
        """The model's result for :attr:`scenario`."""
        return self._result

    @property
    def reported(self) -> Reported:
        """The scenario's reported actuals, laid out for the charts."""
        return self._reported

    @property
    def money(self) -> Money:
        """How money is shown: the scenario's currency, or USD."""
        return self._money

    @property
    def in_usd(self) -> bool:
        """Whether amounts are shown in US dollars (when the currency is not USD)."""
        return self._in_usd

    def currencies(self) -> list[str]:
        """What money can be shown in: the scenario's currency and USD (once)."""
        code = self._scenario.currency
        return [code, "USD"] if code != "USD" else ["USD"]

    def set_in_usd(self, on: bool) -> None:
        """Show amounts in US dollars (True) or the scenario's currency."""
        self._in_usd = bool(on)
        self._update(self._scenario)

    def _follow(self, *_: object) -> None:
        self._update(self.document.scenario)

    def _update(self, scenario: Scenario) -> None:
        money = money_of(scenario, self._in_usd)
        if scenario == self._scenario and money == self._money:
            return
        old = self._scenario
        if scenario != old:
            self._result = self.cache.result(scenario)
            if (scenario.actuals, scenario.first_period, scenario.quarters) != (
                old.actuals,
                old.first_period,
                old.quarters,
            ):
                self._reported = reported(scenario)
        self._scenario, self._money = scenario, money
        self.changed.emit()
