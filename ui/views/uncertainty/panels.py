"""A chart under a "<caption> [chooser]" header: the layout of the fan and histogram panels."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget


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
