"""Chapter 1 (history): the timeline explorer and the tables the chapter shows.

The explorer's update function, :func:`timeline_view`, is pure: a period (two years) and a tuple of
event categories in, a chart and an HTML list of the chosen events out (or a sentence when nothing
is chosen). The other functions return small DataFrames for the notebook to show.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .. import data
from ..charts import history as history_charts
from ..tables import for_reading
from ..widgets import Explorer, Multi, Range

__all__ = [
    "event_list",
    "events_html",
    "events_in",
    "report_dates",
    "signatories",
    "timeline_explorer",
    "timeline_view",
    "topics_added",
]


def _categories(events: pd.DataFrame) -> list[str]:
    present = set(events["category"])
    order = [c for c in history_charts.CATEGORY_ORDER if c in present]
    return order + sorted(present - set(order))


def events_in(
    period: tuple[int, int] | None = None, categories: Sequence[str] | None = None, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The events whose year lies in ``period`` (from, to; both included) and whose category is chosen."""
    events = data.timeline() if events is None else events
    if period is not None:
        low, high = period
        years = events["date"].dt.year
        events = events[(years >= low) & (years <= high)]
    if categories is not None:
        events = events[events["category"].isin(list(categories))]
    return events.sort_values("date", kind="stable").reset_index(drop=True)


def event_list(events: pd.DataFrame) -> pd.DataFrame:
    """The events as a table to read: number (as on the chart), date, title, kind, description, source."""
    table = history_charts.numbered(events)
    out = pd.DataFrame(
        {
            "#": table["n"],
            "date": [f"{d.day} {d:%b %Y}" for d in table["date"]],
            "event": table["title"],
            "kind": table["category"],
            "what happened": table["description"],
            "source": table["source"],
            "confidence": table["confidence"],
        }
    )
    return for_reading(out.set_index("#"), index=True)


def events_html(events: pd.DataFrame) -> str:
    """An HTML table of the events (numbered as on the chart) with their one-line description and source."""
    table = event_list(events)
    head = "".join(
        f"<th style='text-align:left'>{html.escape(c)}</th>"
        for c in ["#", "date", "event", "kind", "what happened", "source"]
    )
    rows = []
    for n, row in table.iterrows():
        cells = [str(n), row["date"], row["event"], row["kind"], row["what happened"], row["source"]]
        rows.append(
            "<tr>"
            + "".join(f"<td style='text-align:left;vertical-align:top'>{html.escape(str(c))}</td>" for c in cells)
            + "</tr>"
        )
    caption = (
        f"<caption style='text-align:left;caption-side:top'><strong>{len(table)} event"
        f"{'s' if len(table) != 1 else ''}</strong> (numbers match the chart)</caption>"
    )
    return (
        f"<table class='eunato-events' style='border-collapse:collapse;font-size:0.9em'>{caption}"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _message(text: str) -> str:
    return f"<p class='eunato-explorer-empty' role='status'><em>{html.escape(text)}</em></p>"


def timeline_view(period: tuple[int, int] = (2001, 2025), categories: Sequence[str] | None = None) -> Any:
    """Update function of the timeline explorer: (chart, HTML list) for the chosen years and kinds of event.

    With no kind of event chosen, or no event in the chosen years, it returns one sentence saying so.
    """
    everything = data.timeline()
    if categories is None:
        categories = tuple(_categories(everything))
    low, high = period
    if not categories:
        return _message(
            "No kind of event is chosen. Choose at least one in the list (Ctrl-click or Cmd-click to choose several)."
        )
    chosen = events_in((low, high), categories, everything)
    if chosen.empty:
        names = ", ".join(categories)
        span = f"in {low}" if low == high else f"from {low} to {high}"
        return _message(
            f"The course data has no event of the kind chosen ({names}) {span}. "
            "Widen the period or choose more kinds of event."
        )
    lanes = [c for c in _categories(everything) if c in set(chosen["category"])]
    fig = history_charts.timeline_chart(chosen, start=low, end=high, categories=lanes)
    empty = [c for c in _categories(everything) if c in categories and c not in lanes]
    note = _message("No event in these years of the kind: " + ", ".join(empty) + ".") if empty else ""
    return fig, events_html(chosen) + note


def timeline_explorer() -> Explorer:
    """The chapter's timeline explorer: a period of years and the kinds of event to show."""
    events = data.timeline()
    first, last = int(events["date"].dt.year.min()), int(events["date"].dt.year.max())
    cats = _categories(events)
    return Explorer(
        timeline_view,
        title="Explore the timeline of EU-NATO relations",
        description=(
            "Drag the two ends of the slider to choose a period. In the list, Ctrl-click (Cmd-click on "
            "a Mac) or Shift-click to choose several kinds of event. The chart and the list below redraw."
        ),
        controls={
            "period": Range("Years", first, last, default=(first, last)),
            "categories": Multi("Kinds of event", cats, default=cats, rows=len(cats)),
        },
        static_note=(
            f"It shows the {len(events)} events of data/timeline.csv ({first}-{last}) on a chart and "
            "lists the chosen ones with their description and source."
        ),
    )


# --- tables for the chapter --------------------------------------------------------------------------

_PERSON = re.compile(r"^(?P<person>[^()]+?)\s*\((?P<office>[^()]+)\)$")


def _side(office: str) -> str:
    return "NATO" if "NATO" in office else "EU"


def signatories(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per signatory of each Joint Declaration: declaration, date, person, office, side (EU or NATO)."""
    events = data.timeline() if events is None else events
    decl = events[events["category"] == "declaration"].sort_values("date")
    rows = []
    for row in decl.itertuples():
        for actor in data.split_list(row.actors):
            match = _PERSON.match(actor)
            person, office = (match["person"], match["office"]) if match else (actor, "")
            rows.append(
                {
                    "declaration": row.title,
                    "date": f"{row.date.day} {row.date:%b %Y}",
                    "person": person,
                    "office": office,
                    "side": _side(office) if office else "",
                }
            )
    return for_reading(pd.DataFrame(rows, columns=["declaration", "date", "person", "office", "side"]))


def report_dates(reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The joint progress reports with how precisely each date is known, and what is not verified."""
    reports = data.progress_reports() if reports is None else reports
    out = reports[["number", "date", "date_precision", "date_note", "period_covered", "confidence"]].copy()
    out["date_note"] = out["date_note"].fillna("")
    out["how precise"] = out["date_precision"].map(history_charts.PRECISION_WORDS)
    shown = out[["number", "date", "how precise", "date_note", "period_covered", "confidence"]]
    return for_reading(shown.set_index("number"), index=True, empty="")


def topics_added(areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """The areas and topics of cooperation by the year they entered the agenda (data/areas.csv)."""
    areas = data.areas() if areas is None else areas
    table = areas.dropna(subset=["year_added"]).sort_values(["year_added"], kind="stable")
    return for_reading(table[["year_added", "area", "kind", "source"]].reset_index(drop=True))
