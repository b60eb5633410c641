"""NATO's spending figures release by release: how estimates change, and each Ally's distance to The Hague's 3.5%.

NATO publishes its defence expenditure figures more than once a year, and each release revises the
estimates of the one before (a budget is voted, spent or re-measured; GDP itself is revised). The
course keeps every value with the release it comes from (``data/defence_expenditure.csv``, column
``release``; the releases are described in ``data/spending_releases.csv``), so a chart or a sentence can
always say which release it shows, and two releases of the same year can be compared.

Rows without a published value (NATO stated only "at least 2%", or published no figure) are kept as
such: they count towards "at least 2%" where NATO said so, and never get an invented value.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D

from .. import data, style

GUIDELINE = 2.0  # per cent of GDP: the 2% guideline
CORE_TARGET = 3.5  # The Hague, 25 June 2025: at least 3.5% of GDP on core defence by 2035
RELATED_UP_TO = 1.5  # ... and up to 1.5% on defence- and security-related spending
TARGET_YEAR = 2035
REVIEW_YEAR = 2029
AT_LEAST = "at least 2%"
NO_FIGURE = "no figure published"
HAGUE_SOURCE = "The Hague Summit Declaration, 25 June 2025 (course table data/timeline.csv)"
RELEASE_MARKERS = ["o", "s", "D", "^", "v"]


# --- releases -----------------------------------------------------------------------------------


def release_label(release: str, releases: pd.DataFrame | None = None) -> str:
    """'NATO, Defence Expenditure of NATO Countries (2014-2024), June 2024' for the id 'NATO-2024-06'."""
    releases = data.spending_releases() if releases is None else releases
    rows = releases[releases["release"] == release]
    if rows.empty:
        raise ValueError(f"unknown release {release!r}; the course has {', '.join(releases['release'])}")
    row = rows.iloc[0]
    return f"{row.publisher}, '{row.title}', {month(row.published)}"


def month(published: str) -> str:
    """'June 2024' for '2024-06'."""
    return f"{pd.Timestamp(published + '-01'):%B %Y}"


def short_label(release: str, releases: pd.DataFrame | None = None) -> str:
    """'June 2024 release', 'Annual Report of April 2025': what a legend or a sentence calls a release."""
    releases = data.spending_releases() if releases is None else releases
    row = releases[releases["release"] == release].iloc[0]
    if "Annual Report" in row.title:
        return f"Annual Report, {month(row.published)}"
    return f"{month(row.published)} release"


def sources_line(ids, releases: pd.DataFrame | None = None) -> str:
    """The source line of a chart drawn from the releases ``ids`` (in their order)."""
    return (
        "; ".join(release_label(r, releases) for r in dict.fromkeys(ids))
        + " (course table data/defence_expenditure.csv)"
    )


# --- headlines computed from the data -----------------------------------------------------------


def at_least_guideline(rows: pd.DataFrame) -> pd.Series:
    """True where a row is at or above 2%: a value of 2 or more, or NATO's statement 'at least 2%'."""
    return (rows["pct_gdp"] >= GUIDELINE).fillna(False).astype(bool) | (rows["stated"] == AT_LEAST).fillna(False)


