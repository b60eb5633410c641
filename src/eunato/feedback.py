"""Feedback: what a self-check question or an exercise checker says back to the learner.

A Feedback shows itself as coloured HTML in Jupyter (with an icon and a word, so the meaning never
rests on colour alone) and as plain text everywhere else (nbval, a terminal, a static viewer).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

STATUS_LOOK = {
    # status: (icon, word, background, border)
    "correct": ("✔", "Correct", "#E6F4EA", "#009E73"),
    "partly": ("◐", "Partly right", "#FFF6DB", "#E69F00"),
    "incorrect": ("✘", "Not yet", "#FDECEA", "#D55E00"),
    "unanswered": ("…", "Not answered yet", "#EEF3F8", "#0072B2"),
    "invalid": ("?", "Check your answer's form", "#FFF6DB", "#E69F00"),
    "error": ("⚠", "Your code stopped", "#FDECEA", "#D55E00"),
    "submitted": ("✎", "Answer noted", "#EEF3F8", "#0072B2"),
    "hint": ("💡", "Hint", "#EEF3F8", "#0072B2"),
    "solution": ("📖", "Solution", "#EEF3F8", "#0072B2"),
}


def inline_html(text: str) -> str:
    """``text`` escaped for HTML, with `backticks` shown as code (question texts name Python, such as `iloc[-1]`)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(text)))


def plain(text: str) -> str:
    """``text`` without the backticks that mark code: what a plain label (a radio button's, a check box's) shows."""
    return re.sub(r"`([^`]+)`", r"\1", str(text))


def _collapsed_body(label: str, body: str) -> str:
    """A hint is prose (its `code` marks shown as code, its words wrapped whole); a solution or a step is code."""
    if label.strip().lower().startswith("hint"):
        return f"<div style='margin:0.2em 0 0.4em 1em'>{inline_html(body)}</div>"
    return f"<pre style='white-space:pre-wrap;margin:0.2em 0'>{html.escape(body)}</pre>"


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer.

    status: 'correct', 'partly', 'incorrect', 'unanswered', 'invalid' (wrong type or form), 'error' (the
    learner's own code stopped) or 'submitted' (a written answer, compared with a model answer by the learner).
    message: what to say, in plain sentences. details: extra lines (per-item feedback, a model answer).
    """

    status: str
    message: str
    details: tuple[str, ...] = field(default_factory=tuple)
    see: str | None = None
    collapsed: bool = False  # in HTML, put each detail behind a "Show" toggle (hints, solutions)

    def __post_init__(self):
        if self.status not in STATUS_LOOK:
            raise ValueError(f"unknown feedback status {self.status!r}")

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:  # lets tests write `assert feedback` for a right answer
        return self.correct

    @property
    def heading(self) -> str:
        icon, word, _, _ = STATUS_LOOK[self.status]
        return f"{icon} {word}"

    def text(self) -> str:
        lines = [f"{self.heading}: {self.message}"]
        lines += [f"  - {d}" for d in self.details]
        if self.see:
            lines.append(f"  (See: {self.see})")
        return "\n".join(lines)

    __str__ = text

    def __repr__(self) -> str:
        return self.text()

    def html(self) -> str:
        _, _, background, border = STATUS_LOOK[self.status]
        parts = [f"<strong>{html.escape(self.heading)}.</strong> {html.escape(self.message)}"]
        if self.details and self.collapsed:
            items = "".join(
                f"<details><summary>Show {html.escape(label)}</summary>{_collapsed_body(label, body.strip())}</details>"
                for label, _, body in (d.partition(":") for d in self.details)
            )
            parts.append(f"<div style='margin-top:0.3em'>{items}</div>")
        elif self.details:
            items = "".join(f"<li>{html.escape(d)}</li>" for d in self.details)
            parts.append(f"<ul style='margin:0.3em 0 0 1.2em;padding:0'>{items}</ul>")
        if self.see:
            parts.append(f"<div style='margin-top:0.3em'><em>See: {html.escape(self.see)}</em></div>")
        return (
            f"<div class='eunato-feedback eunato-{self.status}' role='status' "
            f"style='background:{background};border-left:5px solid {border};padding:0.5em 0.8em;"
            f"margin:0.3em 0;color:#1A1A1A;line-height:1.45'>{''.join(parts)}</div>"
        )

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text())
