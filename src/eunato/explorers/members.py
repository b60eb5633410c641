"""Explorers of chapter 4 (members and money): membership by year with a country's story, and defence spending.

Update functions are pure (control values in, Figure and/or HTML out) and are tested directly:

* ``membership_view(year, country)``: the story of ``country`` and the map of Europe at the end of ``year``;
* ``spending_view(year, group)``: the ranked bars of one year for one group;
* ``compare_view(countries)``: the lines over time for the chosen countries;
* ``gap_view(country)``: one Ally's path, each year from NATO's newest release, and its distance to 3.5%.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .. import data
from ..charts import map as europe_map
from ..charts import overlap, releases, spending
from ..widgets import Choice, Explorer, Multi, Number

NO_COUNTRY = ""  # the value of the "pick a country" option


def _esc(value) -> str:
    return html.escape(str(value))


def _the(country: str) -> str:
    """'the United Kingdom', 'the Netherlands', but 'Poland'."""
    return f"the {country}" if country.startswith(("United ", "Netherlands")) else country


def _date(value) -> str:
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%B %Y}"


def country_story(country: str, year: int | None = None) -> str:
    """HTML: a country's EU and NATO accession (years, dates, notes, sources) and its group in ``year``."""
    if not country:
        return (
            "<p><em>Pick a country in the <strong>Country</strong> menu to read its story: when it joined "
            "the EU and NATO, with the notes and sources from the course data.</em></p>"
        )
    table = data.members()
    rows = table[table["country"] == country]
    if rows.empty:
        return f"<p>The course data has no country called {_esc(country)}.</p>"
    row = rows.iloc[0]
    parts = [f"<h4 style='margin:0.3em 0'>{_esc(country)} ({_esc(row['iso2'])})</h4><ul>"]
    if pd.isna(row["eu_accession_year"]):
        parts.append("<li><strong>EU:</strong> not a member.</li>")
    else:
        eu_year = int(row["eu_accession_year"])
        word = "the European Communities (today's EU)" if eu_year < 1993 else "the EU"
        text = f"joined {word} in {eu_year}"
        if row["eu_note"]:
            text += f" ({_esc(row['eu_note'])})"
        if not pd.isna(row["eu_exit_date"]):
            text += f"; left the EU on {_date(row['eu_exit_date'])}"
        parts.append(f"<li><strong>EU:</strong> {text}.<br><small>Source: {_esc(row['eu_source'])}</small></li>")
    if pd.isna(row["nato_accession_year"]):
        parts.append("<li><strong>NATO:</strong> not an Ally.</li>")
    else:
        text = f"joined NATO in {int(row['nato_accession_year'])}"
        if not pd.isna(row["nato_accession_date"]):
            text += f" (on {_date(row['nato_accession_date'])})"
        if row["nato_note"]:
            text += f"; note in the course data: {_esc(row['nato_note'])}"
        parts.append(f"<li><strong>NATO:</strong> {text}.<br><small>Source: {_esc(row['nato_source'])}</small></li>")
    parts.append("</ul>")
    if year is not None:
        group = data.membership_on(int(year), table).set_index("country").loc[country, "group"]
        words = {
            "both": "in both the EU and NATO",
            "EU only": "in the EU but not in NATO",
            "NATO only": "in NATO but not in the EU",
            "neither": "in neither organisation yet",
        }
        parts.append(f"<p>At the end of {int(year)}, {_esc(_the(country))} was <strong>{words[group]}</strong>.</p>")
    parts.append(f"<p><small>Confidence in these dates (course data): {_esc(row['confidence'])}.</small></p>")
    return "".join(parts)


def membership_view(year: int, country: str = NO_COUNTRY) -> tuple[Any, ...]:
    """The country's story and the year's counts (first, next to the controls), then the map of Europe at the end
    of ``year`` with the chosen country outlined.

    The map replaced the tile grid here: it shows where each group lies, which the tiles only hinted at.
    """
    snap = data.membership_on(int(year))
    counts = overlap.group_counts(snap)
    fig = europe_map.membership_map(snap, int(year), highlight=country or None)
    summary = (
        f"<p><strong>At the end of {int(year)}:</strong> {counts['both']} in both, {counts['EU only']} in "
        f"the EU only, {counts['NATO only']} in NATO only, {counts['neither']} not yet in either "
        f"(of the {len(snap)} countries in the course data).</p>"
    )
    return summary + country_story(country, int(year)), fig


def _last_year() -> int:
    return data.last_accession_year()


def membership_explorer() -> Explorer:
    countries = sorted(data.members()["country"])
    return Explorer(
        membership_view,
        title="Who was in the EU, in NATO, or in both?",
        description="Drag the slider (or click it and use the arrow keys) to pick a year; pick a country "
        "to read its story and outline it on the map.",
        controls={
            "year": Number("Year", 1949, _last_year(), default=_last_year()),
            "country": Choice("Country", [("(pick a country)", NO_COUNTRY), *countries], default=NO_COUNTRY),
        },
        static_note="It draws a map of Europe coloured by group (EU only, NATO only, both, neither) for the year "
        "you pick, with the chosen country's story.",
    )


@functools.lru_cache(maxsize=1)
def _grouped() -> pd.DataFrame:
    """NATO's table with the membership groups, built once per session (the data files do not change)."""
    return spending.with_groups()


