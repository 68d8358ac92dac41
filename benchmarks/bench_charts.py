"""Time a redraw of the four charts (goal: under 16 ms for a 40-quarter scenario).

Run from the repository root: ``python benchmarks/bench_charts.py``. The charts sit in
a shown 2 x 2 grid (1600 x 1000 pixels, Qt's offscreen platform) with linked time
axes, as in the app. Each iteration runs the model on the default scenario with a
slightly different yield (outside the timing), then times ``set_result`` on every
chart, ``app.processEvents()`` and a forced synchronous ``repaint()`` of each chart.
It prints the median (and 90th percentile) of that total and of its parts. The
repaint part is near zero because ``processEvents`` has already painted the changes;
for reference the last line times a full repaint of every chart's viewport from
scratch (what a window resize or uncovering costs), which is not part of the total.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QGridLayout, QWidget  # noqa: E402

from simulator import Result, default_scenario, simulate  # noqa: E402
from simulator.units import Money  # noqa: E402
from ui.charts.base import Chart, link_time_axes  # noqa: E402
from ui.charts.capex import CapexChart  # noqa: E402
from ui.charts.cash import CashChart  # noqa: E402
from ui.charts.cumulative import CumulativeChart  # noqa: E402
from ui.charts.revenue import RevenueChart  # noqa: E402

ITERATIONS = 200
GOAL_MS = 16.0


def grid() -> tuple[QWidget, list[Chart]]:
    """The four charts, shown in a 2 x 2 grid with linked time axes."""
    board = QWidget()
    layout = QGridLayout(board)
    charts: list[Chart] = [CumulativeChart(), CapexChart(), RevenueChart(), CashChart()]
    for i, chart in enumerate(charts):
        layout.addWidget(chart, i // 2, i % 2)
    link_time_axes(charts)
    board.resize(1600, 1000)
    board.show()
    return board, charts


def redraw(app: QApplication, charts: list[Chart], result: Result) -> tuple[float, float, float]:
    """Seconds spent in set_result, processEvents and repaint for one new result."""
    t0 = time.perf_counter()
    for chart in charts:
        chart.set_result(result, Money())
    t1 = time.perf_counter()
    app.processEvents()
    t2 = time.perf_counter()
    for chart in charts:
        chart.repaint()
    return t1 - t0, t2 - t1, time.perf_counter() - t2


def full_repaint(charts: list[Chart]) -> float:
    """Seconds to repaint every chart's whole viewport synchronously."""
    start = time.perf_counter()
    for chart in charts:
        chart.viewport().repaint()
    return time.perf_counter() - start


def results(count: int) -> list[Result]:
    """The default scenario with the yield nudged a little for each iteration."""
    base = default_scenario()
    return [simulate(base.with_field("revenue.yield", 0.8 + i * 1e-3)) for i in range(count)]


def report(name: str, samples: list[float]) -> None:
    ms = sorted(s * 1e3 for s in samples)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    print(f"  {name:<28} median {statistics.median(ms):6.2f} ms   p90 {p90:6.2f} ms")


def main() -> None:
    """Run the benchmark and print the medians."""
    app = QApplication.instance() or QApplication([])
    board, charts = grid()
    inputs = results(ITERATIONS + 10)
    for result in inputs[:10]:  # warm up: first layout, auto-range, caches
        redraw(app, charts, result)
    parts = [redraw(app, charts, result) for result in inputs[10:]]
    totals = [sum(p) for p in parts]
    quarters = len(inputs[0].periods)
    print(f"Four charts, {quarters} quarters, {ITERATIONS} redraws (1600 x 1000, offscreen):")
    report("total", totals)
    for i, name in enumerate(("set_result x 4", "processEvents", "repaint x 4")):
        report(name, [p[i] for p in parts])
    full = [full_repaint(charts) for _ in range(50)]
    median = statistics.median(totals) * 1e3
    verdict = "within" if median < GOAL_MS else "OVER"
    print(f"  goal {GOAL_MS:.0f} ms for the total: {verdict}")
    report("reference: full repaint x 4", full)
    board.close()


if __name__ == "__main__":
    main()
