"""Charts of defence spending: NATO's figures for the Allies (% of GDP) and the EDA's EU-wide totals.

The two sources are different measures (NATO: each Ally's defence expenditure as a share of its
GDP, from NATO's tables; the European Defence Agency: the 27 EU member states together) and are
never drawn on the same axes. Estimated years are hatched (bars)
or drawn with hollow markers in a shaded band (lines), and the legends say so in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import data, style
from ..tables import for_reading
from ..wording import join_and

if TYPE_CHECKING:
    from matplotlib.axes import Axes

GUIDELINE = 2.0  # per cent of GDP: NATO's guideline of spending at least 2% of GDP on defence
GROUPS = ["all allies", "EU members in NATO", "allies outside the EU"]
# what a menu shows for each group: NATO's table lists Finland and Sweden in years before they joined
GROUP_MENU = {
    "all allies": "every country in NATO's table",
    "EU members in NATO": "EU members in NATO",
    "allies outside the EU": "Allies outside the EU",
}
NATO_SOURCE = (
    "NATO, 'Defence Expenditure of NATO Countries (2014-2024)', June 2024 release (course table "
    "data/defence_expenditure.csv); 2023 and 2024 are NATO's estimates, revised in later releases"
)
EDA_SOURCE = "European Defence Agency, Defence Data (course table data/eu_defence_totals.csv)"
GUIDE_COLOUR = style.PALETTE["black"]
GUIDE_STYLE = (0, (6, 3))
# Countries compared take the course's country colours (style.country_colours: never a membership colour,
# and Poland is the same vermillion in every chart); counts of Allies are NEUTRAL (they are not a membership group).
LINE_COLOURS = style.COUNTRY_PALETTE


def with_groups(
    spending: pd.DataFrame | None = None, members: pd.DataFrame | None = None, when: str | None = None
) -> pd.DataFrame:
    """The spending table with membership columns added.

    eu: True for countries in the EU on ``when`` (default: the latest accession date in the data,
    7 March 2024), so the groups stay the same in every year; group: 'EU members in NATO' or
    'allies outside the EU'; joined_nato: the year the country joined NATO; ally_that_year: False
    for the years before it joined (Finland and Sweden appear in NATO's table for those years too).
    """
    spending = data.defence_expenditure() if spending is None else spending.copy()
    members = data.members() if members is None else members
    if when is None:
        when = members["nato_accession_date"].max()
    snap = data.membership_on(when, members)[["country", "eu"]]
    out = spending.merge(snap, on="country", how="left")
    out["eu"] = out["eu"].fillna(False).astype(bool)
    out["group"] = out["eu"].map({True: GROUPS[1], False: GROUPS[2]})
    joined = members.set_index("country")["nato_accession_year"]
    out["joined_nato"] = out["country"].map(joined).astype("Int64")
    out["ally_that_year"] = (out["year"] >= out["joined_nato"]).astype(bool)
    out.attrs["as_of"] = pd.Timestamp(when)
    return out


def select_group(table: pd.DataFrame, group: str) -> pd.DataFrame:
    """Rows of ``with_groups(...)`` for one of GROUPS."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}, not {group!r}")
    return table if group == GROUPS[0] else table[table["group"] == group]


def meeting_guideline(spending: pd.DataFrame | None = None) -> pd.DataFrame:
    """Year by year: how many countries in NATO's table spent at least 2% of GDP, out of how many, and the status."""
    spending = data.defence_expenditure() if spending is None else spending
    rows = []
    for year, rows_year in spending.groupby("year"):
        rows.append(
            {
                "year": int(year),
                "at_or_above_2pct": int((rows_year["pct_gdp"] >= GUIDELINE).sum()),
                "countries": len(rows_year),
                "status": "estimate" if (rows_year["status"] == "estimate").any() else "reported",
            }
        )
    return pd.DataFrame(rows)


