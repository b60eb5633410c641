"""Shared pytest hooks for the course's tests. Fixtures for the browser tests live in tests/browser_support.py."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_support
import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("EUNATO_PROGRESS", "off")  # tests never write to a learner's progress file (eunato.progress)


@pytest.fixture(autouse=True)
def _restore_matplotlib_settings(request):
    """The house style sets matplotlib's global settings; give every test a clean copy.

    Every finished course chart a test leaves open is also drawn once and checked to fit inside its
    figure: notebooks and explorers show course charts exactly as big as the figure, so a title or
    label reaching past the edge would be cut off.
    """
    import matplotlib.pyplot as plt
    from chart_checks import outside_the_figure

    from eunato.style import CourseFigure

    with matplotlib.rc_context():
        yield
        failed = request.node.rep_call.failed if hasattr(request.node, "rep_call") else False
        figures = [plt.figure(n) for n in plt.get_fignums()] if not failed else []
        cut = []
        for fig in figures:
            if isinstance(fig, CourseFigure) and getattr(fig, "eunato_alt", None):
                edges = outside_the_figure(fig)
                if edges:
                    title = fig.axes[0].get_title(loc="left")[:70] if fig.axes else ""
                    cut.append(f"{title!r}: {', '.join(edges)}")
    plt.close("all")  # and no figure is left open for the next test
    assert not cut, "course charts reach past the figure's edge and would be cut off: " + "; ".join(cut)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report  # lets the fixture above skip its check when the test itself failed
    return report


def pytest_terminal_summary(terminalreporter):
    # where the browser tests saved their screenshots (or why they did not run), even when every test passes
    browser_support.terminal_summary(terminalreporter)
