"""Start the desktop app."""

from __future__ import annotations

from pathlib import Path

from simulator import Scenario
from ui.main_window import MainWindow
from ui.qt_env import application


def run(scenario: Scenario, path: Path | None = None) -> int:
    """Show the main window on ``scenario`` and run the event loop; the exit code."""
    app = application()
    window = MainWindow(scenario, path)
    window.show()
    return app.exec()
