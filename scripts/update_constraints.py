#!/usr/bin/env python3
"""Rewrite constraints.txt: the newest versions that install on each Python, merged.

    scripts/update_constraints.py python3.11 python3.12 python3.13

For each interpreter given, a fresh venv in a temporary folder gets this project with
its test and dev extras, without the old constraints (so everything floats to the
newest release the version ranges in pyproject.toml allow); ``pip freeze`` of each is
merged into constraints.txt, a version that differs by Python carrying an environment
marker. Then run the whole suite on each Python with the new file (``scripts/setup.sh
--test && .venv/bin/python -m pytest``) before committing it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION = "import sys; print('%d.%d' % sys.version_info[:2])"
HEADER = """\
# The exact versions the whole test suite passed with, per Python version (3.11-3.13).
# scripts/setup.sh installs with `pip -c constraints.txt`; pyproject.toml keeps the
# ranges (and the reasons for the PySide6 6.10.x and numpy-financial==1.0.0 pins).
# To upgrade: scripts/update_constraints.py python3.11 python3.12 python3.13, then run
# the suite on each Python (README, "Python versions and upgrading").
"""


def freeze(python: str) -> tuple[str, dict[str, str]]:
    """(major.minor, {package: version}) of a fresh install on ``python``."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip"]
        subprocess.run([*pip, "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "install", "-q", f"{ROOT}[dev]"], check=True)
        out = subprocess.run(
            [*pip, "freeze", "--exclude", "cloud-capex-simulator"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        version = subprocess.run(
            [str(venv / "bin" / "python"), "-c", VERSION],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    pins = dict(line.split("==", 1) for line in out.splitlines() if "==" in line)
    return version, pins


def merge(frozen: dict[str, dict[str, str]]) -> list[str]:
    """One line per package, or one per Python where the versions differ."""
    lines = []
    for name in sorted({n for pins in frozen.values() for n in pins}, key=str.lower):
        versions = {py: pins.get(name) for py, pins in frozen.items()}
        if len(set(versions.values())) == 1:
            lines.append(f"{name}=={next(iter(versions.values()))}")
            continue
        for py, v in sorted(versions.items()):
            if v is not None:
                lines.append(f'{name}=={v} ; python_version == "{py}"')
    return lines


def main(pythons: list[str]) -> int:
    if not pythons:
        print(__doc__, file=sys.stderr)
        return 2
    frozen = dict(freeze(p) for p in pythons)
    text = HEADER + "\n".join(merge(frozen)) + "\n"
    (ROOT / "constraints.txt").write_text(text)
    print(f"constraints.txt: {len(text.splitlines())} lines for Python {', '.join(frozen)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
