"""The nbval run is offline, wherever pytest is pointed (notebooks/, exercises/, tests/).

nbval starts a notebook's kernel while it sets up the notebook's first cell; the hooks below give that kernel
tests/offline_kernel/ first on PYTHONPATH, so its ``sitecustomize`` refuses every connection, name lookup or datagram
to a machine other than this one. A cell that tried one fails, naming the address, even when a library caught the
error. tests/offline_kernel/the_network_is_blocked.ipynb proves, in the same run, that a kernel cannot get out.
Only kernels are affected: pytest itself and the other tests' subprocesses keep their network.
"""

import atexit
import os
import pprint
import shutil
import tempfile
from pathlib import Path

import pytest

OFFLINE_KERNEL = Path(__file__).resolve().parent / "tests" / "offline_kernel"


def _is_nbval_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


# Run first: the longest modules, and the fresh-clone install, which waits on the package index while the other
# worker computes. With pytest-xdist a long module started last would run on alone after the rest has finished.
FIRST_MODULES = ("tests/test_launch.py", "tests/test_browser.py", "tests/test_html_edition.py")


def pytest_collection_modifyitems(items):
    """FIRST_MODULES first, in that order; everything else as collected (a stable sort)."""

    def rank(item) -> int:
        module = item.nodeid.split("::", 1)[0]
        return FIRST_MODULES.index(module) if module in FIRST_MODULES else len(FIRST_MODULES)

    items.sort(key=rank)


# Test modules whose tests share a costly module fixture (a server, a build, a fresh clone, charts drawn once):
# pytest-xdist keeps each of them in one worker. The tests of every other module are spread one by one, so the
# two workers finish together; a notebook's cells always stay together, in order (they share one kernel).
KEEP_TOGETHER = (
    "tests/test_areas.py",
    "tests/test_html_edition.py",
    "tests/test_launch.py",
)

# The browser tier: its modules share one JupyterLab server, one Chromium and one tab with JupyterLab loaded
# (session fixtures of tests/browser_support.py), so they run in one worker. Spread over two, each worker started its
# own server and loaded JupyterLab again: about 9 s of the two cores' time (benchmarks/README.md).
BROWSER_TIER = ("tests/test_browser.py", "tests/test_dashboard_browser.py")


def xdist_scope(nodeid: str) -> str:
    """The unit of work pytest-xdist gives one worker: a notebook, a KEEP_TOGETHER module, the browser tier, or the
    test itself."""
    module = nodeid.split("::", 1)[0]
    if module in BROWSER_TIER:
        return "browser tier"
    return module if module.endswith(".ipynb") or module in KEEP_TOGETHER else nodeid


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: a hook of pytest-xdist, when it is installed
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadscope`, as `course.py test` runs pytest-xdist, with the scopes above: a notebook's cells and
    the tests of KEEP_TOGETHER by module, every other test on its own."""
    if config.getoption("dist", None) != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_scope(nodeid)

    return CourseScheduling(config, log)


def offline_kernel_environment(environ, log: Path) -> dict:
    """The environment variables a kernel of the nbval run starts with: the offline sitecustomize first on the path."""
    path = os.pathsep.join(p for p in (str(OFFLINE_KERNEL), environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "EUNATO_NETWORK_LOG": str(log)}


def _network_log(config) -> Path:
    if not hasattr(config, "_eunato_network_log"):
        folder = Path(tempfile.mkdtemp(prefix="eunato-offline-"))
        config._eunato_network_log = folder / "attempts.txt"
        config._eunato_network_log.write_text("", encoding="utf-8")
    return config._eunato_network_log


def _attempts(config) -> list[str]:
    return _network_log(config).read_text(encoding="utf-8").splitlines()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """nbval starts a notebook's kernel while setting up its first cell: start it offline."""
    if not _is_nbval_cell(item):
        return (yield)
    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", "EUNATO_NETWORK_LOG")}
    os.environ.update(offline_kernel_environment(os.environ, _network_log(item.config)))
    try:
        return (yield)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A notebook cell that tried to reach another machine fails, even when the library that tried caught the error."""
    if not _is_nbval_cell(item):
        return (yield)
    before = len(_attempts(item.config))
    result = yield
    tried = _attempts(item.config)[before:]
    if tried:
        raise AssertionError(f"{item.name} tried to reach the internet (the course must run offline): {tried}")
    return result


def pytest_configure(config):
    """The kernels the tests start keep their IPython history and profile in a folder of the run's own (under TMPDIR,
    which `course.py test` puts in memory), not in the user's ~/.ipython: a full run starts about thirty kernels, and
    each wrote a session and its cells into the user's history database, on disk."""
    config._eunato_ipython = (os.environ.get("IPYTHONDIR"), own_ipython_dir())
    if config.pluginmanager.hasplugin("nbval"):
        lazy_nbval_message_log()


class LazyPformat:
    """``pprint.pformat(obj)``, worked out only when the text is wanted (logging asks with str())."""

    __slots__ = ("obj",)

    def __init__(self, obj, *args, **kwargs):
        self.obj = obj

    def __str__(self) -> str:
        return pprint.pformat(self.obj)


def lazy_nbval_message_log() -> None:
    """nbval 0.11 writes every kernel message to its debug log with ``logger.debug("...%s", pformat(msg))``: the
    message is pretty-printed before logging knows the line will be dropped, and a chart's message holds its PNG as
    about 100 kB of text. Over the notebooks' run that was about 4 s of CPU (38.1 and 34.9 s against 34.1 and 31.1 s
    of user CPU, alternating; benchmarks/README.md). With LazyPformat the text is made only when a debug line is
    really written, so `--log-level=DEBUG` still shows every message."""
    import nbval.kernel

    if hasattr(nbval.kernel, "pformat"):
        nbval.kernel.pformat = LazyPformat


def own_ipython_dir() -> str:
    """A new IPython folder for this process and the processes it starts (IPYTHONDIR); removed when Python exits.

    The removal is registered with atexit before any IPython shell exists, so it runs after IPython's own exit
    handler (atexit runs last-registered first), which writes the end of the session into the folder's history
    database. Removed any earlier, that write fails and Python prints its traceback after pytest's summary."""
    folder = tempfile.mkdtemp(prefix="eunato-ipython-")
    os.environ["IPYTHONDIR"] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def pytest_unconfigure(config):
    """The folder of the offline kernels' log goes when the run ends (it held one empty file); the user's IPYTHONDIR,
    if one was set, is restored (the run's IPython folder goes when Python exits: own_ipython_dir)."""
    log = getattr(config, "_eunato_network_log", None)
    if log is not None:
        shutil.rmtree(log.parent, ignore_errors=True)
    saved = getattr(config, "_eunato_ipython", None)
    if saved is not None:
        before, _folder = saved
        if before is None:
            os.environ.pop("IPYTHONDIR", None)
        else:
            os.environ["IPYTHONDIR"] = before
