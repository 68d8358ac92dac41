"""Text that does not fit is elided in the middle ("Alibaba 2025 … (base)"), where names
that share a beginning keep the end that tells them apart."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame


class ElidedLineEdit(QLineEdit):
    """A line edit that, while not being edited, shows a too-long text elided in the
    middle (its tooltip the whole text, then ``tip``); with focus it shows and edits the
    whole text."""

    def __init__(self, tip: str = "") -> None:
        super().__init__()
        self._tip = tip
        self.setToolTip(tip)

    def _area(self) -> tuple[QStyleOptionFrame, QRect]:
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        area = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        return option, area.adjusted(2, 0, -2, 0)

    def shown(self) -> str:
        """The text as painted: whole while focused or when it fits, else middle-elided."""
        if self.hasFocus():
            return self.text()
        width = self._area()[1].width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Paint the elided text when it differs from the whole; else paint as usual."""
        shown = self.shown()
        if shown == self.text():
            super().paintEvent(event)
            return
        option, area = self._area()
        painter = QPainter(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, option, painter, self)
        painter.setPen(self.palette().text().color())
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(area, int(align), shown)
        painter.end()

    def setText(self, text: str) -> None:  # noqa: N802
        """Set the text; the tooltip names it whole (it may be elided), then the tip."""
        super().setText(text)
        self.setToolTip("\n".join(part for part in (text, self._tip) if part))
