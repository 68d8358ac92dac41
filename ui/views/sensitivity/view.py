"""The sensitivity view: tornado, spider and two-way heat map for one chosen metric.

The view follows the :class:`~ui.document.projection.Projection`: a new scenario,
a metric choice or a grid change is debounced (200 ms, ``qdebounced``); then one
task (:func:`simulator.analysis.sensitivity.run_all`) runs the three analyses on a
worker thread through the view's :class:`~ui.common.worker.TaskRunner`, which
cancels an older run still going. The charts are redrawn from the result on the GUI
thread and ``computed`` is emitted. A new money unit only redraws.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced

from simulator.analysis.drivers import drivers
from simulator.analysis.sensitivity import Request, Results, break_even, run_all
from simulator.units import Money
from ui.common.format import metric_label, metric_text
from ui.common.worker import TaskRunner
from ui.document.projection import Projection
from ui.views.sensitivity.grid_controls import GridControls
from ui.views.sensitivity.heatmap import HeatmapChart
from ui.views.sensitivity.spider import SpiderChart
from ui.views.sensitivity.tornado import TornadoChart, note_text

DEBOUNCE_MS = 200
SENSITIVITY_METRICS: tuple[str, ...] = (
    "npv",
    "irr",
    "payback_years",
    "discounted_payback_years",
    "peak_funding",
    "cum_program_revenue",
)
"""The metrics the sensitivity charts offer, in menu order."""
DEFAULT_TOP = 12


class SensitivityView(QWidget):
    """Three sensitivity charts of the projection's scenario, recomputed as it changes."""

    computed = Signal(object)  # Results, after the charts show them

    def __init__(self, projection: Projection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sensitivity")
        self.projection = projection
        self.scenario = s = projection.scenario
        self.money = projection.money
        self.results: Results | None = None
        self.runner = TaskRunner(self)
        self._recompute = qdebounced(self._start, timeout=DEBOUNCE_MS, parent=self)
        self._active, self._stale, self._queued = True, False, False
        self._build()
        self._connect()
        self.grid_controls.set_scenario(s)
        self.schedule()

    # --- building ---------------------------------------------------------------
    def _build(self) -> None:
        self.metric_combo = QComboBox()
        self.metric_combo.setObjectName("sensitivity.metric")
        for key in SENSITIVITY_METRICS:
            self.metric_combo.addItem(metric_label(key), key)
        self.busy = QProgressBar()
        self.busy.setObjectName("sensitivity.busy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumSize(90, 12)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("sensitivity.status")
        self.status.setStyleSheet("color: #b03a2e;")
        top = QHBoxLayout()
        top.addWidget(QLabel("Metric:"))
        top.addWidget(self.metric_combo)
        top.addWidget(self.busy)
        top.addWidget(self.status, 1)
        self.spider = SpiderChart()
        self.pages = QTabWidget()
        self.pages.setObjectName("sensitivity.pages")
        self.pages.addTab(self._tornado_panel(), "Tornado")
        self.pages.addTab(self.spider, "Spider")
        self.pages.addTab(self._heatmap_panel(), "Two inputs at once")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

    def _tornado_panel(self) -> QWidget:
        self.tornado = TornadoChart()
        self.tornado_note = QLabel()
        self.tornado_note.setObjectName("sensitivity.tornado_note")
        self.tornado_note.setWordWrap(True)
        self.top = QSpinBox()
        self.top.setObjectName("sensitivity.top")
        self.top.setRange(1, 99)
        self.top.setValue(DEFAULT_TOP)
        self.top.setToolTip("How many inputs the tornado shows (largest swing first).")
        row = QHBoxLayout()
        row.addWidget(self.tornado_note, 1)
        row.addWidget(QLabel("Show top"))
        row.addWidget(self.top)
        return _panel(self.tornado, row)

    def _heatmap_panel(self) -> QWidget:
        self.grid_controls = GridControls()
        self.heatmap = HeatmapChart()
        self.heatmap_note = QLabel()
        self.heatmap_note.setObjectName("sensitivity.heatmap_note")
        self.heatmap_note.setWordWrap(True)
        panel = _panel(self.heatmap, self.heatmap_note)
        panel.layout().insertWidget(0, self.grid_controls)
        return panel

    def _connect(self) -> None:
        self.projection.changed.connect(self._projection_changed)
        self.metric_combo.currentIndexChanged.connect(self.schedule)
        self.grid_controls.changed.connect(self.schedule)
        self.top.valueChanged.connect(self._redraw)
        self.runner.finished.connect(self._show)
        self.runner.failed.connect(self._failed)
        self.runner.busy_changed.connect(self.busy.setVisible)

    # --- public -----------------------------------------------------------------
    @property
    def metric_key(self) -> str:
        """The chosen metric's summary key."""
        return str(self.metric_combo.currentData())

    def set_money(self, money: Money) -> None:
        """Show money metrics as ``money`` says (redraws; no recomputation)."""
        if money != self.money:
            self.money = money
            self._redraw()

    def schedule(self) -> None:
        """Recompute after the debounce interval (restarted by every call).

        While inactive (its tab hidden) the request is remembered instead and
        carried out by :meth:`set_active`.
        """
        if not self._active:
            self._stale = True
            return
        self._queued = True
        self._recompute()

    def set_active(self, active: bool) -> None:
        """Compute only while active; catch up on changes missed while inactive."""
        self._active = active
        if not active and self._queued:  # hidden before the sweep started: do it later
            self._recompute.cancel()
            self._queued, self._stale = False, True
        if active and self._stale:
            self._stale = False
            self.grid_controls.set_scenario(self.scenario)
            self._recompute()

    def shutdown(self) -> None:
        """Forget a planned computation and cancel a running one."""
        self._recompute.cancel()
        self.runner.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Cancel work in flight when closed."""
        self.shutdown()
        super().closeEvent(event)

    # --- work -------------------------------------------------------------------
    def _projection_changed(self) -> None:
        """A new scenario is recomputed (once shown); a new money unit only redraws."""
        if self.projection.scenario != self.scenario:
            self.scenario = self.projection.scenario
            if self._active:  # else when shown: an edit pays nothing for a hidden tab
                self.grid_controls.set_scenario(self.scenario)
            self.schedule()
        self.set_money(self.projection.money)

    def _request(self) -> Request:
        g = self.grid_controls
        a, b = g.driver(g.a), g.driver(g.b)
        paths = [d.path for d in drivers(self.scenario)]
        a_path = a.path if a else paths[0]
        b_path = b.path if b else paths[1]
        return Request(self.scenario, self.metric_key, a_path, g.values(g.a), b_path, g.values(g.b))

    def _start(self) -> None:
        self._queued = False
        request = self._request()
        self.runner.start(lambda progress: run_all(request, progress))

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    def _show(self, results: Results) -> None:
        self.results = results
        self.status.clear()
        self._redraw()
        self.computed.emit(results)

    def _redraw(self) -> None:
        """Draw the last results with the current money and top-N settings."""
        r = self.results
        if r is None:
            return
        s, currency = r.request.scenario, r.request.scenario.currency
        self.tornado.set_tornado(r.tornado, self.money, self.top.value(), currency)
        self.tornado_note.setText(note_text(r.tornado))
        self.spider.set_spider(r.spider, [b.driver.path for b in r.tornado.bars], self.money)
        level = break_even(s, r.request.metric)
        centre = r.tornado.base if level is None else level
        current = (r.two_way.a.base, r.two_way.b.base)
        self.heatmap.set_two_way(r.two_way, centre, current, self.money, currency)
        self.heatmap_note.setText(self._heatmap_note(r, level is not None, centre))

    def _heatmap_note(self, r: Results, is_break_even: bool, centre: float) -> str:
        name = metric_label(r.request.metric)
        value = metric_text(r.request.metric, centre, self.money)
        line = "break-even" if is_break_even else "the scenario's own value"
        missing = "" if self.heatmap.crosses_level() else " (no line: not reached here)"
        return (
            f"Black line: {line}, {name} = {value}{missing}. White = that value, "
            "blue = better, red = worse. ○ = the scenario now. Grey = never / n/a."
        )


def _panel(chart: QWidget, below: QWidget | QHBoxLayout) -> QWidget:
    """``chart`` over a row of notes and controls, without margins."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(chart, 1)
    if isinstance(below, QHBoxLayout):
        layout.addLayout(below)
    else:
        layout.addWidget(below)
    return panel
