"""Who is in the EU only, in NATO only, or in both: a tile grid of the 36 countries, and the overlap's changes.

The tile grid is a stylised map: one square per country, placed roughly where the country lies
(North America on the left), so no map file is needed. Each tile carries its ISO code and a word
for its group ('both', 'EU', 'NATO'), so the groups never rest on colour alone.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.patches import FancyBboxPatch, Patch

from .. import data, style
from ..tables import for_reading
from .membership import MEMBERSHIP_SOURCE
from .spending import add_subtitle

# (column, row) of each country's tile; row 0 is the top (north).
TILE_LAYOUT = {
    "IS": (1, 0),
    "NO": (5, 0),
    "SE": (6, 0),
    "FI": (7, 0),
    "CA": (0, 1),
    "IE": (2, 1),
    "GB": (3, 1),
    "DK": (5, 1),
    "EE": (7, 1),
    "US": (0, 2),
    "NL": (4, 2),
    "DE": (5, 2),
    "PL": (6, 2),
    "LV": (7, 2),
    "FR": (3, 3),
    "BE": (4, 3),
    "LU": (5, 3),
    "CZ": (6, 3),
    "LT": (7, 3),
    "PT": (2, 4),
    "ES": (3, 4),
    "AT": (5, 4),
    "SK": (6, 4),
    "HU": (7, 4),
    "RO": (8, 4),
    "IT": (4, 5),
    "SI": (5, 5),
    "HR": (6, 5),
    "BG": (8, 5),
    "MT": (4, 6),
    "ME": (6, 6),
    "MK": (7, 6),
    "TR": (8, 6),
    "AL": (6, 7),
    "GR": (7, 7),
    "CY": (8, 7),
}

GROUPS = ["both", "EU only", "NATO only", "neither"]
# What each tile says under its code (the text cue that goes with the colour).
TILE_WORD = {"both": "both", "EU only": "EU", "NATO only": "NATO", "neither": "not yet"}
TEXT_COLOUR = {"both": "black", "EU only": "white", "NATO only": "black", "neither": "#4D4D4D"}
LEGEND_WORD = {"both": "in both", "EU only": "EU only", "NATO only": "NATO only", "neither": "in neither (yet)"}


def _label(when) -> str:
    """'at the end of 2024' for a year, 'on 7 March 2024' for a date."""
    if isinstance(when, int):
        return f"at the end of {when}"
    stamp = pd.Timestamp(when)
    return f"on {stamp.day} {stamp:%B %Y}"


def group_counts(snapshot: pd.DataFrame) -> dict[str, int]:
    """How many countries are in each group of a ``data.membership_on(...)`` snapshot (all four groups)."""
    counts = snapshot["group"].value_counts()
    return {g: int(counts.get(g, 0)) for g in GROUPS}


def overlap_tiles(
    snapshot: pd.DataFrame, when: int | str | pd.Timestamp, *, highlight: str | None = None
) -> style.CourseFigure:
    """Tile grid of the 36 countries, coloured and labelled by group at ``when`` (a year or a date).

    ``snapshot`` is ``data.membership_on(when)``. ``highlight`` (a country name) draws a thick frame
    round that country's tile.
    """
    missing = {"country", "iso2", "group"} - set(snapshot.columns)
    if missing:
        raise ValueError(f"overlap_tiles needs the columns country, iso2, group; missing {sorted(missing)}")
    unplaced = sorted(set(snapshot["iso2"]) - set(TILE_LAYOUT))
    if unplaced:
        raise ValueError(f"no tile position for {', '.join(unplaced)}; add it to TILE_LAYOUT")
    fig, ax = style.new_figure(8.0, 6.6)  # the grid keeps its shape (equal aspect): wider only adds white space
    ax.grid(False)
    for row in snapshot.itertuples():
        col, line = TILE_LAYOUT[row.iso2]
        chosen = highlight is not None and row.country == highlight
        face = style.GROUP_COLOURS[row.group]
        # add_artist, not add_patch: the limits are set below, and add_patch would work out the data limits
        # of each rounded box from its Bezier curves (half the time it takes to build the chart)
        tile = [
            ax.add_artist(
                FancyBboxPatch(
                    (col + 0.05, -line - 0.95),
                    0.9,
                    0.9,
                    boxstyle="round,pad=0,rounding_size=0.08",
                    facecolor=face,
                    edgecolor="black" if chosen else "white",
                    linewidth=3.5 if chosen else 1.0,
                    linestyle="-" if row.group != "neither" or chosen else "--",
                    transform=ax.transData,
                )
            ),
            ax.text(
                col + 0.5,
                -line - 0.42,
                row.iso2,
                ha="center",
                va="center",
                fontsize=13,
                fontweight="bold",
                color=TEXT_COLOUR[row.group],
            ),
            ax.text(
                col + 0.5,
                -line - 0.75,
                TILE_WORD[row.group],
                ha="center",
                va="center",
                fontsize=8,
                color=TEXT_COLOUR[row.group],
            ),
        ]
        for artist in tile:  # inside the axes: the layout need not measure 108 artists (a fifth of the draw)
            artist.set_in_layout(False)
        for text in tile[1:]:
            text.eunato_background = face  # what the contrast check reads them against
    ax.set_xlim(-0.1, 9.1)
    ax.set_ylim(-8.1, 0.1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    counts = group_counts(snapshot)
    handles = [
        Patch(
            facecolor=style.GROUP_COLOURS[g],
            edgecolor="#4D4D4D",
            linestyle="--" if g == "neither" else "-",
            label=f"{LEGEND_WORD[g]}: {counts[g]}  (tile says '{TILE_WORD[g]}')",
        )
        for g in GROUPS
    ]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.0), fontsize=9.5, handlelength=1.4)
    ax.text(0.5, -3.05, "North\nAmerica", ha="center", va="top", fontsize=9, color=style.PALETTE["grey"])
    label = _label(when)
    title = f"{label[0].upper() + label[1:]}, {counts['both']} countries were in both the EU and NATO"
    if counts["both"] + counts["EU only"] == 0:
        title = (
            f"{label[0].upper() + label[1:]}, NATO had {counts['NATO only']} Allies; "
            "the EU's forerunner did not exist yet"
        )
    subtitle = (
        f"{counts['EU only']} in the EU only, {counts['NATO only']} in NATO only, {counts['neither']} not yet in either"
    )
    if isinstance(when, int) and when < 1993:
        subtitle += " (before 1993 the EU was the European Communities)"
    add_subtitle(ax, subtitle)
    return style.finish(
        fig,
        ax,
        title=style.wrap(title, 70) + "\n",
        xlabel="west → east (roughly)",
        ylabel="south → north (roughly)",
        source=MEMBERSHIP_SOURCE.replace("; counts at the end of each year", "")
        + "; tiles placed roughly by geography, not a map",
        alt=describe_overlap_tiles(snapshot, when, highlight=highlight),
    )


def describe_overlap_tiles(
    snapshot: pd.DataFrame, when: int | str | pd.Timestamp, *, highlight: str | None = None
) -> str:
    """The tile grid in words: the count and the names in each group."""
    parts = []
    for group in GROUPS:
        names = sorted(snapshot.loc[snapshot["group"] == group, "country"])
        if names:
            parts.append(
                f"{LEGEND_WORD[group].capitalize().replace('Eu ', 'EU ').replace('Nato ', 'NATO ')} "
                f"({len(names)}): {', '.join(names)}"
            )
    text = (
        f"Tile grid of the {len(snapshot)} countries that are in the EU, NATO or both today, "
        f"grouped {_label(when)}. " + ". ".join(parts) + "."
    )
    if highlight:
        text += f" The tile of {highlight} is framed."
    return text


def overlap_changes(table: pd.DataFrame | None = None, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each year in which the number of countries in both organisations changed, and who caused the change.

    Columns: year, both (at the end of the year), change (+n / -n), who (country names with what happened;
    before 1993 the EU's forerunner is named the European Communities).
    """
    table = data.members() if table is None else table
    counts = data.membership_counts(table=table) if counts is None else counts
    names = table["country"].to_numpy()
    index = {name: i for i, name in enumerate(names)}
    rows = []
    before = None
    for year in counts["year"]:
        eu, nato = data.membership_masks(pd.Timestamp(year=int(year), month=12, day=31), table)
        both = eu & nato
        if before is not None:
            was_eu, was_nato, was_both = before
            joined = sorted(names[both & ~was_both])
            left = sorted(names[~both & was_both])
            if joined or left:
                who = []
                for name in joined:
                    i = index[name]
                    eu_word = "the EU" if year >= 1993 else "the European Communities"
                    what = f"{eu_word} and NATO" if not (was_eu[i] or was_nato[i]) else "NATO" if was_eu[i] else eu_word
                    who.append(f"{name} (joined {what})")
                for name in left:
                    who.append(f"{name} (left {'the EU' if not eu[index[name]] else 'NATO'})")
                rows.append(
                    {
                        "year": int(year),
                        "both": int(both.sum()),
                        "change": f"{len(joined) - len(left):+d}",
                        "who": "; ".join(who),
                    }
                )
        elif both.any():
            rows.append(
                {
                    "year": int(year),
                    "both": int(both.sum()),
                    "change": f"+{int(both.sum())}",
                    "who": "; ".join(sorted(names[both])),
                }
            )
        before = (eu, nato, both)
    # shown to learners in full, without a row index (eunato.tables): the names are what the table is for
    return for_reading(pd.DataFrame(rows, columns=["year", "both", "change", "who"]))
