"""Browser test of "My progress" (eunato.progress) in JupyterLab, as a learner uses it.

Open the start notebook in JupyterLab (headless Chromium), run it, answer its first self-check, press Refresh in
the My progress view: the answer is counted, listed under "Questions to revisit" when it was wrong, and the
progress file (a temporary one, named by EUNATO_PROGRESS) holds one line for it; "Save a copy to hand in" writes
the file to hand in beside the notebook. The server is the tests' usual one (tests/browser_support.py), serving a
temporary copy of the course. Without Chromium the test is skipped with the reason; with CI=true it fails instead.
"""

from __future__ import annotations

import json

import pytest
from browser_support import (  # noqa: F401  (fixtures are used by name)
    CHANGE_TIMEOUT,
    SCREENSHOT_DIR,
    LabServer,
    chromium_path,
    describe_problems,
    lab_browser,
    open_notebook,
    outputs_report,
    run_all,
    screenshots_wanted,
)

pytestmark = pytest.mark.browser

START = "notebooks/00_start.ipynb"


class ProgressLabServer(LabServer):
    """The usual test server, with progress recorded to a temporary file (the tests' default is off)."""

    def environment(self) -> dict:
        env = super().environment()
        env["EUNATO_PROGRESS"] = str(self.workdir / "jupyter-data" / "eunato" / "progress.jsonl")
        for name in ("BINDER_SERVICE_HOST", "BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_REPO_URL"):
            env.pop(name, None)
        return env

    @property
    def progress_path(self):
        return self.workdir / "jupyter-data" / "eunato" / "progress.jsonl"


@pytest.fixture(scope="module")
def progress_server(chromium_path, tmp_path_factory):
    server = ProgressLabServer(tmp_path_factory.mktemp("jupyterlab-progress")).start()
    try:
        yield server
    finally:
        server.stop()


def wait_for_text(page, locator, text: str, what: str):
    try:
        page.wait_for_function(
            "([el, text]) => el.innerText.includes(text)",
            arg=[locator.element_handle(), text],
            timeout=CHANGE_TIMEOUT * 1000,
        )
    except Exception:
        pytest.fail(f"{START}: {what}: expected {text!r}; the view shows {locator.inner_text()[:400]!r}")


def test_my_progress_counts_a_self_check_answered_in_jupyterlab(progress_server, lab_browser):
    page = lab_browser.new_page()
    try:
        open_notebook(page, progress_server, START, "t-progress")
        state = run_all(page, START)
        problems = describe_problems(START, outputs_report(page, START), state)
        assert not problems, "\n".join(problems)
        assert not progress_server.progress_path.exists(), "running the notebook alone must record nothing"

        view = page.locator(".eunato-progress-explorer").first
        output = view.locator(".eunato-explorer-output")
        view.scroll_into_view_if_needed(timeout=5_000)
        wait_for_text(page, output, "Nothing answered yet", "before any answer")

        question = page.locator(".eunato-question").first
        question.scroll_into_view_if_needed(timeout=5_000)
        first_option = question.locator(".widget-radio-box label").first
        wrong = first_option.inner_text().strip()  # the first option of 00.overlap-since-sweden is a wrong one
        first_option.click()
        question.locator(".eunato-check").first.click()
        question.locator(".eunato-feedback-area .eunato-feedback").first.wait_for(
            state="visible", timeout=CHANGE_TIMEOUT * 1000
        )

        view.scroll_into_view_if_needed(timeout=5_000)
        view.locator(".eunato-progress-refresh").first.click()
        wait_for_text(page, output, "1 self-check or exercise answered", "after answering and pressing Refresh")
        wait_for_text(page, output, "0 right first time", "after a wrong answer")
        view.locator("select").first.select_option(label="Questions to revisit")
        # the view redraws after the menu changes: wait for the revisit list itself, not a line the summary also has
        wait_for_text(page, output, "Chapter 0, self-check: When Sweden joined NATO", "in the revisit view")

        lines = progress_server.progress_path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1, lines
        entry = json.loads(lines[0])
        assert (entry["kind"], entry["chapter"], entry["status"], entry["attempt"], entry["answer"]) == (
            "selfcheck",
            0,
            "incorrect",
            1,
            wrong,
        )

        view.locator("input[type='text']").first.fill("Alex")
        view.locator(".eunato-progress-export").first.click()
        message = view.locator(".eunato-progress-export-message")
        wait_for_text(page, message, "Saved 1 answer to my-progress-alex-", "after Save a copy")
        saved = list((progress_server.root / "notebooks").glob("my-progress-alex-*.json"))
        assert len(saved) == 1 and json.loads(saved[0].read_text())["name"] == "Alex"
        if screenshots_wanted():
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            view.screenshot(path=str(SCREENSHOT_DIR / "my-progress.png"))
    finally:
        page.close()
        progress_server.shutdown_kernels()
