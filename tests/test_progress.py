"""A learner's progress file (eunato.progress): written when they answer, read back after a restart, safe when
several kernels write at once, damaged lines skipped, and the "My progress" view and export built from it."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import textwrap
from pathlib import Path

import pytest

from eunato import progress
from eunato.feedback import Feedback
from eunato.questions import NumberQuestion, SingleChoice

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def progress_path(tmp_path, monkeypatch):
    path = tmp_path / "data" / "eunato" / "progress.jsonl"
    monkeypatch.setenv("EUNATO_PROGRESS", str(path))
    for name in ("BINDER_SERVICE_HOST", "BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_REPO_URL", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)
    return path


def question(item_id="02.overlap"):
    q = SingleChoice(
        "How many countries belong to both?",
        options=["21", "23", "27"],
        answer="23",
        explanation="23 of the 27.",
        feedback={"27": "27 is every EU member."},
        see="the chart above",
    )
    if item_id:
        q.id = item_id
    return q


def test_the_default_file_is_in_the_jupyter_data_folder_not_the_course(monkeypatch):
    from jupyter_core.paths import jupyter_data_dir

    monkeypatch.delenv("EUNATO_PROGRESS", raising=False)
    monkeypatch.delenv("EUNATO_STRICT", raising=False)
    path = progress.progress_file()
    assert path == Path(jupyter_data_dir()) / "eunato" / "progress.jsonl"
    assert ROOT not in path.parents


@pytest.mark.parametrize("value", ["off", "OFF", "0", ""])
def test_recording_can_be_turned_off(value, monkeypatch):
    monkeypatch.setenv("EUNATO_PROGRESS", value)
    assert progress.progress_file() is None
    assert progress.record(question(), "23", Feedback("correct", "yes")) is None


def test_tests_and_notebook_reruns_record_nothing(monkeypatch):
    monkeypatch.delenv("EUNATO_PROGRESS", raising=False)
    monkeypatch.setenv("EUNATO_STRICT", "1")
    assert progress.progress_file() is None


def test_a_self_check_answer_is_recorded_with_attempts(progress_path):
    q = question()
    assert not progress_path.exists()  # nothing is recorded before the learner answers
    q.submit("27")
    q.submit(None)  # unanswered: not recorded
    q.submit("23")
    lines = [json.loads(line) for line in progress_path.read_text().splitlines()]
    assert [(r["item"], r["chapter"], r["status"], r["attempt"], r["answer"]) for r in lines] == [
        ("02.overlap", 2, "incorrect", 1, "27"),
        ("02.overlap", 2, "correct", 2, "23"),
    ]
    assert lines[0]["kind"] == "selfcheck" and lines[0]["time"].endswith("Z")
    assert lines[0]["correct"] is False and lines[1]["correct"] is True


def test_an_exercise_check_is_recorded_and_a_placeholder_is_not(progress_path):
    from eunato.exercises import start

    start.ex1.check(...)
    assert not progress_path.exists()
    feedback = start.ex1.check(32)
    assert feedback.status == "incorrect"
    (entry,) = progress.read().records
    assert (entry["item"], entry["kind"], entry["chapter"], entry["answer"]) == ("0.1", "exercise", 0, "32")


def test_running_the_worked_solutions_records_nothing(progress_path, monkeypatch):
    from eunato.exercises import start

    monkeypatch.setenv("JPY_SESSION_NAME", "course/exercises/solutions/00_start.ipynb")
    assert start.ex1.check(23).status == "correct"
    assert not progress_path.exists()
    monkeypatch.setenv("JPY_SESSION_NAME", "course/exercises/00_start.ipynb")
    start.ex1.check(23)
    assert len(progress.read().records) == 1


def test_a_chapter_is_done_when_all_its_self_checks_and_exercises_are_right(progress_path):
    from eunato import quiz
    from eunato.exercises import start
    from eunato.feedback import Feedback
    from eunato.manifest import chapter

    def chapter0():
        return next(c for c in progress.summary()["chapters"] if c.number == 0)

    known = progress._known_items(chapter(0))
    exercises = {ex.id for ex in (start.ex1, start.ex2, start.ex3)}
    selfchecks = sorted(known - exercises)
    assert exercises <= known and selfchecks, "chapter 0 has both exercises and self-checks"
    assert (chapter0().answered, chapter0().total, chapter0().done) == (0, len(known), False)
    for ex in (start.ex1, start.ex2, start.ex3):
        ex.check(ex.expected)
    assert [r["status"] for r in progress.read().records] == ["correct"] * 3
    assert (chapter0().answered, chapter0().done) == (3, False), "self-checks still to do"
    for item_id in selfchecks:  # what the Check button records when the answer is right
        progress.record(quiz(item_id), "(right)", Feedback("correct", "Right."))
    assert (chapter0().answered, chapter0().right_first_time, chapter0().done) == (len(known), len(known), True)
    assert "done ✔" in progress.summary_html()


def test_a_question_without_an_id_gets_one_from_its_notebook(progress_path, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/learner/course/notebooks/03_compass.ipynb")
    q = question(item_id=None)
    q.submit("23")
    (entry,) = progress.read().records
    assert entry["chapter"] == 3 and entry["item"].startswith("03.q-")
    q.submit("23")
    assert progress.read().records[1]["item"] == entry["item"]  # stable


def test_answers_are_kept_short_and_plain(progress_path):
    assert progress.short_text(["a", "b"]) == "a; b"
    assert progress.short_text({"x": "EU", "y": "NATO"}) == "x: EU; y: NATO"
    assert progress.short_text("line\none\ttwo") == "line one two"
    assert len(progress.short_text("word " * 500)) == progress.MAX_ANSWER
    import pandas as pd

    assert "table" in progress.short_text(pd.DataFrame({"a": [1, 2]}))


def test_recording_never_stops_a_check(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("EUNATO_PROGRESS", str(blocker / "progress.jsonl"))  # its folder is a file: cannot write
    q = question()
    assert q.submit("23").status == "correct"
    from eunato.exercises import start

    assert start.ex1.check(32).status == "incorrect"
    assert "could not be saved in the progress file (" in progress.summary_html()
    monkeypatch.setenv("EUNATO_PROGRESS", str(tmp_path / "progress.jsonl"))
    q.submit("23")
    assert "could not be saved" not in progress.summary_html()


def test_damaged_lines_are_skipped_with_a_note(progress_path):
    q = question()
    q.submit("27")
    with open(progress_path, "ab") as f:
        f.write(b'{"v": 1, "item": "02.x", "kind": "selfch\n')  # cut off mid-line
        f.write(b"\xff\xfe not utf-8\n")
        f.write(b'{"v": 1, "item": "02.y", "kind": "selfcheck", "status": "correct", "correct": false}\n')
        f.write(b"[1, 2]\n")
    q.submit("23")
    got = progress.read()
    assert [r["status"] for r in got.records] == ["incorrect", "correct"]
    assert len(got.notes) == 4 and "line 2" in got.notes[0]
    html_view = progress.summary_html()
    assert "4 damaged lines" in html_view and "Traceback" not in html_view


@pytest.mark.kernel
def test_progress_survives_a_kernel_restart(progress_path):
    """Two Jupyter kernels, one after the other: answers in chapters 1 and 2, then a fresh kernel shows them."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    answer = nbformat.v4.new_notebook()
    answer.cells = [
        nbformat.v4.new_code_cell(
            textwrap.dedent(
                """
                from eunato.questions import SingleChoice
                from eunato.exercises import history
                q = SingleChoice("Which came first?", options=["Berlin Plus", "Warsaw"], answer="Berlin Plus",
                                 explanation="2003 before 2016.")
                q.id = "02.first"
                q.submit("Warsaw"); q.submit("Berlin Plus")
                print(history.ex1.check(3).status)
                """
            )
        )
    ]
    env_before = dict(os.environ)
    try:
        os.environ["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")
        NotebookClient(answer, timeout=120, kernel_name="python3").execute()
        show = nbformat.v4.new_notebook()
        show.cells = [nbformat.v4.new_code_cell("from eunato import progress\nprint(progress.summary_text())")]
        NotebookClient(show, timeout=120, kernel_name="python3").execute()
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    text = "".join(o.get("text", "") for o in show.cells[0].outputs)
    assert "My progress: 2 answered, " in text, text
    chapters = {r["chapter"] for r in progress.read().records}
    assert chapters == {1, 2}
    summary = progress.summary()
    by_number = {c.number: c for c in summary["chapters"]}
    assert by_number[1].answered == 1 and by_number[2].answered == 1 and by_number[2].right_first_time == 0


