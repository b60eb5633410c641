#!/usr/bin/env python3
"""One entry point for learners, teachers, authors and CI.

    python3 course.py start      set up .venv (first time only) and open JupyterLab at the start notebook
    python3 course.py test       set up .venv with the test extra, lint, and run every test tier (--fast: no kernels, no browser;
                                 --screenshots: keep a picture of every notebook the browser tests open, not only of failures)
    python3 course.py execute    re-run every notebook and exercise in place, in order, from a fresh kernel
    python3 course.py exercises  regenerate the learner exercise notebooks from their solutions
    python3 course.py bench      print speed figures (benchmarks/, not tests)
    python3 course.py dashboard  open the class dashboard (every chapter's explorers, no code) with Voila
    python3 course.py html       build the readable HTML edition of every notebook into site/
    python3 course.py latest     test the newest releases pyproject.toml allows, in a throw-away environment
                                 (not part of `test`; add --write-lock to refresh requirements-lock.txt when they pass)
    python3 course.py lock       write requirements-lock.txt from .venv as it is (after adding a package and testing)
    python3 course.py report FOLDER   a class report (HTML) from a folder of learners' exported progress files

Extra arguments go to the tool: `python3 course.py start --no-browser --port 8899` (JupyterLab options).

Only the standard library is used here, so this file runs on a bare Python before anything is installed, on Linux,
macOS and Windows alike (paths are pathlib paths, files are read as UTF-8, commands are argument lists, no shell).
Set-up is idempotent: the environment is rebuilt only when pyproject.toml or requirements-lock.txt changes.
pyproject.toml keeps compatible ranges (for `pip install`); requirements-lock.txt pins the exact versions the tests
passed with, and .venv is installed with it as pip constraints (`pip install -c requirements-lock.txt -e .`).
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 10)
START_NOTEBOOK = "notebooks/00_start.ipynb"
DASHBOARD = "notebooks/dashboard.ipynb"
LOCK_NAME = "requirements-lock.txt"
STARTED = time.monotonic()


def say(message):
    print("[course] " + message, flush=True)


def say_step(message):
    """A step of the set-up, with the seconds since course.py started."""
    say(f"{message} ({time.monotonic() - STARTED:.0f} s)")


def fail(message, code=2):
    print("[course] " + message, file=sys.stderr, flush=True)
    sys.exit(code)


def check_python():
    if sys.version_info < MIN_PYTHON:
        fail(
            "This course needs Python {}.{} or newer; this is Python {}.{}.\n"
            "Install Python 3.11 (https://www.python.org/downloads/) and run this command with it, "
            "for example: python3.11 course.py start".format(*MIN_PYTHON, *sys.version_info[:2])
        )
    try:
        import ensurepip  # noqa: F401  (venv needs it to install pip)
    except ImportError:
        fail(
            "Python's venv module cannot install pip on this machine.\n"
            "On Debian or Ubuntu: sudo apt-get install python3-venv   then run this command again."
        )


def venv_python(venv_dir=None):
    folder = Path(venv_dir) if venv_dir else VENV
    if os.name == "nt":
        return folder / "Scripts" / "python.exe"
    return folder / "bin" / "python"


def lock_file():
    return ROOT / LOCK_NAME


def fingerprint():
    """What the installed environment was made from: pyproject.toml and the lock (when there is one)."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    if lock_file().exists():
        digest.update(lock_file().read_bytes())
    return digest.hexdigest()[:16]


PIP_NEEDED = (21, 3)  # the first pip that installs a pyproject.toml project in editable mode (PEP 660)
# pip 25 chooses the course's ~110 locked packages two to three times faster than the pip Python 3.11 brings (23.2):
# on this project's test machine 5.5 s of CPU against 15-17 s for the choosing alone, and a first install took
# 20.5 s of CPU against 28-33 s; the upgrade costs about 1.3 s (benchmarks/README.md, round seven).
PIP_FAST = (25, 0)


