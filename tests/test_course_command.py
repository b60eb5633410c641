"""course.py, the README's entry point: clear messages instead of tracebacks, and idempotent set-up."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_course():
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_too_old_python_gets_a_clear_message(monkeypatch, capsys):
    course = load_course()
    monkeypatch.setattr(course.sys, "version_info", (3, 8, 10))
    with pytest.raises(SystemExit) as stop:
        course.check_python()
    assert stop.value.code == 2
    message = capsys.readouterr().err
    assert "needs Python 3.10 or newer; this is Python 3.8" in message and "python3.11 course.py start" in message


def test_unknown_command_prints_the_usage():
    run = subprocess.run([sys.executable, str(ROOT / "course.py"), "launch"], capture_output=True, text=True)
    assert run.returncode == 2
    assert "python3 course.py start" in run.stdout and "python3 course.py test" in run.stdout


def test_help_exits_cleanly():
    run = subprocess.run([sys.executable, str(ROOT / "course.py"), "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "python3 course.py execute" in run.stdout


def test_setup_is_skipped_when_the_environment_is_up_to_date(tmp_path, monkeypatch):
    course = load_course()
    fake_root = tmp_path / "course"
    (fake_root / ".venv" / "bin").mkdir(parents=True)
    (fake_root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (fake_root / ".venv" / "bin" / "python").write_text("")
    monkeypatch.setattr(course, "ROOT", fake_root)
    monkeypatch.setattr(course, "VENV", fake_root / ".venv")
    calls = []
    monkeypatch.setattr(course.subprocess, "run", lambda *a, **k: calls.append(a) or subprocess.CompletedProcess(a, 0))
    import hashlib

    stamp = hashlib.sha256((fake_root / "pyproject.toml").read_bytes()).hexdigest()[:16]
    (fake_root / ".venv" / ".course-installed-test").write_text(stamp)
    course.ensure_env("test")
    assert calls == []  # nothing installed: the stamp matches pyproject.toml
    (fake_root / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    course.ensure_env("test")
    assert calls, "a changed pyproject.toml must trigger a reinstall"


def test_root_gets_allow_root_once(monkeypatch, capsys):
    course = load_course()
    monkeypatch.setattr(course.os, "geteuid", lambda: 0, raising=False)
    assert course.as_root_flags([]) == ["--allow-root"]
    assert "running as root" in capsys.readouterr().out
    assert course.as_root_flags(["--allow-root"]) == []
    monkeypatch.setattr(course.os, "geteuid", lambda: 1000, raising=False)
    assert course.as_root_flags([]) == []


def test_start_serves_the_course_folder_and_opens_the_start_notebook():
    """Rooted at notebooks/, JupyterLab could not open exercises/, GLOSSARY.md or data/ (issue 14)."""
    course = load_course()
    command = course.start_command(["--no-browser"])
    assert command[1:3] == ["-m", "jupyterlab"] and f"--ServerApp.root_dir={ROOT}" in command
    assert course.START_NOTEBOOK in command and (ROOT / course.START_NOTEBOOK).is_file()
    assert command[-1] == "--no-browser", "options after `start` go to JupyterLab"
    dashboard = course.dashboard_command([])
    assert f"--Voila.root_dir={ROOT}" in dashboard and (ROOT / course.DASHBOARD).is_file()


def test_start_and_dashboard_encrypt_kernel_traffic_where_pyzmq_can(tmp_path):
    """ipykernel 7.3+ warns at every kernel start that its connection is not encrypted; JupyterLab and Voila give
    the kernels CurveZMQ keys where the environment's pyzmq supports them (the fresh-clone launch test checks that
    the warning is gone). The option is left out where pyzmq has no CURVE (every kernel start would fail) and where
    the learner gives it (traitlets refuses the same option twice)."""
    course = load_course()
    assert course.kernel_encryption_flags(sys.executable) == [course.ENCRYPT_KERNELS]  # the test .venv's pyzmq
    assert course.ENCRYPT_KERNELS in course.start_command([]) and course.ENCRYPT_KERNELS in course.dashboard_command([])
    assert course.start_command(["--x"])[-1] == "--x", "a learner's own options come last"
    own = "--MappingKernelManager.transport_encryption=disabled"  # given twice, traitlets would refuse to start
    assert course.ENCRYPT_KERNELS not in course.start_command([own]) and own in course.start_command([own])
    assert course.ENCRYPT_KERNELS not in course.dashboard_command([own])
    assert course.kernel_encryption_flags(tmp_path / "no-such-python") == []
    if os.name != "nt":
        no_curve = tmp_path / "python-without-curve"
        no_curve.write_text("#!/bin/sh\nexit 1\n")
        no_curve.chmod(0o755)
        assert course.kernel_encryption_flags(no_curve) == []


def test_start_gives_jupyterlab_the_courses_defaults_and_a_learners_settings_still_win(tmp_path, monkeypatch):
    """JupyterLab asks every new user "Would you like to get notified about official Jupyter news?" in a toast over
    the start notebook, and checks for updates, unless its settings say no: `start` puts jupyter-config/ on
    JUPYTER_CONFIG_PATH (after any folders the learner put there), which changes the defaults JupyterLab's settings
    schema gives; a learner's own settings are kept apart and still win."""
    from jupyterlab_server.settings_utils import _get_overrides, get_settings

    course = load_course()
    sep = os.pathsep
    assert course.lab_environment({})["JUPYTER_CONFIG_PATH"] == str(ROOT / "jupyter-config")
    own = f"{tmp_path / 'a'}{sep}{tmp_path / 'b'}"
    env = course.lab_environment({"JUPYTER_CONFIG_PATH": own, "HOME": "/home/x"})
    assert env["JUPYTER_CONFIG_PATH"] == f"{own}{sep}{ROOT / 'jupyter-config'}" and env["HOME"] == "/home/x"

    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "user"))  # not this machine's ~/.jupyter
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", course.lab_environment({})["JUPYTER_CONFIG_PATH"])
    plugin = "@jupyterlab/apputils-extension:notification"
    user_settings = tmp_path / "user-settings"
    (user_settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (user_settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "true"}'
    )
    found, _warnings = get_settings(
        str(tmp_path / "app-settings"),
        str(Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"),  # the test environment's JupyterLab
        str(user_settings),
        schema_name=plugin,
        overrides=_get_overrides(str(tmp_path / "app-settings"))[0],
    )
    defaults = {key: found["schema"]["properties"][key]["default"] for key in ("fetchNews", "checkForUpdates")}
    assert defaults == {"fetchNews": "false", "checkForUpdates": False}, "JupyterLab did not read the course's defaults"
    assert found["settings"] == {"fetchNews": "true"}, "a learner's own setting must be kept"

    calls = []
    monkeypatch.setattr(course, "ensure_env", lambda *a: None)
    monkeypatch.setattr(course, "run", lambda args, **kwargs: calls.append((args, kwargs.get("env"))) or 0)
    assert course.cmd_start(["--no-browser"]) == 0
    ((args, env),) = calls
    assert args[-1] == "--no-browser" and env["JUPYTER_CONFIG_PATH"].endswith(str(ROOT / "jupyter-config"))


def test_a_changed_lock_triggers_a_reinstall(tmp_path, monkeypatch):
    course = load_course()
    fake_root = tmp_path / "course"
    (fake_root / ".venv" / "bin").mkdir(parents=True)
    (fake_root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (fake_root / "requirements-lock.txt").write_text("pandas==2.3.3\n")
    (fake_root / ".venv" / "bin" / "python").write_text("")
    monkeypatch.setattr(course, "ROOT", fake_root)
    monkeypatch.setattr(course, "VENV", fake_root / ".venv")
    monkeypatch.setattr(course.os, "name", "posix")
    calls = []
    monkeypatch.setattr(
        course.subprocess, "run", lambda *a, **k: calls.append(a[0]) or subprocess.CompletedProcess(a, 0)
    )
    (fake_root / ".venv" / ".course-installed-base").write_text(course.fingerprint())
    course.ensure_env()
    assert calls == []
    (fake_root / "requirements-lock.txt").write_text("pandas==2.3.4\n")
    course.ensure_env()
    installs = [c for c in calls if "-e" in c]
    assert installs and "--constraint" in installs[0], "the course is installed with the lock as constraints"
    assert str(fake_root / "requirements-lock.txt") in installs[0]


def test_the_lock_is_written_without_the_course_itself(tmp_path, monkeypatch):
    course = load_course()
    frozen = "anyio==4.16.0\n-e git+https://example.invalid/x#egg=eunato\neunato==0.1.0\nPandas==2.3.3\n"

    def fake_run(args, **kwargs):
        out = frozen if "freeze" in args else "3.11.7 Linux\n"
        return subprocess.CompletedProcess(args, 0, stdout=out)

    monkeypatch.setattr(course.subprocess, "run", fake_run)
    pins = course.write_lock("python", tmp_path / "lock.txt")
    assert pins == ["anyio==4.16.0", "Pandas==2.3.3"]
    text = (tmp_path / "lock.txt").read_text(encoding="utf-8")
    assert text.startswith("# The exact versions") and "Python 3.11.7 on Linux" in text


def test_fast_tier_leaves_out_kernels_browsers_and_launches():
    course = load_course()
    fast = course.default_test_targets(fast=True)
    assert "--nbval" not in fast and "notebooks" not in fast
    selection = fast[fast.index("-m") + 1]
    assert all(f"not {marker}" in selection for marker in ("browser", "launch", "kernel")), selection
    full = course.default_test_targets()
    assert {"tests", "notebooks", "exercises", "--nbval"} <= set(full) and "-m" not in full
    for targets in (fast, full):  # spread over the cores, keeping a module's tests and a notebook's cells together
        assert targets[targets.index("--dist") + 1] == "loadscope" and "-n" in targets


def test_tests_run_after_lint_and_a_lint_failure_stops_them_with_a_message(monkeypatch, capsys):
    course = load_course()
    monkeypatch.setattr(course, "ensure_env", lambda *a: None)
    calls = []

    def fake_run(args, **kwargs):
        calls.append(args)
        return 1 if "check" in args else 0  # `ruff format --check` passes, `ruff check` finds something

    monkeypatch.setattr(course, "run", fake_run)
    assert course.cmd_test(["--fast"]) == 1
    assert [call[1:4] for call in calls] == [["-m", "ruff", "format"], ["-m", "ruff", "check"]], "pytest must not run"
    assert "lint failed: `ruff check`" in capsys.readouterr().out

    calls.clear()
    monkeypatch.setattr(course, "run", lambda args, **kwargs: calls.append(args) or 0)
    assert course.cmd_test(["--fast", "tests/test_data.py"]) == 0
    pytest_call = calls[-1]
    assert pytest_call[1:3] == ["-m", "pytest"] and "tests/test_data.py" in pytest_call
    assert "not browser and not launch and not kernel" in pytest_call, "--fast keeps its selection with paths"


def test_pip_is_upgraded_when_older_than_the_fast_one_and_a_failed_upgrade_stops_only_a_too_old_pip(monkeypatch):
    course = load_course()
    version = course.pip_version(sys.executable)
    assert version and len(version) >= 2 and all(isinstance(n, int) for n in version), version
    assert course.PIP_NEEDED < course.PIP_FAST
    calls, code = [], [0]
    monkeypatch.setattr(
        course.subprocess, "run", lambda args, **kw: calls.append(args) or subprocess.CompletedProcess(args, code[0])
    )
    cases = (((26, 3), False), ((25, 0), False), ((24, 2), True), ((23, 2, 1), True), ((21, 2, 4), True), ((9,), True))
    for found, upgraded in (*cases, (None, True)):
        calls.clear()
        monkeypatch.setattr(course, "pip_version", lambda python, v=found: v)
        course.upgrade_old_pip("python")
        assert bool(calls) == upgraded, (found, calls)
        if upgraded:
            assert calls[0][-2:] == ["--upgrade", "pip"], calls
    code[0] = 1  # the upgrade fails: fine for a pip that can install the course, a clear stop for one that cannot
    for found, stops in (((23, 2, 1), False), ((21, 3), False), ((21, 2, 4), True), (None, True)):
        monkeypatch.setattr(course, "pip_version", lambda python, v=found: v)
        if stops:
            with pytest.raises(SystemExit):
                course.upgrade_old_pip("python")
        else:
            course.upgrade_old_pip("python")


def test_parallel_workers_keep_a_notebook_and_a_shared_fixture_together():
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)
    scope = root_conftest.xdist_scope
    assert scope("notebooks/01_history.ipynb::Cell 0") == scope("notebooks/01_history.ipynb::Cell 7")
    assert scope("tests/test_launch.py::test_a") == scope("tests/test_launch.py::test_b") == "tests/test_launch.py"
    browser = "tests/test_browser.py::test_notebook_runs_and_its_widgets_work"
    voila = "tests/test_dashboard_browser.py::test_voila_serves_the_dashboard_and_every_explorer_works"
    # the browser tier shares one JupyterLab server and one Chromium: one worker runs it all
    assert scope(f"{browser}[notebooks/00_start.ipynb]") == scope(f"{browser}[notebooks/01_history.ipynb]")
    assert scope(voila) == scope(f"{browser}[notebooks/00_start.ipynb]") != scope("tests/test_launch.py::test_a")
    assert scope("tests/test_bank.py::test_x[01.a]") != scope("tests/test_bank.py::test_x[01.b]")


def test_test_files_go_to_memory_only_where_there_is_room(tmp_path, monkeypatch):
    course = load_course()
    if not Path("/proc/meminfo").is_file() or not hasattr(course.os, "statvfs"):
        assert course.memory_temp_dir(tmp_path, needed=0) is None  # Windows, macOS: the system's temp folder
        return
    mine = course.memory_temp_dir(tmp_path, needed=0)
    assert mine and Path(mine).parent == tmp_path and Path(mine).is_dir()
    assert course.memory_temp_dir(tmp_path, needed=2**60) is None, "an exabyte free: the check must look"
    assert course.memory_temp_dir(tmp_path / "missing", needed=0) is None

    calls = []
    monkeypatch.setattr(course, "ensure_env", lambda *a: None)
    monkeypatch.setattr(course, "run", lambda args, **kwargs: calls.append(kwargs.get("env")) or 0)
    monkeypatch.setattr(course, "memory_temp_dir", lambda: "/memory/eunato-tests-1")
    monkeypatch.delenv("TMPDIR", raising=False)
    assert course.cmd_test(["--fast", "tests/test_data.py"]) == 0
    assert calls[-1]["TMPDIR"] == "/memory/eunato-tests-1"
    monkeypatch.setenv("TMPDIR", "/my/own/tmp")
    assert course.cmd_test(["--fast", "tests/test_data.py"]) == 0
    assert calls[-1]["TMPDIR"] == "/my/own/tmp", "a TMPDIR the user set is kept"
