"""The capstone's own chart: where the learner's priority areas sit in the Strategic Compass's three lines.

Chapter 3's ``areas_by_year_and_line`` draws every area (Chapter 2 lists them in ``areas.compass_reading``); this chart draws
only the two or three areas a learner chose, large enough to read, with the Compass's wording for each.
The line an area falls under is the course's reading of the EEAS factsheet (``data/areas.csv``).
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .. import data, style
from ..wording import join_and, year_text
from .compass import LINE_LOOK, LINES, NO_LINE

__all__ = ["COLUMN_LABELS", "describe_priority_lines", "priority_lines_chart"]

COLUMN_LABELS = {
    "deepen": "Deepen\n(ongoing cooperation)",
    "enhance": "Enhance\n(common work)",
    "expand": "Expand\n(to new areas)",
    NO_LINE: "No line\nnames it",
}
SOURCE = (
    "EEAS factsheet 'EU-NATO Cooperation: a new era of interaction' (the three lines); course's reading: "
    "data/areas.csv (columns compass_line and compass_wording)"
)


def _wording(row, line: str) -> str:
    """The Compass wording for ``line`` (``data.compass_wording_by_line``), else the area's whole wording."""
    return data.compass_wording_by_line(row.compass_wording, row.compass_line).get(line) or (row.compass_wording or "")


def priority_lines_chart(areas: pd.DataFrame) -> style.CourseFigure:
    """One row per chosen area (``data.areas()`` rows), a marker under each Compass line that names it.

    Each line has its own colour and marker shape (as in Chapter 3), and the Compass's wording is written
    next to the marker, so nothing rests on colour alone.
    """
    needed = {"id", "area", "year_added", "compass_line", "compass_wording"}
    if needed - set(areas.columns):
        raise ValueError(f"priority_lines_chart needs the columns {sorted(needed)}")
    if areas.empty:
        raise ValueError("priority_lines_chart needs at least one area")
    columns = [*LINES, NO_LINE]
    n = len(areas)
    fig, ax = style.new_figure(10.5, 2.2 + 0.9 * n)
    ax.grid(False)
    for x in range(len(columns)):
        ax.axvline(x, color="#E5E5E5", linewidth=0.8, zorder=0)
    labels = []
    for y, row in enumerate(areas.itertuples()):
        labels.append("\n".join(textwrap.wrap(f"{row.area} ({year_text(row.year_added)})", 28)))
        if y % 2 == 0:
            ax.axhspan(y - 0.5, y + 0.5, color="#F4F4F4", zorder=0)
        lines = data.split_list(row.compass_line) or [NO_LINE]
        for line in lines:
            x = columns.index(line)
            colour, marker = LINE_LOOK[line]
            ax.plot(
                x,
                y,
                marker=marker,
                markersize=13,
                color=colour,
                linestyle="none",
                zorder=3,
                markeredgewidth=2.5 if marker == "x" else 1,
            )
            words = "not in the factsheet's summary" if line == NO_LINE else f"‘{_wording(row, line)}’"
            ax.text(
                x + 0.1,
                y,
                "\n".join(textwrap.wrap(words, 22)),
                va="center",
                ha="left",
                fontsize=9,
                fontstyle="italic",
                color="#333333",
            )
    ax.set_xlim(-0.3, len(columns) - 0.05)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xticks(range(len(columns)), [COLUMN_LABELS[c] for c in columns], fontsize=10)
    ax.xaxis.tick_top()
    for tick, column in zip(ax.xaxis.get_major_ticks(), columns, strict=False):
        tick.label2.set_color(style.readable(LINE_LOOK[column][0]))
        tick.label2.set_fontweight("bold")
    ax.set_yticks(range(n), labels, fontsize=10)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    named = sorted({ln for v in areas["compass_line"] for ln in data.split_list(v)}, key=LINES.index)
    outside = areas.loc[areas["compass_line"].isna(), "area"].tolist()
    if not named:
        title = f"No Compass line names your {'priority' if n == 1 else f'{n} priorities'}"
    else:
        title = f"Your {'priority falls' if n == 1 else f'{n} priorities fall'} under the Compass's " + (
            f"'{named[0]}' line" if len(named) == 1 else f"{join_and(named)} lines"
        )
        if outside:
            title += f"; no line names {join_and(outside)}"
    title = "\n".join(textwrap.wrap(title, 75))
    return style.finish(
        fig,
        ax,
        title=title + "\n",
        xlabel="Strategic Compass line (the course's reading)",
        ylabel=None,
        source=SOURCE,
        alt=describe_priority_lines(areas),
    )


def describe_priority_lines(areas: pd.DataFrame) -> str:
    """The chart in words: each chosen area, its year, and the line(s) that name it with their wording."""
    parts = []
    for row in areas.itertuples():
        lines = data.split_list(row.compass_line)
        where = (
            "no Compass line names it"
            if not lines
            else "; ".join(f"the {ln} line names it ('{_wording(row, ln)}')" for ln in lines)
        )
        parts.append(f"{row.area} (first named: {year_text(row.year_added)}): {where}")
    return (
        f"Grid of the {len(areas)} chosen area{'s' if len(areas) != 1 else ''} against the Strategic Compass's "
        "deepen, enhance and expand lines, as the course reads the EEAS factsheet. " + ". ".join(parts) + "."
    )
