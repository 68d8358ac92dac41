"""The categories table: name, share, life, economic life, lag, whether each adds capacity.

Every cell is a real input named by its field path (``program.categories.1.share``),
with the label, unit, range and tooltip of its field in the field table.
Editing a share rebalances the other categories proportionally so the shares keep
summing to 100 %; rows can be added and removed (1 to 20 categories).
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.scenario import fields
from simulator.scenario.limits import MAX_CATEGORIES
from simulator.scenario.shares import add_share, rebalance, remove_share
from ui.common.elided import ElidedLineEdit
from ui.inputs.base import FieldEditor, button_row, number_box
from ui.inputs.uncertainty_group import UncertaintyButton, beside

COLUMNS = ("name", "share", "life_years", "economic_life_years", "lag_quarters", "adds_capacity")
NUMBERS = ("share", "life_years", "economic_life_years", "lag_quarters")
FOLLOWS = "= life"  # shown for an economic life that follows the depreciation life


def header(key: str) -> str:
    """A column's title from the field table, on two lines so the cells stay narrow:
    ``Life\n(years)``, ``Economic\nlife (years)``, ``Category\nname``."""
    f = fields.field(f"program.categories.*.{key}")
    unit = f.unit.label()
    if not unit:
        return f.label.replace(" ", "\n", 1)
    first, _, rest = f.label.partition(" ")  # "Economic\nlife (years)": a narrow column
    return f"{first}\n{rest} ({unit})" if rest else f"{f.label}\n({unit})"


HEADERS = tuple(header(key) for key in COLUMNS)
NEW_CATEGORY = {
    "life_years": 5.0,
    "economic_life_years": None,
    "lag_quarters": 1,
    "adds_capacity": True,
}


class CategoriesEditor(FieldEditor):
    """Editable table of ``program.categories`` (the whole list is the value)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("program.categories", parent)
        self._rows: list[dict[str, Any]] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton("+ category")
        self.add_button.setObjectName("program.categories.add")
        self.add_button.setToolTip("Add a category; it takes an equal share from the others.")
        self.remove_button = QPushButton("− category")
        self.remove_button.setObjectName("program.categories.remove")
        self.remove_button.setToolTip(
            "Remove the selected category (else the last); its "
            "share goes to the others proportionally."
        )
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(button_row(self.add_button, self.remove_button))

    def set_value(self, value: list[dict[str, Any]]) -> None:
        """Show the categories (not emitting); rows are rebuilt only when the count changes."""
        self._rows = [dict(c) for c in value]
        if self.table.rowCount() != len(value):
            self._rebuild()
        for i, cat in enumerate(self._rows):
            self._fill_row(i, cat)
        self.add_button.setEnabled(len(value) < MAX_CATEGORIES)
        self.remove_button.setEnabled(len(value) > 1)
        self.table.setFixedHeight(self._table_height())

    def _rebuild(self) -> None:
        self.table.setRowCount(len(self._rows))
        for i in range(len(self._rows)):
            prefix = f"program.categories.{i}"
            # a long name elided in the middle while not edited
            name = ElidedLineEdit(fields.field(f"{prefix}.name").tip)
            name.setObjectName(f"{prefix}.name")
            name.editingFinished.connect(lambda i=i, w=name: self._edit(i, "name", w.text()))
            self.table.setCellWidget(i, 0, name)
            for col, key in enumerate(NUMBERS, start=1):
                spin = number_box(f"{prefix}.{key}")
                spin.setSuffix("")  # the unit is in the column's title
                spin.setFrame(False)
                if key == "economic_life_years":  # its minimum reads "= life": follows it
                    spin.setMinimum(0.0)
                    spin.setSpecialValueText(FOLLOWS)
                _compact(spin, key)
                spin.valueChanged.connect(lambda v, i=i, k=key: self._edit_number(i, k, v))
                cell = spin
                if key != "share":  # life and lag are drivers: "±" makes them uncertain
                    cell = beside(
                        spin, UncertaintyButton(f"{prefix}.{key}", compact=True), spacing=0
                    )
                self.table.setCellWidget(i, col, cell)
            box = QCheckBox()
            box.setObjectName(f"{prefix}.adds_capacity")
            box.setToolTip(fields.field(f"{prefix}.adds_capacity").tip)
            box.toggled.connect(lambda on, i=i: self._edit(i, "adds_capacity", on))
            self.table.setCellWidget(i, len(NUMBERS) + 1, _centered(box))

    def _fill_row(self, i: int, cat: dict[str, Any]) -> None:
        spins = [self._spin_at(i, c) for c in range(1, len(NUMBERS) + 1)]
        widgets = [self.table.cellWidget(i, 0), *spins]
        box = self.table.cellWidget(i, len(NUMBERS) + 1).findChild(QCheckBox)
        name, share, life, economic, lag = widgets
        with ExitStack() as quiet:
            for w in (*widgets, box):
                quiet.enter_context(signals_blocked(w))
            name.setText(cat["name"])
            name.setCursorPosition(0)  # show the start of a long name
            share.setValue(cat["share"] * _scale("share"))
            life.setValue(cat["life_years"] * _scale("life_years"))
            own = cat.get("economic_life_years")
            economic.setValue(0.0 if own is None else own * _scale("economic_life_years"))
            lag.setValue(cat["lag_quarters"])
            box.setChecked(cat["adds_capacity"])

    def _spin_at(self, row: int, col: int) -> QDoubleSpinBox:
        """The spin box of a number cell (alone, or beside its "±")."""
        cell = self.table.cellWidget(row, col)
        return cell if isinstance(cell, QDoubleSpinBox) else cell.findChild(QDoubleSpinBox)

    def _table_height(self) -> int:
        rows = sum(self.table.rowHeight(i) for i in range(self.table.rowCount()))
        header = self.table.horizontalHeader().sizeHint().height()  # two-line titles
        return rows + header + 2 * self.table.frameWidth()

    def _edit_number(self, i: int, key: str, shown: float) -> None:
        if key == "share":
            shares = rebalance([c["share"] for c in self._rows], i, shown / _scale("share"))
            self._emit_shares(shares)
        elif key == "lag_quarters":
            self._edit(i, key, round(shown))
        elif key == "economic_life_years" and shown <= 0.0:
            self._edit(i, key, None)  # back to "= life": it follows the depreciation life
        else:
            self._edit(i, key, shown / _scale(key))

    def _edit(self, i: int, key: str, value: Any) -> None:
        if i < len(self._rows) and self._rows[i][key] != value:
            rows = [dict(c) for c in self._rows]
            rows[i][key] = value
            self.value_edited.emit(rows)

    def _emit_shares(self, shares: tuple[float, ...]) -> None:
        rows = [dict(c, share=s) for c, s in zip(self._rows, shares, strict=True)]
        if rows != self._rows:
            self.value_edited.emit(rows)
        else:  # nothing could change (e.g. one category): show the old value again
            self.set_value(self._rows)

    def _add(self) -> None:
        shares = add_share([c["share"] for c in self._rows])
        names = {c["name"] for c in self._rows}
        name = next(
            f"Category {n}" for n in range(len(self._rows) + 1, 999) if f"Category {n}" not in names
        )
        rows = [dict(c, share=s) for c, s in zip(self._rows, shares, strict=False)]
        rows.append({"name": name, "share": shares[-1], **NEW_CATEGORY})
        self.value_edited.emit(rows)

    def _remove(self) -> None:
        index = self.table.currentRow()
        index = index if 0 <= index < len(self._rows) else len(self._rows) - 1
        shares = remove_share([c["share"] for c in self._rows], index)
        rows = [dict(c) for j, c in enumerate(self._rows) if j != index]
        self.value_edited.emit([dict(c, share=s) for c, s in zip(rows, shares, strict=True)])


def _scale(key: str) -> float:
    """Model -> display factor of a category column (100 for the share's percent)."""
    return fields.field(f"program.categories.*.{key}").unit.factor()


SAMPLES = {
    "share": "100.0",
    "life_years": "99.99",
    "economic_life_years": "99.99",
    "lag_quarters": "99",
}
"""The widest usual text of each number column: the cells are sized to it, not to the
field's whole range, so the name column keeps room to be read."""


def _compact(spin: QDoubleSpinBox, key: str) -> None:
    """A cell without step arrows (type, scroll or use the arrow keys), as wide as
    the column's usual values."""
    spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    metrics = spin.fontMetrics()
    text = max(SAMPLES[key], spin.specialValueText() or "", key=metrics.horizontalAdvance)
    spin.setFixedWidth(metrics.horizontalAdvance(text) + 12)


def _centered(widget: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(widget)
    return holder
