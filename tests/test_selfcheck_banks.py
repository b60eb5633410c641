"""An answer bank for every self-check in the question files (issue 17): at least five right answers in different
forms are accepted, and at least eight wrong or unusable answers are refused with a message, never an exception.

The cases are built from each item's own answer, so a new item in a question file gets its bank without a line of
test code: the right forms are the answer as a learner may type or compute it (other case, spaces, a tuple, a numpy
number, a pandas Series, a date in words); the wrong ones are every other option, a near miss, the wrong type,
None and empty answers.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from eunato import bank, quiz
from eunato.questions import (
    DateQuestion,
    MultipleChoice,
    NumberQuestion,
    OrderQuestion,
    SingleChoice,
    SortQuestion,
)

UNUSABLE = [None, "", "   ", {"a": 1}, object()]


def _case_variants(text: str) -> list[str]:
    return [text, text.lower(), text.upper(), f"  {text}  ", text.replace(" ", "  ")]


def _cases(q) -> tuple[list, list]:
    """(right forms, wrong answers) for one built question."""
    if isinstance(q, SingleChoice):
        others = [o for o in q.options if o != q.answer]
        return _case_variants(q.answer), [*others, "not one of the options", 3, [q.answer, *others[:1]], *UNUSABLE]
    if isinstance(q, MultipleChoice):
        right = sorted(q.answers)
        others = [o for o in q.options if o not in q.answers]
        wrong = [right[:-1] or others[:1], [*right, *others[:1]] if others else right[:-1], others or ["nothing"]]
        return (
            [right, tuple(reversed(right)), set(right), pd.Series(right), [r.lower() for r in right]],
            [w for w in wrong if sorted(map(str, w)) != right] + ["one text", 42, *UNUSABLE],
        )
    if isinstance(q, NumberQuestion):
        a = q.answer
        right = [a, float(a), np.float64(a), f"{a}", f" {a} "]
        if float(a).is_integer():
            right[2] = np.int64(int(a))
        step = max(1.0, abs(float(a)) * 0.5, (q.tolerance or 0) * 4)
        wrong = [a + step, a - step, -a - step, a * 10 + step, True, "many", [a], *UNUSABLE]
        return right, wrong
    if isinstance(q, DateQuestion):
        day = pd.Timestamp(q.answer)
        right = [q.answer, day, day.date(), dt.datetime(day.year, day.month, day.day), f"{day.day} {day:%B %Y}"]
        if q.precision != "day":
            right = [q.answer, day, day.date(), f"{day:%B %Y}" if q.precision == "month" else str(day.year), q.answer]
        later = day + pd.DateOffset(years=3)
        wrong = [f"{later:%Y-%m-%d}", later, str(day.year + 5), "yesterday", 1999, True, *UNUSABLE]
        return right, wrong
    if isinstance(q, OrderQuestion):
        items = list(q.items)
        swapped = [items[1], items[0], *items[2:]]
        return (
            [items, tuple(items), pd.Series(items), np.array(items), [i.lower() for i in items]],
            [list(reversed(items)), swapped, items[:-1], [*items, "an extra event"], "one text", 42, *UNUSABLE],
        )
    if isinstance(q, SortQuestion):
        answers = dict(q.answers)
        first, second = next(iter(answers)), list(q.groups)
        moved = dict(answers, **{first: next(g for g in second if g != answers[first])})
        return (
            [
                answers,
                pd.Series(answers),
                {k.lower(): v for k, v in answers.items()},
                dict(reversed(answers.items())),
                {k: v.upper() for k, v in answers.items()},
            ],
            [
                moved,
                {first: answers[first]},
                {**answers, "an item not in the list": second[0]},
                dict.fromkeys(answers, "no such group"),
                list(answers),
                "one text",
                *UNUSABLE,
            ],
        )
    raise TypeError(type(q).__name__)


ITEMS = [it for it in bank.items() if it.type != "open"]


@pytest.mark.parametrize("item_id", [it.id for it in ITEMS])
def test_every_self_check_accepts_its_answer_in_many_forms_and_names_wrong_ones(item_id):
    q = quiz(item_id)
    right, wrong = _cases(q)
    assert len(right) >= 5 and len(wrong) >= 8, f"{item_id}: the bank is too small"
    for answer in right:
        feedback = q.grade(answer)
        assert feedback.correct, f"{item_id}: the right answer {answer!r} was refused: {feedback.message}"
    for answer in wrong:
        feedback = q.grade(answer)
        assert not feedback.correct, f"{item_id}: the wrong answer {answer!r} was accepted"
        text = feedback.message + " ".join(getattr(feedback, "details", ()) or ())
        assert text.strip(), f"{item_id}: no message for {answer!r}"
        assert "Traceback" not in text and "Error:" not in text, f"{item_id}: {answer!r} shows an exception: {text}"
