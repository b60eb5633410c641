"""Charts of the areas of EU-NATO cooperation (Chapter 2).

* :func:`agenda_growth`: when each area or topic entered the agenda (2016, 2017, 2018, 2023), as
  labelled tiles in one column per year, with political dialogue apart (its year is not verified).
* :func:`capacity_partners`: the partners named for capacity-building, as tiles grouped by region.
* :func:`compass_matrix`: which areas the Strategic Compass's deepen / enhance / expand lines name
  (the course's reading of the EEAS factsheet).

Each chart has a ``describe_...`` twin that says what it shows in words (its alt text).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd
from matplotlib.patches import FancyBboxPatch

from .. import data, style
from ..wording import UNKNOWN_YEAR, join_and, year_text

__all__ = [
    "COMPASS_LINES",
    "KIND_LOOK",
    "REGION_LOOK",
    "agenda_growth",
    "areas_on_line",
    "capacity_partners",
    "compass_matrix",
    "describe_agenda_growth",
    "describe_capacity_partners",
    "describe_compass_matrix",
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

# How each kind of area looks: (short label, colour, marker). Marker and label carry the meaning too.
KIND_LOOK = {
    "Warsaw area": ("Warsaw area (2016)", style.CATEGORY_PALETTE[1], "o"),
    "topic added 2017": ("topic added in 2017", style.CATEGORY_PALETTE[2], "s"),
    "topic added 2018": ("topic added in 2018", style.CATEGORY_PALETTE[0], "D"),
    "area named 2023": ("area named in 2023", style.CATEGORY_PALETTE[3], "^"),
    "thread through all areas": ("thread through all areas", style.CATEGORY_PALETTE[4], "*"),
}
# Region: (colour, hatch), so that regions differ in pattern as well as colour.
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


def _tile(ax, x, y, width, height, text, *, colour, hatch="", fontsize=9.5, alpha=0.28):
    """A rounded tile with its text. The axes' limits come from _tile_axes, so the boxes are added with
    add_artist: add_patch would work out each rounded box's data limits from its Bezier curves (slow)."""

    def box(**style):
        patch = FancyBboxPatch(
            (x, y), width, height, boxstyle="round,pad=0.0,rounding_size=0.06", transform=ax.transData, **style
        )
        patch.set_in_layout(False)
        return ax.add_artist(patch)

    box(facecolor=colour, alpha=alpha, edgecolor="none")
    if hatch:
        box(facecolor="none", edgecolor=colour, hatch=hatch, linewidth=0, alpha=0.55)
    box(facecolor="none", edgecolor=colour, linewidth=1.4)
    ax.text(x + 0.06, y + height / 2, text, va="center", ha="left", fontsize=fontsize, color="black").set_in_layout(
        False
    )


def _tile_axes(ax, n_columns: int, n_rows: int):
    ax.set_xlim(-0.05, n_columns - 0.05)
    ax.set_ylim(n_rows + 0.1, -0.1)  # row 0 at the top
    ax.grid(False)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", length=0)


# --- chart 1: the agenda year by year ------------------------------------------------------------


def _agenda_columns(areas: pd.DataFrame):
    dated = areas[areas["year_added"].notna()]
    years = sorted(int(y) for y in dated["year_added"].unique())
    columns = [(str(y), dated[dated["year_added"] == y]) for y in years]
    undated = areas[areas["year_added"].isna()]
    if len(undated):
        columns.append((UNKNOWN_YEAR, undated))
    return columns


def agenda_growth(areas: pd.DataFrame) -> style.CourseFigure:
    """Tiles, one column per year an area or topic entered the agenda; undated rows in a last column.

    ``areas`` is ``eunato.data.areas()``. Tile colour, a marker and the legend give the kind of area.
    """
    needed = {"area", "kind", "year_added"}
    if needed - set(areas.columns):
        raise ValueError(f"agenda_growth needs the columns {sorted(needed)}")
    if areas.empty:
        raise ValueError("agenda_growth needs at least one area")
    columns = _agenda_columns(areas)
    rows = max(len(rows) for _, rows in columns)
    fig, ax = style.new_figure(11.0, 1.0 + 0.78 * rows + 1.3)
    _tile_axes(ax, len(columns), rows)
    for col, (_, rows_in) in enumerate(columns):
        for row, item in enumerate(rows_in.itertuples()):
            label, colour, marker = KIND_LOOK[item.kind]
            text = "\n".join(textwrap.wrap(item.area, 22))
            _tile(
                ax,
                col + 0.02,
                row + 0.06,
                0.9,
                0.82,
                "     " + text.replace("\n", "\n     "),
                colour=colour,
                fontsize=8.8,
            )
            ax.plot(
                col + 0.11,
                row + 0.47,
                marker=marker,
                color=colour,
                markersize=11 if marker == "*" else 8,
                markeredgecolor="black",
                markeredgewidth=0.5,
                clip_on=False,
            )
    ax.set_xticks(
        [c + 0.47 for c in range(len(columns))],
        [f"{name}\n({len(rows_in)} {'item' if len(rows_in) == 1 else 'items'})" for name, rows_in in columns],
    )
    kinds = [k for k in KIND_LOOK if k in set(areas["kind"])]
    for kind in kinds:
        label, colour, marker = KIND_LOOK[kind]
        ax.plot(
            [],
            [],
            marker=marker,
            color=colour,
            linestyle="",
            markersize=8,
            markeredgecolor="black",
            markeredgewidth=0.5,
            label=label,
        )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=len(kinds), fontsize=9, handletextpad=0.3)
    warsaw = int((areas["kind"] == "Warsaw area").sum())
    later = areas[areas["year_added"].notna() & (areas["year_added"] > areas["year_added"].min())]
    last = int(areas["year_added"].max())
    title = f"{warsaw} areas in 2016, {len(later)} more topics and areas named by {last}"
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel="Year the area or topic was first named on the agenda",
        ylabel="Areas and topics",
        source=AREAS_SOURCE,
        alt=describe_agenda_growth(areas),
    )


