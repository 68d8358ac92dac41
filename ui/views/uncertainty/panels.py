"""The Uncertainty tab's two charts, each under a "<caption> [chooser]" header.

``risk.fan_series`` picks the column of the fan chart, ``risk.metric`` the metric of
the distribution chart; both list their choices by the model's own names (column
and metric tables).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.analysis.montecarlo import MonteCarloResult
from simulator.units import Money
from ui.charts.fan import DEFAULT_SERIES, FAN_COLUMNS, FanChart
from ui.charts.histogram import HISTOGRAM_METRICS, DistributionChart
from ui.common.format import column_label, metric_label


def chart_under_chooser(panel: QWidget, caption: str, chooser: QComboBox, chart: QWidget) -> None:
    """Lay out ``panel``: the caption and ``chooser`` on top, ``chart`` filling the rest."""
    header = QHBoxLayout()
    header.addWidget(QLabel(caption))
    header.addWidget(chooser)
    header.addStretch(1)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addLayout(header)
    layout.addWidget(chart, stretch=1)


class FanPanel(QWidget):
    """The fan chart with its series chooser (``risk.fan_series``) above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = FanChart()
        self.chooser = QComboBox()
        self.chooser.setObjectName("risk.fan_series")
        self.chooser.setToolTip("The quantity whose spread over time the fan chart shows.")
        for column in FAN_COLUMNS:
            self.chooser.addItem(column_label(column), column)
        self.chooser.setCurrentIndex(list(FAN_COLUMNS).index(DEFAULT_SERIES))
        self.chooser.currentIndexChanged.connect(
            lambda _: self.chart.set_column(self.chooser.currentData())
        )
        chart_under_chooser(self, "Fan chart of", self.chooser, self.chart)

    def set_result(self, mc: MonteCarloResult, money: Money) -> None:
        """Draw ``mc`` with money shown as ``money``."""
        self.chart.set_result(mc, money)  # type: ignore[arg-type]

    def set_money(self, money: Money) -> None:
        """Show money as ``money`` (redraws the current result)."""
        if self.chart.mc is not None:
            self.chart.set_result(self.chart.mc, money)  # type: ignore[arg-type]
        self.chart.money = money


class DistributionPanel(QWidget):
    """The distribution chart with its metric chooser (``risk.metric``) above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = DistributionChart()
        self.chooser = QComboBox()
        self.chooser.setObjectName("risk.metric")
        self.chooser.setToolTip("The summary metric whose distribution over the paths is shown.")
        for key in HISTOGRAM_METRICS:
            self.chooser.addItem(metric_label(key), key)
        self.chooser.currentIndexChanged.connect(
            lambda _: self.chart.set_metric(self.chooser.currentData())
        )
        chart_under_chooser(self, "Distribution of", self.chooser, self.chart)

    def set_result(self, mc: MonteCarloResult, money: Money) -> None:
        """Draw ``mc`` with money shown as ``money``."""
        self.chart.set_result(mc, money)

    def set_money(self, money: Money) -> None:
        """Show money as ``money``."""
        self.chart.set_money(money)