_STEADY_BOX: dict = {}  # (group, figure size) -> the axes box every year of that group is drawn in


def _steady_layout(fig, group: str):
    """Draw every year of a group in the same axes box and on the same scale, worked out once.

    The box is the constrained layout of the first view, with the row-name column made wide enough for
    the widest name the group shows in any year, and the x axis runs to the group's highest share in any
    year. Moving the year slider then leaves the bars, the scale and the 2% line where they are (only the
    bars' lengths and order change), and the layout is not redone on every update (about a quarter of the
    update time). The tests draw every sample view and check that it fits.
    """
    ax = fig.axes[0]
    key = (group, tuple(fig.get_size_inches()))
    if key not in _STEADY_BOX:
        names = [t for t in ax.texts if t.get_gid() == spending.ROW_LABEL]
        renderer = fig.canvas.get_renderer()
        font = names[0].get_fontproperties()
        widest = max(
            spending.every_row_label(_grouped(), group),
            key=lambda label: renderer.get_text_width_height_descent(label, font, ismath=False)[0],
        )
        shown = names[0].get_text()
        names[0].set_text(widest)
        fig.get_layout_engine().execute(fig)
        names[0].set_text(shown)
        _STEADY_BOX[key] = ax.get_position(original=True).bounds
    fig.set_layout_engine("none")
    ax.set_position(_STEADY_BOX[key])
    # the same scale in every year too, so that a bar's length can be compared from one year to the next
    ax.set_xlim(0, max(spending.select_group(_grouped(), group)["pct_gdp"].max(), spending.GUIDELINE) * 1.12)
    return fig


def spending_view(year: int, group: str = "all allies") -> Any:
    """Ranked bars of each country's defence spending (% of GDP) in ``year`` for ``group``.

    The explorer's view: every year of a group in the same box and on the same scale (``_steady_layout``).
    """
    return _steady_layout(spending.spending_ranked(_grouped(), int(year), group), group)


def compare_view(countries: Sequence[str] = ()) -> Any:
    """Lines over time for the chosen countries, or a sentence asking for a choice when none is chosen."""
    countries = list(countries)
    if not countries:
        return (
            "<p><em>No country is selected. Click a name in the <strong>Countries</strong> list "
            "(hold Ctrl, or Cmd on a Mac, to pick several) to draw its line.</em></p>"
        )
    return spending.spending_over_time(_grouped(), countries)


def spending_explorer() -> Explorer:
    years = data.defence_expenditure()["year"]
    return Explorer(
        spending_view,
        title="Who spends what share of GDP on defence?",
        description="Pick a year and a group. Bars are ranked, on the same scale in every year; the dashed "
        "line is 2% of GDP; hatched bars are NATO's estimates.",
        controls={
            "year": Number("Year", int(years.min()), int(years.max()), default=int(years.max())),
            "group": Choice(
                "Group", [(spending.GROUP_MENU[g], g) for g in spending.GROUPS], default=spending.GROUPS[0]
            ),
        },
        static_note="It ranks the countries in NATO's table by defence spending as a share of GDP.",
    )


DEFAULT_COMPARE = ("Germany", "Poland", "United States")


def compare_explorer() -> Explorer:
    countries = sorted(data.defence_expenditure()["country"].unique())
    return Explorer(
        compare_view,
        title="Compare countries over time",
        description="Pick one or more countries (Ctrl-click or Cmd-click to pick several; a few at a time "
        "read best). Hollow markers and the grey band are NATO's estimates.",
        controls={"countries": Multi("Countries", countries, default=DEFAULT_COMPARE, rows=8)},
        static_note="It draws each chosen country's defence spending as a share of GDP from 2014 to 2024.",
    )


DEFAULT_GAP = "Italy"


def gap_view(country: str = DEFAULT_GAP):
    """One Ally's path (newest NATO release per year) and its distance to the Hague's 3.5%, or a sentence."""
    try:
        path = releases.ally_path(country)
    except ValueError:
        return (
            f"<p>The course's spending table has no Ally called {_esc(country)}: pick one in the "
            "<strong>Ally</strong> menu (Iceland, which has no armed forces, is not in NATO's tables).</p>"
        )
    gap = releases.gap_to_core(path)
    used = ", ".join(releases.short_label(r) for r in dict.fromkeys(path["release"]))
    text = (
        f"<p>{_esc(releases.gap_sentence(gap))}</p>"
        f"<p><small>Each year is taken from NATO's newest release that covers it ({_esc(used)}). At The Hague "
        "(25 June 2025) the Allies committed to at least 3.5% of GDP on core defence and up to 1.5% on "
        "defence- and security-related spending by 2035, with annual national plans and a review in 2029. "
        "The dotted line is an even path, drawn for comparison; it is not a national plan.</small></p>"
    )
    return releases.path_to_target(path, gap), text


def gap_explorer() -> Explorer:
    countries = sorted(data.defence_expenditure(data.NEWEST)["country"].unique())
    return Explorer(
        gap_view,
        title="Pick an Ally: its path and the distance to 3.5%",
        description="Pick an Ally. The line is its defence spending as a share of GDP, each year from NATO's "
        "newest release; the arrow is the distance from its latest figure to the Hague's 3.5% core target.",
        controls={"country": Choice("Ally", countries, default=DEFAULT_GAP)},
        static_note="It draws one Ally's spending from 2014 to 2025 and its distance to 3.5% of GDP by 2035.",
    )
