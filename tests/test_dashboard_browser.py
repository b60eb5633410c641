"""Tests of the class dashboard (notebooks/dashboard.ipynb) served by Voila, as a teacher projects it.

Two ways to open it:

* ``python3 course.py dashboard`` runs Voila on its own (``voila notebooks/dashboard.ipynb``): in headless
  Chromium, every explorer of the notebook renders, no code and no error text is shown, moving one control of each
  explorer changes its output, and the page asks nothing of the internet beyond the stylesheet Voila's own
  template links to (blocked here, harmlessly). When something failed (or always, with EUNATO_SCREENSHOTS=1), a
  screenshot of the whole page goes to test-artifacts/screenshots/voila-dashboard.png.
* the README's Binder link opens ``voila/render/notebooks/dashboard.ipynb`` inside a Jupyter server (Voila's
  server extension), which is what JupyterLab on Binder or on a JupyterHub offers: the page it returns holds one
  widget view per explorer, no code and no error (read as HTML: the same widgets are drawn and moved above).

The servers listen on 127.0.0.1 only, with a random token, serve a temporary copy of the course, and are stopped
by their process id. Without Chromium the tests are skipped with the reason; with CI=true they fail instead.
"""

from __future__ import annotations

import os
import socket
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from browser_support import (
    ROOT,
    SCREENSHOT_DIR,
    SCREENSHOTS_TAKEN,
    SERVER_START_TIMEOUT,
    NotebookFailure,
    ServerProcess,
    copy_course,
    explorer_title,
    move_explorer,
    screenshots_wanted,
)

pytestmark = pytest.mark.browser

DASHBOARD = "notebooks/dashboard.ipynb"
RENDER_TIMEOUT = 120  # s, until Voila has run the notebook and every explorer is on the page
SCREENSHOT_MAX_HEIGHT = 16000  # px

# External addresses the page may ask for, from Voila itself: its lab template links Font Awesome's stylesheet from a
# CDN (icons for widgets that use them; the course's explorers do not), and inside a Jupyter server it loads MathJax
# from a CDN (the dashboard has no formulas). Both are blocked here and nothing on the page is missing.
ALLOWED_EXTERNAL = ("https://cdn.jsdelivr.net/npm/@fortawesome/", "https://cdnjs.cloudflare.com/ajax/libs/mathjax/")

ERROR_TEXT = (
    "Traceback",
    "Error displaying widget",
    "Error rendering",
    "Loading widget",
    "could not be drawn",
    "Run this notebook in Jupyter to",
    "Model not found",
    "Exception",
    "Kernel error",
    "not trusted",
)
CODE_TEXT = ("import ", "_explorer()", "from eunato")


