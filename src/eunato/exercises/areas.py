"""Checkers for exercises/02_areas.ipynb: the areas of cooperation, the partners and the principles.

Expected answers are computed from the course's data (data/areas.csv, data/capacity_building.csv,
data/members.csv), the same way the solution notebook computes them.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import data, normalize
from ..charts.areas import areas_on_line, warsaw_areas
from ..checks import Exercise, Feedback, describe, lazy_exercises


def _build() -> dict:
    """Compute every expected answer from the course data (on first use, not at import)."""
    _areas = data.areas()
    _capacity = data.capacity_building()
    _now = data.membership_on("2024-03-07")

    # --- 2.1 partners per region -----------------------------------------------------------------------
    _by_region = {region: sorted(group["partner"]) for region, group in _capacity.groupby("region")}

    def _judge_regions(answer) -> Feedback | bool:
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if isinstance(answer, pd.DataFrame):
            return Feedback(
                "invalid",
                f"You gave {describe(answer)}. The answer is a dictionary {{region: list of "
                "partners}: try capacity.groupby('region')['partner'].apply(list).to_dict().",
            )
        if not isinstance(answer, Mapping):
            return Feedback(
                "invalid",
                f"You gave {describe(answer)}, but the answer is a dictionary such as "
                "{'Sahel': ['Mauritania'], ...}: one entry per region, each holding a list of partners.",
            )
        if not answer:
            return Feedback("invalid", "Your dictionary is empty: it needs one entry per region.")
        given = {}
        all_partners = list(_capacity["partner"])
        for region, partners in answer.items():
            if isinstance(partners, str):
                partners = [partners]
            items = normalize.as_items(partners)
            if items is None or not all(isinstance(p, str) for p in items):
                return Feedback(
                    "invalid", f"The entry for {region!r} should be a list of partner names, not {describe(partners)}."
                )
            name = normalize.canonical_name(region, _by_region)
            given[name] = given.get(name, set()) | set(normalize.match_names(items, all_partners))
        want = {region: set(partners) for region, partners in _by_region.items()}
        if given == want:
            return True
        details = []
        missing = sorted(set(want) - set(given))
        extra = sorted(set(given) - set(want))
        if missing:
            details.append("Regions missing: " + ", ".join(missing) + ".")
        if extra:
            details.append(
                "Not a region in the table: " + ", ".join(extra) + " (check the spelling in the 'region' column)."
            )
        for region in sorted(set(want) & set(given)):
            if given[region] != want[region]:
                wrong = sorted(given[region] - want[region])
                lacking = sorted(want[region] - given[region])
                parts = (["should not include " + ", ".join(wrong)] if wrong else []) + (
                    ["is missing " + ", ".join(lacking)] if lacking else []
                )
                details.append(f"{region}: " + "; ".join(parts) + ".")
        if "Mauritania" in given.get("Southern neighbourhood", set()):
            details.insert(
                0,
                "Mauritania is not a European Neighbourhood Policy country: the course groups it "
                "with the Sahel (see its region_note).",
            )
        right = sum(given.get(r) == p for r, p in want.items())
        return Feedback(
            "partly" if right else "incorrect",
            f"{right} of the {len(want)} regions have exactly the right partners.",
            tuple(details),
            see="Chapter 2, section 'Capacity-building: who are the partners?'",
        )

    ex1 = Exercise(
        "2.1",
        "List the capacity-building partners per region, as a dictionary {region: [partners]}.",
        kind="any",
        judge=_judge_regions,
        hints=(
            "`capacity` has one row per partner, with the columns `partner` and `region`.",
            (
                "Group the rows by region and collect each group's partners in a list "
                "(.groupby('region')['partner'].apply(list)); then turn the result into a dictionary."
            ),
        ),
        solution="answer = capacity.groupby('region')['partner'].apply(list).to_dict()",
        explanation=(
            f"The factsheet names {len(_capacity)} partners; the course groups them in "
            f"{len(_by_region)} regions: " + "; ".join(f"{r}: {', '.join(p)}" for r, p in _by_region.items()) + "."
        ),
        see="Chapter 2, section 'Capacity-building: who are the partners?'",
    )

    # --- 2.2 areas that entered the agenda after 2016 ----------------------------------------------------
    _after_2016 = _areas.loc[_areas["year_added"].notna() & (_areas["year_added"] > 2016), "area"].tolist()
    _dialogue = _areas.loc[_areas["id"] == "dialogue", "area"].tolist()
    _added_2017 = _areas.loc[_areas["year_added"] == 2017, "area"].tolist()

    ex2 = Exercise(
        "2.2",
        "Which areas and topics in data/areas.csv were first named on the agenda after 2016? Give a list of their names "
        "(the 'area' column).",
        kind="names",
        expected=_after_2016,
        wrong={
            frozenset(_after_2016 + _dialogue): "Political dialogue has no year in the table: the year it became a "
            "heading is not verified, so it cannot count as 'after 2016'.",
            frozenset(_added_2017): "Those are only the topics of 2017. Later years count too (2018 and 2023).",
            frozenset(_areas.loc[_areas["year_added"] > 2016, "id"]): "Those are the short ids. Give the names from "
            "the 'area' column.",
            frozenset(_areas["area"]): "That is every area, including the seven Warsaw areas of 2016.",
        },
        hints=(
            "The column `year_added` holds the year; political dialogue's cell is empty (not verified).",
            ("Keep the rows where areas['year_added'] > 2016; their 'area' column, as a list, is the answer."),
        ),
        solution="answer = areas[areas['year_added'] > 2016]['area'].tolist()",
        explanation=(
            f"{len(_after_2016)} areas and topics came after Warsaw: {len(_added_2017)} in 2017, "
            f"{int((_areas['year_added'] == 2018).sum())} in 2018 and "
            f"{int((_areas['year_added'] == 2023).sum())} in 2023. Political dialogue is left out: "
            "its year is not verified."
        ),
        see="Chapter 2, section 'Political dialogue and the topics added from 2017'",
    )

    # --- 2.3 how many areas the expand line covers ---------------------------------------------------------
    _expand = areas_on_line(_areas, "expand")
    _expand_years = sorted(int(y) for y in _expand["year_added"].dropna().unique())

    ex3 = Exercise(
        "2.3",
        "In the course's reading, how many areas of data/areas.csv does the Strategic Compass's 'expand' line name?",
        kind="int",
        expected=len(_expand),
        wrong={
            len(_areas): "That is every area in the table. Keep only those whose compass_line names 'expand'.",
            int(_areas["compass_line"].notna().sum()): "That counts every area named by any line. Keep only 'expand'.",
            0: "None? Check for the word 'expand' with .str.contains('expand', na=False): some cells hold two lines.",
        },
        hints=(
            (
                "The column `compass_line` holds 'deepen', 'enhance' or 'expand', sometimes two of them "
                "('deepen; enhance'), and is empty when no line names the area."
            ),
            (
                "areas['compass_line'].str.contains('expand', na=False) is True where the expand line names the "
                "area; how do you count the True values?"
            ),
        ),
        solution="answer = int(areas['compass_line'].str.contains('expand', na=False).sum())",
        explanation=(
            f"The expand line names {len(_expand)} areas, all first named in "
            f"{' or '.join(map(str, _expand_years))}: " + ", ".join(_expand["area"]) + "."
        ),
        see="Chapter 2, section 'Where the areas sit in the Strategic Compass'",
    )

    # --- 2.4 Warsaw areas that no Compass line names -------------------------------------------------------
    _warsaw = warsaw_areas(_areas)
    _unnamed_warsaw = _warsaw.loc[_warsaw["compass_line"].isna(), "area"].tolist()
    _unnamed_all = _areas.loc[_areas["compass_line"].isna(), "area"].tolist()

    ex4 = Exercise(
        "2.4",
        "Which of the seven Warsaw areas does no Compass line name (in the course's reading)? Give their names.",
        kind="names",
        expected=_unnamed_warsaw,
        wrong={
            frozenset(_unnamed_all): "Those include areas added after Warsaw. Keep only the rows whose kind is "
            "'Warsaw area'.",
            frozenset(_warsaw.loc[_warsaw["compass_line"].notna(), "area"]): "Those are the Warsaw areas that a "
            "line does name: the opposite.",
            frozenset(_warsaw["area"]): "That is all seven Warsaw areas. Keep those whose compass_line is empty.",
        },
        hints=(
            "Two conditions: kind == 'Warsaw area' and an empty compass_line (.isna()).",
            "Combine the two conditions with & (each in brackets), filter, then take the 'area' column as a list.",
        ),
        solution="answer = areas[(areas['kind'] == 'Warsaw area') & areas['compass_line'].isna()]['area'].tolist()",
        explanation=(
            f"{' and '.join(_unnamed_warsaw)}: the factsheet's three Compass lines do not name them. "
            "That does not mean the work stopped; the lines pick out what the Compass proposes to deepen, "
            "enhance or expand."
        ),
        see="Chapter 2, section 'Where the areas sit in the Strategic Compass'",
    )

    # --- 2.5 countries in only one of the two organisations ---------------------------------------------------
    _eu_only = int((_now["group"] == "EU only").sum())
    _nato_only = int((_now["group"] == "NATO only").sum())

    ex5 = Exercise(
        "2.5",
        "On 7 March 2024, how many countries belonged to one of the two organisations but not to the other?",
        kind="int",
        expected=_eu_only + _nato_only,
        wrong={
            _eu_only: f"{_eu_only} are the EU members outside NATO. Add the Allies outside the EU.",
            _nato_only: f"{_nato_only} are the Allies outside the EU. Add the EU members outside NATO.",
            int(_now["both"].sum()): "That is the number in both. The question asks for those in only one.",
            len(_now): "That is every country in the table. Leave out those in both.",
        },
        hints=(
            "`now = data.membership_on('2024-03-07')` has a column `group`: 'both', 'EU only' or 'NATO only'.",
            "Count the rows whose group is not 'both': a condition with != gives True or False for each row.",
        ),
        solution="answer = int((now['group'] != 'both').sum())",
        explanation=(
            f"{_eu_only} EU members are not Allies and {_nato_only} Allies are not EU members: "
            f"{_eu_only + _nato_only} countries for whom inclusiveness is a live question."
        ),
        see="Chapter 2, section 'Inclusiveness'",
    )

    # --- 2.6 written: which principles apply? ----------------------------------------------------------------
    MODEL_ANSWER = (
        "Inclusiveness is the main principle at stake: cooperation is meant to be open to the members of both "
        "organisations, and an Ally outside the EU is exactly the kind of country the principle is about. "
        "Decision-making autonomy matters too: whether and how a non-EU country takes part in an EU exercise is "
        "for the EU to decide under its own rules, and taking part gives the Ally no vote in EU decisions; NATO "
        "cannot decide it for the EU. Reciprocity asks whether the same openness runs the other way, for example "
        "whether EU staff or EU members outside NATO can take part in NATO's side of parallel and coordinated "
        "exercises. Transparency means both organisations tell each other what is planned, so that the exercise "
        "and any NATO activity running in parallel fit together and nobody is surprised."
    )

    ex6 = Exercise(
        "2.6",
        "A NATO Ally that is not in the EU wants to take part in an EU exercise. Which of the four guiding "
        "principles apply, and how? Write a short paragraph (about 80 to 150 words).",
        kind="written",
        model_answer=MODEL_ANSWER,
        rubric=(
            (
                "name inclusiveness and explain that it is about letting members of one organisation that are not "
                "in the other take part?"
            ),
            "say that the decision stays with the EU (decision-making autonomy), and that taking part gives no vote?",
            "ask whether the openness runs both ways (reciprocity)?",
            "mention that each organisation keeps the other informed (transparency)?",
            "avoid inventing facts (no made-up exercise names, dates or countries' positions)?",
        ),
        min_words=40,
        max_words=250,
        hints=(
            "Take the four principles one at a time and ask whether the situation touches it.",
            (
                "Inclusiveness: who belongs to which organisation? Autonomy: who decides? Reciprocity: does the "
                "openness run both ways? Transparency: who needs to be told what?"
            ),
        ),
        see="Chapter 2, section 'The guiding principles'",
    )
    return locals()


__getattr__, __dir__ = lazy_exercises(__name__, _build)

__all__ = ["MODEL_ANSWER", "ex1", "ex2", "ex3", "ex4", "ex5", "ex6"]  # noqa: F822 (computed on first use)
