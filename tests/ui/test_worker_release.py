"""A cancelled or replaced task leaves nothing behind: the arrays its frames held are
freed once its worker ends, the worker is forgotten, and freed memory is handed back
to the system (issue 16: ten restarted 1M-path runs left ~980 MB resident)."""

from __future__ import annotations

import functools
import gc
import sys
import threading
import weakref

import numpy as np
import pytest

import ui.common.worker
from simulator.analysis.cancel import RunCancelledError
from ui.common import memory
from ui.common.worker import TaskRunner


class BigTask:
    """A task that holds a big array in its frame and runs until told to stop."""

    def __init__(self) -> None:
        self.arrays: list[weakref.ref[np.ndarray]] = []
        self.release = threading.Event()

    def __call__(self, progress) -> str:
        held = np.ones(2_000_000)
        self.arrays.append(weakref.ref(held))
        done = 0
        while True:
            done += 1
            if not progress(done, 10**9):
                raise RunCancelledError
            if self.release.wait(0.005) and done > 1:
                return "finished"


ENDED: list[int] = []
"""One entry per worker that ended (release_freed_memory_soon, patched, was called)."""


@pytest.fixture
def runner(qtbot, monkeypatch):
    ENDED.clear()
    monkeypatch.setattr(ui.common.worker, "release_freed_memory_soon", lambda: ENDED.append(1))
    r = TaskRunner()
    yield r
    r.cancel()
    r.wait()


def wait_ended(qtbot, runner, count: int) -> None:
    """Until ``count`` workers ended, each asking for memory to be released."""
    qtbot.waitUntil(lambda: len(ENDED) >= count, timeout=20_000)
    qtbot.waitUntil(lambda: not runner._workers, timeout=20_000)


def test_a_cancelled_tasks_arrays_are_freed_when_it_ends(qtbot, runner):
    task = BigTask()
    with qtbot.waitSignal(runner.progress, timeout=20_000):
        runner.start(task)
    failed: list[str] = []
    runner.failed.connect(failed.append)
    with qtbot.waitSignal(runner.cancelled):
        runner.cancel()
    wait_ended(qtbot, runner, 1)
    gc.collect()
    assert task.arrays and task.arrays[0]() is None  # no traceback keeps its frame
    assert failed == [] and not runner.busy


def test_a_replaced_task_is_freed_and_only_the_new_result_delivered(qtbot, runner):
    old, new = BigTask(), BigTask()
    with qtbot.waitSignal(runner.progress, timeout=20_000):
        runner.start(old)
    results: list[object] = []
    runner.finished.connect(results.append)
    runner.start(new)
    new.release.set()
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        pass
    wait_ended(qtbot, runner, 2)
    gc.collect()
    assert old.arrays[0]() is None and new.arrays[0]() is None
    assert results == ["finished"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_memory_is_returned_to_the_system():
    assert memory._malloc_trim() is not None  # glibc's, found
    assert isinstance(memory.release_freed_memory(), bool)
    thread = memory.release_freed_memory_soon()
    assert thread is not None
    thread.join(10)
    assert not thread.is_alive()


class Inputs:
    """A stand-in for what a task is given (a Monte Carlo result): weakly referable."""

    def __init__(self) -> None:
        self.values = np.ones(2_000_000)


def first_value(given: Inputs, progress) -> float:
    return float(given.values[0])


def test_a_finished_tasks_inputs_are_freed_once_it_ends(qtbot, runner):
    # the worker outlives its task (Qt deletes it later): neither it nor the slots on
    # its signals may keep what the task was given (ten 1M-path runs' extras grew the
    # app by ~200 MB a run)
    given = Inputs()
    gone = weakref.ref(given)
    with qtbot.waitSignal(runner.finished, timeout=20_000) as got:
        runner.start(functools.partial(first_value, given))
    del given
    wait_ended(qtbot, runner, 1)
    gc.collect()
    assert got.args == [1.0] and gone() is None
