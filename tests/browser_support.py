"""Helpers for the browser tests: find Chromium, run one JupyterLab server, drive notebooks in it.

The tests (tests/test_browser.py) use one JupyterLab server and one headless Chromium for all notebooks:

* the server serves a *temporary copy* of notebooks/, exercises/ and data/ (EUNATO_DATA points at the copy),
  so running cells in the browser can never change the repository's notebooks; autosave is off as well;
* it listens on 127.0.0.1 on a free port with a random token, keeps its settings and workspaces in the
  temporary folder, fetches no news and checks for no updates, and is stopped by its process id;
* Chromium is Debian's (or the one EUNATO_CHROMIUM names), started by Playwright through executable_path
  with a fresh profile and no background networking (this machine's network refuses it).

Every wait has a timeout, and every failure message names the notebook and the widget.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT_DIR = ROOT / "test-artifacts" / "screenshots"


def screenshots_wanted() -> bool:
    """A picture of every notebook and page the browser tests open, not only of those that failed:
    EUNATO_SCREENSHOTS=1 (or `python3 course.py test --screenshots`). A failing test always saves its picture."""
    return os.environ.get("EUNATO_SCREENSHOTS", "").strip().lower() in ("1", "true", "yes", "all")


COPIED_FOLDERS = ("notebooks", "exercises", "data")

sys.path.insert(0, str(ROOT / "tools"))
from chromium import CHROMIUM_ARGS, find_chromium

SERVER_START_TIMEOUT = 60  # s, until /api/status answers
SERVER_STOP_TIMEOUT = 20  # s, after SIGTERM, before SIGKILL
PAGE_LOAD_TIMEOUT = 60  # s, until the notebook panel is open
KERNEL_READY_TIMEOUT = 60  # s, until the kernel is connected and idle
RUN_ALL_TIMEOUT = 180  # s, until every code cell has run
WIDGETS_TIMEOUT = 30  # s, until every widget output has rendered
CHANGE_TIMEOUT = 10  # s, until an explorer's output changes / a question shows feedback

# Text on stderr that a learner may see without harm. Keep empty unless there is a good reason:
# a pink stderr box looks like an error to a learner.
HARMLESS_STDERR: tuple[str, ...] = ()

SETTINGS = {
    # nothing the browser does is saved (the server serves a copy anyway)
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # no "would you like news?" toast, no network calls for news or updates
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # keep every cell in the page, so widgets below the fold render and can be found
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
}

# ---------------------------------------------------------------------------------------------------------------
# what to test, and with what


def notebook_paths() -> list[str]:
    """The notebooks with widgets, relative to the repository, found in course.yaml when tests are collected: each
    chapter and its primers, and the class dashboard. The exercise and solution notebooks have no widget (their
    checkers print feedback): nbval runs every one of them and compares its outputs, and the HTML edition's test
    opens each one's page in Chromium and audits it with axe-core."""
    from eunato.manifest import OTHER_NOTEBOOKS, chapters

    found = [path for c in chapters() for path in (c.notebook, *(p.notebook for p in c.primers))]
    return [path for path in (*found, *OTHER_NOTEBOOKS) if (ROOT / path).is_file()]