def add_subtitle(ax: Axes, text: str) -> None:
    """A grey line under the title, at a fixed distance in points (so it never runs into a tall chart's title).

    Pass the title to ``style.finish`` with one trailing newline per line of ``text``, to keep room for it.
    """
    ax.annotate(
        text,
        (0, 1),
        xycoords="axes fraction",
        xytext=(0, 5),
        textcoords="offset points",
        fontsize=10,
        color=style.PALETTE["grey"],
        va="bottom",
        ha="left",
        linespacing=1.1,
    )


def _day(when) -> str:
    if when is None:
        when = data.members()["nato_accession_date"].max()
    stamp = pd.Timestamp(when)
    return f"{stamp.day} {stamp:%B %Y}"


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def guideline_over_time(counts: pd.DataFrame) -> style.CourseFigure:
    """Bars: how many Allies in NATO's table reached 2% of GDP each year; estimated years hatched.

    ``counts`` is ``meeting_guideline()``.
    """
    fig, ax = style.new_figure(9.0, 4.8)
    mixed = counts["status"].nunique() > 1
    for row in counts.itertuples():
        estimate = row.status == "estimate"
        ax.bar(
            row.year,
            row.at_or_above_2pct,
            color=style.NEUTRAL,
            edgecolor=style.NEUTRAL,
            linewidth=1,
            **style.status_look(row.status, mixed),
        )
        ax.annotate(
            f"{row.at_or_above_2pct}" + (" (est.)" if estimate else ""),
            (row.year, row.at_or_above_2pct),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=10,
        )
    total = int(counts["countries"].max())
    ax.set_ylim(0, total + 2)
    ax.axhline(total, color=style.PALETTE["grey"], linestyle=":", linewidth=1)
    ax.text(
        counts["year"].min() - 0.4,
        total + 0.3,
        f"all {total} countries in NATO's table",
        fontsize=9,
        color=style.PALETTE["grey"],
        va="bottom",
    )
    ax.set_xticks(counts["year"])
    if mixed:
        ax.legend(
            handles=[
                Patch(facecolor=style.NEUTRAL, label="reported"),
                Patch(
                    facecolor=style.NEUTRAL,
                    edgecolor=style.NEUTRAL,
                    label="NATO estimate (lighter, hatched)",
                    **style.status_look("estimate", True),
                ),
            ],
            loc="upper left",
            bbox_to_anchor=(0.0, 0.93),
        )
    first, last = counts.iloc[0], counts.iloc[-1]
    estimated = " (estimate)" if last.status == "estimate" else ""
    title = (
        "Countries at 2% of GDP or more in NATO's June 2024 release:\n"
        f"{first.at_or_above_2pct} in {first.year}, {last.at_or_above_2pct} in {last.year}{estimated}"
    )
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel="Year",
        ylabel="Number of countries at or above 2%",
        source=NATO_SOURCE,
        alt=describe_guideline_over_time(counts),
    )


def describe_guideline_over_time(counts: pd.DataFrame) -> str:
    parts = ", ".join(
        f"{r.year}: {r.at_or_above_2pct}{' (estimate)' if r.status == 'estimate' else ''}" for r in counts.itertuples()
    )
    total = int(counts["countries"].max())
    return (
        f"Bar chart of how many of the {total} countries in NATO's table spent at least 2% of GDP on "
        f"defence each year. {parts}."
    )


ROW_LABEL = "row-label"  # the gid of the texts that name the rows of a ranked chart


def row_label(row: Any, group: str) -> str:
    """The name beside a row of the ranked chart: 'Poland (EU)', 'Sweden (EU, Ally from 2024)', 'Norway'."""
    notes = (["EU"] if row.eu and group == "all allies" else []) + (
        [f"Ally from {row.joined_nato}"] if not row.ally_that_year else []
    )
    return row.country + (f" ({', '.join(notes)})" if notes else "")


def every_row_label(table: pd.DataFrame, group: str) -> list[str]:
    """Every name the ranked chart can show for ``group``, in any year of ``table`` (``with_groups()``)."""
    return sorted({row_label(row, group) for row in select_group(table, group).itertuples()})


