"""Exercise checkers: the learner writes ``answer = ...`` and calls ``exercise.check(answer)``.

A checker never raises. It answers with a :class:`~eunato.feedback.Feedback` that says what is right,
what is wrong and what to try next:

* ``...`` left in place            -> "not answered yet"
* ``None``                         -> did you forget to assign, or a function that returns nothing?
* the wrong type                   -> what was given, what is expected, and how to convert it
* an empty answer                  -> say so
* a known wrong value              -> the specific explanation (e.g. "that counts NATO, not both")
* a function that raises           -> the error, explained, without a traceback
* the right answer                 -> why it is right

An exercise's words (task, hints, worked solution and its steps, explanation, model answer, checklist, level,
objective) live in the ``exercises:`` section of its chapter's question file (``questions/NN_slug.yaml``); its
judging (the expected answer computed from the data, known wrong answers, a ``judge`` function) lives in the
chapter's module of ``eunato.exercises``, declared with :func:`judged` under the same id.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import normalize
from . import progress as _progress
from .feedback import Feedback

__all__ = [
    "Exercise",
    "Feedback",
    "HiddenExercise",
    "Judging",
    "describe",
    "explain_exception",
    "friendly_errors",
    "judged",
    "lazy_exercises",
]

KINDS = ("int", "number", "text", "names", "list", "table", "series", "written", "any")

_KIND_WORDS = {
    "int": "a whole number (digits, no quotes)",
    "number": "a number (digits, no quotes; a decimal point is fine)",
    "text": "a piece of text in quotes",
    "names": "a list of names, each in quotes, such as ['first name', 'second name']",
    "list": "a list in order, such as ['first', 'second']",
    "table": "a pandas DataFrame (a table)",
    "series": "a pandas Series (one column)",
    "written": "a few sentences of text in quotes",
    "any": "an answer",
}


def describe(value: Any) -> str:
    """Say in plain words what kind of thing a value is: 'the text "23"', 'a list of 4 items', ..."""
    if value is None:
        return "None (nothing)"
    if value is Ellipsis:
        return "the placeholder ..."
    if isinstance(value, (bool, np.bool_)):
        return f"the truth value {bool(value)}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, (numbers.Integral, np.integer)):
        return f"the whole number {int(value)}"
    if isinstance(value, (numbers.Real, np.floating)):
        return f"the number {float(value):g}"
    if isinstance(value, pd.DataFrame):
        return f"a table (DataFrame) with {len(value)} rows and columns {list(value.columns)}"
    if isinstance(value, pd.Series):
        return f"a column (Series) of {len(value)} value{'s' if len(value) != 1 else ''}"
    if isinstance(value, Mapping):
        return f"a dictionary with {len(value)} entries"
    if isinstance(value, (list, tuple, set, frozenset)):
        word = {list: "list", tuple: "tuple", set: "set", frozenset: "set"}[type(value)]
        return f"a {word} of {len(value)} item{'s' if len(value) != 1 else ''}"
    if callable(value):
        return f"a function ({getattr(value, '__name__', 'unnamed')})"
    return f"a value of type {type(value).__name__}"


_EXCEPTION_HINTS = {
    "NameError": "Python does not know one of the names you used. Check the spelling, and run the cells above "
    "this one first (Run > Run All Above Selected Cell).",
    "KeyError": "A column or key you asked for does not exist. Check its exact spelling; "
    "df.columns lists the column names.",
    "AttributeError": "You used a method or attribute that this kind of value does not have. "
    "Check the spelling and what kind of value you are working with.",
    "TypeError": "An operation got a kind of value it cannot work with (for example adding text to a number).",
    "ValueError": "A value had the right type but a form that could not be used.",
    "IndexError": "You asked for a position that does not exist (lists start counting at 0).",
    "ZeroDivisionError": "Something was divided by zero: check that the group you divide by is not empty.",
}


_PLAIN = {
    "NameError": "Python does not know a name you used",
    "KeyError": "there is no column or key called",
    "AttributeError": "this kind of value has no such method or attribute",
    "TypeError": "an operation got a kind of value it cannot work with",
    "ValueError": "a value could not be used",
    "IndexError": "that position does not exist",
    "ZeroDivisionError": "something was divided by zero",
    "SyntaxError": "Python cannot read this line",
    "IndentationError": "the spaces at the start of this line do not fit",
}


def _where(err: BaseException) -> str:
    """'line 3 (answer = membres)' for the learner's own line where the error happened, or ''."""
    if isinstance(err, SyntaxError):
        line, text = err.lineno, (err.text or "").strip()
    else:
        import linecache
        import traceback

        frames = [f for f in traceback.extract_tb(err.__traceback__) if "site-packages" not in f.filename]
        frames = [f for f in frames if "eunato" not in f.filename] or frames
        if not frames:
            return ""
        frame = frames[-1]
        line, text = frame.lineno, (frame.line or linecache.getline(frame.filename, frame.lineno or 0)).strip()
    if not line:
        return ""
    return f"line {line}" + (f" ({text})" if text else "")


