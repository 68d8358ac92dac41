"""Render charts to PNG bytes without showing a window."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from simulator import Result
from ui.app.qt_env import application
from ui.charts.base import Money
from ui.charts.reported import Reported


def png_bytes(image: QImage) -> bytes:
    """Encode an image as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def cumulative_png(
    result: Result,
    title: str,
    width: int = 1200,
    height: int = 700,
    reported: Reported | None = None,
    trace: str = "",
) -> bytes:
    """The cumulative capex vs revenue chart of ``result`` as PNG bytes, titled, with
    the ``reported`` actuals' running totals as markers and, when given, the ``trace``
    line in a footer (inside ``height``) and a ``Trace`` text chunk."""
    application()
    from ui.charts.dashboard import render_chart
    from ui.export.render import footer_height, with_footer

    foot = footer_height(height) if trace else 0
    image = render_chart(
        "cumulative",
        result,
        Money(),
        width,
        height - foot,
        title=f"{title}: cumulative capex vs cumulative revenue",
        reported=reported,
    )
    return png_bytes(with_footer(image, trace, foot) if trace else image)
