"""The dialogs around files: choose a path, write bytes safely, say what went wrong.

:func:`save_bytes` is the one way anything is exported from the window: a save
dialog, the bytes made (only once a name is chosen), an atomic write
(:func:`simulator.atomic.write_atomic`) and, on failure, an error dialog
(``dialog.error``) that names the file and the reason; nothing on disk changes then.
The other functions ask the questions of the file controller: unsaved changes
(``dialog.unsaved``), a file changed by another program (``dialog.changed_on_disk``,
``dialog.reload``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from simulator.atomic import write_atomic
from simulator.errors import ScenarioError

APP_NAME = "Cloud Capex Simulator"
SCENARIO_FILTER = "Capex scenarios (*.json);;All files (*)"
OVERWRITE, RELOAD, CANCEL = "overwrite", "reload", "cancel"
SAVE, DISCARD = "save", "discard"


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """A modal error box (``dialog.error``)."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("dialog.error")
    box.exec()


def ask_open_path(parent: QWidget | None, folder: Path) -> Path | None:
    """Ask for a scenario file to open; None when cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, "Open scenario", str(folder), SCENARIO_FILTER)
    return Path(name) if name else None


def ask_save_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Ask where to save a scenario; None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save scenario as", str(suggested), SCENARIO_FILTER
    )
    return Path(name) if name else None


def save_bytes(
    parent: QWidget | None,
    title: str,
    suggested: Path,
    filters: str,
    make: Callable[[str], bytes],
) -> Path | None:
    """Ask for a file name, make the bytes (``make(chosen filter)``) and write them
    atomically. A refusal from the model or an OS error shows a dialog; the path
    written, or None (cancelled or failed)."""
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    if not name:
        return None
    try:
        write_atomic(name, make(chosen))
    except ScenarioError as exc:
        show_error(parent, "Cannot export", str(exc))
        return None
    except OSError as exc:
        show_error(parent, "Cannot export", f"{name}: {exc.strerror or exc}")
        return None
    return Path(name)


def ask_unsaved(parent: QWidget | None, name: str) -> str:
    """Before losing unsaved changes: ``save``, ``discard`` or ``cancel``."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_NAME,
        f"“{name}” has unsaved changes.",
        buttons.Save | buttons.Discard | buttons.Cancel,
        parent,
    )
    box.setObjectName("dialog.unsaved")
    box.setInformativeText("Save them before going on?")
    box.setDefaultButton(buttons.Save)
    answer = box.exec()
    return {buttons.Save: SAVE, buttons.Discard: DISCARD}.get(answer, CANCEL)


def ask_changed_on_disk(parent: QWidget | None, path: Path) -> str:
    """Before saving over a file someone else changed: Overwrite, Reload or Cancel."""
    box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk", "", parent=parent)
    box.setObjectName("dialog.changed_on_disk")
    box.setText(f"“{path.name}” was changed by another program since you opened or saved it.")
    box.setInformativeText(
        f"{path}\n\nOverwrite it with your version, reload the version on disk "
        "(your unsaved changes are dropped), or cancel the save?"
    )
    overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
    reload = box.addButton("Reload", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return OVERWRITE if clicked is overwrite else RELOAD if clicked is reload else CANCEL


def offer_reload(
    parent: QWidget | None, path: Path, dirty: bool, reload: Callable[[], None]
) -> None:
    """Say the open file changed on disk; "Reload" calls ``reload`` (the box does not block)."""
    box = QMessageBox(QMessageBox.Icon.Information, "File changed on disk", "", parent=parent)
    box.setObjectName("dialog.reload")
    box.setText(f"“{path.name}” was changed by another program.")
    lose = " Your unsaved changes here would be dropped." if dirty else ""
    box.setInformativeText(f"{path}\n\nReload the version on disk?{lose}")
    button = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Keep Mine", QMessageBox.ButtonRole.RejectRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda clicked: reload() if clicked is button else None)
    box.open()