def describe_agenda_growth(areas: pd.DataFrame) -> str:
    parts = []
    for name, rows_in in _agenda_columns(areas):
        parts.append(f"{name}: {join_and(rows_in['area'].tolist())}")
    return (
        "Tiles grouped by the year each area or topic of EU-NATO cooperation was first named on the agenda. "
        + "; ".join(parts)
        + "."
    )


# --- chart 2: capacity-building partners by region ----------------------------------------------


def _regions(capacity: pd.DataFrame, regions) -> list[str]:
    present = [r for r in REGION_ORDER if r in set(capacity["region"])]
    present += sorted(set(capacity["region"]) - set(present))
    if regions is None:
        return present
    return [r for r in present if r in set(regions)]


def capacity_partners(capacity: pd.DataFrame, regions: Sequence[str] | None = None) -> style.CourseFigure:
    """Tiles of the capacity-building partners, one column per region (colour and hatching per region).

    ``capacity`` is ``eunato.data.capacity_building()``; ``regions`` optionally keeps only some regions.
    """
    needed = {"partner", "iso2", "region"}
    if needed - set(capacity.columns):
        raise ValueError(f"capacity_partners needs the columns {sorted(needed)}")
    chosen = _regions(capacity, regions)
    if not chosen:
        raise ValueError("choose at least one region that has partners")
    table = capacity[capacity["region"].isin(chosen)]
    rows = int(table["region"].value_counts().max())
    fig, ax = style.new_figure(10.0, 1.4 + 0.75 * rows + 1.0)
    _tile_axes(ax, len(chosen), rows)
    for col, region in enumerate(chosen):
        colour, hatch = REGION_LOOK.get(region, (style.PALETTE["grey"], ""))
        for row, item in enumerate(table[table["region"] == region].itertuples()):
            # name and code wrapped together, so that a long name's code goes to the next line inside the tile
            label = "\n".join(textwrap.wrap(f"{item.partner}\u00a0\u00a0({item.iso2})", 22))
            _tile(ax, col + 0.03, row + 0.08, 0.88, 0.8, label, colour=colour, hatch=hatch, fontsize=10, alpha=0.22)
    counts = table["region"].value_counts()
    ax.set_xticks(
        [c + 0.47 for c in range(len(chosen))],
        [f"{r}\n({counts[r]} partner{'s' if counts[r] != 1 else ''})" for r in chosen],
    )
    biggest = counts.idxmax()
    if len(chosen) == 1:
        title = f"{len(table)} capacity-building partner{'s' if len(table) != 1 else ''} in the {biggest}"
    else:
        title = (
            f"{len(table)} capacity-building partners in {len(chosen)} regions; "
            f"the largest group is the {biggest} ({counts[biggest]})"
        )
    if (counts == counts.max()).sum() != 1:
        title = f"{len(table)} capacity-building partners in {len(chosen)} regions"
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel="Region (the course's grouping, with its sources)",
        ylabel="Partners",
        source=CAPACITY_SOURCE,
        alt=describe_capacity_partners(capacity, regions),
    )


def describe_capacity_partners(capacity: pd.DataFrame, regions: Sequence[str] | None = None) -> str:
    chosen = _regions(capacity, regions)
    parts = []
    for region in chosen:
        names = capacity.loc[capacity["region"] == region, "partner"].tolist()
        parts.append(f"{region}: {join_and(names)}")
    return "Tiles of the partners the EU and NATO help build capacity, grouped by region. " + "; ".join(parts) + "."


# --- chart 3: areas against the three Compass lines -----------------------------------------------


def _related(compass: pd.DataFrame | None) -> set[tuple[str, str]]:
    """(area id, line) pairs where a Compass line item lists the area as related (strategic_compass.csv)."""
    if compass is None:
        return set()
    pairs = set()
    for row in compass[compass["kind"] == "line"].itertuples():
        for area in data.split_list(row.related_areas):
            pairs.add((area, row.group))
    return pairs


