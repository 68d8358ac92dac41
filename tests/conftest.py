"""Shared test set-up: Qt offscreen (before any Qt import) and scenario helpers."""

from __future__ import annotations

import copy
import gc
import os
import sys
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest
from hypothesis import settings
from PySide6.QtCore import Qt

from simulator.scenario.paths import set_path

REPO = Path(__file__).resolve().parent.parent

# Property tests never depend on luck: by default (and in CI) every run draws the same
# examples. HYPOTHESIS_PROFILE=explore searches new ones on a developer's machine.
settings.register_profile("derandomized", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "derandomized"))

# MODEL.md section 1's example, verbatim: the base preset must equal it.
MODEL_EXAMPLE: dict[str, Any] = {
    "format": "capex-scenario",
    "version": 1,
    "name": "Alibaba 2025 plan (base)",
    "currency": "CNY",
    "usd_fx": 7.17,
    "start": "2025Q1",
    "horizon_years": 10,
    "program": {
        "total_capex": 380.0,
        "year_split": [0.33, 0.33, 0.34],
        "categories": [
            {
                "name": "Servers & accelerators",
                "share": 0.55,
                "life_years": 5,
                "lag_quarters": 1,
                "adds_capacity": True,
            },
            {
                "name": "Network & storage",
                "share": 0.10,
                "life_years": 6,
                "lag_quarters": 1,
                "adds_capacity": True,
            },
            {
                "name": "Data centres & power",
                "share": 0.35,
                "life_years": 25,
                "lag_quarters": 4,
                "adds_capacity": False,
            },
        ],
    },
    "revenue": {
        "base_quarterly": 31.74,
        "ai_share": 0.15,
        "core_growth": [0.10, 0.08, 0.06, 0.05],
        "ai_growth": [1.2, 0.7, 0.5, 0.35, 0.25, 0.15],
        "capacity_constrained": True,
        "yield": 0.8,
        "price_decline": 0.10,
    },
    "economics": {
        "ebitda_margin": 0.55,
        "tax_rate": 0.15,
        "discount_rate": 0.10,
        "residual_value": True,
    },
}


def tiny_doc(changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A one-category, one-year scenario for hand calculations, with overrides.

    C = 100 spent in year 0 (25 a quarter), life 1 year (4 quarters), lag 0,
    H = 2 years (T = 8), no growth, no price decline, r = 0.
    Keys of ``changes`` are dotted field paths (``program.categories.0.lag_quarters``).
    """
    doc: dict[str, Any] = {
        "format": "capex-scenario",
        "version": 1,
        "name": "tiny",
        "currency": "USD",
        "usd_fx": 1.0,
        "start": "2025Q1",
        "horizon_years": 2,
        "program": {
            "total_capex": 100.0,
            "year_split": [1.0],
            "categories": [
                {
                    "name": "Servers",
                    "share": 1.0,
                    "life_years": 1.0,
                    "lag_quarters": 0,
                    "adds_capacity": True,
                }
            ],
        },
        "revenue": {
            "base_quarterly": 100.0,
            "ai_share": 0.5,
            "core_growth": [0.0],
            "ai_growth": [0.0],
            "capacity_constrained": True,
            "yield": 4.0,
            "price_decline": 0.0,
        },
        "economics": {
            "ebitda_margin": 1.0,
            "tax_rate": 0.0,
            "discount_rate": 0.0,
            "residual_value": False,
        },
    }
    for path, value in (changes or {}).items():
        set_path(doc, path, value)
    return doc


def tiny_v2(changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """:func:`tiny_doc` as a version 2 document (migrated: v1's settings), with overrides
    given as version 2 field paths (``capacity.refresh``, ``revenue.seasonality``)."""
    from simulator.scenario.migrations import migrate

    doc = migrate(tiny_doc())
    for path, value in (changes or {}).items():
        if path == "history":
            doc = {**doc, "history": value}
        else:
            set_path(doc, path, value)
    return doc


@pytest.fixture
def model_example() -> dict[str, Any]:
    """A fresh deep copy of MODEL.md's example document."""
    return copy.deepcopy(MODEL_EXAMPLE)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak-edits",
        type=int,
        default=int(os.environ.get("SOAK_EDITS", "300")),
        help="random edits in the soak test (300 in CI; the full check is 5000)",
    )


@pytest.fixture(autouse=True)
def _private_data_dir(monkeypatch, tmp_path_factory):
    """Recovery files and crash logs of each test go to a fresh folder, never the user's."""
    monkeypatch.setenv("CAPEX_SIM_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(autouse=True)
def _collect_closed_charts():
    """Free the Python side of the charts pytest-qt closed, now, between tests.

    Left to the cyclic garbage collector, a dead chart's wrappers are freed at a random
    moment, possibly while a live chart is emitting a signal in its layout pass, which
    crashes PySide 6.10 (seen here as a segfault in ``QGraphicsLayout::activate``).
    """
    yield
    _wait_for_workers()
    gc.collect()


def _wait_for_workers() -> None:
    """Let background tasks (Monte Carlo, sweeps) end so none outlives its test."""
    if "PySide6.QtCore" not in sys.modules:
        return
    from PySide6.QtCore import QThreadPool

    if not QThreadPool.globalInstance().waitForDone(60_000):
        raise RuntimeError("a background task was still running 60 s after its test")


def type_into(qtbot: Any, box: Any, text: str) -> None:
    """Replace a spin box's or line edit's text with ``text`` and press Enter."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Enter)


@pytest.fixture
def window_1280(qtbot, tmp_path):
    """The main window on the base preset at 1280 x 800, shown; closed without prompts."""
    from PySide6.QtCore import QSettings

    from simulator import default_scenario
    from ui.window.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(default_scenario(), settings=settings)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    for doc in w.workspace.documents():
        doc.undo_stack.setClean()
    w.close()
    w.deleteLater()
