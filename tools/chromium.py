"""How the course finds and runs Chromium headless: `course.py test`, the browser tests and the accessibility audit.

Standard library only: course.py imports this file on a bare Python, before anything is installed.

Debian's chromium, started through Playwright's ``executable_path``: no sandbox (containers, CI),
no GPU, and none of the background traffic a browser makes on its own (the tests run offline).
"""

from __future__ import annotations

import os
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> tuple[str | None, str]:
    """(path, '') or (None, why not). EUNATO_CHROMIUM wins when it is set; else a Chromium on the PATH."""
    named = os.environ.get("EUNATO_CHROMIUM", "").strip()
    if named:
        path = shutil.which(named) or (named if os.path.isfile(named) else None)
        if path and os.access(path, os.X_OK):
            return path, ""
        return None, (
            f"EUNATO_CHROMIUM={named} is not an executable file: point it at Chromium, "
            "or unset it to use the chromium on the PATH"
        )
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path, ""
    return None, (
        "no Chromium found: install it (Debian/Ubuntu: sudo apt-get install chromium) or set EUNATO_CHROMIUM to its path"
    )
