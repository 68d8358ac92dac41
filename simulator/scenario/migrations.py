"""File versions: ordered steps that upgrade an older document to the current version.

``STEPS[n]`` turns a version-``n`` document into a version-``n + 1`` one, writing
exactly the settings that keep its numbers (MODEL.md stays the contract of version 1
files). :func:`migrate` applies the steps in order; a document of the current version
passes through unchanged. Old files are kept as test fixtures (``tests/data/``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from simulator.scenario.schema import VERSION, check_header

Step = Callable[[dict[str, Any]], dict[str, Any]]

STEPS: dict[int, Step] = {}
"""Version n -> the step to version n + 1 (none yet: version 1 is current)."""


def migrate(doc: Any) -> Any:
    """``doc`` upgraded to :data:`~simulator.scenario.schema.VERSION` (a new object).

    Documents that are not scenarios, or of a newer version, are left to
    :func:`~simulator.scenario.schema.check_header` to refuse.
    """
    version = check_header(doc)
    if version == VERSION:
        return doc
    doc = copy.deepcopy(doc)
    while version < VERSION:
        doc = STEPS[version](doc)
        version += 1
        doc["version"] = version
    return doc