def compass_matrix(areas: pd.DataFrame, compass: pd.DataFrame | None = None) -> style.CourseFigure:
    """A grid: one row per area, one column per Compass line; a filled dot where the line names the area.

    ``compass`` (``eunato.data.strategic_compass()``) adds hollow rings where a line's item lists the area
    as related although the line does not name it. Rows without any mark say 'no line names it'.
    """
    needed = {"id", "area", "kind", "year_added", "compass_line"}
    if needed - set(areas.columns):
        raise ValueError(f"compass_matrix needs the columns {sorted(needed)}")
    if areas.empty:
        raise ValueError("compass_matrix needs at least one area")
    related = _related(compass)
    n = len(areas)
    fig, ax = style.new_figure(10.0, 1.6 + 0.34 * n + 0.9)
    ax.set_xlim(-0.5, len(COMPASS_LINES) + 1.4)
    ax.set_ylim(n - 0.4, -0.6)
    ax.grid(False)
    for x in range(len(COMPASS_LINES)):
        ax.axvline(x, color="#E5E5E5", linewidth=0.8, zorder=0)
    labels = []
    named_dot = ringed = False
    for y, row in enumerate(areas.itertuples()):
        lines = data.split_list(row.compass_line)
        _label, _colour, _marker = KIND_LOOK[row.kind]
        year = year_text(row.year_added)
        labels.append(f"{row.area} ({year})")
        if y % 2 == 0:
            ax.axhspan(y - 0.5, y + 0.5, color="#F4F4F4", zorder=0)
        for x, line in enumerate(COMPASS_LINES):
            if line in lines:
                ax.plot(x, y, marker="o", markersize=11, color=style.CATEGORY_PALETTE[1], zorder=3)
                named_dot = True
            elif (row.id, line) in related:
                ax.plot(
                    x,
                    y,
                    marker="o",
                    markersize=11,
                    markerfacecolor="white",
                    markeredgecolor=style.CATEGORY_PALETTE[1],
                    markeredgewidth=1.8,
                    zorder=3,
                )
                ringed = True
        if not lines:
            ax.text(
                len(COMPASS_LINES) - 0.55,
                y,
                "no line names it",
                va="center",
                fontsize=9,
                color=style.readable(style.PALETTE["vermillion"], "#F4F4F4"),
                fontstyle="italic",
            )
    ax.set_yticks(range(n), labels, fontsize=9.5)
    ax.set_xticks(range(len(COMPASS_LINES)), [line.capitalize() for line in COMPASS_LINES])
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    handles = []
    if named_dot:
        handles.append(
            ax.plot(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=10,
                color=style.CATEGORY_PALETTE[1],
                label="the line names this area (course's reading)",
            )[0]
        )
    if ringed:
        handles.append(
            ax.plot(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=10,
                markerfacecolor="white",
                markeredgecolor=style.CATEGORY_PALETTE[1],
                markeredgewidth=1.8,
                label="a line item builds on this area",
            )[0]
        )
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.01), ncol=2, fontsize=9)
    warsaw = warsaw_areas(areas)
    if len(warsaw):
        in_line = warsaw[warsaw["compass_line"].notna()]
        none = warsaw.loc[warsaw["compass_line"].isna(), "area"].tolist()
        title = f"{len(in_line)} of the {len(warsaw)} Warsaw areas appear in a Compass line"
        if none:
            title += f"; no line names {join_and(none, 'or').lower()}"
    else:
        title = f"{int(areas['compass_line'].notna().sum())} of {n} areas appear in a Compass line"
    # the title runs across the whole figure, from its left edge (the row names take half the width, and a
    # title over the grid alone was squeezed into three lines there)
    title = style.wrap(title, 86)
    style.finish(
        fig,
        ax,
        title=title,
        xlabel="Strategic Compass line (as worded in the EEAS factsheet)",
        ylabel="Area of cooperation (year first named)",
        source=COMPASS_SOURCE,
        alt=describe_compass_matrix(areas, compass),
    )
    style.title_from_figure_edge(ax)
    return fig


def describe_compass_matrix(areas: pd.DataFrame, compass: pd.DataFrame | None = None) -> str:
    parts = []
    for line in COMPASS_LINES:
        names = areas_on_line(areas, line)["area"].tolist()
        parts.append(f"{line} names {len(names)} ({join_and(names)})")
    none = areas.loc[areas["compass_line"].isna(), "area"].tolist()
    text = (
        "Grid of areas of cooperation against the Strategic Compass's three lines, as the course reads the "
        "factsheet. " + "; ".join(parts) + f". No line names {join_and(none, 'or')}."
    )
    rings = sorted(
        _related(compass)
        - {(a, ln) for a, v in zip(areas["id"], areas["compass_line"], strict=True) for ln in data.split_list(v)}
    )
    rings = [(a, ln) for a, ln in rings if a in set(areas["id"])]
    if rings:
        lookup = dict(zip(areas["id"], areas["area"], strict=True))
        text += " Hollow rings: " + "; ".join(f"the {ln} line builds on {lookup[a]}" for a, ln in rings) + "."
    return text
