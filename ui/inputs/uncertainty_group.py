"""Making inputs uncertain: the "±" marks beside inputs and the Uncertainty group.

An :class:`UncertaintyButton` ("±", checked while its input is uncertain) sits beside
every input that is a driver (in the categories table, inside the life and lag
cells). It only *asks* for an edit (``requested(path)``); the panel opens the
distribution dialog, writes the ``uncertainty`` section, and shows the document's
state back in the buttons.
:class:`UncertaintyGroup` lists the uncertain inputs and edits their rank
correlations; an inconsistent set shows the model's message inline.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.analysis.drivers import drivers
from simulator.errors import ScenarioError
from simulator.scenario.uncertainty import Uncertainty
from simulator.scenario.value import Scenario
from ui.common.format import scenario_money
from ui.inputs.base import button_row
from ui.inputs.distribution_rules import ERROR_STYLE, summary, units_for

CERTAIN_TIP = "Certain — click to make this input uncertain (give it a distribution)"
BUTTON_STYLE = "QToolButton:checked { background: #d6eaf8; color: #154360; font-weight: bold; }"
EMPTY_TEXT = "No uncertain inputs: click ± beside an input, or pick one below."


class UncertaintyButton(QToolButton):
    """'±' beside an input: checked while the input is uncertain; a click asks to edit."""

    requested = Signal(str)  # the input's driver path

    def __init__(self, path: str, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setObjectName(f"{path}.uncertainty")
        self.setText("±")
        self.setCheckable(True)
        if compact:  # inside a table cell: no frame, just wide enough for the sign
            self.setAutoRaise(True)
            self.setFixedWidth(self.fontMetrics().horizontalAdvance("±") + 10)
        self.setStyleSheet(BUTTON_STYLE)
        self.setAccessibleName("Uncertainty")
        self._summary: str | None = None
        self._shown = False
        self.wired = False  # whether the panel listens to it yet
        self.clicked.connect(self._clicked)
        self.show_distribution(None)

    def show_distribution(self, text: str | None) -> None:
        """Show the input as uncertain (``text`` summarises its distribution) or certain."""
        if self._shown and text == self._summary:
            return
        self._summary, self._shown = text, True
        with signals_blocked(self):
            self.setChecked(text is not None)
        self.setToolTip(f"{text} — click to edit" if text else CERTAIN_TIP)

    def _clicked(self) -> None:
        with signals_blocked(self):  # the document decides the look, not the click
            self.setChecked(self._summary is not None)
        self.requested.emit(self.path)


def beside(widget: QWidget, button: QWidget, spacing: int = 4) -> QWidget:
    """``widget`` with ``button`` at its right, in one row."""
    row_widget = QWidget()
    row = QHBoxLayout(row_widget)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    row.addWidget(widget, stretch=1)
    row.addWidget(button)
    return row_widget


class UncertaintyGroup(QWidget):
    """The uncertain inputs (double-click to edit, remove) and their rank correlations.

    ``requested(path)`` asks to edit an input's distribution; ``section_edited`` carries
    a whole new ``uncertainty`` section, already checked against the scenario.
    """

    requested = Signal(str)
    section_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("uncertainty")
        self._scenario: Scenario | None = None
        self._unc = Uncertainty()
        self._labels: dict[str, str] = {}
        self._table_paths: tuple[str, ...] = ()  # the inputs the table's combos list
        self._make_inputs()
        self._make_correlations()
        self.error = QLabel()
        self.error.setObjectName("uncertainty.error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addLayout(button_row(self.add_combo, self.edit_button, self.remove_button))
        layout.addWidget(self.correlations_title)
        layout.addWidget(self.table)
        layout.addLayout(button_row(self.add_pair_button, self.remove_pair_button))
        layout.addWidget(self.error)

    # --- construction ----------------------------------------------------------------

    def _make_inputs(self) -> None:
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("uncertainty.inputs")
        self.list.setToolTip("The uncertain inputs and their distributions; double-click to edit.")
        self.list.itemDoubleClicked.connect(lambda item: self.requested.emit(_path_of(item)))
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.add_combo = QComboBox()
        self.add_combo.setObjectName("uncertainty.add")
        self.add_combo.setToolTip("Give one more input a distribution.")
        self.add_combo.activated.connect(self._add_chosen)
        self.edit_button = _button(
            "Edit…", "uncertainty.edit", "Edit the selected input's distribution."
        )
        self.remove_button = _button(
            "Remove", "uncertainty.remove", "Make the selected input certain again."
        )
        self.edit_button.clicked.connect(lambda: self._with_selected(self.requested.emit))
        self.remove_button.clicked.connect(lambda: self._with_selected(self._remove_input))

    def _make_correlations(self) -> None:
        self.correlations_title = QLabel("Rank correlations")
        self.correlations_title.setToolTip(
            "Spearman rank correlation between two uncertain inputs (−1 .. 1); inputs not "
            "listed are drawn independently."
        )
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("uncertainty.correlations")
        self.table.setHorizontalHeaderLabels(("Input", "with input", "Rank"))
        self.table.setToolTip(self.correlations_title.toolTip())
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for col in (0, 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.add_pair_button = _button(
            "+ correlation", "uncertainty.correlations.add", "Correlate two uncertain inputs."
        )
        self.remove_pair_button = _button(
            "− correlation",
            "uncertainty.correlations.remove",
            "Remove the selected correlation (else the last).",
        )
        self.add_pair_button.clicked.connect(self._add_pair)
        self.remove_pair_button.clicked.connect(self._remove_pair)

    # --- showing ---------------------------------------------------------------------

    def set_scenario(self, scenario: Scenario) -> None:
        """Show the scenario's uncertain inputs and correlations (not emitting)."""
        self._scenario = scenario
        self._unc = scenario.uncertainty_or_default
        self._labels = {d.path: d.label for d in drivers(scenario)}
        self._fill_list()
        self._fill_add_combo()
        self._fill_table()
        self.error.clear()
        self.error.hide()

    def _fill_list(self) -> None:
        selected = [_path_of(i) for i in self.list.selectedItems()]
        money = scenario_money(self._scenario) if self._scenario is not None else None
        with signals_blocked(self.list):
            self.list.clear()
            for path, dist in self._unc.inputs:
                units = units_for(path, money)
                text = f"{self._labels.get(path, path)}: {summary(dist, units)}"
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, path)
                item.setToolTip(f"{text}\nDouble-click to edit.")
                self.list.addItem(item)
                item.setSelected(path in selected)
        count = self.list.count()
        self.list.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        rows = self.list.sizeHintForRow(0) * min(max(count, 1), 8)
        self.list.setFixedHeight(rows + 2 * self.list.frameWidth() + 4)
        self._selection_changed()

    def _fill_add_combo(self) -> None:
        uncertain = set(self._unc.paths_of_inputs)
        with signals_blocked(self.add_combo):
            self.add_combo.clear()
            self.add_combo.addItem("Make uncertain…", "")
            for path, label in self._labels.items():
                if path not in uncertain:
                    self.add_combo.addItem(label, path)

    def _fill_table(self) -> None:
        rows = self._unc.correlations
        paths = self._unc.paths_of_inputs
        new_rows = self._resize_table(len(rows))
        for i in range(len(rows)):
            if paths != self._table_paths or i in new_rows:
                for combo in self._row_widgets(i)[:2]:
                    self._fill_choices(combo, paths)
        self._table_paths = paths
        for i, (a, b, rank) in enumerate(rows):
            combo_a, combo_b, spin = self._row_widgets(i)
            with signals_blocked(combo_a), signals_blocked(combo_b), signals_blocked(spin):
                combo_a.setCurrentIndex(combo_a.findData(a))
                combo_b.setCurrentIndex(combo_b.findData(b))
                spin.setValue(rank)
        self._fit_table(paths, rows)

    def _fit_table(self, paths: tuple[str, ...], rows: tuple[tuple[str, str, float], ...]) -> None:
        """Enable the buttons, hide it all below two inputs, fit the table's height."""
        self.add_pair_button.setEnabled(_free_pair(paths, rows) is not None)
        self.remove_pair_button.setEnabled(bool(rows))
        shown = (self.correlations_title, self.table, self.add_pair_button, self.remove_pair_button)
        for w in shown:
            w.setVisible(len(paths) >= 2)
        height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(height + self.table.horizontalHeader().sizeHint().height() + 4)

    def _resize_table(self, count: int) -> range:
        """Make ``count`` rows, keeping the widgets of existing ones; the new rows' indexes."""
        old = self.table.rowCount()
        self.table.setRowCount(count)
        for i in range(old, count):
            for col, end in enumerate(("a", "b")):
                combo = QComboBox()
                combo.setObjectName(f"uncertainty.correlations.{i}.{end}")
                combo.setToolTip("One of the two correlated inputs.")
                combo.currentIndexChanged.connect(self._table_edited)
                self.table.setCellWidget(i, col, combo)
            self.table.setCellWidget(i, 2, self._rank_spin(i))
        return range(old, count)

    def _fill_choices(self, combo: QComboBox, paths: tuple[str, ...]) -> None:
        with signals_blocked(combo):
            combo.clear()
            for path in paths:
                combo.addItem(self._labels.get(path, path), path)

    def _rank_spin(self, row: int) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(f"uncertainty.correlations.{row}.rank")
        spin.setRange(-1.0, 1.0)
        spin.setSingleStep(0.05)
        spin.setDecimals(2)
        spin.setKeyboardTracking(False)
        spin.setFrame(False)
        spin.setToolTip("Rank correlation from −1 (opposite) through 0 (none) to 1 (together).")
        spin.valueChanged.connect(self._table_edited)
        return spin

    def _row_widgets(self, row: int) -> tuple[QComboBox, QComboBox, QDoubleSpinBox]:
        return (
            self.table.cellWidget(row, 0),
            self.table.cellWidget(row, 1),
            self.table.cellWidget(row, 2),
        )

    # --- edits -----------------------------------------------------------------------

    def _selection_changed(self) -> None:
        chosen = bool(self.list.selectedItems())
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _with_selected(self, action: object) -> None:
        items = self.list.selectedItems()
        if items:
            action(_path_of(items[0]))  # type: ignore[operator]

    def _add_chosen(self, index: int) -> None:
        path = self.add_combo.itemData(index)
        with signals_blocked(self.add_combo):
            self.add_combo.setCurrentIndex(0)
        if path:
            self.requested.emit(path)

    def _remove_input(self, path: str) -> None:
        self._write(self._unc.with_input(path, None))

    def _table_edited(self) -> None:
        rows = []
        for i in range(self.table.rowCount()):
            combo_a, combo_b, spin = self._row_widgets(i)
            rows.append((combo_a.currentData(), combo_b.currentData(), spin.value()))
        self._write_correlations(tuple(rows))

    def _add_pair(self) -> None:
        pair = _free_pair(self._unc.paths_of_inputs, self._unc.correlations)
        if pair is not None:
            self._write_correlations((*self._unc.correlations, (*pair, 0.0)))

    def _remove_pair(self) -> None:
        rows = list(self._unc.correlations)
        row = self.table.currentRow()
        del rows[row if 0 <= row < len(rows) else -1]
        self._write_correlations(tuple(rows))

    def _write_correlations(self, rows: tuple[tuple[str, str, float], ...]) -> None:
        self._write(dataclasses.replace(self._unc, correlations=rows))

    def _write(self, unc: Uncertainty) -> None:
        """Emit ``unc`` as the new section if the scenario accepts it, else say why."""
        if self._scenario is None:
            return
        section = unc.to_dict()
        try:
            self._scenario.with_field("uncertainty", section)
        except ScenarioError as exc:
            self.error.setText(exc.rule[:1].upper() + exc.rule[1:] + ".")
            self.error.show()
            return
        self.error.clear()
        self.error.hide()
        self.section_edited.emit(section)


def _free_pair(
    paths: tuple[str, ...], rows: tuple[tuple[str, str, float], ...]
) -> tuple[str, str] | None:
    """The first pair of ``paths`` not yet correlated, if any."""
    taken = {frozenset((a, b)) for a, b, _ in rows}
    for i, a in enumerate(paths):
        for b in paths[i + 1 :]:
            if frozenset((a, b)) not in taken:
                return a, b
    return None


def _path_of(item: QListWidgetItem) -> str:
    return item.data(Qt.ItemDataRole.UserRole)


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button
