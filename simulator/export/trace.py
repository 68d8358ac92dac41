"""Traceability: a short hash of a scenario's inputs, carried by every export.

The hash covers everything that changes the model's results (the document without
``name``, ``notes``, ``actuals`` and ``snapshots``), as canonical JSON, so a figure
can be traced back to the exact assumptions; renaming a scenario or editing its notes
keeps the hash.
"""

from __future__ import annotations

import hashlib
import json

from simulator.scenario.value import Scenario

_NOT_INPUTS = ("name", "notes", "actuals", "snapshots")


def input_hash(s: Scenario, length: int = 10) -> str:
    """The first ``length`` hex digits of SHA-256 over the scenario's inputs."""
    doc = {k: v for k, v in s.to_dict().items() if k not in _NOT_INPUTS}
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def trace_line(s: Scenario, seed: int | None = None) -> str:
    """E.g. ``Alibaba 2025 plan (base) · inputs 3fa9c01b2e · seed 2025``."""
    parts = [s.name, f"inputs {input_hash(s)}"]
    if seed is not None:
        parts.append(f"seed {seed}")
    return " · ".join(parts)
