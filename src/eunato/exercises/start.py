"""Checkers for exercises/00_start.ipynb: the mechanics of answer, check, hint and solution."""

from __future__ import annotations

from .. import data
from ..checks import Exercise, lazy_exercises


def _build() -> dict:
    """Compute every expected answer from the course data (on first use, not at import)."""
    _now = data.membership_on("2024-03-07")
    _both = sorted(_now.loc[_now["both"], "country"])
    _eu_only = sorted(_now.loc[_now["group"] == "EU only", "country"])
    _nato_only = sorted(_now.loc[_now["group"] == "NATO only", "country"])

    ex1 = Exercise(
        "0.1",
        "How many countries are members of both the EU and NATO today?",
        kind="int",
        expected=len(_both),
        wrong={
            32: "32 is every NATO Ally. The question asks for countries in both organisations.",
            27: "27 is every EU member. Four of them are not in NATO: the question asks for those in both.",
            36: "36 is every country in either organisation. The question asks for those in both.",
            22: "22 was the overlap before Sweden joined NATO on 7 March 2024. Did you use an old date?",
        },
        hints=(
            "Each row of `now` (from data.membership_on) has True or False in the column `both`.",
            "Keep only the rows where `both` is True: `now[now['both']]`. Which function counts the rows that remain?",
        ),
        solution="now = data.membership_on('2024-03-07')\nanswer = len(now[now['both']])",
        explanation=f"{len(_both)} countries are in both since Sweden joined NATO on 7 March 2024.",
        see="Start here, section 'A first chart'",
    )

    ex2 = Exercise(
        "0.2",
        "Which EU members are not NATO Allies? Give a list of their names.",
        kind="names",
        expected=_eu_only,
        wrong={
            frozenset(_nato_only): "Those are the Allies outside the EU; the question asks the other way round: "
            "EU members outside NATO.",
        },
        hints=(
            "The column `group` says 'both', 'EU only' or 'NATO only'.",
            "Filter with now[now['group'] == 'EU only'], then take its 'country' column and turn it into a list.",
        ),
        solution="answer = now[now['group'] == 'EU only']['country'].tolist()",
        explanation=f"{', '.join(_eu_only[:-1])} and {_eu_only[-1]} are in the EU but not in NATO.",
        see="Start here, section 'A first chart'",
    )

    ex3 = Exercise(
        "0.3",
        "In which year did the number of countries in both organisations first reach 23?",
        kind="int",
        expected=int(data.membership_counts().query("both >= 23")["year"].min()),
        wrong={
            2023: "In 2023 Finland joined, making 22. One more Ally was still to come.",
            2020: "In 2020 the overlap fell to 21, when the United Kingdom left the EU.",
        },
        hints=(
            "`counts = data.membership_counts()` has one row per year with the column `both`.",
            "Keep the rows where counts['both'] >= 23; the answer is the smallest value in their 'year' column.",
        ),
        solution="counts = data.membership_counts()\nanswer = int(counts[counts['both'] >= 23]['year'].min())",
        explanation="Sweden's accession on 7 March 2024 made the overlap 23.",
    )
    return locals()


__getattr__, __dir__ = lazy_exercises(__name__, _build)