def _plain_message(err: BaseException) -> str:
    name = type(err).__name__
    if isinstance(err, SyntaxError):
        said = (err.msg or "").strip()
        return _PLAIN.get(name, _PLAIN["SyntaxError"]) + (f": {said}" if said else "")
    if isinstance(err, KeyError):
        return f"{_PLAIN['KeyError']} {err.args[0]!r}" if err.args else _PLAIN["KeyError"]
    if isinstance(err, NameError) and getattr(err, "name", None):
        return f"Python does not know the name {err.name!r}"
    said = str(err).strip()
    lead = _PLAIN.get(name, "your code stopped")
    return lead + (f": {said}" if said else "")


def explain_exception(err: BaseException) -> Feedback:
    """A friendly Feedback for an exception raised by the learner's own code: where, and what, in plain words."""
    name = type(err).__name__
    hint = _EXCEPTION_HINTS.get(name, "Read the message, fix the line it points to, and run the cell again.")
    if isinstance(err, SyntaxError):
        hint = "Check the brackets, quotes and colons on that line, then run the cell again."
    where = _where(err)
    message = f"At {where}, " if where else ""
    text = _plain_message(err)
    return Feedback("error", message + (text if where else text[:1].upper() + text[1:]) + ".", (hint,))


@dataclass
class Exercise:
    """One exercise: its expected answer (or judge), the kind of answer, hints and a worked solution.

    expected: the right answer (for kinds int, number, text, names, list).
    judge: for answers that need more than equality: a function answer -> Feedback | bool | str
        (a string is a message for a wrong answer). It runs after the type checks.
    wrong: known wrong answers and what to say about each, e.g. {32: "That is every NATO Ally ..."}.
    tolerance: for kind 'number', how far from expected still counts as right.
    call_with: if the learner answers with a function, it is called with these arguments.
    model_answer / rubric: for kind 'written'.
    """

    id: str
    prompt: str
    kind: str = "any"
    expected: Any = None
    judge: Callable[[Any], Any] | None = None
    wrong: Mapping[Any, str] = field(default_factory=dict)
    hints: tuple[str, ...] = ()
    solution: str = ""
    explanation: str = ""
    tolerance: float = 0.0
    case_sensitive: bool = False
    call_with: tuple = ()
    model_answer: str = ""
    rubric: tuple[str, ...] = ()
    min_words: int = 25
    max_words: int = 400
    see: str | None = None
    places: int | None = None  # for kind 'number': the decimal places the task asks for
    title: str = ""
    level: str = ""
    objective: str = ""
    steps: tuple[str, ...] = ()  # the worked solution in words, step by step
    no_code: bool = False  # the task can be answered by typing a plain answer, without code

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown answer kind {self.kind!r}; use one of {KINDS}")
        if self.kind == "number" and self.places is None:
            self.places = max(0, round(-math.log10(2 * self.tolerance))) if self.tolerance > 0 else 6

    # ---- what a learner sees when typing `ex1` (never the expected value or the solution) -------------
    def __repr__(self) -> str:
        hints = f"{len(self.hints)} hint{'s' if len(self.hints) != 1 else ''}"
        return (
            f"Exercise {self.id}: {self.prompt} ({hints}; check with .check(answer), "
            "hints with .hint(), the worked solution with .show_solution())"
        )

    __str__ = __repr__

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))

    # ---- what the learner calls -----------------------------------------------------------------
    def check(self, answer: Any = Ellipsis) -> Feedback:
        """Check an answer and return feedback. Never raises."""
        try:
            return _progress.recorded(self, answer, self._check(answer))  # kept in the learner's progress file
        except Exception:  # a bug in a judge must not show the learner a traceback  # noqa: BLE001
            return Feedback(
                "invalid",
                f"The checker could not read this answer ({describe(answer)}). "
                f"Check that it is {_KIND_WORDS[self.kind]}.",
            )

    def hint(self, number: int | None = None) -> Feedback:
        """Show the hints (all of them, or hint ``number``, counting from 1)."""
        if not self.hints:
            return Feedback("hint", "There is no hint for this exercise; reread the task and the chapter.")
        if number is None:
            return Feedback(
                "hint",
                f"{len(self.hints)} hint{'s' if len(self.hints) > 1 else ''} for exercise "
                f"{self.id}, each a little more help than the one before. Open one at a time.",
                tuple(f"hint {i}: {h}" for i, h in enumerate(self.hints, 1)),
                collapsed=True,
            )
        if not isinstance(number, int) or not 1 <= number <= len(self.hints):
            return Feedback(
                "invalid", f"Exercise {self.id} has hints 1 to {len(self.hints)}; you asked for {number!r}."
            )
        return Feedback("hint", f"Hint {number} of {len(self.hints)}: {self.hints[number - 1]}")

    def show_solution(self) -> Feedback:
        """Show the worked solution (try the hints first!)."""
        lines = ("the worked solution: " + self.solution.strip(),) if self.solution else ()
        lines += tuple(f"step {i}: {step}" for i, step in enumerate(self.steps, 1))
        if self.model_answer:
            lines += ("the model answer: " + self.model_answer,)
        if not lines:
            return Feedback("solution", f"Exercise {self.id} has no worked solution here; see exercises/solutions/.")
        return Feedback(
            "solution",
            f"Exercise {self.id}. Try the hints first: you learn more by getting there yourself.",
            lines,
            see=self.see,
            collapsed=True,
        )

    # ---- how it checks ------------------------------------------------------------------------------
    def _check(self, answer: Any) -> Feedback:
        if answer is Ellipsis:
            return Feedback(
                "unanswered",
                f"Exercise {self.id}: replace the ... with your answer and run the cell "
                "again. Stuck? Run the hint cell below.",
            )
        if callable(answer) and not isinstance(answer, (pd.DataFrame, pd.Series)):
            try:
                answer = answer(*self.call_with)
            except Exception as err:  # the learner's own function failed: its error is explained, without a traceback  # noqa: BLE001
                return explain_exception(err)
            if answer is Ellipsis:
                return self._check(answer)
        if answer is None:
            return Feedback(
                "invalid",
                "Your answer is None, which means nothing was given. Did you assign "
                "the result (answer = ...)? Methods such as list.sort() change a list in place and "
                "return None.",
            )
        converted = self._convert(answer)
        if isinstance(converted, Feedback):
            return converted
        answer = converted
        if self.kind == "written":
            return self._written(answer)
        key = self._key(answer)
        if key is not None and key in self._wrong_keys():
            return Feedback("incorrect", self._wrong_keys()[key], see=self.see)
        if self.judge is not None:
            return self._from_judge(self.judge(answer))
        return self._compare(answer)

    def _name_universe(self) -> list[str]:
        names = [n for n in (self.expected or ()) if isinstance(n, str)] if self.kind == "names" else []
        for key in self.wrong:
            if isinstance(key, (set, frozenset, tuple, list)):
                names += [n for n in key if isinstance(n, str)]
        return names

    def _key(self, answer):
        try:
            if isinstance(answer, (list, tuple)):
                return tuple(answer) if self.kind == "list" else frozenset(answer)
            if isinstance(answer, str) and not self.case_sensitive:
                return normalize.name_key(answer)
            if isinstance(answer, (set, frozenset)):
                return frozenset(answer)
            hash(answer)
            return answer
        except TypeError:
            return None

    def _wrong_keys(self) -> dict:
        out = {}
        for k, v in self.wrong.items():
            if isinstance(k, (set, frozenset)):
                k = frozenset(normalize.match_names(k, self._name_universe()))
            elif isinstance(k, (int, float)) and not isinstance(k, bool) and self.kind in ("int", "number"):
                k = int(k) if self.kind == "int" else float(k)
            else:
                k = self._key(k)
            out[k] = v
        return out

    def _from_judge(self, verdict) -> Feedback:
        if isinstance(verdict, Feedback):
            return verdict
        if verdict is True:
            return Feedback("correct", self.explanation or "That is right.", see=self.see)
        if isinstance(verdict, str):
            return Feedback("incorrect", verdict, see=self.see)
        return Feedback("incorrect", "Not quite. Check your working, or run the hint cell.", see=self.see)

    def _convert(self, answer):
        kind, given = self.kind, describe(answer)
        expect = _KIND_WORDS[kind]
        if kind in ("int", "number"):
            if isinstance(answer, (bool, np.bool_)):
                return Feedback(
                    "invalid", f"You gave {given}, but the answer is {expect}: True and False are not numbers."
                )
            if isinstance(answer, str):
                tip = ""
                try:
                    float(answer.strip())
                    tip = f" Remove the quotes so Python sees a number: answer = {answer.strip()}"
                except ValueError:
                    pass
                return Feedback("invalid", f"You gave {given}, but the answer is {expect}.{tip}")
            if isinstance(answer, (pd.Series, pd.DataFrame, list, tuple, set, np.ndarray)) and not (
                isinstance(answer, np.ndarray) and answer.ndim == 0
            ):
                if hasattr(answer, "__len__") and len(answer) == 1:
                    return Feedback(
                        "invalid",
                        f"You gave {given}; give the number itself (for a Series, use .iloc[0] or .item()).",
                    )
                return Feedback(
                    "invalid",
                    f"You gave {given}, but the answer is a single number, {expect}. "
                    "Did you forget to count (len(...)) or add up (.sum())?",
                )
            number = normalize.as_number(answer)
            if number is normalize.NOT_A_NUMBER:
                return Feedback("invalid", f"You gave {given}, but the answer is {expect}.")
            if kind == "int":
                whole = normalize.whole_number(number)
                if whole is None:
                    return Feedback("invalid", f"You gave {given}, but the answer is a whole number.")
                return whole
            return number
        if kind in ("text", "written"):
            if not isinstance(answer, str):
                return Feedback("invalid", f"You gave {given}, but the answer is {expect}.")
            if not answer.strip():
                where = "between the quotes" if kind == "written" else "in quotes, such as answer = 'Warsaw'"
                return Feedback("invalid", f"Your answer is empty text; write your answer {where}.")
            return answer.strip()
        if kind in ("names", "list"):
            if isinstance(answer, str) and self.no_code and _SEPARATORS.search(answer):
                answer = [part.strip() for part in _SEPARATORS.split(answer) if part.strip()]  # typed, no code
            if isinstance(answer, str):
                if self.no_code:
                    return Feedback(
                        "invalid",
                        f"You gave {given}, one piece of text; the answer is {expect}. "
                        "Type the names separated by commas (such as 'space, climate'), or put each in its own "
                        "quotes inside square brackets.",
                    )
                return Feedback(
                    "invalid",
                    f"You gave {given}, one piece of text; the answer is {expect}. "
                    "Put each name in its own quotes inside square brackets.",
                )
            if isinstance(answer, pd.DataFrame):
                return Feedback(
                    "invalid",
                    f"You gave {given}; the answer is {expect}. Pick one column and "
                    "turn it into a list, for example df['country'].tolist().",
                )
            items = normalize.as_items(answer)
            if items is None:
                return Feedback("invalid", f"You gave {given}, but the answer is {expect}.")
            if not items:
                return Feedback("invalid", "Your answer is empty: there are no items in it. Check the filter you used.")
            if kind == "names":
                bad = [i for i in items if not isinstance(i, str)]
                if bad:
                    return Feedback("invalid", f"Every item should be a name in quotes; {describe(bad[0])} is not.")
                items = normalize.match_names(items, self._name_universe())
                if len(set(items)) != len(items):
                    dupes = sorted({i for i in items if items.count(i) > 1})
                    return Feedback(
                        "invalid",
                        "Some names appear more than once: "
                        + ", ".join(dupes)
                        + ". Each should appear once (try set(...) or .unique()).",
                    )
                return set(items)
            return items
        if kind == "table":
            if not isinstance(answer, pd.DataFrame):
                tip = " Use df[[...]] or .to_frame() to make a table." if isinstance(answer, pd.Series) else ""
                return Feedback("invalid", f"You gave {given}, but the answer is {expect}.{tip}")
            if answer.empty:
                return Feedback("invalid", "Your table is empty (no rows). Check the condition you filtered on.")
            return answer
        if kind == "series":
            if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
                return answer.iloc[:, 0]
            if not isinstance(answer, pd.Series):
                return Feedback("invalid", f"You gave {given}, but the answer is {expect}.")
            if answer.empty:
                return Feedback("invalid", "Your Series is empty. Check the condition you filtered on.")
            return answer
        return answer

    def _compare(self, answer) -> Feedback:
        expected = self.expected
        right = Feedback("correct", self.explanation or "That is right.", see=self.see)
        if self.kind == "int":
            if answer == expected:
                return right
            direction = "high" if answer > expected else "low"
            return Feedback(
                "incorrect", f"{answer} is too {direction}. Check your filter and count again.", see=self.see
            )
        if self.kind == "number":
            verdict, message = normalize.number_verdict(answer, float(expected), self.places)
            if verdict == "right" or abs(answer - float(expected)) <= self.tolerance:
                return right
            if verdict == "close":
                return Feedback("partly", message, see=self.see)
            return Feedback(
                "incorrect",
                f"{answer:g} is not it (too {'high' if answer > expected else 'low'}). "
                "Check which rows and which column you used.",
                see=self.see,
            )
        if self.kind == "text":
            same = (
                answer == expected
                if self.case_sensitive
                else normalize.name_key(answer) == normalize.name_key(expected)
            )
            return (
                right
                if same
                else Feedback("incorrect", f"{answer!r} is not the answer we are looking for.", see=self.see)
            )
        if self.kind == "names":
            want = set(expected)
            missing, extra = sorted(want - answer), sorted(answer - want)
            if not missing and not extra:
                return right
            details = []
            if missing:
                details.append(f"{len(missing)} missing (for example {missing[0]})")
            if extra:
                details.append("should not be there: " + ", ".join(extra[:5]) + (" ..." if len(extra) > 5 else ""))
            status = "partly" if answer & want else "incorrect"
            return Feedback(
                status,
                f"You have {len(answer & want)} of the {len(want)} names; " + "; ".join(details) + ".",
                see=self.see,
            )
        if self.kind == "list":
            want = list(expected)
            if answer == want:
                return right
            if sorted(map(str, answer)) == sorted(map(str, want)):
                first = next(i for i, (a, b) in enumerate(zip(answer, want, strict=True)) if a != b)
                return Feedback(
                    "partly",
                    "You have the right items but not in the right order.",
                    (f"Position {first + 1} should be {want[first]!r}, not {answer[first]!r}.",),
                    see=self.see,
                )
            return Feedback(
                "incorrect",
                f"Your list has {len(answer)} items; the answer has {len(want)}. Check which items you kept.",
                see=self.see,
            )
        if expected is not None:
            return right if answer == expected else Feedback("incorrect", "Not quite.", see=self.see)
        return Feedback("invalid", "This exercise has no expected answer or judge set up (a course bug).")

    def _written(self, text: str) -> Feedback:
        words = _real_words(text)
        if words < self.min_words:
            return Feedback(
                "invalid",
                f"Your answer has {words} words that count (repeated or filler words do not); write at least "
                f"{self.min_words} so that you make an argument, then check again.",
            )
        if words > self.max_words:
            return Feedback(
                "invalid",
                f"Your answer has {words} words; keep it to {self.max_words} at most: say the strongest points "
                "and cut the rest.",
            )
        details = tuple(f"Does your answer {point}" for point in self.rubric)
        if self.model_answer:
            details += ("Model answer: " + self.model_answer,)
        return Feedback(
            "submitted",
            f"Thank you: {words} words noted. Written answers are not marked automatically; "
            "compare yours with what a good answer covers:",
            details,
            see=self.see,
        )


