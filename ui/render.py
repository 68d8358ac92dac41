"""Render charts to PNG bytes without showing a window."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from simulator import Result
from ui.charts.base import Money
from ui.qt_env import application


def png_bytes(image: QImage) -> bytes:
    """Encode an image as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def cumulative_png(result: Result, title: str, width: int = 1200, height: int = 700) -> bytes:
    """The cumulative capex vs revenue chart of ``result`` as PNG bytes, titled."""
    application()
    from ui.charts.dashboard import render_chart

    image = render_chart(
        "cumulative",
        result,
        Money(),
        width,
        height,
        title=f"{title}: cumulative capex vs cumulative revenue",
    )
    return png_bytes(image)
