"""The programme's spend per year: a draggable split bar above one spin box per year.

The value is ``program.year_split`` (fractions summing to 1), shown as percent.
Dragging a boundary of the bar moves spend between the two years beside it (one
gesture); editing a year's box rebalances the unlocked other years proportionally;
a locked year keeps its share when other years are edited, added or removed.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from functools import cache
from itertools import accumulate

from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from simulator.scenario.limits import MAX_PROGRAM_YEARS
from simulator.scenario.shares import move_boundary, rebalance, remove_share
from ui.inputs.base import FieldEditor, button_row
from ui.inputs.uncertainty_group import UncertaintyButton

PATH = "program.year_split"
GRAB_PX = 5.0  # a press this close to a boundary grabs it
KEY_STEP = 0.01  # Left/Right move the focused boundary by one percentage point
SNAP_DECIMALS = 3  # bar edits land on 0.1 percentage points, the boxes' precision
MAX_COLUMNS = 5  # year boxes per row at most (fewer when the editor is narrow)
MIN_STRETCHED = 3  # one or two years take the width of three columns, not all of it
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


class YearSplitEditor(FieldEditor):
    """Editor of ``program.year_split``: the split bar, a box and a lock per year, +/− year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(PATH, parent)
        self._shares: tuple[float, ...] = ()
        self._locked: set[int] = set()
        self._shape = (0, 0)
        self.boxes: list[QDoubleSpinBox] = []
        self.locks: list[QToolButton] = []
        self._cells: list[QWidget] = []
        self.bar = SplitBar()
        self.bar.edited.connect(self._commit)
        self.bar.drag_started.connect(self.gesture_started)
        self.bar.drag_finished.connect(self.gesture_finished)
        self.add_button = _button(
            "+ year",
            "add",
            f"Add a programme year (up to {MAX_PROGRAM_YEARS}); it takes an equal share "
            "from the unlocked years.",
        )
        self.remove_button = _button(
            "− year",
            "remove",
            "Remove the last programme year; its share goes to the unlocked years proportionally.",
        )
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.bar)
        layout.addLayout(self._grid)
        self.uncertainty_button = UncertaintyButton(PATH)  # the delay of the whole schedule
        buttons = button_row(self.add_button, self.remove_button)
        buttons.addWidget(self.uncertainty_button)
        layout.addLayout(buttons)
        self.set_value([1.0])

    def set_value(self, value: Sequence[float]) -> None:
        """Show the split (not emitting); the boxes are rebuilt only when the count changes."""
        shares = tuple(float(v) for v in value)
        if len(shares) != len(self.boxes):
            self._rebuild(len(shares))
        self._shares = shares
        for box, share in zip(self.boxes, shares, strict=True):
            with QSignalBlocker(box):
                box.setValue(100.0 * share)
        self.bar.set_shares(shares, self._locked)
        self.add_button.setEnabled(len(shares) < MAX_PROGRAM_YEARS)
        self.remove_button.setEnabled(len(shares) > 1)

    def value(self) -> list[float]:
        """The split shown, as fractions."""
        return list(self._shares)

    def locked(self) -> frozenset[int]:
        """The locked years (0-based)."""
        return frozenset(self._locked)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Fit as many year boxes in a row as the width allows."""
        super().resizeEvent(event)
        self._arrange()

    # --- edits -----------------------------------------------------------------------

    def _commit(self, shares: tuple[float, ...]) -> None:
        """Show ``shares``; emit them when they differ (else the old value shows again)."""
        changed = shares != self._shares
        self.set_value(shares)
        if changed:
            self.value_edited.emit(list(shares))

    def _box_edited(self, year: int, shown: float) -> None:
        self._commit(rebalance(self._shares, year, shown / 100.0, self._locked - {year}))

    def _lock(self, year: int, on: bool) -> None:
        if on:
            self._locked.add(year)
        else:
            self._locked.discard(year)
        self.bar.set_shares(self._shares, self._locked)

    def _add(self) -> None:
        n = len(self._shares)
        self._commit(rebalance((*self._shares, 0.0), n, 1.0 / (n + 1), self._locked))

    def _remove(self) -> None:
        last = len(self._shares) - 1
        drained = rebalance(self._shares, last, 0.0, self._locked)
        if drained[last] == 0.0:  # the unlocked years took the last year's share
            self._commit(drained[:last])
        else:  # every other year is locked: they share it all the same
            self._commit(remove_share(self._shares, last))

    # --- the year boxes --------------------------------------------------------------

    def _rebuild(self, years: int) -> None:
        for cell in self._cells:  # hidden now, deleted once control is back in the event loop
            self._grid.removeWidget(cell)
            cell.hide()
            cell.deleteLater()
        self._locked = {y for y in self._locked if y < years}
        self.locks = [self._lock_button(y) for y in range(years)]
        self.boxes = [self._year_box(y) for y in range(years)]
        self._cells = [_cell(lock, box) for lock, box in zip(self.locks, self.boxes, strict=True)]
        self._shape = (0, 0)
        self._arrange()
        for cell in self._cells:  # now, not at the next event loop pass (Qt's default)
            cell.show()

    def _lock_button(self, year: int) -> QToolButton:
        lock = QToolButton()
        lock.setObjectName(f"{PATH}.{year}.lock")
        lock.setText(f"Y{year + 1}")
        lock.setIcon(lock_icon())
        lock.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        lock.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        lock.setCheckable(True)
        lock.setChecked(year in self._locked)
        lock.setToolTip(
            f"Lock year {year + 1}'s share: edits to the other years, the bar and "
            "+/− year leave it unchanged."
        )
        lock.toggled.connect(lambda on, y=year: self._lock(y, on))
        return lock

    def _year_box(self, year: int) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setObjectName(f"{PATH}.{year}")
        box.setRange(0.0, 100.0)
        box.setDecimals(1)
        box.setSingleStep(1.0)
        box.setSuffix(" %")
        box.setKeyboardTracking(False)
        box.setAccessibleName(f"Year {year + 1} share")
        box.setToolTip(
            f"Share of the programme's total capex spent in year {year + 1}; "
            "editing rebalances the unlocked years proportionally."
        )
        box.valueChanged.connect(lambda shown, y=year: self._box_edited(y, shown))
        return box

    def _arrange(self) -> None:
        """Lay the year cells out in as many columns as fit (rows balanced)."""
        shape = self._grid_shape()
        if shape == self._shape:
            return
        self._shape = shape
        columns, stretched = shape
        for cell in self._cells:
            self._grid.removeWidget(cell)
        for y, cell in enumerate(self._cells):
            self._grid.addWidget(cell, *divmod(y, columns))
        for c in range(MAX_COLUMNS):
            self._grid.setColumnStretch(c, 1 if c < stretched else 0)

    def _grid_shape(self) -> tuple[int, int]:
        """Columns used, and columns sharing the width (one or two years stay narrow)."""
        if not self._cells:
            return 1, 1
        spacing = self._grid.horizontalSpacing()
        cell = self._cells[0].layout().sizeHint().width() + spacing
        fit = max(1, min(MAX_COLUMNS, (self.width() + spacing) // cell))
        columns = math.ceil(len(self._cells) / math.ceil(len(self._cells) / fit))
        return columns, max(columns, min(fit, MIN_STRETCHED))


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


@cache
def lock_icon() -> QIcon:
    """A padlock: open when the button is off, closed when it is on."""
    icon = QIcon()
    for state, closed in ((QIcon.State.Off, False), (QIcon.State.On, True)):
        icon.addPixmap(_padlock(closed), QIcon.Mode.Normal, state)
    return icon


def _padlock(closed: bool) -> QPixmap:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    top = 5.0 if closed else 1.0  # an open lock's shackle is lifted, its right leg out
    shackle = QPainterPath(QPointF(10.0, 15.0))
    shackle.lineTo(10.0, top + 6.0)
    shackle.arcTo(QRectF(10.0, top, 12.0, 12.0), 180.0, -180.0)
    shackle.lineTo(22.0, 15.0 if closed else top + 8.0)
    painter.setPen(QPen(DARK_TEXT, 3.0))
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f6fa8") if closed else DARK_TEXT)
    painter.drawRoundedRect(QRectF(6.0, 14.0, 20.0, 15.0), 3.0, 3.0)
    painter.end()
    pixmap.setDevicePixelRatio(2.0)
    return pixmap


def _cell(lock: QToolButton, box: QDoubleSpinBox) -> QWidget:
    cell = QWidget()
    # The editor reflows the cells when its width changes, so they must not hold it wide.
    cell.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    column = QVBoxLayout(cell)  # narrow cells: three years side by side in a 280 px panel
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(1)
    column.addWidget(lock)
    column.addWidget(box)
    return cell


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(f"{PATH}.{name}")
    button.setToolTip(tip)
    return button
