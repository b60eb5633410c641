"""Checkers for exercises/03_compass.ipynb: the Strategic Compass in the course's data.

Every expected answer is computed here from data/strategic_compass.csv, data/areas.csv and data/timeline.csv,
the same way the solution notebook computes it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import data, normalize
from ..checks import describe, judged, lazy_exercises
from ..dates import day_month_year
from ..feedback import Feedback


def _build() -> dict:
    """Compute every expected answer from the course data (on first use, not at import)."""
    _compass = data.strategic_compass()
    _areas = data.areas()
    _timeline = data.timeline().set_index("id")
    _lines = _compass[_compass["kind"] == "line"]
    _strands = _compass[_compass["kind"] == "strand"]

    LINE_COUNTS = {g: int(n) for g, n in _lines["group"].value_counts().items()}
    ALL_GROUP_COUNTS = {g: int(n) for g, n in _compass["group"].value_counts().items()}

    _named_2023 = set(_areas.loc[_areas["year_added"] == 2023, "id"])
    _expand_refs = {
        r for refs in _lines.loc[_lines["group"] == "expand", "related_areas"] for r in data.split_list(refs)
    }
    ANTICIPATED = sorted(_expand_refs & _named_2023)
    _area_names = dict(zip(_areas["id"], _areas["area"], strict=True))

    COMPASS_DAYS = int(
        (_timeline.loc["compass-endorsed-2022", "date"] - _timeline.loc["compass-approved-2022", "date"]).days
    )

    OPERATIONAL_STRANDS = sorted(
        _strands.loc[_strands["related_areas"].map(lambda v: "operational" in data.split_list(v)), "id"]
    )
    OPERATIONAL_LINES = sorted(
        _lines.loc[_lines["related_areas"].map(lambda v: "operational" in data.split_list(v)), "id"]
    )
    _item_ids = {normalize.name_key(i): v for i, v in zip(_compass["item"], _compass["id"], strict=True)}

    DAYS_TO_DECLARATION = int(
        (_timeline.loc["joint-declaration-2023", "date"] - _timeline.loc["compass-approved-2022", "date"]).days
    )

    # ---- exercise 3.1: items per line ------------------------------------------------------------------

    def _judge_counts(answer) -> Feedback:
        if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if not isinstance(answer, Mapping):
            return Feedback(
                "invalid",
                f"You gave {describe(answer)}; the answer is a count for each line: a pandas "
                "Series from .value_counts(), or a dictionary such as {'deepen': 1, 'enhance': 2, 'expand': 3}.",
            )
        if not answer:
            return Feedback("invalid", "Your answer is empty: it has no lines in it. Check the filter you used.")
        given = {normalize.name_key(k): normalize.whole_number(v) for k, v in answer.items()}
        if any(v is None for v in given.values()):
            bad = next(v for v in answer.values() if normalize.whole_number(v) is None)
            return Feedback(
                "invalid",
                f"Each count should be a whole number, such as {{'deepen': 1}}; {describe(bad)} is not one "
                "(a count is never a fraction, and a truth value is not a count).",
            )
        if given == LINE_COUNTS:
            return Feedback(
                "correct",
                f"{LINE_COUNTS['deepen']} items deepen ongoing cooperation, "
                f"{LINE_COUNTS['enhance']} enhance common work and {LINE_COUNTS['expand']} expand it to new "
                "areas.",
                see="Chapter 3, 'Three lines for EU-NATO cooperation'",
            )
        if given == ALL_GROUP_COUNTS or set(given) > set(LINE_COUNTS):
            return Feedback(
                "incorrect",
                "Your counts include the strands (act, secure, invest, partner). Keep only the rows whose kind is 'line'.",
            )
        missing = sorted(set(LINE_COUNTS) - set(given))
        if missing:
            return Feedback(
                "incorrect",
                f"The line(s) {', '.join(missing)} are missing. There are three lines: deepen, enhance, expand.",
            )
        wrong = [g for g in LINE_COUNTS if given.get(g) != LINE_COUNTS[g]]
        return Feedback(
            "incorrect",
            f"The count for {', '.join(wrong)} is not right. Count the rows of each group "
            "among the rows whose kind is 'line'.",
        )

    ex1 = judged(
        "3.1",
        judge=_judge_counts,
    )

    # ---- exercise 3.2: which 2023 areas did 'expand' anticipate? ----------------------------------------

    def _to_area_ids(answer: set) -> set | Feedback:
        by_name = {normalize.name_key(name): i for i, name in _area_names.items()}
        out = set()
        for item in answer:
            key = normalize.name_key(item)
            if key in _area_names:
                out.add(key)
            elif key in by_name:
                out.add(by_name[key])
            else:
                return Feedback(
                    "invalid",
                    f"'{item}' is not an area id or area name in areas.csv. Use the ids "
                    "(such as 'space') from the column `id`.",
                )
        return out

    def _judge_anticipated(answer) -> Feedback:
        ids = _to_area_ids(answer)
        if isinstance(ids, Feedback):
            return ids
        want = set(ANTICIPATED)
        if ids == want:
            names = [_area_names[i] for i in ANTICIPATED]
            return Feedback(
                "correct",
                f"The Compass's 'expand' line of March 2022 already listed {len(want)} of the "
                f"{len(_named_2023)} areas the January 2023 Joint Declaration named: "
                + "; ".join(names)
                + f". (A fifth, foreign information manipulation, is under '{_fimi_line}'.)",
                see="Chapter 3, 'The Compass beside NATO's Strategic Concept'",
            )
        extra, missing = sorted(ids - want), sorted(want - ids)
        details = []
        for area in extra:
            if area not in _named_2023:
                year = _areas.set_index("id").loc[area, "year_added"]
                details.append(
                    f"'{area}' is linked to an 'expand' item but was not named in 2023"
                    + ("" if pd.isna(year) else f" (it was first named on the agenda in {int(year)})")
                    + "."
                )
            elif area not in _expand_refs:
                line = _areas.set_index("id").loc[area, "compass_line"]
                details.append(
                    f"'{area}' was named in 2023, but "
                    + (f"the Compass puts it under '{line}', not 'expand'." if line else "no Compass line names it.")
                )
        if missing:
            details.append(f"{len(missing)} missing (for example '{missing[0]}').")
        status = "partly" if ids & want else "incorrect"
        return Feedback(
            status,
            f"You have {len(ids & want)} of the {len(want)} areas.",
            tuple(details),
            see="Chapter 3, the chart of areas by year and line",
        )

    ex2 = judged(
        "3.2",
        judge=_judge_anticipated,
    )

    # ---- exercise 3.3: days between approval and endorsement -----------------------------------------------

    ex3 = judged(
        "3.3",
        values={
            "days": COMPASS_DAYS,
            "approved": day_month_year(_timeline.loc["compass-approved-2022", "date"]),
            "endorsed": day_month_year(_timeline.loc["compass-endorsed-2022", "date"]),
        },
        expected=COMPASS_DAYS,
        wrong={
            -COMPASS_DAYS: "That is the right size but negative: subtract the earlier date from the later one.",
            COMPASS_DAYS
            + 1: "That counts both the first and the last day. Subtracting the dates gives the days between.",
            COMPASS_DAYS - 1: "The European Council met on 24 and 25 March; the endorsement is dated on the 25th.",
        },
    )

    # ---- exercise 3.4: strand items linked to the 'operational' area -----------------------------------------

    def _judge_operational(answer) -> Feedback:
        ids = set()
        for item in answer:
            key = normalize.name_key(item)
            if key.replace(" ", "-") in set(_compass["id"]):
                ids.add(key.replace(" ", "-"))
            elif key in _item_ids:
                ids.add(_item_ids[key])
            else:
                return Feedback(
                    "invalid",
                    f"'{item}' is not an id (or item) in the Compass table. Use the ids from "
                    "the column `id`, such as 'act-rdc'.",
                )
        want = set(OPERATIONAL_STRANDS)
        if ids == want:
            return Feedback(
                "correct",
                f"All {len(want)} are items of the 'act' strand: in the course's reading, "
                "acting in crises is where the Compass meets operational cooperation.",
                see="Chapter 3, 'The four strands'",
            )
        details = []
        lines = sorted(ids & set(OPERATIONAL_LINES))
        if lines:
            details.append(
                f"{', '.join(lines)}: linked to 'operational', but these are lines for EU-NATO "
                "cooperation, not strands. Keep the rows whose kind is 'strand'."
            )
        other = sorted(ids - want - set(OPERATIONAL_LINES))
        if other:
            details.append(f"{', '.join(other)}: not linked to the 'operational' area.")
        missing = sorted(want - ids)
        if missing:
            details.append(f"{len(missing)} missing (for example '{missing[0]}').")
        return Feedback(
            "partly" if ids & want else "incorrect",
            f"You have {len(ids & want)} of the {len(want)} items.",
            tuple(details),
        )

    ex4 = judged(
        "3.4",
        judge=_judge_operational,
    )

    # ---- exercise 3.5: written -------------------------------------------------------------------------------

    _approved = _timeline.loc["compass-approved-2022", "date"]
    _declared = _timeline.loc["joint-declaration-2023", "date"]
    _earlier = _areas[_areas["year_added"].isna() | (_areas["year_added"] < _declared.year)]
    _earlier_kept = _earlier[_earlier["compass_line"].notna()]
    _hybrid_year = int(_areas.set_index("id").loc["hybrid", "year_added"])
    _fimi_line = _areas.set_index("id").loc["fimi", "compass_line"]

    ex5 = judged(
        "3.5",
        values={
            "declared": day_month_year(_declared),
            "days_to_declaration": DAYS_TO_DECLARATION,
            "approved": day_month_year(_approved),
            "earlier_kept": len(_earlier_kept),
            "earlier": len(_earlier),
            "hybrid_year": _hybrid_year,
            "declared_year": _declared.year,
            "fimi_line": _fimi_line,
        },
    )
    return locals()


__getattr__, __dir__ = lazy_exercises(__name__, _build, chapter="compass")
