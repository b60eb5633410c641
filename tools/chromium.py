"""How the course runs Chromium headless (browser tests and the accessibility audit share these flags).

Debian's chromium, started through Playwright's ``executable_path``: no sandbox (containers, CI),
no GPU, and none of the background traffic a browser makes on its own (the tests run offline).
"""

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
