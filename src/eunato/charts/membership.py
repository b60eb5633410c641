"""Charts of who belongs to the EU, to NATO, and to both."""

from __future__ import annotations

import pandas as pd

from .. import style

MEMBERSHIP_SOURCE = (
    "course table data/members.csv, from Eurostat (EU enlargements) and NATO "
    "(accession of Allies); counts at the end of each year"
)


def membership_over_time(counts: pd.DataFrame, *, highlight_last: bool = True) -> style.CourseFigure:
    """Step lines of the number of EU members, NATO Allies and countries in both, year by year.

    ``counts`` is ``eunato.data.membership_counts()``: columns year, eu, nato, both.
    """
    missing = {"year", "eu", "nato", "both"} - set(counts.columns)
    if missing:
        raise ValueError(f"membership_over_time needs the columns year, eu, nato, both; missing {sorted(missing)}")
    fig, ax = style.new_figure()
    series = [
        ("nato", "NATO Allies", "NATO", "-", "s"),
        ("eu", "EU members (EC before 1993)", "EU", "--", "o"),
        ("both", "In both", "both", "-", "^"),
    ]
    # repeat the last year so that its level is drawn as a step too
    extended = pd.concat([counts, counts.tail(1).assign(year=counts["year"].iloc[-1] + 1)], ignore_index=True)
    for col, label, colour_key, line, marker in series:
        ax.step(
            extended["year"],
            extended[col],
            where="post",
            color=style.GROUP_COLOURS[colour_key],
            linestyle=line,
            linewidth=2.2 if col == "both" else 1.8,
            label=label,
        )
        if highlight_last:
            last = counts.iloc[-1]
            ax.plot(last["year"] + 1, last[col], marker=marker, color=style.GROUP_COLOURS[colour_key])
            ax.annotate(
                f"{int(last[col])}",
                (last["year"] + 1, last[col]),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontweight="bold",
                color=style.readable(style.GROUP_COLOURS[colour_key]),
            )
    last = counts.iloc[-1]
    ax.set_xlim(counts["year"].min(), counts["year"].max() + 5)
    ax.set_ylim(0, max(counts["nato"].max(), counts["eu"].max()) + 4)
    ax.legend(loc="upper left")
    title = (
        f"By {int(last['year'])}, {int(last['both'])} countries belonged to both the EU "
        f"({int(last['eu'])} members) and NATO ({int(last['nato'])} Allies)"
    )
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel="Year (membership at the end of the year)",
        ylabel="Number of countries",
        source=MEMBERSHIP_SOURCE,
        alt=describe_membership_over_time(counts),
    )


def describe_membership_over_time(counts: pd.DataFrame) -> str:
    """The chart in words: where each line starts and ends and when the overlap reached its size."""
    first, last = counts.iloc[0], counts.iloc[-1]
    reached = int(counts.loc[counts["both"] == last["both"], "year"].iloc[0])
    peak = counts.loc[counts["both"].idxmax()]
    text = (
        f"Line chart of membership from {int(first['year'])} to {int(last['year'])}. "
        f"NATO grows from {int(first['nato'])} Allies to {int(last['nato'])}; the EU (the European "
        f"Communities before 1993) from {int(counts.loc[counts['eu'] > 0, 'eu'].iloc[0])} members in "
        f"{int(counts.loc[counts['eu'] > 0, 'year'].iloc[0])} to {int(last['eu'])}. "
        f"The number of countries in both reaches {int(last['both'])} in {reached}"
    )
    if int(peak["both"]) > int(last["both"]):
        text += f" (it had been {int(peak['both'])} as early as {int(peak['year'])})"
    return text + "."
