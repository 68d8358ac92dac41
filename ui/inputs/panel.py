"""The assumptions panel: every field of the scenario, in collapsible groups.

The panel owns the field editors and relays their edits as ``edited(path, value)``
plus the gesture signals; :meth:`InputPanel.set_scenario` shows a scenario in all
of them without emitting. Every input that is a driver has an uncertainty mark ("±");
the panel opens the distribution dialog for it and relays the new ``uncertainty``
section as ``edited("uncertainty", section)``, like any other edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget
from superqt import QCollapsible

from simulator import Scenario, ScenarioError
from simulator.scenario import fields
from simulator.scenario.distributions import Distribution
from simulator.scenario.paths import get_path
from ui.document.projection import money_of
from ui.inputs.base import FieldEditor
from ui.inputs.categories import CategoriesEditor
from ui.inputs.choice import EXISTING_CHOICES, TERMINAL_CHOICES, ChoiceField
from ui.inputs.distribution import DistributionDialog
from ui.inputs.distribution_rules import summary, units_for
from ui.inputs.growth import GrowthEditor
from ui.inputs.history import HistoryEditor
from ui.inputs.number import NumberField
from ui.inputs.seasonality import SeasonalityEditor
from ui.inputs.simple import BoolField, NotesField, TextField
from ui.inputs.uncertainty_group import UncertaintyButton, UncertaintyGroup, beside
from ui.inputs.year_split import YearSplitEditor

CURRENCY_PATTERN = r"[A-Z]{3}"
PERIOD_PATTERN = r"\d{4}Q[1-4]"


class InputPanel(QWidget):
    """All inputs of a scenario, grouped: Scenario, History, Programme, Categories,
    Revenue & growth, Capacity, Economics, Terminal value, Uncertainty."""

    edited = Signal(str, object)  # field path, new value
    gesture_started = Signal()
    gesture_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, FieldEditor] = {}
        self.growth = GrowthEditor()
        self.notes = NotesField()
        self.history = HistoryEditor()
        self.uncertainty = UncertaintyGroup()
        self._scenario: Scenario | None = None
        self._in_usd = False
        self._marks: tuple[int, list[UncertaintyButton]] = (-2, [])  # by category count
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        for title, rows, expanded in self._groups():
            column.addWidget(self._group(title, rows, expanded))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        for editor in self._all_editors():
            self._connect(editor)
        self.uncertainty.requested.connect(self.edit_uncertainty)
        self.uncertainty.section_edited.connect(lambda v: self.edited.emit("uncertainty", v))

    def _groups(self) -> list[tuple[str, list[tuple[QWidget, bool]], bool]]:
        """(title, rows, expanded): each row an editor and whether it gets a caption
        (its field's label); check boxes and tables carry their own."""
        n = NumberField
        return [
            (
                "Scenario",
                [
                    (TextField("name", placeholder="Scenario name"), True),
                    (TextField("currency", CURRENCY_PATTERN), True),
                    (n("usd_fx"), True),
                    (TextField("start", PERIOD_PATTERN), True),
                    (n("horizon_years"), True),
                    (self.notes, True),
                ],
                False,
            ),
            ("History", [(self.history, False)], False),
            ("Programme", [(n("program.total_capex"), True), (YearSplitEditor(), True)], True),
            ("Categories", [(CategoriesEditor(), False)], True),
            (
                "Revenue & growth",
                [
                    (n("revenue.base_quarterly"), True),
                    (n("revenue.ai_share"), True),
                    (self.growth, False),
                    (SeasonalityEditor(), True),
                ],
                True,
            ),
            (
                "Capacity",
                [
                    (BoolField("revenue.capacity_constrained"), False),
                    (n("revenue.yield"), True),
                    (n("revenue.price_decline"), True),
                    (n("revenue.ramp_quarters"), True),
                    (ChoiceField("capacity.existing", EXISTING_CHOICES), True),
                    (BoolField("capacity.refresh"), False),
                    (n("capacity.refresh_share"), True),
                ],
                True,
            ),
            (
                "Economics",
                [
                    (n("economics.ebitda_margin"), True),
                    (n("economics.core_margin"), True),
                    (n("economics.fixed_cost"), True),
                    (n("economics.attribution"), True),
                    (n("economics.tax_rate"), True),
                    (n("economics.discount_rate"), True),
                ],
                True,
            ),
            (
                "Terminal value",
                [
                    (ChoiceField("economics.terminal.method", TERMINAL_CHOICES), True),
                    (n("economics.terminal.growth"), True),
                    (n("economics.terminal.years"), True),
                    (n("economics.terminal.multiple"), True),
                ],
                True,
            ),
            ("Uncertainty", [(self.uncertainty, False)], True),
        ]

    def _group(self, title: str, rows: list[tuple[QWidget, bool]], expanded: bool) -> QWidget:
        group = QCollapsible(title.replace("&", "&&"))  # a literal &, not a mnemonic
        group.setObjectName(f"group.{title.split()[0].lower()}")
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setContentsMargins(8, 2, 4, 6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for widget, captioned in rows:
            if isinstance(widget, FieldEditor):
                self.editors[widget.path] = widget
            shown = _with_mark(widget)
            if captioned and isinstance(widget, FieldEditor):
                caption = QLabel(fields.field(widget.path).label)
                caption.setToolTip(widget.toolTip())
                form.addRow(caption, shown)
            else:
                form.addRow(shown)
        group.addWidget(form_widget)
        group.setDuration(0)
        if expanded:
            group.expand(animate=False)
        else:
            group.collapse(animate=False)
        return group

    def _all_editors(self) -> list[FieldEditor]:
        return [*self.editors.values(), self.growth.core, self.growth.ai]

    def _connect(self, editor: FieldEditor) -> None:
        editor.value_edited.connect(lambda value, p=editor.path: self.edited.emit(p, value))
        editor.gesture_started.connect(self.gesture_started)
        editor.gesture_finished.connect(self.gesture_finished)

    def editor(self, path: str) -> FieldEditor:
        """The editor of a field path (growth lists included)."""
        return {e.path: e for e in self._all_editors()}[path]

    def set_scenario(self, scenario: Scenario) -> None:
        """Show every field of ``scenario`` (editors do not emit)."""
        self._scenario = scenario
        money = money_of(scenario, self._in_usd)
        doc: dict[str, Any] = {"notes": "", "history": None, **scenario.to_dict()}
        self.history.set_start(scenario.start)
        self.history.set_money(money)
        for editor in self._all_editors():
            if isinstance(editor, NumberField):
                editor.set_money(money)
            editor.set_value(get_path(doc, editor.path))
        self._show_uncertainty(scenario)
        self._enable_dependents(scenario)

    def _enable_dependents(self, scenario: Scenario) -> None:
        """Grey out the inputs the scenario's choices leave unused: the perpetuity's
        growth and years outside the Gordon method, the multiple outside the multiple
        method, the refreshed share when nothing is refreshed."""
        method = scenario.economics.terminal.method
        for path, used in (
            ("economics.terminal.growth", method == "gordon"),
            ("economics.terminal.years", method == "gordon"),
            ("economics.terminal.multiple", method == "multiple"),
            ("capacity.refresh_share", scenario.capacity.refresh),
        ):
            editor = self.editors[path]
            if editor.isEnabled() != used:
                editor.setEnabled(used)

    def bind(self, document: Any, refused: Callable[[str], object]) -> None:
        """Edit ``document`` (a document or the active one): every edit goes to it and
        its changes come back here. A refused edit shows the value that stands and
        tells ``refused`` why."""

        def apply(path: str, value: object) -> None:
            try:
                document.set_field(path, value)
            except ScenarioError as exc:
                refused(f"Not applied: {exc}")
                self.set_scenario(document.scenario)

        self.edited.connect(apply)
        self.gesture_started.connect(document.begin_gesture)
        self.gesture_finished.connect(document.end_gesture)
        document.changed.connect(lambda _scenario: self.set_scenario(document.scenario))
        self.set_scenario(document.scenario)

    def set_in_usd(self, on: bool) -> None:
        """Show money inputs in USD (at the scenario's rate) or in its own currency,
        as the window's "Show money in" switch says; edits are stored in the scenario's
        currency either way."""
        if bool(on) != self._in_usd:
            self._in_usd = bool(on)
            if self._scenario is not None:
                self.set_scenario(self._scenario)

    def commit_typing(self) -> None:
        """Commit what is still being typed (the notes) before a save or a close."""
        self.notes.commit()

    # --- uncertainty ---------------------------------------------------------------------

    def marks(self) -> list[UncertaintyButton]:
        """Every "±" button of the inputs (category rows come and go)."""
        count = len(self._scenario.program.categories) if self._scenario is not None else -1
        if count != self._marks[0]:
            self._marks = (count, self.findChildren(UncertaintyButton))
        return self._marks[1]

    def _show_uncertainty(self, scenario: Scenario) -> None:
        """Show which inputs are uncertain in their marks and the Uncertainty group."""
        unc = scenario.uncertainty_or_default
        money = money_of(scenario, self._in_usd)
        for mark in self.marks():
            if not mark.wired:
                mark.requested.connect(self.edit_uncertainty)
                mark.wired = True
            dist = unc.distribution(mark.path)
            units = units_for(mark.path, money)
            mark.show_distribution(None if dist is None else summary(dist, units))
        self.uncertainty.set_scenario(scenario)

    def edit_uncertainty(self, path: str) -> None:
        """Open the distribution dialog of input ``path``; OK writes the section."""
        if self._scenario is None:
            return
        dialog = DistributionDialog(self._scenario, path, self)
        dialog.accepted.connect(lambda: self._write_distribution(path, dialog.distribution()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _write_distribution(self, path: str, dist: Distribution | None) -> None:
        if self._scenario is None:
            return
        unc = self._scenario.uncertainty_or_default
        if unc.distribution(path) != dist:
            self.edited.emit("uncertainty", unc.with_input(path, dist).to_dict())


def _with_mark(widget: QWidget) -> QWidget:
    """A number input that is a driver gets its "±" button beside it."""
    if isinstance(widget, NumberField) and fields.is_driver_path(widget.path):
        return beside(widget, UncertaintyButton(widget.path))
    return widget
