"""The bar of open scenarios above the views: one tab per document, "*" when unsaved.

Clicking a tab makes its document active; its close button asks the window to
close it (which asks about unsaved changes first); the buttons beside the tabs
duplicate the active scenario or open a file in a new tab.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QTabBar, QToolButton, QWidget
from superqt.utils import signals_blocked

from ui.document.document import ScenarioDocument
from ui.document.workspace import Workspace


class ScenarioTabs(QWidget):
    """Tabs mirroring a :class:`Workspace`, plus Duplicate and Open buttons."""

    def __init__(
        self,
        workspace: Workspace,
        close: Callable[[ScenarioDocument], object],
        duplicate: Callable[[], object],
        open_new: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.bar = QTabBar()
        self.bar.setObjectName("view.scenarios")
        self.bar.setTabsClosable(True)
        self.bar.setExpanding(False)
        self.bar.setDocumentMode(True)
        self.bar.setElideMode(Qt.TextElideMode.ElideMiddle)  # variants differ at the end
        self.bar.tabCloseRequested.connect(lambda i: close(self.workspace.documents()[i]))
        self.bar.currentChanged.connect(self._picked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(
            _button(
                "Duplicate",
                "scenarios.duplicate",
                duplicate,
                "Open a copy of this scenario in a new tab (Ctrl+D)",
            )
        )
        layout.addWidget(
            _button(
                "Open…",
                "scenarios.open",
                open_new,
                "Open a scenario file in a new tab (Ctrl+Shift+O)",
            )
        )
        workspace.documents_changed.connect(self.sync)
        workspace.active_changed.connect(lambda _d: self.sync())
        self.sync()

    def sync(self) -> None:
        """Make the tabs match the open documents, their names and unsaved state."""
        docs = self.workspace.documents()
        with signals_blocked(self.bar):
            while self.bar.count() > len(docs):
                self.bar.removeTab(self.bar.count() - 1)
            while self.bar.count() < len(docs):
                self.bar.addTab("")
            for i, doc in enumerate(docs):
                self.bar.setTabText(i, doc.scenario.name + (" *" if doc.is_dirty else ""))
                self.bar.setTabToolTip(i, str(doc.path) if doc.path else "not saved to a file yet")
            if docs:
                self.bar.setCurrentIndex(docs.index(self.workspace.active))
            self.bar.setTabsClosable(len(docs) > 1)

    def _picked(self, index: int) -> None:
        docs = self.workspace.documents()
        if 0 <= index < len(docs):
            self.workspace.set_active(docs[index])


def _button(text: str, name: str, slot: Callable[[], object], tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.clicked.connect(lambda _=False: slot())
    return button
