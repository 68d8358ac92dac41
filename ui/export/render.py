"""Charts off screen: as PNG or SVG files that carry their trace line, or painted as vectors.

Every exported chart shows the trace line (:func:`simulator.trace.trace_line`) in a
small footer inside the requested size and holds it as metadata too: a ``Trace``
text chunk in a PNG, ``<desc>`` and a comment in an SVG. SVGs come from pyqtgraph's
SVG exporter, one per chart view, placed where the view sits (the dashboard's four
charts in one file, their ids prefixed so they stay unique).

Throw-away widgets are freed as soon as they are used (``deleteLater`` and a
``gc.collect()``): PySide 6.10 can crash when the collector frees a dead chart's
wrappers at a random moment later (see :mod:`ui.charts.dashboard`).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from xml.sax.saxutils import escape

import pyqtgraph as pg
from pyqtgraph.exporters import SVGExporter
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QWidget

from simulator import Result
from ui.charts.base import Chart, Money
from ui.charts.dashboard import CHARTS, Dashboard
from ui.charts.reported import Reported
from ui.export.png import png_bytes

FOOTER_COLOR = "#566573"
FORMATS = ("png", "svg")


def footer_height(height: int) -> int:
    """Pixels of the trace footer in an image ``height`` pixels high."""
    return max(14, round(0.022 * height))


@contextmanager
def throwaway(widget: QWidget) -> Iterator[QWidget]:
    """Yield ``widget`` and free it right after (Qt side and Python side)."""
    try:
        yield widget
    finally:
        widget.deleteLater()
        del widget
        gc.collect()


def settle(widget: QWidget, width: int, height: int) -> None:
    """Size an unshown widget, lay it out (a grab sends the pending resize events; axes
    that grew to fit their labels are laid out again) and fit its charts' ranges."""
    widget.resize(width, height)
    widget.ensurePolished()
    if widget.layout() is not None:
        widget.layout().activate()
    widget.grab()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
    charts = [widget] if isinstance(widget, Chart) else widget.findChildren(Chart)
    for chart in charts:
        for view in chart.views():
            view.autoRange()


def chart_views(widget: QWidget) -> list[tuple[pg.GraphicsView, QRectF]]:
    """The pyqtgraph views in ``widget`` with their rectangles in its coordinates."""
    if isinstance(widget, pg.GraphicsView):
        return [(widget, QRectF(0, 0, widget.width(), widget.height()))]
    return [
        (v, QRectF(v.mapTo(widget, QPoint(0, 0)), v.size().toSizeF()))
        for v in widget.findChildren(pg.GraphicsView)
    ]


def paint_views(widget: QWidget, painter: QPainter, target: QRectF) -> None:
    """Paint ``widget``'s chart views into ``target`` as vectors (each view's scene)."""
    sx, sy = target.width() / widget.width(), target.height() / widget.height()
    for view, rect in chart_views(widget):
        dest = QRectF(
            target.x() + rect.x() * sx,
            target.y() + rect.y() * sy,
            rect.width() * sx,
            rect.height() * sy,
        )
        view.render(painter, dest, view.viewport().rect(), Qt.AspectRatioMode.IgnoreAspectRatio)


def view_svg(view: pg.GraphicsView) -> str:
    """One view's scene as SVG text (pyqtgraph's exporter)."""
    return SVGExporter(view.scene()).export(toBytes=True).decode("utf-8")


def svg_document(parts: list[tuple[QRectF, str]], width: int, height: int, trace: str) -> str:
    """One SVG of ``width`` x ``height``: each (rect, svg) part placed at its rectangle
    and the trace line as a footer text, ``<desc>`` and a comment."""
    text = escape(trace)
    foot = footer_height(height)
    body = [_nested(svg, rect, f"c{i}_") for i, (rect, svg) in enumerate(parts)]
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
            f"<!-- trace: {text.replace('--', '- -')} -->",
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
            "<title>Cloud Capex Simulator chart</title>",
            f"<desc>{text}</desc>",
            '<rect width="100%" height="100%" fill="#ffffff"/>',
            *body,
            f'<text x="6" y="{height - foot * 0.3:.1f}" font-family="sans-serif"'
            f' font-size="{0.6 * foot:.1f}" fill="{FOOTER_COLOR}">{text}</text>',
            "</svg>",
            "",
        ]
    )


def _nested(svg: str, rect: QRectF, prefix: str) -> str:
    """The content of ``svg`` (a whole document) as a group moved to ``rect``, its ids
    prefixed (a group, not a nested ``<svg>``: SVG Tiny readers such as Qt's skip those)."""
    start = svg.index(">", svg.index("<svg")) + 1
    body = svg[start : svg.rindex("</svg>")]
    body = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', body)
    body = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", body)
    body = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', body)
    size = f'width="{rect.width():g}" height="{rect.height():g}"'
    body = body.replace('width="100%" height="100%"', size)
    return f'<g transform="translate({rect.x():g},{rect.y():g})">{body}</g>'


def with_footer(image: QImage, trace: str, foot: int) -> QImage:
    """``image`` with a ``foot`` pixels high trace footer below it and a ``Trace`` text
    chunk."""
    out = QImage(image.width(), image.height() + foot, QImage.Format.Format_ARGB32)
    out.fill(QColor("white"))
    painter = QPainter(out)
    painter.drawImage(0, 0, image)
    font = QFont()
    font.setPixelSize(max(9, round(0.6 * foot)))
    painter.setFont(font)
    painter.setPen(QColor(FOOTER_COLOR))
    area = QRectF(6, image.height(), image.width() - 12, foot)
    painter.drawText(area, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), trace)
    painter.end()
    out.setText("Trace", trace)
    out.setText("Software", "Cloud Capex Simulator")
    return out


def _widget(name: str) -> Chart | Dashboard:
    return CHARTS[name]() if name in CHARTS else Dashboard()


def chart_image(
    name: str,
    result: Result,
    money: Money,
    width: int,
    height: int,
    trace: str,
    reported: Reported | None = None,
) -> QImage:
    """Chart ``name`` (a key of ``CHARTS`` or ``dashboard``) as a ``width`` x ``height``
    image whose bottom strip is the trace footer."""
    foot = footer_height(height)
    with throwaway(_widget(name)) as widget:
        widget.set_result(result, money, reported)
        settle(widget, width, height - foot)
        image = widget.grab().toImage()
    return with_footer(image, trace, foot)


def chart_svg(
    name: str,
    result: Result,
    money: Money,
    width: int,
    height: int,
    trace: str,
    reported: Reported | None = None,
) -> bytes:
    """Chart ``name`` as SVG of ``width`` x ``height`` with the trace footer (UTF-8)."""
    with throwaway(_widget(name)) as widget:
        widget.set_result(result, money, reported)
        settle(widget, width, height - footer_height(height))
        parts = [(rect, view_svg(view)) for view, rect in chart_views(widget)]
    return svg_document(parts, width, height, trace).encode("utf-8")


def chart_file(
    fmt: str,
    name: str,
    result: Result,
    money: Money,
    width: int,
    height: int,
    trace: str,
    reported: Reported | None = None,
) -> bytes:
    """The bytes of a ``png`` or ``svg`` export of chart ``name``."""
    if fmt == "svg":
        return chart_svg(name, result, money, width, height, trace, reported)
    return png_bytes(chart_image(name, result, money, width, height, trace, reported))
