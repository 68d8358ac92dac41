"""Qt start-up helpers: one QApplication, offscreen when there is no screen."""

from __future__ import annotations

import os
import sys


def use_offscreen() -> None:
    """Select Qt's offscreen platform (for headless rendering); call before Qt starts."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


def has_display() -> bool:
    """Whether a windowing system is reachable (or a platform was chosen explicitly)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def application() -> object:
    """The running QApplication, created on first use."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from simulator.about import APP_NAME, ICON, ICON_PNG, version

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName(APP_NAME)
        app.setApplicationVersion(version())
        app.setOrganizationName("CloudCapexSimulator")
        # the task bar's icon: the window icon, and on Wayland the desktop entry's
        app.setDesktopFileName("capex-sim")
        icon = QIcon(str(ICON))
        icon.addFile(str(ICON_PNG))
        app.setWindowIcon(icon)
    return app