def screenshot_name(path: str) -> str:
    """notebooks/00_start.ipynb -> notebooks-00_start.png (solutions share chapter names)."""
    return path[: -len(".ipynb")].replace("/", "-") + ".png"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def skip_or_fail(reason: str):
    """Skip with the reason; on CI (CI=true) fail instead, since CI must never skip the browser tests."""
    SKIP_REASONS.append(f"browser tests {'failed' if in_ci() else 'skipped'}: {reason}")
    if in_ci():
        pytest.fail(f"browser tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


def require_browser() -> str:
    path, why = find_chromium()
    if not path:
        skip_or_fail(why)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("the playwright Python package is missing: pip install -e '.[test]'")
    return path


# ---------------------------------------------------------------------------------------------------------------
# the JupyterLab server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_course(target: Path):
    """The folders a served course needs, copied to ``target`` (servers never touch the working tree)."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in COPIED_FOLDERS:
        if (ROOT / folder).is_dir():
            shutil.copytree(
                ROOT / folder, target / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
            )


class ServerProcess:
    """A server on 127.0.0.1 with its own port, token and log, serving a temporary copy of the course.

    Subclasses give the command, the environment and start(); this class stops it by its process id.
    """

    log_name = "server.log"

    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        self.root = self.workdir / "course"
        self.port = free_port()
        self.token = uuid.uuid4().hex
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / self.log_name
        self.proc: subprocess.Popen | None = None

    def _launch(self):
        self._log = open(self.log_path, "wb")  # noqa: SIM115  (the server writes to it until stop() closes it)
        self.proc = subprocess.Popen(
            self.command(),
            cwd=self.root,
            env=self.environment(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )

    def log(self, tail: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except OSError:
            return "(no log)"

    def before_stop(self):
        """What to do while the server still runs, just before it is stopped (nothing by default)."""

    def stop(self):
        """Stop the server this object started, by its process id: SIGTERM, wait, then SIGKILL."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.before_stop()
            self.proc.terminate()
            try:
                self.proc.wait(timeout=SERVER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()
        self.proc = None


class LabServer(ServerProcess):
    """One JupyterLab on 127.0.0.1 serving a temporary copy of the course. Use start() and stop()."""

    log_name = "jupyterlab.log"

    # -- set-up --
    def _prepare(self):
        copy_course(self.root)
        settings = self.workdir / "lab-settings"
        for plugin, values in SETTINGS.items():
            file = settings / (plugin + ".jupyterlab-settings")
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(json.dumps(values))
        for name in ("workspaces", "config", "runtime"):
            (self.workdir / name).mkdir()

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--port-retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.open_browser=False",
            f"--LabApp.user_settings_dir={self.workdir / 'lab-settings'}",
            f"--LabApp.workspaces_dir={self.workdir / 'workspaces'}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.extension_manager=readonly",
            "--ServerApp.log_level=WARN",
        ] + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])

    def environment(self) -> dict:
        env = dict(os.environ)
        env.update(
            EUNATO_DATA=str(self.root / "data"),
            EUNATO_STRICT="1",
            JUPYTER_CONFIG_DIR=str(self.workdir / "config"),
            JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"),
            JUPYTERLAB_SETTINGS_DIR=str(self.workdir / "lab-settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(self.workdir / "workspaces"),
            MPLBACKEND="module://matplotlib_inline.backend_inline",
            PYDEVD_DISABLE_FILE_VALIDATION="1",
            # progress is recorded, as for a learner (the tests' own default is off), to this server's own file
            EUNATO_PROGRESS=str(self.progress_path),
        )
        env.pop("JUPYTER_TOKEN", None)
        for name in ("BINDER_SERVICE_HOST", "BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_REPO_URL"):
            env.pop(name, None)  # on Binder, progress is not recorded
        return env

    @property
    def progress_path(self) -> Path:
        """Where the kernels of this server record a learner's answers (eunato.progress)."""
        return self.workdir / "jupyter-data" / "eunato" / "progress.jsonl"

    def start(self) -> LabServer:
        self._prepare()
        self._launch()
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode} while starting:\n{self.log()}")
            try:
                self.api("GET", "/api/status", timeout=2)
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"JupyterLab did not answer /api/status within {SERVER_START_TIMEOUT} s:\n{self.log()}"
                )
            time.sleep(0.3)

    # -- use --
    def api(self, method: str, path: str, timeout: float = 10):
        request = urllib.request.Request(
            self.base + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def lab_url(self, path: str, workspace: str) -> str:
        return f"{self.base}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def shutdown_kernels(self):
        """End every kernel session (a notebook's kernel must not outlive its test)."""
        try:
            for session in self.api("GET", "/api/sessions") or []:
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=20)
        except (urllib.error.URLError, OSError):
            pass

    # -- tear-down --
    def before_stop(self):
        self.shutdown_kernels()


# ---------------------------------------------------------------------------------------------------------------
# Chromium


_PLAYWRIGHT: dict = {"driver": None, "users": 0}


def _playwright():
    """Playwright's driver, one per process: the sync API refuses a second one while one runs in the thread, and a
    session's JupyterLab browser (one per pytest-xdist worker) lives beside the browsers of single modules."""
    from playwright.sync_api import sync_playwright

    if _PLAYWRIGHT["driver"] is None:
        _PLAYWRIGHT["driver"] = sync_playwright().start()
    _PLAYWRIGHT["users"] += 1
    return _PLAYWRIGHT["driver"]


def _release_playwright():
    _PLAYWRIGHT["users"] -= 1
    if _PLAYWRIGHT["users"] <= 0 and _PLAYWRIGHT["driver"] is not None:
        driver, _PLAYWRIGHT["driver"], _PLAYWRIGHT["users"] = _PLAYWRIGHT["driver"], None, 0
        driver.stop()


class Browser:
    """Headless Chromium through Playwright, with a fresh temporary profile."""

    def __init__(self, executable: str, profile: Path):
        self._pw = _playwright()
        try:
            self.context = self._pw.chromium.launch_persistent_context(
                str(profile),
                executable_path=executable,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
                timeout=60_000,
            )
        except Exception:
            _release_playwright()
            raise
        self.context.set_default_timeout(30_000)

    def new_page(self):
        page = self.context.new_page()
        page.set_default_timeout(30_000)
        return page

    def close(self):
        try:
            self.context.close()
        finally:
            _release_playwright()


# ---------------------------------------------------------------------------------------------------------------
# JupyterLab in the page (window.jupyterapp is exposed by --LabApp.expose_app_in_browser)

JS_PANEL = """
(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
  }
  return null;
}
"""

JS_KERNEL_STATE = f"""
(path) => {{
  const find = {JS_PANEL};
  const w = find(path);
  if (!w) return {{panel: false}};
  const s = w.sessionContext;
  const k = s.session && s.session.kernel;
  const dialog = document.querySelector('.jp-Dialog');
  return {{panel: true, ready: w.context.isReady && s.isReady, kernel: k ? k.status : null,
          connection: k ? k.connectionStatus : null, dialog: dialog ? dialog.innerText.slice(0, 300) : null}};
}}
"""

