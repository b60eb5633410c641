"""The answer bank: every exercise checker (tests/cases/NN_slug.yaml) and every self-check grading class
(tests/cases/questions.yaml) against right answers in many forms and wrong answers with the words the message
must contain. A new case is one line of YAML.

Each answer is Python source: a literal (23, ['Austria'], 'Warsaw') or a small expression evaluated in the
chapter's namespace (pd, np, data, and the tables the notebook's first cell defines, set up by `setup:`).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from yaml_files import read_yaml

from eunato import data, questions

CASES = Path(__file__).parent / "cases"
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b")
RIGHT = {"correct", "submitted"}


def _bank_files():
    return sorted(p for p in CASES.glob("[0-9][0-9]_*.yaml"))


def _namespace(bank: dict) -> dict:
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    ns = {"pd": pd, "np": np, "data": data, "plt": plt, "__file__": str(CASES)}
    exec(bank.get("setup", ""), ns)  # noqa: S102 (the bank is the course's own test data)
    return ns


_NAMESPACES: dict[str, dict] = {}


def _ns(path: Path, bank: dict) -> dict:
    if path.name not in _NAMESPACES:
        _NAMESPACES[path.name] = _namespace(bank)
    return _NAMESPACES[path.name]


def _value(source, ns):
    return eval(source, ns) if isinstance(source, str) else source


def _exercise_cases():
    for path in _bank_files():
        bank = read_yaml(path)
        for ex_id, spec in bank["exercises"].items():
            for k, source in enumerate(spec["right"]):
                yield pytest.param(path, ex_id, source, None, id=f"{ex_id}-right{k + 1}")
            for k, (source, fragment) in enumerate(spec["wrong"]):
                yield pytest.param(path, ex_id, source, fragment, id=f"{ex_id}-wrong{k + 1}")


def _message(feedback) -> str:
    return " ".join((feedback.message, *feedback.details))


@pytest.mark.parametrize(("path", "ex_id", "source", "fragment"), list(_exercise_cases()))
def test_exercise_bank(path, ex_id, source, fragment):
    bank = read_yaml(path)
    module = importlib.import_module(f"eunato.exercises.{bank['module']}")
    exercise = getattr(module, bank["exercises"][ex_id]["object"])
    assert exercise.id == ex_id
    ns = _ns(path, bank)
    feedback = exercise.check(_value(source, ns))
    text = _message(feedback)
    assert feedback.message.strip(), f"{ex_id}: empty message for {source!r}"
    assert not EXCEPTION_NAME.search(text), f"{ex_id}: a Python exception name in {text!r}"
    if fragment is None:
        assert feedback.status in RIGHT, f"{ex_id}: right answer {source!r} got {feedback.text()}"
    else:
        assert feedback.status not in RIGHT, f"{ex_id}: wrong answer {source!r} was accepted"
        assert fragment.casefold() in text.casefold(), f"{ex_id}: {source!r} -> {text!r} lacks {fragment!r}"


def test_every_exercise_has_a_bank_of_at_least_five_right_and_eight_wrong():
    covered = {}
    for path in _bank_files():
        bank = read_yaml(path)
        module = importlib.import_module(f"eunato.exercises.{bank['module']}")
        for ex_id, spec in bank["exercises"].items():
            assert len(spec["right"]) >= 5, f"{ex_id}: {len(spec['right'])} right forms"
            assert len(spec["wrong"]) >= 8, f"{ex_id}: {len(spec['wrong'])} wrong answers"
            covered[(bank["module"], spec["object"])] = ex_id
        for name in dir(module):
            if re.fullmatch(r"ex\d+", name):
                assert (bank["module"], name) in covered, f"{bank['module']}.{name} has no cases"


# ---- the briefing checker (capstone.py) ----------------------------------------------------------------------


def _briefing_cases():
    bank = read_yaml(CASES / "capstone.yaml")
    for k, source in enumerate(bank["right"]):
        yield pytest.param(source, None, id=f"briefing-right{k + 1}")
    for k, (source, fragment) in enumerate(bank["wrong"]):
        yield pytest.param(source, fragment, id=f"briefing-wrong{k + 1}")


@pytest.mark.parametrize(("source", "fragment"), list(_briefing_cases()))
def test_briefing_bank(source, fragment, monkeypatch):
    from eunato import capstone

    monkeypatch.chdir(CASES.parents[1])
    bank = read_yaml(CASES / "capstone.yaml")
    ns = _ns(CASES / "capstone.yaml", bank)
    briefing = _value(source, ns)
    if fragment is not None and "model" in source:
        # a wrong case edits the model briefing: an edit that no longer finds its text would test the model itself
        assert briefing != ns["model"], f"{source!r} no longer changes the model briefing"
    feedback = capstone.check_briefing(briefing)
    text = _message(feedback)
    assert feedback.message.strip() and not EXCEPTION_NAME.search(text)
    if fragment is None:
        assert feedback.status == "submitted", f"{source!r} got {feedback.text()}"
        assert "meets every point of the checklist" in feedback.message
    else:
        assert feedback.status != "submitted", f"wrong briefing {source!r} was accepted"
        assert fragment.casefold() in text.casefold(), f"{source!r} -> {text!r} lacks {fragment!r}"


# ---- the self-check grading classes (questions.py) -------------------------------------------------------------


def _question_cases():
    bank = read_yaml(CASES / "questions.yaml")
    for kind, spec in bank.items():
        for k, item in enumerate(spec["right"]):
            source, gap = (item[0], item[1]) if isinstance(item, list) else (item, None)
            marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
            yield pytest.param(kind, source, None, id=f"{kind}-right{k + 1}", marks=marks)
        for k, item in enumerate(spec["wrong"]):
            source, fragment = item[0], item[1]
            marks = [pytest.mark.xfail(reason=item[2], strict=True)] if len(item) > 2 else []
            yield pytest.param(kind, source, fragment, id=f"{kind}-wrong{k + 1}", marks=marks)


def _question(kind: str, spec: dict):
    cls = {
        "single": questions.SingleChoice,
        "multiple": questions.MultipleChoice,
        "number": questions.NumberQuestion,
        "date": questions.DateQuestion,
        "order": questions.OrderQuestion,
        "sort": questions.SortQuestion,
    }[kind]
    args = spec["question"]
    return cls(*args.get("args", []), **args.get("kwargs", {}))


@pytest.mark.parametrize(("kind", "source", "fragment"), list(_question_cases()))
def test_question_bank(kind, source, fragment):
    bank = read_yaml(CASES / "questions.yaml")
    question = _question(kind, bank[kind])
    feedback = question.grade(_value(source, {"pd": pd, "np": np}))
    text = _message(feedback)
    assert feedback.message.strip() and not EXCEPTION_NAME.search(text)
    if fragment is None:
        assert feedback.status == "correct", f"{kind}: {source!r} got {feedback.text()}"
    else:
        assert feedback.status != "correct", f"{kind}: wrong answer {source!r} was accepted"
        assert fragment.casefold() in text.casefold(), f"{kind}: {source!r} -> {text!r} lacks {fragment!r}"


def test_every_question_kind_has_a_bank():
    bank = read_yaml(CASES / "questions.yaml")
    assert set(bank) == {"single", "multiple", "number", "date", "order", "sort"}
    for kind, spec in bank.items():
        plain_right = [r for r in spec["right"] if not isinstance(r, list)]
        plain_wrong = [w for w in spec["wrong"] if len(w) == 2]
        assert len(plain_right) >= 5 and len(plain_wrong) >= 8, kind
