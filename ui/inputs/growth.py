"""Growth-rate lists: a box per year, +/− year, a linear fade helper and a draggable curve.

A :class:`GrowthListEditor` edits one list, ``revenue.core_growth`` or
``revenue.ai_growth``: the annual growth rate of programme years 1, 2, ..., the last
rate holding for all later years. The value is a list of fractions; the screen shows
percent. Below the boxes, a :class:`GrowthCurve` draws the rates as points that can be
dragged up and down (one gesture per drag), with a dashed line for the held rate.
:class:`GrowthEditor` shows the core and the AI list one above the other.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.scenario.limits import MAX_GROWTH_YEARS
from simulator.units import YEARS
from ui.inputs.base import FieldEditor, box_range, button_row, number_box
from ui.inputs.growth_curve import KINDS, GrowthCurve, GrowthKind, to_rate
from ui.inputs.uncertainty_group import UncertaintyButton

MAX_COLUMNS = 6  # year boxes per row at most


def fade(start: float, end: float, years: int) -> list[float]:
    """A straight-line fade from ``start`` to ``end`` over ``years`` values.

    ``value_i = start + (end - start) * i / (years - 1)`` for i = 0 .. years - 1 (the
    first value is ``start``, the last exactly ``end``; rounded to 12 decimals so that
    float noise does not reach the scenario file); one year gives ``[end]``.

    >>> fade(1.0, 0.25, 4)
    [1.0, 0.75, 0.5, 0.25]
    >>> fade(0.5, 0.1, 1)
    [0.1]
    """
    if years < 1:
        raise ValueError(f"a fade needs at least one year (got {years})")
    if years == 1:
        return [float(end)]
    values = [round(start + (end - start) * i / (years - 1), 12) for i in range(years - 1)]
    return [*values, float(end)]


class FadeRow(QWidget):
    """'from X % to Y % over N years [Apply]': ``applied`` carries the faded rates."""

    applied = Signal(object)

    def __init__(self, path: str, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{path}.fade.row")
        self.setToolTip(f"Replace the growth of {subject} by a straight-line fade.")
        self.start = _percent_box(
            path, f"{path}.fade.from", f"Growth of {subject} in year 1 of the fade."
        )
        self.end = _percent_box(
            path,
            f"{path}.fade.to",
            f"Growth of {subject} in the fade's last year, held afterwards.",
        )
        for box in (self.start, self.end):
            box.setKeyboardTracking(True)  # read when Apply is pressed
        self.years = QSpinBox()
        self.years.setObjectName(f"{path}.fade.years")
        self.years.setRange(1, MAX_GROWTH_YEARS)
        self.years.setSuffix(f" {YEARS.label()}")
        self.years.setToolTip("Years the fade runs over; the list becomes exactly this long.")
        self.apply_button = QToolButton()  # narrower than a push button
        self.apply_button.setText("Apply")
        self.apply_button.setObjectName(f"{path}.fade.apply")
        self.apply_button.setToolTip(
            f"Replace the growth of {subject} by a straight-line fade from the first rate to the "
            "last."
        )
        self.apply_button.clicked.connect(self._apply)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for text, box in (("from", self.start), ("to", self.end), ("over", self.years)):
            row.addWidget(_caption(text, box))
            row.addWidget(box)
        row.addWidget(self.apply_button)
        row.addStretch(1)

    def prefill(self, rates: Sequence[float]) -> None:
        """Start from the first rate, end at the last, over the list's length."""
        self.start.setValue(100.0 * rates[0])
        self.end.setValue(100.0 * rates[-1])
        self.years.setValue(len(rates))

    def _apply(self) -> None:
        start, end = to_rate(self.start.value()), to_rate(self.end.value())
        self.applied.emit(fade(start, end, self.years.value()))