JS_RUN_ALL = f"""
(path) => {{
  const find = {JS_PANEL};
  const w = find(path);
  window.jupyterapp.shell.activateById(w.id);
  window.__eunatoRun = {{done: false}};
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
    (ok) => {{ window.__eunatoRun = {{done: true, ok: ok}}; }},
    (err) => {{ window.__eunatoRun = {{done: true, ok: false, error: String(err)}}; }});
  return true;
}}
"""

JS_RUN_STATE = f"""
(path) => {{
  const find = {JS_PANEL};
  const w = find(path);
  if (!w) return {{panel: false}};
  let code = 0, pending = 0, errors = 0, running = 0;
  for (const cell of w.content.widgets) {{
    if (cell.model.type !== 'code') continue;
    code += 1;
    if (cell.model.executionCount === null) pending += 1;
    if (cell.promptNode && cell.promptNode.textContent.includes('*')) running += 1;
    for (let i = 0; i < cell.model.outputs.length; i++) {{
      if (cell.model.outputs.get(i).type === 'error') errors += 1;
    }}
  }}
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return {{panel: true, code, pending, running, errors, kernel: k ? k.status : null, run: window.__eunatoRun || null}};
}}
"""

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

JS_OUTPUTS = f"""
(path) => {{
  const find = {JS_PANEL};
  const w = find(path);
  const report = {{widgets: [], stderr: [], errors: [], static: [], rightText: []}};
  let index = 0;
  for (const cell of w.content.widgets) {{
    index += 1;
    if (cell.model.type !== 'code') continue;
    const children = cell.outputArea ? Array.from(cell.outputArea.node.children) : [];
    const source = cell.model.sharedModel.getSource().split('\\n')[0].slice(0, 80);
    for (let i = 0; i < cell.model.outputs.length; i++) {{
      const out = cell.model.outputs.get(i);
      const node = children[i];
      const text = node ? node.innerText : '';
      if (out.type === 'error') {{
        report.errors.push({{cell: index, source, text: (out.toJSON().ename || '') + ': ' + (out.toJSON().evalue || '')}});
      }} else if (out.type === 'stream' && out.toJSON().name === 'stderr') {{
        report.stderr.push({{cell: index, source, text: text.slice(0, 2000)}});
      }}
      if (out.data && out.data['{WIDGET_MIME}']) {{
        const view = node ? node.querySelector('.jupyter-widgets') : null;
        report.widgets.push({{cell: index, source, rendered: !!view,
          loading: /Loading widget/i.test(text), broken: /Error (displaying|rendering) widget|Model not found/i.test(text),
          text: text.slice(0, 300)}});
      }}
      if (/Run this notebook in Jupyter to/.test(text)) report.static.push({{cell: index, source}});
      // a learner table (eunato.tables) reads text from the left: JupyterLab's own rule right-aligns every cell.
      // A column holding any number stays on the right (a word there, such as "not a member", is a placeholder).
      for (const table of node ? node.querySelectorAll('table.eunato-table') : []) {{
        const rows = Array.from(table.tBodies[0] ? table.tBodies[0].rows : []);
        if (!rows.length) continue;
        const numeric = (k) => rows.some((r) => r.cells[k] && /^[\\s\\d.,%+\\u2212\\u2013-]+$/.test(r.cells[k].innerText));
        for (const td of rows[0].cells) {{
          const words = td.innerText.trim();
          if (td.tagName === 'TD' && /[A-Za-z]{{3}}/.test(words) && !numeric(td.cellIndex)
              && getComputedStyle(td).textAlign === 'right') {{
            report.rightText.push({{cell: index, source, text: words.slice(0, 60)}});
            break;
          }}
        }}
      }}
    }}
  }}
  const body = document.body.innerText;
  report.pageErrors = ['Error displaying widget', 'Error rendering'].filter((s) => body.includes(s));
  return report;
}}
"""


class NotebookFailure(AssertionError):
    pass


