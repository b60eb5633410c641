"""Exercises as content: every exercise of every chapter is built from its question file's `exercises:` section
(words) and its module's judging (Python); a broken section names the file, the exercise and the field; a teacher
can change or hide an exercise without Python; every reasoning exercise can be answered without code."""

from __future__ import annotations

import importlib
import re
import textwrap
from collections import Counter

import pytest
import yaml
from yaml_files import read_yaml

from eunato import bank, checks, manifest
from eunato.checks import Exercise, HiddenExercise

SLUGS = ("start", "history", "areas", "compass", "members", "debates")


def _exercises(slug):
    module = importlib.import_module(f"eunato.exercises.{slug}")
    names = sorted((n for n in dir(module) if re.fullmatch(r"ex\d+", n)), key=lambda n: int(n[2:]))
    return [getattr(module, n) for n in names]


ALL = [pytest.param(slug, e, id=e.id) for slug in SLUGS for e in _exercises(slug)]


@pytest.fixture(autouse=True)
def _no_teacher_files(monkeypatch):
    monkeypatch.delenv("EUNATO_QUESTIONS", raising=False)


def _section(slug):
    path = manifest.ROOT / manifest.chapter(slug).questions
    return path, read_yaml(path)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_exercise_comes_from_its_question_file(slug):
    path, raw = _section(slug)
    in_file = [e["id"] for e in raw["exercises"]]
    built = _exercises(slug)
    assert [e.id for e in built] == in_file, f"{path.name}: the module's exercises and the file's differ"
    objectives = {o["id"] for o in raw["objectives"]}
    for e, spec in zip(built, raw["exercises"], strict=True):
        assert type(e) is Exercise, f"{e.id}: {e.check().message}"
        assert e.level in bank.LEVELS and e.objective in objectives
        assert e.title == spec["title"] and e.steps and e.hints and e.see
        if not re.search(r"(?<!\{)\{[a-z_0-9]+\}", spec["task"]):  # no value from the data in the task
            assert e.prompt == " ".join(bank._fill(spec["task"], {"_": ""}).split())
        if e.kind == "written":
            assert e.model_answer and e.rubric and e.no_code
        else:
            assert e.solution == spec["solution"].strip()


@pytest.mark.parametrize(("slug", "exercise"), ALL)
def test_no_placeholder_is_left_unfilled_and_no_view_shows_the_solution(slug, exercise):
    texts = [exercise.prompt, exercise.explanation, exercise.model_answer, *exercise.hints, *exercise.steps]
    texts += list(exercise.rubric)
    for text in texts:
        assert not re.search(r"\{[a-z_0-9]+\}", text), f"{exercise.id}: unfilled placeholder in {text!r}"
    shown = repr(exercise) + str(exercise.check) + str(exercise.hint)
    for step in exercise.steps:
        assert step not in shown
    solution = exercise.show_solution()
    assert solution.status == "solution" and any(d.startswith("step 1: ") for d in solution.details)


# --- no code needed -------------------------------------------------------------------------------------------
TYPED = {  # a plain typed answer, as a learner who writes no code would give it
    "3.2": "{anticipated}",
    "5.1": "A fact, B interpretation, C fact, D interpretation, E fact, F interpretation",
    "5.3": "{expected}",
    "5.4": "{expected}",
}


def _typed(exercise):
    text = TYPED[exercise.id]
    if text == "{expected}":
        return exercise.expected if exercise.kind != "text" else str(exercise.expected)
    if text == "{anticipated}":
        from eunato.exercises import compass

        return ", ".join(compass.ANTICIPATED)
    return text


REASONING = [p for p in ALL if p.values[1].kind == "written" or p.values[1].no_code]


@pytest.mark.parametrize(("slug", "exercise"), REASONING)
def test_reasoning_exercises_can_be_answered_without_code(slug, exercise):
    if exercise.kind == "written":
        assert exercise.no_code and "without code" in exercise.prompt
        answer = exercise.model_answer
        assert exercise.check(answer).status == "submitted"
    elif exercise.no_code:
        assert "without code" in exercise.prompt
        answer = _typed(exercise)
        assert isinstance(answer, (str, int)), "a plain typed answer: text or a number"
        assert exercise.check(answer).status == "correct", exercise.check(answer).text()


def test_the_no_code_exercises_are_the_reasoning_ones():
    no_code = {e.id for slug in SLUGS for e in _exercises(slug) if e.no_code and e.kind != "written"}
    assert no_code == set(TYPED)


def test_a_typed_list_is_read_only_where_no_code_is_allowed():
    from eunato.exercises import compass, start

    assert "separated by commas" in compass.ex2.check("space").message
    assert "own quotes" in start.ex2.check("Austria, Cyprus").message  # a coding exercise: a list is asked for


