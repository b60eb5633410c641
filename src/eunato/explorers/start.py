"""The small widget of the start-here notebook: membership in one year, in numbers and names."""

from __future__ import annotations

import html

from .. import data
from ..widgets import Explorer, Number


def year_in_numbers(year: int) -> str:
    """HTML: how many countries were in the EU, in NATO and in both at the end of ``year``, and who joined."""
    table = data.members()
    snap = data.membership_on(year, table)
    joined_eu = sorted(table.loc[table["eu_accession_year"] == year, "country"])
    joined_nato = sorted(table.loc[table["nato_accession_year"] == year, "country"])
    left_eu = sorted(table.loc[table["eu_exit_date"].dt.year == year, "country"])
    eu_word = "EU" if year >= 1993 else "European Communities (today's EU)"
    lines = [
        (
            f"<p><strong>At the end of {year}:</strong> {int(snap['eu'].sum())} countries in the {eu_word}, "
            f"{int(snap['nato'].sum())} in NATO, <strong>{int(snap['both'].sum())} in both</strong>.</p>"
        )
    ]
    events = []
    if joined_eu:
        events.append(f"joined the {eu_word}: {html.escape(', '.join(joined_eu))}")
    if left_eu:
        events.append(f"left the EU: {html.escape(', '.join(left_eu))}")
    if joined_nato:
        events.append(f"joined NATO: {html.escape(', '.join(joined_nato))}")
    lines.append(
        "<p>In that year " + "; ".join(events) + ".</p>"
        if events
        else "<p>Nobody joined or left either organisation that year.</p>"
    )
    return "".join(lines)


def year_explorer() -> Explorer:
    last = data.last_accession_year()
    return Explorer(
        year_in_numbers,
        title="Membership in one year",
        description="Drag the slider (or click it and use the arrow keys) to pick a year.",
        controls={"year": Number("Year", 1949, last, default=1949)},
        static_note="It shows how many countries belonged to the EU, to NATO and to both in the year you pick.",
    )
