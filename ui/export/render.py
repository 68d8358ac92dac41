"""The one off-screen render path: charts that are not on screen, as images, SVG or PDF.

Every export of a chart goes through here: the window's PNG and SVG export, the
command line's PNG, the Monte Carlo charts' PNG and the charts of the PDF report. A
throw-away widget is made, sized and settled (:func:`settle`: laid out, laid out
again once its axes have grown to fit their labels, its views fitted to the data),
then grabbed as an image, exported as SVG (pyqtgraph's exporter, one part per chart
view, placed where the view sits) or painted as vectors, and freed at once
(:func:`throwaway`). Images and SVGs show the trace line
(:func:`simulator.export.trace.trace_line`) in a footer inside the requested size
and hold it as metadata too: a ``Trace`` text chunk in a PNG, ``<desc>`` and a
comment in an SVG.

Throw-away widgets are freed as soon as they are used (``deleteLater`` and a
``gc.collect()``): PySide 6.10 can crash when the collector frees a dead chart's
wrappers at a random moment later, while a live chart is in its layout pass.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import pairwise
from xml.sax.saxutils import escape

import pyqtgraph as pg
from pyqtgraph.exporters import SVGExporter
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QPoint,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QWidget

from ui.charts.base import Chart

FOOTER_COLOR = "#566573"
FORMATS = ("png", "svg")

Maker = Callable[[], QWidget]
"""Makes a fresh, unshown widget that already shows its data."""


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


def png_bytes(image: QImage) -> bytes:
    """Encode an image as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def render_bytes(makers: Sequence[Maker], fmt: str, width: int, height: int, trace: str) -> bytes:
    """The widgets of ``makers`` side by side (equal widths) in a ``width`` x ``height``
    PNG or SVG; with a ``trace``, its footer is the image's bottom strip."""
    if fmt not in FORMATS:
        raise ValueError(f"no {fmt!r} rendering (one of {', '.join(FORMATS)})")
    foot = footer_height(height) if trace else 0
    cells = _cells(len(makers), width, height - foot)
    if fmt == "svg":
        parts = [
            part for make, cell in zip(makers, cells, strict=True) for part in _svg(make, cell)
        ]
        return svg_document(parts, width, height, trace).encode("utf-8")
    image = QImage(width, height - foot, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for make, cell in zip(makers, cells, strict=True):
        painter.drawImage(cell.topLeft(), _image(make, cell))
    painter.end()
    return png_bytes(with_footer(image, trace, foot) if trace else image)


def _cells(count: int, width: int, height: int) -> list[QRectF]:
    edges = [round(i * width / count) for i in range(count + 1)]
    return [QRectF(a, 0, b - a, height) for a, b in pairwise(edges)]


def _image(make: Maker, cell: QRectF) -> QImage:
    with throwaway(make()) as widget:
        settle(widget, round(cell.width()), round(cell.height()))
        return widget.grab().toImage()


def _svg(make: Maker, cell: QRectF) -> list[tuple[QRectF, str]]:
    with throwaway(make()) as widget:
        settle(widget, round(cell.width()), round(cell.height()))
        return [(rect.translated(cell.x(), 0), view_svg(v)) for v, rect in chart_views(widget)]


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
