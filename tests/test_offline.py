"""The offline block the nbval run gives its kernels (conftest.py at the top, tests/offline_kernel/sitecustomize.py).

The kernels themselves are proved offline inside the nbval run by tests/offline_kernel/the_network_is_blocked.ipynb;
these tests check the block without a kernel: what it refuses, what it records, and what it leaves open.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import socket, sys
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
socket.create_connection(server.getsockname(), timeout=2).close()   # loopback stays open (kernels talk over it)
for attempt in (lambda: socket.create_connection(("example.org", 80), timeout=2),
                lambda: socket.getaddrinfo("example.org", 443),
                lambda: socket.socket().connect(("93.184.215.14", 80))):
    try:
        attempt()
    except OSError as err:
        print("refused:", err)
    else:
        sys.exit("an outside connection was opened")
"""


def root_conftest():
    spec = importlib.util.spec_from_file_location("eunato_root_conftest", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_python_started_like_an_nbval_kernel_cannot_reach_another_machine(tmp_path):
    log = tmp_path / "attempts.txt"
    env = dict(os.environ, **root_conftest().offline_kernel_environment(os.environ, log))
    run = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.count("refused: the network is blocked in this test") == 3, run.stdout
    assert log.read_text().splitlines() == [
        "create_connection example.org",
        "getaddrinfo example.org",
        "connect 93.184.215.14",
    ], "every attempt must be recorded, even those the code caught"


def test_the_block_keeps_the_path_it_was_given():
    env = root_conftest().offline_kernel_environment({"PYTHONPATH": "/somewhere/src"}, Path("log.txt"))
    first, rest = env["PYTHONPATH"].split(os.pathsep, 1)
    assert first.endswith(os.path.join("tests", "offline_kernel")) and rest == "/somewhere/src"


def test_pytest_itself_is_not_blocked():
    """Only kernels get the block: the fresh-install test's pip and the browser tests' servers keep the network."""
    assert socket.create_connection.__module__ == "socket"
    assert "offline_kernel" not in os.environ.get("PYTHONPATH", "")


def test_the_kernels_of_the_tests_keep_their_ipython_history_out_of_the_users_folder():
    """conftest.py gives the run its own IPYTHONDIR (kernels inherit it), so ~/.ipython's history is not written."""
    folder = Path(os.environ["IPYTHONDIR"])
    assert folder.name.startswith("eunato-ipython-") and folder.is_dir()
    assert folder != Path.home() / ".ipython"
    found = subprocess.run(
        [sys.executable, "-c", "from IPython.paths import get_ipython_dir; print(get_ipython_dir())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(found.stdout.strip()) == folder, "a Python started by the tests must use the run's IPython folder"


def test_the_runs_ipython_folder_goes_at_exit_without_a_traceback_from_ipythons_own_exit(tmp_path):
    """A test that made an IPython shell in pytest's process leaves IPython an exit handler that writes to the folder's
    history database; the folder is removed after it, so Python prints no "Exception ignored" traceback at the end."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import conftest; print(conftest.own_ipython_dir()); "
        "from IPython.core.interactiveshell import InteractiveShell; InteractiveShell.instance().run_cell('1 + 1')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    folder = Path(done.stdout.strip().splitlines()[0])
    assert folder.parent == tmp_path and not folder.exists(), "the run's IPython folder must be gone at exit"


def test_nbval_pretty_prints_a_kernel_message_only_when_its_debug_line_is_written(caplog):
    """conftest.lazy_nbval_message_log: nbval formatted every kernel message (PNG text included) for a debug line that
    was then dropped; the formatting now happens only when the line is written, and then in full."""
    import logging
    import pprint

    import nbval.kernel

    lazy = nbval.kernel.pformat
    assert type(lazy).__name__ == "type" and lazy.__name__ == "LazyPformat", "the run's conftest did not patch nbval"
    message = {"header": {"msg_type": "display_data"}, "content": {"data": {"image/png": "iVBOR" * 40}}}
    assert str(lazy(message)) == pprint.pformat(message)
    with caplog.at_level(logging.DEBUG, logger=nbval.kernel.logger.name):
        nbval.kernel.logger.debug("Kernel message (%s):\n%s", "iopub", lazy(message))
    assert pprint.pformat(message) in caplog.text
