"""The KPI strip: the programme's key figures, each with its unit.

Labels, tooltips, units, decimals and the text of an undefined value all come from
the metric table (:data:`simulator.model.outputs.METRICS`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from simulator.model.outputs import METRICS
from simulator.units import Money

KPIS: tuple[str, ...] = (
    "total_capex",
    "npv",
    "irr",
    "payback_years",
    "discounted_payback_years",
    "revenue_crossover_years",
    "peak_funding",
)
"""The metrics the strip shows, left to right."""


class KpiStrip(QFrame):
    """One caption and one value label per KPI; value labels are named ``kpi.<key>``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_strip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(0)
        for col, key in enumerate(KPIS):
            metric = METRICS[key]
            caption = QLabel(metric.label)
            caption.setWordWrap(True)
            caption.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
            value = QLabel("–")
            value.setObjectName(f"kpi.{key}")
            value.setStyleSheet("font-size: 15px; font-weight: 600;")
            value.setWordWrap(True)  # "never within horizon" folds in a narrow window
            for label in (caption, value):
                label.setToolTip(metric.tip)
            grid.addWidget(caption, 0, col)
            grid.addWidget(value, 1, col)
            grid.setColumnStretch(col, 1)
            self.values[key] = value

    def set_summary(self, summary: dict[str, Any], money: Money) -> None:
        """Show the summary's KPIs with money in ``money``'s unit."""
        for key, label in self.values.items():
            label.setText(METRICS[key].text(summary[key], money))