def poll(page, script, arg, done, timeout, what, on_tick=None):
    """Evaluate `script(arg)` every 250 ms until done(result) is true; raise with `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    result = None
    while True:
        result = page.evaluate(script, arg)
        if done(result):
            return result
        if on_tick:
            on_tick(result)
        if time.monotonic() > deadline:
            raise NotebookFailure(f"timed out after {timeout} s waiting for {what}; last state: {result}")
        page.wait_for_timeout(250)


def accept_kernel_dialog(page, state):
    """A 'Select Kernel' dialog (a notebook without kernel metadata): take the default Python 3 kernel."""
    if state and "kernel" in (state.get("dialog") or "").lower():
        button = page.locator(".jp-Dialog .jp-mod-accept")
        if button.count():
            button.first.click(timeout=5_000)


JS_LAB_LOADED = "(base) => !!(window.jupyterapp && window.jupyterapp.shell) && window.location.href.startsWith(base)"

JS_OPEN_IN_LAB = f"""
(path) => {{
  const app = window.jupyterapp;
  {{ const find = {JS_PANEL}; if (find(path)) return 'open'; }}
  app.commands.execute('docmanager:open', {{path: path, factory: 'Notebook'}});
  return 'opening';
}}
"""

JS_CLOSE_ALL = """
() => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return 0;
  let closed = 0;
  for (const w of Array.from(app.shell.widgets('main'))) {
    if (w.context && w.context.model) w.context.model.dirty = false;  // no 'Save your work?' dialog
    w.dispose();
    closed += 1;
  }
  return closed;
}
"""


def close_notebooks(page) -> None:
    """Close every document open in the page's JupyterLab, unsaved (their kernels stay: shut them down after)."""
    with contextlib.suppress(Exception):  # a crashed page: the next open_notebook loads JupyterLab again
        page.evaluate(JS_CLOSE_ALL)


def open_notebook(page, server: LabServer, path: str, workspace: str):
    """Open `path` and wait until its kernel is connected and idle. A page already showing this server's
    JupyterLab opens it there (close_notebooks first), without loading JupyterLab again: loading it costs about
    three seconds of the two cores. Otherwise JupyterLab loads, in its own empty workspace, with `path` open."""
    if page.url.startswith(server.base) and page.evaluate(JS_LAB_LOADED, server.base):
        page.evaluate(JS_OPEN_IN_LAB, path)
    else:
        page.goto(server.lab_url(path, workspace), timeout=PAGE_LOAD_TIMEOUT * 1000, wait_until="domcontentloaded")
    poll(
        page,
        JS_KERNEL_STATE,
        path,
        lambda s: s and s.get("panel"),
        PAGE_LOAD_TIMEOUT,
        f"{path} to open in JupyterLab",
        on_tick=lambda s: accept_kernel_dialog(page, s),
    )
    wait_for_kernel(page, path)


def wait_for_kernel(page, path: str) -> None:
    """Wait until the kernel of the open notebook `path` is connected and idle."""
    poll(
        page,
        JS_KERNEL_STATE,
        path,
        lambda s: s.get("ready") and s.get("kernel") == "idle" and s.get("connection") == "connected",
        KERNEL_READY_TIMEOUT,
        f"the kernel of {path} to be connected and idle",
        on_tick=lambda s: accept_kernel_dialog(page, s),
    )


def run_all(page, path: str) -> dict:
    """Run all cells; wait until each code cell has run (or one failed) and the kernel is idle again."""
    page.evaluate(JS_RUN_ALL, path)

    def finished(s):
        if s.get("kernel") in ("dead", "unknown"):
            raise NotebookFailure(f"{path}: the kernel died while running the cells ({s})")
        run = s.get("run") or {}
        if not run.get("done") or s.get("kernel") != "idle":
            return False
        return s["errors"] > 0 or (s["pending"] == 0 and s["running"] == 0)

    return poll(page, JS_RUN_STATE, path, finished, RUN_ALL_TIMEOUT, f"all cells of {path} to run")


def outputs_report(page, path: str, wait_for_widgets: bool = True) -> dict:
    """Errors, stderr and widget outputs; waits until no widget output is still loading."""

    def settled(r):
        return all(w["rendered"] or w["broken"] for w in r["widgets"])

    if wait_for_widgets:
        try:
            return poll(page, JS_OUTPUTS, path, settled, WIDGETS_TIMEOUT, f"the widgets of {path} to render")
        except NotebookFailure:
            pass  # the caller reports which widget did not render
    return page.evaluate(JS_OUTPUTS, path)


def describe_problems(path: str, report: dict, state: dict) -> list[str]:
    problems = []
    for e in report["errors"]:
        problems.append(f"{path}, cell {e['cell']} ({e['source']!r}): error output {e['text']}")
    for s in report["stderr"]:
        if not any(h in s["text"] for h in HARMLESS_STDERR):
            problems.append(f"{path}, cell {s['cell']} ({s['source']!r}): text on stderr: {s['text']!r}")
    if state.get("pending"):
        problems.append(f"{path}: {state['pending']} of {state['code']} code cells did not run")
    for w in report["widgets"]:
        if w["broken"] or not w["rendered"] or w["loading"]:
            problems.append(
                f"{path}, cell {w['cell']} ({w['source']!r}): widget not rendered "
                f"({'error' if w['broken'] else 'still loading' if w['loading'] else 'no view'}): "
                f"{w['text']!r}"
            )
    for s in report["static"]:
        problems.append(
            f"{path}, cell {s['cell']} ({s['source']!r}): shows the static fallback "
            "('Run this notebook in Jupyter') instead of the widget"
        )
    for r in report.get("rightText", []):
        problems.append(f"{path}, cell {r['cell']} ({r['source']!r}): a table's text is right-aligned: {r['text']!r}")
    for text in report["pageErrors"]:
        problems.append(f"{path}: the page shows {text!r}")
    return problems


