"""Checkers for exercises/02_areas.ipynb: the areas of cooperation, the partners and the principles.

Expected answers are computed from the course's data (data/areas.csv, data/capacity_building.csv,
data/members.csv), the same way the solution notebook computes them.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import data, normalize
from ..charts.areas import areas_on_line, warsaw_areas
from ..checks import Feedback, describe, judged, lazy_exercises


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

    ex1 = judged(
        "2.1",
        values={
            "partners": len(_capacity),
            "region_count": len(_by_region),
            "regions": "; ".join(f"{r}: {', '.join(p)}" for r, p in _by_region.items()),
        },
        judge=_judge_regions,
    )

    # --- 2.2 areas that entered the agenda after 2016 ----------------------------------------------------
    _after_2016 = _areas.loc[_areas["year_added"].notna() & (_areas["year_added"] > 2016), "area"].tolist()
    _dialogue = _areas.loc[_areas["id"] == "dialogue", "area"].tolist()
    _added_2017 = _areas.loc[_areas["year_added"] == 2017, "area"].tolist()

    ex2 = judged(
        "2.2",
        values={
            "after": len(_after_2016),
            "in_2017": len(_added_2017),
            "in_2018": int((_areas["year_added"] == 2018).sum()),
            "in_2023": int((_areas["year_added"] == 2023).sum()),
        },
        expected=_after_2016,
        wrong={
            frozenset(_after_2016 + _dialogue): "Political dialogue has no year in the table: the year it became a "
            "heading is not verified, so it cannot count as 'after 2016'.",
            frozenset(_added_2017): "Those are only the topics of 2017. Later years count too (2018 and 2023).",
            frozenset(_areas.loc[_areas["year_added"] > 2016, "id"]): "Those are the short ids. Give the names from "
            "the 'area' column.",
            frozenset(_areas["area"]): "That is every area, including the seven Warsaw areas of 2016.",
        },
    )

    # --- 2.3 how many areas the expand line covers ---------------------------------------------------------
    _expand = areas_on_line(_areas, "expand")
    _expand_years = sorted(int(y) for y in _expand["year_added"].dropna().unique())

    ex3 = judged(
        "2.3",
        values={
            "expand": len(_expand),
            "years": " or ".join(map(str, _expand_years)),
            "expand_areas": ", ".join(_expand["area"]),
        },
        expected=len(_expand),
        wrong={
            len(_areas): "That is every area in the table. Keep only those whose compass_line names 'expand'.",
            int(_areas["compass_line"].notna().sum()): "That counts every area named by any line. Keep only 'expand'.",
            0: "None? Check for the word 'expand' with .str.contains('expand', na=False): some cells hold two lines.",
        },
    )

    # --- 2.4 Warsaw areas that no Compass line names -------------------------------------------------------
    _warsaw = warsaw_areas(_areas)
    _unnamed_warsaw = _warsaw.loc[_warsaw["compass_line"].isna(), "area"].tolist()
    _unnamed_all = _areas.loc[_areas["compass_line"].isna(), "area"].tolist()

    ex4 = judged(
        "2.4",
        values={"unnamed": " and ".join(_unnamed_warsaw)},
        expected=_unnamed_warsaw,
        wrong={
            frozenset(_unnamed_all): "Those include areas added after Warsaw. Keep only the rows whose kind is "
            "'Warsaw area'.",
            frozenset(_warsaw.loc[_warsaw["compass_line"].notna(), "area"]): "Those are the Warsaw areas that a "
            "line does name: the opposite.",
            frozenset(_warsaw["area"]): "That is all seven Warsaw areas. Keep those whose compass_line is empty.",
        },
    )

    # --- 2.5 countries in only one of the two organisations ---------------------------------------------------
    _eu_only = int((_now["group"] == "EU only").sum())
    _nato_only = int((_now["group"] == "NATO only").sum())

    ex5 = judged(
        "2.5",
        values={"eu_only": _eu_only, "nato_only": _nato_only, "total": _eu_only + _nato_only},
        expected=_eu_only + _nato_only,
        wrong={
            _eu_only: f"{_eu_only} are the EU members outside NATO. Add the Allies outside the EU.",
            _nato_only: f"{_nato_only} are the Allies outside the EU. Add the EU members outside NATO.",
            int(_now["both"].sum()): "That is the number in both. The question asks for those in only one.",
            len(_now): "That is every country in the table. Leave out those in both.",
        },
    )

    # --- 2.6 written: which principles apply? ----------------------------------------------------------------

    ex6 = judged(
        "2.6",
    )
    return locals()


__getattr__, __dir__ = lazy_exercises(
    __name__, _build, chapter="areas", aliases={"MODEL_ANSWER": ("ex6", "model_answer")}
)

__all__ = ["MODEL_ANSWER", "ex1", "ex2", "ex3", "ex4", "ex5", "ex6"]  # noqa: F822 (computed on first use)
