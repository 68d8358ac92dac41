"""``view.currency``: the "Show money in" switch of the toolbar.

It lists what the projection can show money in (the scenario's currency and USD)
and sets the projection's choice; the projection tells every view.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget
from superqt.utils import signals_blocked

from ui.document.projection import Projection

TIP = (
    "Show every amount in the scenario's currency or in US dollars (converted at the "
    "scenario's FX rate)."
)


class CurrencySwitch(QComboBox):
    """The scenario's currency or USD, for ``projection``."""

    def __init__(self, projection: Projection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("view.currency")
        self.setToolTip(TIP)
        self.projection = projection
        self._sync()
        projection.changed.connect(self._sync)
        self.currentIndexChanged.connect(lambda i: projection.set_in_usd(i == 1))

    def _sync(self) -> None:
        """Offer the projection's currencies; select what it shows."""
        labels = self.projection.currencies()
        with signals_blocked(self):
            if [self.itemText(i) for i in range(self.count())] != labels:
                self.clear()
                self.addItems(labels)
            self.setCurrentIndex(1 if self.projection.in_usd and len(labels) > 1 else 0)
