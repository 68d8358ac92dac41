"""Colours and pens shared by the charts (one colour per series, everywhere)."""

from __future__ import annotations

import pyqtgraph as pg

COLORS = {
    "capex": "#c0392b",
    "program_revenue": "#2471a3",
    "cloud_revenue": "#7d8a96",
    "marker": "#1e8449",
    "payback": "#b9770e",
}


def pen(name: str, width: float = 2, dashed: bool = False) -> pg.QtGui.QPen:
    """A cosmetic pen in a series' colour."""
    p = pg.mkPen(COLORS[name], width=width)
    if dashed:
        p.setStyle(pg.QtCore.Qt.PenStyle.DashLine)
    return p
