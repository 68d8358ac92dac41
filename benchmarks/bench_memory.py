"""Memory and GUI stalls of the app through 1M-path Monte Carlo runs and a samples export.

Run: ``.venv/bin/python benchmarks/bench_memory.py [--paths N] [--edits N]``

Opens the main window (offscreen) on the base preset with a 1,000,000-path uncertainty
section and shows the Uncertainty tab, then:

1. makes ``--edits`` edits (10), each restarting the 1M-path run: the odd ones wait
   for the full run's result, the even ones replace it half-way (the next edit lands
   while it runs), so cancelled and replaced runs are both in the sequence;
2. waits for the last run, then exports its samples CSV through the window's own
   path (the Uncertainty tab's "Samples CSV…" with the save dialog answered).

A ``QTimer`` heartbeat on the GUI thread ticks every 10 ms and samples the resident
memory (``/proc/self/statm``); the longest gap between two ticks is the longest GUI
stall. Prints the peak RSS through the edits, the RSS after each edit's run, the
longest stall during the last run and during the export, and the export's time and
size. Like the app it keeps freed memory for reuse (:mod:`simulator.model.allocator`)
and uses the compiled engine. A measurement, not a test: the machine is shared.
``--stalls S`` prints the GUI thread's stack whenever it is S seconds late.

Measured 2026-12-01 on main after merging the Uncertainty tab's analyses (2 cores,
load average 1 to 4 from other jobs; 1,000,000 paths, 10 edits, 5 replaced half-way):

- start 301 MB; after the first full run 732 MB; after each edit's run 734 to 916 MB
  (no growth from edit to edit: 841 MB after edit 10; issue 16: ~980 MB after ten
  runs). Before the worker fix of this date each run's result stayed alive through its
  extras task (regression and convergence) and the app grew ~200 MB a run (2.1 GB
  after 8 edits);
- peak RSS through the 10 edits 1,404 MB: for a moment two 1M-path results (the one on
  screen, greyed, and the one arriving) plus the extras' rank temporaries: over the
  1 GB goal;
- samples CSV export: 259 MB written in 12.7 s from the worker, longest GUI stall
  277 ms, peak 1,297 MB (issue 16: the window froze ~18 s, 2.0 GB peak);
- longest GUI stall during the runs 561 ms (3,070 ms before the statistics moved into
  the worker): the GIL taken by the worker's Python-level steps between NumPy calls
  and the drawing of a delivered run's charts; the 100 ms goal is missed.

On branch safety2 before the merge (no extras task; load average 5 to 8) it measured
after-run RSS 597-773 MB, peak 796 MB, export 33 s with a 541 ms stall.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import threading
import time
import traceback
import tracemalloc
import weakref
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
_DATA = tempfile.mkdtemp(prefix="bench-memory-")
os.environ["CAPEX_SIM_DATA_DIR"] = _DATA

from PySide6.QtCore import QEventLoop, QSettings, QTimer, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from simulator import default_scenario  # noqa: E402
from simulator.model import fused  # noqa: E402
from simulator.model.allocator import keep_freed_memory  # noqa: E402
from ui.app.qt_env import application  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


def quiet_offscreen(mode: object, context: object, message: str) -> None:
    """Qt's messages, but not the offscreen platform's note on every window shown."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def rss() -> int:
    """Resident memory of this process now, in bytes."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE


class Heartbeat:
    """A 10 ms GUI-thread timer: the longest gap between ticks and the peak RSS seen."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        """Start a new measuring window."""
        self.last = time.perf_counter()
        self.longest = 0.0
        self.peak = rss()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.peak = max(self.peak, rss())


class StallWatch:
    """A thread that prints the GUI thread's stack when its heartbeat is ``after_s`` late
    (``--stalls``): where the longest stalls are spent."""

    def __init__(self, beat: Heartbeat, after_s: float) -> None:
        self.beat, self.after_s = beat, after_s
        self.gui = threading.main_thread().ident
        self.seen: set[float] = set()
        threading.Thread(target=self._watch, name="stall-watch", daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(self.after_s / 4)
            last = self.beat.last
            if time.perf_counter() - last > self.after_s and last not in self.seen:
                self.seen.add(last)
                frame = sys._current_frames().get(self.gui)
                stack = "".join(traceback.format_stack(frame, limit=12)) if frame else ""
                print(f"--- GUI thread {self.after_s * 1000:.0f} ms late in:\n{stack}", flush=True)


def wait_until(done: Callable[[], bool], timeout_s: float = 900.0) -> None:
    """Run the event loop until ``done()`` (checked every 20 ms) or the timeout."""
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    end = time.perf_counter() + timeout_s
    poll.timeout.connect(lambda: loop.quit() if done() or time.perf_counter() > end else None)
    poll.start()
    if not done():
        loop.exec()
    poll.stop()
    if not done():
        raise TimeoutError("the run did not finish in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=1_000_000)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument(
        "--trace",
        action="store_true",
        help="also print the memory Python and NumPy hold (tracemalloc) and how many "
        "Monte Carlo results are alive after each edit (slower)",
    )
    parser.add_argument(
        "--stalls",
        type=float,
        default=0.0,
        metavar="S",
        help="print the GUI thread's stack whenever it is S seconds late (0: never)",
    )
    args = parser.parse_args()
    if args.trace:
        tracemalloc.start()

    keep_freed_memory()
    qInstallMessageHandler(quiet_offscreen)
    app = application()
    fused.prepare()  # the app compiles it in the background after the first paint
    from ui.window.main_window import MainWindow

    section = {**default_scenario().uncertainty_or_default.to_dict(), "paths": args.paths}
    scenario = default_scenario().with_field("uncertainty", section)
    settings = QSettings(os.path.join(_DATA, "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(scenario, settings=settings)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    view = window.views.uncertainty
    controller = view.controller
    beat = Heartbeat()
    if args.stalls > 0:
        StallWatch(beat, args.stalls)
    print(f"start: RSS {rss() / MB:.0f} MB, {args.paths:,} paths per full run")

    delivered: list[tuple[int, bool]] = []
    alive: weakref.WeakSet[object] = weakref.WeakSet()
    controller.result.connect(lambda mc, quick: delivered.append((mc.paths, quick)))
    controller.result.connect(lambda mc, quick: alive.add(mc))
    progress: list[int] = []
    controller.progress.connect(lambda done, total: progress.append(done))

    window.views.show_view("uncertainty")
    wait_until(lambda: (args.paths, False) in delivered)
    print(f"first full run: RSS {rss() / MB:.0f} MB")
    beat.reset()
    t0 = time.perf_counter()
    for i in range(args.edits):
        delivered.clear()
        progress.clear()
        window.doc.set_field("revenue.yield", 0.6 + 0.01 * (i + 1))
        replace = i % 2 == 1 and i < args.edits - 1
        if replace:  # the next edit lands half-way through this full run
            wait_until(lambda: any(d > args.paths // 2 for d in progress))
            what = "replaced half-way"
        else:
            wait_until(lambda: (args.paths, False) in delivered)
            what = "full run delivered"
        gc.collect()
        line = f"edit {i + 1:2d}: {what:20s} RSS {rss() / MB:6.0f} MB (peak {beat.peak / MB:.0f})"
        if args.trace:
            held = tracemalloc.get_traced_memory()[0]
            line += f"; held by Python/NumPy {held / MB:.0f} MB; results alive {len(alive)}"
        print(line, flush=True)
    runs_peak, runs_stall = beat.peak, beat.longest
    print(f"edits took {time.perf_counter() - t0:.0f} s")

    target = Path(_DATA) / "samples.csv"
    QFileDialog.getSaveFileName = lambda *a, **k: (str(target), "")  # type: ignore[method-assign]
    beat.reset()
    t0 = time.perf_counter()
    view.export_samples()
    export_s = time.perf_counter() - t0
    settle = time.perf_counter() + 0.1  # let the heartbeat tick after a blocking export
    wait_until(lambda: time.perf_counter() > settle)
    export_peak, export_stall = beat.peak, beat.longest
    size = target.stat().st_size if target.exists() else 0

    print()
    print(
        f"peak RSS through {args.edits} edits of {args.paths:,}-path runs: {runs_peak / MB:.0f} MB"
    )
    print(f"longest GUI stall during the runs:   {runs_stall * 1000:.0f} ms")
    print(f"samples CSV export: {export_s:.1f} s, {size / MB:.0f} MB written")
    print(f"peak RSS during the export:          {export_peak / MB:.0f} MB")
    print(f"longest GUI stall during the export: {export_stall * 1000:.0f} ms")
    print(f"RSS at the end: {rss() / MB:.0f} MB")
    window.doc.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
