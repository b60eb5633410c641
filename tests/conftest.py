"""Shared pytest hooks and fixtures for the course's tests.

* ``course_charts_fit``: a chart test module asks for it (``pytestmark = pytest.mark.usefixtures(...)``) and every
  finished course chart its tests leave open is drawn once and checked to fit inside its figure.
* The nbval run is offline: see conftest.py at the top of the repository (it applies to notebooks/ and exercises/).
* The browser tiers' session fixtures (``chromium_path``, ``lab_server``, ``lab_browser``: one JupyterLab server and
  one Chromium per pytest process) are defined in tests/browser_support.py and offered to every test module here.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tools"))  # eunato_authoring and chromium: the authors' tools

import browser_support
import matplotlib as mpl
import pytest
from browser_support import chromium_path, lab_browser, lab_server  # noqa: F401  (fixtures, used by name)

mpl.use("Agg")
os.environ.setdefault("EUNATO_PROGRESS", "off")  # tests never write to a learner's progress file (eunato.progress)


@pytest.fixture(autouse=True)
def _clean_matplotlib():
    """The house style sets matplotlib's global settings: every test gets a clean copy and leaves no figure open."""
    import matplotlib.pyplot as plt

    with mpl.rc_context():
        yield
    plt.close("all")


@pytest.fixture
def course_charts_fit(request):
    """Every finished course chart the test leaves open is drawn once and must fit inside its figure.

    Notebooks and explorers show course charts exactly as big as the figure, so a title or label reaching past the
    edge would be cut off. Skipped when the test itself failed (its own message says more).
    """
    import matplotlib.pyplot as plt
    from chart_checks import charts_cut_off

    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        return
    cut = charts_cut_off([plt.figure(n) for n in plt.get_fignums()])
    assert not cut, "course charts reach past the figure's edge and would be cut off: " + "; ".join(cut)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report  # lets course_charts_fit skip its check when the test itself failed
    return report


def pytest_terminal_summary(terminalreporter):
    # where the browser tests saved their screenshots (or why they did not run), even when every test passes
    browser_support.terminal_summary(terminalreporter)
