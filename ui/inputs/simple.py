"""Specs of the scenario's scalar fields and the simple (bool, text) editors."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRegularExpression, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from ui.inputs.base import FieldEditor
from ui.inputs.number import NumberSpec

PCT = {"unit": "%", "scale": 100.0, "decimals": 1}

NUMBERS: dict[str, NumberSpec] = {
    s.path: s
    for s in (
        NumberSpec(
            "program.total_capex",
            "Total capex",
            0,
            2000,
            5,
            1,
            "bn",
            tip="Total spend of the programme over its years, in billions of the currency.",
        ),
        NumberSpec(
            "horizon_years",
            "Horizon",
            1,
            30,
            1,
            0,
            "years",
            integer=True,
            tip="Years simulated; spend after the horizon is not modelled.",
        ),
        NumberSpec(
            "usd_fx",
            "FX rate",
            0.0001,
            10000,
            0.01,
            4,
            "per USD",
            tip="Units of the scenario currency per US dollar, for the USD view.",
        ),
        NumberSpec(
            "revenue.base_quarterly",
            "Cloud revenue",
            0,
            1000,
            0.5,
            2,
            "bn/qtr",
            tip="Cloud revenue in the quarter before the start (R0).",
        ),
        NumberSpec(
            "revenue.ai_share",
            "AI share",
            0,
            100,
            0.5,
            tip=(
                "Share of today's cloud revenue that is AI-related (a0); it grows at the AI rate."
            ),
            **PCT,
        ),
        NumberSpec(
            "revenue.yield",
            "Yield",
            0,
            5,
            0.01,
            2,
            "/yr",
            tip=(
                "Annual revenue one unit of capacity capex earns at the prices of its purchase "
                "quarter."
            ),
        ),
        NumberSpec(
            "revenue.price_decline",
            "Price decline",
            0,
            95,
            0.5,
            tip=(
                "Annual fall in the price of compute: later hardware buys more capacity per unit."
            ),
            **PCT,
        ),
        NumberSpec(
            "economics.ebitda_margin",
            "EBITDA margin",
            -100,
            100,
            0.5,
            tip=("Cash margin on programme revenue, before depreciation and tax."),
            **PCT,
        ),
        NumberSpec(
            "economics.tax_rate",
            "Tax rate",
            0,
            95,
            0.5,
            tip=("Tax on programme EBIT; a loss earns a credit (group relief)."),
            **PCT,
        ),
        NumberSpec(
            "economics.discount_rate",
            "Discount rate",
            -50,
            100,
            0.25,
            2,
            "%",
            100.0,
            tip="Annual rate the cash flows are discounted at (the hurdle rate).",
        ),
    )
}

CATEGORY_NUMBERS: dict[str, NumberSpec] = {
    s.path: s
    for s in (
        NumberSpec("share", "Share", 0, 100, 0.5, tip="Share of every quarter's spend.", **PCT),
        NumberSpec(
            "life_years",
            "Life",
            0.25,
            50,
            0.25,
            2,
            "yr",
            tip="Straight-line depreciation life in years (rounded to quarters).",
        ),
        NumberSpec(
            "lag_quarters",
            "Lag",
            0,
            40,
            1,
            0,
            "qtr",
            integer=True,
            tip="Quarters from spend until the asset is in service.",
        ),
    )
}


class BoolField(FieldEditor):
    """A check box for a true/false field."""

    def __init__(self, path: str, text: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.box = QCheckBox(text)
        self.box.setObjectName(f"{path}.box")
        self.setToolTip(tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self.box.toggled.connect(self.value_edited.emit)

    def set_value(self, value: Any) -> None:
        """Show ``value`` (not emitting)."""
        self.box.blockSignals(True)
        self.box.setChecked(bool(value))
        self.box.blockSignals(False)


class TextField(FieldEditor):
    """A one-line text field, committed on Enter or when focus leaves."""

    def __init__(
        self,
        path: str,
        tip: str,
        pattern: str = "",
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(path, parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"{path}.edit")
        self.edit.setPlaceholderText(placeholder)
        if pattern:
            self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern)))
        self.pattern = re.compile(pattern) if pattern else None
        self.setToolTip(tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.editingFinished.connect(self._commit)
        self._shown = ""

    def set_value(self, value: Any) -> None:
        """Show ``value`` (not emitting)."""
        self._shown = str(value)
        self.edit.setText(self._shown)

    def _commit(self) -> None:
        text = self.edit.text()
        if text != self._shown and (self.pattern is None or self.pattern.fullmatch(text)):
            self.value_edited.emit(text)


class NotesField(FieldEditor):
    """Multi-line notes, committed half a second after typing stops (or by ``commit``)."""

    def __init__(self, path: str = "notes", parent: QWidget | None = None) -> None:
        super().__init__(path, parent)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"{path}.edit")
        self.edit.setPlaceholderText("Sources, assumptions and reasoning behind this scenario")
        self.setToolTip("Free text saved with the scenario: cite sources, label assumptions.")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self._timer = QTimer(self, singleShot=True, interval=500)
        self._timer.timeout.connect(self.commit)
        self.edit.textChanged.connect(self._timer.start)
        self._shown = ""

    def set_value(self, value: Any) -> None:
        """Show ``value`` (not emitting); keeps the cursor if the text is unchanged."""
        self._shown = str(value or "")
        if self.edit.toPlainText() != self._shown:
            self.edit.blockSignals(True)
            self.edit.setPlainText(self._shown)
            self.edit.blockSignals(False)

    def commit(self) -> None:
        """Emit the text if it differs from the document's."""
        self._timer.stop()
        text = self.edit.toPlainText()
        if text != self._shown:
            self._shown = text
            self.value_edited.emit(text)
