"""Small widgets made the same way everywhere: named buttons and progress bars.

Each gets its ``objectName`` (tests and automation find widgets by name).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QProgressBar, QPushButton


def named_button(name: str, text: str, slot: Callable[[], object] | None = None) -> QPushButton:
    """A push button called ``name``; a click calls ``slot`` (without arguments)."""
    made = QPushButton(text)
    made.setObjectName(name)
    if slot is not None:
        made.clicked.connect(lambda: slot())
    return made


def progress_bar(name: str, width: int = 160) -> QProgressBar:
    """A hidden percent progress bar called ``name``, at most ``width`` pixels wide."""
    bar = QProgressBar()
    bar.setObjectName(name)
    bar.setMaximumWidth(width)
    bar.setFormat("%p %")
    bar.setVisible(False)
    return bar
