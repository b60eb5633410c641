"""Chapter 5 explorer: filter the attributed positions by debate and by actor.

``positions(debate, actor)`` is the pure selection (a DataFrame); ``position_cards(debate, actor)``
turns it into HTML cards that say who holds the position, in what role, when, whether the row is a
fact or an interpretation, and the source. ``debate_explorer()`` wires both to two dropdowns.
"""

from __future__ import annotations

import html

import pandas as pd

from .. import data
from ..data import DEBATES
from ..tables import for_reading
from ..widgets import Choice, Explorer

__all__ = ["ALL", "actor_options", "debate_explorer", "debate_options", "position_cards", "positions"]

ALL = "all"


def debate_options() -> list[tuple[str, str]]:
    """(label, value) pairs: every debate, then 'All debates'."""
    return [("All debates", ALL)] + [(title, key) for key, title in DEBATES.items()]


def actor_options(table: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """(label, value) pairs: 'All actors', then every actor in the table, alphabetically."""
    table = data.perspectives() if table is None else table
    return [("All actors", ALL)] + [(a, a) for a in sorted(table["actor"].unique(), key=str.casefold)]


def positions(debate: str = ALL, actor: str = ALL, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The positions of one debate (or all) held by one actor (or all), oldest first.

    Raises ValueError with one sentence for a debate or actor that is not in the table.
    """
    table = data.perspectives() if table is None else table
    if debate != ALL and debate not in DEBATES:
        known = ", ".join(DEBATES)
        raise ValueError(f"There is no debate called {debate!r}; the debates are: {known}.")
    if actor != ALL and actor not in set(table["actor"]):
        raise ValueError(f"No position in the table is held by {actor!r}; pick an actor from the list.")
    keep = pd.Series(True, index=table.index)
    if debate != ALL:
        keep &= table["debate"] == debate
    if actor != ALL:
        keep &= table["actor"] == actor
    return for_reading(table[keep].reset_index(drop=True))


def _message(text: str) -> str:
    return f"<div class='eunato-explorer-message' role='status' style='color:#8A3B00'>{html.escape(text)}</div>"


def position_cards(debate: str = ALL, actor: str = ALL) -> str:
    """HTML: one card per position in the selection, or one sentence when there is none."""
    try:
        chosen = positions(debate, actor)
    except ValueError as err:
        return _message(str(err))
    if chosen.empty:
        who = actor if actor != ALL else "anyone"
        return _message(
            f"The table has no position by {who} in the debate '{DEBATES.get(debate, debate)}'. "
            "Choose 'All debates' or 'All actors' to widen the selection."
        )
    cards = []
    for row in chosen.itertuples():
        kind = (
            "reports a fact (what a text says or an actor did)"
            if row.statement == "fact"
            else "an interpretation (this actor's judgement or argument)"
        )
        link = (
            f" <a href='{html.escape(row.source_url)}' target='_blank' rel='noopener'>where the course read it</a>"
            if isinstance(row.source_url, str) and row.source_url
            else ""
        )
        cards.append(
            "<div class='eunato-position' style='border:1px solid #B0B0B0;border-radius:6px;"
            "padding:0.5em 0.8em;margin:0.4em 0'>"
            f"<strong>{html.escape(row.actor)}</strong> <small>({html.escape(row.role)}, {html.escape(row.date)})"
            f"</small><br><small><em>{html.escape(DEBATES[row.debate])}: {kind}</em></small>"
            f"<p style='margin:0.3em 0'>{html.escape(row.position)}</p>"
            f"<small style='color:#555'>Source: {html.escape(row.source)}.{link} "
            f"Confidence: {html.escape(row.confidence)}.</small></div>"
        )
    head = f"<p><strong>{len(chosen)} position{'s' if len(chosen) != 1 else ''}</strong> (in the course's words):</p>"
    return head + "".join(cards)


def debate_explorer(debate: str = "cyprus-turkey", actor: str = ALL) -> Explorer:
    """Two dropdowns (debate, actor); the cards of the positions that match both."""
    return Explorer(
        position_cards,
        title="Who argues what",
        description="Choose a debate, an actor, or both.",
        controls={
            "debate": Choice("Debate", debate_options(), default=debate),
            "actor": Choice("Actor", actor_options(), default=actor),
        },
        static_note="Each card gives a position in the course's words, who holds it, when, whether it is a fact "
        "or an interpretation, and its source.",
    )