# ---------------------------------------------------------------------------------------------------------------
# explorers and questions


def explorer_output_html(explorer) -> str:
    return explorer.locator(".eunato-explorer-output").first.inner_html(timeout=5_000)


def wait_for_change(page, locator_fn, before: str, timeout: float = CHANGE_TIMEOUT) -> str | None:
    """Poll locator_fn() until it differs from `before` and is not empty; None after the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = locator_fn()
        if now != before and now.strip():
            return now
        page.wait_for_timeout(200)
    return None


def explorer_title(explorer) -> str:
    try:
        return explorer.locator("strong").first.inner_text(timeout=2_000).strip()
    except Exception:  # no title to read: the messages say '(no title)'  # noqa: BLE001
        return "(no title)"


def first_control_moves(explorer):
    """Ways to change the explorer's first control, in order: [(description, action)]."""
    controls = explorer.locator(
        "select, .noUi-handle, input[type='checkbox'], input[type='text'], input[type='number']"
    )
    if not controls.count():
        return []
    first = controls.first
    tag = first.evaluate("e => e.tagName.toLowerCase()")
    if tag == "select":
        multiple = first.evaluate("e => e.multiple")
        n = first.evaluate("e => e.options.length")
        chosen = first.evaluate("e => Array.from(e.options).map(o => o.selected)")
        if multiple:
            subsets = [[0], [0, 1], [n - 1]] if n > 1 else [[0]]
            subsets = [s for s in subsets if [i in s for i in range(n)] != chosen and max(s) < n]
            return [(f"select options {s} of the list", lambda s=s: first.select_option(index=s)) for s in subsets]
        current = chosen.index(True) if True in chosen else -1
        others = [i for i in (current + 1, current - 1, n - 1, 0) if 0 <= i < n and i != current]
        return [(f"choose option {i + 1} of {n}", lambda i=i: first.select_option(index=i)) for i in others[:2]]
    if "noUi-handle" in (first.get_attribute("class") or ""):

        def press(key):
            def act():
                first.focus()
                first.press(key)

            return act

        now = float(first.get_attribute("aria-valuenow") or 0)
        top = float(first.get_attribute("aria-valuemax") or now)
        keys = ["ArrowRight", "End"] if now < top else ["ArrowLeft", "Home"]
        keys += ["ArrowLeft", "Home"] if now < top else ["ArrowRight", "End"]
        return [(f"focus the slider and press {k}", press(k)) for k in keys]
    if tag == "input" and first.get_attribute("type") == "checkbox":
        return [("tick the checkbox", lambda: first.click())]
    return [("type a number", lambda: (first.fill("1"), first.press("Enter")))]


def reveal(page, gate, where: str) -> str:
    """Commit a prediction in a predict-then-explore form (eunato.predict) and press Reveal: pick the first option
    of a multiple choice (an empty one cannot be revealed), keep a slider's or a menu's default. Returns the
    feedback; raises if no feedback comes or the explorer stays closed."""
    button = gate.locator(":scope > button.eunato-reveal")
    if button.count() and not button.is_disabled():
        gate.scroll_into_view_if_needed(timeout=5_000)
        multi = gate.locator(":scope > .widget-select-multiple select")
        if multi.count():
            multi.first.select_option(index=[0])
        button.click()
        poll(page, "b => b.disabled", button.element_handle(), bool, CHANGE_TIMEOUT, f"{where}: Reveal")
    feedback = gate.locator(".eunato-prediction-feedback").inner_text(timeout=5_000).strip()
    if not feedback:
        raise NotebookFailure(f"{where}: Reveal gave no feedback on the prediction")
    explorer = gate.locator(".eunato-explorer").first
    if explorer.count():
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:  # the box opens in the same widget update that disables the button, but may be drawn a moment later
            explorer.wait_for(state="visible", timeout=CHANGE_TIMEOUT * 1000)
        except PlaywrightTimeout:
            raise NotebookFailure(f"{where}: the explorer stayed closed after its prediction was revealed") from None
    return feedback


def reveal_prediction(page, explorer, where: str) -> str | None:
    """If the explorer sits behind a prediction, open it (see :func:`reveal`); None when it is not gated."""
    gate = explorer.locator("xpath=ancestor::*[contains(concat(' ', @class, ' '), ' eunato-predict ')]")
    if not gate.count():
        return None
    return reveal(page, gate.last, where)


