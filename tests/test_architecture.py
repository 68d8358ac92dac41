"""The model never imports Qt: enforced by importing it with Qt made unimportable."""

from __future__ import annotations

import ast
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
    modules = {
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for p in (REPO / "simulator").rglob("*.py")
    }
    for name in modules:
        assert f"{name!r}" in out.stdout


def test_no_qt_names_in_simulator_sources():
    for path in Path(REPO, "simulator").rglob("*.py"):
        text = path.read_text()
        for banned in ("PySide6", "pyqtgraph", "QtCore", "QtWidgets", "from ui", "import ui"):
            assert banned not in text, f"{path.name} mentions {banned}"


def _imports(tree: ast.AST) -> set[str]:
    """Modules named by every import in ``tree``, in functions too, but not the
    ``if TYPE_CHECKING:`` blocks (they never run)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return found


def _module_graph() -> dict[str, set[str]]:
    modules = {}
    for path in Path(REPO, "simulator").rglob("*.py"):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    return {
        name: {m for m in _imports(ast.parse(path.read_text())) if m in modules and m != name}
        for name, path in modules.items()
    }


def test_simulator_has_no_import_cycle():
    graph = _module_graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert cycles == []


def test_the_scenario_never_imports_analysis_or_the_engine():
    graph = _module_graph()
    for name, targets in graph.items():
        if name.startswith("simulator.scenario"):
            bad = {t for t in targets if t.startswith(("simulator.analysis", "simulator.model"))}
            assert bad <= {"simulator.model.outputs"}, f"{name} imports {bad}"


def test_no_module_over_500_lines():
    for folder in ("simulator", "ui"):
        for path in Path(REPO, folder).rglob("*.py"):
            lines = len(path.read_text().splitlines())
            assert lines <= 500, f"{path.relative_to(REPO)} has {lines} lines"


def test_ui_times_and_blocks_signals_through_superqt():
    """Debounced and throttled calls are superqt's ``qdebounced``/``qthrottled`` and
    signals are blocked with ``signals_blocked`` (nothing stays blocked after an
    exception); the one QTimer left is the autosave's repeating 30 s tick."""
    repeating = {"ui/document/autosave.py"}
    for path in Path(REPO, "ui").rglob("*.py"):
        name = path.relative_to(REPO).as_posix()
        text = path.read_text()
        assert "blockSignals(" not in text and "QSignalBlocker" not in text, name
        assert "singleShot" not in text, name
        if name not in repeating:
            assert "QTimer" not in text, name
