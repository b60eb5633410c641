"""Exercise checkers: the right answer passes; wrong values, wrong types, None, empty and ... get clear messages."""

from __future__ import annotations

import pandas as pd
import pytest

from eunato import data
from eunato.checks import Exercise, describe, explain_exception, friendly_errors
from eunato.exercises import start
from eunato.feedback import Feedback

NOW = data.membership_on("2024-03-07")


def test_feedback_statuses_and_rendering():
    good = Feedback("correct", "Yes.", ("detail",), see="section 2")
    assert good and good.correct
    assert good.text() == "✔ Correct: Yes.\n  - detail\n  (See: section 2)"
    assert "eunato-feedback eunato-correct" in good.html() and "role='status'" in good.html()
    assert not Feedback("incorrect", "No.")
    with pytest.raises(ValueError, match="unknown feedback status"):
        Feedback("great", "?")


def test_feedback_html_escapes_learner_text():
    assert "<script>" not in Feedback("incorrect", "<script>alert(1)</script>").html()


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "None"),
        (..., "placeholder"),
        ("23", "the text '23'"),
        (23, "whole number 23"),
        (2.5, "number 2.5"),
        (True, "truth value"),
        ([1, 2], "list of 2"),
        (pd.DataFrame({"a": [1]}), "table (DataFrame) with 1 rows"),
        (pd.Series([1, 2]), "column (Series) of 2"),
        ({"a": 1}, "dictionary"),
        (len, "function (len)"),
    ],
)
def test_describe_says_what_a_value_is(value, words):
    assert words in describe(value)


# ---- the start-here exercises, each with its right answer and wrong ones ----------------------------


def test_ex1_right_answer():
    assert start.ex1.check(len(NOW[NOW["both"]])).status == "correct"


@pytest.mark.parametrize(
    ("answer", "status", "words"),
    [
        (..., "unanswered", "replace the ... with your answer"),
        (32, "incorrect", "32 is every NATO Ally"),
        (27, "incorrect", "Four of them are not in NATO"),
        (22, "incorrect", "before Sweden joined"),
        (19, "incorrect", "too low"),
        ("23", "invalid", "Remove the quotes"),
        (None, "invalid", "Your answer is None"),
        ([], "invalid", "a single number"),
        (NOW[NOW["both"]], "invalid", "Did you forget to count"),
        (23.5, "invalid", "whole number"),
    ],
)
def test_ex1_wrong_answers(answer, status, words):
    feedback = start.ex1.check(answer)
    assert feedback.status == status and words in feedback.message


def test_ex2_right_answer_in_any_container():
    eu_only = NOW[NOW["group"] == "EU only"]["country"]
    for answer in (eu_only.tolist(), set(eu_only), tuple(eu_only), eu_only):
        assert start.ex2.check(answer).correct


@pytest.mark.parametrize(
    ("answer", "status", "words"),
    [
        (["Austria", "Malta"], "partly", "2 of the 4"),
        (["Austria", "Cyprus", "Ireland", "Malta", "Norway"], "partly", "should not be there: Norway"),
        (sorted(NOW.loc[NOW["group"] == "NATO only", "country"]), "incorrect", "Allies outside the EU"),
        ("Austria", "invalid", "one piece of text"),
        ([], "invalid", "empty"),
        (None, "invalid", "None"),
        (NOW[NOW["group"] == "EU only"], "invalid", "Pick one column"),
        (["Austria", "Austria"], "invalid", "more than once"),
        ([1, 2], "invalid", "should be a name in quotes"),
    ],
)
def test_ex2_wrong_answers(answer, status, words):
    feedback = start.ex2.check(answer)
    assert feedback.status == status and words in (feedback.message + " ".join(feedback.details))


def test_ex3_right_and_wrong():
    counts = data.membership_counts()
    assert start.ex3.check(int(counts[counts["both"] >= 23]["year"].min())).correct
    assert "Finland joined" in start.ex3.check(2023).message
    assert start.ex3.check("2024").status == "invalid"
    assert start.ex3.check(None).status == "invalid"
    assert start.ex3.check(pd.Series([2024])).status == "invalid"
    assert ".iloc[0]" in start.ex3.check(pd.Series([2024])).message


# ---- the machinery --------------------------------------------------------------------------------


def test_a_function_answer_is_called_and_its_error_explained():
    ex = Exercise("t.1", "count", kind="int", expected=3, call_with=(pd.DataFrame({"a": [1, 2, 3]}),))
    assert ex.check(lambda df: len(df)).correct
    failed = ex.check(lambda df: df["b"])
    assert failed.status == "error" and "no column or key called 'b'" in failed.message
    assert "KeyError" not in failed.message and "df.columns" in failed.details[0] and "line" in failed.message


