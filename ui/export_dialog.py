"""Choose what to export as PNG (one chart or the dashboard) and at which size."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from simulator import Result
from ui.charts.base import Money
from ui.charts.dashboard import CHARTS, render_chart, render_dashboard

CHOICES = {
    "dashboard": "All four charts (dashboard)",
    "cumulative": "Cumulative capex vs revenue",
    "capex": "Capex and depreciation",
    "revenue": "Revenue and AI demand",
    "cash": "Free cash flow",
}


class ChartExportDialog(QDialog):
    """Which chart and how many pixels."""

    def __init__(self, parent: QWidget | None = None, current: str = "dashboard") -> None:
        super().__init__(parent)
        self.setObjectName("dialog.export_png")
        self.setWindowTitle("Export chart as PNG")
        self.which = QComboBox()
        self.which.setObjectName("export.chart")
        for key, text in CHOICES.items():
            self.which.addItem(text, key)
        self.which.setCurrentIndex(list(CHOICES).index(current))
        self.width_box = _pixels("export.width", 1600)
        self.height_box = _pixels("export.height", 1000)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Chart", self.which)
        form.addRow("Width", self.width_box)
        form.addRow("Height", self.height_box)
        form.addRow(buttons)

    def chart_name(self) -> str:
        """The chosen chart's key (``dashboard`` for all four)."""
        return str(self.which.currentData())

    def render(self, result: Result, money: Money) -> QImage:
        """The chosen chart at the chosen size."""
        w, h = self.width_box.value(), self.height_box.value()
        name = self.chart_name()
        if name in CHARTS:
            return render_chart(name, result, money, w, h)
        return render_dashboard(result, money, w, h)


def _pixels(name: str, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(200, 8000)
    box.setSingleStep(100)
    box.setValue(value)
    box.setSuffix(" px")
    return box
