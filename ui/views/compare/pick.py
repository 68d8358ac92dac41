"""``compare.pick``: which open scenarios take part in the comparison.

One checkable row per open document, in tab order. A checked scenario is marked
with its comparison colour (:func:`~ui.charts.overlay.scenario_color` of its place
among the checked ones), the colour its curves, columns and bands have in the view.
New documents arrive checked; the others keep their state.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget
from superqt.utils import signals_blocked

from ui.charts.overlay import scenario_color
from ui.document.document import ScenarioDocument
from ui.views.compare.units import swatch


class ScenarioPicker(QListWidget):
    """The open scenarios, each with a check box; emits ``checked_changed``."""

    checked_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare.pick")
        self.setToolTip("Check the scenarios to compare; the colour is theirs in every chart.")
        self.docs: list[ScenarioDocument] = []
        # names of one plan's variants differ at the end: keep it, elide the middle
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemChanged.connect(self._item_changed)

    def sync(self, docs: Sequence[ScenarioDocument], names: Sequence[str]) -> None:
        """Show ``docs`` named ``names``; new ones checked, the others as they were."""
        with signals_blocked(self):
            if list(docs) != self.docs:
                self._rebuild(list(docs))
            for i, name in enumerate(names):
                item = self.item(i)
                if item.text() != name:
                    item.setText(name)
                item.setToolTip(_tip(docs[i]))
            self._mark()

    def checked(self) -> list[ScenarioDocument]:
        """The checked documents, in tab order."""
        return [d for i, d in enumerate(self.docs) if self._is_checked(i)]

    def set_checked(self, doc: ScenarioDocument, checked: bool) -> None:
        """Check or uncheck ``doc``'s row (as a click would)."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.item(self.docs.index(doc)).setCheckState(state)

    def _rebuild(self, docs: list[ScenarioDocument]) -> None:
        was = {id(d): self._is_checked(i) for i, d in enumerate(self.docs)}
        self.clear()
        for doc in docs:
            item = QListWidgetItem()
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = was.get(id(doc), True)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.docs = docs

    def _is_checked(self, row: int) -> bool:
        return self.item(row).checkState() == Qt.CheckState.Checked

    def _mark(self) -> None:
        """Colour squares by place among the checked rows; none on unchecked rows."""
        place = 0
        for row in range(self.count()):
            if self._is_checked(row):
                self.item(row).setIcon(swatch(scenario_color(place)))
                place += 1
            else:
                self.item(row).setIcon(swatch(None))

    def _item_changed(self, _item: QListWidgetItem) -> None:
        with signals_blocked(self):
            self._mark()
        self.checked_changed.emit()


def _tip(doc: ScenarioDocument) -> str:
    where = str(doc.path) if doc.path is not None else "not saved to a file"
    return f"{doc.scenario.name}\n{where}" + ("\n(unsaved changes)" if doc.is_dirty else "")
