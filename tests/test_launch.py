"""Every way of launching the course works, proved without a person in the loop.

* Binder: repo2docker (the tool Binder builds with) reads a clean copy of the repository and would build the conda
  environment from environment.yml, with the pinned Python and the course installed by its pip section.
* Offline: not here. The nbval run executes every notebook and exercise once, in kernels where any connection to a
  machine other than this one raises (tests/offline_kernel/, set up by tests/conftest.py).
* A fresh clone: `python3 course.py start`, its real command line, in a `git clone` of the repository (first run
  included: a new .venv installed from requirements-lock.txt); in Chromium, the start notebook course.py opens runs
  without an error in that .venv's kernel, and a glossary link and the link to the chapter's exercises open (the
  server is rooted at the course folder). The same clone's .venv (one install for both tests) imports the course
  from the clone and holds exactly the locked versions. A dependency or data file that is missing from git fails
  here, not for a learner.
* The class dashboard shows every explorer the package has.

The Voila dashboard itself is driven in a browser by tests/test_dashboard_browser.py.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
PYTHON_PIN = "3.11"
START = "notebooks/00_start.ipynb"

pytestmark = pytest.mark.launch


def tracked_copy(target: Path) -> Path:
    """The repository's tracked files (as they are in the working tree) copied to target: no .venv, no junk."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


# ---------------------------------------------------------------------------------------------------------------
# Binder


def test_binder_builds_the_conda_environment_from_environment_yml(tmp_path):
    """`repo2docker --no-build --debug` prints the Dockerfile Binder would build; no Docker is needed for that."""
    try:
        import repo2docker  # noqa: F401
    except ImportError:
        pytest.skip("jupyter-repo2docker is not installed: pip install -e '.[test]'")
    repo = tracked_copy(tmp_path / "repo")
    result = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(repo)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log, dockerfile = result.stderr, result.stdout
    assert result.returncode == 0, f"repo2docker failed:\n{log[-3000:]}\n{dockerfile[-3000:]}"

    assert f"Building conda environment for python={PYTHON_PIN}" in log, (
        f"repo2docker did not pick the conda build pack with Python {PYTHON_PIN}:\n{log[-2000:]}"
    )
    readable = dockerfile.replace("-2e", ".").replace("-2d", "-")  # file names in the Dockerfile are escaped
    assert f"environment.py-{PYTHON_PIN}-linux-64.lock" in readable, "the base environment is not Python " + PYTHON_PIN
    update = dockerfile.find('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    assert update > 0, "the Dockerfile does not install the packages of environment.yml:\n" + dockerfile[-3000:]
    copy_repo = dockerfile.find("${REPO_DIR}/\n")  # COPY --chown=... src/ ${REPO_DIR}/ : the repository itself
    assert 0 < copy_repo < update, "the repository must be copied in before environment.yml's `pip: -e .` runs"
    assert "requirements.txt" not in dockerfile, "repo2docker should not look at a requirements.txt"
    post_build = dockerfile.find("RUN ./postBuild")  # the course's JupyterLab defaults (tests/test_environment.py)
    assert post_build > update, "Binder must run postBuild after building environment.yml:\n" + dockerfile[-3000:]

    pip_lines = (repo / "environment.yml").read_text(encoding="utf-8").split("- pip:", 1)[1].split()
    assert pip_lines[:2] == ["-", "-e"] and pip_lines[2] == ".", "environment.yml's pip section must install -e ."
    assert "--constraint requirements-lock.txt" in " ".join(pip_lines), "Binder must install the locked versions"
    assert (repo / "requirements-lock.txt").is_file(), "the lock must be tracked, so Binder's copy of the repo has it"


# ---------------------------------------------------------------------------------------------------------------
# a fresh clone in a new virtual environment


def base_python() -> str:
    """The interpreter the repository's .venv was made from (a venv made from a venv is made from that one)."""
    return getattr(sys, "_base_executable", None) or sys.executable


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory) -> Path:
    """One `git clone` of this repository, shared by the tests below: whichever runs first installs its .venv."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    clone = tmp_path_factory.mktemp("fresh") / "eu-nato-cooperation"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120, capture_output=True)
    assert not (clone / ".venv").exists()
    return clone


def clean_environment(home: Path) -> dict:
    """A learner's environment: no virtualenv, no PYTHONPATH, Jupyter's settings and runtime files in `home`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "EUNATO_DATA", "JUPYTER_PATH", "JUPYTER_TOKEN")
    }
    env.update(
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        EUNATO_STRICT="1",
    )
    return env


