"""Self-check questions that answer at once.

Seven kinds: :class:`SingleChoice`, :class:`MultipleChoice`, :class:`NumberQuestion`,
:class:`DateQuestion`, :class:`OrderQuestion` (put events in order), :class:`SortQuestion`
(put each item in its group) and :class:`OpenQuestion` (a short written answer the learner assesses
against a model answer and a checklist; nothing is graded). Each has

* ``grade(response)``: a pure function from the learner's response to a Feedback (unit-tested);
* ``widget()``: ipywidgets controls, a Check button and a feedback area; the learner may try again;
* a plain-text fallback (``repr``, ``str``, ``text()``) that states the question and its options and never
  the answer, and an HTML fallback that tucks the answer away behind a "Show the answer" element.

Notebooks do not build questions: they call ``quiz("NN.id")`` (``eunato.bank``), which builds them from the
chapter's question file; ``id`` is then the item's stable id.

Put a question as the last line of a cell to show it. Wrong answers teach: every option can carry
its own explanation, and every answer points to where the chapter explains it (``see=``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import math
import random
import re
from collections.abc import Mapping, Sequence
from itertools import pairwise

from . import normalize
from . import progress as _progress
from .display import WIDGET_VIEW, widget_bundle  # noqa: F401  (WIDGET_VIEW: kept importable from here)
from .feedback import Feedback, inline_html, plain

__all__ = [
    "DateQuestion",
    "MultipleChoice",
    "NumberQuestion",
    "OpenQuestion",
    "OrderQuestion",
    "SingleChoice",
    "SortQuestion",
]


# Long option labels wrap inside their own line (ipywidgets gives each radio and check box label one line of fixed
# height and no wrapping, so a long label ran over the next one and hid its own button).
FORM_CSS = (
    "<style>"
    ".eunato-question .widget-radio-box label,.eunato-question .widget-checkbox label{display:flex;flex-wrap:nowrap;"
    "white-space:normal;height:auto;min-height:var(--jp-widgets-inline-height,28px);line-height:1.35;"
    "align-items:flex-start;gap:0.3em;padding:0.15em 0;overflow:visible}"
    ".eunato-question .widget-radio-box input,.eunato-question .widget-checkbox input{order:-1;flex-shrink:0;"
    "margin-top:0.25em}"
    ".eunato-question .widget-checkbox{height:auto}"
    "</style>"
)


def _check_button_and_feedback(description: str, tooltip: str):
    """The primary button of a question's form and the area its feedback is written into (the classes the
    browser tests and the HTML edition look for)."""
    import ipywidgets as w

    button = w.Button(description=description, button_style="primary", tooltip=tooltip, layout=w.Layout(width="auto"))
    button.add_class("eunato-check")
    feedback = w.HTML("")
    feedback.add_class("eunato-feedback-area")
    return button, feedback


class Question:
    kind = "question"
    id: str | None = None  # the bank's stable item id ("02.cbrn-first-named"), set by eunato.bank
    run_hint = "(Run this notebook in Jupyter to answer here and get feedback at once.)"

    def __init__(self, prompt: str, *, explanation: str, see: str | None = None):
        if not prompt or not explanation:
            raise ValueError("a question needs a prompt and an explanation")
        self.prompt, self.explanation, self.see = prompt, explanation, see
        self.last: Feedback | None = None
        self._live: dict = {}  # the parts of the form widget() built last: its controls and its button

    # --- to be provided by each kind ---
    def grade(self, response) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def answer_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _controls(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _response(self, controls):  # pragma: no cover - abstract
        raise NotImplementedError

    def choices_text(self) -> list[str]:
        return []

    # --- shared ---
    def submit(self, response) -> Feedback:
        """Grade a response and remember it (what the Check button does)."""
        self.last = self.grade(response)
        _progress.record(self, response, self.last)  # the learner's progress file; never raises
        return self.last

    def _right(self, extra: str = "") -> Feedback:
        return Feedback("correct", (extra + " " if extra else "") + self.explanation, see=self.see)

    def text(self) -> str:
        """What a learner may see in plain text: the question and its options, never the answer."""
        lines = [f"Self-check ({self.kind}): {self.prompt}"]
        lines += [f"  {c}" for c in self.choices_text()]
        lines.append(self.run_hint)
        return "\n".join(lines)

    __str__ = text

    def __repr__(self) -> str:
        return self.text()

    def _answer_html(self) -> str:
        see = f" <em>See: {html.escape(self.see)}</em>" if self.see else ""
        return f"<p>{html.escape(self.answer_text().rstrip('.'))}. {html.escape(self.explanation)}{see}</p>"

    def html(self) -> str:
        choices = "".join(f"<li>{inline_html(c)}</li>" for c in self.choices_text())
        choices = f"<ul>{choices}</ul>" if choices else ""
        return (
            f"<div class='eunato-question-static' style='border:1px solid #B0B0B0;padding:0.5em 0.8em;"
            f"border-radius:4px'><strong>Self-check:</strong> {inline_html(self.prompt)}{choices}"
            f"<p><em>{html.escape(self.run_hint.strip('()'))}</em></p>"
            f"<details><summary>Show the answer</summary>{self._answer_html()}</details></div>"
        )

    def widget(self):
        """The interactive form: prompt, controls, a Check button and the feedback area."""
        import ipywidgets as w

        controls, box = self._controls()
        prompt = w.HTML(f"{FORM_CSS}<strong>Self-check:</strong> {inline_html(self.prompt)}")
        button, feedback = _check_button_and_feedback(
            "Check my answer", "Check your answer (you can change it and check again)"
        )

        def on_click(_):
            result = self.submit(self._response(controls))
            feedback.value = result.html()

        button.on_click(on_click)
        form = w.VBox(
            [prompt, box, button, feedback],
            layout=w.Layout(border="1px solid #B0B0B0", padding="0.5em 0.8em", margin="0.5em 0"),
        )
        form.add_class("eunato-question")
        self._live = {"controls": controls, "button": button}
        return form

    @property
    def control_widgets(self):
        """The live answer controls of the form ``widget()`` built last (a widget or a list of them), else None."""
        return self._live.get("controls")

    @property
    def check_button(self):
        """The live Check button of the form ``widget()`` built last, else None (``check_button.click()`` checks)."""
        return self._live.get("button")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return widget_bundle(self.widget, self.text(), self.html())


def _stable_shuffle(items: Sequence, key: str) -> list:
    """The same 'random' order every run (so saved outputs do not change), never the answer order."""
    items = list(items)
    rng = random.Random(int(hashlib.sha256(key.encode()).hexdigest(), 16))
    shuffled = items[:]
    for _ in range(10):
        rng.shuffle(shuffled)
        if shuffled != items or len(items) < 2:
            break
    return shuffled


class SingleChoice(Question):
    """One right option. ``feedback`` maps options to what to say when a learner picks them."""

    kind = "single choice"

    def __init__(
        self,
        prompt,
        options: Sequence[str],
        answer: str,
        *,
        explanation: str,
        feedback: Mapping[str, str] | None = None,
        see: str | None = None,
    ):
        super().__init__(prompt, explanation=explanation, see=see)
        self.options = _stable_shuffle(options, "options: " + str(prompt))  # the files list the answer first
        if answer not in self.options:
            raise ValueError(f"the answer {answer!r} is not one of the options")
        if len(set(self.options)) != len(self.options):
            raise ValueError("options must be different from each other")
        self.answer, self.feedback = answer, dict(feedback or {})
        unknown = set(self.feedback) - set(self.options)
        if unknown:
            raise ValueError(f"feedback given for options that do not exist: {sorted(unknown)}")

    def choices_text(self):
        return [f"({chr(97 + i)}) {o}" for i, o in enumerate(self.options)]

    def answer_text(self):
        return self.answer

    def grade(self, response) -> Feedback:
        if response is None or (isinstance(response, str) and not response.strip()):
            return Feedback("unanswered", "Pick one option, then check.")
        if not isinstance(response, (str, bool)) and str(response) in self.options:  # 23 for the option "23"
            response = str(response)
        if isinstance(response, str):  # case, spaces, accents and quotes do not matter
            same = [o for o in self.options if normalize.name_key(o) == normalize.name_key(response)]
            letter = re.fullmatch(r"\(?([a-z])[).]?", response.strip().lower())
            if not same and letter and ord(letter.group(1)) - 97 < len(self.options):  # "(c)" as printed
                same = [self.options[ord(letter.group(1)) - 97]]
            response = same[0] if len(same) == 1 else response
        if response not in self.options:
            return Feedback("invalid", f"{response!r} is not one of the options.")
        if response == self.answer:
            return self._right()
        why = self.feedback.get(response, "That is not it.")
        return Feedback("incorrect", f"{why} Try again.", see=self.see)

    def _controls(self):
        import ipywidgets as w

        radio = w.RadioButtons(
            options=[(plain(o), o) for o in self.options],
            value=None,
            layout=w.Layout(width="auto"),
            description="",
            style={"description_width": "0px"},
        )
        return radio, radio

    def _response(self, controls):
        return controls.value


class MultipleChoice(Question):
    """Several right options; feedback says which picks are right, missing or wrong."""

    kind = "multiple choice"

    def __init__(
        self,
        prompt,
        options: Sequence[str],
        answers: Sequence[str],
        *,
        explanation: str,
        feedback: Mapping[str, str] | None = None,
        see: str | None = None,
    ):
        super().__init__(prompt, explanation=explanation, see=see)
        self.options, self.answers = _stable_shuffle(options, "options: " + str(prompt)), set(answers)
        if not self.answers or not self.answers <= set(self.options):
            raise ValueError("answers must be a non-empty subset of the options")
        self.feedback = dict(feedback or {})

    def choices_text(self):
        return [f"[ ] {o}" for o in self.options]

    def answer_text(self):
        return "; ".join(o for o in self.options if o in self.answers)

    def grade(self, response) -> Feedback:
        if response is None:
            return Feedback("unanswered", "Tick every option you think is right, then check.")
        if isinstance(response, str):
            if not response.strip():
                return Feedback("unanswered", "Tick every option you think is right, then check.")
            parts = [p for p in response.split(",") if p.strip()]
            whole = self._option(response) in self.options
            response = list(parts) if not whole and all(self._option(p) in self.options for p in parts) else [response]
        try:  # any container; case, spaces, accents and quotes do not matter
            picked = {self._option(r) for r in response}
        except TypeError:
            return Feedback("invalid", "Give the options you pick as a list of texts, such as the ones shown above.")
        if not picked:
            return Feedback("unanswered", "Tick every option you think is right, then check.")
        unknown = picked - set(self.options)
        if unknown:
            return Feedback("invalid", f"Not among the options: {', '.join(sorted(map(str, unknown)))}.")
        if picked == self.answers:
            return self._right()
        details = [self.feedback.get(o, f"'{o}' is not right.") for o in self.options if o in picked - self.answers]
        missed = len(self.answers - picked)
        if missed:
            details.append(f"You missed {missed} right option{'s' if missed > 1 else ''}.")
        status = "partly" if picked & self.answers else "incorrect"
        return Feedback(
            status,
            f"{len(picked & self.answers)} of your {len(picked)} picks {'is' if len(picked & self.answers) == 1 else 'are'}"
            " right. Try again.",
            tuple(details),
            see=self.see,
        )

    def _option(self, value):
        """The option a learner's text names (ignoring case, spaces, accents and quotes), else the value itself."""
        if isinstance(value, str):
            same = [o for o in self.options if normalize.name_key(o) == normalize.name_key(value)]
            return same[0] if len(same) == 1 else value
        return value

    def _controls(self):
        import ipywidgets as w

        boxes = [
            w.Checkbox(value=False, description=plain(o), indent=False, layout=w.Layout(width="auto"))
            for o in self.options
        ]
        return boxes, w.VBox(boxes)

    def _response(self, controls):
        return [o for o, b in zip(self.options, controls, strict=True) if b.value]