_SEPARATORS = re.compile(r"\s*(?:[,;\n]|\band\b)\s*")  # a list typed as plain text: 'a, b and c'

_FILLER = {"blah", "bla", "etc", "lorem", "ipsum", "dolor", "foo", "bar", "xxx", "asdf", "test", "word", "words"}


def _real_words(text: str) -> int:
    """Words that count: filler (blah, lorem ipsum, xxx) does not, and a word repeated three times in a row
    counts once; when one word makes up more than a third of a long text, its extra uses do not count."""
    words = [w.strip(".,;:!?()[]'\"").casefold() for w in text.split()]
    words = [w for w in words if w and w not in _FILLER and any(c.isalpha() or c.isdigit() for c in w)]
    kept: list[str] = []
    for w in words:
        if len(kept) >= 2 and kept[-1] == w and kept[-2] == w:
            continue
        kept.append(w)
    if len(kept) >= 20:
        from collections import Counter

        limit = max(4, len(kept) // 8)
        counts = Counter(kept)
        over = sum(n - limit for n in counts.values() if n > limit)
        return len(kept) - over
    return len(kept)


class UnavailableExercise(Exercise):
    """Stands in for an exercise whose expected answer cannot be computed (the course data is damaged)."""

    def __init__(self, id: str, problem: str):
        super().__init__(id, "(this exercise cannot be checked: the course data could not be read)")
        self.problem = problem

    def _message(self) -> Feedback:
        if ".yaml" in self.problem:  # a question file's exercises section is broken: the message names it
            return Feedback(
                "invalid",
                f"Exercise {self.id} cannot be shown because a question file has a problem: {self.problem} "
                "Ask your teacher to correct the file (see questions/README.md), then restart the kernel.",
            )
        return Feedback(
            "invalid",
            f"Exercise {self.id} cannot be checked because the course data could not be read: {self.problem} "
            "Ask your teacher, or restore the data folder (git checkout data/), then restart the kernel.",
        )

    def check(self, answer: Any = Ellipsis) -> Feedback:
        return self._message()

    def hint(self, number: int | None = None) -> Feedback:
        return self._message()

    def show_solution(self) -> Feedback:
        return self._message()


class HiddenExercise(UnavailableExercise):
    """Stands in for an exercise a teacher has hidden (``hidden: true`` in a question file)."""

    def __init__(self, id: str, title: str = ""):
        Exercise.__init__(self, id, "(hidden for this class)")
        self.title = title

    def _message(self) -> Feedback:
        return Feedback("hint", f"Exercise {self.id} is hidden for this class: skip it and go on to the next one.")


@dataclass
class Judging:
    """How one exercise is judged (the Python half of an exercise; its words are in the question file).

    ``values`` fill the ``{placeholders}`` of the exercise's text in the file; ``kwargs`` are the judging
    arguments of :class:`Exercise` (expected, judge, wrong, tolerance, places, call_with, case_sensitive).
    """

    id: str
    values: dict
    kwargs: dict

    def __repr__(self) -> str:
        return f"Judging({self.id})"


def judged(id: str, *, values: Mapping | None = None, **kwargs) -> Judging:
    """Declare how exercise ``id`` is judged; its text comes from the chapter's question file."""
    allowed = {"expected", "judge", "wrong", "tolerance", "places", "call_with", "case_sensitive"}
    unknown = sorted(set(kwargs) - allowed)
    if unknown:
        raise TypeError(f"judged({id!r}): {unknown[0]!r} belongs in the question file, not in the judging")
    return Judging(id, dict(values or {}), kwargs)


def from_file(chapter: str, found: dict, aliases: Mapping[str, tuple[str, str]] | None = None) -> dict:
    """Replace every :class:`Judging` in ``found`` by the Exercise built from the chapter's question file."""
    from . import bank

    specs = bank.exercise_specs(chapter)
    judgings = {name: j for name, j in found.items() if isinstance(j, Judging)}
    by_id = {j.id: name for name, j in judgings.items()}
    for eid, spec in specs.items():
        if eid not in by_id:
            bank._efail(spec.file, eid, "id", f"has no judging in eunato.exercises.{chapter} (judged({eid!r}, ...))")
    for name, j in judgings.items():
        if j.id not in specs:
            raise bank.BankError(f"eunato.exercises.{chapter}: exercise {j.id} is not in the question file's exercises")
        found[name] = bank.build_exercise(specs[j.id], j.kwargs, j.values)
    for alias, (name, attribute) in (aliases or {}).items():
        found[alias] = getattr(found[name], attribute)
    return found


def lazy_exercises(
    module_name: str,
    build: Callable[[], dict],
    chapter: str | None = None,
    aliases: Mapping[str, tuple[str, str]] | None = None,
):
    """(__getattr__, __dir__) for an exercise module whose names are computed by ``build()`` on first use.

    The course data is read only when a learner first touches an exercise, not at import; when it cannot
    be read, each ``exN`` becomes an :class:`UnavailableExercise` that says why, in one sentence. With
    ``chapter`` (a slug), each :class:`Judging` that ``build()`` returns becomes the Exercise of that id,
    its words taken from the chapter's question file; ``aliases`` name attributes of those exercises
    (``{"MODEL_ANSWER": ("ex6", "model_answer")}``).
    """
    state: dict[str, Any] = {}

    def names() -> dict:
        if "names" not in state:
            try:
                found = {k: v for k, v in build().items() if not k.startswith("__")}
                state["names"] = from_file(chapter, found, aliases) if chapter else found
            except Exception as err:  # a damaged CSV or question file: a message at check time, no traceback  # noqa: BLE001
                state["error"] = str(err)
                state["names"] = {}
        return state["names"]

    def __getattr__(name: str):
        found = names()
        if name in found:
            return found[name]
        if "error" in state and name.startswith("ex") and name[2:].isdigit():
            chapter = module_name.rsplit(".", 1)[-1]
            return UnavailableExercise(f"{chapter} {name[2:]}", state["error"])
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")

    def __dir__():
        return sorted(set(names()) | {"__name__", "__doc__"})

    return __getattr__, __dir__


def friendly_errors(shell=None) -> None:
    """In an exercise notebook: show a short, friendly explanation instead of a long traceback.

    Not installed when the environment variable EUNATO_STRICT is set (the tests and the notebook
    re-execution set it), so that a broken notebook still fails loudly there.
    """
    import os

    if os.environ.get("EUNATO_STRICT"):
        return
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return
        shell = get_ipython()
    if shell is None:
        return

    def handler(self, etype, value, tb, tb_offset=None):
        from IPython.display import display

        display(explain_exception(value))

    shell.set_custom_exc((Exception,), handler)

    # a syntax error never reaches the handler above: IPython shows it before the cell runs
    original = getattr(shell, "showsyntaxerror", None)
    if original is None:
        return

    def show_syntax_error(filename=None, running_compiled_code=False):
        import sys

        from IPython.display import display

        err = sys.exc_info()[1] or getattr(sys, "last_value", None)
        if isinstance(err, SyntaxError):
            display(explain_exception(err))
            return None
        return original(filename, running_compiled_code)

    shell.showsyntaxerror = show_syntax_error