@pytest.mark.browser  # and launch (the module's mark): skipped with the reason when no Chromium is found
def test_course_py_start_serves_the_course_folder_and_every_kind_of_link_opens(fresh_clone, tmp_path, lab_browser):
    """`python3 course.py start` in a fresh clone (its real command line, first run included), then in Chromium:
    the start notebook opens where course.py says and runs with no error or warning in the new .venv's kernel, a
    glossary link opens GLOSSARY.md and the link to the chapter's exercises opens exercises/00_start.ipynb (both
    were dead while JupyterLab was rooted at notebooks/)."""
    import html
    import json
    import re
    import signal
    import urllib.error
    import urllib.request
    import uuid

    from browser_support import (
        SCREENSHOT_DIR,
        SETTINGS,
        describe_problems,
        free_port,
        outputs_report,
        run_all,
        screenshots_wanted,
        wait_for_kernel,
    )

    env = clean_environment(tmp_path)
    settings = tmp_path / "lab-settings"
    for plugin, values in SETTINGS.items():  # no autosave, every cell in the page; news: as course.py sets it
        if plugin == "@jupyterlab/apputils-extension/notification":
            continue
        file = settings / (plugin + ".jupyterlab-settings")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values), encoding="utf-8")
    env.update(JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    port, token = free_port(), uuid.uuid4().hex
    base = f"http://127.0.0.1:{port}"
    command = [
        base_python(),
        "course.py",
        "start",
        # JupyterLab options passed through: no browser of its own, a free port, a token, no news, the app in the page
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
    ]
    log_path = tmp_path / "course-start.log"

    def log(tail: int = 4000) -> str:
        return log_path.read_text(encoding="utf-8", errors="replace")[-tail:]

    def api(path: str, method: str = "GET"):
        request = urllib.request.Request(base + path, method=method, headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=20) as response:
            body = response.read()
        return json.loads(body) if body else None

    first_run = not (fresh_clone / ".venv").exists()
    started = time.monotonic()
    with open(log_path, "wb") as log_file:
        # its own process group: course.py runs JupyterLab as a child, and both are stopped together by that id
        proc = subprocess.Popen(
            command,
            cwd=fresh_clone,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=os.name != "nt",
        )
        page = None
        try:
            deadline = time.monotonic() + 900  # the first run installs the course (about 90 s here)
            while True:
                assert proc.poll() is None, f"course.py start exited with code {proc.returncode}:\n{log()}"
                try:
                    api("/api/status")
                    break
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
                assert time.monotonic() < deadline, f"course.py start did not serve JupyterLab within 900 s:\n{log()}"
                time.sleep(0.5)
            ready = time.monotonic()
            text = "\n".join(line for line in log(10**7).splitlines() if line.startswith("[course]"))
            steps = ["starting JupyterLab on the course folder"]
            if first_run:  # the messages a learner reads while the first run installs
                steps += ["step 1 of 3: creating the environment", "step 2 of 3: installing", "step 3 of 3: installed"]
            for step in steps:
                assert re.search(re.escape(step) + r".*\(\d+ s\)", text), (
                    f"course.py start did not say '{step} (N s)':\n{text}"
                )

            # what course.py opens: the start notebook, in a server rooted at the course folder
            opened = sorted((tmp_path / "jupyter-runtime").glob("jpserver-file-to-run-*-open.html"))
            assert opened, f"JupyterLab wrote no file-to-run page; course.py start opens no notebook:\n{log()}"
            url = html.unescape(re.search(r'href="([^"]+)"', opened[-1].read_text(encoding="utf-8")).group(1))
            assert url.startswith(f"{base}/lab/tree/notebooks/00_start.ipynb"), url
            for path in ("GLOSSARY.md", "exercises", "exercises/solutions", "data", "teachers", "notebooks"):
                assert api(f"/api/contents/{path}?content=0")["path"] == path, f"the server cannot open {path}"

            page = lab_browser.new_page()  # the worker's Chromium (tests/browser_support.py)
            page.goto(url, wait_until="domcontentloaded", timeout=120_000)
            current = """() => {
              const app = window.jupyterapp;
              const w = app && app.shell && app.shell.currentWidget;
              const dialog = document.querySelector('.jp-Dialog');
              if (!w || !w.context) return {dialog: dialog ? dialog.innerText.slice(0, 300) : null};
              const m = w.context.model;
              return {path: w.context.path, ready: w.context.isReady, id: w.id,
                      cells: w.content && w.content.model && w.content.model.cells ? w.content.model.cells.length : 0,
                      chars: m && m.sharedModel && m.sharedModel.getSource ? m.sharedModel.getSource().length : 0,
                      dialog: dialog ? dialog.innerText.slice(0, 300) : null};
            }"""

            def wait_for(path: str, what: str, enough) -> dict:
                deadline = time.monotonic() + 60
                while True:
                    state = page.evaluate(current)
                    assert not state.get("dialog"), f"{what}: JupyterLab shows a dialog: {state['dialog']}"
                    if state.get("path") == path and state.get("ready") and enough(state):
                        return state
                    assert time.monotonic() < deadline, f"{what}: {path} did not open within 60 s; last: {state}"
                    page.wait_for_timeout(250)

            start = wait_for("notebooks/00_start.ipynb", "the start page", lambda s: s["cells"] > 5)
            # the learner's first step: run the start notebook, in the kernel of the .venv course.py just made
            wait_for_kernel(page, START)
            state = run_all(page, START)
            problems = describe_problems(START, outputs_report(page, START), state)
            assert not problems, "the start notebook failed in the fresh clone:\n" + "\n".join(problems)
            # the kernel's connection is encrypted (course.kernel_encryption_flags): no alarming warning in the terminal
            assert "without encryption" not in log(10**7), f"ipykernel's encryption warning in the terminal:\n{log()}"
            # course.py's JupyterLab defaults (jupyter-config/ on JUPYTER_CONFIG_PATH): no "Would you like to get
            # notified about official Jupyter news?" toast over the start notebook, no update check
            notification = api("/lab/api/settings/@jupyterlab/apputils-extension:notification")["schema"]["properties"]
            defaults = {key: notification[key]["default"] for key in ("fetchNews", "checkForUpdates")}
            assert defaults == {"fetchNews": "false", "checkForUpdates": False}, defaults
            asked = page.locator(".Toastify").get_by_text("official Jupyter news")
            assert asked.count() == 0, "JupyterLab asks the learner about Jupyter news over the start notebook"

            page.locator('.jp-RenderedMarkdown a[href*="GLOSSARY.md"]').first.click()
            wait_for("GLOSSARY.md", "a glossary link of the start notebook", lambda s: s["chars"] > 1000)

            page.evaluate("(id) => window.jupyterapp.shell.activateById(id)", start["id"])
            page.locator(
                '.jp-NotebookPanel:visible .jp-RenderedMarkdown a[href*="exercises/00_start.ipynb"]'
            ).first.click()
            wait_for("exercises/00_start.ipynb", "the link to the chapter's exercises", lambda s: s["cells"] > 3)
            if screenshots_wanted():
                SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOT_DIR / "course-py-start-exercises.png"))
            print(
                f"course.py start in a fresh clone: JupyterLab up after {ready - started:.0f} s, "
                f"links followed after {time.monotonic() - started:.0f} s"
            )
        finally:
            if page is not None:
                page.close()
            try:
                for session in api("/api/sessions") or []:
                    api(f"/api/sessions/{session['id']}", method="DELETE")
            except (urllib.error.URLError, OSError):
                pass
            if proc.poll() is None:
                if os.name != "nt":
                    os.killpg(proc.pid, signal.SIGTERM)  # the group this test started: course.py and JupyterLab
                else:
                    proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL) if os.name != "nt" else proc.kill()
                    proc.wait(timeout=10)