def pip_version(python) -> tuple[int, ...] | None:
    """The pip of `python` as numbers, such as (23, 2, 1); None when it cannot be asked."""
    try:
        out = subprocess.run(
            [str(python), "-c", "import pip; print(pip.__version__)"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    parts = []
    for piece in (out or "").strip().split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts) or None


def upgrade_old_pip(python) -> None:
    """Upgrade pip when it is older than PIP_FAST (or cannot say). An upgrade that fails (no network, say) only
    matters when pip is older than PIP_NEEDED: a slower pip still installs the course."""
    version = pip_version(python)
    if version is not None and version >= PIP_FAST:
        return
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    if done.returncode != 0 and (version is None or version < PIP_NEEDED):
        fail(
            "pip could not be upgraded (see the messages above), and the pip in .venv is too old to install the course"
        )


def pip_install(python, target, *, locked, quiet=True):
    """`pip install -e target`, with the lock as constraints when locked; returns pip's return code."""
    args = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    if quiet:
        args.append("--quiet")
    if locked:
        args += ["--constraint", str(lock_file())]
    return subprocess.run([*args, "-e", target], cwd=ROOT).returncode


def ensure_env(extras=""):
    """Create .venv and install the course (with extras such as 'test'); skip when already up to date."""
    check_python()
    wanted = fingerprint()
    stamp = VENV / ".course-installed-{}".format(extras or "base")
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted and venv_python().exists():
        return
    if not venv_python().exists():
        say_step("step 1 of 3: creating the environment in .venv (first run only)")
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    target = f".[{extras}]" if extras else "."
    locked = lock_file().exists()
    say_step(
        "step 2 of 3: installing the course and its packages into .venv"
        + (f" (the exact versions tested, from {LOCK_NAME})" if locked else "")
        + "; the first time this downloads about 150 MB and takes a minute or two"
    )
    upgrade_old_pip(venv_python())
    code = pip_install(venv_python(), target, locked=locked)
    if code != 0 and locked:
        say(
            f"the tested versions in {LOCK_NAME} do not install with Python {sys.version_info.major}."
            f"{sys.version_info.minor} on this machine; installing the newest versions pyproject.toml allows instead"
        )
        code = pip_install(venv_python(), target, locked=False)
    if code != 0:
        fail("pip could not install the course (see the messages above). Check your internet connection and retry.")
    stamp.write_text(wanted, encoding="utf-8")
    if extras == "test":  # the test environment contains the base one
        (VENV / ".course-installed-base").write_text(wanted, encoding="utf-8")
    say_step("step 3 of 3: installed")


def run(args, **kwargs):
    return subprocess.run(args, cwd=ROOT, **kwargs).returncode


def as_root_flags(argv):
    """Jupyter refuses to start as root unless told to; say so, and allow it (containers often run as root)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in argv:
        say("running as root: adding --allow-root (better: run the course as an ordinary user)")
        return ["--allow-root"]
    return []


# ipykernel 7.3+ writes "Kernel is running over TCP without encryption ... susceptible to eavesdropping" to the
# terminal at every kernel start unless the kernel's connection is encrypted. JupyterLab's and Voila's servers can
# give each kernel CurveZMQ keys ('auto': when its kernelspec says it supports them, as ipykernel's does). With a
# pyzmq built without CURVE (PyPI's wheels have it) every kernel start would fail, so course.py asks the .venv first;
# and it leaves the option to a learner who gives their own (traitlets refuses the same option twice).
ENCRYPT_KERNELS = "--MappingKernelManager.transport_encryption=auto"


def kernel_encryption_flags(python=None, argv=()):
    """[ENCRYPT_KERNELS] when the environment's pyzmq supports CURVE encryption and ``argv`` (the learner's options)
    does not set transport_encryption itself, else [] (the kernels still run, unencrypted, with the warning)."""
    if any("transport_encryption" in a for a in argv):
        return []
    probe = "import sys, zmq; sys.exit(0 if zmq.has('curve') else 1)"
    try:
        found = subprocess.run([str(python or venv_python()), "-c", probe], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [ENCRYPT_KERNELS] if found.returncode == 0 else []


# The course's JupyterLab defaults (jupyter-config/labconfig/default_setting_overrides.json): no "Would you like to
# get notified about official Jupyter news?" prompt over the start notebook, and no update check (the course runs
# offline). They are defaults: a learner who changes them in JupyterLab's Settings keeps their choice. The folder goes
# after any the learner put on JUPYTER_CONFIG_PATH. Binder gets the same file from postBuild.
LAB_CONFIG = ROOT / "jupyter-config"


def lab_environment(environ=None):
    """``environ`` (default: os.environ) with LAB_CONFIG last on JUPYTER_CONFIG_PATH, for `start`'s JupyterLab."""
    env = dict(os.environ if environ is None else environ)
    paths = [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([*paths, str(LAB_CONFIG)])
    return env


def start_command(argv):
    """JupyterLab serving the whole course folder (so exercises/, GLOSSARY.md, data/ open), at the start notebook,
    with each kernel's connection encrypted where the environment can (kernel_encryption_flags).

    The notebook path is relative to root_dir, so JupyterLab opens lab/tree/notebooks/00_start.ipynb.
    """
    return [
        str(venv_python()),
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={ROOT}",
        START_NOTEBOOK,
        *kernel_encryption_flags(argv=argv),
        *as_root_flags(argv),
        *argv,
    ]


def cmd_start(argv):
    ensure_env()
    say_step(f"starting JupyterLab on the course folder at {START_NOTEBOOK} (stop it with Ctrl+C)")
    return run(start_command(argv), env=lab_environment())


def cmd_test(argv):
    """`test --fast`: lint, then the package and data tests (no kernel, no browser, no launch), for authors at work.
    `test`: lint, then every tier: those tests, each notebook once under nbval (offline), the browser and launch
    tests. Further arguments go to pytest in place of the default targets (the --fast selection still applies)."""
    fast = "--fast" in argv
    shots = "--screenshots" in argv
    argv = [a for a in argv if a not in ("--fast", "--screenshots")]
    ensure_env("test")
    ruff = [str(venv_python()), "-m", "ruff"]
    for command in ([*ruff, "format", "--check", "."], [*ruff, "check", "."]):
        if run(command) != 0:
            fix = " ".join(ruff)
            say(
                f"lint failed: `ruff {command[3]}` above names each file and line. Fix: {fix} format . && {fix} check --fix ."
            )
            return 1
    env = dict(os.environ, EUNATO_STRICT="1")
    memory = None if "TMPDIR" in os.environ else memory_temp_dir()
    if memory:  # the fresh clone's .venv, the served course copies, the browsers' profiles: written to memory
        env["TMPDIR"] = memory
        say(f"temporary files in memory: {memory}")
    if shots:  # a picture of every notebook and page the browser tests open (by default only of what failed)
        env["EUNATO_SCREENSHOTS"] = "1"
    if not fast:
        sys.path.insert(0, str(ROOT / "tools"))
        from chromium import find_chromium  # standard library only: shared with the browser tests

        chromium, why = find_chromium()
        if chromium:
            env["EUNATO_CHROMIUM"] = chromium
            say("browser tests will use " + chromium)
        else:
            say(why + ": the browser tests will be SKIPPED.")
    targets = default_test_targets(fast)
    if argv:
        targets = argv + (targets[targets.index("-m") :] if fast else [])
    return run([str(venv_python()), "-m", "pytest", *targets], env=env)


MEMORY_FOLDER = Path("/dev/shm")  # tmpfs on Linux
MEMORY_NEEDED = 3 * 2**30  # bytes free in it and in RAM: the fresh clone's .venv alone is about 0.5 GB


def memory_temp_dir(folder: Path = MEMORY_FOLDER, needed: int = MEMORY_NEEDED) -> str | None:
    """A folder in memory (tmpfs) for the tests' temporary files, or None where the machine has none with room.

    The tests write about 0.7 GB of temporary files (a fresh clone's .venv, copies of the course for the servers,
    browser profiles, the HTML edition). On this project's 2-core test machine, writing them to disk cost about
    50 s of CPU in a full run, and made its time vary by half a minute (benchmarks/README.md). A TMPDIR the user
    set is kept (cmd_test)."""
    try:
        stat = os.statvfs(folder)
        free = stat.f_bavail * stat.f_frsize
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            available = next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:"))
    except (OSError, AttributeError, StopIteration, ValueError):  # no tmpfs there, no statvfs (Windows), no /proc
        return None
    if min(free, available) < needed:
        return None
    mine = folder / "eunato-tests-{}".format(os.getuid() if hasattr(os, "getuid") else "user")
    try:
        mine.mkdir(mode=0o700, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=mine):
            pass
    except OSError:
        return None
    return str(mine)


# pytest-xdist: one worker per core, at most four (conftest.py runs the browser tier in one of them, which starts
# one JupyterLab and one Chromium).
# loadscope, refined in conftest.py: a notebook's cells, and the modules that share a costly fixture, stay together
# in one worker; every other test goes where there is room. In collection order (conftest.py puts the longest
# modules first), not the largest scope first.
PARALLEL = ["-n", "auto", "--maxprocesses", "4", "--dist", "loadscope", "--no-loadscope-reorder"]


def default_test_targets(fast=False):
    """--fast: tests/ without the kernel, browser and launch tiers. Otherwise every tier in one pytest run: tests/,
    every notebook and exercise under strict nbval (each run once, in an offline kernel), browser and launch tests.
    Both spread the tests over the machine's cores (PARALLEL)."""
    if fast:
        return ["tests", "-p", "no:cacheprovider", *PARALLEL, "-m", "not browser and not launch and not kernel"]
    return [
        *PARALLEL,
        "tests",
        "notebooks",
        "exercises",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        "tests/sanitize.cfg",
        "-p",
        "no:cacheprovider",
    ]


def cmd_execute(argv):
    ensure_env("test")
    return run([str(venv_python()), str(ROOT / "tools" / "execute_notebooks.py"), *argv])


def cmd_exercises(argv):
    ensure_env("test")
    return run(
        [str(venv_python()), str(ROOT / "tools" / "eunato_authoring" / "learner_notebooks.py"), "learner", *argv]
    )


def cmd_bench(argv):
    ensure_env("test")
    return run([str(venv_python()), str(ROOT / "benchmarks" / "run.py"), *argv])


def dashboard_command(argv):
    """Voila serving the dashboard, with the course folder as its root (files it links to are inside)."""
    # `python -m`: the venv's python.exe / bin/python is the one path that is the same on every system
    voila = [str(venv_python()), "-m", "voila", f"--Voila.root_dir={ROOT}", DASHBOARD]
    return [*voila, *kernel_encryption_flags(argv=argv), *argv]  # no root check


def cmd_dashboard(argv):
    ensure_env()
    say_step("opening the class dashboard with Voila (stop it with Ctrl+C)")
    return run(dashboard_command(argv))


def cmd_html(argv):
    ensure_env("test")
    return run([str(venv_python()), str(ROOT / "tools" / "build_html.py"), *argv])


def write_lock(python, path):
    """The exact versions installed in the environment of `python` (the course itself left out), as a lock."""
    frozen = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--exclude-editable", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    version = subprocess.run(
        [str(python), "-c", "import platform; print(platform.python_version(), platform.system())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    pins = sorted(
        (line.strip() for line in frozen.splitlines() if "==" in line and not line.lower().startswith("eunato==")),
        key=str.lower,
    )
    header = [
        "# The exact versions the course's tests passed with (Python {} on {}), base install and test extra.".format(
            *version
        ),
        "# Used as pip constraints (pyproject.toml's ranges stay authoritative) by course.py and Binder.",
        "# Refresh it with `python3 course.py latest --write-lock` (AUTHORING.md, 'Refreshing the lock').",
    ]
    Path(path).write_text("\n".join(header + pins) + "\n", encoding="utf-8")
    return pins


def cmd_lock(argv):
    """Write the lock from .venv as it is (after `course.py test` passed there, say with a newly added package)."""
    ensure_env("test")
    pins = write_lock(venv_python(), lock_file())
    (VENV / ".course-installed-test").write_text(fingerprint(), encoding="utf-8")  # .venv is the locked set
    (VENV / ".course-installed-base").write_text(fingerprint(), encoding="utf-8")
    say(f"wrote {LOCK_NAME} ({len(pins)} packages) from .venv; commit it")
    return 0


def cmd_latest(argv):
    """The tests in a throw-away environment with the newest releases pyproject.toml allows (no lock)."""
    check_python()
    write = "--write-lock" in argv
    keep = "--keep" in argv
    argv = [a for a in argv if a not in ("--write-lock", "--keep")]
    folder = Path(tempfile.mkdtemp(prefix="eunato-latest-"))
    try:
        say_step(f"creating a throw-away environment in {folder}")
        venv.EnvBuilder(with_pip=True).create(folder)
        python = venv_python(folder)
        say_step("installing the newest releases pyproject.toml allows (ignoring the lock)")
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        if pip_install(python, ".[test]", locked=False) != 0:
            fail("pip could not install the newest allowed releases (see above): a range in pyproject.toml is broken")
        # EUNATO_UNLOCKED: this environment is deliberately not the locked one (tests/test_environment.py)
        env = dict(os.environ, EUNATO_STRICT="1", EUNATO_UNLOCKED="1", VIRTUAL_ENV=str(folder))
        env.pop("PYTHONPATH", None)
        sys.path.insert(0, str(ROOT / "tools"))
        from chromium import find_chromium  # standard library only: shared with the browser tests

        chromium, _why = find_chromium()
        if chromium:
            env["EUNATO_CHROMIUM"] = chromium
        say_step("running the tests with the newest releases")
        code = run([str(python), "-m", "pytest"] + (argv or default_test_targets()), env=env)
        if code != 0:
            say_step("the tests FAIL with the newest allowed releases: fix the course or tighten a range")
            return code
        say_step("the tests pass with the newest allowed releases")
        if write:
            pins = write_lock(python, lock_file())
            say(f"wrote {LOCK_NAME} ({len(pins)} packages); run `python3 course.py test`, then commit it")
        return 0
    finally:
        if keep:
            say(f"kept the environment in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def cmd_report(argv):
    ensure_env()
    paths = [a if a.startswith("-") else str(Path(a).resolve()) for a in argv]  # relative to where you are
    return run([str(venv_python()), str(ROOT / "tools" / "class_report.py"), *paths])


COMMANDS = {
    "start": cmd_start,
    "test": cmd_test,
    "execute": cmd_execute,
    "exercises": cmd_exercises,
    "bench": cmd_bench,
    "dashboard": cmd_dashboard,
    "html": cmd_html,
    "latest": cmd_latest,
    "lock": cmd_lock,
    "report": cmd_report,
}


def main(argv):
    if len(argv) < 1 or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv[:1] in ([], ["-h"], ["--help"]) else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