def row_labels(ax: Axes) -> list[str]:
    """The names beside the rows of a ranked chart, bottom to top (what tick labels would have said)."""
    texts = [t for t in ax.texts if t.get_gid() == ROW_LABEL]
    return [t.get_text() for t in sorted(texts, key=lambda t: t.get_position()[1])]


def spending_ranked(table: pd.DataFrame, year: int, group: str = "all allies") -> style.CourseFigure:
    """Horizontal bars of each country's share of GDP in ``year``, highest first, with the 2% line.

    ``table`` is ``with_groups()``. Estimates are hatched where the year mixes them with reported values;
    EU members (so in both) take the colour of 'both', the others that of 'NATO only', and EU members are
    labelled '(EU)'; countries that were not yet Allies that year are labelled so.
    """
    rows = select_group(table, group)
    rows = rows[rows["year"] == year].sort_values("pct_gdp")
    if rows.empty:
        raise ValueError(f"NATO's table has no figures for {group} in {year}")
    height = max(3.2, 0.24 * len(rows) + 1.9)
    fig, ax = style.new_figure(9.0, height)
    estimate = (rows["status"] == "estimate").to_list()
    # one call draws every bar (one container, not one per country: a third less time on 31 bars)
    bars = ax.barh(
        range(len(rows)),
        rows["pct_gdp"],
        height=0.75,
        linewidth=0.6,
        color=[style.GROUP_COLOURS["both"] if eu else style.GROUP_COLOURS["NATO only"] for eu in rows["eu"]],
        edgecolor="white",
    )
    mixed = len(set(estimate)) > 1  # hatching tells estimates from reported values; alone, it says nothing
    for bar, e in zip(bars, estimate, strict=True):
        bar.set_hatch(style.status_look("estimate" if e else "reported", mixed)["hatch"])
    labels = []
    for pos, row in enumerate(rows.itertuples()):
        # a figure that would run into the dashed 2% line (bars ending a little short of 2%) is written inside
        # the end of its bar instead, in black (readable on both bar colours)
        crossed = GUIDELINE - 0.4 <= row.pct_gdp < GUIDELINE
        value = ax.text(
            row.pct_gdp - 0.04 if crossed else row.pct_gdp + 0.04,
            pos,
            _fmt(row.pct_gdp),
            va="center",
            ha="right" if crossed else "left",
            fontsize=8.5,
            zorder=6,
            color="#000000",
        )
        if crossed:
            value.eunato_background = style.GROUP_COLOURS["both"] if row.eu else style.GROUP_COLOURS["NATO only"]
        value.set_in_layout(False)  # inside the axes (the x limit leaves room): the layout need not measure it
        labels.append(row_label(row, group))
    # The country names are plain texts beside the rows, not tick labels: 31 ticks cost a third of the time
    # it takes to build this chart (each tick is a small group of artists). row_labels(ax) reads them back.
    beside = ax.get_yaxis_transform()  # x in axes fraction, y in rows
    for pos, label in enumerate(labels):
        ax.text(-0.012, pos, label, transform=beside, ha="right", va="center", fontsize=9, gid=ROW_LABEL)
    ax.set_yticks([])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.axvline(GUIDELINE, color=GUIDE_COLOUR, linestyle=GUIDE_STYLE, linewidth=1.6, zorder=5)
    ax.set_xlim(0, max(rows["pct_gdp"].max(), GUIDELINE) * 1.12)
    status = rows["status"].iloc[0]
    handles = [Line2D([], [], color=GUIDE_COLOUR, linestyle=GUIDE_STYLE, label="2% guideline")]
    if group != GROUPS[2]:
        handles.append(
            Patch(
                facecolor=style.GROUP_COLOURS["both"],
                label="in the EU and NATO (labelled '(EU)')" if group == "all allies" else "in the EU and NATO",
            )
        )
    if group != GROUPS[1]:
        handles.append(Patch(facecolor=style.GROUP_COLOURS["NATO only"], label="in NATO only (outside the EU)"))
    if mixed:
        handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="///", label="hatched: NATO estimate"))
    ax.legend(handles=handles, loc="lower right", fontsize=9, frameon=True, framealpha=0.9, edgecolor="white")
    n_at = int((rows["pct_gdp"] >= GUIDELINE).sum())
    word = {
        "all allies": "countries in NATO's table",
        "EU members in NATO": "EU members in NATO's table",
        "allies outside the EU": "Allies outside the EU",
    }[group]
    title = f"{year}: {n_at} of {len(rows)} {word}\nspent at least 2% of GDP on defence"
    subtitle = (
        "some bars NATO estimates (hatched)"
        if mixed
        else "every bar a NATO estimate"
        if status == "estimate"
        else "as reported to NATO"
    )
    if group != "EU members in NATO":
        subtitle += "; Iceland is not in NATO's table"
    if group != "all allies":
        subtitle += f"\ngroups by EU membership on {_day(table.attrs.get('as_of'))}, the same in every year"
    add_subtitle(ax, subtitle)
    return style.finish(
        fig,
        ax,
        title=title + "\n" * (subtitle.count("\n") + 1),
        xlabel="Defence expenditure, % of GDP",
        ylabel=None,
        source=NATO_SOURCE,
        alt=describe_spending_ranked(rows, year, group),
    )


