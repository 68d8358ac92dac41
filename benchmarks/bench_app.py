"""Desktop-app timings (offscreen): edit-to-repaint and start-up to first paint.

Run: ``python benchmarks/bench_app.py``. Prints medians; goals: an input change to
all charts and KPIs repainted under 16 ms with every tab's view alive (the window
builds them lazily; the benchmark builds them all first), start-up to the first painted
window under 1.0 s. A timing, not a test: the machine is shared, so read medians.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIRST_PAINT = """
import time, sys
t0 = time.perf_counter()
from PySide6.QtCore import QSettings, QTimer
from ui.app.qt_env import application
app = application()
from simulator import default_scenario
from ui.window.main_window import MainWindow
w = MainWindow(default_scenario(), settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
w.show()
w.repaint()
app.processEvents()
print(time.perf_counter() - t0)
"""


def edit_to_repaint(samples: int = 200) -> list[float]:
    """Seconds from a document edit to every chart and the KPI strip repainted."""
    from PySide6.QtCore import QSettings

    from simulator import default_scenario
    from ui.app.qt_env import application
    from ui.window.main_window import MainWindow

    app = application()
    w = MainWindow(
        default_scenario(), settings=QSettings("/tmp/bench.ini", QSettings.Format.IniFormat)
    )
    w.resize(1600, 1000)
    w.views.build_all()  # every tab's view alive, as the goal says
    w.show()
    app.processEvents()
    times = []
    for i in range(samples):
        start = time.perf_counter()
        w.doc.set_field("revenue.yield", 0.8 + (i % 50) * 1e-3 + 1e-4)
        for chart in w.views.projection_view.dashboard.charts.values():
            chart.repaint()
        w.views.projection_view.kpis.repaint()
        times.append(time.perf_counter() - start)
    w.doc.undo_stack.setClean()
    w.close()
    return times


def startup(runs: int = 5) -> tuple[list[float], list[float]]:
    """(whole process to first paint, in-process import-to-paint) in seconds."""
    wall, inside = [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", FIRST_PAINT, "/tmp/bench-start.ini"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        wall.append(time.perf_counter() - start)
        inside.append(float(out.stdout.strip().splitlines()[-1]))
    return wall, inside


def main() -> None:
    """Print the medians."""
    print(f"CPUs: {os.cpu_count()}; platform: {os.environ['QT_QPA_PLATFORM']}")
    repaint = edit_to_repaint()
    print(
        f"edit -> all charts + KPIs repainted: median {statistics.median(repaint) * 1e3:.1f} ms"
        f" (p90 {sorted(repaint)[int(0.9 * len(repaint))] * 1e3:.1f} ms; goal < 16 ms)"
    )
    wall, inside = startup()
    print(
        f"start-up to first painted window: median {statistics.median(wall):.2f} s for the "
        f"whole process ({statistics.median(inside):.2f} s after the interpreter started; "
        "goal < 1.0 s)"
    )


if __name__ == "__main__":
    main()
