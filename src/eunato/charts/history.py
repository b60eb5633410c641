"""Charts of the history of EU-NATO relations: the timeline of events and the growth of the common agenda.

Both charts are drawn only from the course tables (``data.timeline()``, ``data.common_actions()``,
``data.progress_reports()``); every date, count and label on them comes from a data row.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd
from matplotlib.patches import Patch
from matplotlib.transforms import offset_copy

from .. import data, style
from ..wording import join_and

__all__ = [
    "CATEGORY_ORDER",
    "CATEGORY_STYLE",
    "PRECISION_WORDS",
    "agenda_growth",
    "agenda_series",
    "describe_agenda_growth",
    "describe_timeline",
    "longest_gap",
    "numbered",
    "timeline_chart",
]

# Lanes from top to bottom: the framework years first, then the new era, then the wider context.
CATEGORY_ORDER = [
    "framework",
    "operation",
    "declaration",
    "common actions",
    "report",
    "task force",
    "strategy",
    "context",
    "enlargement",
    "leadership",
    "defence spending",
]
_P = style.PALETTE
# Every category has its own lane (its name is on the axis), so colour is never the only cue;
# marker shapes differ as well.
# Colours come from style.CATEGORY_PALETTE: never blue, orange or green, which mean EU, NATO and both.
# Eleven kinds share six colours and grey; kinds that are drawn together without lanes (the Compass chapter's
# strategy timeline: strategy, declaration, context, defence spending) each have their own colour.
_C = style.CATEGORY_PALETTE
CATEGORY_STYLE = {
    "framework": (_C[5], "s"),
    "operation": (_P["grey"], "v"),
    "declaration": (_C[1], "D"),
    "common actions": (_C[3], "^"),
    "report": (_C[2], "o"),
    "task force": (_C[4], "P"),
    "strategy": (_C[0], "X"),
    "context": (_P["grey"], "*"),
    "enlargement": (_C[1], "o"),
    "leadership": (_C[3], "s"),
    "defence spending": (_C[4], "D"),
}
PRECISION_WORDS = {"day": "date known to the day", "month": "known to the month only", "year": "known to the year only"}

TIMELINE_SOURCE = "course table data/timeline.csv (each event's primary source is in its 'source' column)"
AGENDA_SOURCE = (
    "course tables data/common_actions.csv (Council conclusions of 6 Dec 2016; NATO Press Release "
    "(2017) 174), data/timeline.csv (the Joint Declarations) and data/progress_reports.csv"
)


_NAME_OFFSET_PX = 11.0  # from a marker's centre to its name (8 points at 100 dpi)
_MARKER_PX = 7.0  # half a marker, and a little air
_NAME_GAP_PX = 8.0  # the least space between two names in one row


@lru_cache(maxsize=2048)
def _text_px(text: str, size: float) -> float:
    """The width in pixels (at 100 dpi) of ``text`` in the house font at ``size`` points, from the font's metrics.

    Cached: an explorer names the same events at every update, so each name is measured once per session.
    """
    from matplotlib.font_manager import FontProperties, findfont, get_font

    font = get_font(findfont(FontProperties(size=size)))
    font.set_size(size, 100)
    font.set_text(text, 0.0)
    return font.get_width_height()[0] / 64


def _day(ts) -> str:
    return f"{pd.Timestamp(ts).day} {pd.Timestamp(ts):%b %Y}"


def numbered(events: pd.DataFrame) -> pd.DataFrame:
    """The events in date order with a column ``n`` (1, 2, 3, ...): the numbers shown on the timeline chart."""
    out = events.drop(columns="n", errors="ignore").sort_values("date", kind="stable").reset_index(drop=True)
    out.insert(0, "n", range(1, len(out) + 1))
    return out


def longest_gap(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp, float] | None:
    """(start, end, years) of the longest stretch between two consecutive events, or None for < 2 events."""
    dates = events["date"].sort_values().reset_index(drop=True)
    if len(dates) < 2:
        return None
    gaps = dates.diff()
    i = int(gaps.idxmax())
    return dates[i - 1], dates[i], gaps[i].days / 365.25


def timeline_chart(
    events: pd.DataFrame,
    *,
    start: int | None = None,
    end: int | None = None,
    categories: Sequence[str] | None = None,
    gap_years: float = 5.0,
) -> style.CourseFigure:
    """Events as markers named beside them, on one lane per category, between the years ``start`` and ``end``.

    ``events`` is ``data.timeline()`` or a selection of it. The numbers match ``numbered(events)``.
    A stretch of ``gap_years`` or more with no event is shaded and labelled.
    """
    missing = {"date", "category", "title"} - set(events.columns)
    if missing:
        raise ValueError(f"timeline_chart needs the columns date, category, title; missing {sorted(missing)}")
    if events.empty:
        raise ValueError("timeline_chart needs at least one event")
    ev = numbered(events)
    start = int(ev["date"].dt.year.min()) if start is None else int(start)
    end = int(ev["date"].dt.year.max()) if end is None else int(end)
    if categories is None:
        categories = [c for c in CATEGORY_ORDER if c in set(ev["category"])]
        categories += sorted(set(ev["category"]) - set(categories))
    lanes = list(categories)
    left, right = pd.Timestamp(year=start, month=1, day=1), pd.Timestamp(year=end, month=12, day=31)
    view = (left - pd.Timedelta(days=60), right + pd.Timedelta(days=90))  # room for a marker on 31 December
    # Each event is named beside its marker ("8 Warsaw Joint Declaration": the number matches the list of
    # events), so nothing has to be looked up. Names are measured in pixels (the font's own widths, cached), and a
    # name that would touch another in its lane (events days apart) goes to a second or third row of that lane; a
    # name that would run past the right edge is written to the left of its marker.
    width_in = 10.0
    lane_px = max(_text_px(c, 11) for c in lanes)  # the lane names on the y axis
    plot_px = width_in * 100 - lane_px - 50 - 12  # minus the lane names, the axis label and the pads
    x0 = view[0].value
    px_per_ns = plot_px / (view[1].value - x0)
    edge = plot_px - 4
    dates = ev["date"].tolist()
    cats = ev["category"].tolist()
    labels = [f"{n} {t}" for n, t in zip(ev["n"], ev["title"], strict=True)]
    rows_of: dict = {}
    for cat in lanes:
        taken: list[list[tuple[float, float]]] = []
        for i in (i for i, c in enumerate(cats) if c == cat):
            x = (dates[i].value - x0) * px_per_ns
            w = _text_px(labels[i], 8) + _NAME_GAP_PX
            to_left = x + _NAME_OFFSET_PX + w > edge and x - _NAME_OFFSET_PX - w >= 0
            box = (x - _NAME_OFFSET_PX - w, x + _MARKER_PX) if to_left else (x - _MARKER_PX, x + _NAME_OFFSET_PX + w)
            k = next((j for j, boxes in enumerate(taken) if all(box[1] < b0 or box[0] > b1 for b0, b1 in boxes)), None)
            if k is None:
                taken.append([])
                k = len(taken) - 1
            taken[k].append(box)
            rows_of[i] = (k, to_left)
        rows_of[cat] = max(1, len(taken))
    total = sum(rows_of[c] for c in lanes)
    fig, ax = style.new_figure(width_in, max(3.6, 1.9 + 0.27 * total))
    ypos, top, rules = {}, total, []
    for cat in lanes:  # lanes from the top; a lane with two rows of names is two rows tall
        ypos[cat] = top - 0.5
        top -= rows_of[cat]
        if top > 0:
            rules.append(top)
    ax.hlines(rules, 0, 1, transform=ax.get_yaxis_transform(), color="#E5E5E5", linewidth=0.8, zorder=0)
    # a name 8 points right (or left) of its marker: two shared transforms, cheaper than an annotation each
    beside = {
        False: offset_copy(ax.transData, fig=fig, x=_NAME_OFFSET_PX * 0.72, y=0, units="points"),
        True: offset_copy(ax.transData, fig=fig, x=-_NAME_OFFSET_PX * 0.72, y=0, units="points"),
    }
    for cat in lanes:
        mine = [i for i, c in enumerate(cats) if c == cat]
        if not mine:
            continue
        colour, marker = CATEGORY_STYLE.get(cat, (_P["black"], "o"))
        ys = [ypos[cat] - rows_of[i][0] for i in mine]
        # plot with markers only (a Line2D) rather than scatter: the same marks, built in a third of the time;
        # not clipped, so that a marker on the last day of the view is whole
        ax.plot(
            [dates[i] for i in mine],
            ys,
            linestyle="none",
            marker=marker,
            zorder=3,
            color=colour,
            markersize=(140 if marker == "*" else 70) ** 0.5,
            markeredgecolor="white",
            markeredgewidth=0.6,
            clip_on=False,
        )
        for i, y in zip(mine, ys, strict=True):
            to_left = rows_of[i][1]
            name = ax.text(
                dates[i],
                y,
                labels[i],
                transform=beside[to_left],
                ha="right" if to_left else "left",
                va="center",
                fontsize=8,
                color="#1A1A1A",
            )
            name.set_in_layout(False)  # next to its marker, inside the axes: nothing for the layout to measure
    lane_top = total
    gap = longest_gap(ev)
    if gap and gap[2] >= gap_years:
        g0, g1, years = gap
        ax.axvspan(g0, g1, color="#EEEEEE", zorder=0)
        ax.text(
            g0 + (g1 - g0) / 2,
            lane_top / 2,  # half-way down: the names of the events either side of the gap keep to their lanes
            f"over {int(years)} years with no event in this selection:\n"
            "a gap in the course's record,\nnot proof that nothing happened",
            ha="center",
            va="center",
            fontsize=9,
            color=_P["grey"],
        ).set_in_layout(False)
    ax.set_yticks([ypos[c] for c in lanes], lanes)
    ax.set_ylim(0, lane_top)
    ax.set_xlim(*view)
    span = end - start
    if span <= 1:
        style.date_ticks(ax, *view, months=(1, 4, 7, 10), fmt="%b %Y")
    else:
        style.date_ticks(ax, *view, every_years=1 if span <= 8 else 2 if span <= 16 else 4)
    ax.grid(axis="y", visible=False)
    title = textwrap.fill(_timeline_title(ev, start, end), 80)
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel="Date (each event named beside its marker, numbered in date order)",
        ylabel="Kind of event",
        source=TIMELINE_SOURCE,
        alt=describe_timeline(ev, start, end),
    )


def _timeline_title(ev: pd.DataFrame, start: int, end: int) -> str:
    decl = ev[ev["category"] == "declaration"]
    when = f"{start}" if start == end else f"{start}-{end}"
    base = f"{len(ev)} event{'s' if len(ev) != 1 else ''} of EU-NATO relations, {when}"
    if len(decl):
        base += f": Joint Declarations in {join_and(str(y) for y in decl['date'].dt.year)}"
    return base


def describe_timeline(events: pd.DataFrame, start: int | None = None, end: int | None = None) -> str:
    """The timeline in words: how many events, from when to when, per category, and the longest gap."""
    ev = numbered(events)
    if ev.empty:
        return "No events in this selection."
    start = int(ev["date"].dt.year.min()) if start is None else start
    end = int(ev["date"].dt.year.max()) if end is None else end
    counts = ev["category"].value_counts()
    parts = ", ".join(f"{n} {c}" for c, n in counts.items())
    text = (
        f"Timeline of {len(ev)} events {f'in {start}' if start == end else f'from {start} to {end}'}, one lane per "
        f"kind of event ({parts}). "
        f"The first is '{ev['title'].iloc[0]}' ({_day(ev['date'].iloc[0])}); the last is "
        f"'{ev['title'].iloc[-1]}' ({_day(ev['date'].iloc[-1])})."
    )
    gap = longest_gap(ev)
    if gap and gap[2] >= 1:
        text += (
            f" The longest stretch without an event runs from {_day(gap[0])} to {_day(gap[1])}, "
            f"over {int(gap[2])} years."
        )
    return text


# --- the growth of the common agenda ----------------------------------------------------------------


def agenda_series(actions: pd.DataFrame, until: pd.Timestamp) -> pd.DataFrame:
    """Running total of common actions as steps: one row per change, plus a last row at ``until``."""
    steps = actions.sort_values("date")[["date", "total_actions"]].reset_index(drop=True)
    last = pd.DataFrame({"date": [pd.Timestamp(until)], "total_actions": [steps["total_actions"].iloc[-1]]})
    return pd.concat([steps, last], ignore_index=True)


def agenda_growth(
    actions: pd.DataFrame | None = None, events: pd.DataFrame | None = None, reports: pd.DataFrame | None = None
) -> style.CourseFigure:
    """Two panels on one time axis: the running total of common actions with the Joint Declarations
    (top), and the joint progress reports (bottom), drawn as a dot when the day is known and as a
    bar over the month or year when only that is known.
    """
    actions = data.common_actions() if actions is None else actions
    events = data.timeline() if events is None else events
    reports = data.progress_reports() if reports is None else reports
    decl = events[events["category"] == "declaration"].sort_values("date")
    if decl.empty or actions.empty or reports.empty:
        raise ValueError("agenda_growth needs the declarations, the common actions and the progress reports")
    first = min(decl["date"].min(), actions["date"].min())
    x0 = pd.Timestamp(year=first.year, month=1, day=1)
    x1 = pd.Timestamp(year=int(reports["date_start"].dt.year.max()) + 1, month=1, day=1)

    fig, (ax, axr) = style.new_figure(10.0, 6.4, nrows=2, sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    steps = agenda_series(actions, x1)
    ax.step(
        steps["date"],
        steps["total_actions"],
        where="post",
        color=CATEGORY_STYLE["common actions"][0],
        linewidth=2.4,
        label="Common actions endorsed (running total)",
    )
    ax.plot([x0, steps["date"].iloc[0]], [0, 0], color=CATEGORY_STYLE["common actions"][0], linewidth=2.4)
    ax.vlines(
        steps["date"].iloc[0],
        0,
        steps["total_actions"].iloc[0],
        color=CATEGORY_STYLE["common actions"][0],
        linewidth=2.4,
    )
    for row in actions.sort_values("date").itertuples():
        ax.plot(
            row.date, row.total_actions, marker="^", color=CATEGORY_STYLE["common actions"][0], markersize=9, zorder=3
        )
        # A white box keeps the label readable where a declaration line passes behind it.
        ax.annotate(
            f"+{row.new_actions} = {row.total_actions} actions\n({_day(row.date)})",
            (row.date, row.total_actions),
            xytext=(8, -6),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=9.5,
            color="#1A1A1A",
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
        )
    top = int(actions["total_actions"].max())
    for k, row in enumerate(decl.itertuples()):
        ax.axvline(
            row.date,
            color=CATEGORY_STYLE["declaration"][0],
            linestyle="--",
            linewidth=1.4,
            zorder=1,
            label="Joint Declaration" if k == 0 else None,
        )
        ax.annotate(
            f"{row.title}\n{_day(row.date)}",
            (row.date, top * 1.32),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=9,
            color=style.readable(CATEGORY_STYLE["declaration"][0]),
        )
    ax.set_ylim(0, top * 1.38)
    # between the 2018 and 2023 declaration lines, so that neither dashed line runs through its text
    ax.legend(loc="center left", bbox_to_anchor=(0.262, 0.42), fontsize=10, borderaxespad=0)

    # Progress reports: one lane, the dot or bar shows how precisely the date is known.
    for row in reports.itertuples():
        if row.date_precision == "day":
            axr.plot(row.date_start, 0, marker="o", color=_P["sky"], markeredgecolor="#1A1A1A", markersize=9, zorder=3)
            x_text = row.date_start
        else:
            stop = row.date_start + (
                pd.offsets.MonthBegin(1) if row.date_precision == "month" else pd.offsets.YearBegin(1)
            )
            axr.barh(
                0,
                stop - row.date_start,
                left=row.date_start,
                height=0.34,
                color="white",
                edgecolor="#1A1A1A",
                hatch="///" if row.date_precision == "year" else "",
                zorder=2,
            )
            x_text = row.date_start + (stop - row.date_start) / 2
        axr.annotate(str(row.number), (x_text, 0.24), ha="center", va="bottom", fontsize=9)
    handles = [
        axr.plot(
            [],
            [],
            marker="o",
            color=_P["sky"],
            markeredgecolor="#1A1A1A",
            linestyle="",
            markersize=8,
            label=PRECISION_WORDS["day"],
        )[0],
        Patch(facecolor="white", edgecolor="#1A1A1A", label=PRECISION_WORDS["month"]),
        Patch(facecolor="white", edgecolor="#1A1A1A", hatch="///", label=PRECISION_WORDS["year"]),
    ]
    axr.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, -0.32),
        ncol=3,
        fontsize=9.5,
        title="Joint progress reports (numbered):",
        title_fontsize=9.5,
        alignment="left",
    )
    axr.set_ylim(-0.5, 0.75)
    axr.set_yticks([0], ["progress\nreports"])
    axr.grid(axis="y", visible=False)
    axr.set_xlim(x0, x1)
    style.date_ticks(axr, x0, x1)
    axr.set_xlabel("Year")
    months = _months_between(decl["date"].iloc[0], actions["date"].max())
    title = textwrap.fill(
        f"The common agenda reached {top} actions {months} months after the Warsaw "
        f"Declaration; {len(reports)} joint progress reports have followed",
        80,
    )
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel=None,
        ylabel="Common actions (total)",
        source=AGENDA_SOURCE,
        alt=describe_agenda_growth(actions, events, reports),
    )


def _months_between(a, b) -> int:
    a, b = pd.Timestamp(a), pd.Timestamp(b)
    return (b.year - a.year) * 12 + (b.month - a.month)


def describe_agenda_growth(actions: pd.DataFrame, events: pd.DataFrame, reports: pd.DataFrame) -> str:
    """The agenda chart in words, computed from the three tables."""
    acts = actions.sort_values("date")
    decl = events[events["category"] == "declaration"].sort_values("date")
    steps = "; ".join(f"{r.new_actions} on {_day(r.date)} (total {r.total_actions})" for r in acts.itertuples())
    decls = "; ".join(f"{r.title} on {_day(r.date)}" for r in decl.itertuples())
    by_precision = reports.groupby("date_precision")["number"].apply(list)
    precise = ", ".join(map(str, by_precision.get("day", [])))
    vague = [
        f"{PRECISION_WORDS[p]}: report{'s' if len(by_precision[p]) > 1 else ''} {', '.join(map(str, by_precision[p]))}"
        for p in ("month", "year")
        if p in by_precision
    ]
    return (
        f"Step chart of the common actions endorsed by the EU and NATO Councils: {steps}. "
        f"Dashed lines mark the Joint Declarations ({decls}). A lower strip shows the {len(reports)} joint "
        f"progress reports from {reports['date'].iloc[0][:4]} to {reports['date'].iloc[-1][:4]}; "
        f"reports {precise} have an exact day; " + "; ".join(vague) + "."
    )
