"""Every way of launching the course works, proved without a person in the loop.

* Binder: repo2docker (the tool Binder builds with) reads a clean copy of the repository and would build the conda
  environment from environment.yml, with the pinned Python and the course installed by its pip section.
* Offline: not here. The nbval run executes every notebook and exercise once, in kernels where any connection to a
  machine other than this one raises (tests/offline_kernel/, set up by tests/conftest.py).
* A fresh clone: a new virtual environment made the way `python3 course.py start` makes it, from the committed
  files only, runs the start notebook. A dependency or data file that is missing from git fails here, not for a
  learner.
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

    pip_lines = (repo / "environment.yml").read_text(encoding="utf-8").split("- pip:", 1)[1].split()
    assert pip_lines[:2] == ["-", "-e"] and pip_lines[2] == ".", "environment.yml's pip section must install -e ."


# ---------------------------------------------------------------------------------------------------------------
# a fresh clone in a new virtual environment


def base_python() -> str:
    """The interpreter the repository's .venv was made from (a venv made from a venv is made from that one)."""
    return getattr(sys, "_base_executable", None) or sys.executable


def test_a_fresh_clone_installs_and_runs_the_start_notebook(tmp_path):
    """As the README says: clone, `python3 course.py start` (its set-up step), open the start notebook and run it."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    clone = tmp_path / "eu-nato-cooperation"
    started = time.monotonic()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120, capture_output=True)
    assert not (clone / ".venv").exists()

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "EUNATO_DATA", "JUPYTER_PATH", "JUPYTER_TOKEN")
    }
    env.update(
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        EUNATO_STRICT="1",
    )
    # course.py's own set-up step (`start` = this, then JupyterLab): a new .venv in the clone and pip install -e .
    setup = subprocess.run(
        [base_python(), "-c", "import course; course.ensure_env()"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
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

    out = tmp_path / "executed"
    run = subprocess.run(
        [
            str(python),
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=300",
            "--output-dir",
            str(out),
            "notebooks/00_start.ipynb",
        ],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"the start notebook failed in the fresh environment:\n{run.stderr[-4000:]}"
    executed = nbformat.read(out / "00_start.ipynb", as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    print(f"fresh clone: install {installed - started:.0f} s, start notebook {time.monotonic() - installed:.0f} s")


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
