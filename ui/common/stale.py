"""A "recomputing…" badge over results that are out of date, which it greys."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

STALE_STYLE = (
    "QLabel { background: #fdf2e9; color: #7e5109; border: 1px solid #e0a96d;"
    " border-radius: 4px; padding: 4px 10px; font-weight: 600; }"
)
STALE_OPACITY = 0.35


class StaleMark(QLabel):
    """A badge named ``name`` over ``target`` (top centre, ``top`` pixels down) that greys
    ``target`` (and the widgets ``also``, e.g. a headline of the same results) while
    shown. ``target`` must already be in its parent's layout."""

    def __init__(
        self, target: QWidget, name: str, top: int = 34, also: Sequence[QWidget] = ()
    ) -> None:
        super().__init__(target.parentWidget())
        self.target, self.top = target, top
        self.setObjectName(name)
        self.setStyleSheet(STALE_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.effects = [_greying(w) for w in (target, *also)]
        self.effect = self.effects[0]
        target.installEventFilter(self)
        self.hide()

    @property
    def shown(self) -> bool:
        """Whether the results are marked stale (the badge is up)."""
        return not self.isHidden()

    def mark(self, text: str) -> None:
        """Grey the target and show ``text`` ('' clears the mark)."""
        for effect in self.effects:
            effect.setEnabled(bool(text))
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


def _greying(widget: QWidget) -> QGraphicsOpacityEffect:
    """A disabled opacity effect set on ``widget``, to grey it when enabled."""
    effect = QGraphicsOpacityEffect(widget)
    effect.setOpacity(STALE_OPACITY)
    effect.setEnabled(False)
    widget.setGraphicsEffect(effect)
    return effect