def _not_yet(rows: pd.DataFrame) -> str:
    """' (Finland and Sweden not yet Allies that year)' when NATO's table lists countries before they joined."""
    if "ally_that_year" not in rows:
        return ""
    early = sorted(rows.loc[~rows["ally_that_year"].astype(bool), "country"])
    if not early:
        return ""
    return f" ({join_and(early)} not yet {'an Ally' if len(early) == 1 else 'Allies'} that year)"


def describe_spending_ranked(rows: pd.DataFrame, year: int, group: str) -> str:
    top, bottom = rows.iloc[-1], rows.iloc[0]
    n_at = int((rows["pct_gdp"] >= GUIDELINE).sum())
    status = "estimates" if (rows["status"] == "estimate").any() else "reported figures"
    return (
        f"Bar chart of defence expenditure as a share of GDP in {year} ({status}) for "
        f"{'every country' if group == 'all allies' else group} in NATO's table{_not_yet(rows)}, {len(rows)} "
        f"countries ranked from highest to lowest. {n_at} are at or above the 2% line. "
        f"Highest: {top.country} ({_fmt(top.pct_gdp)}%); lowest: {bottom.country} ({_fmt(bottom.pct_gdp)}%)."
    )


def spending_over_time(table: pd.DataFrame, countries: Sequence[str]) -> style.CourseFigure:
    """Lines of the share of GDP from 2014 to 2024 for chosen countries; estimated years shaded, hollow markers."""
    countries = list(countries)
    if not countries:
        raise ValueError("choose at least one country")
    unknown = sorted(set(countries) - set(table["country"]))
    if unknown:
        raise ValueError(f"not in NATO's table: {', '.join(unknown)}")
    ncol = 1 if len(countries) <= 14 else 2
    fig, ax = style.new_figure(9.0 if ncol == 1 else 11.0, max(5.0, (len(countries) / ncol + 3) * 0.24 + 1.6))
    est_years = sorted(table.loc[table["status"] == "estimate", "year"].unique())
    if est_years:
        ax.axvspan(min(est_years) - 0.5, max(est_years) + 0.5, color="#EFEFEF", zorder=0)
        ax.text(
            min(est_years) - 0.4,
            0.98,
            "NATO\nestimates",
            transform=ax.get_xaxis_transform(),
            va="top",
            fontsize=9,
            color=style.PALETTE["grey"],
        )
    ax.axhline(GUIDELINE, color=GUIDE_COLOUR, linestyle=GUIDE_STYLE, linewidth=1.4)
    linestyles = ["-", "--", "-.", ":"]
    colour_of = style.country_colours(countries)
    top = GUIDELINE
    ends = []
    for i, name in enumerate(countries):
        rows = table[table["country"] == name].sort_values("year")
        colour = colour_of[name]
        marker = style.MARKERS[i % len(style.MARKERS)]
        is_estimate = (rows["status"] == "estimate").to_numpy()
        # the line and its filled (reported) markers in one artist, the hollow (estimate) markers in another
        ax.plot(
            rows["year"],
            rows["pct_gdp"],
            color=colour,
            linestyle=linestyles[i % len(linestyles)],
            linewidth=2,
            label=name,
            marker=marker,
            markersize=6,
            markevery=[j for j, e in enumerate(is_estimate) if not e],
        )
        estimate = rows[is_estimate]
        ax.plot(
            estimate["year"],
            estimate["pct_gdp"],
            linestyle="none",
            marker=marker,
            markerfacecolor="white",
            color=colour,
            markersize=7,
            markeredgewidth=1.6,
        )
        top = max(top, rows["pct_gdp"].max())
        ends.append((rows.iloc[-1], i))
    handles = [
        Line2D(
            [],
            [],
            color=colour_of[name],
            linestyle=linestyles[i % len(linestyles)],
            marker=style.MARKERS[i % len(style.MARKERS)],
            label=name,
        )
        for i, name in enumerate(countries)
    ]
    handles += [
        Line2D([], [], color=GUIDE_COLOUR, linestyle=GUIDE_STYLE, label="2% guideline"),
        Line2D(
            [],
            [],
            color="#333333",
            marker="o",
            markerfacecolor="white",
            linestyle="none",
            label="hollow marker: estimate",
        ),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, ncol=ncol)
    ax.set_ylim(0, top * 1.12)
    years = sorted(table["year"].unique())
    ax.set_xticks(years)
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    first_year, last_year = int(min(years)), int(max(years))
    if len(countries) == 1:
        row_first = table[(table["country"] == countries[0]) & (table["year"] == first_year)].iloc[0]
        row_last = table[(table["country"] == countries[0]) & (table["year"] == last_year)].iloc[0]
        title = (
            f"{countries[0]}: {_fmt(row_first.pct_gdp)}% of GDP in {first_year}, "
            f"{_fmt(row_last.pct_gdp)}% in {last_year} (estimate)"
        )
    else:
        last = table[(table["country"].isin(countries)) & (table["year"] == last_year)]
        lead = last.sort_values("pct_gdp").iloc[-1]
        title = (
            f"Of these {len(countries)}, {lead.country} spent the largest share of GDP in {last_year} "
            f"({_fmt(lead.pct_gdp)}%, estimate)"
        )
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel="Year",
        ylabel="Defence expenditure, % of GDP",
        source=NATO_SOURCE,
        alt=describe_spending_over_time(table, countries),
    )


