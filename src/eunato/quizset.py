"""Quizzes of several bank items shown as one: the diagnostic, the post-course quiz and "test yourself".

    from eunato.quizset import final_quiz, quiz_set
    quiz_set("diagnostic")     # every `use: diagnostic` item (end of chapter 0), in the files' order
    quiz_set("post")           # every `use: post` item (end of the capstone), paired with the diagnostic
    final_quiz()            # a fixed-seed sample of self-checks across chapters, about one per objective

Each question is the bank's own (``bank.quiz``), so every answer is recorded by the progress hook as usual; the set
only shows them together under one heading. The static fallback (GitHub, the HTML edition) shows each question
with its answer behind "Show the answer", as a single self-check does.
"""

from __future__ import annotations

import html
import random

from . import bank
from .display import WIDGET_VIEW

__all__ = ["QuizSet", "final_quiz", "final_quiz_ids", "item_ids", "quiz_set"]

TITLES = {
    "diagnostic": "Before you start: what do you already know?",
    "post": "After the course: what do you know now?",
    "retrieval": "Remember earlier chapters",
    "selfcheck": "Self-checks",
}
INTROS = {
    "diagnostic": "Answer each question once, as well as you can; guessing is fine. Nobody is marked on this: the "
    "course compares your first answers here with the quiz at the end of the capstone, objective by objective.",
    "post": "The same course objectives as the diagnostic in chapter 0, asked in new questions. Answer each once; "
    "the view below compares your first answers with your diagnostic.",
}
SEED = 2026  # final_quiz draws the same sample every run (saved outputs do not change)


class QuizSet:
    """Several questions shown as one quiz; ``questions`` are the bank's question objects."""

    def __init__(self, title: str, questions: list, intro: str = ""):
        if not questions:
            raise ValueError(f"{title}: a quiz needs at least one question")
        self.title, self.questions, self.intro = title, list(questions), intro

    def __len__(self) -> int:
        return len(self.questions)

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def text(self) -> str:
        lines = [f"{self.title} ({len(self)} questions)"]
        if self.intro:
            lines.append(self.intro)
        for n, q in enumerate(self.questions, 1):
            lines += ["", f"{n}. {q.text()}"]
        return "\n".join(lines)

    __str__ = __repr__ = text

    def html(self) -> str:
        intro = f"<p>{html.escape(self.intro)}</p>" if self.intro else ""
        body = "".join(f"<p><strong>{n}.</strong></p>{q.html()}" for n, q in enumerate(self.questions, 1))
        return (
            f"<div class='eunato-quiz-set'><h4>{html.escape(self.title)} ({len(self)} questions)</h4>{intro}"
            f"{body}</div>"
        )

    def widget(self):
        import ipywidgets as w

        head = w.HTML(
            f"<h4>{html.escape(self.title)} ({len(self)} questions)</h4>"
            + (f"<p>{html.escape(self.intro)}</p>" if self.intro else "")
        )
        box = w.VBox([head, *(q.widget() for q in self.questions)])
        box.add_class("eunato-quiz-set")
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": self.text(), "text/html": self.html()}
        try:
            view = self.widget()._repr_mimebundle_()
        except ImportError:  # no ipywidgets: the static fallback is still there
            view = None
        if view and WIDGET_VIEW in view:
            bundle[WIDGET_VIEW] = view[WIDGET_VIEW]
        return bundle


def item_ids(use: str) -> list[str]:
    """The ids of every visible bank item with this ``use``, in chapter and file order."""
    if use not in bank.USES:
        raise ValueError(f"'{use}' is not a use of the question bank ({', '.join(bank.USES)})")
    return [i.id for i in bank.items() if i.use == use]


def quiz_set(use: str, title: str | None = None) -> QuizSet:
    """Every item of the bank with this ``use`` (diagnostic, post, retrieval, selfcheck) as one quiz."""
    ids = item_ids(use)
    if not ids:
        raise ValueError(f"the question bank has no item with use '{use}'")
    return QuizSet(title or TITLES[use], [bank.quiz(i) for i in ids], INTROS.get(use, ""))


def final_quiz_ids(seed: int = SEED, per_objective: int = 1) -> list[str]:
    """A fixed-seed sample of self-checks across chapters 1-5: ``per_objective`` from each chapter objective that
    has self-checks (written answers left out: they have no right answer to count), in chapter order."""
    rng = random.Random(seed)
    by_objective: dict[tuple[int, str], list[str]] = {}
    for item in bank.items():
        if item.use == "selfcheck" and item.type != "open" and 1 <= item.chapter_number <= 5:
            by_objective.setdefault((item.chapter_number, item.objective), []).append(item.id)
    picked = []
    for key in sorted(by_objective):
        pool = by_objective[key]
        picked += rng.sample(pool, min(per_objective, len(pool)))
    return picked


def final_quiz(seed: int = SEED) -> QuizSet:
    """The end-of-course "test yourself" quiz: about one self-check per objective of chapters 1-5."""
    return QuizSet(
        "Test yourself: one question from each thing the course set out to teach",
        [bank.quiz(i) for i in final_quiz_ids(seed)],
        "Questions you met in the chapters, drawn from the question bank. A wrong answer names the section to re-read.",
    )