def counts_by_release(table: pd.DataFrame | None = None, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each release and year: how many countries are at 2% or more, counted two ways.

    Columns: release, year, rows (countries the release gives for that year in the course's data), complete
    (True when that is every country of NATO's table), at_least_2pct (of those rows), no_figure,
    allies_in_table (rows for countries that were Allies at the end of that year), allies_at_least_2pct (of
    those), allies_that_year (all Allies then, Iceland included), unweighted_mean (of the published values;
    every country counts once, whatever the size of its economy).
    """
    table = data.defence_expenditure(data.ALL_RELEASES) if table is None else table
    members = data.members() if members is None else members
    everyone = table["country"].nunique()
    joined = members.set_index("country")["nato_accession_year"]
    out = []
    for (release, year), rows in table.groupby(["release", "year"], sort=True):
        ally = (rows["country"].map(joined) <= year).to_numpy()
        hit = at_least_guideline(rows).to_numpy()
        out.append(
            {
                "release": release,
                "year": int(year),
                "rows": len(rows),
                "complete": len(rows) == everyone,
                "at_least_2pct": int(hit.sum()),
                "no_figure": int((rows["stated"] == NO_FIGURE).sum()),
                "allies_in_table": int(ally.sum()),
                "allies_at_least_2pct": int((hit & ally).sum()),
                "allies_that_year": int(data.membership_on(int(year), members)["nato"].sum()),
                "unweighted_mean": float(rows["pct_gdp"].mean()) if rows["pct_gdp"].notna().all() else float("nan"),
            }
        )
    return pd.DataFrame(out)


def newest_counts(table: pd.DataFrame | None = None, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """Year by year, the count of Allies at 2% or more from the newest release per Ally and year."""
    table = data.defence_expenditure(data.NEWEST) if table is None else data.newest_release_rows(table)
    counts = counts_by_release(table.assign(release="newest"), members)
    mixes = table.groupby("year")["release"].agg(lambda r: ", ".join(sorted(set(r))))
    return counts.drop(columns="release").assign(releases=counts["year"].map(mixes))


# --- two releases of the same year --------------------------------------------------------------


def compare_releases(year: int, first: str, second: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The countries with a value for ``year`` in both releases: the two values and the change (second - first)."""
    table = data.defence_expenditure(data.ALL_RELEASES) if table is None else table
    rows = table[(table["year"] == year) & table["pct_gdp"].notna()]
    a = rows[rows["release"] == first].set_index("country")["pct_gdp"]
    b = rows[rows["release"] == second].set_index("country")["pct_gdp"]
    both = a.index.intersection(b.index)
    if both.empty:
        raise ValueError(f"no country has a value for {year} in both {first} and {second}")
    out = pd.DataFrame({"first": a[both], "second": b[both]})
    out["change"] = (out["second"] - out["first"]).round(4)
    out["crossed_2pct"] = (out["first"] >= GUIDELINE) != (out["second"] >= GUIDELINE)
    return out.sort_values("second").rename_axis("country").reset_index()


def describe_comparison(comparison: pd.DataFrame, year: int, first: str, second: str) -> str:
    moves = "; ".join(f"{r.country} {r.first:.2f} to {r.second:.2f}" for r in comparison.itertuples())
    return (
        f"Dot chart of {len(comparison)} Allies' defence expenditure in {year} (% of GDP) as first estimated in "
        f"the {short_label(first)} (hollow) and as revised in the {short_label(second)} (filled): {moves}."
    )


def release_comparison(comparison: pd.DataFrame, year: int, first: str, second: str):
    """Each country's ``year`` value in two releases, hollow (first) to filled (second), with the 2% line."""
    fig, ax = style.new_figure(9.0, max(3.6, 0.42 * len(comparison) + 2.2))
    blue, orange = style.CHANGE_COLOURS["up"], style.CHANGE_COLOURS["down"]  # not membership colours
    for pos, row in enumerate(comparison.itertuples()):
        colour = blue if row.change >= 0 else orange
        ax.annotate(
            "",
            xy=(row.second, pos),
            xytext=(row.first, pos),
            arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.6, "shrinkA": 5, "shrinkB": 5},
        )
        ax.plot(row.first, pos, "o", markerfacecolor="white", markeredgecolor=colour, markersize=8, mew=1.6)
        ax.plot(row.second, pos, "o", color=colour, markersize=8)
        right = max(row.first, row.second)
        ax.text(right + 0.05, pos, f"{row.change:+.2f}", va="center", fontsize=9, color=style.readable(colour))
    ax.set_yticks(range(len(comparison)), comparison["country"])
    ax.axvline(GUIDELINE, color=style.PALETTE["black"], linestyle=(0, (6, 3)), linewidth=1.2)
    low = min(comparison["first"].min(), comparison["second"].min(), GUIDELINE)
    high = max(comparison["first"].max(), comparison["second"].max())
    ax.set_xlim(low - 0.3, high + 0.45)
    ax.set_ylim(-0.6, len(comparison) - 0.4)
    ax.legend(
        handles=[
            Line2D(
                [], [], marker="o", linestyle="none", markerfacecolor="white", color="#333333", label=short_label(first)
            ),
            Line2D([], [], marker="o", linestyle="none", color="#333333", label=short_label(second)),
            Line2D([], [], color=blue, label="revised up"),
            Line2D([], [], color=orange, label="revised down"),
            Line2D([], [], color=style.PALETTE["black"], linestyle=(0, (6, 3)), label="2% guideline"),
        ],
        loc="lower right",
        fontsize=9,
        framealpha=0.9,
    )
    down = int((comparison["change"] < 0).sum())
    up = int((comparison["change"] > 0).sum())
    crossed = comparison.loc[comparison["crossed_2pct"], "country"].tolist()
    title = f"NATO's {year} estimates moved between two releases: {down} of {len(comparison)} down, {up} up" + (
        f";\n{' and '.join(crossed)} crossed the 2% line" if crossed else ""
    )
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel=f"Defence expenditure in {year}, % of GDP (NATO estimates)",
        ylabel=None,
        source=sources_line([first, second]),
        alt=describe_comparison(comparison, year, first, second),
    )


# --- one Ally's path and its distance to 3.5% ---------------------------------------------------


def ally_path(country: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One Ally's figures year by year, each from the newest release that covers the year (see ``release``)."""
    table = data.defence_expenditure(data.NEWEST) if table is None else data.newest_release_rows(table)
    rows = table[table["country"] == country].sort_values("year").reset_index(drop=True)
    if rows.empty:
        known = ", ".join(sorted(table["country"].unique()))
        raise ValueError(f"NATO's table has no country called {country!r}; pick one of: {known}")
    return rows


def gap_to_core(path: pd.DataFrame) -> dict:
    """The distance from an Ally's latest figure to 3.5% of GDP, in percentage points, with what it rests on.

    Returns year, value (None where NATO published none), stated, release, gap (3.5 minus the value; for a
    statement 'at least 2%' the gap is at most 1.5), per_year (the gap spread evenly over the years to 2035),
    and ``fallback``: the last year with a value when the latest year has none.
    """
    last = path.iloc[-1]
    valued = path[path["pct_gdp"].notna()]
    out = {
        "country": last.country,
        "year": int(last.year),
        "value": None if pd.isna(last.pct_gdp) else float(last.pct_gdp),
        "stated": None,
        "release": last.release,
        "fallback": None,
    }
    if pd.isna(last.pct_gdp):
        out["stated"] = last.stated
        if not valued.empty:
            prev = valued.iloc[-1]
            out["fallback"] = {"year": int(prev.year), "value": float(prev.pct_gdp), "release": prev.release}
    if out["value"] is not None:
        base, exact = out["value"], True
    elif out["stated"] == AT_LEAST:
        base, exact = GUIDELINE, False
    elif out["fallback"]:
        base, exact = out["fallback"]["value"], True
    else:
        base, exact = None, False
    out["gap"] = None if base is None else round(max(CORE_TARGET - base, 0.0), 2)
    out["gap_is_upper_bound"] = not exact and out["stated"] == AT_LEAST
    since = (
        out["fallback"]["year"]
        if (out["value"] is None and out["stated"] != AT_LEAST and out["fallback"])
        else out["year"]
    )
    out["from_year"] = since
    out["per_year"] = None if out["gap"] is None else round(out["gap"] / (TARGET_YEAR - since), 3)
    return out


def gap_sentence(gap: dict) -> str:
    """One plain sentence on the distance to 3.5%, naming the release."""
    who, rel = gap["country"], short_label(gap["release"])
    if gap["value"] is not None:
        if gap["gap"] == 0:
            return (
                f"{who}: {gap['value']:.2f}% of GDP in {gap['year']} (NATO estimate, {rel}), already at or above "
                f"the 3.5% core target agreed at The Hague for {TARGET_YEAR}."
            )
        return (
            f"{who}: {gap['value']:.2f}% of GDP in {gap['year']} (NATO estimate, {rel}), {gap['gap']:.2f} "
            f"percentage points short of 3.5%: about {gap['per_year']:.2f} points a year if the rise were spread "
            f"evenly to {TARGET_YEAR} (an illustration, not a national plan)."
        )
    if gap["stated"] == AT_LEAST:
        return (
            f"{who}: NATO stated only that it spends at least 2% of GDP in {gap['year']} ({rel}); the course has no "
            f"published value, so the distance to 3.5% is at most {gap['gap']:.2f} percentage points."
        )
    text = f"{who}: NATO published no figure for {gap['year']} in its {rel}"
    if gap["fallback"]:
        fb = gap["fallback"]
        text += (
            f"; its last figure, {fb['value']:.2f}% in {fb['year']} ({short_label(fb['release'])}), is "
            f"{gap['gap']:.2f} percentage points short of 3.5%"
        )
    return text + "."


def describe_path(path: pd.DataFrame, gap: dict) -> str:
    valued = path[path["pct_gdp"].notna()]
    first = valued.iloc[0]
    return (
        f"Line chart of {gap['country']}'s defence expenditure as a share of GDP from {int(first.year)} "
        f"({first.pct_gdp:.2f}%) to {gap['year']}, with dashed lines at 2% and 3.5% and the year {TARGET_YEAR}. "
        + gap_sentence(gap)
    )


def path_to_target(path: pd.DataFrame, gap: dict | None = None):
    """An Ally's path (newest release per year, one marker shape per release) and its distance to 3.5% by 2035."""
    gap = gap_to_core(path) if gap is None else gap
    fig, ax = style.new_figure(9.0, 4.8)
    # the Ally in its own colour (Poland is vermillion everywhere); the 3.5% target in a colour that is neither
    # the Ally's nor a membership colour
    colour = style.country_colours([gap["country"]])[gap["country"]]
    target = next(c for c in (style.CATEGORY_PALETTE[3], style.CATEGORY_PALETTE[1]) if c != colour)
    valued = path[path["pct_gdp"].notna()]
    ax.plot(valued["year"], valued["pct_gdp"], color=colour, linewidth=2, zorder=3)
    releases = list(dict.fromkeys(path["release"]))
    handles = []
    for i, rel in enumerate(releases):
        part = valued[valued["release"] == rel]
        if part.empty:
            continue
        marker = RELEASE_MARKERS[i % len(RELEASE_MARKERS)]
        ax.plot(part["year"], part["pct_gdp"], linestyle="none", marker=marker, color=colour, markersize=7, zorder=4)
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle="none", label=short_label(rel)))
    stated = path[path["pct_gdp"].isna() & (path["stated"] == AT_LEAST)]
    for row in stated.itertuples():
        ax.annotate(
            "",
            xy=(row.year, GUIDELINE + 0.45),
            xytext=(row.year, GUIDELINE),
            arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.6},
        )
        ax.plot(row.year, GUIDELINE, marker="_", color=colour, markersize=14, mew=2.5)
        ax.text(row.year + 0.3, GUIDELINE + 0.2, "at least 2%\n(NATO statement)", fontsize=8.5, va="center")
    missing = path[path["pct_gdp"].isna() & (path["stated"] == NO_FIGURE)]
    for row in missing.itertuples():
        ax.text(row.year + 0.2, GUIDELINE - 0.35, f"{row.year}: no figure\npublished", fontsize=8.5, va="top")
    ax.axhline(GUIDELINE, color=style.PALETTE["black"], linestyle=(0, (6, 3)), linewidth=1.2)
    ax.axhline(CORE_TARGET, color=target, linestyle=(0, (2, 2)), linewidth=1.6)
    ax.axvline(REVIEW_YEAR, color=style.PALETTE["grey"], linestyle=":", linewidth=1)
    ax.text(
        REVIEW_YEAR + 0.15,
        0.97,
        "2029: review",
        transform=ax.get_xaxis_transform(),
        va="top",
        fontsize=8.5,
        color=style.PALETTE["grey"],
    )
    if gap["gap"] and gap["from_year"]:
        start = (
            gap["value"]
            if gap["value"] is not None
            else (GUIDELINE if gap["stated"] == AT_LEAST else gap["fallback"]["value"])
        )
        ax.plot([gap["from_year"], TARGET_YEAR], [start, CORE_TARGET], color=colour, linestyle=":", linewidth=1.4)
        ax.annotate(
            "",
            xy=(gap["from_year"], CORE_TARGET),
            xytext=(gap["from_year"], start),
            arrowprops={"arrowstyle": "<->", "color": target, "linewidth": 1.4},
        )
        word = "at most " if gap["gap_is_upper_bound"] else ""
        ax.text(
            gap["from_year"] - 0.3,
            (start + CORE_TARGET) / 2,
            f"{word}{gap['gap']:.2f} points",
            ha="right",
            va="center",
            fontsize=9,
            color=style.readable(target),
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
        handles.append(Line2D([], [], color=colour, linestyle=":", label="even path to 2035 (illustration)"))
    handles += [
        Line2D([], [], color=style.PALETTE["black"], linestyle=(0, (6, 3)), label="2% guideline"),
        Line2D([], [], color=target, linestyle=(0, (2, 2)), label="3.5% core, by 2035"),
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=8.5, framealpha=0.9)
    top = max(valued["pct_gdp"].max() if not valued.empty else 0, CORE_TARGET)
    ax.set_ylim(0, top * 1.15)
    ax.set_xlim(int(path["year"].min()) - 0.5, TARGET_YEAR + 0.5)
    ax.set_xticks([2014, 2017, 2020, 2023, 2025, REVIEW_YEAR, TARGET_YEAR])
    if gap["value"] is not None:
        title = f"{gap['country']}: {gap['value']:.2f}% of GDP in {gap['year']}, " + (
            "at or above 3.5% already" if gap["gap"] == 0 else f"{gap['gap']:.2f} points short of 3.5%"
        )
    elif gap["stated"] == AT_LEAST:
        title = (
            f"{gap['country']}: at least 2% in {gap['year']} (NATO's statement, no value),\n"
            f"at most {gap['gap']:.2f} points short of 3.5%"
        )
    else:
        title = f"{gap['country']}: no NATO figure for {gap['year']}" + (
            f"; {gap['gap']:.2f} points short of 3.5% in {gap['fallback']['year']}" if gap["fallback"] else ""
        )
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel="Year (to the Hague target year, 2035)",
        ylabel="Defence expenditure, % of GDP",
        source=sources_line(releases) + "; " + HAGUE_SOURCE,
        alt=describe_path(path, gap),
    )
