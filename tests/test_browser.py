"""Browser tests: every notebook with widgets run in JupyterLab in headless Chromium, as a learner would.

For each chapter notebook and primer (found in course.yaml when the tests are collected, so new chapters are
covered): open it, wait for the kernel, run all cells, then check that

* no cell shows an error or text on stderr, and every code cell ran;
* every widget rendered (no "Loading widget...", no "Error displaying widget", no static fallback);
* moving the first control of each explorer changes its output;
* answering each self-check question and pressing "Check my answer" shows feedback (the first question of each
  kind by hand, with Playwright's clicks and typing; the others by the same events sent to their controls);
* in the start notebook, before the rest: running it records no progress; a wrong answer to its first self-check
  is counted by "My progress", listed to revisit, written to the progress file, and "Save a copy" writes the file
  to hand in (browser_support.my_progress_problems); Tab reaches the explorer's year slider, and the arrow keys,
  End and Home move it (keyboard_problems);

and, when something failed (or always, with EUNATO_SCREENSHOTS=1), save a screenshot of the whole notebook in
test-artifacts/screenshots/ (the path is in the failure message).
Each notebook runs once, in its own test; the class dashboard is driven in Voila, as teachers show it
(tests/test_dashboard_browser.py), not here. The exercise and solution notebooks are not opened here: they have no
widget, nbval runs each of them and compares its outputs, and tests/test_html_edition.py opens each one's page in
Chromium (layout at a phone's and a laptop's width, axe-core). conftest.py runs this module and the dashboard's in
one pytest-xdist worker, which loads JupyterLab once.
Without Chromium the tests are skipped with the reason; with CI=true they fail instead.
See tests/browser_support.py for the server, the browser and the helpers.
"""

from __future__ import annotations

import re

import pytest
from browser_support import (
    NotebookFailure,
    answer_question,
    close_notebooks,
    describe_problems,
    explorer_title,
    move_explorer,
    my_progress_problems,
    notebook_paths,
    open_notebook,
    outputs_report,
    reveal,
    reveal_prediction,
    run_all,
    screenshot,
    screenshots_wanted,
)

pytestmark = pytest.mark.browser

DASHBOARD = "notebooks/dashboard.ipynb"  # run in Voila by tests/test_dashboard_browser.py
NOTEBOOKS = [path for path in notebook_paths() if path != DASHBOARD]
START = "notebooks/00_start.ipynb"  # its run also checks the explorer with the keyboard only (keyboard_problems)


def workspace_for(path: str) -> str:
    """A fresh, empty JupyterLab workspace per test, so no notebook from an earlier test is reopened."""
    return "t-" + re.sub(r"[^A-Za-z0-9]+", "-", path)


@pytest.fixture(scope="session")
def lab_tab(lab_browser):
    """One tab per pytest process: JupyterLab loads in it once, and each test opens its notebook there."""
    tab = lab_browser.new_page()
    tab.eunato_js_errors = []
    tab.on("pageerror", lambda err: tab.eunato_js_errors.append(str(err)[:300]))
    yield tab
    tab.close()


@pytest.fixture
def page(lab_tab, lab_server):
    """The JupyterLab tab, with no JavaScript error recorded yet; afterwards every notebook the test opened is
    closed and every kernel it started is shut down."""
    lab_tab.eunato_js_errors.clear()
    try:
        yield lab_tab
    finally:
        close_notebooks(lab_tab)
        lab_server.shutdown_kernels()


def open_and_run(page, lab_server, path: str) -> tuple[dict, dict]:
    open_notebook(page, lab_server, path, workspace_for(path))
    state = run_all(page, path)
    return state, outputs_report(page, path)