def move_explorer(page, explorer, where: str) -> str:
    """Change the explorer's first control until its output changes; return what was done, or raise. An explorer
    behind a prediction is opened first (a prediction committed, Reveal pressed)."""
    title = explorer_title(explorer)
    reveal_prediction(page, explorer, where)
    explorer.scroll_into_view_if_needed(timeout=5_000)
    shown = explorer.locator(".eunato-explorer-output .jp-OutputArea-output")
    try:  # the explorer draws its default view when it is shown; compare against that, not an empty area
        shown.first.wait_for(state="attached", timeout=CHANGE_TIMEOUT * 1000)
    except Exception:  # Playwright's timeout or a closed page: reported as the notebook's failure  # noqa: BLE001
        raise NotebookFailure(
            f"{where}: explorer {title!r} shows nothing in its output area {CHANGE_TIMEOUT} s after the notebook ran"
        ) from None
    before = explorer_output_html(explorer)
    if "could not be drawn" in before:
        raise NotebookFailure(
            f"{where}: explorer {title!r} at its default values says: "
            f"{explorer.locator('.eunato-explorer-output').inner_text()[:300]!r}"
        )
    moves = first_control_moves(explorer)
    if not moves:
        raise NotebookFailure(f"{where}: explorer {title!r} has no control the test knows how to move")
    tried = []
    for description, action in moves:
        action()
        tried.append(description)
        after = wait_for_change(page, lambda: explorer_output_html(explorer), before)
        if after is not None:
            if "could not be drawn" in after:
                raise NotebookFailure(
                    f"{where}: explorer {title!r} after '{description}' says: "
                    f"{explorer.locator('.eunato-explorer-output').inner_text()[:300]!r}"
                )
            return description
    raise NotebookFailure(
        f"{where}: the output of explorer {title!r} did not change within {CHANGE_TIMEOUT} s "
        f"after each of: {'; '.join(tried)}"
    )


JS_ANSWER_KIND = """
(q) => {
  const kinds = [['radio', "input[type='radio']"], ['order', '.eunato-order-position select'],
                 ['sort', '.eunato-sort-group select'], ['written', 'textarea'],
                 ['box', "input[type='checkbox']"], ['text', "input[type='text']"]];
  for (const [kind, selector] of kinds) {
    const found = q.querySelectorAll(selector);
    if (found.length) return {kind, count: found.length, placeholder: found[0].getAttribute('placeholder') || ''};
  }
  return {kind: null, count: 0, placeholder: ''};
}
"""


JS_SET_TEXT = """(el, value) => { el.value = value; el.dispatchEvent(new Event('input', {bubbles: true})); }"""


JS_KERNEL_OF = """
(el) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return 'no JupyterLab';
  for (const w of Array.from(app.shell.widgets('main'))) {
    if (w.node.contains(el) && w.sessionContext) {
      const k = w.sessionContext.session && w.sessionContext.session.kernel;
      return k ? k.status : 'no kernel';
    }
  }
  return 'no notebook';
}
"""


def wait_until_still(question, where: str) -> str:
    """Before a click by hand: wait (at most CHANGE_TIMEOUT) until the question's kernel has been idle for two polls
    in a row, and return its last status. Questions answered just before by events are still being checked; each of
    their feedback boxes that appears above moves this question down, and a click aimed while the page moves can land
    beside the button (seen once in a full run: the answer typed, Check pressed, no feedback). A learner clicks a page
    that is still. A question outside any notebook with a kernel is a fault of the test's page: reported at once."""
    deadline = time.monotonic() + CHANGE_TIMEOUT
    idle, status = 0, ""
    while idle < 2 and time.monotonic() < deadline:
        status = question.evaluate(JS_KERNEL_OF)
        if status in ("no notebook", "no kernel"):
            raise NotebookFailure(f"{where}: the question is in {status} (the page lost its notebook or kernel)")
        idle = idle + 1 if status in ("idle", "no JupyterLab") else 0
        if idle < 2:
            question.page.wait_for_timeout(150)
    return status


