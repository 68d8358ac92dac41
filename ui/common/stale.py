"""A "recomputing…" badge over results that are out of date, which it greys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

STALE_STYLE = (
    "QLabel { background: #fdf2e9; color: #7e5109; border: 1px solid #e0a96d;"
    " border-radius: 4px; padding: 4px 10px; font-weight: 600; }"
)
STALE_OPACITY = 0.35


class StaleMark(QLabel):
    """A badge named ``name`` over ``target`` (top centre, ``top`` pixels down) that greys
    ``target`` while shown. ``target`` must already be in its parent's layout."""

    def __init__(self, target: QWidget, name: str, top: int = 34) -> None:
        super().__init__(target.parentWidget())
        self.target, self.top = target, top
        self.setObjectName(name)
        self.setStyleSheet(STALE_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.effect = QGraphicsOpacityEffect(target)
        self.effect.setOpacity(STALE_OPACITY)
        self.effect.setEnabled(False)
        target.setGraphicsEffect(self.effect)
        target.installEventFilter(self)
        self.hide()

    @property
    def shown(self) -> bool:
        """Whether the results are marked stale (the badge is up)."""
        return not self.isHidden()

    def mark(self, text: str) -> None:
        """Grey the target and show ``text`` ('' clears the mark)."""
        self.effect.setEnabled(bool(text))
        self.setText(text)
        self.setVisible(bool(text))
        if text:
            self.adjustSize()
            self._place()
            self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Follow the target's moves and resizes."""
        if watched is self.target and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place()
        return False

    def _place(self) -> None:
        area = self.target.geometry()
        self.move(area.center().x() - self.width() // 2, area.top() + self.top)
