"""Charts for Chapter 3, the EU Strategic Compass.

* :func:`areas_by_year_and_line`: a matrix of the areas of EU-NATO cooperation, by the year each entered
  the joint agenda (columns) and by the Compass line that names it (rows), with the Compass's approval
  drawn between the columns.
* :func:`strategies_timeline`: the strategy documents and declarations from 2022 on, one row each,
  with the confidence of each date shown in the label and by the marker.

Both are pure: DataFrames in, a Figure out, in the house style (``eunato.style``).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import pandas as pd

from .. import data, style
from ..dates import day_month_year
from ..wording import UNKNOWN_YEAR, join_and, year_text
from .history import CATEGORY_STYLE

LINES = data.COMPASS_LINES
NO_LINE = "no Compass line"
LINE_LOOK = {  # colour, marker: the line is told by its marker and its row as well as by colour
    "deepen": (style.CATEGORY_PALETTE[1], "o"),  # category colours: blue/orange/green mean membership
    "enhance": (style.CATEGORY_PALETTE[0], "s"),
    "expand": (style.CATEGORY_PALETTE[3], "^"),
    NO_LINE: (style.PALETTE["grey"], "x"),
}
AREAS_SOURCE = (
    "course tables data/areas.csv (when each area was first named: Warsaw Joint Declaration 2016, "
    "common proposals 2017, Joint Declarations 2018 and 2023; the line is the course's reading of the "
    "EEAS factsheet 'EU-NATO Cooperation: a new era of interaction') and data/timeline.csv "
    "(Council press release, 21 Mar 2022)"
)
STRATEGY_SOURCE = (
    "course table data/timeline.csv: Council press release 21 Mar 2022; European Council 24-25 Mar 2022; "
    "NATO 2022 Strategic Concept; Joint Declaration 10 Jan 2023; Joint White Paper 19 Mar 2025; "
    "NATO Hague Summit Declaration 25 Jun 2025"
)
STRATEGY_EVENTS = (
    "russia-invasion-2022",
    "compass-approved-2022",
    "compass-endorsed-2022",
    "strategic-concept-2022",
    "joint-declaration-2023",
    "white-paper-2025",
    "hague-summit-2025",
)


def area_matrix(areas: pd.DataFrame) -> pd.DataFrame:
    """One row per (area, line): columns id, area, year (a year as text, or 'year not verified') and line.

    An area that two lines name (operational cooperation: deepen and enhance) gets two rows; an area that
    no line names gets the line 'no Compass line'.
    """
    rows = []
    for row in areas.itertuples():
        year = year_text(row.year_added)
        for line in data.split_list(row.compass_line) or [NO_LINE]:
            rows.append({"id": row.id, "area": row.area, "year": year, "line": line})
    return pd.DataFrame(rows, columns=["id", "area", "year", "line"])


def _columns(matrix: pd.DataFrame) -> list[str]:
    years = sorted(y for y in matrix["year"].unique() if y != UNKNOWN_YEAR)
    return years + ([UNKNOWN_YEAR] if (matrix["year"] == UNKNOWN_YEAR).any() else [])


def _wrap(text: str, width: int = 24) -> list[str]:
    return textwrap.wrap(text, width=width) or [""]


def areas_by_year_and_line(areas: pd.DataFrame, timeline: pd.DataFrame | None = None) -> style.CourseFigure:
    """Dot matrix: columns = year an area entered the EU-NATO agenda, rows = Compass line, labels = areas.

    ``areas`` is ``data.areas()``; ``timeline`` (default ``data.timeline()``) supplies the date of the Compass,
    drawn as a dashed line between the last column before it and the first after it.
    """
    needed = {"id", "area", "year_added", "compass_line"}
    if needed - set(areas.columns):
        raise ValueError(f"areas_by_year_and_line needs the columns {sorted(needed)}")
    timeline = data.timeline() if timeline is None else timeline
    matrix = area_matrix(areas)
    columns = _columns(matrix)
    rows = [line for line in (*LINES, NO_LINE) if (matrix["line"] == line).any()]

    # height of each row = the tallest cell in it, counted in text lines
    cells = {(r, c): matrix[(matrix["line"] == r) & (matrix["year"] == c)] for r in rows for c in columns}

    def cell_height(cell):
        return sum(len(_wrap(a)) + 0.5 for a in cell["area"])

    heights = [max(1.6, max(cell_height(cells[(r, c)]) for c in columns) + 0.6) for r in rows]
    total = sum(heights)

    fig, ax = style.new_figure(11.5, 1.6 + total * 0.2)
    ax.grid(False)
    top = 0.0
    centres = []
    for r, h in zip(rows, heights, strict=True):
        colour, marker = LINE_LOOK[r]
        centres.append(top + h / 2)
        for ci, c in enumerate(columns):
            y = top + 0.5
            for area in cells[(r, c)]["area"]:
                lines = _wrap(area)
                ax.plot(
                    ci - 0.44,
                    y + 0.45,
                    marker=marker,
                    color=colour,
                    markersize=8,
                    linestyle="none",
                    markeredgewidth=2 if marker == "x" else 1,
                )
                ax.text(ci - 0.37, y, "\n".join(lines), va="top", ha="left", fontsize=9.5, linespacing=1.15)
                y += len(lines) + 0.5
        top += h
        ax.axhline(top, color="#D0D0D0", linewidth=0.8)
    for ci in range(1, len(columns)):
        ax.axvline(ci - 0.5, color="#E5E5E5", linewidth=0.8)

    compass = timeline.loc[timeline["id"] == "compass-approved-2022", "date"]
    after = None
    if not compass.empty:
        year = compass.iloc[0].year
        dated = [i for i, c in enumerate(columns) if c != UNKNOWN_YEAR]
        after = next((i for i in dated if int(columns[i]) > year), None)
        if after is not None and after > 0:
            # a little left of the column edge, so that it does not touch the markers of the next column
            ax.axvline(after - 0.56, color=style.PALETTE["vermillion"], linestyle="--", linewidth=1.8)
            ax.text(
                after - 0.6,
                0.3,
                f"Strategic Compass\napproved\n{day_month_year(compass.iloc[0], short=True)}",
                ha="right",
                va="top",
                fontsize=9.5,
                color=style.readable(style.PALETTE["vermillion"]),
                fontweight="bold",
            )

    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(total, -0.3)
    ax.set_xticks(range(len(columns)), [c.replace(" ", "\n", 1) if c == UNKNOWN_YEAR else c for c in columns])
    ax.xaxis.tick_top()
    ax.set_yticks(centres, [r.replace("no Compass line", "no Compass\nline") for r in rows], fontsize=11)
    for label, r in zip(ax.get_yticklabels(), rows, strict=True):
        label.set_color(style.readable(LINE_LOOK[r][0]) if r != NO_LINE else style.PALETTE["grey"])
        label.set_fontweight("bold")
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)

    expand = matrix[matrix["line"] == "expand"]
    expand_years = sorted(expand["year"].unique())
    if len(expand_years) == 1 and expand_years[0] != UNKNOWN_YEAR:
        title = (
            f"All {len(expand)} areas on the Compass's 'expand' line were named as areas of joint work in "
            f"{expand_years[0]}, after the Compass"
        )
    else:
        title = "The areas of EU-NATO cooperation by the year they were first named and by Compass line"
    return style.finish(
        fig,
        ax,
        title=style.wrap(title, 88),
        xlabel="Year the area was first named on the EU-NATO agenda (columns are not evenly spaced in time)",
        ylabel="Strategic Compass line",
        source=AREAS_SOURCE,
        alt=describe_areas_by_year_and_line(areas, timeline),
    )


def describe_areas_by_year_and_line(areas: pd.DataFrame, timeline: pd.DataFrame | None = None) -> str:
    """The matrix in words: for each line, which areas and which years."""
    timeline = data.timeline() if timeline is None else timeline
    matrix = area_matrix(areas)
    parts = []
    for line in (*LINES, NO_LINE):
        sub = matrix[matrix["line"] == line]
        if sub.empty:
            continue
        years = "; ".join(f"{y}: {join_and(list(sub.loc[sub['year'] == y, 'area']))}" for y in _columns(sub))
        name = f"The '{line}' line" if line != NO_LINE else "No Compass line"
        parts.append(f"{name} ({len(sub)} areas): {years}.")
    twice = matrix["id"].value_counts()
    twice = matrix.loc[matrix["id"].isin(twice[twice > 1].index), "area"].unique()
    compass = timeline.loc[timeline["id"] == "compass-approved-2022", "date"]
    text = (
        f"Matrix of {areas['id'].nunique()} areas of EU-NATO cooperation, by the year each was first named on the "
        f"joint agenda and by the Strategic Compass line that names it. " + " ".join(parts)
    )
    if len(twice):
        text += f" {', '.join(twice)} appears under two lines."
    if not compass.empty:
        text += f" A dashed line marks the Compass's approval on {day_month_year(compass.iloc[0])}."
    return text


def strategies_timeline(timeline: pd.DataFrame, ids: Sequence[str] = STRATEGY_EVENTS) -> style.CourseFigure:
    """One row per event (the Compass, NATO's Strategic Concept, the 2023 Joint Declaration, what came after).

    Markers are filled for high-confidence dates and hollow for medium ones, and the label says so too.
    """
    events = timeline[timeline["id"].isin(ids)].sort_values("date").reset_index(drop=True)
    if events.empty:
        raise ValueError("strategies_timeline: none of the requested events is in the timeline")
    fig, ax = style.new_figure(11.0, 1.5 + 0.55 * len(events))
    start, end = events["date"].min(), events["date"].max()
    span = end - start
    colours = {kind: look[0] for kind, look in CATEGORY_STYLE.items()}  # as on the course timeline
    markers = {"strategy": "o", "declaration": "D", "context": "X", "defence spending": "s"}
    for i, ev in events.iterrows():
        colour = colours.get(ev["category"], style.PALETTE["black"])
        marker = markers.get(ev["category"], "o")
        high = str(ev["confidence"]).startswith("high")
        ax.plot(
            ev["date"],
            i,
            marker=marker,
            markersize=10,
            color=colour,
            linestyle="none",
            markerfacecolor=colour if high else "white",
            markeredgewidth=2,
        )
        label = f"{day_month_year(ev['date'], short=True)}  {ev['title']}" + (
            "" if high else f"  ({ev['confidence']} confidence)"
        )
        right = ev["date"] - start > span * 0.55
        ax.annotate(
            label,
            (ev["date"], i),
            xytext=(-12 if right else 12, 0),
            textcoords="offset points",
            ha="right" if right else "left",
            va="center",
            fontsize=10,
        )
    ax.set_ylim(len(events) - 0.5, -0.6)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    pad = span * 0.03
    ax.set_xlim(start - pad, end + pad)
    ax.grid(axis="y", visible=False)
    handles = [
        ax.plot([], [], marker=markers[k], color=colours[k], linestyle="none", markersize=8, label=k)[0]
        for k in colours
        if (events["category"] == k).any()
    ]
    ax.legend(
        handles=handles,
        loc="upper right",
        ncols=2,
        title="Kind of event\n(hollow marker = medium-confidence date)",
        fontsize=9,
        title_fontsize=9,
    )
    style.date_ticks(ax, start - pad, end + pad, months=(1, 7), fmt="%b %Y")
    first = events.iloc[0]
    decl = events[events["category"] == "declaration"]
    if first["category"] == "context" and not decl.empty:
        months = math.ceil((decl["date"].min() - first["date"]).days / 30.44)
        title = (
            f"Within {months} months of Russia's full-scale invasion came the Compass, NATO's new "
            f"Strategic Concept\nand a third EU-NATO Joint Declaration"
        )
    else:
        title = f"{len(events)} steps in EU and NATO strategy, {start:%B %Y} to {end:%B %Y}"
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel="Date",
        ylabel=None,
        source=STRATEGY_SOURCE,
        alt=describe_strategies_timeline(events),
    )


def describe_strategies_timeline(events: pd.DataFrame) -> str:
    """The timeline in words, event by event, with the confidence of the medium dates."""
    events = events.sort_values("date")
    items = [
        f"{day_month_year(ev.date)}, {ev.title}"
        + ("" if str(ev.confidence).startswith("high") else f" ({ev.confidence} confidence)")
        for ev in events.itertuples()
    ]
    return (
        f"Timeline of {len(events)} events from {events['date'].min():%B %Y} to {events['date'].max():%B %Y}: "
        + "; ".join(items)
        + "."
    )
