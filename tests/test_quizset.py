"""The diagnostic, the post-course quiz, "test yourself" (eunato.quizset) and the "what you gained" view
(eunato.progress.gained): pure functions, tested without a browser."""

from __future__ import annotations

import html
import json

import pytest

from eunato import bank, progress, quizset
from eunato.questions import Feedback


def test_the_diagnostic_and_the_post_quiz_are_the_banks_items_and_share_their_objectives():
    pre, post = quizset.quiz_set("diagnostic"), quizset.quiz_set("post")
    assert pre.ids == [i.id for i in bank.items() if i.use == "diagnostic"]
    assert post.ids == [i.id for i in bank.items() if i.use == "post"]
    assert all(i.startswith("00.pre-") for i in pre.ids) and all(i.startswith("06.post-") for i in post.ids)
    assert 10 <= len(pre) <= 15 and 10 <= len(post) <= 15, (len(pre), len(post))
    assert {q.objective for q in pre.questions} == {q.objective for q in post.questions}


def test_a_quiz_set_hides_its_answers_from_plain_text_and_keeps_them_behind_details():
    pre = quizset.quiz_set("diagnostic")
    bundle = pre._repr_mimebundle_()
    assert bundle["text/plain"].startswith(pre.title) and "Show the answer" not in bundle["text/plain"]
    assert bundle["text/html"].count("<details>") == len(pre)
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_unknown_or_empty_uses_get_one_sentence():
    with pytest.raises(ValueError, match="not a use"):
        quizset.quiz_set("banana")
    with pytest.raises(ValueError, match="at least one question"):
        quizset.QuizSet("Empty", [])


def test_test_yourself_is_a_fixed_sample_one_per_objective_across_chapters():
    first, again = quizset.final_quiz_ids(), quizset.final_quiz_ids()
    assert first == again and len(first) == len(set(first))
    items = {i.id: i for i in bank.items()}
    picked = [items[i] for i in first]
    assert all(i.use == "selfcheck" and i.type != "open" for i in picked)
    assert {i.chapter_number for i in picked} == {1, 2, 3, 4, 5}
    keys = [(i.chapter_number, i.objective) for i in picked]
    assert len(keys) == len(set(keys))  # one per objective
    assert len(quizset.final_quiz()) == len(first)


def _record(item_id, correct, attempt=1):
    status = "correct" if correct else "incorrect"
    return {
        "v": 1,
        "item": item_id,
        "kind": "selfcheck",
        "chapter": int(item_id[:2]),
        "status": status,
        "correct": correct,
        "attempt": attempt,
        "time": "2026-01-01T10:00:00Z",
        "answer": "x",
    }


def test_gained_counts_first_answers_per_objective_before_and_after():
    pairs = {"obj-a": (["00.pre-a1", "00.pre-a2"], ["06.post-a1"]), "obj-b": (["00.pre-b"], ["06.post-b"])}
    records = [
        _record("00.pre-a1", False),
        _record("00.pre-a1", True, 2),  # right only at the second try: does not count
        _record("00.pre-a2", True),
        _record("06.post-a1", True),
        _record("00.pre-b", True),
    ]
    a, b = progress.gained(records, pairs, {"obj-a": "Objective A"})
    assert (a.objective, a.text) == ("obj-a", "Objective A") and b.text == "obj-b"
    assert (a.before_right, a.before_answered, a.before_total) == (1, 2, 2)
    assert (a.after_right, a.after_answered, a.after_total) == (1, 1, 1)
    assert a.change == pytest.approx(0.5) and a.verdict == "better"
    assert (b.before_right, b.after_answered) == (1, 0) and b.change is None and b.verdict == "–"
    assert progress._score(1, 2, 2) == "1 of 2 right"
    assert progress._score(0, 1, 2) == "0 of 1 answered right; 1 not answered yet"
    assert progress._score(0, 0, 2) == "not answered yet"
    worse = progress.gained([_record("00.pre-b", True), _record("06.post-b", False)], {"b": pairs["obj-b"]})[0]
    assert worse.verdict == "lower"


def test_gained_html_reads_the_progress_file_and_names_every_course_objective(tmp_path, monkeypatch):
    path = tmp_path / "progress.jsonl"
    monkeypatch.setenv("EUNATO_PROGRESS", str(path))
    pairs, texts = progress.course_pairs()
    assert len(pairs) >= 5 and all(before and after for before, after in pairs.values())
    assert "nothing to compare" in progress.gained_html()
    pre, post = quizset.quiz_set("diagnostic"), quizset.quiz_set("post")
    progress.record(pre.questions[0], "a wrong answer", Feedback("incorrect", "no"))
    assert "Answer the quiz above" in progress.gained_html()
    for line in path.read_text().splitlines():
        assert json.loads(line)["item"] == pre.ids[0]
    progress.record(post.questions[0], "x", Feedback("correct", "yes"))
    page = progress.gained_html()
    assert "went up on 1 of" in page
    for objective in pairs:
        assert html.escape(texts[objective]) in page


def test_a_wrong_diagnostic_answer_is_not_a_question_to_revisit(tmp_path, monkeypatch):
    monkeypatch.setenv("EUNATO_PROGRESS", str(tmp_path / "progress.jsonl"))
    pre = quizset.quiz_set("diagnostic")
    progress.record(pre.questions[0], "a guess", Feedback("incorrect", "no"))
    records = progress.read().records
    assert len(records) == 1  # recorded by the usual hook (the gained view reads it)
    summary = progress.summary(records)
    assert summary["revisit"] == [] and summary["answered"] == 0
    assert progress.gained(records, {"o": ([pre.ids[0]], [])})[0].before_answered == 1
