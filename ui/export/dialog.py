"""``dialog.export_png``: which chart (one, or the dashboard), PNG or SVG, and how big.

The choices are the chart exporters of :data:`ui.export.exporters.EXPORTERS`; the
dialog only asks, the exporter renders.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from ui.export.exporters import CHART_TITLES, chart_exporter

FORMATS = {"png": "PNG image", "svg": "SVG (vector)"}


class ChartExportDialog(QDialog):
    """Which chart, which format and how many pixels."""

    def __init__(self, parent: QWidget | None = None, current: str = "dashboard") -> None:
        super().__init__(parent)
        self.setObjectName("dialog.export_png")
        self.setWindowTitle("Export chart")
        self.which = QComboBox()
        self.which.setObjectName("export.chart")
        for name in CHART_TITLES:
            self.which.addItem(chart_exporter(name).title, name)
        self.which.setCurrentIndex(list(CHART_TITLES).index(current))
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
        """The chosen chart's name (``dashboard`` for all five)."""
        return str(self.which.currentData())

    def suffix(self) -> str:
        """The chosen format's file suffix: ``png`` or ``svg``."""
        return str(self.format.currentData())


def _pixels(name: str, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(200, 8000)
    box.setSingleStep(100)
    box.setValue(value)
    box.setSuffix(" px")
    return box