def dashboard_explorer_count() -> int:
    """How many explorers the dashboard shows: one per explorer cell (tagged nbval-ignore-output)."""
    nb = nbformat.read(ROOT / DASHBOARD, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code" and "nbval-ignore-output" in c.metadata.get("tags", []))


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class VoilaServer(ServerProcess):
    """`voila notebooks/dashboard.ipynb` (as course.py dashboard runs it) on 127.0.0.1, in a temporary copy."""

    log_name = "voila.log"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "voila",
            DASHBOARD,
            "--no-browser",
            f"--port={self.port}",
            "--Voila.ip=127.0.0.1",
            "--Voila.port_retries=0",
            f"--Voila.token={self.token}",
            f"--Voila.connection_dir_root={self.workdir / 'runtime'}",
            "--Voila.log_level=" + os.environ.get("EUNATO_VOILA_LOG", "WARN"),
        ]

    def environment(self) -> dict:
        env = dict(os.environ)
        env.update(
            EUNATO_DATA=str(self.root / "data"),
            EUNATO_STRICT="1",
            JUPYTER_CONFIG_DIR=str(self.workdir / "config"),
            JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        env.pop("JUPYTER_TOKEN", None)
        return env

    def start(self) -> VoilaServer:
        copy_course(self.root)
        for name in ("config", "runtime"):
            (self.workdir / name).mkdir()
        self._launch()
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not port_open(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voila exited with code {self.proc.returncode} while starting:\n{self.log()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"Voila did not listen on port {self.port} within {SERVER_START_TIMEOUT} s:\n{self.log()}"
                )
            time.sleep(0.3)
        return self

    def url(self) -> str:
        return f"{self.base}/?token={self.token}"


@pytest.fixture(scope="module")
def voila_server(chromium_path, tmp_path_factory):
    server = VoilaServer(tmp_path_factory.mktemp("voila")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(lab_browser):
    """A new tab, in the browser tier's Chromium (conftest.py runs this module in the worker of tests/test_browser.py),
    that records JavaScript errors and blocks (and records) every request off this machine."""
    page = lab_browser.new_page()
    page.eunato_js_errors = []
    page.eunato_external = []
    page.on("pageerror", lambda err: page.eunato_js_errors.append(str(err)[:300]))

    def route(r):
        host = urllib.parse.urlsplit(r.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1", "") or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            page.eunato_external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    try:
        yield page
    finally:
        page.close()


# ---------------------------------------------------------------------------------------------------------------
# what a teacher should see

JS_PAGE_STATE = """
() => {
  const explorers = Array.from(document.querySelectorAll('.eunato-explorer'));
  const shown = explorers.filter((e) => e.querySelector('.eunato-explorer-output .jp-OutputArea-output'));
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const code = Array.from(document.querySelectorAll(
      '.jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-InputPrompt, .jp-InputArea-editor, .cm-editor, .CodeMirror'))
      .filter(visible).length;
  const stderr = document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').length;
  const spinner = Array.from(document.querySelectorAll('#loading, .voila-spinner, .jp-Spinner')).filter(visible).length;
  return {explorers: explorers.length, drawn: shown.length, code, stderr, spinner,
          text: document.body ? document.body.innerText : ''};
}
"""


def wait_for_dashboard(page, expected: int, where: str) -> dict:
    deadline = time.monotonic() + RENDER_TIMEOUT
    state = {}
    while time.monotonic() < deadline:
        state = page.evaluate(JS_PAGE_STATE)
        if state["explorers"] >= expected and state["drawn"] >= expected and not state["spinner"]:
            return state
        page.wait_for_timeout(300)
    raise NotebookFailure(
        f"{where}: after {RENDER_TIMEOUT} s the page shows {state.get('explorers')} explorers, "
        f"{state.get('drawn')} drawn (expected {expected}); page text starts "
        f"{state.get('text', '')[:300]!r}"
    )


def check_dashboard(page, url: str, where: str, shot_name: str) -> list[str]:
    """Load the dashboard, check what a teacher sees, move every explorer; return the problems found."""
    expected = dashboard_explorer_count()
    problems: list[str] = []
    shot = None
    try:
        page.goto(url, timeout=RENDER_TIMEOUT * 1000, wait_until="domcontentloaded")
        state = wait_for_dashboard(page, expected, where)
        if state["explorers"] != expected:
            problems.append(f"{where}: {state['explorers']} explorers on the page, the notebook has {expected}")
        if state["code"]:
            problems.append(f"{where}: {state['code']} code input areas are visible; the dashboard must show no code")
        for text in CODE_TEXT:
            if text in state["text"]:
                problems.append(f"{where}: the page shows code ({text!r} in its text)")
        if state["stderr"]:
            problems.append(f"{where}: {state['stderr']} outputs on stderr are shown")
        for text in ERROR_TEXT:
            if text in state["text"]:
                at = state["text"].index(text)
                problems.append(f"{where}: the page shows {text!r}: ...{state['text'][max(0, at - 100) : at + 200]!r}")

        explorers = page.locator(".eunato-explorer")
        for i in range(explorers.count()):
            explorer = explorers.nth(i)
            name = f"{where}, explorer {i + 1} of {explorers.count()} ({explorer_title(explorer)!r})"
            try:
                if not explorer.is_visible():
                    problems.append(f"{name} is not visible")
                    continue
                move_explorer(page, explorer, name)
            except NotebookFailure as err:
                problems.append(str(err))
        page.wait_for_timeout(500)
        text = page.evaluate("() => document.body.innerText")
        for marker in ("Traceback", "could not be drawn", "Error displaying widget"):
            if marker in text:
                problems.append(f"{where}: after the controls moved, the page shows {marker!r}")
        for message in page.eunato_js_errors:
            problems.append(f"{where}: JavaScript error in the page: {message}")
        for address in page.eunato_external:
            if not address.startswith(ALLOWED_EXTERNAL):
                problems.append(f"{where}: the page asked the internet for {address}")
    except NotebookFailure as err:
        problems.append(str(err))
    except Exception as err:  # e.g. Playwright's TimeoutError: report it with the screenshot and the log  # noqa: BLE001
        problems.append(f"{where}: {type(err).__name__}: {str(err)[:500]}")
    finally:
        if problems or screenshots_wanted():
            try:
                shot = full_page_screenshot(page, shot_name)
            except Exception as err:  # a failed screenshot must not hide the real failure  # noqa: BLE001
                problems.append(f"{where}: could not save a screenshot ({err})")
    if problems:
        problems.append(f"(screenshot: {shot})")
    return problems


def full_page_screenshot(page, name: str) -> Path:
    """The whole dashboard as one picture. Voila's lab template scrolls inside #rendered_cells, so the window is
    made as tall as that content (up to SCREENSHOT_MAX_HEIGHT), then shot."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOT_DIR / name
    original = page.viewport_size
    try:
        needed = page.evaluate("""() => {
          const inner = document.querySelector('#rendered_cells');
          if (inner) inner.scrollTop = 0;
          window.scrollTo(0, 0);
          const extra = inner ? inner.scrollHeight - inner.clientHeight : 0;
          return document.documentElement.scrollHeight + Math.max(0, extra);
        }""")
        height = max(original["height"], min(int(needed), SCREENSHOT_MAX_HEIGHT))
        page.set_viewport_size({"width": original["width"], "height": height})
        page.wait_for_timeout(700)
        page.screenshot(path=str(target), full_page=True, timeout=30_000)
    finally:
        page.set_viewport_size(original)
    SCREENSHOTS_TAKEN.append(target)
    return target


# ---------------------------------------------------------------------------------------------------------------
# the tests


def test_voila_serves_the_dashboard_and_every_explorer_works(voila_server, page):
    """`python3 course.py dashboard`: Voila on its own."""
    problems = check_dashboard(page, voila_server.url(), f"Voila {DASHBOARD}", "voila-dashboard.png")
    assert not problems, (
        f"{len(problems) - 1} problem(s) in the Voila dashboard:\n"
        + "\n".join(problems)
        + f"\nVoila's log:\n{voila_server.log()}"
    )


def test_the_binder_voila_link_renders_the_dashboard(lab_server):
    """The README's Binder link (urlpath=voila/render/notebooks/dashboard.ipynb): Voila inside a Jupyter server
    runs the dashboard and returns the page with one widget view per explorer, no code and no error. The page is
    read as HTML, not drawn: drawing and moving the same widgets is the test above's, in Voila's own server, so the
    dashboard runs once in this tier's browser."""
    from bs4 import BeautifulSoup

    url = f"{lab_server.base}/voila/render/{DASHBOARD}?token={lab_server.token}"
    try:
        with urllib.request.urlopen(url, timeout=RENDER_TIMEOUT) as response:
            status, page = response.status, response.read().decode("utf-8", errors="replace")
    finally:
        lab_server.shutdown_kernels()
    where = f"voila/render/{DASHBOARD} in JupyterLab's server"
    assert status == 200, f"{where}: HTTP {status}\nserver log:\n{lab_server.log()}"
    views = page.count("application/vnd.jupyter.widget-view+json")  # the type of each widget output's script
    expected = dashboard_explorer_count()
    soup = BeautifulSoup(page, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    text = soup.get_text(" ")
    problems = []
    if views != expected:
        problems.append(f"{where}: {views} widget views in the page, the dashboard has {expected} explorers")
    problems += [f"{where}: the page shows code ({t!r})" for t in CODE_TEXT if t in text]
    problems += [f"{where}: the page shows {t!r}" for t in ERROR_TEXT if t in text]
    assert not problems, "\n".join(problems) + f"\nserver log:\n{lab_server.log()}"