def test_a_fresh_clone_installs_the_locked_versions_and_imports_the_course_from_itself(fresh_clone, tmp_path):
    """As the README says: clone, then `python3 course.py start`'s set-up step. The test above runs the start
    notebook in this .venv, in JupyterLab, as a learner does."""
    clone = fresh_clone
    started = time.monotonic()
    env = clean_environment(tmp_path)
    # course.py's own set-up step (`start` = this, then JupyterLab): a new .venv in the clone and pip install -e .
    # (a no-op when the test above has already installed it through `course.py start`)
    setup = subprocess.run(
        [base_python(), "-c", "import course; course.ensure_env()"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert setup.returncode == 0, (
        f"course.py could not set up a fresh clone:\n{setup.stdout[-3000:]}\n{setup.stderr[-3000:]}"
    )
    installed = time.monotonic()

    venv_bin = clone / ".venv" / ("Scripts" if os.name == "nt" else "bin")
    python = venv_bin / ("python.exe" if os.name == "nt" else "python")
    env["PATH"] = str(venv_bin) + os.pathsep + env.get("PATH", "")
    where = subprocess.run(
        [str(python), "-c", "import eunato, sys; print(eunato.__file__); print(sys.prefix)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.returncode == 0, where.stderr
    assert str(clone) in where.stdout.splitlines()[0], f"eunato is not imported from the clone: {where.stdout}"
    lock = dict(
        line.split("==", 1)
        for line in (clone / "requirements-lock.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    frozen = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--exclude-editable"], env=env, capture_output=True, text=True, timeout=120
    ).stdout
    differ = [
        f"{name}=={version} (lock: {lock[name]})"
        for name, version in (line.split("==", 1) for line in frozen.splitlines() if "==" in line)
        if name in lock and lock[name] != version
    ]
    assert not differ, "course.py installed versions other than the lock's: " + ", ".join(differ)

    print(f"fresh clone: install (or the check that it is done) {installed - started:.0f} s")


# ---------------------------------------------------------------------------------------------------------------
# the class dashboard


def explorer_builders() -> list[str]:
    """'module.function' for every function named *_explorer defined in a module of eunato.explorers."""
    import eunato.explorers as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"eunato.explorers.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_explorer") and function.__module__ == module.__name__:
                found.append(f"{info.name}.{name}")
    return sorted(found)


def test_the_dashboard_shows_every_explorer_in_its_own_tagged_cell():
    nb = nbformat.read(ROOT / "notebooks" / "dashboard.ipynb", as_version=4)
    calls = {c.source.strip(): c for c in nb.cells if c.cell_type == "code"}
    builders = explorer_builders()
    assert builders, "no explorer builders found in eunato.explorers"
    missing = [b for b in builders if f"{b}()" not in calls]
    assert not missing, (
        f"notebooks/dashboard.ipynb lacks {missing}: add a markdown line and a cell `module.name()` "
        "tagged nbval-ignore-output for each, then `python course.py execute notebooks/dashboard.ipynb`"
    )
    for builder in builders:
        assert "nbval-ignore-output" in calls[f"{builder}()"].metadata.get("tags", []), f"{builder}() is not tagged"