def keyboard_problems(page) -> list[str]:
    """Accessibility, in the start notebook: Tab reaches the year slider, and the arrow keys, End and Home move it.
    Run right after the notebook, before the other checks move the explorer."""
    explorer = page.locator(".eunato-explorer").first
    if not explorer.is_visible():  # the explorer opens once a prediction is committed (eunato.predict)
        reveal_prediction(page, explorer, START)
    explorer.scroll_into_view_if_needed(timeout=5_000)
    handle = explorer.locator(".noUi-handle").first
    output = explorer.locator(".eunato-explorer-output")

    # Start from the explorer's heading (as a learner who has clicked next to it) and move with Tab only.
    explorer.evaluate("e => { e.setAttribute('tabindex', '-1'); e.focus(); }")
    for _ in range(10):
        if handle.evaluate("h => document.activeElement === h"):
            break
        page.keyboard.press("Tab")
    else:
        return [f"{START}, keyboard: ten presses of Tab from the explorer did not reach its slider"]

    lowest, highest = (int(float(handle.get_attribute(a))) for a in ("aria-valuemin", "aria-valuemax"))

    def year_after(key: str, expected: int) -> str | None:
        before = output.inner_html()
        page.keyboard.press(key)
        try:
            page.wait_for_function(
                "([el, year]) => el.innerText.includes('At the end of ' + year)",
                arg=[output.element_handle(), expected],
                timeout=10_000,
            )
        except Exception:  # Playwright's timeout or a detached element: reported as the keyboard problem  # noqa: BLE001
            return (
                f"{START}, keyboard: after pressing {key} on the slider the output should show {expected}; "
                f"it shows {output.inner_text()[:200]!r} (before: {before[:200]!r})"
            )
        now = int(float(handle.get_attribute("aria-valuenow")))
        return None if now == expected else f"{START}, keyboard: after {key} the slider says {now}, not {expected}"

    start = int(float(handle.get_attribute("aria-valuenow")))
    for key, expected in (
        ("ArrowRight", min(start + 1, highest)),
        ("End", highest),
        ("ArrowLeft", highest - 1),
        ("Home", lowest),
    ):
        problem = year_after(key, expected)
        if problem:
            return [problem]
    return []


def drive_each(page, selector: str, label: str, action, name=None, scroll=True) -> list[str]:
    """Scroll to each element matching ``selector`` and call ``action(page, element, where)``: the problems found.
    An action may return a function (answer_question's wait for feedback): those run after the last element.
    ``scroll=False`` for an action made of clicks only: Playwright scrolls to what it clicks."""
    problems = []
    later = []
    found = page.locator(selector)
    for i in range(found.count()):
        element = found.nth(i)
        where = f"{label} {i + 1} of {found.count()}"
        try:
            if scroll:
                element.scroll_into_view_if_needed(timeout=5_000)
            if not element.is_visible():
                problems.append(f"{where}{f' ({name(element)!r})' if name else ''} is not visible")
                continue
            finish = action(page, element, where)
            if callable(finish):
                later.append(finish)
        except NotebookFailure as err:
            problems.append(str(err))
    for finish in later:
        try:
            finish()
        except NotebookFailure as err:
            problems.append(str(err))
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_runs_and_its_widgets_work(path, page, lab_server):
    problems: list[str] = []
    shot = None
    if path == START:
        lab_server.progress_path.unlink(missing_ok=True)  # answers of notebooks this server ran before
    try:
        state, report = open_and_run(page, lab_server, path)
        problems += describe_problems(path, report, state)
        if path == START and not problems:
            problems += my_progress_problems(page, lab_server, f"{path}, My progress")
            problems += keyboard_problems(page)

        if report["widgets"] and page.locator(".jupyter-widgets").count() == 0:
            problems.append(f"{path}: the notebook has widget outputs but no widget was rendered")

        problems += drive_each(page, ".eunato-predict", f"{path}, prediction", reveal)  # opens gated explorers
        problems += drive_each(page, ".eunato-explorer", f"{path}, explorer", move_explorer, name=explorer_title)
        kinds_done: set[str] = set()  # the first question of each kind is answered by hand, the others by events

        def answer(page, question, where):
            return answer_question(page, question, where, kinds_done)

        problems += drive_each(page, ".eunato-question", f"{path}, self-check", answer, scroll=False)

        for message in page.eunato_js_errors:
            problems.append(f"{path}: JavaScript error in the page: {message}")
    except NotebookFailure as err:
        problems.append(str(err))
    except Exception as err:  # e.g. Playwright's TimeoutError: reported with the screenshot  # noqa: BLE001
        problems.append(f"{path}: {type(err).__name__}: {str(err)[:500]}")
    finally:
        if problems or screenshots_wanted():  # the picture shows what went wrong
            try:
                shot = screenshot(page, path)
            except Exception as err:  # a failed screenshot must not hide the real failure  # noqa: BLE001
                problems.append(f"{path}: could not save a screenshot ({err})")
    assert not problems, f"{len(problems)} problem(s) in {path} (screenshot: {shot}):\n" + "\n".join(problems)
