"""The assumptions panel: every field of the scenario, in collapsible groups.

The panel owns the field editors and relays their edits as ``edited(path, value)``
plus the gesture signals; :meth:`InputPanel.set_scenario` shows a scenario in all
of them without emitting. Every input that is a driver has an uncertainty mark ("±");
the panel opens the distribution dialog for it and relays the new ``uncertainty``
section as ``edited("uncertainty", section)``, like any other edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget
from superqt import QCollapsible

from simulator import Scenario
from simulator.scenario import fields
from simulator.scenario.distributions import Distribution
from simulator.scenario.paths import get_path
from ui.inputs.base import FieldEditor
from ui.inputs.categories import CategoriesEditor
from ui.inputs.distribution import DistributionDialog, summary, units_for
from ui.inputs.growth import GrowthEditor
from ui.inputs.number import NumberField
from ui.inputs.simple import NUMBERS, BoolField, NotesField, TextField
from ui.inputs.uncertainty_group import UncertaintyButton, UncertaintyGroup, beside
from ui.inputs.year_split import YearSplitEditor

CURRENCY_PATTERN = r"[A-Z]{3}"
PERIOD_PATTERN = r"\d{4}Q[1-4]"


class InputPanel(QWidget):
    """All inputs of a scenario, grouped: Scenario, Programme, Categories, Revenue &
    growth, Capacity, Economics, Uncertainty."""

    edited = Signal(str, object)  # field path, new value
    gesture_started = Signal()
    gesture_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, FieldEditor] = {}
        self.growth = GrowthEditor()
        self.notes = NotesField()
        self.uncertainty = UncertaintyGroup()
        self._scenario: Scenario | None = None
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

    def _groups(self) -> list[tuple[str, list[tuple[str, QWidget]], bool]]:
        n = lambda path: NumberField(NUMBERS[path])  # noqa: E731
        return [
            (
                "Scenario",
                [
                    (
                        "Name",
                        TextField(
                            "name",
                            "Name of the scenario, shown in titles and exports.",
                            placeholder="Scenario name",
                        ),
                    ),
                    (
                        "Currency",
                        TextField(
                            "currency",
                            "ISO 4217 code of the money amounts (three capital letters).",
                            CURRENCY_PATTERN,
                        ),
                    ),
                    ("FX rate", n("usd_fx")),
                    (
                        "Start",
                        TextField("start", "First simulated quarter, like 2025Q1.", PERIOD_PATTERN),
                    ),
                    ("Horizon", n("horizon_years")),
                    ("Notes", self.notes),
                ],
                False,
            ),
            (
                "Programme",
                [
                    ("Total capex", n("program.total_capex")),
                    ("Spend per year", YearSplitEditor()),
                ],
                True,
            ),
            ("Categories", [("", CategoriesEditor())], True),
            (
                "Revenue & growth",
                [
                    ("Cloud revenue", n("revenue.base_quarterly")),
                    ("AI share", n("revenue.ai_share")),
                    ("", self.growth),
                ],
                True,
            ),
            (
                "Capacity",
                [
                    (
                        "",
                        BoolField(
                            "revenue.capacity_constrained",
                            "Capacity-constrained",
                            "When on, AI revenue is capped by existing plus programme "
                            "capacity; when off, all demand is served.",
                        ),
                    ),
                    ("Yield", n("revenue.yield")),
                    ("Price decline", n("revenue.price_decline")),
                ],
                True,
            ),
            (
                "Economics",
                [
                    ("EBITDA margin", n("economics.ebitda_margin")),
                    ("Tax rate", n("economics.tax_rate")),
                    ("Discount rate", n("economics.discount_rate")),
                    (
                        "",
                        BoolField(
                            "economics.residual_value",
                            "Count residual value",
                            "Count the net book value at the horizon's end as a final inflow.",
                        ),
                    ),
                ],
                True,
            ),
            ("Uncertainty", [("", self.uncertainty)], True),
        ]

    def _group(self, title: str, rows: list[tuple[str, QWidget]], expanded: bool) -> QWidget:
        group = QCollapsible(title.replace("&", "&&"))  # a literal &, not a mnemonic
        group.setObjectName(f"group.{title.split()[0].lower()}")
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setContentsMargins(8, 2, 4, 6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget in rows:
            if isinstance(widget, FieldEditor):
                self.editors[widget.path] = widget
            shown = _with_mark(widget)
            if label:
                caption = QLabel(label)
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
        doc: dict[str, Any] = {"notes": "", **scenario.to_dict()}  # notes may be absent
        for editor in self._all_editors():
            editor.set_value(get_path(doc, editor.path))
        self._show_uncertainty(scenario)

    # --- uncertainty ---------------------------------------------------------------------

    def marks(self) -> list[UncertaintyButton]:
        """Every "±" button of the inputs (category rows come and go)."""
        return self.findChildren(UncertaintyButton)

    def _show_uncertainty(self, scenario: Scenario) -> None:
        """Show which inputs are uncertain in their marks and the Uncertainty group."""
        unc = scenario.uncertainty_or_default
        for mark in self.marks():
            if not mark.wired:
                mark.requested.connect(self.edit_uncertainty)
                mark.wired = True
            dist = unc.distribution(mark.path)
            mark.show_distribution(None if dist is None else summary(dist, units_for(mark.path)))
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