def test_a_broken_judge_never_reaches_the_learner_as_a_traceback():
    ex = Exercise("t.2", "x", kind="any", judge=lambda answer: 1 / 0)
    feedback = ex.check(5)
    assert feedback.status == "invalid" and "could not read this answer" in feedback.message


def test_judge_verdicts():
    ex = Exercise("t.3", "x", kind="table", judge=lambda df: True if "year" in df else "Keep the year column.")
    assert ex.check(pd.DataFrame({"year": [1]})).correct
    assert ex.check(pd.DataFrame({"y": [1]})).message == "Keep the year column."
    assert ex.check(pd.DataFrame()).status == "invalid"
    assert "to_frame" in ex.check(pd.Series([1])).message


def test_number_tolerance():
    ex = Exercise("t.4", "x", kind="number", expected=1.5, tolerance=0.01)
    assert ex.check(1.505).correct
    assert "too high" in ex.check(1.6).message
    assert ex.check("1.5").status == "invalid"


def test_text_and_list_answers():
    text = Exercise("t.5", "x", kind="text", expected="Warsaw")
    assert text.check(" warsaw ").correct and not text.check("Brussels")
    assert text.check("").status == "invalid" and text.check(5).status == "invalid"
    order = Exercise("t.6", "x", kind="list", expected=["a", "b", "c"])
    assert order.check(["a", "b", "c"]).correct
    partly = order.check(["b", "a", "c"])
    assert partly.status == "partly" and "Position 1 should be 'a'" in partly.details[0]


def test_written_answers_are_noted_with_the_model_answer():
    ex = Exercise(
        "t.7", "Argue", kind="written", model_answer="Model.", rubric=("name both declarations?",), min_words=5
    )
    assert ex.check("Too short").status == "invalid"
    noted = ex.check("This answer has more than five words in it.")
    assert noted.status == "submitted" and "Model answer: Model." in noted.details
    assert ex.check(42).status == "invalid"


def test_hints_and_solution():
    ex = start.ex1
    assert ex.hint().status == "hint" and len(ex.hint().details) == len(ex.hints)
    assert ex.hint(1).message.startswith("Hint 1 of")
    assert ex.hint(99).status == "invalid" and ex.hint("one").status == "invalid"
    solution = ex.show_solution()
    assert solution.status == "solution" and "answer = len" in solution.details[0]
    assert "<details>" in ex.hint().html()


def test_hints_read_as_prose_with_code_marked_and_solutions_as_code():
    """A hint was shown in a monospace block with its backticks and broke words ("Alli-es"); it is prose now, and the
    worked solution stays a block of code."""
    from eunato.feedback import Feedback

    hints = Feedback("hint", "Two hints.", ("hint 1: For sets, `a - b` keeps what is in `a` only",), collapsed=True)
    shown = hints.html()
    assert "<code>a - b</code>" in shown and "`" not in shown and "<pre" not in shown
    solution = start.ex1.show_solution().html()
    assert "<pre" in solution and "answer = len" in solution


def test_unknown_kind_is_an_author_error():
    with pytest.raises(ValueError, match="unknown answer kind"):
        Exercise("t.8", "x", kind="integer")


def test_explain_exception():
    feedback = explain_exception(NameError("name 'membres' is not defined", name="membres"))
    assert "NameError" not in feedback.message and "spelling" in feedback.details[0]
    assert "Python does not know the name 'membres'" in feedback.message
    try:
        compile("answer = len(now[now['both']]", "<cell>", "exec")
    except SyntaxError as err:
        syntax = explain_exception(err)
    assert (
        syntax.heading == "⚠ Your code stopped" and "line 1" in syntax.message and "SyntaxError" not in syntax.message
    )


def test_friendly_errors_installs_a_handler_and_stays_out_of_strict_runs(monkeypatch):
    class Shell:
        handler = None

        def set_custom_exc(self, types, handler):
            self.types, self.handler = types, handler

    monkeypatch.delenv("EUNATO_STRICT", raising=False)
    shell = Shell()
    friendly_errors(shell)
    assert shell.types == (Exception,) and shell.handler is not None
    monkeypatch.setenv("EUNATO_STRICT", "1")
    strict = Shell()
    friendly_errors(strict)
    assert strict.handler is None


def test_friendly_errors_explains_a_syntax_error_with_its_line(monkeypatch):
    shown = []

    class Shell:
        def set_custom_exc(self, types, handler):
            pass

        def showsyntaxerror(self, filename=None, running_compiled_code=False):
            shown.append("traceback")

    monkeypatch.delenv("EUNATO_STRICT", raising=False)
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    shell = Shell()
    friendly_errors(shell)
    try:
        compile("answer = [1, 2", "<cell>", "exec")
    except SyntaxError:
        shell.showsyntaxerror()
    assert len(shown) == 1 and isinstance(shown[0], Feedback) and "line 1" in shown[0].message