def describe_spending_over_time(table: pd.DataFrame, countries: Sequence[str]) -> str:
    parts = []
    for name in countries:
        rows = table[table["country"] == name].sort_values("year")
        first, last = rows.iloc[0], rows.iloc[-1]
        above = rows.loc[rows["pct_gdp"] >= GUIDELINE, "year"]
        note = f"at or above 2% in {len(above)} of {len(rows)} years" if len(above) else "below 2% in every year"
        parts.append(
            f"{name} from {_fmt(first.pct_gdp)}% in {first.year} to {_fmt(last.pct_gdp)}% in {last.year} ({note})"
        )
    est = sorted(table.loc[table["status"] == "estimate", "year"].unique())
    return (
        "Line chart of defence expenditure as a share of GDP, with a dashed line at 2%: "
        + "; ".join(parts)
        + f". Values for {', '.join(map(str, est))} are NATO estimates."
    )


def eu_totals(totals: pd.DataFrame) -> style.CourseFigure:
    """Bars of the EU-27's total defence expenditure (EUR billion) as published by the EDA, labelled with % of GDP."""
    fig, ax = style.new_figure(7.5, 4.4)
    mixed = totals["status"].nunique() > 1
    for row in totals.itertuples():
        estimate = row.status == "estimate"
        ax.bar(
            row.year,
            row.eur_billion,
            color=style.GROUP_COLOURS["EU"],
            edgecolor=style.GROUP_COLOURS["EU"],
            width=0.6,
            **style.status_look(row.status, mixed),
        )
        ax.annotate(
            f"EUR {row.eur_billion:g} bn\n{row.pct_gdp:g}% of GDP" + ("\n(estimate)" if estimate else ""),
            (row.year, row.eur_billion),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=10,
        )
    ax.set_xticks(
        totals["year"],
        [
            f"{y}" + (" (est.)" if s == "estimate" else "")
            for y, s in zip(totals["year"], totals["status"], strict=True)
        ],
    )
    ax.set_ylim(0, totals["eur_billion"].max() * 1.35)
    ax.set_xlim(totals["year"].min() - 0.6, totals["year"].max() + 0.6)
    first, last = totals.iloc[0], totals.iloc[-1]
    title = (
        f"EU-27 defence spending as counted by the EDA:\nEUR {first.eur_billion:g} bn in {first.year}, "
        f"EUR {last.eur_billion:g} bn in {last.year}" + (" (est.)" if last.status == "estimate" else "")
    )
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel="Year",
        ylabel="EUR billion (all 27 member states)",
        source=EDA_SOURCE + f" ({', '.join(dict.fromkeys(totals['release']))}); not comparable with NATO's figures"
        if "release" in totals
        else EDA_SOURCE + "; not comparable with NATO's figures",
        alt=describe_eu_totals(totals),
    )


