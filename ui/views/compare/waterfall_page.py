"""The "NPV waterfall" page: from one checked scenario to another, chosen in two combos.

The pair defaults to the first two checked scenarios and stays chosen while both
remain checked. Fewer than two scenarios, the same one twice or two currencies
show a message instead of the chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.analysis.compare import Waterfall, npv_waterfall
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.charts.overlay import scenario_color
from ui.charts.waterfall import WaterfallChart
from ui.document.document import ScenarioDocument
from ui.views.compare.units import one_currency, swatch

FEWER_TEXT = "Check at least two scenarios to see how the NPV goes from one to the other."
SAME_TEXT = "Choose two different scenarios."
CURRENCY_TEXT = (
    "{0} and {1} use different currencies or FX rates. The waterfall applies one "
    "scenario's assumptions to the other, so both must be in one currency."
)


class WaterfallPage(QWidget):
    """Two combos (``compare.from``, ``compare.to``) and the waterfall between them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first, self.second = _combo("compare.from"), _combo("compare.to")
        self.chart = WaterfallChart()
        self.chart.getPlotItem().getViewBox().setDefaultPadding(0.08)  # room for end labels
        self.message = QLabel()
        self.message.setObjectName("compare.waterfall_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.chart)
        row = QHBoxLayout()
        for widget in (QLabel("From"), self.first, QLabel("to"), self.second):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.stack, stretch=1)
        self.docs: list[ScenarioDocument] = []
        self.names: list[str] = []
        self.scenarios: list[Scenario] = []
        self.moneys: list[Money] = []
        self.waterfall: Waterfall | None = None
        self._cache: tuple[Scenario, Scenario, Waterfall] | None = None
        self.first.currentIndexChanged.connect(self._show)
        self.second.currentIndexChanged.connect(self._show)

    def set_cases(
        self,
        docs: Sequence[ScenarioDocument],
        names: Sequence[str],
        scenarios: Sequence[Scenario],
        moneys: Sequence[Money],
    ) -> None:
        """The checked scenarios (documents, shown names, values, money each)."""
        pair = self._pair_docs()
        self.docs, self.names = list(docs), list(names)
        self.scenarios, self.moneys = list(scenarios), list(moneys)
        self._fill(pair)
        self._show()

    def _pair_docs(self) -> tuple[ScenarioDocument | None, ScenarioDocument | None]:
        def doc(i: int) -> ScenarioDocument | None:
            return self.docs[i] if 0 <= i < len(self.docs) else None

        return doc(self.first.currentIndex()), doc(self.second.currentIndex())

    def _fill(self, pair: tuple[ScenarioDocument | None, ScenarioDocument | None]) -> None:
        """List the scenarios in both combos; keep the pair while both are still there."""
        kept = all(d in self.docs for d in pair) and pair[0] is not pair[1]
        chosen = [self.docs.index(d) for d in pair] if kept else [0, 1]  # type: ignore[arg-type]
        for combo, index in zip((self.first, self.second), chosen, strict=True):
            with signals_blocked(combo):
                combo.clear()
                for i, name in enumerate(self.names):
                    combo.addItem(swatch(scenario_color(i)), name)
                combo.setCurrentIndex(min(index, combo.count() - 1))

    def _show(self) -> None:
        """The chart for the chosen pair, or why there is none."""
        a, b = self.first.currentIndex(), self.second.currentIndex()
        problem = self._problem(a, b)
        self.waterfall = None
        if problem:
            self.message.setText(problem)
            self.stack.setCurrentWidget(self.message)
            return
        self.waterfall = self._compute(self.scenarios[a], self.scenarios[b])
        self.chart.show_waterfall(self.waterfall, self.names[a], self.names[b], self.moneys[a])
        self.stack.setCurrentWidget(self.chart)

    def _problem(self, a: int, b: int) -> str:
        if len(self.docs) < 2:
            return FEWER_TEXT
        if a == b:
            return SAME_TEXT
        if not one_currency([self.scenarios[a], self.scenarios[b]]):
            return CURRENCY_TEXT.format(self.names[a], self.names[b])
        return ""

    def _compute(self, a: Scenario, b: Scenario) -> Waterfall:
        """The model's waterfall, reused while the pair's values are unchanged."""
        if self._cache is None or self._cache[0] is not a or self._cache[1] is not b:
            self._cache = (a, b, npv_waterfall(a, b))
        return self._cache[2]


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo
