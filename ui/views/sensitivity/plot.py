"""What the three sensitivity charts share: the house look and NaN-safe ranges."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

LABEL_FONT_PT = 8


class SensitivityPlot(pg.PlotWidget):
    """A white plot named ``chart.<name>`` with the house title and axes, no pan or zoom.

    Ranges are always set explicitly from finite values (never auto-ranged), so NaN
    and infinite metrics cannot break the view.
    """

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"chart.{name}")
        self.setBackground("w")
        self.plot_item = self.getPlotItem()
        self.plot_item.setTitle(title, color="#222", size="11pt")
        for side in ("left", "bottom"):
            axis = self.plot_item.getAxis(side)
            axis.setTextPen("#333")
            axis.setPen("#888")
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.plot_item.vb.setMouseEnabled(x=False, y=False)
        self.plot_item.vb.disableAutoRange()
        self._labels: dict[str, str] = {}

    def set_title(self, title: str) -> None:
        """The chart's title, in the house style."""
        self.plot_item.setTitle(title, color="#222", size="11pt")

    def set_label(self, side: str, text: str) -> None:
        """Set an axis label (only when it changes: relabelling relays the plot out)."""
        if self._labels.get(side) != text:
            self._labels[side] = text
            self.plot_item.setLabel(side, text, color="#333")


def label_font(points: int = LABEL_FONT_PT) -> QFont:
    """The font of in-plot labels."""
    font = QFont()
    font.setPointSize(points)
    return font


def text_width(texts: list[str], font: QFont) -> int:
    """The widest of ``texts`` in pixels."""
    metrics = QFontMetrics(font)
    return max((metrics.horizontalAdvance(t) for t in texts), default=0)


def finite_span(
    values: np.ndarray, fallback: tuple[float, float] = (0.0, 1.0)
) -> tuple[float, float]:
    """(min, max) of the finite ``values``; a zero-width span widened; ``fallback`` if none."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return fallback
    low, high = float(v.min()), float(v.max())
    if high - low <= 1e-12 * max(1.0, abs(low)):
        pad = max(abs(low) * 0.1, 1.0)
        return low - pad, high + pad
    return low, high
