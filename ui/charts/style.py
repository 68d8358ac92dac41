"""Colours and pens shared by the charts (one colour per series, everywhere)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

COLORS = {
    "capex": "#c0392b",
    "program_revenue": "#2471a3",
    "cloud_revenue": "#7d8a96",
    "marker": "#1e8449",
    "payback": "#b9770e",
    "depreciation": "#e67e22",
    "net_ppe": "#1c2833",
    "core_revenue": "#85929e",
    "ai_revenue": "#2471a3",
    "ai_demand": "#154360",
    "unserved": "#c0392b",
    "fcf_positive": "#27ae60",
    "fcf_negative": "#c0392b",
    "cum_fcf": "#1a5276",
    "cum_discounted_fcf": "#8e44ad",
    "zero": "#566573",
    "crosshair": "#566573",
    "reported_revenue": "#6c3483",
    "reported_capex": "#17202a",
    "model_after": "#1e8449",
    "without": "#5d6d7e",
    "refresh": "#a04000",
    "history_capex": "#aab7b8",
    "capacity": "#117a65",
    "terminal": "#b9770e",
}

GRID_COLORS = ("#e3e5e8", "#f3f4f5")
"""Major and minor grid lines: opaque (translucent lines are slow to draw)."""

CATEGORY_COLORS = (
    "#4e79a7",
    "#76b7b2",
    "#edc948",
    "#59a14f",
    "#b07aa1",
    "#9c755f",
    "#bab0ac",
    "#ff9da7",
)
"""Capex categories by index (repeats after eight); no reds, which mean cost or loss."""


def pen(name: str, width: float = 2, dashed: bool = False) -> QPen:
    """A cosmetic pen in a series' colour."""
    p = pg.mkPen(COLORS[name], width=width)
    if dashed:
        p.setStyle(Qt.PenStyle.DashLine)
    return p


def brush(name: str, alpha: int = 255) -> QBrush:
    """A solid brush in a series' colour with ``alpha`` (0..255)."""
    color = QColor(COLORS[name])
    color.setAlpha(alpha)
    return QBrush(color)


def hatch(name: str, alpha: int = 255) -> QBrush:
    """A diagonally hatched brush in a series' colour."""
    color = QColor(COLORS[name])
    color.setAlpha(alpha)
    return QBrush(color, Qt.BrushStyle.BDiagPattern)


def category_color(k: int) -> str:
    """The colour of capex category ``k``."""
    return CATEGORY_COLORS[k % len(CATEGORY_COLORS)]
