"""Checkers for exercises/01_history.ipynb: pandas on the timeline, the signatories and the progress reports."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import data, normalize
from ..checks import Feedback, describe, judged, lazy_exercises


def _build() -> dict:
    """Compute every expected answer from the course data (on first use, not at import)."""
    _events = data.timeline()
    _reports = data.progress_reports()
    _areas = data.areas()

    def _year(event_id: str) -> int:
        return int(_events.loc[_events["id"] == event_id, "date"].dt.year.iloc[0])

    # --- 1.1: years from Berlin Plus to Warsaw -------------------------------------------------------------
    _berlin, _warsaw = _year("berlin-plus-2003"), _year("warsaw-declaration-2016")
    _gap = _warsaw - _berlin

    ex1 = judged(
        "1.1",
        values={"berlin": _berlin, "warsaw": _warsaw, "gap": _gap},
        expected=_gap,
        wrong={
            _warsaw
            - _year("letters-2001"): "That counts from the exchange of letters. The question starts at Berlin Plus.",
            _warsaw
            - _year("esdp-declaration-2002"): "That counts from the Declaration on ESDP. The question starts at "
            "Berlin Plus.",
            _warsaw - _year("althea-2004"): "That counts from EUFOR Althea. The question starts at Berlin Plus.",
            -_gap: "That is the right size but negative: subtract the earlier year from the later one.",
            _year("joint-declaration-2023") - _berlin: "That runs to the third Joint Declaration. The question ends "
            "at the first one, in Warsaw.",
        },
    )

    # --- 1.2: who signed the Joint Declarations ------------------------------------------------------------
    _decl = _events[_events["category"] == "declaration"]
    _BRACKETS = re.compile(r"\s*\(.*\)\s*$")

    def _person(text: str) -> str:
        return _BRACKETS.sub("", str(text)).strip()

    _signers = sorted({_person(a) for actors in _decl["actors"] for a in data.split_list(actors)})
    _first_signers = sorted({_person(a) for a in data.split_list(_decl.sort_values("date")["actors"].iloc[0])})

    def _judge_signers(answer: set) -> Feedback | bool:
        answer = set(normalize.match_names((_person(a) for a in answer), _signers))
        people = {normalize.name_key(a) for a in answer}
        want = {normalize.name_key(s) for s in _signers}
        if people == want:
            return True
        bodies = {
            normalize.name_key(_person(a))
            for a in data.split_list(_events.loc[_events["id"] == "esdp-declaration-2002", "actors"].iloc[0])
        }
        details = []
        missing = sorted(s for s in _signers if normalize.name_key(s) not in people)
        extra = sorted(a for a in answer if normalize.name_key(a) not in want)
        if people & bodies:
            details.append(
                "The North Atlantic Council and the EU Political and Security Committee agreed the 2002 "
                "Declaration on ESDP (category 'framework'); keep only the rows whose category is "
                "'declaration'."
            )
        if missing:
            details.append(f"{len(missing)} missing, for example {missing[0]}.")
        if extra:
            details.append("should not be there: " + ", ".join(extra[:4]))
        if people == {normalize.name_key(s) for s in _first_signers}:
            details.append("These signed the first declaration only; look at all three.")
        status = "partly" if people & want else "incorrect"
        return Feedback(
            status,
            f"You have {len(people & want)} of the {len(want)} people who signed.",
            tuple(details),
            see="Chapter 1, section 'Who signed, and why it matters'",
        )

    ex2 = judged(
        "1.2",
        values={"count": len(_signers), "signers": ", ".join(_signers)},
        judge=_judge_signers,
    )

    # --- 1.3: progress reports per year --------------------------------------------------------------------
    _per_year = _reports["date"].str[:4].astype(int).value_counts().sort_index()

    def _as_year(value):
        if isinstance(value, pd.Timestamp):
            return None
        try:
            number = float(str(value).strip())
        except ValueError:
            return None
        return int(number) if number.is_integer() and 1900 < number < 2100 else None

    def _judge_per_year(series: pd.Series) -> Feedback | bool:
        years = [_as_year(i) for i in series.index]
        if any(isinstance(i, (bool, np.bool_)) for i in series.index):
            years = [None]
        if any(y is None for y in years):
            return Feedback(
                "invalid",
                "The index of your Series should be years, such as 2017 (not dates or row "
                "numbers). Take the year from the `date` column first, for example "
                "reports['date'].str[:4], then count with .value_counts().",
                see="Chapter 1, section 'The yearly progress reports'",
            )
        if len(set(years)) != len(years):
            twice = sorted({y for y in years if years.count(y) > 1})
            return Feedback(
                "incorrect",
                f"Your index has the year {twice[0]} more than once: each year should appear once, with the number "
                "of reports as its value. Count with .value_counts() rather than giving one row per report.",
                see="Chapter 1, section 'The yearly progress reports'",
            )
        counts = [normalize.whole_number(v) for v in series.tolist()]
        if any(c is None or c < 0 for c in counts):
            return Feedback(
                "invalid",
                "The values of your Series should be counts: whole numbers of reports, not shares or truth values.",
            )
        given = {y: c for y, c in zip(years, counts, strict=True) if c}
        want = {int(y): int(c) for y, c in _per_year.items()}
        if given == want:
            return True
        total = sum(given.values())
        if total != len(_reports):
            return Feedback(
                "incorrect",
                f"Your counts add up to {total}, but the table has {len(_reports)} reports. "
                "Count every row, whatever the precision of its date.",
                see="Chapter 1, section 'The yearly progress reports'",
            )
        wrong = sorted(y for y in set(want) | set(given) if want.get(y, 0) != given.get(y, 0))
        return Feedback(
            "incorrect",
            "The total is right but some years are not: "
            + ", ".join(f"{y} should be {want.get(y, 0)}" for y in wrong[:3])
            + ".",
            see="Chapter 1, section 'The yearly progress reports'",
        )

    _busy = [int(y) for y, c in _per_year.items() if c > 1]
    _busy_months = [f"{d:%B}" for d in _reports.loc[_reports["date"].str[:4] == str(_busy[0]), "date_start"]]
    ex3 = judged(
        "1.3",
        values={
            "first": min(_per_year.index),
            "last": max(_per_year.index),
            "busy": ", ".join(map(str, _busy)),
            "busy_count": int(_per_year[_busy[0]]),
            "busy_months": " and ".join(_busy_months),
        },
        judge=_judge_per_year,
    )

    # --- 1.4: which reports have an exact day --------------------------------------------------------------
    _exact = [int(n) for n in _reports.loc[_reports["date_precision"] == "day", "number"]]
    _not_exact = [int(n) for n in _reports.loc[_reports["date_precision"] != "day", "number"]]

    def _judge_exact(items: list) -> Feedback | bool:
        numbers = [normalize.whole_number(i) for i in items]
        if any(n is None for n in numbers):
            bad = next(i for i, n in zip(items, numbers, strict=True) if n is None)
            return Feedback(
                "invalid",
                f"Give the report numbers as whole numbers, such as [1, 3]; {describe(bad)} is not one"
                + (" (a rounded-down number would be a different report)." if normalize.is_number(bad) else "."),
            )
        numbers = sorted(numbers)
        if len(set(numbers)) != len(numbers):
            return Feedback("invalid", "Some numbers appear more than once; give each report once.")
        if numbers == _exact:
            return True
        if numbers == _not_exact:
            return Feedback(
                "incorrect",
                "Those are the reports whose day is NOT known (precision 'month' or "
                "'year'). The question asks for the others.",
                see="Chapter 1, section 'The yearly progress reports'",
            )
        right = set(numbers) & set(_exact)
        extra = sorted(set(numbers) - set(_exact))
        details = []
        if extra:
            details.append(f"should not be there: {', '.join(map(str, extra))}")
        if len(right) < len(_exact):
            details.append(f"{len(_exact) - len(right)} missing")
        return Feedback(
            "partly" if right else "incorrect",
            f"You have {len(right)} of the {len(_exact)} reports whose day is known.",
            tuple(details),
            see="Chapter 1, section 'The yearly progress reports'",
        )

    ex4 = judged(
        "1.4",
        values={"exact": ", ".join(map(str, _exact)), "not_exact": ", ".join(map(str, _not_exact))},
        judge=_judge_exact,
    )

    # --- 1.5: a short written answer ----------------------------------------------------------------------
    _by_id = _events.set_index("id")
    _warsaw_areas = _areas.loc[_areas["kind"] == "Warsaw area", "area"].tolist()
    _new_2023 = _areas.loc[_areas["year_added"] == 2023, "area"].tolist()
    _sign = {
        eid: ", ".join(_person(a) for a in data.split_list(_by_id.loc[eid, "actors"]))
        for eid in ("warsaw-declaration-2016", "joint-declaration-2023")
    }
    _actions_total = int(data.common_actions()["total_actions"].max())
    _first_set = int(data.common_actions().sort_values("date")["new_actions"].iloc[0])

    ex5 = judged(
        "1.5",
        values={
            "warsaw": _warsaw,
            "warsaw_count": len(_warsaw_areas),
            "warsaw_areas": ", ".join(a.lower() for a in _warsaw_areas),
            "first_set": _first_set,
            "actions_total": _actions_total,
            "year_2023": _year("joint-declaration-2023"),
            "new_2023": ", ".join(a.lower() for a in _new_2023),
            "signed_2016": _sign["warsaw-declaration-2016"],
            "signed_2023": _sign["joint-declaration-2023"],
        },
    )

    return locals()


__getattr__, __dir__ = lazy_exercises(
    __name__,
    _build,
    chapter="history",
    aliases={"MODEL_ANSWER": ("ex5", "model_answer"), "SOLUTION_TEXT": ("ex5", "model_answer")},
)
