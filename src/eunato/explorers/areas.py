"""Chapter 2 explorer: a card for each area of EU-NATO cooperation.

``area_card(area)`` is the pure update function (an area id in, HTML out); ``area_explorer()`` wires
it to a dropdown. The card says what the area is about, gives the factsheet's examples, when the area
entered the agenda (or that the year is not verified), its source, and where it sits in the
Strategic Compass's deepen / enhance / expand lines, clearly marked as the course's reading.
"""

from __future__ import annotations

import html

import pandas as pd

from .. import data, style
from ..widgets import Choice, Explorer
from ..wording import UNKNOWN_YEAR, join_and

__all__ = ["KIND_SENTENCE", "area_card", "area_explorer", "area_options"]

KIND_SENTENCE = {
    "Warsaw area": "One of the seven areas named in the Warsaw Joint Declaration.",
    "thread through all areas": "Not one of the seven Warsaw areas: a thread that runs through all of them.",
    "topic added 2017": "A topic added to the agenda after Warsaw, with the second common set of actions.",
    "topic added 2018": "A topic added to the agenda after Warsaw.",
    "area named 2023": "An area named in the third Joint Declaration.",
}
_KIND_SHORT = {
    "Warsaw area": "Warsaw 2016",
    "thread through all areas": "Thread",
    "topic added 2017": "Added 2017",
    "topic added 2018": "Added 2018",
    "area named 2023": "Named 2023",
}
LINES = data.COMPASS_LINES
LINE_MEANING = {
    "deepen": "ongoing cooperation to deepen",
    "enhance": "common work to enhance",
    "expand": "cooperation to expand to new areas",
}


def area_options(areas: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """(label, id) pairs for the dropdown, in the order of the table: 'Warsaw 2016: Countering hybrid threats'."""
    areas = data.areas() if areas is None else areas
    return [(f"{_KIND_SHORT.get(r.kind, r.kind)}: {r.area}", r.id) for r in areas.itertuples()]


def _message(text: str) -> str:
    return f"<div class='eunato-explorer-message' role='status' style='color:#8A3B00'>{html.escape(text)}</div>"


def _since(row) -> str:
    if pd.isna(row.year_added):
        note = (row.year_note or "").strip()
        return UNKNOWN_YEAR.capitalize() + ". " + note + ("" if not note or note.endswith(".") else ".")
    text = str(int(row.year_added))
    if row.year_note:
        text += f" ({row.year_note})"
    return text


def _compass_strip(row, compass: pd.DataFrame) -> str:
    named = set(data.split_list(row.compass_line))
    wording = data.compass_wording_by_line(row.compass_wording, row.compass_line)
    items = compass[
        (compass["kind"] == "line") & compass["related_areas"].apply(lambda v: row.id in data.split_list(v))
    ]
    boxes = []
    for line in LINES:
        builds = items.loc[items["group"] == line, "item"].tolist()
        if line in named:
            look = f"border:2px solid {style.PALETTE['blue']};background:#E3EEF8"
            body = f"<strong>✔ names it</strong><br><em>‘{html.escape(wording.get(line, ''))}’</em>"
        elif builds:
            look = f"border:2px dashed {style.PALETTE['blue']};background:#FFFFFF"
            body = "◯ builds on it: " + html.escape("; ".join(builds))
        else:
            look = "border:1px solid #B0B0B0;background:#F4F4F4;color:#555"
            body = "– not named here"
        boxes.append(
            f"<div style='flex:1;padding:0.4em 0.6em;border-radius:4px;{look}'>"
            f"<strong>{line.capitalize()}</strong><br><small>{LINE_MEANING[line]}</small><br>{body}</div>"
        )
    verdict = (
        "No Compass line names this area."
        if not named
        else f"Named in the {join_and(ln for ln in LINES if ln in named)} line{'s' if len(named) > 1 else ''}."
    )
    return (
        f"<p style='margin:0.6em 0 0.2em'><strong>Where it sits in the Strategic Compass</strong> "
        f"<small>(the course's reading of the EEAS factsheet, not an official classification)</small>: "
        f"{html.escape(verdict)}</p>"
        f"<div style='display:flex;gap:0.5em'>{''.join(boxes)}</div>"
    )


def area_card(area: str | None) -> str:
    """HTML card for the area with this id (see ``data.areas()['id']``); a sentence if none or unknown."""
    if area is None or (isinstance(area, str) and not area.strip()):
        return _message("Pick an area from the menu to see its card.")
    areas = data.areas()
    match = areas[areas["id"] == area]
    if match.empty:
        return _message(f"There is no area called {area!r}. Pick one from the menu.")
    row = next(match.itertuples())
    examples = "".join(f"<li>{html.escape(e)}</li>" for e in data.split_list(row.examples))
    kind = KIND_SENTENCE.get(row.kind, row.kind)
    return (
        f"<div class='eunato-area-card' style='border:1px solid #B0B0B0;border-radius:6px;padding:0.6em 0.9em'>"
        f"<h4 style='margin:0 0 0.3em'>{html.escape(row.area)}</h4>"
        f"<p style='margin:0'><em>{html.escape(kind)}</em></p>"
        f"<p><strong>What it is about</strong> (the course's words): {html.escape(row.description)}</p>"
        f"<p style='margin-bottom:0'><strong>Examples</strong> (as the source names them):</p>"
        f"<ul style='margin-top:0.2em'>{examples}</ul>"
        f"<p><strong>First named on the agenda:</strong> {html.escape(_since(row))}</p>"
        f"{_compass_strip(row, data.strategic_compass())}"
        f"<p style='margin-top:0.6em;font-size:0.85em;color:#555'><strong>Source:</strong> "
        f"{html.escape(row.source)}. Confidence: {html.escape(row.confidence)}.</p></div>"
    )


def area_explorer(default: str = "hybrid") -> Explorer:
    """A dropdown of every area in data/areas.csv; the card of the area picked."""
    options = area_options()
    return Explorer(
        area_card,
        title="Area cards",
        description="Pick an area from the menu (or click it and use the arrow keys).",
        controls={"area": Choice("Area", options, default=default)},
        static_note="For each area it shows what it is about, examples, when it was first named on the agenda, its "
        "source, and where it sits in the Strategic Compass's three lines.",
    )
