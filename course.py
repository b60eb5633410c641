#!/usr/bin/env python3
"""One entry point for learners, teachers, authors and CI.

    python3 course.py start      set up .venv (first time only) and open JupyterLab at the start notebook
    python3 course.py test       set up .venv with the test extra and run every test tier
    python3 course.py execute    re-run every notebook and exercise in place, in order, from a fresh kernel
    python3 course.py exercises  regenerate the learner exercise notebooks from their solutions
    python3 course.py bench      print speed figures (benchmarks/, not tests)
    python3 course.py dashboard  open the class dashboard (every chapter's explorers, no code) with Voila
    python3 course.py html       build the readable HTML edition of every notebook into site/
    python3 course.py report FOLDER   a class report (HTML) from a folder of learners' exported progress files

Only the standard library is used here, so this file runs on a bare Python before anything is installed.
Set-up is idempotent: the environment is rebuilt only when pyproject.toml changes.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 10)
START_NOTEBOOK = "notebooks/00_start.ipynb"


def say(message):
    print("[course] " + message, flush=True)


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


def venv_python():
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def venv_bin(name):
    folder = "Scripts" if os.name == "nt" else "bin"
    return VENV / folder / name


def ensure_env(extras=""):
    """Create .venv and install the course (with extras such as 'test'); skip when already up to date."""
    check_python()
    fingerprint = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / ".course-installed-{}".format(extras or "base")
    if stamp.exists() and stamp.read_text() == fingerprint and venv_python().exists():
        return
    if not venv_python().exists():
        say("creating the environment in .venv (first run only; about a minute)")
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    target = f".[{extras}]" if extras else "."
    say("installing the course and its packages into .venv")
    subprocess.run([str(venv_python()), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    result = subprocess.run([str(venv_python()), "-m", "pip", "install", "--quiet", "-e", target], cwd=ROOT)
    if result.returncode != 0:
        fail("pip could not install the course (see the messages above). Check your internet connection and retry.")
    stamp.write_text(fingerprint)
    if extras == "test":  # the test environment contains the base one
        (VENV / ".course-installed-base").write_text(fingerprint)


def run(args, **kwargs):
    return subprocess.run(args, cwd=ROOT, **kwargs).returncode


def as_root_flags(argv):
    """Jupyter refuses to start as root unless told to; say so, and allow it (containers often run as root)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in argv:
        say("running as root: adding --allow-root (better: run the course as an ordinary user)")
        return ["--allow-root"]
    return []


def cmd_start(argv):
    ensure_env()
    say("opening JupyterLab at " + START_NOTEBOOK + " (stop it with Ctrl+C)")
    return run([str(venv_bin("jupyter")), "lab", START_NOTEBOOK] + as_root_flags(argv) + argv)


def cmd_test(argv):
    ensure_env("test")
    chromium = find_chromium()
    env = dict(os.environ, EUNATO_STRICT="1")
    if chromium:
        env["EUNATO_CHROMIUM"] = chromium
        say("browser tests will use " + chromium)
    else:
        say(
            "no Chromium found: the browser tests will be SKIPPED. Install it (Debian/Ubuntu: "
            "sudo apt-get install chromium) or set EUNATO_CHROMIUM to its path."
        )
    args = [str(venv_python()), "-m", "pytest"] + (argv or default_test_targets())
    code = run(args, env=env)
    return code


def default_test_targets():
    """All tiers in one pytest run: package and data tests, every notebook under strict nbval, browser tests."""
    return [
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


def find_chromium():
    for candidate in (os.environ.get("EUNATO_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
        if candidate and os.path.isfile(candidate):
            return candidate
    return None


def cmd_execute(argv):
    ensure_env("test")
    return run([str(venv_python()), str(ROOT / "tools" / "execute_notebooks.py")] + argv)


def cmd_exercises(argv):
    ensure_env("test")
    return run([str(venv_python()), "-m", "eunato.notebook_tools", "learner"] + argv)


def cmd_bench(argv):
    ensure_env("test")
    return run([str(venv_python()), str(ROOT / "benchmarks" / "run.py")] + argv)


def cmd_dashboard(argv):
    ensure_env()
    say("opening the class dashboard with Voila (stop it with Ctrl+C)")
    return run([str(venv_bin("voila")), "notebooks/dashboard.ipynb"] + argv)  # voila has no root check


def cmd_html(argv):
    ensure_env("test")
    return run([str(venv_python()), str(ROOT / "tools" / "build_html.py")] + argv)


def cmd_report(argv):
    ensure_env()
    paths = [a if a.startswith("-") else str(Path(a).resolve()) for a in argv]  # relative to where you are
    return run([str(venv_python()), str(ROOT / "tools" / "class_report.py")] + paths)


COMMANDS = {
    "start": cmd_start,
    "test": cmd_test,
    "execute": cmd_execute,
    "exercises": cmd_exercises,
    "bench": cmd_bench,
    "dashboard": cmd_dashboard,
    "html": cmd_html,
    "report": cmd_report,
}


def main(argv):
    if len(argv) < 1 or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv[:1] in ([], ["-h"], ["--help"]) else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
