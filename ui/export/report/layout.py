"""Pages of a PDF: blocks flowed onto pages, then painted with a header and footer.

Coordinates are pixels at 96 dpi (the writer's resolution), so charts are laid out
at the size they are painted and text in points keeps its size; everything stays
vector in the PDF. A block is text (HTML parts that may split between pages, e.g.
table rows, the table's header repeated) or a chart (never split). Every page gets
a running header, the trace lines in its footer and "Page i of n".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

from ui.export.render import paint_views, throwaway

DPI = 96
MM = DPI / 25.4
PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGIN = 15 * MM
HEADER = 18.0  # pixels of the running header above the content
LINE = 11.0  # pixels per footer line
GAP = 12.0  # pixels between blocks
TEXT_PT = 8.5
MIN_PARTS = 5  # rows of a table (paragraphs of notes) worth starting at a page's foot
GREY = "#566573"

ChartFactory = Callable[[int, int], QWidget]
"""Makes a settled chart widget of (width, height) pixels (freed after painting)."""


@dataclass(frozen=True)
class Html:
    """HTML ``head`` + some ``parts`` + ``tail``; splits between parts."""

    parts: tuple[str, ...]
    head: str = ""
    tail: str = ""
    more: str = ""  # the head of what continues on the next page (default: ``head``)

    def html(self) -> str:
        """The block's HTML."""
        return self.head + "".join(self.parts) + self.tail


@dataclass(frozen=True)
class ChartBlock:
    """A chart ``height`` pixels high over the content width, with an HTML caption above."""

    factory: ChartFactory
    height: float
    caption: str = ""


Block = Html | ChartBlock


def document(html: str, width: float) -> QTextDocument:
    """A laid-out text document of ``html`` at ``width`` pixels."""
    doc = QTextDocument()
    font = QFont()
    font.setPointSizeF(TEXT_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    doc.setTextWidth(width)
    return doc


@dataclass(frozen=True)
class Page:
    """The page's blocks with their top edges (pixels from the content's top)."""

    blocks: tuple[tuple[float, Block], ...]


class Layout:
    """The page geometry of one paper size, and the flowing of blocks onto pages."""

    def __init__(self, page: str, footer_lines: int) -> None:
        size = QPageSize(PAGE_SIZES[page])
        points = size.sizePoints()
        self.page_size = size
        self.width = points.width() / 72 * DPI
        self.height = points.height() / 72 * DPI
        self.footer = footer_lines * LINE + 10
        top = MARGIN + HEADER
        self.content = QRectF(
            MARGIN, top, self.width - 2 * MARGIN, self.height - top - MARGIN - self.footer
        )

    def measure(self, block: Block) -> float:
        """A block's height in pixels at the content width."""
        if isinstance(block, ChartBlock):
            return block.height + self.caption_height(block)
        return document(block.html(), self.content.width()).size().height()

    def caption_height(self, block: ChartBlock) -> float:
        if not block.caption:
            return 0.0
        return document(block.caption, self.content.width()).size().height()

    def paginate(self, blocks: Sequence[Block]) -> list[Page]:
        """Flow ``blocks`` onto pages: a chart that does not fit starts a page; text
        splits between its parts."""
        pages: list[list[tuple[float, Block]]] = [[]]
        y = 0.0
        queue = list(blocks)
        while queue:
            block = queue.pop(0)
            fit, rest = self._split(block, self.content.height() - y, not pages[-1])
            if fit is not None:
                pages[-1].append((y, fit))
                y += self.measure(fit) + GAP
            if rest is not None:
                queue.insert(0, rest)
                pages.append([])
                y = 0.0
        return [Page(tuple(p)) for p in pages if p]

    def _split(self, block: Block, space: float, fresh: bool) -> tuple[Block | None, Block | None]:
        """(what fits in ``space``, what is left); on a fresh page something always fits."""
        if self.measure(block) <= space:
            return block, None
        if isinstance(block, ChartBlock) or len(block.parts) < 2:
            return (block, None) if fresh else (None, block)
        count = self._parts_fitting(block, space)
        if count < min(MIN_PARTS, len(block.parts)) and not fresh:
            return None, block  # too few rows here: start the table on the next page
        return self._cut(block, max(count, 1))

    def _parts_fitting(self, block: Html, space: float) -> int:
        count = 0
        while (
            count < len(block.parts)
            and self.measure(replace(block, parts=block.parts[: count + 1])) <= space
        ):
            count += 1
        return count

    def _cut(self, block: Html, count: int) -> tuple[Html, Html]:
        rest = replace(block, parts=block.parts[count:], head=block.more or block.head)
        return replace(block, parts=block.parts[:count]), rest


@dataclass(frozen=True)
class Frame:
    """What every page shows around its content."""

    title: str
    made: str
    traces: tuple[str, ...]


def pdf_bytes(layout: Layout, pages: Sequence[Page], frame: Frame) -> bytes:
    """Paint ``pages`` into a PDF (vector text and charts) and return its bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(frame.title)
    writer.setCreator("Cloud Capex Simulator")
    writer.setPageLayout(
        QPageLayout(layout.page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i, page in enumerate(pages):
        if i:
            writer.newPage()
        _paint_page(painter, layout, page)
        _paint_frame(painter, layout, frame, i + 1, len(pages))
    painter.end()
    buffer.close()
    return bytes(data.data())


def _paint_page(painter: QPainter, layout: Layout, page: Page) -> None:
    for top, block in page.blocks:
        x, y, w = layout.content.x(), layout.content.y() + top, layout.content.width()
        if isinstance(block, ChartBlock):
            caption = layout.caption_height(block)
            if caption:
                _paint_html(painter, block.caption, x, y, w)
            _paint_chart(painter, block, QRectF(x, y + caption, w, block.height))
        else:
            _paint_html(painter, block.html(), x, y, w)


def _paint_html(painter: QPainter, html: str, x: float, y: float, width: float) -> None:
    painter.save()
    painter.translate(x, y)
    document(html, width).drawContents(painter)
    painter.restore()


def _paint_chart(painter: QPainter, block: ChartBlock, rect: QRectF) -> None:
    with throwaway(block.factory(round(rect.width()), round(rect.height()))) as widget:
        painter.save()
        paint_views(widget, painter, rect)
        painter.restore()


def _paint_frame(painter: QPainter, layout: Layout, frame: Frame, page: int, pages: int) -> None:
    """Running header, a rule, the trace lines and the page number."""
    font = QFont()
    font.setPointSizeF(7)
    painter.setFont(font)
    painter.setPen(QColor(GREY))
    left, width = MARGIN, layout.width - 2 * MARGIN
    head = QRectF(left, MARGIN - 4, width, HEADER - 4)
    painter.drawText(head, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), frame.title)
    painter.drawText(head, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), frame.made)
    top = layout.height - MARGIN - layout.footer + 6
    painter.drawLine(QRectF(left, top, width, 0).topLeft(), QRectF(left, top, width, 0).topRight())
    for i, trace in enumerate(frame.traces):
        line = QRectF(left, top + 4 + i * LINE, width - 80, LINE)
        painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), trace)
    number = QRectF(left, top + 4, width, LINE)
    align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
    painter.drawText(number, int(align), f"Page {page} of {pages}")