def answer_question(page, question, where: str, kinds_done: set | None = None):
    """Give the question some answer and press Check; return a function that waits for the feedback and returns
    its text (raising if none appears). Answering every question before reading any feedback lets the kernel check
    one answer while the next is given. What kind of answer a question takes is read in one call (JS_ANSWER_KIND).

    By hand: Playwright's clicks and typing, which scroll to each control and check that a learner could click it
    (nothing covers it). With ``kinds_done`` (the kinds a notebook has had answered by hand so far), a question of
    a kind already done is answered with the same DOM events sent straight to its controls: the widgets and the
    kernel do the same work, and Chromium is spared the scrolling and painting, about 0.2 s of CPU a question."""

    def prompt() -> str:  # for the messages only
        return question.locator(".widget-html-content").first.inner_text(timeout=5_000).strip()[:100]

    found = question.evaluate(JS_ANSWER_KIND)
    kind, count = found["kind"], found["count"]
    by_hand = kinds_done is None or kind not in kinds_done
    if kinds_done is not None and kind:
        kinds_done.add(kind)
    still = wait_until_still(question, where) if by_hand else "idle"
    if kind == "radio":
        if by_hand:
            question.locator(".widget-radio-box label").first.click()
        else:
            question.locator("input[type='radio']").first.dispatch_event("click")
        how = "clicked the first option"
    elif kind == "order":
        orders = question.locator(".eunato-order-position select")
        for i in range(count):
            orders.nth(i).select_option(index=i + 1)
        how = "gave the items positions 1, 2, 3, ..."
    elif kind == "sort":
        sorts = question.locator(".eunato-sort-group select")
        for i in range(count):
            sorts.nth(i).select_option(index=1)
        how = "put every item in the first group"
    elif kind == "written":  # a written answer (its checklist's tick boxes show only after Check)
        text = "The two share most of their members and face the same threats."
        area = question.locator("textarea").first
        if by_hand:
            area.fill(text)
        else:
            area.evaluate(JS_SET_TEXT, text)
        how = "wrote two sentences"
    elif kind == "box":
        box = question.locator("input[type='checkbox']").first
        if by_hand:
            box.check()
        else:
            box.dispatch_event("click")
        how = "ticked the first box"
    elif kind == "text":
        placeholder = found["placeholder"]
        value = (
            "2016-07-08"
            if "YYYY-MM-DD" in placeholder
            else "2016-07"
            if "YYYY-MM" in placeholder
            else "2016"
            if "YYYY" in placeholder
            else "12"
        )
        field = question.locator("input[type='text']").first
        if by_hand:
            field.fill(value)
        else:
            field.evaluate(JS_SET_TEXT, value)
        how = f"typed {value}"
    else:
        raise NotebookFailure(f"{where}: question {prompt()!r} has no control the test knows how to answer")
    check = question.locator(".eunato-check").first
    if by_hand:
        check.click()
    else:
        check.dispatch_event("click")

    def feedback_text() -> str:
        feedback = question.locator(".eunato-feedback-area .eunato-feedback")
        try:
            feedback.first.wait_for(state="visible", timeout=CHANGE_TIMEOUT * 1000)
        except Exception:  # Playwright's timeout or a closed page: reported as the notebook's failure  # noqa: BLE001
            busy = "" if still in ("idle", "no JupyterLab") else f" (its kernel was still {still} before the click)"
            raise NotebookFailure(
                f"{where}: question {prompt()!r} showed no feedback within {CHANGE_TIMEOUT} s "
                f"after the learner {how} and pressed Check{busy}"
            ) from None
        text = feedback.first.inner_text().strip()
        if not text:
            raise NotebookFailure(f"{where}: question {prompt()!r} showed empty feedback after the learner {how}")
        return text

    return feedback_text


# ---------------------------------------------------------------------------------------------------------------
# "My progress" (eunato.progress), as a learner uses it in the start notebook


def wait_for_text(page, locator, text: str, what: str, where: str):
    try:
        page.wait_for_function(
            "([el, text]) => el.innerText.includes(text)",
            arg=[locator.element_handle(), text],
            timeout=CHANGE_TIMEOUT * 1000,
        )
    except Exception:  # Playwright's timeout or a closed page: reported as the notebook's failure  # noqa: BLE001
        raise NotebookFailure(
            f"{where}: {what}: expected {text!r}; the view shows {locator.inner_text()[:400]!r}"
        ) from None


def my_progress_problems(page, server: LabServer, where: str) -> list[str]:
    """In the start notebook, just run (its progress file removed before the run): nothing is recorded by running
    it; answer its first self-check wrongly and press Refresh in the My progress view: the answer is counted and
    listed under "Questions to revisit", the progress file holds one line for it, and "Save a copy to hand in"
    writes the file to hand in beside the notebook."""
    if server.progress_path.exists():
        return [f"{where}: running the notebook alone recorded progress: {server.progress_path.read_text()[:300]!r}"]
    view = page.locator(".eunato-progress-explorer").first
    output = view.locator(".eunato-explorer-output")
    view.scroll_into_view_if_needed(timeout=5_000)
    wait_for_text(page, output, "Nothing answered yet", "before any answer", where)

    question = page.locator(".eunato-question").first
    question.scroll_into_view_if_needed(timeout=5_000)
    from eunato import quiz  # the question's own options: click a wrong one, in whatever order they are shown

    sweden = quiz("00.overlap-since-sweden")
    wrong = next(o for o in sweden.options if o != sweden.answer)
    question.locator(".widget-radio-box label", has_text=wrong).first.click()
    question.locator(".eunato-check").first.click()
    question.locator(".eunato-feedback-area .eunato-feedback").first.wait_for(
        state="visible", timeout=CHANGE_TIMEOUT * 1000
    )

    view.scroll_into_view_if_needed(timeout=5_000)
    view.locator(".eunato-progress-refresh").first.click()
    wait_for_text(page, output, "1 self-check or exercise answered", "after answering and pressing Refresh", where)
    wait_for_text(page, output, "0 right first time", "after a wrong answer", where)
    view.locator("select").first.select_option(label="Questions to revisit")
    # the view redraws after the menu changes: wait for the revisit list itself, not a line the summary also has
    wait_for_text(page, output, "Chapter 0, self-check: When Sweden joined NATO", "in the revisit view", where)

    problems = []
    lines = server.progress_path.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    got = [(e["kind"], e["chapter"], e["status"], e["attempt"], e["answer"]) for e in entries]
    if got != [("selfcheck", 0, "incorrect", 1, wrong)]:
        problems.append(f"{where}: after one wrong answer the progress file should hold one line for it: {got}")

    view.locator("input[type='text']").first.fill("Alex")
    view.locator(".eunato-progress-export").first.click()
    message = view.locator(".eunato-progress-export-message")
    wait_for_text(page, message, "Saved 1 answer to my-progress-alex-", "after Save a copy", where)
    saved = list((server.root / "notebooks").glob("my-progress-alex-*.json"))
    if len(saved) != 1 or json.loads(saved[0].read_text(encoding="utf-8"))["name"] != "Alex":
        problems.append(f"{where}: Save a copy should write one my-progress-alex-*.json beside it: {saved}")
    if screenshots_wanted():
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        view.screenshot(path=str(SCREENSHOT_DIR / "my-progress.png"))
    return problems