def _parse_number(response) -> float | None:
    """The number a learner typed: '23', '2.5', '2,5' (a decimal comma), '1,234' and '1,234.5' (thousands), '3%'.
    None for anything else, including 'nan' and 'inf'."""
    if isinstance(response, bool):
        return None
    if isinstance(response, (int, float)):
        value = float(response)
    else:
        text = str(response).strip().replace("%", "").replace(" ", "")
        if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text):  # 1,234 or 1,234.5: thousands
            text = text.replace(",", "")
        elif re.fullmatch(r"[-+]?\d+,\d+", text):  # 2,5: a decimal comma
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def _shown(value: float) -> str:
    """A number as the learner gave it: '12' for 12.0, and 12.0000001 in full rather than rounded to '12'."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def example_not(answer, candidates) -> str:
    """The first of ``candidates`` that is not the answer: a format's example must never be the answer itself."""
    return next(str(c) for c in candidates if str(c) != str(answer))


class NumberQuestion(Question):
    """A number, within ``tolerance``. ``feedback`` maps common wrong numbers to what they mean."""

    kind = "number"

    def __init__(
        self,
        prompt,
        answer: float,
        *,
        explanation: str,
        tolerance: float = 0,
        unit: str = "",
        feedback: Mapping[float, str] | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        see: str | None = None,
    ):
        super().__init__(prompt, explanation=explanation, see=see)
        self.answer, self.tolerance, self.unit = answer, tolerance, unit
        self.feedback = {float(k): v for k, v in (feedback or {}).items()}
        self.minimum, self.maximum = minimum, maximum

    def answer_text(self):
        return f"{self.answer:g}{(' ' + self.unit) if self.unit else ''}"

    def grade(self, response) -> Feedback:
        if response is None or str(response).strip() == "":
            return Feedback("unanswered", "Type a number, then check.")
        value = _parse_number(response)
        if value is None:
            example = example_not(f"{self.answer:g}", (7, 15))
            return Feedback("invalid", f"'{response}' is not a number. Type it in digits, such as {example}.")
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            if low is None:
                return Feedback("invalid", f"{_shown(value)} is above the largest possible answer, {high:g}.")
            if high is None:
                return Feedback("invalid", f"{_shown(value)} is below the smallest possible answer, {low:g}.")
            return Feedback("invalid", f"{_shown(value)} is outside the possible range ({low:g} to {high:g}).")
        if abs(value - self.answer) <= self.tolerance:
            return self._right()
        for wrong, why in self.feedback.items():
            if abs(value - wrong) <= self.tolerance:
                return Feedback("incorrect", f"{why} Try again.", see=self.see)
        direction = "high" if value > self.answer else "low"
        return Feedback("incorrect", f"{_shown(value)} is too {direction}. Try again.", see=self.see)

    def _controls(self):
        import ipywidgets as w

        box = w.Text(
            value="", placeholder="type a number", description=self.unit or "Answer", layout=w.Layout(width="18em")
        )
        return box, box

    def _response(self, controls):
        return controls.value