def describe_eu_totals(totals: pd.DataFrame) -> str:
    parts = "; ".join(
        f"{r.year}: EUR {r.eur_billion:g} billion, {r.pct_gdp:g}% of GDP"
        + (" (estimate)" if r.status == "estimate" else "")
        for r in totals.itertuples()
    )
    return f"Bar chart of the 27 EU member states' total defence expenditure as published by the European Defence Agency. {parts}."


def group_summary(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per group in ``year``: countries, how many at or above 2%, the highest and the lowest share."""
    rows = []
    for group in GROUPS[1:]:
        part = select_group(table, group)
        part = part[part["year"] == year]
        top, low = part.loc[part["pct_gdp"].idxmax()], part.loc[part["pct_gdp"].idxmin()]
        rows.append(
            {
                "group": group,
                "countries": len(part),
                "at or above 2%": int((part["pct_gdp"] >= GUIDELINE).sum()),
                "highest": f"{top.country} ({_fmt(top.pct_gdp)}%)",
                "lowest": f"{low.country} ({_fmt(low.pct_gdp)}%)",
            }
        )
    return for_reading(pd.DataFrame(rows).set_index("group"), index=True)


def table_notes(table: pd.DataFrame, members: pd.DataFrame | None = None) -> dict:
    """Facts about NATO's table computed from the data: its years, estimated years, who is missing, who is early."""
    members = data.members() if members is None else members
    allies = set(members.loc[members["nato_accession_year"].notna(), "country"])
    early = table.loc[~table["ally_that_year"]].groupby("country")["year"].agg(["min", "max"])
    return {
        "source": table["source"].iloc[0] if table["source"].nunique() == 1 else style.source_of(table),
        "countries": int(table["country"].nunique()),
        "years": (int(table["year"].min()), int(table["year"].max())),
        "estimated_years": sorted(int(y) for y in table.loc[table["status"] == "estimate", "year"].unique()),
        "allies_missing": sorted(allies - set(table["country"])),
        "listed_before_joining": {c: (int(r["min"]), int(r["max"]) + 1) for c, r in early.iterrows()},
    }