def _writer(path: str, who: int, n: int):
    os.environ["EUNATO_PROGRESS"] = path
    q = question(f"04.writer-{who}")
    q.prompt = "long prompt " * 12  # long lines make interleaving likelier if appends were not atomic
    for i in range(n):
        q.submit("27" if i % 2 else "23")


def test_concurrent_writers_leave_every_line_readable(progress_path):
    ctx = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
    workers = [ctx.Process(target=_writer, args=(str(progress_path), w, 150)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(120)
        assert p.exitcode == 0
    lines = progress_path.read_bytes().splitlines()
    assert len(lines) == 600
    for line in lines:
        json.loads(line)  # every line is whole
    got = progress.read()
    assert not got.notes and len(got.records) == 600
    assert {r["item"] for r in got.records} == {f"04.writer-{w}" for w in range(4)}


def test_the_view_counts_chapters_and_lists_what_to_revisit(progress_path):
    a, b = question("01.a"), question("02.b")
    a.submit("23")
    b.submit("27")
    q = NumberQuestion("How many founders?", answer=12, explanation="Twelve.", see="the first step of the line")
    q.id = "01.<founders>"
    q.submit("<script>alert(1)</script>")  # invalid: not recorded
    q.submit(13)
    s = progress.summary()
    assert s["answered"] == 3 and s["right_first_time"] == 1
    assert [i.item for i in s["revisit"]] == ["02.b", "01.<founders>"]
    summary = progress.summary_html()
    assert "3 self-checks and exercises answered" in summary and "1 right first time" in summary
    assert "href='01_history.ipynb'" in summary and "href='../exercises/01_history.ipynb'" in summary
    assert str(progress_path) in summary and "delete" in summary
    revisit = progress.summary_html(view="revisit")
    assert "<script>" not in revisit
    assert "see: the first step of the line" in revisit and "href='02_areas.ipynb'" in revisit
    assert "Binder" not in summary


def test_the_view_escapes_what_the_learner_typed(progress_path):
    q = question("02.x")
    q.options.append("<img src=x onerror=alert(1)>")
    q.submit("<img src=x onerror=alert(1)>")
    answers = progress.summary_html(view="answers")
    assert "<img" not in answers and "&lt;img src=x" in answers


def test_on_binder_the_view_says_progress_is_lost_and_how_to_keep_it(progress_path, monkeypatch):
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    text = progress.summary_html()
    assert "You are on Binder" in text and "Download" in text and "Save a copy" in text


def test_the_explorer_refreshes_and_saves_a_copy(progress_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    explorer = progress.progress_explorer()
    box = explorer.widget()
    assert "Nothing answered yet" in json.dumps(explorer._output.outputs)
    explorer._save()
    assert "Nothing to save yet" in explorer._said.value and not list(tmp_path.glob("*.json"))
    question("01.a").submit("23")
    explorer._refresh()
    assert "1 self-check or exercise answered" in json.dumps(explorer._output.outputs)
    assert explorer.update(view="revisit") == "ok" and "Nothing to revisit" in json.dumps(explorer._output.outputs)
    explorer._name.value = "Alex"
    explorer._save()
    assert "my-progress-alex-" in explorer._said.value and "Download" in explorer._said.value
    assert "Saved 1 answer to" in explorer._said.value
    assert len(list(tmp_path.glob("my-progress-alex-*.json"))) == 1
    assert "eunato-explorer" in box._dom_classes


def test_export_writes_one_plain_file_and_never_overwrites(progress_path, tmp_path):
    question("01.a").submit("21")
    question("01.a").submit("23")
    first = progress.export("  Alex   Smith ", folder=tmp_path)
    second = progress.export("Alex Smith", folder=tmp_path)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    doc = json.loads(first.path.read_text(encoding="utf-8"))
    assert set(doc) == {"format", "version", "course", "name", "exported", "records", "checksum"}
    assert doc["format"] == "eunato-submission" and doc["version"] == 1 and doc["name"] == "Alex Smith"
    assert [r["answer"] for r in doc["records"]] == ["21", "23"]
    assert doc["checksum"] == progress.checksum(doc["name"], doc["records"])
    anonymous = progress.export(folder=tmp_path)
    assert json.loads(anonymous.path.read_text())["name"] is None and "and no name" in str(anonymous)
    with pytest.raises(ValueError, match="keep it under"):
        progress.export("x" * 200, folder=tmp_path)
    assert "keep it under" in progress.export_message("x" * 200)


def test_forget_deletes_the_file(progress_path):
    question().submit("23")
    assert progress_path.exists()
    assert "Deleted" in progress.forget()
    assert not progress_path.exists()
    assert "nothing to delete" in progress.forget()
