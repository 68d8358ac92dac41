"""Soak: thousands of random edits through the real widgets of the main window.

After every edit the KPI strip must show exactly what a fresh model run of the
document's scenario gives, every chart must hold the same number of graphics items
(nothing re-added per update), and the process may not grow by 50 MB or more.
CI runs 300 edits; ``--soak-edits 5000`` (or ``SOAK_EDITS=5000``) runs the full check.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable

import pytest
from conftest import type_into
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLabel, QSlider, QWidget

from simulator import default_scenario, simulate
from ui.common.format import metric_text
from ui.inputs.number import NumberField
from ui.views.projection.kpi_strip import GUARDRAIL_KEYS, KPIS
from ui.window.main_window import MainWindow

pytestmark = pytest.mark.slow  # long: deselect with -m "not slow"; CI runs it

MAX_GROWTH_BYTES = 50 * 1024 * 1024
WARM_UP = 50  # edits before the memory baseline (caches, fonts, first paints)
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    """Resident set size of this process, from /proc/self/statm."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE


@pytest.fixture
def window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(default_scenario(), settings=settings)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    for group in w.findChildren(QWidget):
        if group.objectName().startswith("group.") and hasattr(group, "expand"):
            group.expand(animate=False)
    yield w
    w.doc.undo_stack.setClean()
    w.close()
    w.deleteLater()


def send_mouse(widget: QWidget, kind: QEvent.Type, pos: QPointF) -> None:
    """A mouse event with the left button held from press to release."""
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.LeftButton
    )
    event = QMouseEvent(
        kind, pos, widget.mapToGlobal(pos), button, held, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def mouse_drag(widget: QWidget, start: QPointF, end: QPointF, steps: int = 3) -> None:
    send_mouse(widget, QEvent.Type.MouseButtonPress, start)
    for i in range(1, steps + 1):
        send_mouse(widget, QEvent.Type.MouseMove, start + (end - start) * (i / steps))
    send_mouse(widget, QEvent.Type.MouseButtonRelease, end)


class Editor:
    """Random edits through the window's widgets, found by their object names."""

    def __init__(self, qtbot, window: MainWindow, rng: random.Random) -> None:
        self.qtbot, self.window, self.rng = qtbot, window, rng
        self.numbers = [p for p, e in window.panel.editors.items() if isinstance(e, NumberField)]
        self.actions: list[Callable[[], None]] = [
            self.slider_drag,
            self.slider_drag,
            self.spin_typing,
            self.spin_typing,
            self.category_typing,
            self.split_bar_drag,
            self.growth_box_typing,
            self.growth_curve_drag,
            self.undo,
            self.redo,
            self.currency_switch,
        ]

    def find(self, kind: type, name: str):
        widget = self.window.findChild(kind, name)
        assert widget is not None, name
        return widget

    def random_edit(self) -> str:
        action = self.rng.choice(self.actions)
        action()
        return action.__name__

    def slider_drag(self) -> None:
        slider = self.find(QSlider, f"{self.rng.choice(self.numbers)}.slider")
        slider.setSliderDown(True)  # a drag: pressed, moved a few times, released
        for _ in range(self.rng.randint(1, 3)):
            slider.setValue(self.rng.randint(slider.minimum(), slider.maximum()))
        slider.setSliderDown(False)

    def type_number(self, box: QAbstractSpinBox, low: float, high: float) -> None:
        value = self.rng.uniform(max(box.minimum(), low), min(box.maximum(), high))
        type_into(self.qtbot, box, f"{value:.{box.decimals()}f}")

    def spin_typing(self) -> None:
        path = self.rng.choice(self.numbers)
        self.type_number(self.find(QAbstractSpinBox, f"{path}.spin"), -1e9, 1e9)

    def category_typing(self) -> None:
        k = self.rng.randrange(len(self.window.scenario.program.categories))
        field = self.rng.choice(["share", "life_years", "lag_quarters"])
        box = self.find(QAbstractSpinBox, f"program.categories.{k}.{field}")
        self.type_number(box, 0.0, 60.0)

    def split_bar_drag(self) -> None:
        bar = self.find(QWidget, "program.year_split.bar")
        years = len(self.window.scenario.program.year_split)
        if years < 2:
            return
        x = bar.boundary_x(self.rng.randrange(years - 1))
        y = bar.height() / 2
        dx = self.rng.uniform(-0.3, 0.3) * bar.width()
        mouse_drag(bar, QPointF(x, y), QPointF(x + dx, y))

    def growth_box_typing(self) -> None:
        name = self.rng.choice(["core_growth", "ai_growth"])
        rates = getattr(self.window.scenario.revenue, name)
        box = self.find(QAbstractSpinBox, f"revenue.{name}.{self.rng.randrange(len(rates))}")
        self.type_number(box, -50.0, 300.0)

    def growth_curve_drag(self) -> None:
        name = self.rng.choice(["core_growth", "ai_growth"])
        curve = self.find(QWidget, f"revenue.{name}.curve")
        rates = getattr(self.window.scenario.revenue, name)
        year = self.rng.randrange(len(rates))
        view = curve.plotItem.vb
        start = QPointF(
            curve.mapFromScene(view.mapViewToScene(QPointF(year + 1, 100.0 * rates[year])))
        )
        end = start + QPointF(0, self.rng.uniform(-40, 40))
        mouse_drag(curve.viewport(), start, end)

    def undo(self) -> None:
        self.window.commands["action.undo"].trigger()

    def redo(self) -> None:
        self.window.commands["action.redo"].trigger()

    def currency_switch(self) -> None:
        combo = self.find(QComboBox, "view.currency")
        combo.setCurrentIndex(self.rng.randrange(combo.count()))


def item_counts(window: MainWindow) -> dict[str, int]:
    return {
        name: len(chart.scene().items())
        for name, chart in window.views.projection_view.dashboard.charts.items()
    }


def check_kpis(window: MainWindow) -> None:
    summary = simulate(window.doc.scenario).summary
    money = window.projection.money
    for key in KPIS:
        shown = window.findChild(QLabel, f"kpi.{key}").text()
        assert shown == metric_text(key, summary[key], money), key
    for key in GUARDRAIL_KEYS:  # ratios: the same whatever the money shown
        shown = window.findChild(QLabel, f"kpi.{key}").text()
        assert shown.endswith(metric_text(key, summary[key])), key


def test_soak_random_edits(qtbot, window, request):
    edits = request.config.getoption("--soak-edits")
    rng = random.Random(2025)
    editor = Editor(qtbot, window, rng)
    counts = item_counts(window)
    started, baseline, peak = time.perf_counter(), rss_bytes(), 0
    done: dict[str, int] = {}  # edits that changed the scenario or the view, by kind
    for n in range(edits):
        before = (window.scenario, window.currency.currentIndex())
        name = editor.random_edit()
        changed = (window.scenario, window.currency.currentIndex()) != before
        done[name] = done.get(name, 0) + changed
        QApplication.processEvents()
        check_kpis(window)
        assert item_counts(window) == counts, (n, name)
        if n == WARM_UP:
            baseline = rss_bytes()
        peak = max(peak, rss_bytes() - baseline)
        assert peak < MAX_GROWTH_BYTES, f"memory grew {peak / 2**20:.1f} MB after {n} edits"
    elapsed = time.perf_counter() - started
    print(
        f"\nsoak: {edits} edits in {elapsed:.1f} s; RSS growth after warm-up "
        f"{(rss_bytes() - baseline) / 2**20:.1f} MB (peak {peak / 2**20:.1f} MB); "
        f"effective edits by kind {done}"
    )
    assert all(done.values()), done  # every kind of edit reached the document
