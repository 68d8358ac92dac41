"""The programme's spend per year: the split bar above one spin box per year.

The value is ``program.year_split`` (fractions summing to 1), shown as percent.
Dragging a boundary of the bar (:mod:`ui.inputs.split_bar`) moves spend between the
two years beside it (one gesture); editing a year's box rebalances the unlocked other
years proportionally; a locked year keeps its share when other years are edited,
added or removed. Each box is the field ``program.year_split.<year>`` of the field
table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.scenario.limits import MAX_PROGRAM_YEARS
from simulator.scenario.shares import rebalance, remove_share
from ui.inputs.base import FieldEditor, button_row, number_box
from ui.inputs.split_bar import DARK_TEXT, PATH, SplitBar
from ui.inputs.uncertainty_group import UncertaintyButton

MAX_COLUMNS = 5  # year boxes per row at most (fewer when the editor is narrow)
MIN_STRETCHED = 3  # one or two years take the width of three columns, not all of it


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
            with signals_blocked(box):
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
        box = number_box(f"{PATH}.{year}")
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
