"""The KPI strip: the programme's key figures, each with its unit, and the guardrails.

Labels, tooltips, units, decimals and the text of an undefined value all come from
the metric table (:data:`simulator.model.outputs.METRICS`). Under the NPV a second line
splits it into the explicit years and the terminal value (both present values); under
the IRR a note says when the flows change sign more than once (the IRR is then the
root nearest 0 of several). A line of guardrails follows
(:data:`simulator.model.analyst.GUARDRAILS`): capex intensity, added revenue per unit
of capex, EBIT margin and incremental ROIC, each flagged (``⚠``, in colour, the
``flagged`` property set) when it falls outside its band around the sourced benchmark
its tooltip names. Value labels are named ``kpi.<key>``.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from simulator.model.analyst import GUARDRAILS, Guardrail
from simulator.model.outputs import METRICS
from simulator.units import Money, number_text
from ui.common.format import guardrail_band, metric_text

KPIS: tuple[str, ...] = (
    "total_capex",
    "npv",
    "irr",
    "payback_years",
    "discounted_payback_years",
    "revenue_crossover_years",
    "peak_funding",
)
"""The metrics the strip shows, left to right."""
GUARDRAIL_KEYS: tuple[str, ...] = tuple(g.metric for g in GUARDRAILS)
"""The guardrails' metrics, in the order of their line."""
SHOWN: tuple[str, ...] = (
    *KPIS,
    "npv_explicit",
    "terminal_value_pv",
    "npv_with",
    "npv_without",
    "irr_sign_changes",
    *GUARDRAIL_KEYS,
)
"""Every metric whose value the strip shows (in a label or a tooltip)."""
SHORT_LABELS: dict[str, str] = {
    "capex_intensity": "Capex intensity",
    "revenue_per_capex": "Added revenue / capex",
    "ebit_margin": "EBIT margin",
    "roic": "ROIC (mature)",
}
"""The guardrails' names in the strip (their full labels lead their tooltips)."""
SEVERAL_ROOTS = "several roots: nearest 0"
FLAG = "⚠"
_CAPTION = "color: palette(placeholder-text); font-size: 11px;"
_NOTE = "color: palette(placeholder-text); font-size: 10px;"
_FLAGGED = "font-size: 11px; color: #b03a2e; font-weight: 600;"
_PLAIN = "font-size: 11px;"


