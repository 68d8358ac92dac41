"""The five views of the active scenario, one tab each (``view.tabs``).

Projection, Uncertainty, Sensitivity, Actuals and Compare. Each view follows the
:class:`~ui.document.projection.Projection` (and the document where it edits);
the tabs only say which one is on screen: the Monte Carlo runs, the sensitivity
sweeps and the comparison compute only while their tab is shown.

Only the Projection view is built with the window: the others are built the first
time they are shown or asked for (:meth:`ViewTabs.view`), which keeps start-up to
what the first screen needs. Until then their tab holds an empty page. The
Uncertainty view's :class:`UncertaintyController` is made at once (``controller``):
the window's commands follow its runs whether or not the view exists yet.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget
from superqt.utils import signals_blocked

from ui.document.projection import Projection
from ui.document.workspace import ActiveDocument, Workspace
from ui.views.projection.view import ProjectionView
from ui.views.uncertainty.controller import UncertaintyController

TITLES = {
    "projection": "Projection",
    "uncertainty": "Uncertainty",
    "sensitivity": "Sensitivity",
    "actuals": "Actuals",
    "compare": "Compare",
}
NAMES = tuple(TITLES)


class ViewTabs(QTabWidget):
    """The views by name (:data:`TITLES`), in tab order; built when first needed."""

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
        self.controller = UncertaintyController(document, self, enabled=False)
        self._builders: dict[str, Callable[[], QWidget]] = {
            "uncertainty": lambda: _uncertainty(document, self.controller, projection),
            "sensitivity": lambda: _sensitivity(projection),
            "actuals": lambda: _actuals(document, projection),
            "compare": lambda: _compare(workspace, projection),
        }
        self._views: dict[str, QWidget] = {"projection": self.projection_view}
        for name, title in TITLES.items():
            page = self._views.get(name) or QWidget()
            page.setObjectName(page.objectName() or f"view.pending.{name}")
            self.addTab(page, title)
        self.currentChanged.connect(self._current_changed)
        self._follow_current()

    # -- the views ----------------------------------------------------------------------

    def view(self, name: str) -> QWidget:
        """The view called ``name``, built now if it was not yet."""
        found = self._views.get(name)
        if found is None:
            found = self._views[name] = self._builders[name]()
            index = NAMES.index(name)
            placeholder = self.widget(index)
            with signals_blocked(self):
                was_current = self.currentIndex() == index
                self.removeTab(index)
                self.insertTab(index, found, TITLES[name])
                if was_current:
                    self.setCurrentIndex(index)
            placeholder.deleteLater()
            self._follow_current()
        return found

    def build_all(self) -> None:
        """Build every view now (for automation that looks widgets up by name)."""
        for name in NAMES:
            self.view(name)

    def is_built(self, name: str) -> bool:
        """Whether the view called ``name`` exists yet."""
        return name in self._views

    def current_name(self) -> str:
        """The name of the view on screen."""
        return NAMES[max(self.currentIndex(), 0)]

    @property
    def uncertainty(self) -> QWidget:
        """The Uncertainty view (built on first use)."""
        return self.view("uncertainty")

    @property
    def sensitivity(self) -> QWidget:
        """The Sensitivity view (built on first use)."""
        return self.view("sensitivity")

    @property
    def actuals(self) -> QWidget:
        """The Actuals view (built on first use)."""
        return self.view("actuals")

    @property
    def compare(self) -> QWidget:
        """The Compare view (built on first use)."""
        return self.view("compare")

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

    # -- what computes ------------------------------------------------------------------

    def _current_changed(self, index: int) -> None:
        if 0 <= index < len(NAMES):
            self.view(NAMES[index])
        self._follow_current()

    def _follow_current(self) -> None:
        """Run the Monte Carlo, the sweeps and the comparison only while they are shown."""
        shown = self.current_name()
        self.controller.set_enabled(shown == "uncertainty")
        for name in ("sensitivity", "compare"):
            if name in self._views:
                self._views[name].set_active(shown == name)  # type: ignore[attr-defined]

    def shutdown(self) -> None:
        """Cancel background runs and wait for their threads (before the window goes)."""
        self.controller.shutdown()
        for name in ("uncertainty", "sensitivity", "compare"):
            if name in self._views:
                self._views[name].shutdown()  # type: ignore[attr-defined]


# The views' modules are imported when the view is first built: together they take a
# good part of a second to import on a slow machine, which the first screen need not pay.


def _uncertainty(
    document: ActiveDocument, controller: UncertaintyController, projection: Projection
) -> QWidget:
    from ui.views.uncertainty.view import UncertaintyView

    return UncertaintyView(document, controller, projection)


def _sensitivity(projection: Projection) -> QWidget:
    from ui.views.sensitivity.view import SensitivityView

    return SensitivityView(projection)


def _actuals(document: ActiveDocument, projection: Projection) -> QWidget:
    from ui.views.actuals.view import ActualsView

    return ActualsView(document, projection)


def _compare(workspace: Workspace, projection: Projection) -> QWidget:
    from ui.views.compare.view import CompareView

    return CompareView(workspace, projection)
