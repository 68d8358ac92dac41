"""One sensitivity request and its task: tornado, spider and two-way grid together.

The task runs on a worker thread (:class:`~ui.worker.TaskRunner`); it only calls
:mod:`simulator.sensitivity` and checks for cancellation between the three parts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from simulator.analysis.montecarlo import RunCancelledError
from simulator.analysis.sensitivity import Spider, Tornado, TwoWay, spider, tornado, two_way
from simulator.scenario.value import Scenario


@dataclass(frozen=True, eq=False)
class Request:
    """What to compute: the scenario, the metric and the two-way grid's axes."""

    scenario: Scenario
    metric: str
    a: str
    a_values: np.ndarray
    b: str
    b_values: np.ndarray


@dataclass(frozen=True, eq=False)
class Results:
    """The three analyses of one request."""

    request: Request
    tornado: Tornado
    spider: Spider
    two_way: TwoWay


def compute(request: Request, progress: Callable[[int, int], bool]) -> Results:
    """Run the three analyses; RunCancelledError when ``progress`` says stop."""
    r = request

    def check(done: int) -> None:
        if not progress(done, 3):
            raise RunCancelledError("sensitivity cancelled")

    t = tornado(r.scenario, r.metric)
    check(1)
    s = spider(r.scenario, r.metric)
    check(2)
    w = two_way(r.scenario, r.a, r.a_values, r.b, r.b_values, r.metric)
    check(3)
    return Results(r, t, s, w)
