"""The installed package: its version, its resources and its documentation (no Qt).

The version has one source, the package metadata (``pyproject.toml``'s ``version``).
Resources (presets, the icon, the desktop entry) sit in ``resources/`` beside the
packages, in a source checkout as in an installed wheel. The documentation (README.md
and docs/) is beside ``main.py`` in a checkout; an installed wheel puts it in
``share/doc/cloud-capex-simulator`` under its prefix (a pipx venv, ``~/.local``).
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from pathlib import Path

DIST = "cloud-capex-simulator"
APP_NAME = "Cloud Capex Simulator"
ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
ICON = RESOURCES / "icons" / "capex-sim.svg"
ICON_PNG = RESOURCES / "icons" / "capex-sim-256.png"
DESKTOP_ENTRY = RESOURCES / "capex-sim.desktop"
DOC_FOLDER = "share/doc/cloud-capex-simulator"


@cache
def version() -> str:
    """The installed version (``0.2.0``), from the package metadata."""
    try:
        return metadata.version(DIST)
    except metadata.PackageNotFoundError:  # a checkout that was never installed
        return "0+unknown"


@cache
def docs_dir() -> Path | None:
    """The folder holding README.md (and docs/): the checkout, else the installed copy."""
    if (ROOT / "README.md").is_file() and (ROOT / "pyproject.toml").is_file():
        return ROOT
    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError:
        return None
    for file in dist.files or ():
        if file.as_posix().endswith(f"{DOC_FOLDER}/README.md"):
            return Path(str(dist.locate_file(file))).resolve().parent
    return None


def doc_path(name: str) -> str:
    """Where the document ``name`` (``README.md``, ``docs/uncertainty.md``) is installed,
    for help texts; the bare name when no copy is found."""
    folder = docs_dir()
    if folder is None:
        return name
    path = folder / name
    if not path.is_file() and name.startswith("docs/"):
        path = folder / name.removeprefix("docs/")  # installed flat beside README.md
    return str(path) if path.is_file() else name
