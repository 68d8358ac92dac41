"""How the paths are drawn and when a run may stop: the ``uncertainty`` section's
``sampler``, ``replicates`` and ``precision``, edited through the document.

``uncertainty.sampler`` picks plain random, Latin hypercube or Sobol' sampling;
``uncertainty.replicates`` the independent randomisations an LHS or Sobol' run is
made of (its intervals come from their spread); ``uncertainty.precision.metric`` a
statistic whose 95% interval stops the run once it is at most ``± half_width``
(``uncertainty.precision.half_width``, shown in points for a probability) or
``± relative`` x the estimate (``uncertainty.precision.relative``, in %), the choice
between the two in ``uncertainty.precision``. Every change is one undoable edit of the
section; what the model refuses is shown by :attr:`SamplingControls.error` and
nothing changes.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)
from superqt.utils import signals_blocked

from simulator.errors import ScenarioError
from simulator.scenario.uncertainty import (
    MAX_REPLICATES,
    MIN_REPLICATES,
    Precision,
    Statistic,
    Uncertainty,
    parse_statistic,
)
from simulator.scenario.value import Scenario
from simulator.units import Money
from ui.views.uncertainty.text import SAMPLER_NAMES, statistic_label, statistic_unit

SAMPLER_TIPS = {
    "random": "Independent random draws: intervals from the usual formulas.",
    "lhs": "Latin hypercube: each input's range covered evenly in every replicate.",
    "sobol": "Scrambled Sobol' points: low-discrepancy; replicates of a power of two paths.",
}
TARGETS = ("P(npv > 0)", "P(irr > discount_rate)", "mean:npv", "p50:npv", "mean:irr")
"""The statistics offered as precision targets (a file may name another: it is added)."""
DEFAULT_HALF_WIDTH = 0.005  # a probability known to ±0.5 points
DEFAULT_RELATIVE = 0.01  # any other statistic known to ±1 % of itself


def write_section(doc: object, unc: Uncertainty) -> str:
    """Write ``unc`` as the document's ``uncertainty`` section; the model's message
    (naming the field) when it refuses, '' when written."""
    try:
        doc.set_field("uncertainty", unc.to_dict())  # type: ignore[attr-defined]
    except ScenarioError as exc:
        return str(exc)
    return ""


class SamplingControls(QWidget):
    """Sampler, replicates and precision target of ``doc``'s scenario.

    ``error(str)`` carries the model's message when an edit is refused.
    """

    error = Signal(str)

    def __init__(self, doc: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.money = Money()
        self._build()
        self.show_scenario(doc.scenario)  # type: ignore[attr-defined]

    def _build(self) -> None:
        self.sampler = QComboBox()
        self.sampler.setObjectName("uncertainty.sampler")
        self.sampler.setToolTip("How the paths' draws are laid out (saved in the file).")
        for key, name in SAMPLER_NAMES.items():
            self.sampler.addItem(name[:1].upper() + name[1:], key)
            self.sampler.setItemData(self.sampler.count() - 1, SAMPLER_TIPS[key], 3)
        self.replicates = QSpinBox()
        self.replicates.setObjectName("uncertainty.replicates")
        self.replicates.setRange(MIN_REPLICATES, MAX_REPLICATES)
        self.replicates.setKeyboardTracking(False)
        self.replicates.setToolTip(
            "Independent randomised replicates of a Latin hypercube or Sobol' run: its 95 % "
            "intervals come from their spread (20 or more with a precision target)."
        )
        self.target = QComboBox()
        self.target.setObjectName("uncertainty.precision.metric")
        self.target.setToolTip("Stop the run once this statistic is known well enough.")
        self.mode = QComboBox()
        self.mode.setObjectName("uncertainty.precision")
        self.mode.addItem("±", "half_width")
        self.mode.addItem("± % of it", "relative")
        self.mode.setToolTip("The target as a half-width of the 95 % interval, or relative.")
        self.half_width = _double("uncertainty.precision.half_width", "95 % interval half-width.")
        self.relative = _double(
            "uncertainty.precision.relative", "95 % interval half-width as a share of the estimate."
        )
        self.relative.setRange(0.01, 99.9)
        self.relative.setSuffix(" %")
        self._lay_out()
        self.sampler.currentIndexChanged.connect(lambda _: self._edited())
        self.replicates.valueChanged.connect(lambda _: self._edited())
        self.target.currentIndexChanged.connect(lambda _: self._target_chosen())
        self.mode.currentIndexChanged.connect(lambda _: self._mode_chosen())
        self.half_width.valueChanged.connect(lambda _: self._edited())
        self.relative.valueChanged.connect(lambda _: self._edited())

    def _lay_out(self) -> None:
        """Two rows: the sampler and its replicates; the precision target."""
        self.replicates_label = QLabel("in")
        self.replicates_tail = QLabel("replicates")
        self.to_label = QLabel("to")
        rows = (
            (QLabel("Sampling"), self.sampler, self.replicates_label, self.replicates),
            (QLabel("Stop when"), self.target, self.to_label, self.mode),
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for r, widgets in enumerate(rows):
            for c, widget in enumerate(widgets):
                grid.addWidget(widget, r, c)
        grid.addWidget(self.replicates_tail, 0, 4)
        tail = QHBoxLayout()
        tail.setContentsMargins(0, 0, 0, 0)
        tail.addWidget(self.half_width)
        tail.addWidget(self.relative)
        grid.addLayout(tail, 1, 4)
        grid.setColumnStretch(5, 1)

    # -- showing ------------------------------------------------------------------------

    def set_money(self, money: Money) -> None:
        """Show money targets in ``money``."""
        if money != self.money:
            self.money = money
            self.show_scenario(self.doc.scenario)  # type: ignore[attr-defined]

    def show_scenario(self, s: Scenario) -> None:
        """Show ``s``'s sampling settings (emitting nothing)."""
        unc = s.uncertainty_or_default
        p = unc.precision
        with (
            signals_blocked(self.sampler),
            signals_blocked(self.replicates),
            signals_blocked(self.target),
            signals_blocked(self.mode),
        ):
            self.sampler.setCurrentIndex(self.sampler.findData(unc.sampler))
            self.replicates.setValue(unc.replicates)
            self._fill_targets(p.statistic if p else None)
            relative = p is not None and p.relative is not None
            self.mode.setCurrentIndex(1 if relative else 0)
        replicated = unc.sampler != "random"
        for w in (self.replicates_label, self.replicates, self.replicates_tail):
            w.setEnabled(replicated)
        self._show_target(p)

    def _fill_targets(self, chosen: Statistic | None) -> None:
        self.target.clear()
        self.target.addItem("no target (every path)", "")
        texts = list(TARGETS)
        if chosen is not None and chosen.text() not in texts:
            texts.append(chosen.text())
        for text in texts:
            stat = parse_statistic(text, "uncertainty.precision.metric")
            self.target.addItem(statistic_label(stat, self.money), stat.text())
        self.target.setCurrentIndex(self.target.findData(chosen.text() if chosen else ""))

    def _show_target(self, p: Precision | None) -> None:
        """The half-width (in the statistic's shown unit) or the relative target."""
        on = p is not None
        relative = on and p.relative is not None  # type: ignore[union-attr]
        self.to_label.setVisible(on)
        self.mode.setVisible(on)
        self.half_width.setVisible(on and not relative)
        self.relative.setVisible(relative)
        if p is None:
            return
        with signals_blocked(self.half_width), signals_blocked(self.relative):
            if relative:
                self.relative.setValue(100.0 * float(p.relative or 0.0))
            else:
                factor, unit = statistic_unit(p.statistic, self.money)
                top = 49.99 if p.statistic.is_probability else 1e9
                self.half_width.setRange(0.0001, top)
                self.half_width.setSuffix(f" {unit}")
                self.half_width.setValue(float(p.half_width or 0.0) * factor)

    # -- editing ------------------------------------------------------------------------

    def section(self) -> Uncertainty:
        """The section as the widgets hold it."""
        unc = self.doc.scenario.uncertainty_or_default  # type: ignore[attr-defined]
        return dataclasses.replace(
            unc,
            sampler=self.sampler.currentData(),
            replicates=self.replicates.value(),
            precision=self._precision(unc.precision),
        )

    def _precision(self, old: Precision | None) -> Precision | None:
        text = self.target.currentData()
        if not text:
            return None
        stat = parse_statistic(text, "uncertainty.precision.metric")
        if self.mode.currentData() == "relative":
            return Precision(stat, relative=self.relative.value() / 100.0)
        factor, _ = statistic_unit(stat, self.money)
        return Precision(stat, half_width=self.half_width.value() / factor)

    def _target_chosen(self) -> None:
        """A new statistic starts from a sensible target: ±0.5 points for a probability,
        ±1 % of the estimate otherwise."""
        text = self.target.currentData()
        if text:
            stat = parse_statistic(text, "uncertainty.precision.metric")
            default = (
                Precision(stat, half_width=DEFAULT_HALF_WIDTH)
                if stat.is_probability
                else Precision(stat, relative=DEFAULT_RELATIVE)
            )
            with signals_blocked(self.mode):
                self.mode.setCurrentIndex(0 if default.half_width else 1)
            self._show_target(default)
        self._edited()

    def _mode_chosen(self) -> None:
        text = self.target.currentData()
        if text:
            stat = parse_statistic(text, "uncertainty.precision.metric")
            relative = self.mode.currentData() == "relative"
            self._show_target(
                Precision(stat, relative=DEFAULT_RELATIVE)
                if relative
                else Precision(stat, half_width=DEFAULT_HALF_WIDTH if stat.is_probability else 1.0)
            )
        self._edited()

    def _edited(self) -> None:
        message = write_section(self.doc, self.section())
        if message:
            self.error.emit(message)
        self.show_scenario(self.doc.scenario)  # type: ignore[attr-defined]


def _double(name: str, tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setDecimals(2)
    box.setKeyboardTracking(False)
    box.setToolTip(tip)
    return box