class GrowthListEditor(FieldEditor):
    """Editor of one growth list: a box per year, +/− year, Fade… and the curve."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.kind = KINDS[path]
        self.setToolTip(_list_tip(self.kind))
        self._rates: list[float] = []
        self._columns = 0
        self.boxes: list[QDoubleSpinBox] = []
        self._cells: list[QWidget] = []
        self._year_boxes = QWidget()  # its minimum is one cell: narrower means fewer columns
        self._grid = QGridLayout(self._year_boxes)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4)
        self._make_buttons()
        self.fade_row = FadeRow(path, self.kind.subject)
        self.fade_row.setVisible(False)
        self.fade_row.applied.connect(self._faded)
        self.curve = GrowthCurve(path, self.kind)
        self.curve.drag_started.connect(self.gesture_started)
        self.curve.rate_dragged.connect(self._rate_dragged)
        self.curve.drag_finished.connect(self.gesture_finished)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._year_boxes)
        layout.addLayout(button_row(self.add_button, self.remove_button, self.fade_button))
        layout.addWidget(self.fade_row)
        layout.addWidget(self.curve, stretch=1)
        self.set_value([0.0])

    def _make_buttons(self) -> None:
        subject = self.kind.subject
        self.add_button = _button(
            "+ year", f"{self.path}.add", f"Add a year (up to {MAX_GROWTH_YEARS}) at the last rate."
        )
        self.remove_button = _button(
            "− year", f"{self.path}.remove", "Remove the last year; the rate before it then holds."
        )
        self.fade_button = QToolButton()
        self.fade_button.setText("Fade…")
        self.fade_button.setObjectName(f"{self.path}.fade")
        self.fade_button.setCheckable(True)
        self.fade_button.setToolTip(f"Fill the growth of {subject} with a straight-line fade.")
        self.add_button.clicked.connect(lambda: self._commit([*self._rates, self._rates[-1]]))
        self.remove_button.clicked.connect(lambda: self._commit(self._rates[:-1]))
        self.fade_button.toggled.connect(self._toggle_fade)

    def set_value(self, value: Sequence[float]) -> None:
        """Show the rates (fractions) without emitting; boxes are rebuilt only when the
        count changes."""
        rates = [float(v) for v in value]
        if len(rates) != len(self.boxes):
            self._rebuild(len(rates))
        self._rates = rates
        low, high = box_range(f"{self.path}.*")
        for box, rate in zip(self.boxes, rates, strict=True):
            with signals_blocked(box):
                shown = 100.0 * rate  # a file may hold a rate outside the usual range: widen
                box.setRange(min(low, shown), max(high, shown))
                box.setValue(shown)
        self.add_button.setEnabled(len(rates) < MAX_GROWTH_YEARS)
        self.remove_button.setEnabled(len(rates) > 1)
        if rates != self.curve.rates():  # redrawn only when the rates change
            self.curve.set_rates(rates)

    def value(self) -> list[float]:
        """The rates shown (fractions)."""
        return list(self._rates)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Fit as many year boxes in a row as the width allows."""
        super().resizeEvent(event)
        self._arrange()

    # --- edits -----------------------------------------------------------------------

    def _commit(self, rates: list[float]) -> None:
        """Show ``rates`` and emit them when they differ from the rates shown."""
        changed = rates != self._rates
        self.set_value(rates)
        if changed:
            self.value_edited.emit(list(rates))

    def _box_edited(self, year: int, shown: float) -> None:
        rates = list(self._rates)
        rates[year] = to_rate(max(shown, box_range(f"{self.path}.*")[0]))
        self._commit(rates)

    def _rate_dragged(self, year: int, rate: float) -> None:
        rates = list(self._rates)
        rates[year] = rate
        self._commit(rates)

    def _faded(self, rates: list[float]) -> None:
        self.fade_button.setChecked(False)
        self._commit(rates)

    def _toggle_fade(self, on: bool) -> None:
        if on:
            self.fade_row.prefill(self._rates)
        self.fade_row.setVisible(on)

    # --- the year boxes --------------------------------------------------------------

    def _rebuild(self, years: int) -> None:
        for cell in self._cells:
            self._grid.removeWidget(cell)
            cell.setParent(None)  # gone from findChild now, deleted later
            cell.deleteLater()
        self.boxes = [self._year_box(y) for y in range(years)]
        self._cells = [_cell(y, box) for y, box in enumerate(self.boxes)]
        self._year_boxes.setMinimumWidth(self._cells[0].minimumSizeHint().width())
        self._columns = 0
        self._arrange()

    def _year_box(self, year: int) -> QDoubleSpinBox:
        box = _percent_box(
            self.path,
            f"{self.path}.{year}",
            f"Annual growth of {self.kind.subject} in programme year {year + 1}; the last "
            "year's rate holds for all later years.",
        )
        box.setAccessibleName(f"{self.kind.subject} growth, year {year + 1}")
        box.valueChanged.connect(lambda shown, y=year: self._box_edited(y, shown))
        return box

    def _arrange(self) -> None:
        """Lay the year cells out in as many columns as fit, rows balanced."""
        columns = self._fitting_columns()
        if columns == self._columns:
            return
        self._columns = columns
        for cell in self._cells:
            self._grid.removeWidget(cell)
        for y, cell in enumerate(self._cells):
            self._grid.addWidget(cell, *divmod(y, columns))
        for c in range(MAX_COLUMNS):
            self._grid.setColumnStretch(c, 1 if c < columns else 0)

    def _fitting_columns(self) -> int:
        if not self._cells:
            return 1
        spacing = self._grid.horizontalSpacing()
        cell = self._cells[0].minimumSizeHint().width() + spacing
        fit = max(1, min(MAX_COLUMNS, (self.width() + spacing) // cell))
        rows = -(-len(self._cells) // fit)
        return -(-len(self._cells) // rows)


class GrowthEditor(QWidget):
    """The core cloud and AI demand growth lists, each titled, above its curve."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revenue.growth")
        self.core = GrowthListEditor("revenue.core_growth")
        self.ai = GrowthListEditor("revenue.ai_growth")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for editor in (self.core, self.ai):
            if editor is self.ai:
                layout.addSpacing(8)
            layout.addWidget(_title(editor))
            layout.addWidget(editor, stretch=1)


def _title(editor: GrowthListEditor) -> QWidget:
    """The list's bold title, with its "±" (a shift of every year's rate) at the right."""
    label = QLabel(editor.kind.title)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    label.setToolTip(_list_tip(editor.kind))
    title = QWidget()
    row = QHBoxLayout(title)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label, stretch=1)
    row.addWidget(UncertaintyButton(editor.path))
    return title


def _list_tip(kind: GrowthKind) -> str:
    return (
        f"Annual growth of {kind.subject} by programme year; the last year's rate holds for all "
        "later years."
    )


def _percent_box(path: str, name: str, tip: str) -> QDoubleSpinBox:
    """A box for one growth rate (the field ``<list>.*``: range, decimals, step, unit)."""
    box = number_box(f"{path}.*", name)
    box.setToolTip(tip)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    low, high = box.minimum(), box.maximum()
    metrics = box.fontMetrics()  # may shrink until only the largest rates are cut
    widest, usual = box.textFromValue(high), box.textFromValue(low)
    spare = metrics.horizontalAdvance(widest) - metrics.horizontalAdvance(usual)
    box.setMinimumWidth(box.sizeHint().width() - max(spare, 0))
    return box


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    label.setToolTip(buddy.toolTip())
    return label


def _cell(year: int, box: QDoubleSpinBox) -> QWidget:
    cell = QWidget()
    row = QHBoxLayout(cell)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    label = _caption(f"Y{year + 1}", box)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("Y30"))
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    row.addWidget(label)
    row.addWidget(box, stretch=1)
    return cell


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button
