"""Where the app keeps its per-user files: recovery files and the error log.

``CAPEX_SIM_DATA_DIR`` overrides the data folder (recovery files go to its
``recovery`` folder, the error log to its ``logs`` folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR = ("Cloud Capex Simulator", "CloudCapexSimulator")
DATA_ENV = "CAPEX_SIM_DATA_DIR"


def data_dir() -> Path:
    """The per-user data folder (``CAPEX_SIM_DATA_DIR`` when set)."""
    override = os.environ.get(DATA_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(*APP_DIR))


def recovery_dir() -> Path:
    """Where recovery files are kept."""
    return data_dir() / "recovery"


def log_dir() -> Path:
    """The per-user log folder (``logs`` under ``CAPEX_SIM_DATA_DIR`` when set)."""
    if os.environ.get(DATA_ENV):
        return data_dir() / "logs"
    return Path(platformdirs.user_log_dir(*APP_DIR))
