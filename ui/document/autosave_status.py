"""Telling the user when autosave cannot keep their unsaved work, and when it can again.

A window's :class:`AutosaveStatus` watches the autosavers of its documents
(:class:`~ui.document.autosave.Autosaver`). While any of them fails to write its
recovery file (a full disk, a read-only or missing data folder), a permanent label
in the status bar (``status.autosave``) says so, its tooltip naming the folder and
the reason; the first failure also shows, once per window, a dialog
(``dialog.autosave_failed``) naming the folder and the operating system's reason
and what to do. The autosavers keep trying; the first write that works again clears
the label and says so in the status bar. A document saved or closed meanwhile no
longer needs its recovery file, so its failure stops counting.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ui.document.autosave import INTERVAL_MS, Autosaver

MESSAGE_MS = 10_000


def reason(exc: OSError) -> str:
    """The operating system's reason for ``exc`` (``No space left on device``)."""
    return exc.strerror or str(exc) or type(exc).__name__


class AutosaveStatus(QObject):
    """The autosave state of one window's documents, shown to the user.

    ``status(text, ms)`` carries messages for the status bar; :attr:`label` is the
    permanent status-bar label; :attr:`dialog` the warning once shown.
    """

    status = Signal(str, int)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.label = QLabel()
        self.label.setObjectName("status.autosave")
        self.label.setStyleSheet("color: #c0392b; font-weight: 600;")
        self.label.setVisible(False)
        self.dialog: QMessageBox | None = None
        self._warned = False
        self._failing: dict[Autosaver, OSError] = {}

    @property
    def failing(self) -> bool:
        """Whether some document's unsaved work cannot be kept for recovery now."""
        return bool(self._failing)

    def watch(self, saver: Autosaver) -> None:
        """Follow ``saver``'s failures and recoveries."""
        saver.failed.connect(lambda exc, s=saver: self._failed(s, exc))
        saver.resumed.connect(lambda s=saver: self._resumed(s))
        saver.idle.connect(lambda s=saver: self._forget(s))

    def forget(self, saver: Autosaver) -> None:
        """``saver``'s document was closed: its failure no longer counts."""
        self._forget(saver)

    def _failed(self, saver: Autosaver, exc: OSError) -> None:
        first = not self._failing
        self._failing[saver] = exc
        self._show_label()
        if first:
            self.status.emit(
                f"Autosave cannot write to {saver.folder}: {reason(exc)}. It keeps trying; "
                "save your work to keep it safe.",
                MESSAGE_MS,
            )
        if not self._warned:
            self._warned = True
            self._warn(saver.folder, exc)

    def _resumed(self, saver: Autosaver) -> None:
        if self._failing.pop(saver, None) is None:
            return
        self._show_label()
        if not self._failing:
            self.status.emit(
                f"Autosave works again: unsaved changes are kept in {saver.folder}.", MESSAGE_MS
            )

    def _forget(self, saver: Autosaver) -> None:
        if self._failing.pop(saver, None) is not None:
            self._show_label()

    def _show_label(self) -> None:
        if not self._failing:
            self.label.setVisible(False)
            self.label.setText("")
            return
        saver, exc = next(reversed(self._failing.items()))
        self.label.setText(f"⚠ Autosave failing: {reason(exc)}")
        self.label.setToolTip(
            f"Unsaved changes cannot be kept for recovery in {saver.folder}: {reason(exc)}. "
            f"Autosave tries again every {INTERVAL_MS // 1000} s and after each edit; "
            "save your work to keep it safe."
        )
        self.label.setVisible(True)

    def _warn(self, folder: Path, exc: OSError) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Autosave is not working", "", parent=self.window
        )
        box.setObjectName("dialog.autosave_failed")
        box.setText("Your unsaved changes cannot be kept for recovery.")
        box.setInformativeText(
            f"The app cannot write to its data folder:\n{folder}\n\nReason: {reason(exc)}.\n\n"
            "If the app or the computer stopped now, your unsaved changes would be lost. "
            "Save your work (File → Save), and free some space or make the folder "
            f"writable. Autosave keeps trying every {INTERVAL_MS // 1000} s; the status "
            "bar says when it works again."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._dialog_closed)
        self.dialog = box
        box.show()  # not modal: editing (and saving) goes on

    def _dialog_closed(self) -> None:
        self.dialog = None
