"""Choose what to export (one chart or the dashboard), as PNG or SVG, and at which size."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from simulator import Result
from ui.charts.base import Money
from ui.charts.dashboard import CHARTS, render_chart, render_dashboard
from ui.charts.reported import Reported
from ui.export.render import chart_file

CHOICES = {
    "dashboard": "All four charts (dashboard)",
    "cumulative": "Cumulative capex vs revenue",
    "capex": "Capex and depreciation",
    "revenue": "Revenue and AI demand",
    "cash": "Free cash flow",
}
FORMATS = {"png": "PNG image", "svg": "SVG (vector)"}


class ChartExportDialog(QDialog):
    """Which chart and how many pixels."""

    def __init__(self, parent: QWidget | None = None, current: str = "dashboard") -> None:
        super().__init__(parent)
        self.setObjectName("dialog.export_png")
        self.setWindowTitle("Export chart")
        self.which = QComboBox()
        self.which.setObjectName("export.chart")
        for key, text in CHOICES.items():
            self.which.addItem(text, key)
        self.which.setCurrentIndex(list(CHOICES).index(current))
        self.format = QComboBox()
        self.format.setObjectName("export.format")
        for key, text in FORMATS.items():
            self.format.addItem(text, key)
        self.width_box = _pixels("export.width", 1600)
        self.height_box = _pixels("export.height", 1000)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Chart", self.which)
        form.addRow("Format", self.format)
        form.addRow("Width", self.width_box)
        form.addRow("Height", self.height_box)
        form.addRow(buttons)

    def chart_name(self) -> str:
        """The chosen chart's key (``dashboard`` for all four)."""
        return str(self.which.currentData())

    def suffix(self) -> str:
        """The chosen format's file suffix: ``png`` or ``svg``."""
        return str(self.format.currentData())

    def export_bytes(
        self, result: Result, money: Money, trace: str, reported: Reported | None = None
    ) -> bytes:
        """The chosen chart in the chosen format and size, with the ``trace`` line shown
        in a footer and stored as metadata."""
        w, h = self.width_box.value(), self.height_box.value()
        return chart_file(self.suffix(), self.chart_name(), result, money, w, h, trace, reported)

    def render(self, result: Result, money: Money, reported: Reported | None = None) -> QImage:
        """The chosen chart at the chosen size (with the ``reported`` actuals' markers)."""
        w, h = self.width_box.value(), self.height_box.value()
        name = self.chart_name()
        if name in CHARTS:
            return render_chart(name, result, money, w, h, reported=reported)
        return render_dashboard(result, money, w, h, reported)


def _pixels(name: str, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(200, 8000)
    box.setSingleStep(100)
    box.setValue(value)
    box.setSuffix(" px")
    return box
