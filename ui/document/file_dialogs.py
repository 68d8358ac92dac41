"""The dialogs around files: choose a path, write bytes safely, say what went wrong.

:func:`save_bytes` is the one way anything is exported from the window: a save
dialog, the bytes made (only once a name is chosen), an atomic write
(:func:`simulator.atomic.write_atomic`) and, on failure, an error dialog
(``dialog.error``) that names the file and the reason; nothing on disk changes then,
and the open work is untouched. That holds for any failure of the exporter too (a
bug, a library refusing a value): its traceback goes to the error log, never to the
user. A big export made as a :class:`~simulator.export.stream.Streamed` file is
written from a thread of its own with progress and Cancel (:mod:`ui.export.streamed`).
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
from simulator.export.stream import Payload, Streamed

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
    make: Callable[[str], Payload],
) -> Path | None:
    """Ask for a file name, make the file (``make(chosen filter)``: bytes, or a streamed
    file) and write it atomically. Any failure shows a dialog naming the file and the
    reason; the path written, or None (cancelled or failed)."""
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    if not name:
        return None
    try:
        payload = make(chosen)
        if isinstance(payload, Streamed):
            from ui.export.streamed import write_streamed

            return Path(name) if write_streamed(parent, name, payload) else None
        write_atomic(name, payload)
    except ScenarioError as exc:
        show_error(parent, "Cannot export", str(exc))
        return None
    except OSError as exc:
        show_error(parent, "Cannot export", f"{name}: {exc.strerror or exc}")
        return None
    except Exception as exc:  # an exporter's bug must not reach the user
        show_error(parent, "Cannot export", _unexpected(name, exc))
        return None
    return Path(name)


def _unexpected(name: str, exc: Exception) -> str:
    """The message for an exporter's unexpected failure; its traceback goes to the log."""
    import traceback

    from ui.app.crash import write_log

    reason = f"{type(exc).__name__}: {exc}"[:300]
    try:
        log = f" Details are in {write_log(''.join(traceback.format_exception(exc)))}."
    except OSError:
        log = ""
    return (
        f"{name}: the file could not be made ({reason}). Nothing was written and your "
        f"work is unchanged.{log}"
    )


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


def _held_box(parent: QWidget | None, path: Path, holder: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, "File open in another window", "", parent=parent)
    box.setObjectName("dialog.file_held")
    box.setText(f"“{path.name}” is open in another running {APP_NAME}.")
    return box


def ask_open_held(parent: QWidget | None, path: Path, holder: str) -> bool:
    """Before opening a file another running instance has open: True to open it anyway."""
    box = _held_box(parent, path, holder)
    box.setInformativeText(
        f"{path}\n\nOpen in {holder}.\n\nIf both copies are edited, saving one overwrites "
        "the changes saved from the other. Open it here anyway?"
    )
    anyway = box.addButton("Open Anyway", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is anyway


def tell_held(parent: QWidget | None, path: Path, holder: str) -> None:
    """At start-up: the file given is also open in another running instance."""
    box = _held_box(parent, path, holder)
    box.setInformativeText(
        f"{path}\n\nOpen in {holder}.\n\nIf both copies are edited, saving one overwrites "
        "the changes saved from the other; close one of them, or use Save As here."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
