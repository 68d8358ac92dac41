"""What the calibration dialog says: the inputs it offers, priors, values and standard
errors as the Assumptions dock shows them, the rows of its tables and its notes.

Everything here reads a :class:`~simulator.analysis.calibration.Calibration` or a
scenario and returns text; :mod:`ui.views.actuals.calibrate` puts it on screen.
"""

from __future__ import annotations

import html

import numpy as np

from simulator import Scenario
from simulator.analysis.calibration import Calibration, Param
from simulator.analysis.drivers import drivers
from simulator.scenario.periods import period_index, period_label
from simulator.scenario.rules import fit_path_problem
from simulator.units import number_text as plain_number
from ui.charts.fit import series_label
from ui.common.format import (
    Shown,
    currency_money,
    driver_shown,
    exact_decimals,
    field_shown,
    percent_text,
)
from ui.views.actuals.view import money_text, number_text

Row = tuple[str, ...]

DEFAULT_CHOICE = ("revenue.ai_share", "revenue.ai_growth.0")
"""Checked when the file names no fit set (a file without a ``calibration`` section)."""
SHOWN_CORRELATION = 0.5
"""Correlations between fitted inputs above this (in size) are listed after a fit."""
_SEASONS = "revenue.seasonality"
_NO_PRIOR = (
    "No prior in the file: the fit starts from the scenario's value and does not pull toward it."
)


def calibration_paths(s: Scenario) -> list[str]:
    """The inputs calibration may move in ``s``: the drivers, then each growth year."""
    paths = [d.path for d in drivers(s) if fit_path_problem(s, d.path) is None]
    for name in ("revenue.core_growth", "revenue.ai_growth"):
        paths += [f"{name}.{i}" for i in range(len(s.get_field(name)))]
    return paths


def default_paths(s: Scenario) -> list[str]:
    """The file's default fit set, ``revenue.seasonality`` as Q1..Q3 (as the fit reads
    it); :data:`DEFAULT_CHOICE` when the file names none."""
    if s.calibration is None or not s.calibration.fit:
        return list(DEFAULT_CHOICE)
    out: list[str] = []
    for path in s.calibration.fit:
        out += [f"{_SEASONS}.{i}" for i in range(3)] if path == _SEASONS else [path]
    return list(dict.fromkeys(out))


def _shown(p: Param, currency: str) -> Shown:
    money = currency_money(currency)
    return driver_shown(p.driver, money) if p.driver is not None else field_shown(p.path)


def value_text(p: Param, value: float, currency: str) -> str:
    """An input's value as the Assumptions dock shows it, two more decimals."""
    return _shown(p, currency).more(2).text(value)


def prior_text(p: Param, currency: str) -> str:
    """``0.55 ± 0.20 /yr``: the input's prior (as many decimals as it was written
    with, the unit once), or "–" when it has none."""
    if p.prior is None:
        return "–"
    units = _shown(p, currency)

    def plain(value: float) -> str:
        shown = value * units.scale
        return plain_number(shown, exact_decimals(shown, units.decimals))

    return f"{plain(p.prior.value)} ± {plain(p.prior.sd)}{units.suffix}"


def prior_tip(p: Param) -> str:
    """The prior's source (or why there is none), for a tooltip."""
    if p.prior is None:
        return _NO_PRIOR
    return f"Source: {p.prior.source or 'none given'}"


def reported_quarters(s: Scenario) -> list[str]:
    """Every reported quarter inside the modelled quarters, in time order."""
    origin = period_index(s.first_period)
    found = {int(t) for a in s.actual_series for t in a.indexes(s.first_period, s.quarters)[0]}
    return [period_label(origin + t) for t in sorted(found)]


def strong_correlations(c: Calibration, above: float = SHOWN_CORRELATION) -> list[str]:
    """``AI share ↔ AI growth, year 1: -0.88`` for each pair of inputs correlated above
    ``above`` (in size), strongest first."""
    corr = c.identification.correlation
    n = len(c.params)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if abs(corr[i, j]) > above]
    pairs.sort(key=lambda ij: -abs(corr[ij]))
    return [f"{c.params[i].label} ↔ {c.params[j].label}: {corr[i, j]:+.2f}" for i, j in pairs]


def input_rows(c: Calibration) -> list[Row]:
    """Each input's label, prior, value before and after and standard error; then the
    MAPE of each series and of all, before and after (over the quarters fitted)."""
    currency = c.scenario.currency
    se = c.identification.std_errors
    rows: list[Row] = [
        (
            p.label,
            prior_text(p, currency),
            value_text(p, b, currency),
            value_text(p, a, currency),
            f"± {value_text(p, float(e), currency)}" if np.isfinite(e) else "–",
        )
        for p, b, a, e in zip(c.params, c.before, c.after, se, strict=True)
    ]
    rows += [
        (f"MAPE: {series_label(b.column)}", "", _mape(b.mape), _mape(a.mape), "")
        for b, a in zip(c.fits_before, c.fits_after, strict=True)
    ]
    rows.append(("MAPE: all series", "", _mape(c.mape_before), _mape(c.mape_after), ""))
    return rows


def held_out_rows(c: Calibration) -> list[Row]:
    """Series, quarter, reported, model and error of each quarter after ``through``,
    then each series' MAPE on them (none without ``through``)."""
    rows: list[Row] = []
    for f in c.held_out:
        label = series_label(f.column)
        rows += [
            (label, q, number_text(f.actual[i]), money_text(f.model[i]), signed_pct(e))
            for i, (q, e) in enumerate(zip(f.quarters, f.pct_error, strict=True))
        ]
        rows.append((f"MAPE, held out: {label}", "", "", "", _mape(f.mape)))
    return rows


def notes_html(c: Calibration) -> str:
    """What was fitted to what, the correlations above :data:`SHOWN_CORRELATION` and
    the warnings in words, as rich text."""
    through = f" up to {html.escape(c.through)}" if c.through else ""
    parts = [
        f"Fitted {len(c.params)} inputs to {c.identification.data_points} reported "
        f"quarter(s){through}; objective {c.objective_start:.4g} at the priors → "
        f"{c.objective_end:.4g}."
    ]
    pairs = strong_correlations(c)
    if pairs:
        parts.append(
            f"<b>Correlations above {SHOWN_CORRELATION:g}:</b> "
            + "; ".join(html.escape(p) for p in pairs)
        )
    else:
        parts.append(f"No two inputs are correlated above {SHOWN_CORRELATION:g}.")
    parts += [f'<span style="color: #a04000;">⚠ {html.escape(w)}</span>' for w in c.warnings]
    return "<br>".join(parts)


def signed_pct(value: float) -> str:
    """A signed relative error: ``+1.8 %`` ("–" when undefined)."""
    return "–" if not np.isfinite(value) else f"{100 * value:+.1f} %"


def _mape(value: float) -> str:
    return percent_text(value, False)