# ---------------------------------------------------------------------------------------------------------------
# screenshots

SCREENSHOT_MAX_HEIGHT = 12000  # px: a taller window is unreliable; longer notebooks are shot in parts and stitched

JS_SCROLLER = f"""
(args) => {{
  const [path, top] = args;
  const find = {JS_PANEL};
  const w = find(path);
  window.jupyterapp.shell.collapseLeft();
  const outer = w.content.node.querySelector('.jp-WindowedPanel-outer') || w.content.node;
  if (top !== null) outer.scrollTop = top;
  const rect = outer.getBoundingClientRect();
  return {{top: Math.round(rect.top), client: outer.clientHeight, scroll: outer.scrollHeight,
          scrollTop: Math.round(outer.scrollTop), page: document.documentElement.clientHeight}};
}}
"""


def screenshot(page, path: str) -> Path:
    """The whole notebook as one picture, as a learner sees it (file browser folded away).

    JupyterLab fills the window and the notebook scrolls inside it, so the window is made as tall as the
    notebook; a notebook taller than SCREENSHOT_MAX_HEIGHT is shot in window-sized parts, stitched together.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOT_DIR / screenshot_name(path)
    original = page.viewport_size
    try:
        geo = page.evaluate(JS_SCROLLER, [path, 0])
        needed = geo["page"] + geo["scroll"] - geo["client"]
        height = max(original["height"], min(needed, SCREENSHOT_MAX_HEIGHT))
        page.set_viewport_size({"width": original["width"], "height": height})
        page.wait_for_timeout(500)
        geo = page.evaluate(JS_SCROLLER, [path, 0])
        page.wait_for_timeout(200)
        if geo["scroll"] <= geo["client"] + 1:
            page.screenshot(path=str(target), timeout=30_000)
        else:
            _stitched_screenshot(page, path, geo, original["width"], target)
    finally:
        page.set_viewport_size(original)
    SCREENSHOTS_TAKEN.append(target)
    return target


def _stitched_screenshot(page, path, geo, width, target):
    import io

    from PIL import Image  # matplotlib's dependency Pillow

    def shot(**kw):
        return Image.open(io.BytesIO(page.screenshot(timeout=30_000, **kw))).convert("RGB")

    first = shot()
    top, client = geo["top"], geo["client"]
    parts = [first.crop((0, 0, width, top + client))]
    wanted = client
    while wanted < geo["scroll"]:
        now = page.evaluate(JS_SCROLLER, [path, wanted])
        page.wait_for_timeout(300)
        piece = shot(clip={"x": 0, "y": top, "width": width, "height": client})
        skip = wanted - now["scrollTop"]  # the last part overlaps: the notebook cannot scroll past its end
        parts.append(piece.crop((0, skip, width, client)))
        wanted += client
    parts.append(first.crop((0, top + client, width, first.height)))
    image = Image.new("RGB", (width, sum(p.height for p in parts)), "white")
    y = 0
    for part in parts:
        image.paste(part, (0, y))
        y += part.height
    image.save(target)
    page.evaluate(JS_SCROLLER, [path, 0])


SCREENSHOTS_TAKEN: list[Path] = []
SKIP_REASONS: list[str] = []


def terminal_summary(terminalreporter):
    """Called from tests/conftest.py: say where the screenshots are (or why the browser tests did not run). With
    pytest-xdist the tests ran in worker processes: the folder is named, and what it holds, whoever wrote it."""
    shots = sorted(SCREENSHOT_DIR.glob("*.png")) if SCREENSHOT_DIR.is_dir() else []
    if SKIP_REASONS:
        terminalreporter.write_sep("-", "browser tests")
        terminalreporter.write_line(SKIP_REASONS[0])
    elif shots and (SCREENSHOTS_TAKEN or screenshots_wanted() or terminalreporter.stats.get("failed")):
        terminalreporter.write_sep("-", "browser tests")
        terminalreporter.write_line(f"{len(shots)} screenshots in {SCREENSHOT_DIR}")


# ---------------------------------------------------------------------------------------------------------------
# fixtures (imported by tests/test_browser.py)


@pytest.fixture(scope="session")
def chromium_path():
    return require_browser()


@pytest.fixture(scope="session")  # one per pytest process (with pytest-xdist, one per worker that needs it)
def lab_server(chromium_path, tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("jupyterlab")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab_browser(chromium_path, tmp_path_factory):
    browser = Browser(chromium_path, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield browser
    finally:
        browser.close()
