"""The split bar: one coloured segment per programme year, boundaries dragged between them.

:class:`SplitBar` shows ``program.year_split`` as a bar; dragging a boundary (or
Left/Right on the focused one) moves spend between the two years beside it only,
and a boundary next to a locked year does not move. The share arithmetic is
:func:`simulator.scenario.shares.move_boundary`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from itertools import accumulate

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from simulator.scenario.shares import move_boundary

PATH = "program.year_split"
GRAB_PX = 5.0  # a press this close to a boundary grabs it
KEY_STEP = 0.01  # Left/Right move the focused boundary by one percentage point
SNAP_DECIMALS = 3  # bar edits land on 0.1 percentage points, the boxes' precision
DARK_TEXT = QColor("#1c2833")
LIGHT_TEXT = QColor("#ffffff")

BAR_TIP = (
    "Spend per programme year: drag a boundary, or click the bar and press Left/Right "
    "(Tab for the next boundary), to move spend between the two years beside it."
)


class SplitBar(QWidget):
    """One coloured segment per year, with draggable boundaries between neighbours.

    A boundary next to a locked year does not move. ``edited`` carries the new shares
    (a tuple); a drag is bracketed by ``drag_started`` and ``drag_finished``.
    """

    edited = Signal(object)
    drag_started = Signal()
    drag_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{PATH}.bar")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(BAR_TIP)
        self.setAccessibleName("Spend per programme year")
        self._shares: tuple[float, ...] = (1.0,)
        self._locked: frozenset[int] = frozenset()
        self._focus = 0  # the boundary Left/Right move
        self._drag: list[int] | None = None  # grabbed boundaries (several if they coincide)
        self._press_x = 0.0

    def sizeHint(self) -> QSize:  # noqa: N802
        """Wide enough for three labelled years, 32 px high."""
        return QSize(300, 32)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """At least 28 px high."""
        return QSize(60, 28)

    def shares(self) -> tuple[float, ...]:
        """The shares shown."""
        return self._shares

    def set_shares(self, shares: Sequence[float], locked: Collection[int] = ()) -> None:
        """Show ``shares`` with the ``locked`` years fixed (without emitting ``edited``)."""
        if self._drag is not None and len(shares) != len(self._shares):
            self._drag = None  # the dragged boundary is gone: end the gesture
            self.drag_finished.emit()
        self._shares = tuple(float(s) for s in shares)
        self._locked = frozenset(locked)
        self._focus = min(self._focus, max(0, len(self._shares) - 2))
        self.update()

    def boundary_x(self, boundary: int) -> float:
        """Pixel x of ``boundary`` (between year ``boundary`` and year ``boundary + 1``)."""
        return self._edges()[boundary + 1]

    def movable(self, boundary: int) -> bool:
        """Whether ``boundary`` may move: neither year beside it is locked."""
        return boundary not in self._locked and boundary + 1 not in self._locked

    # --- geometry -------------------------------------------------------------------

    def _track(self) -> QRectF:
        return QRectF(self.rect()).adjusted(1.0, 1.0, -1.0, -1.0)

    def _edges(self) -> list[float]:
        """x of the left edge of every year, then the right edge of the last."""
        track = self._track()
        starts = accumulate(self._shares, initial=0.0)
        return [track.left() + track.width() * min(s, 1.0) for s in starts]

    def _position(self, x: float) -> float:
        """The cumulative share at pixel ``x``."""
        track = self._track()
        return (x - track.left()) / max(track.width(), 1.0)

    def _boundaries_at(self, x: float) -> list[int]:
        """Movable boundaries within GRAB_PX of ``x``: the nearest, with any at the same x."""
        edges = self._edges()
        near = {b: abs(edges[b + 1] - x) for b in range(len(self._shares) - 1) if self.movable(b)}
        near = {b: d for b, d in near.items() if d <= GRAB_PX}
        best = min(near.values(), default=0.0)
        return [b for b, d in near.items() if d <= best + 0.5]

    # --- editing ---------------------------------------------------------------------

    def _move(self, boundary: int, position: float) -> None:
        new = move_boundary(self._shares, boundary, round(position, SNAP_DECIMALS))
        if new != self._shares:
            self._shares = new
            self.update()
            self.edited.emit(new)

    def _dragged(self, x: float) -> int:
        """The grabbed boundary; of coinciding ones, the last when moving right, else the first."""
        assert self._drag is not None
        if len(self._drag) > 1 and x != self._press_x:
            self._drag = [self._drag[-1] if x > self._press_x else self._drag[0]]
        return self._drag[0]

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Grab the boundary under the pointer: a gesture starts."""
        x = event.position().x()
        grabbed = self._boundaries_at(x) if event.button() == Qt.MouseButton.LeftButton else []
        if not grabbed:
            super().mousePressEvent(event)
            return
        self._drag, self._press_x, self._focus = grabbed, x, grabbed[0]
        self.drag_started.emit()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Move the grabbed boundary (live), or show the resize cursor over one."""
        x = event.position().x()
        if self._drag is None:
            self._hover(x)
        else:
            self._move(self._dragged(x), self._position(x))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Let go of the boundary: the gesture ends."""
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._drag = None
        self.drag_finished.emit()
        self._hover(event.position().x())

    def _hover(self, x: float) -> None:
        if self._boundaries_at(x):
            self.setCursor(Qt.CursorShape.SizeHorCursor)
        else:
            self.unsetCursor()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Left/Right move the focused boundary by one percentage point."""
        step = {Qt.Key.Key_Left: -KEY_STEP, Qt.Key.Key_Right: KEY_STEP}.get(event.key())
        if step is None or len(self._shares) < 2:
            super().keyPressEvent(event)
            return
        if self.movable(self._focus):
            self._move(self._focus, math.fsum(self._shares[: self._focus + 1]) + step)
        event.accept()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802
        """Tab/Backtab walk the boundaries before leaving the bar."""
        target = self._focus + (1 if next else -1)
        if 0 <= target < len(self._shares) - 1:
            self._focus = target
            self.update()
            return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Coming in with Backtab focuses the last boundary, with Tab the first."""
        if event.reason() == Qt.FocusReason.BacktabFocusReason:
            self._focus = max(0, len(self._shares) - 2)
        elif event.reason() == Qt.FocusReason.TabFocusReason:
            self._focus = 0
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Hide the focus mark."""
        super().focusOutEvent(event)
        self.update()

    # --- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Segments with their labels, then the boundaries and the outline."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track, edges = self._track(), self._edges()
        outline = QPainterPath()
        outline.addRoundedRect(track, 3.0, 3.0)
        painter.setClipPath(outline)
        for i in range(len(self._shares)):
            rect = QRectF(edges[i], track.top(), edges[i + 1] - edges[i], track.height())
            self._paint_segment(painter, i, rect)
        painter.setClipping(False)
        for b in range(len(self._shares) - 1):
            self._paint_boundary(painter, b, edges[b + 1])
        role = QPalette.ColorRole.Highlight if self.hasFocus() else QPalette.ColorRole.Mid
        painter.setPen(QPen(self.palette().color(role), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(outline)
        painter.end()

    def _paint_segment(self, painter: QPainter, i: int, rect: QRectF) -> None:
        color = year_color(i, len(self._shares))
        painter.fillRect(rect, color)
        if i in self._locked:
            painter.fillRect(rect, QBrush(QColor(0, 0, 0, 70), Qt.BrushStyle.BDiagPattern))
        text = fit_label(painter.fontMetrics(), i, self._shares[i], rect.width() - 12.0)
        painter.setPen(text_color(color))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_boundary(self, painter: QPainter, boundary: int, x: float) -> None:
        track = self._track()
        painter.setPen(QPen(LIGHT_TEXT, 2.0))
        painter.drawLine(QPointF(x, track.top()), QPointF(x, track.bottom()))
        if not self.movable(boundary):
            return
        focused = self.hasFocus() and boundary == self._focus
        fill = self.palette().color(QPalette.ColorRole.Highlight) if focused else DARK_TEXT
        painter.setPen(QPen(LIGHT_TEXT, 1.0))
        painter.setBrush(fill)
        grip = 16.0 if focused else 12.0
        painter.drawRoundedRect(QRectF(x - 3.0, track.center().y() - grip / 2, 6.0, grip), 2, 2)


def year_color(year: int, years: int) -> QColor:
    """Fill of ``year`` of ``years``: one blue, from light (first) to dark (last)."""
    lightness = 0.60 if years == 1 else 0.80 - 0.42 * year / (years - 1)
    return QColor.fromHslF(0.57, 0.55, lightness)


def text_color(background: QColor) -> QColor:
    """Dark text on light fills, white on dark ones."""
    return DARK_TEXT if background.lightnessF() >= 0.56 else LIGHT_TEXT


def percent_text(share: float) -> str:
    """``0.33`` as ``33%``, ``0.335`` as ``33.5%`` (one decimal at most)."""
    return f"{100.0 * share:.1f}".removesuffix(".0") + "%"


def fit_label(metrics: QFontMetrics, year: int, share: float, width: float) -> str:
    """``Y1 33%`` if it fits in ``width`` pixels, else ``33%``, else that elided."""
    percent = percent_text(share)
    for text in (f"Y{year + 1} {percent}", percent):
        if metrics.horizontalAdvance(text) <= width:
            return text
    return metrics.elidedText(percent, Qt.TextElideMode.ElideRight, max(0, int(width)))
