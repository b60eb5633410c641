"""Chapter 3, the EU Strategic Compass: the Compass explorer and the small helpers the notebook calls.

* :func:`group_card` (pure): a line (deepen, enhance, expand) or a strand (act, secure, invest, partner) as an
  HTML card: its items, the areas of Chapter 2 they connect to, and the timeline events linked to them,
  each marked as before or after the Compass was approved.
* :func:`compass_explorer`: the card behind a dropdown.
* :func:`items`, :func:`connections`, :func:`key_events`, :func:`days_between`: tables and numbers for the
  notebook's cells, all computed from ``data/strategic_compass.csv``, ``areas.csv`` and ``timeline.csv``.
* :func:`sort_question`: the self-check in which the learner sorts the items into deepen, enhance, expand.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from .. import data, style
from ..dates import day_month_year
from ..questions import SortQuestion
from ..tables import for_reading
from ..widgets import Choice, Explorer
from ..wording import join_and, year_text

LINES = data.COMPASS_LINES
STRANDS = ("act", "secure", "invest", "partner")
GROUPS = LINES + STRANDS
COMPASS_EVENT = "compass-approved-2022"

# What each line asks, in the words of the EEAS factsheet 'EU-NATO Cooperation: a new era of interaction'
# ("deepen ongoing cooperation", "enhance common work", "expand cooperation to new areas").
LINE_MEANING = {
    "deepen": "deepen ongoing cooperation",
    "enhance": "enhance common work",
    "expand": "expand cooperation to new areas",
}
FACTSHEET = "EEAS factsheet 'EU-NATO Cooperation: a new era of interaction'"


def items(group: str | None = None, kind: str | None = None) -> pd.DataFrame:
    """The Compass items (all, one kind: 'line' or 'strand', or one group), in the order of the data table."""
    table = data.strategic_compass()
    if kind is not None:
        table = table[table["kind"] == kind]
    if group is not None:
        table = table[table["group"] == group]
    return for_reading(table.reset_index(drop=True))


def compass_date(timeline: pd.DataFrame | None = None) -> pd.Timestamp:
    """The day the Council approved the Compass (from data/timeline.csv)."""
    timeline = data.timeline() if timeline is None else timeline
    return timeline.loc[timeline["id"] == COMPASS_EVENT, "date"].iloc[0]


def key_events(ids: Sequence[str], description: bool = False) -> pd.DataFrame:
    """Timeline rows for the given ids, in date order, with the columns a reader needs (date, title, source,
    confidence; and the description if asked)."""
    timeline = data.timeline()
    rows = timeline[timeline["id"].isin(list(ids))].sort_values("date")
    columns = ["date", "title"] + (["description"] if description else []) + ["source", "confidence"]
    out = rows[columns].reset_index(drop=True)
    out["date"] = out["date"].dt.strftime("%d %b %Y")
    return for_reading(out)


def days_between(first_id: str, second_id: str) -> int:
    """Days from one timeline event to another (positive when the second comes later)."""
    timeline = data.timeline().set_index("id")
    return int((timeline.loc[second_id, "date"] - timeline.loc[first_id, "date"]).days)


def connections(group: str) -> pd.DataFrame:
    """One row per link of an item of ``group``: to an area of Chapter 2 or to a timeline event.

    Columns: item, link ('area' or 'event'), id, name, when (the area's year, or the event's date),
    relative ('before the Compass' / 'after the Compass' for events; '' for areas), confidence (of the linked row).
    """
    table = items(group)
    areas = data.areas().set_index("id")
    timeline = data.timeline().set_index("id")
    approved = compass_date(timeline.reset_index())
    rows = []
    for row in table.itertuples():
        for ref in data.split_list(row.related_areas):
            year = areas.loc[ref, "year_added"]
            rows.append(
                {
                    "item": row.item,
                    "link": "area",
                    "id": ref,
                    "name": areas.loc[ref, "area"],
                    "when": year_text(year),
                    "relative": "",
                    "confidence": areas.loc[ref, "confidence"],
                }
            )
        for ref in data.split_list(row.timeline_events):
            when = timeline.loc[ref, "date"]
            rows.append(
                {
                    "item": row.item,
                    "link": "event",
                    "id": ref,
                    "name": timeline.loc[ref, "title"],
                    "when": f"{when:%d %b %Y}",
                    "relative": "before the Compass" if when < approved else "after the Compass",
                    "confidence": timeline.loc[ref, "confidence"],
                }
            )
    return for_reading(pd.DataFrame(rows, columns=["item", "link", "id", "name", "when", "relative", "confidence"]))


def _heading(group: str, table: pd.DataFrame) -> str:
    if group in LINES:
        return (
            f"<h4 style='margin:0.2em 0'>{html.escape(group.capitalize())}: a line for EU-NATO cooperation</h4>"
            f"<p style='margin:0.2em 0'>The Compass proposes to <strong>{html.escape(LINE_MEANING[group])}</strong> "
            f"(wording of the {html.escape(FACTSHEET)}).</p>"
        )
    headline = table.loc[table["id"].str.endswith("-headline"), "item"]
    said = (
        f" In the Council's words: <em>\u201c{html.escape(headline.iloc[0])}\u201d</em>." if not headline.empty else ""
    )
    return (
        f"<h4 style='margin:0.2em 0'>{html.escape(group.capitalize())}: one of the Compass's four strands</h4>"
        f"<p style='margin:0.2em 0'>The strands organise the whole Compass, not only its work with NATO.{said}</p>"
    )


def group_card(group: str | None) -> str:
    """HTML card for one line or strand: items, connected areas, linked timeline events. Pure."""
    if group in (None, "") or (isinstance(group, (list, tuple, set)) and not group):
        return (
            "<p class='eunato-empty'>No line or strand chosen. Pick one of deepen, enhance, expand "
            "(the lines for EU-NATO cooperation) or act, secure, invest, partner (the four strands).</p>"
        )
    if group not in GROUPS:
        return (
            f"<p class='eunato-empty'>{html.escape(str(group))!s} is not a line or strand of the Compass. "
            f"Choose one of: {', '.join(GROUPS)}.</p>"
        )
    table = items(group)
    links = connections(group)
    areas_all = data.areas().set_index("id")
    rows = []
    for row in table.itertuples():
        mine = links[links["item"] == row.item]
        area_links = mine[mine["link"] == "area"]
        event_links = mine[mine["link"] == "event"]
        area_cell = (
            "<br>".join(
                f"{html.escape(a.name)} <span style='color:#555'>({html.escape(a.when)})</span>"
                for a in area_links.itertuples()
            )
            or "<em>none in the course's table</em>"
        )
        event_cell = (
            "<br>".join(
                f"{html.escape(e.when)}: {html.escape(e.name)} "
                f"<span style='color:#555'>[{html.escape(e.relative)}"
                f"{'' if str(e.confidence).startswith('high') else '; ' + html.escape(str(e.confidence)) + ' confidence'}]</span>"
                for e in event_links.itertuples()
            )
            or "<em>no event in the course timeline</em>"
        )
        what = (
            "<em>the strand's headline, in the Council's words</em>"
            if row.id.endswith("-headline")
            else html.escape(row.description)
        )
        rows.append(
            f"<tr><td><strong>{html.escape(row.item)}</strong><br>{what}</td>"
            f"<td>{area_cell}</td><td>{event_cell}</td><td>{html.escape(row.confidence)}</td></tr>"
        )
    cell = "style='text-align:left;vertical-align:top;padding:0.3em 0.5em;border-bottom:1px solid #DDD'"
    head = "".join(
        f"<th {cell}>{h}</th>"
        for h in (
            "Item",
            "Areas of Chapter 2 (year first named)",
            "Linked events in the course timeline",
            "Confidence of the item",
        )
    )
    body = "".join(rows).replace("<td>", f"<td {cell}>")
    events = links[links["link"] == "event"].drop_duplicates("id")
    areas = links[links["link"] == "area"].drop_duplicates("id")
    before = int((events["relative"] == "before the Compass").sum())
    after = len(events) - before
    span = _named_in(areas_all.loc[list(areas["id"]), "year_added"])
    summary = (
        f"<p style='margin:0.4em 0'><strong>In numbers:</strong> {len(table)} item{'s' if len(table) != 1 else ''}, "
        f"connected to {len(areas)} area{'s' if len(areas) != 1 else ''} of Chapter 2{span}; "
        + (
            f"{len(events)} linked event{'s' if len(events) != 1 else ''} in the course timeline "
            f"({before} before the Compass of {day_month_year(compass_date())}, {after} after).</p>"
            if len(events)
            else "no linked event in the course timeline.</p>"
        )
    )
    sources = "; ".join(sorted(table["source"].unique()))
    return (
        f"<div class='eunato-compass-card' style='border-left:5px solid {style.CATEGORY_PALETTE[1]};padding:0.3em 0.8em'>"
        f"{_heading(group, table)}{summary}"
        f"<table style='border-collapse:collapse;font-size:0.92em'><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
        f"<p style='color:#555;font-size:0.85em;margin:0.4em 0'>Sources: {html.escape(sources)}. "
        f"Which areas and events an item connects to is the course's reading.</p></div>"
    )


def _named_in(years: pd.Series) -> str:
    """When the linked areas were first named on the joint agenda, newest year first: ', of which 4 were first
    named on the joint agenda in 2023 and 1 in 2016' ('; all were first named ... in 2016' when one year holds them
    all). An area whose year the data leaves empty is counted as not verified."""
    counts = years.dropna().astype(int).value_counts().sort_index(ascending=False)
    unknown = int(years.isna().sum())
    if counts.empty:
        return ""
    if len(counts) == 1 and not unknown:
        return f"; {'it was' if len(years) == 1 else 'all were'} first named on the joint agenda in {counts.index[0]}"
    parts = [f"{count} in {year}" for year, count in counts.items()]
    first = counts.iloc[0]
    parts[0] = f"{first} {'was' if first == 1 else 'were'} first named on the joint agenda in {counts.index[0]}"
    if unknown:
        parts.append(f"{unknown} in a year not verified")
    return ", of which " + join_and(parts)


def compass_explorer() -> Explorer:
    options = [(f"{g} (line for EU-NATO cooperation)", g) for g in LINES] + [
        (f"{g} (strand of the whole Compass)", g) for g in STRANDS
    ]
    return Explorer(
        group_card,
        title="The Compass explorer",
        description="Choose a line or a strand to see its items, the areas of Chapter 2 they connect to, "
        "and the events in the course timeline linked to them.",
        controls={"group": Choice("Line or strand", options, default="expand")},
        static_note="It lists, for the line or strand you choose, its items, their areas and linked events.",
    )


def sort_feedback(lines: pd.DataFrame | None = None) -> dict[str, str]:
    """For each line item, why it belongs to its line, with the year its main area (the first listed in
    ``related_areas``) entered the joint agenda, from data/areas.csv."""
    lines = items(kind="line") if lines is None else lines
    areas = data.areas().set_index("id")
    out = {}
    for row in lines.itertuples():
        refs = data.split_list(row.related_areas)
        main_year = areas.loc[refs[0], "year_added"] if refs else pd.NA
        since = "" if pd.isna(main_year) else f" (its area has been on the joint agenda since {int(main_year)})"
        if row.group == "expand":
            why = "a new area for cooperation"
            if not pd.isna(main_year):
                why += f": it became a named area of EU-NATO cooperation only in {int(main_year)}"
            older = [
                (areas.loc[r, "area"], int(areas.loc[r, "year_added"]))
                for r in refs[1:]
                if not pd.isna(areas.loc[r, "year_added"])
                and not pd.isna(main_year)
                and areas.loc[r, "year_added"] < main_year
            ]
            if older:
                why += f", though it builds on older work under '{older[0][0]}' ({older[0][1]})"
        elif row.group == "enhance":
            why = (
                f"common work the two already do{since} and should do more of; the factsheet lists it apart "
                "from the 'deepen' items"
            )
        else:
            why = f"ongoing cooperation{since} that the Compass wants to take further"
        out[row.item] = f"it belongs under '{row.group}': {why}."
    return out


def sort_question() -> SortQuestion:
    """Sort the 13 line items into deepen, enhance, expand (answers and feedback from the data)."""
    lines = items(kind="line")
    areas = data.areas().set_index("id")
    old = int(areas.loc[["hybrid", "operational"], "year_added"].max())
    expand_refs = [r for refs in lines.loc[lines["group"] == "expand", "related_areas"] for r in data.split_list(refs)]
    new = int(areas.loc[expand_refs, "year_added"].max())
    return SortQuestion(
        "Put each item of the Compass's proposals for EU-NATO cooperation in its line: deepen (ongoing "
        "cooperation), enhance (common work) or expand (new areas).",
        answers=dict(zip(lines["item"], lines["group"], strict=True)),
        groups=list(LINES),
        explanation=(
            ", ".join(f"{(lines['group'] == g).sum()} {g}" for g in LINES)
            + f": the three lists of the EEAS factsheet. Maritime security and countering hybrid threats "
            f"belong to areas first named in {old} but sit under 'enhance', not 'deepen'; every "
            f"'expand' item matches an area first named in {new}."
        ),
        feedback=sort_feedback(lines),
        see="the section 'Three lines for EU-NATO cooperation'",
    )
