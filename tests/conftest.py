"""Shared pytest hooks for the course's tests. Fixtures for the browser tests live in tests/browser_support.py."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_support  # noqa: E402
import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _restore_matplotlib_settings():
    """The house style sets matplotlib's global settings; give every test a clean copy."""
    with matplotlib.rc_context():
        yield
    import matplotlib.pyplot as plt

    plt.close("all")  # and no figure is left open for the next test


def pytest_terminal_summary(terminalreporter):
    # where the browser tests saved their screenshots (or why they did not run), even when every test passes
    browser_support.terminal_summary(terminalreporter)