_DATE_FORMS = {
    "year": (r"\d{4}", "YYYY"),
    "month": (r"\d{4}-\d{2}", "YYYY-MM"),
    "day": (r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD"),
}
# examples of each form, none a date the course asks about (example_not takes the other one if it ever is)
_DATE_EXAMPLES = {"year": ("1990", "2012"), "month": ("1990-05", "2012-10"), "day": ("1990-05-20", "2012-10-25")}


class DateQuestion(Question):
    """A date to a given precision (year, month or day). Near misses are told how far off they are."""

    kind = "date"

    def __init__(
        self,
        prompt,
        answer: str,
        *,
        explanation: str,
        precision: str = "year",
        feedback: Mapping[str, str] | None = None,
        see: str | None = None,
    ):
        super().__init__(prompt, explanation=explanation, see=see)
        if precision not in _DATE_FORMS:
            raise ValueError(f"precision must be one of {list(_DATE_FORMS)}")
        pattern, _ = _DATE_FORMS[precision]
        if not re.fullmatch(pattern, str(answer)):
            raise ValueError(f"answer {answer!r} does not match the precision {precision!r}")
        self.answer, self.precision, self.feedback = str(answer), precision, dict(feedback or {})

    def answer_text(self):
        return self.answer

    def form(self) -> str:
        """The form to type, with an example that is not the answer: 'YYYY-MM-DD, such as 1990-05-20'."""
        return f"{_DATE_FORMS[self.precision][1]}, such as {example_not(self.answer, _DATE_EXAMPLES[self.precision])}"

    def _as_date(self, text: str) -> dt.date:
        parts = [int(p) for p in text.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    def _in_form(self, response) -> str:
        """The response written in the question's form (YYYY, YYYY-MM or YYYY-MM-DD) where it can be read as a
        date: a date, Timestamp or datetime64, or text such as '8 July 2016' or '08/07/2016' (day first, as in
        Europe); a month without its day ('March 2003') where the question asks for a year or a month. Digits
        joined by dashes count only in the asked form. Anything else comes back as typed."""
        pattern, _ = _DATE_FORMS[self.precision]
        text = str(response).strip()
        iso = re.fullmatch(r"\d{4}-\d{1,2}(-\d{1,2})?", text)  # year first: unambiguous, read in any precision
        if isinstance(response, str) and (re.fullmatch(pattern, text) or (re.fullmatch(r"[\d\s-]+", text) and not iso)):
            return text
        stamp = normalize.as_date(response)
        if stamp is None and self.precision != "day":
            stamp = normalize.as_month(response)
        if stamp is None:
            return text
        return stamp.strftime({"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}[self.precision])

    def grade(self, response) -> Feedback:
        if response is None or str(response).strip() == "":
            return Feedback("unanswered", f"Type a date as {self.form()}, then check.")
        text = self._in_form(response)
        pattern, _ = _DATE_FORMS[self.precision]
        if not re.fullmatch(pattern, text):
            return Feedback("invalid", f"'{text}' is not in the form {self.form()}.")
        try:
            given = self._as_date(text)
        except ValueError:
            return Feedback("invalid", f"'{text}' is not a real date.")
        if text == self.answer:
            return self._right()
        if text in self.feedback:
            return Feedback("incorrect", f"{self.feedback[text]} Try again.", see=self.see)
        wanted = self._as_date(self.answer)
        years = abs(given.year - wanted.year)
        if self.precision == "year":
            how = f"{years} year{'s' if years != 1 else ''} too {'late' if given > wanted else 'early'}"
        else:
            how = "too late" if given > wanted else "too early"
            if years == 0:
                how = "the right year, but " + how
        return Feedback("incorrect", f"{text} is {how}. Try again.", see=self.see)

    def _controls(self):
        import ipywidgets as w

        box = w.Text(value="", placeholder=self.form(), description="Date", layout=w.Layout(width="20em"))
        return box, box

    def _response(self, controls):
        return controls.value


class OrderQuestion(Question):
    """Put items in order. ``items`` are given in the right order; learners see them shuffled."""

    kind = "order"

    def __init__(self, prompt, items: Sequence[str], *, explanation: str, see: str | None = None):
        super().__init__(prompt, explanation=explanation, see=see)
        self.items = list(items)
        if len(self.items) < 3 or len(set(self.items)) != len(self.items):
            raise ValueError("an order question needs at least three different items")
        self.shown = _stable_shuffle(self.items, prompt)

    def choices_text(self):
        return [f"- {i}" for i in self.shown]

    def answer_text(self):
        return " → ".join(self.items)

    def grade(self, response) -> Feedback:
        if response is None:
            return Feedback("unanswered", "Give each item a position, then check.")
        response = normalize.as_items(response)
        if response is None:
            return Feedback("invalid", "Give the items as a list, earliest first, such as " + repr(self.shown) + ".")
        by_key = {normalize.name_key(i): i for i in self.items}
        # an item written with other case or spacing is that item; anything that is not text stays as it is
        response = [by_key.get(normalize.name_key(r), r) if isinstance(r, str) else r for r in response]
        if any(r is None or (isinstance(r, str) and not r.strip()) for r in response) or len(response) < len(
            self.items
        ):
            return Feedback("unanswered", "Give every item a position, then check.")
        keys = [r if isinstance(r, str) else repr(r) for r in response]  # text and numbers cannot be sorted together
        if sorted(keys) != sorted(self.items) or keys != response:
            if len(set(keys)) < len(keys):
                return Feedback("invalid", "Two items have the same position: give each a different one.")
            unknown = [k for k in keys if k not in self.items]
            if unknown:
                return Feedback(
                    "invalid", f"{unknown[0]!r} is not one of the items to put in order: give each item once."
                )
            return Feedback("invalid", "The list must hold each item once.")
        if response == self.items:
            return self._right()
        placed = sum(a == b for a, b in zip(response, self.items, strict=True))
        details = []
        for earlier, later in pairwise(self.items):
            if response.index(earlier) > response.index(later):
                details.append(f"'{earlier}' came before '{later}'.")
        return Feedback(
            "partly" if placed else "incorrect",
            f"{placed} of {len(self.items)} are in the right place. Try again.",
            tuple(details[:3]),
            see=self.see,
        )

    def _controls(self):
        import ipywidgets as w

        n = len(self.items)
        rows, drops = [], []
        for item in self.shown:
            drop = w.Dropdown(
                options=[("–", None)] + [(str(i), i) for i in range(1, n + 1)],
                value=None,
                description="",
                layout=w.Layout(width="5em"),
            )
            drop.add_class("eunato-order-position")
            drops.append(drop)
            rows.append(w.HBox([drop, w.Label(item)]))
        hint = w.HTML("<em>Give each item its position, 1 = earliest.</em>")
        return drops, w.VBox([hint, *rows])

    def _response(self, controls):
        positions = [d.value for d in controls]
        if any(p is None for p in positions):
            return [None] * len(positions)
        if len(set(positions)) < len(positions):
            return [*self.shown, self.shown[0]]  # graded as "same position twice"
        return [item for _, item in sorted(zip(positions, self.shown, strict=True))]

    def grade_positions(self, positions: Mapping[str, int]) -> Feedback:
        """Grade {item: position} as the learner sets it in the widget."""
        if len(set(positions.values())) < len(positions):
            return Feedback("invalid", "Two items have the same position: give each a different one.")
        return self.grade([item for item, _ in sorted(positions.items(), key=lambda kv: kv[1])])


class SortQuestion(Question):
    """Sort each item into one of several groups; feedback on every item."""

    kind = "sorting"

    def __init__(
        self,
        prompt,
        answers: Mapping[str, str],
        groups: Sequence[str],
        *,
        explanation: str,
        feedback: Mapping[str, str] | None = None,
        see: str | None = None,
    ):
        super().__init__(prompt, explanation=explanation, see=see)
        self.answers, self.groups = dict(answers), list(groups)
        if not set(self.answers.values()) <= set(self.groups):
            raise ValueError("every answer must be one of the groups")
        self.feedback = dict(feedback or {})
        self.shown = _stable_shuffle(list(self.answers), prompt)

    def choices_text(self):
        return [f"- {i}  →  ({' / '.join(self.groups)})" for i in self.shown]

    def answer_text(self):
        return "; ".join(f"{i}: {g}" for i, g in self.answers.items())

    def grade(self, response) -> Feedback:
        if hasattr(response, "to_dict") and not isinstance(response, Mapping):  # a Series: {item: group}
            response = response.to_dict()
            if isinstance(next(iter(response.values()), None), Mapping):  # a table is not an answer
                response = list(response)
        if response is None or (isinstance(response, (Mapping, list, tuple, str)) and not response):
            return Feedback("unanswered", "Put each item in a group, then check.")
        if not isinstance(response, Mapping):
            return Feedback("invalid", "Give a group for each item, as {item: group}.")
        if (
            response
            and all(self._named(k, self.groups) in self.groups for k in response)
            and all(isinstance(v, (list, tuple, set)) for v in response.values())
        ):  # written the other way round, {group: [items]}: read it as {item: group}
            response = {item: group for group, items in response.items() for item in items}
        response = {self._named(k, self.answers): self._named(v, self.groups) for k, v in response.items()}
        unknown = [k for k in response if k not in self.answers]
        if unknown:
            shown = ", ".join(repr(k) for k in unknown[:3])
            return Feedback("invalid", f"{shown} {'is' if len(unknown) == 1 else 'are'} not among the items to sort.")
        missing = [i for i in self.answers if response.get(i) in (None, "")]
        if len(missing) == len(self.answers):
            return Feedback("unanswered", "Put each item in a group, then check.")
        details, right = [], 0
        for item, group in self.answers.items():
            picked = response.get(item)
            if picked in (None, ""):
                details.append(f"'{item}': no group chosen yet.")
            elif picked == group:
                right += 1
            else:
                why = self.feedback.get(item, f"it belongs under {group}.")
                details.append(f"'{item}' is not '{picked}': {why}")
        if right == len(self.answers):
            return self._right()
        todo = " Give a group for each item, then check again." if missing else " Try again."
        return Feedback(
            "partly" if right else "incorrect",
            f"{right} of {len(self.answers)} are in the right group.{todo}",
            tuple(details),
            see=self.see,
        )

    @staticmethod
    def _named(value, names):
        """The item or group a learner's text names (ignoring case, spaces, accents and quotes), else the value."""
        if isinstance(value, str):
            same = [n for n in names if normalize.name_key(n) == normalize.name_key(value)]
            return same[0] if len(same) == 1 else value
        return value

    def _controls(self):
        import ipywidgets as w

        drops, rows = {}, []
        for item in self.shown:
            drop = w.Dropdown(
                options=[("choose…", None)] + [(g, g) for g in self.groups],
                value=None,
                layout=w.Layout(width="auto", min_width="10em"),
            )
            drop.add_class("eunato-sort-group")
            drops[item] = drop
            rows.append(w.HBox([drop, w.Label(item)]))
        return drops, w.VBox(rows)

    def _response(self, controls):
        return {item: d.value for item, d in controls.items()}


class OpenQuestion(Question):
    """A short written answer. The learner writes, then reveals a model answer and a checklist to assess
    themselves: nothing is graded automatically (the feedback status is 'submitted')."""

    kind = "written answer"
    run_hint = "(Run this notebook in Jupyter to write your answer here, then compare it with a model answer.)"

    def __init__(
        self,
        prompt,
        model_answer: str,
        checklist: Sequence[str],
        *,
        explanation: str = "Compare your answer with the model answer and tick what it covers.",
        see: str | None = None,
    ):
        super().__init__(prompt, explanation=explanation, see=see)
        self.model_answer, self.checklist = str(model_answer).strip(), [str(c) for c in checklist]
        if not self.model_answer or not self.checklist:
            raise ValueError("an open question needs a model answer and a checklist")

    def answer_text(self):
        return self.model_answer

    def grade(self, response) -> Feedback:
        if response is None or not str(response).strip():
            return Feedback("unanswered", "Write your answer first, then compare it with the model answer.")
        words = len(str(response).split())
        return Feedback(
            "submitted",
            f"Your answer ({words} word{'s' if words != 1 else ''}) is noted. Compare it with the model answer: "
            "does it cover each point of the checklist?",
            ("Model answer: " + self.model_answer, *tuple(f"Checklist: {c}" for c in self.checklist)),
            see=self.see,
        )

    def _answer_html(self) -> str:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in self.checklist)
        see = f"<p><em>See: {html.escape(self.see)}</em></p>" if self.see else ""
        return (
            f"<p><strong>Model answer:</strong> {html.escape(self.model_answer)}</p>"
            f"<p><strong>A good answer:</strong></p><ul>{items}</ul>{see}"
        )

    def _controls(self):
        import ipywidgets as w

        box = w.Textarea(value="", placeholder="Write your answer here", layout=w.Layout(width="100%", height="7em"))
        return box, box

    def _response(self, controls):
        return controls.value

    def widget(self):
        """A text area, a button that reveals the model answer and the checklist, and one tick box per point."""
        import ipywidgets as w

        box, _ = self._controls()
        prompt = w.HTML(f"{FORM_CSS}<strong>Write your answer:</strong> {inline_html(self.prompt)}")
        button, feedback = _check_button_and_feedback(
            "Show the model answer", "Reveal a model answer and a checklist to assess your own answer"
        )
        ticks = [
            w.Checkbox(value=False, description=c, indent=False, layout=w.Layout(width="auto")) for c in self.checklist
        ]
        ticks_box = w.VBox([w.HTML("<em>Tick each point your answer covers:</em>"), *ticks])
        ticks_box.layout.display = "none"

        def reveal(_):
            result = self.submit(box.value)
            if result.status == "submitted":  # the checklist shows as the tick boxes, not again in the feedback
                result = Feedback(result.status, result.message, result.details[:1], see=result.see)
                ticks_box.layout.display = None
            feedback.value = result.html()

        button.on_click(reveal)
        form = w.VBox(
            [prompt, box, button, ticks_box, feedback],
            layout=w.Layout(border="1px solid #B0B0B0", padding="0.5em 0.8em", margin="0.5em 0"),
        )
        form.add_class("eunato-question")
        self._live = {"controls": box, "button": button, "checklist": ticks_box}
        return form

    @property
    def checklist_box(self):
        """The live tick boxes of the checklist (hidden until the model answer is shown), else None."""
        return self._live.get("checklist")