class KpiStrip(QFrame):
    """One caption and one value label per KPI, the NPV's parts and the IRR's note
    below them, then one label per guardrail."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_strip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(0)
        for col, key in enumerate(KPIS):
            metric = METRICS[key]
            caption = QLabel(metric.label)
            caption.setWordWrap(True)
            caption.setStyleSheet(_CAPTION)
            value = QLabel("–")
            value.setObjectName(f"kpi.{key}")
            value.setStyleSheet("font-size: 15px; font-weight: 600;")
            value.setWordWrap(True)  # "never within horizon" folds in a narrow window
            for label in (caption, value):
                label.setToolTip(metric.tip)
            grid.addWidget(caption, 0, col)
            grid.addWidget(value, 1, col)
            grid.setColumnStretch(col, 1)
            self.values[key] = value
        self.npv_parts = _note("kpi.npv.parts")
        self.npv_parts.setWordWrap(False)  # one short line
        self.irr_note = _note("kpi.irr.note")
        self.irr_note.setText(SEVERAL_ROOTS)
        grid.addWidget(self.npv_parts, 2, KPIS.index("npv"))
        grid.addWidget(self.irr_note, 2, KPIS.index("irr"), 1, 2)  # one line, not two
        grid.addWidget(self._guardrail_line(), 3, 0, 1, len(KPIS))

    def _guardrail_line(self) -> QWidget:
        line = QWidget()
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 4, 0, 0)
        row.setSpacing(16)
        caption = QLabel("Guardrails:")
        caption.setStyleSheet(_CAPTION)
        caption.setToolTip(
            "Analyst figures against sourced benchmarks (FACTS.md); ⚠ marks one outside "
            "its band. Hover a figure for its benchmark and source."
        )
        row.addWidget(caption)
        self.guardrails: dict[str, QLabel] = {}
        for g in GUARDRAILS:
            label = QLabel("–")
            label.setObjectName(f"kpi.{g.metric}")
            label.setStyleSheet(_PLAIN)
            label.setWordWrap(True)  # the strip never widens the window
            label.setProperty("flagged", False)
            # a share by the text's length: one line each when the strip is wide enough
            row.addWidget(label, stretch=len(SHORT_LABELS.get(g.metric, g.label)) + 8)
            self.guardrails[g.metric] = label
            self.values[g.metric] = label
        return line

    def set_summary(self, summary: dict[str, Any], money: Money) -> None:
        """Show the summary's KPIs with money in ``money``'s unit."""
        for key in KPIS:
            self.values[key].setText(metric_text(key, summary[key], money, summary["total_capex"]))
        self._show_npv_parts(summary, money)
        self._show_irr_note(summary)
        for g in GUARDRAILS:
            self._show_guardrail(g, summary[g.metric])

    def _show_npv_parts(self, summary: dict[str, Any], money: Money) -> None:
        """The explicit years and the terminal value under the NPV; the whole split and
        the with/without values in the NPV's tooltip."""
        explicit, tv = summary["npv_explicit"], summary["terminal_value_pv"]
        text = METRICS["npv"].text
        split = bool(tv) and explicit is not None and math.isfinite(tv)
        self.npv_parts.setVisible(split)
        if split:
            sign = "+" if tv >= 0 else "-"
            parts = f"= {_amount(explicit, money)} {sign} {_amount(abs(tv), money)} TV"
            self.npv_parts.setText(parts)
        tip = [METRICS["npv"].tip]
        if explicit is not None:
            tip.append(
                f"{text(summary['npv'], money)} = {text(explicit, money)} over the horizon "
                f"+ {text(tv or 0.0, money)} terminal value (present value)."
            )
        if summary["npv_with"] is not None and summary["npv_without"] is not None:
            tip.append(
                f"The company with the programme: {text(summary['npv_with'], money)}; "
                f"without it: {text(summary['npv_without'], money)}."
            )
        self.npv_parts.setToolTip("\n".join(tip))
        self.values["npv"].setToolTip("\n".join(tip))

    def _show_irr_note(self, summary: dict[str, Any]) -> None:
        """ "several roots: nearest 0" under the IRR when the flows change sign more than once."""
        changes = summary["irr_sign_changes"] or 0
        several = changes > 1 and summary["irr"] is not None
        self.irr_note.setVisible(several)
        tip = METRICS["irr"].tip
        if several:
            tip += (
                f"\nThe programme's quarterly flows change sign {changes:.0f} times, so the NPV "
                "is zero at several rates: the IRR shown is the root nearest 0."
            )
        self.irr_note.setToolTip(tip)
        self.values["irr"].setToolTip(tip)

    def _show_guardrail(self, g: Guardrail, value: float | None) -> None:
        label = self.guardrails[g.metric]
        flagged = g.flagged(value)
        shown = METRICS[g.metric].text(value)
        name = SHORT_LABELS.get(g.metric, g.label)
        label.setText(f"{FLAG} {name} {shown}" if flagged else f"{name} {shown}")
        if label.property("flagged") != flagged:
            label.setProperty("flagged", flagged)
            label.setStyleSheet(_FLAGGED if flagged else _PLAIN)
        label.setToolTip(guardrail_tip(g, value))


def guardrail_tip(g: Guardrail, value: float | None) -> str:
    """What the figure is, its benchmark and band, the source, and whether it is flagged."""
    metric = METRICS[g.metric]
    band = guardrail_band(g)
    verdict = (
        "Outside the band: flagged."
        if g.flagged(value)
        else "Undefined here."
        if value is None or not math.isfinite(value)
        else "Inside the band."
    )
    return (
        f"{g.label}: {metric.text(value)}. {metric.tip}\n"
        f"Benchmark {metric.text(g.benchmark)}, band {band}: {g.source}.\n{verdict}"
    )


def _note(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(_NOTE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _amount(value: float, money: Money) -> str:
    """An amount as a number in ``money``'s unit, one decimal: ``-129.7``."""
    return number_text(value * money.factor, 1)
