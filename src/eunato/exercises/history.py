"""Checkers for exercises/01_history.ipynb: pandas on the timeline, the signatories and the progress reports."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import data, normalize
from ..checks import Exercise, Feedback, describe, lazy_exercises


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

    ex1 = Exercise(
        "1.1",
        "How many years passed between the adoption of Berlin Plus and the Warsaw Joint Declaration?",
        kind="int",
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
        hints=(
            "Each event has an `id`: 'berlin-plus-2003' and 'warsaw-declaration-2016'.",
            (
                "events.loc[events['id'] == 'berlin-plus-2003', 'date'].dt.year.iloc[0] gives the year of Berlin Plus; "
                "do the same for Warsaw and subtract."
            ),
        ),
        solution=(
            "year = lambda event_id: events.loc[events['id'] == event_id, 'date'].dt.year.iloc[0]\n"
            "answer = int(year('warsaw-declaration-2016') - year('berlin-plus-2003'))"
        ),
        explanation=f"Berlin Plus dates from {_berlin} and the Warsaw Joint Declaration from {_warsaw}: {_gap} years "
        "apart, and the course data has no event in between after the start of EUFOR Althea.",
        see="Chapter 1, section 'The long gap'",
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

    ex2 = Exercise(
        "1.2",
        "Who signed the Joint Declarations? Give the names of the people (each once).",
        kind="names",
        judge=_judge_signers,
        hints=(
            "Keep the rows of `events` whose `category` is 'declaration'; the signatories are in `actors`.",
            (
                "data.split_list(text) splits 'A (office); B (office)' into a list. Collect every name in a set so "
                "that each appears once; text.split(' (')[0] drops the office in brackets."
            ),
            (
                "Loop over decl['actors'], split each cell with data.split_list, and add each name without its "
                "office to one set: what is left is to turn that set into your answer."
            ),
        ),
        solution=(
            "decl = events[events['category'] == 'declaration']\n"
            "answer = sorted({a.split(' (')[0] for actors in decl['actors'] for a in data.split_list(actors)})"
        ),
        explanation=f"{len(_signers)} people signed: {', '.join(_signers)}. Each declaration has three signatures, "
        "two for the EU (the Presidents of the European Council and of the Commission) and one for NATO "
        "(its Secretary General).",
        see="Chapter 1, section 'Who signed, and why it matters'",
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
        given = {y: c for y, c in zip(years, counts) if c}
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
    ex3 = Exercise(
        "1.3",
        "Count the joint progress reports per year: give a pandas Series with the year as index and the number of "
        "reports as values.",
        kind="series",
        judge=_judge_per_year,
        hints=(
            (
                "Every date in `reports['date']` starts with its year, whatever its precision: "
                "reports['date'].str[:4] takes the first four characters."
            ),
            "Which pandas method counts how often each value appears? Apply it to those four characters, then sort by the index.",
        ),
        solution="answer = reports['date'].str[:4].value_counts().sort_index()",
        explanation=(
            f"One report a year from {min(_per_year.index)} to {max(_per_year.index)}, except "
            f"{', '.join(map(str, _busy))}, which had {int(_per_year[_busy[0]])}, in "
            f"{' and '.join(_busy_months)}: the second came with the new set of actions."
        ),
        see="Chapter 1, section 'The yearly progress reports'",
    )

    # --- 1.4: which reports have an exact day --------------------------------------------------------------
    _exact = [int(n) for n in _reports.loc[_reports["date_precision"] == "day", "number"]]
    _not_exact = [int(n) for n in _reports.loc[_reports["date_precision"] != "day", "number"]]

    def _judge_exact(items: list) -> Feedback | bool:
        numbers = [normalize.whole_number(i) for i in items]
        if any(n is None for n in numbers):
            bad = next(i for i, n in zip(items, numbers) if n is None)
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

    ex4 = Exercise(
        "1.4",
        "Which joint progress reports have a date known to the day? Give a list of their numbers.",
        kind="list",
        judge=_judge_exact,
        hints=(
            "The column `date_precision` says 'day', 'month' or 'year'.",
            "Keep the rows where date_precision is 'day'; their `number` column, as a list, is the answer.",
        ),
        solution="answer = reports[reports['date_precision'] == 'day']['number'].tolist()",
        explanation=(
            f"Reports {', '.join(map(str, _exact))} have an exact day; for reports "
            f"{', '.join(map(str, _not_exact))} the course could verify only the month or the year."
        ),
        see="Chapter 1, section 'The yearly progress reports'",
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

    MODEL_ANSWER = (
        f"The Warsaw declaration of {_warsaw} opened the new era: it named {len(_warsaw_areas)} areas "
        f"({', '.join(a.lower() for a in _warsaw_areas)}). The Councils put it into practice with a common set of "
        f"{_first_set} proposals, raised to {_actions_total} actions a year later. "
        f"The declaration of {_year('joint-declaration-2023')} came after Russia's full-scale invasion of Ukraine, which "
        "the EU's factsheet says brought the two organisations closer than ever. It gave new momentum to cooperation "
        f"in all areas and named new ones: {', '.join(a.lower() for a in _new_2023)}. The signatories changed on the EU side "
        f"({_sign['warsaw-declaration-2016']} in {_warsaw}; {_sign['joint-declaration-2023']} in "
        f"{_year('joint-declaration-2023')}), while NATO's Secretary General signed both. In short, Warsaw started practical cooperation; the 2023 "
        "declaration widened it, in a sharper security context."
    )

    ex5 = Exercise(
        "1.5",
        "In four to six sentences: what changed between the Warsaw Joint Declaration (2016) and the third Joint "
        "Declaration (2023)?",
        kind="written",
        model_answer=MODEL_ANSWER,
        rubric=(
            "say what the 2016 declaration started (seven areas, then the 74 common actions)?",
            (
                "name at least three of the areas the 2023 declaration added, such as critical infrastructure, "
                "emerging and disruptive technologies, space, climate and security, or information manipulation?"
            ),
            "mention the context: Russia's war of aggression against Ukraine, which the EU says brought the two closer?",
            "note who signed (new EU signatories in 2023, the same NATO Secretary General)?",
            "use only facts from the chapter and its data, without guessing at reasons the sources do not give?",
        ),
        min_words=40,
        max_words=250,
        hints=(
            "Run the events of category 'declaration' and read their descriptions and actors.",
            "Compare the two descriptions: which areas appear in 2023 that Warsaw did not name?",
        ),
        see="Chapter 1, sections 'A new era' and 'The third Joint Declaration'",
    )

    SOLUTION_TEXT = MODEL_ANSWER
    return locals()


__getattr__, __dir__ = lazy_exercises(__name__, _build)