# --- levels -------------------------------------------------------------------------------------------------------
def test_levels_per_chapter_reach_beyond_apply():
    levels = {slug: Counter(e.level for e in _exercises(slug)) for slug in SLUGS}
    for slug in ("history", "compass", "members", "debates"):
        assert set(levels[slug]) - {"remember", "understand", "apply"}, f"{slug}: every exercise is at most apply"
    assert {"analyse", "evaluate", "create"} <= set().union(*levels.values())


# --- a broken section names the file, the exercise and the field -----------------------------------------------
GOOD = {
    "id": "2.9",
    "title": "a test",
    "kind": "int",
    "level": "apply",
    "objective": "principles",
    "where": "here",
    "task": "How many?",
    "hints": ["Count."],
    "solution": "answer = 1",
    "steps": ["Count them."],
}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"kind": "essay"}, "kind", "not a kind of answer"),
        ({"level": "know"}, "level", "not a level of thinking"),
        ({"objective": "nonsense"}, "objective", "not one of the objectives"),
        ({"steps": []}, "steps", "steps of the worked solution"),
        ({"hints": "Count."}, "hints", "hints that build up"),
        ({"solution": ""}, "solution", "missing or empty"),
        ({"colour": "red"}, "colour", "not a known field"),
        ({"no_code": True}, "task", "without code"),
        ({"kind": "written"}, "model_answer", "model answer"),
        ({"id": "2.a"}, "id", "exercise number"),
        ({"min_words": "ten"}, "min_words", "whole number"),
    ],
)
def test_a_broken_exercise_names_file_exercise_and_field(tmp_path, change, field, words):
    raw = read_yaml(manifest.ROOT / "questions" / "02_areas.yaml")
    raw["exercises"] = [{**GOOD, **change}]
    path = tmp_path / "02_areas.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(bank.BankError) as err:
        bank.load_file(path, teacher=False)
    message = str(err.value)
    assert message.startswith("02_areas.yaml, exercise ") and f"field '{field}'" in message and words in message


def test_a_placeholder_without_a_value_is_named(tmp_path):
    spec = bank.ExerciseSpec(
        "2.9", "t", "int", "apply", "principles", "here", "02_areas.yaml", {**GOOD, "explanation": "{nothing} areas."}
    )
    with pytest.raises(bank.BankError, match=r"02_areas.yaml, exercise 2.9, field 'explanation': placeholder"):
        bank.build_exercise(spec, {"expected": 1}, {})


def test_judging_text_belongs_in_the_file():
    with pytest.raises(TypeError, match="belongs in the question file"):
        checks.judged("2.9", hints=("no",))


# --- a teacher changes or hides an exercise without Python ------------------------------------------------------
def _start_from_file():
    from eunato.exercises import start

    return checks.from_file("start", dict(start._build()))


def test_a_teacher_rewords_an_exercise_and_hides_another(tmp_path, monkeypatch):
    raw = read_yaml(manifest.ROOT / "questions" / "00_start.yaml")
    mine = dict(next(e for e in raw["exercises"] if e["id"] == "0.1"))
    mine["task"] = "Our class version: how many countries are in both today?"
    mine["hints"] = ["Look at the column both."]
    (tmp_path / "my_class.yaml").write_text(
        yaml.safe_dump({"exercises": [mine, {"id": "0.3", "hidden": True}]}, allow_unicode=True), encoding="utf-8"
    )
    monkeypatch.setenv("EUNATO_QUESTIONS", str(tmp_path))
    built = _start_from_file()
    assert built["ex1"].prompt.startswith("Our class version") and built["ex1"].hints == ("Look at the column both.",)
    assert built["ex1"].check(built["ex1"].expected).correct  # the judging is unchanged
    assert isinstance(built["ex3"], HiddenExercise) and "hidden for this class" in built["ex3"].check(2024).message
    assert built["ex2"].prompt.startswith("Which EU members")


def test_a_teacher_file_with_an_unknown_exercise_is_named(tmp_path, monkeypatch):
    (tmp_path / "my_class.yaml").write_text(
        textwrap.dedent(
            """\
            exercises:
              - {id: "0.9", hidden: true}
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("EUNATO_QUESTIONS", str(tmp_path))
    with pytest.raises(bank.BankError, match=r"my_class.yaml, exercise 0.9, field 'id'"):
        _start_from_file()


def test_a_broken_section_gives_the_learner_one_sentence(monkeypatch):
    def broken(slug):
        raise bank.BankError("02_areas.yaml, exercise 2.1, field 'kind': 'essay' is not a kind of answer")

    monkeypatch.setattr(bank, "exercise_specs", broken)
    getattr_, _ = checks.lazy_exercises("eunato.exercises.fake", lambda: {"ex1": checks.judged("2.1")}, "areas")
    message = getattr_("ex1").check(1).message
    assert "question file has a problem" in message and "02_areas.yaml, exercise 2.1, field 'kind'" in message
