"""Checkers for exercises/05_debates.ipynb: limits and debates (analysis and evaluation).

5.1 sorts claims into facts and interpretations; 5.2 and 5.3 use the course's data (members.csv,
defence_expenditure.csv) to test a claim from a debate; 5.4 reads the perspectives table; 5.5 and 5.6
are written answers with a model answer and a checklist. Expected values are computed from the data,
the same way the solution notebook computes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .. import data
from ..checks import Feedback, describe, judged, lazy_exercises

# --- 5.1 fact or interpretation? ----------------------------------------------------------------------
CLAIMS = {
    "A": "Cyprus joined the EU on 1 May 2004 and is not a NATO Ally.",
    "B": "The dispute over Cyprus wastes taxpayers' money.",
    "C": "Berlin Plus has been used for two EU operations, Concordia and Althea.",
    "D": "Strategic autonomy for the EU would weaken NATO.",
    "E": "France invoked Article 42(7) TEU on 17 November 2015.",
    "F": "France chose Article 42(7) because it preferred to deal with other governments bilaterally.",
}
CLAIM_KINDS = {
    "A": "fact",
    "B": "interpretation",
    "C": "fact",
    "D": "interpretation",
    "E": "fact",
    "F": "interpretation",
}
_WHY = {
    "A": "a date and a membership that documents confirm (the accession treaty; NATO's list of Allies).",
    "B": "a judgement about cost and value: NATO Secretary General Rasmussen's (2010). Attribute it.",
    "C": "NATO's and the EU's records of the operations confirm it.",
    "D": "a prediction about effects, held by some and disputed by others (see Chapter 5, strategic autonomy).",
    "E": "the date is recorded in the European Parliament research briefing PE 572.799.",
    "F": "an explanation of motives: the European Parliament's research service says the choice 'has been explained "
    "in various ways', this among them. A motive is an interpretation even when it is plausible.",
}


def _word(value) -> str | None:
    text = str(value).strip().casefold()
    if text.startswith("fact"):
        return "fact"
    if text.startswith("interp") or text in {"opinion", "judgement", "judgment"}:
        return "interpretation"
    return None


_TYPED = re.compile(
    r"(?:\b([A-F])\s*[:=)\-–]?|\b([a-f])\s*[:=)\-–])\s*(?:is\s+)?(?:an?\s+)?((?i:fact\w*|interp\w*|opinion|judge?ment))",
)


def _typed_claims(text: str) -> dict | None:
    """'A fact, B interpretation, ...' (typed without code) as {'A': 'fact', ...}; None if no verdict is found."""
    found = {(upper or lower).upper(): word for upper, lower, word in _TYPED.findall(text)}
    return found or None


def _judge_claims(answer) -> Feedback | bool:
    if isinstance(answer, str):
        typed = _typed_claims(answer)
        if typed is None:
            return Feedback(
                "invalid",
                "Write each letter with its verdict, such as 'A fact, B interpretation, C fact, ...', "
                "or a dictionary {'A': 'fact', ...}.",
            )
        answer = typed
    if hasattr(answer, "to_dict") and hasattr(answer, "index"):  # a pandas Series {letter: verdict}
        answer = answer.to_dict()
    if not isinstance(answer, Mapping):
        return Feedback(
            "invalid",
            f"You gave {describe(answer)}; the answer is a dictionary such as "
            "{'A': 'fact', 'B': 'interpretation', ...}, one entry per claim.",
        )
    given = {}
    for key, value in answer.items():
        letter = str(key).strip().upper()
        if letter not in CLAIMS:
            return Feedback("invalid", f"{key!r} is not one of the claims; use the letters A to F.")
        kind = _word(value)
        if kind is None:
            return Feedback("invalid", f"For claim {letter} write 'fact' or 'interpretation', not {value!r}.")
        given[letter] = kind
    missing = sorted(set(CLAIMS) - set(given))
    if missing:
        return Feedback("invalid", f"Classify every claim: {', '.join(missing)} missing.")
    wrong = [k for k in sorted(CLAIMS) if given[k] != CLAIM_KINDS[k]]
    if not wrong:
        return True
    details = tuple(f"{k} is {'a fact' if CLAIM_KINDS[k] == 'fact' else 'an interpretation'}: {_WHY[k]}" for k in wrong)
    return Feedback(
        "incorrect",
        f"{len(CLAIMS) - len(wrong)} of {len(CLAIMS)} right. Ask of each: could a document or an event confirm it, "
        "or is it someone's judgement?",
        details,
        see="Chapter 5, section 'Facts and interpretations'",
    )


_ex1 = judged(
    "5.1",
    judge=_judge_claims,
)

# --- 5.2 who does the neutrality safeguard of Article 42(7) protect? -------------------------------------
_now = data.membership_on("2024-03-07")
EU_OUTSIDE_NATO = sorted(_now.loc[_now["group"] == "EU only", "country"])
_both = sorted(_now.loc[_now["group"] == "both", "country"])

_ex2 = judged(
    "5.2",
    values={"eu_outside": ", ".join(EU_OUTSIDE_NATO)},
    expected=set(EU_OUTSIDE_NATO),
    wrong={
        frozenset({"Finland", "Sweden"}): "Finland and Sweden left non-alignment and joined NATO in 2023 and 2024.",
        frozenset({"Austria", "Ireland", "Malta"}): "Cyprus is also an EU member outside NATO (and outside the "
        "Partnership for Peace).",
    },
)

# --- 5.3 test a claim with the data: spending before 2025 -----------------------------------------------
_spending = data.defence_expenditure()
AT_TWO = _spending[_spending["pct_gdp"] >= 2].groupby("year")["country"].nunique()
_first_year, _last_year = int(AT_TWO.index.min()), int(AT_TWO.index.max())

_ex3 = judged(
    "5.3",
    values={
        "first_year": _first_year,
        "last_year": _last_year,
        "first_count": int(AT_TWO.loc[_first_year]),
        "last_count": int(AT_TWO.loc[_last_year]),
    },
    expected=int(AT_TWO.loc[_last_year] - AT_TWO.loc[_first_year]),
    wrong={
        int(AT_TWO.loc[_last_year]): f"That is the count for {_last_year}. Subtract the count for {_first_year}.",
        int(AT_TWO.loc[_first_year]): f"That is the count for {_first_year}. The question asks for the increase.",
    },
)

# --- 5.4 read the perspectives table ---------------------------------------------------------------------
_views = data.perspectives()
_span = _views.groupby("debate")["year"].agg(lambda y: int(y.max() - y.min()))
LONGEST = str(_span.idxmax())

_ex4 = judged(
    "5.4",
    values={
        "longest": LONGEST,
        "span": int(_span.max()),
        "start": int(_views.loc[_views["debate"] == LONGEST, "year"].min()),
        "end": int(_views.loc[_views["debate"] == LONGEST, "year"].max()),
    },
    expected=LONGEST,
    wrong={d: f"{d} spans {s} years; another debate spans more." for d, s in _span.items() if d != LONGEST},
)

# --- 5.5 written: compare the two clauses (model answer and checklist in the question file) ---------
_ex5 = judged(
    "5.5",
)

# --- 5.6 written: evaluate a claim (model answer and checklist in the question file) -----------------
_ex6 = judged(
    "5.6",
)

__getattr__, __dir__ = lazy_exercises(
    __name__,
    lambda: {f"ex{n}": globals()[f"_ex{n}"] for n in range(1, 7)},
    chapter="debates",
    aliases={"MODEL_CLAUSES": ("ex5", "model_answer"), "MODEL_EVALUATION": ("ex6", "model_answer")},
)

__all__ = [  # noqa: F822 (the exercises and model answers are built on first use)
    "AT_TWO",
    "CLAIMS",
    "CLAIM_KINDS",
    "EU_OUTSIDE_NATO",
    "LONGEST",
    "MODEL_CLAUSES",
    "MODEL_EVALUATION",
    "ex1",
    "ex2",
    "ex3",
    "ex4",
    "ex5",
    "ex6",
]
