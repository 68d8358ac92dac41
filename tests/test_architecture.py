"""The model never imports Qt: enforced by importing it with Qt made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO

BLOCK_QT = """
import importlib, pkgutil, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "shiboken6", "pyqtgraph", "superqt", "PyQt5",
                                  "PyQt6", "qtpy"}:
            raise ImportError(f"simulator must not import {name}")
        return None

sys.meta_path.insert(0, NoQt())
import simulator
for info in pkgutil.walk_packages(simulator.__path__, "simulator."):
    importlib.import_module(info.name)
print(sorted(m for m in sys.modules if m.startswith("simulator")))
"""


def test_simulator_imports_without_qt():
    out = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    modules = {p.stem for p in (REPO / "simulator").glob("*.py")} - {"__init__"}
    for name in modules:
        assert f"simulator.{name}" in out.stdout


def test_no_qt_names_in_simulator_sources():
    for path in Path(REPO, "simulator").glob("*.py"):
        text = path.read_text()
        for banned in ("PySide6", "pyqtgraph", "QtCore", "QtWidgets", "from ui", "import ui"):
            assert banned not in text, f"{path.name} mentions {banned}"
