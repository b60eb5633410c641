"""Chapter 5 chart: who argued what, and when, in the debates on EU-NATO cooperation.

``positions_chart(table)`` draws one lane per debate and one marker per attributed position at the
year it was stated (filled: the row reports a fact, such as what a declaration commits to; hollow:
an interpretation, an actor's judgement or argument), each labelled with its actor.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .. import style
from ..data import DEBATES

__all__ = ["POSITIONS_SOURCE", "describe_positions", "positions_chart"]

POSITIONS_SOURCE = (
    "data/perspectives.csv, the course's summaries of the cited texts and reports "
    "(each row names its source and where it was read); positions to December 2025, read in late 2026"
)


def _short(actor: str) -> str:
    """The actor as a tick label, shortened to 36 characters."""
    return textwrap.shorten(actor, 36, placeholder="…")


def describe_positions(table: pd.DataFrame) -> str:
    """The chart in words: how many positions per debate, from when to when, and how many are facts."""
    if table.empty:
        return "No positions in this selection."
    parts = []
    for debate, title in DEBATES.items():
        sub = table[table["debate"] == debate]
        if len(sub):
            low, high = sub["year"].min(), sub["year"].max()
            parts.append(
                f"{title}: {len(sub)} ({low}-{high})" if low != high else f"{title}: {len(sub)} (all in {low})"
            )
    facts = int((table["statement"] == "fact").sum())
    return (
        f"{len(table)} attributed positions in {table['debate'].nunique()} debates, one lane per debate: "
        + "; ".join(parts)
        + f". {facts} of them report a fact (filled markers); the others are interpretations (hollow markers)."
    )


def positions_chart(table: pd.DataFrame):
    """One row per position, grouped by debate, with a marker at the year it was stated.

    ``table`` is ``data.perspectives()`` or a part of it. Filled markers report a fact, hollow ones an
    interpretation; each row is labelled with its actor.
    """
    missing = {"debate", "actor", "year", "statement"} - set(table.columns)
    if missing:
        raise ValueError(f"positions_chart needs the columns debate, actor, year, statement; missing {sorted(missing)}")
    if table.empty:
        raise ValueError("positions_chart needs at least one position")
    lanes = [d for d in DEBATES if d in set(table["debate"])]
    order = pd.Categorical(table["debate"], categories=lanes, ordered=True)
    rows = table.assign(_lane=order).sort_values(["_lane", "year", "actor"], kind="stable").reset_index(drop=True)
    n = len(rows) + len(lanes)  # one header line per debate
    fig, ax = style.new_figure(10.0, 1.9 + 0.27 * n)
    colours = style.category_colours(DEBATES)
    y = n
    ticks, labels = [], []
    first, last = int(rows["year"].min()), int(rows["year"].max())
    for debate in lanes:
        y -= 1
        ax.text(
            first - 0.5,
            y,
            DEBATES[debate],
            fontsize=9.5,
            fontweight="bold",
            va="center",
            color=style.readable(colours[debate]),
        )
        for row in rows[rows["debate"] == debate].itertuples():
            y -= 1
            filled = row.statement == "fact"
            ax.plot(
                [int(row.year)],
                [y],
                marker="o",
                linestyle="none",
                markersize=8,
                color=colours[debate],
                markerfacecolor=colours[debate] if filled else "white",
                markeredgewidth=1.8,
                zorder=3,
            )
            ticks.append(y)
            labels.append(_short(row.actor))
    ax.set_yticks(ticks, labels, fontsize=8.5)
    ax.set_ylim(-0.8, n - 0.2)
    ax.set_xlim(first - 1, last + 1)
    ax.grid(axis="y", visible=False)
    ax.plot([], [], marker="o", linestyle="none", color="#555555", label="reports a fact")
    ax.plot([], [], marker="o", linestyle="none", color="#555555", markerfacecolor="white", label="interpretation")
    ax.legend(loc="lower left", fontsize=8.5, frameon=True)
    voices = table.groupby("debate")["actor"].nunique().min() >= 2
    title = f"{len(table)} positions in {len(lanes)} debate{'s' if len(lanes) != 1 else ''}, {first}-{last}"
    if voices:
        title += ": every debate has at least two voices"
    return style.finish(
        fig,
        ax,
        title=textwrap.fill(title, 60),
        xlabel="Year the position was stated",
        ylabel="Who holds it",
        source=POSITIONS_SOURCE,
        alt=describe_positions(table),
    )
