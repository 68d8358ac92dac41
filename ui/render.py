"""Render charts to PNG bytes without showing a window."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice

from simulator import Result
from ui.charts.cumulative import CumulativeChart
from ui.qt_env import application


def cumulative_png(result: Result, title: str, width: int = 1200, height: int = 700) -> bytes:
    """The cumulative capex vs revenue chart of ``result`` as PNG bytes."""
    application()
    chart = CumulativeChart()
    chart.resize(width, height)
    chart.set_result(result)
    chart.getPlotItem().setTitle(f"{title}: cumulative capex vs cumulative revenue")
    chart.getPlotItem().getViewBox().autoRange()
    image = chart.grab().toImage()
    chart.deleteLater()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())
