"""Checkers for exercises/00_start.ipynb: the mechanics of answer, check, hint and solution."""

from __future__ import annotations

from .. import data
from ..checks import judged, lazy_exercises


def _build() -> dict:
    """Compute every expected answer from the course data (on first use, not at import)."""
    _now = data.membership_on("2024-03-07")
    _both = sorted(_now.loc[_now["both"], "country"])
    _eu_only = sorted(_now.loc[_now["group"] == "EU only", "country"])
    _nato_only = sorted(_now.loc[_now["group"] == "NATO only", "country"])

    ex1 = judged(
        "0.1",
        values={"both": len(_both)},
        expected=len(_both),
        wrong={
            32: "32 is every NATO Ally. The question asks for countries in both organisations.",
            27: "27 is every EU member. Four of them are not in NATO: the question asks for those in both.",
            36: "36 is every country in either organisation. The question asks for those in both.",
            22: "22 was the overlap before Sweden joined NATO on 7 March 2024. Did you use an old date?",
        },
    )

    ex2 = judged(
        "0.2",
        values={"eu_only": ", ".join(_eu_only[:-1]) + " and " + _eu_only[-1]},
        expected=_eu_only,
        wrong={
            frozenset(_nato_only): "Those are the Allies outside the EU; the question asks the other way round: "
            "EU members outside NATO.",
        },
    )

    ex3 = judged(
        "0.3",
        expected=int(data.membership_counts().query("both >= 23")["year"].min()),
        wrong={
            2023: "In 2023 Finland joined, making 22. One more Ally was still to come.",
            2020: "In 2020 the overlap fell to 21, when the United Kingdom left the EU.",
        },
    )
    return locals()


__getattr__, __dir__ = lazy_exercises(__name__, _build, chapter="start")
