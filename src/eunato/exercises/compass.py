"""Checkers for exercises/03_compass.ipynb: the Strategic Compass in the course's data.

Every expected answer is computed here from data/strategic_compass.csv, data/areas.csv and data/timeline.csv,
the same way the solution notebook computes it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import data, normalize
from ..checks import Exercise, describe, lazy_exercises
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
    _area_names = dict(zip(_areas["id"], _areas["area"]))

    COMPASS_DAYS = int(
        (_timeline.loc["compass-endorsed-2022", "date"] - _timeline.loc["compass-approved-2022", "date"]).days
    )

    OPERATIONAL_STRANDS = sorted(
        _strands.loc[_strands["related_areas"].map(lambda v: "operational" in data.split_list(v)), "id"]
    )
    OPERATIONAL_LINES = sorted(
        _lines.loc[_lines["related_areas"].map(lambda v: "operational" in data.split_list(v)), "id"]
    )
    _item_ids = {normalize.name_key(i): v for i, v in zip(_compass["item"], _compass["id"])}

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

    ex1 = Exercise(
        "3.1",
        "How many items does each of the three lines (deepen, enhance, expand) have?",
        kind="any",
        judge=_judge_counts,
        hints=(
            "The column `kind` is 'line' for the three lines and 'strand' for the four strands.",
            "Keep the rows whose kind is 'line', then count how often each value of `group` appears among them.",
        ),
        solution="lines = compass[compass['kind'] == 'line']\nanswer = lines['group'].value_counts()",
        see="Chapter 3, 'Three lines for EU-NATO cooperation'",
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

    ex2 = Exercise(
        "3.2",
        "Which areas named for the first time in the January 2023 Joint Declaration had the Compass's 'expand' line "
        "already listed? Give the area ids.",
        kind="names",
        judge=_judge_anticipated,
        hints=(
            "The areas named in 2023 have year_added == 2023 in `areas`.",
            (
                "Collect the related_areas of the 'expand' items with data.split_list(...), then keep the ones in the "
                "2023 set: set(expand_areas) & set(named_2023)."
            ),
        ),
        solution=(
            "named_2023 = set(areas[areas['year_added'] == 2023]['id'])\n"
            "expand = compass[compass['group'] == 'expand']\n"
            "expand_areas = {a for cell in expand['related_areas'] for a in data.split_list(cell)}\n"
            "answer = sorted(expand_areas & named_2023)"
        ),
    )

    # ---- exercise 3.3: days between approval and endorsement -----------------------------------------------

    ex3 = Exercise(
        "3.3",
        "How many days passed between the Council's approval of the Compass and its endorsement by the European Council?",
        kind="int",
        expected=COMPASS_DAYS,
        wrong={
            -COMPASS_DAYS: "That is the right size but negative: subtract the earlier date from the later one.",
            COMPASS_DAYS
            + 1: "That counts both the first and the last day. Subtracting the dates gives the days between.",
            COMPASS_DAYS - 1: "The European Council met on 24 and 25 March; the endorsement is dated on the 25th.",
        },
        hints=(
            "The two events are the timeline rows 'compass-approved-2022' and 'compass-endorsed-2022'.",
            "Subtract the two dates (later minus earlier) and take .days of the result.",
        ),
        solution=(
            "t = timeline.set_index('id')\n"
            "answer = (t.loc['compass-endorsed-2022', 'date'] - t.loc['compass-approved-2022', 'date']).days"
        ),
        explanation=(
            f"{COMPASS_DAYS} days: the Council approved the Compass on "
            f"{day_month_year(_timeline.loc['compass-approved-2022', 'date'])} and EU leaders endorsed it on "
            f"{day_month_year(_timeline.loc['compass-endorsed-2022', 'date'])}."
        ),
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

    ex4 = Exercise(
        "3.4",
        "Which items of the four strands are linked to the area 'operational' (operational cooperation including "
        "maritime issues)? Give their ids.",
        kind="names",
        judge=_judge_operational,
        hints=(
            "Keep the rows whose kind is 'strand'. Their related_areas hold area ids separated by semicolons.",
            (
                "Test each cell with 'operational' in data.split_list(cell) (use .map on the column), keep the rows "
                "where it is True, and take their ids."
            ),
        ),
        solution=(
            "strands = compass[compass['kind'] == 'strand']\n"
            "linked = strands['related_areas'].map(lambda cell: 'operational' in data.split_list(cell))\n"
            "answer = strands[linked]['id'].tolist()"
        ),
    )

    # ---- exercise 3.5: written -------------------------------------------------------------------------------

    _approved = _timeline.loc["compass-approved-2022", "date"]
    _declared = _timeline.loc["joint-declaration-2023", "date"]
    _earlier = _areas[_areas["year_added"].isna() | (_areas["year_added"] < _declared.year)]
    _earlier_kept = _earlier[_earlier["compass_line"].notna()]
    _hybrid_year = int(_areas.set_index("id").loc["hybrid", "year_added"])
    _fimi_line = _areas.set_index("id").loc["fimi", "compass_line"]

    ex5 = Exercise(
        "3.5",
        "Is the Compass's 'expand' line a change of direction for EU-NATO cooperation, or a continuation? Argue "
        "from the data in a short paragraph (about 80 to 150 words).",
        kind="written",
        min_words=60,
        max_words=250,
        hints=(
            "Compare the dates of 'compass-approved-2022' and 'joint-declaration-2023' in `timeline`: which came first?",
            (
                "Look at areas[areas['year_added'] == 2023][['id', 'compass_line']], and at the related_areas of the "
                "expand items: do any of them link to an older area too?"
            ),
            (
                "A good answer takes a side (change, continuation or both) and backs it with two or three facts from "
                "the tables."
            ),
        ),
        model_answer=(
            f"Both, but mostly a continuation that widens the partnership. The four 'expand' items (emerging and "
            f"disruptive technologies, climate change and defence, resilience, space) all match areas that the third "
            f"Joint Declaration of {day_month_year(_declared)} named, {DAYS_TO_DECLARATION} days after the Council approved "
            f"the Compass on {day_month_year(_approved)}. Three of them (technologies, climate, space) were new ground for the "
            f"two organisations together, and the Compass anticipated the Declaration rather than followed it. "
            f"Resilience was not new: it appears earlier under hybrid threats and as resilience to CBRN risks; what "
            f"2023 named was the resilience and protection of critical infrastructure. Yet "
            f"most of the earlier agenda stays: {len(_earlier_kept)} of the {len(_earlier)} earlier areas carry on under 'deepen' or "
            f"'enhance', and the hybrid-threats work has been on the agenda since {_hybrid_year}. "
            f"Foreign information manipulation, also first named in {_declared.year}, sits under '{_fimi_line}', not "
            f"'expand'. Expand adds new areas; it does not replace the old ones."
        ),
        rubric=(
            (
                "use the dates: the Compass (March 2022) came before the Joint Declaration (January 2023) that named the "
                "new areas?"
            ),
            "say which 'expand' items match areas first named in 2023 (technologies, climate, resilience, space)?",
            (
                "weigh the evidence for continuation: most earlier areas stay under deepen or enhance, and resilience "
                "builds on the hybrid-threats work begun in 2016?"
            ),
            (
                "reach a clear verdict (change, continuation, or both) and keep to what the data shows, without claims "
                "the course has not sourced?"
            ),
        ),
    )
    return locals()


__getattr__, __dir__ = lazy_exercises(__name__, _build)
