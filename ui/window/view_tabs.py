"""The five views of the active scenario, one tab each (``view.tabs``).

Projection, Uncertainty, Sensitivity, Actuals and Compare. Each view follows the
:class:`~ui.document.projection.Projection` (and the document where it edits);
the tabs only say which one is on screen: the Monte Carlo runs, the sensitivity
sweeps and the comparison compute only while their tab is shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.document.projection import Projection
from ui.document.workspace import ActiveDocument, Workspace
from ui.views.actuals.view import ActualsView
from ui.views.compare.view import CompareView
from ui.views.projection.view import ProjectionView
from ui.views.sensitivity.view import SensitivityView
from ui.views.uncertainty.controller import UncertaintyController
from ui.views.uncertainty.view import UncertaintyView

TITLES = {
    "projection": "Projection",
    "uncertainty": "Uncertainty",
    "sensitivity": "Sensitivity",
    "actuals": "Actuals",
    "compare": "Compare",
}


class ViewTabs(QTabWidget):
    """The views by name (:data:`TITLES`), in tab order."""

    def __init__(
        self,
        document: ActiveDocument,
        projection: Projection,
        workspace: Workspace,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("view.tabs")
        self.setDocumentMode(True)
        self.projection_view = ProjectionView(projection)
        controller = UncertaintyController(document, self, enabled=False)
        self.uncertainty = UncertaintyView(document, controller, projection)
        self.sensitivity = SensitivityView(projection)
        self.actuals = ActualsView(document, projection)
        self.compare = CompareView(workspace, projection)
        self._views: dict[str, QWidget] = {
            "projection": self.projection_view,
            "uncertainty": self.uncertainty,
            "sensitivity": self.sensitivity,
            "actuals": self.actuals,
            "compare": self.compare,
        }
        for name, title in TITLES.items():
            self.addTab(self._views[name], title)
        self.currentChanged.connect(lambda _: self._follow_current())
        self._follow_current()

    def view(self, name: str) -> QWidget:
        """The view called ``name``."""
        return self._views[name]

    def show_view(self, name: str) -> None:
        """Bring the view called ``name`` to the front."""
        self.setCurrentWidget(self.view(name))

    def focused_chart(self) -> str:
        """The main chart with the focus or under the mouse, else ``dashboard``."""
        focus = self.focusWidget()
        for name, chart in self.projection_view.dashboard.charts.items():
            if focus is chart or chart.underMouse():
                return name
        return "dashboard"

    def _follow_current(self) -> None:
        """Run the Monte Carlo, the sweeps and the comparison only while they are shown."""
        shown = self.currentWidget()
        self.uncertainty.controller.set_enabled(shown is self.uncertainty)
        self.sensitivity.set_active(shown is self.sensitivity)
        self.compare.set_active(shown is self.compare)

    def shutdown(self) -> None:
        """Cancel background runs and wait for their threads (before the window goes)."""
        self.uncertainty.controller.shutdown()
        self.uncertainty.shutdown()
        self.sensitivity.shutdown()
        self.compare.shutdown()
