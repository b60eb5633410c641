"""Chapter 2's areas of EU-NATO cooperation, as tables for reading.

Chapter 2 used to draw three tile charts here. Two were lists of names in boxes (the agenda by year and the
capacity-building partners by region: a box's place and colour said nothing the column did not), and the third
(which Compass line names which area) repeated the relation Chapter 3's ``compass.areas_by_year_and_line`` draws
better, with the years and the Compass's date. A list of names reads best as a list, so each is now a table:

* :func:`agenda_table`: every area and topic with the year it was first named, its kind and the course's note on the year.
* :func:`partners_table`: the capacity-building partners, by region, with the source of each grouping.
* :func:`compass_reading`: each area with the Compass line(s) that name it and the line's own words.

Each returns an :func:`eunato.tables.for_reading` table (no row index, missing values shown as a dash).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import data, style
from ..tables import LearnerTable, for_reading
from ..wording import year_text

__all__ = [
    "COMPASS_LINES",
    "KIND_LOOK",
    "REGION_LOOK",
    "agenda_table",
    "areas_on_line",
    "compass_reading",
    "partners_table",
    "warsaw_areas",
]

AREAS_SOURCE = (
    "course table data/areas.csv: Warsaw Joint Declaration (8 Jul 2016); common set of new proposals "
    "(5 Dec 2017, NATO PR (2017) 174); Brussels Joint Declaration (10 Jul 2018); Joint Declaration of "
    "10 Jan 2023; EEAS factsheet 'EU-NATO Cooperation: a new era of interaction'"
)
CAPACITY_SOURCE = (
    "EEAS factsheet 'EU-NATO Cooperation: a new era of interaction' (the partners); regions: "
    "Council of the EU (Eastern Partnership), European Commission (Southern Neighbourhood), "
    "EEAS (Mauritania); course table data/capacity_building.csv"
)
COMPASS_SOURCE = (
    "EEAS factsheet 'EU-NATO Cooperation: a new era of interaction' (the three lines); "
    "course's reading: data/areas.csv, data/strategic_compass.csv"
)

# How each kind of area looks where a chart draws it (Chapter 3's chart, the area explorer's cards).
KIND_LOOK = {
    "Warsaw area": ("Warsaw area (2016)", style.CATEGORY_PALETTE[1], "o"),
    "topic added 2017": ("topic added in 2017", style.CATEGORY_PALETTE[2], "s"),
    "topic added 2018": ("topic added in 2018", style.CATEGORY_PALETTE[0], "D"),
    "area named 2023": ("area named in 2023", style.CATEGORY_PALETTE[3], "^"),
    "thread through all areas": ("thread through all areas", style.CATEGORY_PALETTE[4], "*"),
}
# Region: (colour, hatch); the order is the order the tables list the regions in.
REGION_LOOK = {
    "Western Balkans": (style.CATEGORY_PALETTE[4], ""),
    "Eastern neighbourhood": (style.CATEGORY_PALETTE[1], "//"),
    "Southern neighbourhood": (style.CATEGORY_PALETTE[0], ".."),
    "Sahel": (style.PALETTE["yellow"], "xx"),
}
REGION_ORDER = list(REGION_LOOK)
COMPASS_LINES = data.COMPASS_LINES


# --- small helpers the notebook and the exercises also use ------------------------------------------


def warsaw_areas(areas: pd.DataFrame) -> pd.DataFrame:
    """The seven areas of the 2016 Warsaw Joint Declaration, in the order of the table."""
    return areas[areas["kind"] == "Warsaw area"]


def areas_on_line(areas: pd.DataFrame, line: str) -> pd.DataFrame:
    """The areas that the course reads as named in one Compass line ('deepen', 'enhance' or 'expand')."""
    if line not in COMPASS_LINES:
        raise ValueError(f"line must be one of {COMPASS_LINES}, got {line!r}")
    return areas[areas["compass_line"].apply(lambda v: line in data.split_list(v))]


# --- the agenda by year ------------------------------------------------------------------------------


def agenda_table(areas: pd.DataFrame) -> LearnerTable:
    """Every area and topic with the year it was first named, its kind and the course's note on that year.

    Sorted by year, the year not verified last. An empty table is refused in one sentence."""
    if areas.empty:
        raise ValueError("The agenda table needs at least one area.")
    frame = areas.assign(_order=areas["year_added"].fillna(9999)).sort_values(["_order"], kind="stable")
    shown = pd.DataFrame(
        {
            "first named": [year_text(v) for v in frame["year_added"]],
            "area or topic": frame["area"].to_list(),
            "kind": frame["kind"].to_list(),
            "note on the year": [v if isinstance(v, str) and v else None for v in frame["year_note"]],
        }
    )
    return for_reading(shown)


# --- capacity-building partners by region -------------------------------------------------------


def _regions(capacity: pd.DataFrame, regions) -> list[str]:
    present = [r for r in REGION_ORDER if r in set(capacity["region"])]
    present += sorted(set(capacity["region"]) - set(present))
    if regions is None:
        return present
    return [r for r in present if r in set(regions)]


def partners_table(capacity: pd.DataFrame, regions: Sequence[str] | None = None) -> LearnerTable:
    """The capacity-building partners, region by region, with why each region (its source)."""
    chosen = _regions(capacity, regions)
    if not chosen:
        raise ValueError("Choose at least one region: " + ", ".join(_regions(capacity, None)) + ".")
    rows = []
    for region in chosen:
        for row in capacity[capacity["region"] == region].sort_values("partner").itertuples():
            note = row.region_note if isinstance(row.region_note, str) and row.region_note else ""
            rows.append(
                {
                    "region": region,
                    "partner": row.partner,
                    "note": note or None,
                    "source of the grouping": row.region_source,
                }
            )
    return for_reading(pd.DataFrame(rows))


# --- the Compass lines, in the factsheet's words -------------------------------------------------

NO_LINE = "no line names it"


def compass_reading(areas: pd.DataFrame) -> LearnerTable:
    """Each area with the Strategic Compass line(s) that name it (the course's reading) and the line's words.

    Chapter 3's ``areas_by_year_and_line`` draws the same reading against the years; this table gives the
    words, so a learner can check the reading against the factsheet."""
    if areas.empty:
        raise ValueError("The Compass reading needs at least one area.")
    lines, words = [], []
    for row in areas.itertuples():
        named = data.split_list(row.compass_line)
        lines.append(", ".join(named) if named else NO_LINE)
        text = row.compass_wording if isinstance(row.compass_wording, str) and row.compass_wording else None
        words.append(f"'{text}'" if text else None)
    shown = pd.DataFrame(
        {
            "area (year first named)": [
                f"{a} ({year_text(y)})" for a, y in zip(areas["area"], areas["year_added"], strict=True)
            ],
            "Compass line": lines,
            "the line's words in the factsheet": words,
        }
    )
    return for_reading(shown)
