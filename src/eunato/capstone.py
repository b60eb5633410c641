"""The capstone (notebook 05): gather evidence from every chapter, then write a one-page briefing for a minister.

Two kinds of helper live here.

* **Evidence steps**, one per chapter. Each takes the learner's own choices (a period, some area ids,
  a year, some countries), checks them, and returns the course's own chart or table for them. A
  choice the course cannot use gives a chart that *says* what to change, never a traceback:
  :func:`timeline_step`, :func:`area_menu`, :func:`priority_cards`, :func:`priority_lines`,
  :func:`priority_chart`, :func:`membership_step`, :func:`spending_step`, :func:`guideline_fact`,
  :func:`citation` (the title and source line of a chart, ready to cite).
* **The briefing checker**, :func:`check_briefing`: formative feedback on a draft briefing (its length,
  its sections, including a political risk and an opposing view, its three evidence points, each stating a
  figure that matches the data it cites, the course sources it cites) and a list of numbers
  that do not appear in the course data, which it only flags, never marks wrong.

Every number these helpers print is computed from the tables in ``data/``.
"""

from __future__ import annotations

import difflib
import html
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import data, normalize, style
from .charts import areas as area_charts
from .charts import capstone as capstone_charts
from .charts import history, overlap, releases, spending
from .charts.map import membership_map
from .checks import _real_words, describe
from .explorers import areas as area_explorer
from .explorers import history as history_explorer
from .feedback import Feedback
from .questions import SortQuestion
from .tables import for_reading
from .wording import join_and, year_text

__all__ = [
    "DEFAULT_AREAS",
    "DEFAULT_COUNTRIES",
    "DEFAULT_PERIOD",
    "DEFAULT_YEAR",
    "EVIDENCE_POINTS",
    "MAX_WORDS",
    "MIN_SOURCES",
    "MIN_WORDS",
    "SECTIONS",
    "TEMPLATE",
    "area_menu",
    "briefing_from_parts",
    "check_briefing",
    "citation",
    "cited_sources",
    "event_kinds",
    "evidence_points",
    "evidence_question",
    "find_sections",
    "guideline_fact",
    "known_numbers",
    "line_summary",
    "membership_step",
    "message_figure",
    "numbers_in",
    "priority_cards",
    "priority_chart",
    "priority_lines",
    "spending_step",
    "timeline_step",
    "unknown_numbers",
    "word_count",
]

# --- the learner's defaults (each runs as it is) -------------------------------------------------------------

DEFAULT_PERIOD = (2016, 2026)
DEFAULT_AREAS = ["hybrid", "mobility"]
DEFAULT_YEAR = 2024
DEFAULT_COUNTRIES = ["Poland", "Germany", "Spain"]

# --- what the briefing checker looks for ------------------------------------------------------------------

MIN_WORDS, MAX_WORDS = 250, 500  # a one-page briefing
MIN_SOURCES = 3  # distinct course sources named somewhere in the briefing
EVIDENCE_POINTS = 3  # list items under "Evidence"
SMALL_NUMBERS = 12  # whole numbers up to this are too common to check ("3 points", "two")

# section name -> the words that may start its heading (case does not matter), common synonyms included
SECTIONS = {
    "Purpose": r"purpose|aims?|objectives?|goals?",
    "Background": r"background|context",
    "Evidence": r"(?:key[ \t]+)?(?:evidence|findings)",
    "Recommendations": r"(?:policy[ \t]+)?recommendations?",
    "Risks and limits": r"risks?|limits?|limitations?|caveats?",
    "Political risk": r"(?:a[ \t]+)?political[ \t]+risks?",
    "Opposing view": r"(?:an[ \t]+)?(?:opposing[ \t]+views?|counter[- \t]?arguments?|objections?|other[ \t]+views?)",
}
CORE_SECTIONS = ("Purpose", "Background", "Evidence", "Recommendations", "Risks and limits")
ARGUED_PARTS = ("Political risk", "Opposing view")  # each must argue, not only be present
MIN_PART_WORDS = 15  # words that count in a political risk or an opposing view

TEMPLATE = """
Purpose:

Background:

Evidence:
-
-
-

Recommendations:

Risks and limits of the evidence:

Political risk:

Opposing view:
"""

# source label -> a pattern that names it. Data files count one each, named as the notebook shows them.
SOURCE_PATTERNS = {
    "a Joint Declaration (data/timeline.csv)": r"\bjoint declarations?\b",
    "the EEAS factsheet": r"\bEEAS\b|\bfactsheet\b",
    "NATO's defence expenditure figures (data/defence_expenditure.csv)": r"defence expenditure of NATO countries|\bNATO(?:['’]s)?\b[^.\n]{0,40}?\b(?:figures|estimates?|tables?|data)\b",
    "the European Defence Agency (data/eu_defence_totals.csv)": r"\bEDA\b|european defence agency",
    "the Strategic Compass": r"\bstrategic compass\b",
    "the common actions (Council conclusions; NATO press release)": r"council conclusions|NATO press release|\bcommon (?:set of )?(?:actions|proposals)\b",
    "the joint progress reports (data/progress_reports.csv)": r"\bprogress reports?\b",
    "NATO's Strategic Concept": r"\bstrategic concept\b",
    "the Hague Summit Declaration": r"\bhague\b",
    "the membership table (data/members.csv)": r"\bmembership table\b",
}
DATA_FILE = re.compile(r"\b(?:data/)?([a-z_]+)\.csv\b", re.IGNORECASE)

_P = style.PALETTE


# --- small pieces --------------------------------------------------------------------------------------------


def message_figure(title: str, message: str):
    """A chart-sized figure that says, in words, why nothing is drawn and what to change.

    The evidence steps return it instead of raising, so a cell the learner edited still runs; its
    alt text is the message.
    """
    fig, ax = style.new_figure(9.0, 2.6)
    ax.axis("off")
    ax.text(
        0.0,
        0.85,
        "\n".join(textwrap.wrap(message, 95)),
        ha="left",
        va="top",
        fontsize=11,
        color="#8A3B00",
        transform=ax.transAxes,
    )
    return style.finish(
        fig,
        ax,
        title=title,
        xlabel=None,
        ylabel=None,
        source="nothing drawn: change your choice in the cell above and run it again",
        alt=message,
    )


def citation(fig) -> str:
    """The title and source line of a course chart, as one line to quote in a briefing."""
    title = " ".join(text.strip() for text in fig.axes[0].get_title(loc="left").split("\n") if text.strip())
    sources = [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]
    source = " ".join(sources[0].split()) if sources else "Source: not given"
    return f"Chart: '{title}'. {source}"


def _as_list(value) -> list | None:
    """A list from a str, list, tuple or set; None for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, set, frozenset, pd.Series)):
        return list(value)
    return None


# --- step 1: history -----------------------------------------------------------------------------------------


def _year_span(events: pd.DataFrame) -> tuple[int, int]:
    return int(events["date"].dt.year.min()), int(events["date"].dt.year.max())


def event_kinds() -> list[str]:
    """The kinds of event in the timeline (its ``category`` column), in the order of the chart's lanes."""
    return history_explorer._categories(data.timeline())


def timeline_step(period=DEFAULT_PERIOD, kinds=None):
    """(chart, table) of the events in ``period`` (from, to) of the chosen ``kinds`` (None: every kind).

    The chart is ``charts.history.timeline_chart``; the table is the numbered list of the events with their
    sources. A choice that cannot be drawn gives a message figure and an empty table.
    """
    events = data.timeline()
    first, last = _year_span(events)
    kinds_known = history_explorer._categories(events)
    empty = history_explorer.event_list(events.iloc[0:0])
    try:
        low, high = period
        low, high = int(low), int(high)
        if isinstance(period[0], bool) or isinstance(period[1], bool) or low != period[0] or high != period[1]:
            raise ValueError
    except (TypeError, ValueError):
        return (
            message_figure(
                "Choose a period as two years",
                f"my_period should be two years in brackets, such as ({first}, {last}); it is {describe(period)}.",
            ),
            empty,
        )
    if low > high:
        return (
            message_figure(
                "The period runs backwards",
                f"my_period starts in {low} and ends in {high}; put the "
                f"earlier year first, for example ({high}, {low}).",
            ),
            empty,
        )
    if high < first or low > last:
        return (
            message_figure(
                "No events in that period",
                f"The course's timeline runs from {first} to {last}; choose years in that range.",
            ),
            empty,
        )
    if kinds is not None:
        chosen = _as_list(kinds)
        unknown = [k for k in (chosen or []) if k not in kinds_known] if chosen is not None else []
        if chosen is None or unknown or not chosen:
            what = (
                f"{join_and(repr(k) for k in unknown)} {'is' if len(unknown) == 1 else 'are'} not a kind of event"
                if unknown
                else f"my_kinds is {describe(kinds)}"
            )
            return (
                message_figure(
                    "Choose kinds of event from the list",
                    f"{what}. Use None for every kind, or a list of some of: {', '.join(kinds_known)}.",
                ),
                empty,
            )
        kinds = chosen
    picked = history_explorer.events_in((low, high), kinds, events)
    if picked.empty:
        return (
            message_figure(
                "No events of that kind in that period",
                f"The course's timeline has no event of the kinds chosen between {low} and {high}. "
                "Widen the period or choose more kinds.",
            ),
            empty,
        )
    lanes = [k for k in kinds_known if k in set(picked["category"])]
    fig = history.timeline_chart(picked, start=max(low, first), end=min(high, last), categories=lanes)
    return fig, history_explorer.event_list(picked)[["date", "event", "kind", "source", "confidence"]]


# --- steps 2 and 3: areas and the Compass --------------------------------------------------------------------


def area_menu() -> pd.DataFrame:
    """The area ids a learner can choose, with each area's name, year on the agenda and Compass line."""
    areas = data.areas()
    out = pd.DataFrame(
        {
            "id": areas["id"],
            "area": areas["area"],
            "first named": [year_text(y) for y in areas["year_added"]],
            "Compass line (course's reading)": areas["compass_line"].fillna("none"),
        }
    )
    return for_reading(out.set_index("id"), index=True)


def _check_areas(my_areas) -> tuple[list[str], str | None]:
    """(valid ids in the learner's order, without repeats; a message when the choice cannot be used)."""
    known = list(data.areas()["id"])
    chosen = _as_list(my_areas)
    if chosen is None:
        return (
            [],
            f"my_areas should be a list of area ids in quotes, such as {DEFAULT_AREAS!r}; it is {describe(my_areas)}.",
        )
    if not chosen:
        return [], f"my_areas is empty. Choose two or three ids, such as {DEFAULT_AREAS!r}."
    unknown = [a for a in chosen if a not in known]
    if unknown:
        tips = []
        for a in unknown:
            close = difflib.get_close_matches(str(a).lower(), known, n=1)
            tips.append(f"{a!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        return [], (
            f"{join_and(tips)} {'is' if len(unknown) == 1 else 'are'} not an area id. The ids are: {', '.join(known)}."
        )
    return list(dict.fromkeys(chosen)), None


@dataclass
class Cards:
    """Area cards to show in a notebook: HTML in Jupyter, a short text elsewhere (and for nbval)."""

    html_text: str
    plain: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.plain, "text/html": self.html_text}

    def __repr__(self) -> str:
        return self.plain


def priority_cards(my_areas=DEFAULT_AREAS) -> Cards:
    """The Chapter 2 card of each chosen area (``explorers.areas.area_card``), one under the other."""
    ids, problem = _check_areas(my_areas)
    if problem:
        return Cards(
            f"<p class='eunato-explorer-message' role='status' style='color:#8A3B00'>{html.escape(problem)}</p>",
            problem,
        )
    areas = data.areas().set_index("id")
    if len(ids) > 3:
        note = f"You chose {len(ids)} areas; a one-page briefing has room for two or three priorities."
    else:
        note = ""
    cards = "".join(f"<div style='margin:0.5em 0'>{area_explorer.area_card(i)}</div>" for i in ids)
    plain = (
        f"Cards of {len(ids)} area{'s' if len(ids) != 1 else ''}: "
        + "; ".join(f"{areas.loc[i, 'area']} (source: {areas.loc[i, 'source']})" for i in ids)
        + "."
    )
    if note:
        plain += " " + note
        cards = f"<p role='status' style='color:#8A3B00'>{html.escape(note)}</p>" + cards
    return Cards(cards, plain)


def priority_lines(my_areas=DEFAULT_AREAS) -> pd.DataFrame:
    """One row per chosen area: year on the agenda, the Compass line(s) that name it and their wording, source."""
    ids, problem = _check_areas(my_areas)
    if problem:
        return pd.DataFrame({"message": [problem]})
    areas = data.areas().set_index("id").loc[ids]
    return pd.DataFrame(
        {
            "area": areas["area"],
            "first named": [year_text(y) for y in areas["year_added"]],
            "Compass line": areas["compass_line"].fillna("no line names it"),
            "Compass wording": areas["compass_wording"].fillna(""),
            "source": areas["source"],
        }
    ).rename_axis("id")


def line_summary(my_areas=DEFAULT_AREAS) -> str:
    """One sentence: which Compass line each chosen priority falls under (the course's reading)."""
    ids, problem = _check_areas(my_areas)
    if problem:
        return problem
    areas = data.areas().set_index("id").loc[ids]
    parts, none = [], []
    for line in area_charts.COMPASS_LINES:
        named = [r.area for r in areas.itertuples() if line in data.split_list(r.compass_line)]
        if named:
            parts.append(f"{line}: {join_and(named)}")
    none = [r.area for r in areas.itertuples() if not data.split_list(r.compass_line)]
    text = "Your priorities fall under " + ("; ".join(parts) if parts else "no Compass line")
    if none and parts:
        text += f"; no line names {join_and(none)}"
    lines = {l for r in areas.itertuples() for l in data.split_list(r.compass_line)}
    if len(lines) == 1:
        text += f". All of them are on the '{lines.pop()}' line"
    return text + " (the course's reading of the EEAS factsheet)."


def priority_chart(my_areas=DEFAULT_AREAS):
    """Where the chosen areas sit in the Compass's three lines (``charts.capstone.priority_lines_chart``)."""
    ids, problem = _check_areas(my_areas)
    if problem:
        return message_figure("Choose areas by their ids", problem)
    areas = data.areas().set_index("id").loc[ids].reset_index()
    return capstone_charts.priority_lines_chart(areas)


# --- step 4: members and money ---------------------------------------------------------------------------------


def membership_step(my_year=DEFAULT_YEAR):
    """The Chapter 4 map of who was in the EU, NATO or both at the end of ``my_year``."""
    first, last = 1949, data.last_accession_year()
    if normalize.whole_number(my_year) is None:
        return message_figure(
            "Choose a year as a whole number",
            f"my_year should be a year such as {last}, without quotes; it is {describe(my_year)}.",
        )
    year = normalize.whole_number(my_year)
    if not first <= year <= last:
        return message_figure(
            "Choose a year the membership table covers",
            f"The membership table runs from {first} to {last}; my_year is {year}.",
        )
    return membership_map(data.membership_on(year), year)


def _check_countries(my_countries) -> tuple[list[str], str | None]:
    known = sorted(data.defence_expenditure()["country"].unique())
    chosen = _as_list(my_countries)
    if chosen:
        chosen = [normalize.canonical_name(c, known) if isinstance(c, str) else c for c in chosen]
    if chosen is None:
        return [], (
            f"my_countries should be a list of country names in quotes, such as {DEFAULT_COUNTRIES!r}; "
            f"it is {describe(my_countries)}."
        )
    if not chosen:
        return [], f"my_countries is empty. Choose one to six countries, such as {DEFAULT_COUNTRIES!r}."
    unknown = [c for c in chosen if c not in known]
    if unknown:
        tips = []
        for c in unknown:
            close = [] if c == "Iceland" else difflib.get_close_matches(str(c), known, n=1, cutoff=0.6)
            tips.append(f"{c!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        note = " Iceland has no armed forces, so NATO's table has no figures for it." if "Iceland" in unknown else ""
        return [], (
            f"{join_and(tips)} {'is' if len(unknown) == 1 else 'are'} not in NATO's spending table.{note} "
            f"Its countries are: {', '.join(known)}."
        )
    chosen = list(dict.fromkeys(chosen))
    if len(chosen) > 6:
        return (
            [],
            f"You chose {len(chosen)} countries; a chart of more than six lines cannot be read. Keep six or fewer.",
        )
    return chosen, None


def spending_step(my_countries=DEFAULT_COUNTRIES):
    """The Chapter 4 lines of defence spending (% of GDP, 2014-2024) with the 2% line, for the chosen countries."""
    countries, problem = _check_countries(my_countries)
    if problem:
        return message_figure("Choose countries from NATO's table", problem)
    return spending.spending_over_time(spending.with_groups(), countries)


def guideline_fact(my_year=DEFAULT_YEAR) -> str:
    """One sentence from NATO's table: how many countries were at or above 2% of GDP in ``my_year``."""
    met = spending.meeting_guideline()
    years = met["year"].tolist()
    if normalize.whole_number(my_year) not in years:
        return f"NATO's table covers {years[0]} to {years[-1]}; my_year is {describe(my_year)}, so there is no count."
    row = met[met["year"] == normalize.whole_number(my_year)].iloc[0]
    status = " (a NATO estimate)" if row["status"] == "estimate" else ""
    return (
        f"In {row['year']}, {row['at_or_above_2pct']} of the {row['countries']} countries in NATO's table spent "
        f"at least 2% of GDP on defence{status}. Source: {spending.NATO_SOURCE}."
    )


# --- the self-check: evidence, recommendation, or not supported ---------------------------------------------------

EVIDENCE_GROUPS = [
    "evidence from the course data",
    "a recommendation (a judgement)",
    "not supported by the course data",
]


def evidence_question() -> SortQuestion:
    """Sort five statements: which are evidence, which a judgement, which the course data cannot support."""
    members = data.members()
    last_day = members["nato_accession_date"].max()
    both = int(data.membership_on(last_day)["both"].sum())
    met = spending.meeting_guideline().iloc[-1]
    actions = data.common_actions()
    total = int(actions["total_actions"].max())
    warsaw = len(area_charts.warsaw_areas(data.areas()))
    e1 = f"Since {last_day.day} {last_day:%B %Y}, {both} EU members are also NATO Allies"
    e2 = (
        f"By NATO's estimate in its {releases.short_label(data.FULL_RELEASE)}, {met['at_or_above_2pct']} of the "
        f"{met['countries']} countries in its table spent at least 2% of GDP in {met['year']}"
    )
    r1 = "The EU and NATO should make military mobility their first joint priority"
    n1 = f"The {total} common actions are spread evenly across the {warsaw} Warsaw areas"
    n2 = "The EU's Rapid Deployment Capacity reached full operational capability in 2025"
    return SortQuestion(
        "A minister asks for evidence, not opinions. Sort each statement.",
        answers={
            e1: EVIDENCE_GROUPS[0],
            e2: EVIDENCE_GROUPS[0],
            r1: EVIDENCE_GROUPS[1],
            n1: EVIDENCE_GROUPS[2],
            n2: EVIDENCE_GROUPS[2],
        },
        groups=EVIDENCE_GROUPS,
        explanation=(
            "Two statements are computed from the course tables (members.csv; defence_expenditure.csv, NATO's "
            f"{releases.short_label(data.FULL_RELEASE)}, where the last year is an estimate). 'Should' marks a judgement: it belongs under "
            "Recommendations, backed by evidence. The last two go beyond the data: how the actions split "
            "across the areas is not published in a form the course could verify, and only a weak source "
            "claims the Rapid Deployment Capacity target was met."
        ),
        feedback={
            r1: "'Should' is a judgement. It can be a good recommendation, but it is not evidence.",
            n1: "The course could not verify how the actions split across the areas (Chapter 1), so "
            "this is not evidence.",
            n2: "Chapter 3 leaves this open: only a weak source claims it.",
            e2: "Evidence, with a caveat to state: the last year is NATO's estimate, and NATO revised its 2024 "
            "estimates in a later release (April 2025), so name the release you quote.",
        },
        see="Chapters 1, 3 and 4",
    )


# --- the briefing checker ------------------------------------------------------------------------------------------

_HEADING = re.compile(
    r"^[ \t]*(?P<hash>#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*(?:\d+[.)][ \t]*)?"
    r"(?P<word>" + "|".join(f"(?:{p})" for p in SECTIONS.values()) + r")(?![^\W_])"
    r"(?P<rest>[^\n:.*_]{0,45}?)[ \t]*(?P<end>:|\.?(?:\*\*|__)|\.?[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
# words that may follow a heading's first word when the heading is a bare line (no colon, no markup)
_BARE_SUFFIX = re.compile(
    r"(?:\s+and\s+(?:limits|risks)\??)?(?:\s+of\s+(?:the\s+)?evidence)?(?:\s*\(.*\))?", re.IGNORECASE
)
_BULLET = re.compile(
    r"^[ \t]*(?:[-•–—+▪◦·]|\*(?!\*)|\(?\d+[.)]|\(?[a-hA-H][.)]|\((?:i{1,3}|iv|v)\))[ \t]+(?=\S)", re.MULTILINE
)
_WORD = re.compile(r"[^\W_](?:[\w'’.,%/-]*[^\W_%])?%?")
_NUMBER = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def _section_of(word: str) -> str:
    for name, pattern in SECTIONS.items():
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return name
    raise ValueError(word)  # pragma: no cover - the heading pattern is built from SECTIONS


def _headings(text: str) -> list:
    """The heading matches: a section word starting a line, then a colon, bold markup, a '#' before it, or
    nothing more on the line than a short suffix such as 'and limits of the evidence'."""
    out = []
    for match in _HEADING.finditer(text):
        marked = match.group("hash") or match.group("end").strip(". \t") != ""
        if marked or _BARE_SUFFIX.fullmatch(match.group("rest")):
            out.append(match)
    return out


def find_sections(text: str) -> dict[str, str]:
    """{section name: its text} for each of SECTIONS whose heading starts a line (first heading wins)."""
    found = []
    for match in _headings(text):
        found.append((match.start(), match.end(), _section_of(match.group("word"))))
    out: dict[str, str] = {}
    for k, (_start, end, name) in enumerate(found):
        stop = found[k + 1][0] if k + 1 < len(found) else len(text)
        if name not in out:
            out[name] = text[end:stop].strip()
        else:
            out[name] += "\n" + text[end:stop].strip()
    return out


def _body(text: str) -> str:
    """The text without its headings (what the minister reads)."""
    pieces, last = [], 0
    for match in _headings(text):
        pieces.append(text[last : match.start()])
        last = match.end()
    return "".join(pieces) + text[last:]


def _tidy(text: str) -> str:
    """Text pasted from a word processor made plain: non-breaking and thin spaces, Windows line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\u00a0\u2007\u202f\u2009\u200b]", " ", text)


def word_count(text: str) -> int:
    """Words in the briefing that count, headings not counted (a number such as 2.5% counts as one word).

    Filler (blah, lorem ipsum, xxx) does not count, nor a word repeated beyond its fair share."""
    body = _body(_tidy(text))
    if not _WORD.search(body):
        return 0
    return min(len(_WORD.findall(body)), _real_words(body))


def evidence_points(text: str) -> list[str]:
    """The list items (lines starting with -, *, • or 1.) under the Evidence heading."""
    body = find_sections(_tidy(text)).get("Evidence", "")
    starts = [m.end() for m in _BULLET.finditer(body)]
    heads = [m.start() for m in _BULLET.finditer(body)]
    points = []
    for k, start in enumerate(starts):
        stop = heads[k + 1] if k + 1 < len(heads) else len(body)
        point = " ".join(body[start:stop].split())
        if point:
            points.append(point)
    return points


def cited_sources(text: str) -> list[str]:
    """The course sources the text names: documents from the data's source columns, and data files."""
    found = [label for label, pattern in SOURCE_PATTERNS.items() if re.search(pattern, text, re.IGNORECASE)]
    files = set(data.table_names())
    named_files = {m.group(1).lower() for m in DATA_FILE.finditer(text)} & files
    for name in sorted(named_files):
        if not any(f"data/{name}.csv" in label for label in found):
            found.append(f"data/{name}.csv")
    return found


def _value(token: str) -> float:
    return float(token.replace(",", ""))


@lru_cache(maxsize=1)
def _known_numbers_cached(stamp: tuple) -> frozenset:
    values: set[float] = set()
    folder = data.data_dir()
    for name in data.table_names():
        text = (folder / f"{name}.csv").read_text(encoding="utf-8")
        values.update(_value(t) for t in _NUMBER.findall(text))
    # numbers the course computes from the tables and shows in its charts
    spend = data.defence_expenditure()
    for v in spend["pct_gdp"]:
        values.update({round(v, 1), round(v, 2)})
    met = spending.meeting_guideline(spend)
    values.update(met["at_or_above_2pct"].astype(float))
    values.update(met["countries"].astype(float))
    values.add(spending.GUIDELINE)
    values.add(float(spend["country"].nunique()))
    counts = data.membership_counts()
    for col in ("eu", "nato", "both"):
        values.update(counts[col].astype(float))
    for when in (data.members()["nato_accession_date"].max(),):
        values.update(float(v) for v in overlap.group_counts(data.membership_on(when)).values())
    values.add(float(len(data.members())))
    areas = data.areas()
    values.update({float(len(areas)), float(len(area_charts.warsaw_areas(areas)))})
    values.update(float(len(area_charts.areas_on_line(areas, l))) for l in area_charts.COMPASS_LINES)
    values.update(
        {
            float(len(data.timeline())),
            float(len(data.progress_reports())),
            float(len(data.capacity_building())),
            float(len(data.strategic_compass())),
        }
    )
    return frozenset(round(v, 4) for v in values)


def known_numbers() -> frozenset:
    """Every number in the course's CSV files, plus the counts and rounded shares the course computes from them."""
    folder = data.data_dir()
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(folder.glob("*.csv")))
    return _known_numbers_cached(stamp)


def numbers_in(text: str) -> list[str]:
    """The numbers written in digits in ``text``, in order, each once (5,000 and 2.5 are one number each)."""
    return list(dict.fromkeys(_NUMBER.findall(text)))


def unknown_numbers(text: str) -> list[str]:
    """Numbers in ``text`` (above 12) that appear nowhere in the course data. Only to flag, never to mark wrong."""
    known = known_numbers()
    out = []
    for token in numbers_in(text):
        value = _value(token)
        if value == int(value) and value <= SMALL_NUMBERS:
            continue
        if round(value, 4) not in known:
            out.append(token)
    return out


# source label -> the tables whose numbers a point citing it may state (other sources: any course number)
SOURCE_TABLES = {
    "NATO's defence expenditure figures (data/defence_expenditure.csv)": ("defence_expenditure",),
    "data/defence_expenditure.csv": ("defence_expenditure",),
    "the European Defence Agency (data/eu_defence_totals.csv)": ("eu_defence_totals",),
    "data/eu_defence_totals.csv": ("eu_defence_totals",),
    "the membership table (data/members.csv)": ("members",),
    "data/members.csv": ("members",),
    "the joint progress reports (data/progress_reports.csv)": ("progress_reports",),
    "data/progress_reports.csv": ("progress_reports",),
    "the common actions (Council conclusions; NATO press release)": ("common_actions", "timeline"),
    "data/common_actions.csv": ("common_actions", "timeline"),
}
_YEAR = re.compile(r"\b(19[4-9]\d|20[0-4]\d)\b")
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_GUIDELINE_CLAIM = re.compile(
    r"(?<![\w.])(?P<met>\d+)\s+(?:of|out of)\s+(?:the\s+)?(?P<all>\d+)\b[^.;\n]{0,80}?\b2\s?%"
    r"[^.;\n]{0,60}?\b(?P<year>20[12]\d)\b",
    re.IGNORECASE,
)


_AND_CLAIM = re.compile(r"\s+and\s+(?P<met>\d+)\s+in\s+(?P<year>20[12]\d)\b")
_BOTH_CLAIM = re.compile(
    r"(?<![\w.])(?P<n>\d+)\s+(?:countries|states|members)\s+(?:belong\s+to|are\s+(?:members\s+of|in))\s+both\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def _table_numbers(tables: tuple, stamp: tuple) -> frozenset:
    """The numbers one or more tables hold, with the counts and shares the course computes from them."""
    values: set[float] = set()
    folder = data.data_dir()
    for name in tables:
        text = (folder / f"{name}.csv").read_text(encoding="utf-8")
        values.update(_value(t) for t in _NUMBER.findall(text))
    if "defence_expenditure" in tables:
        met = spending.meeting_guideline()
        values.update(met["at_or_above_2pct"].astype(float))
        values.update(met["countries"].astype(float))
        values.add(spending.GUIDELINE)
        values.add(float(data.defence_expenditure()["country"].nunique()))
    if "members" in tables:
        counts = data.membership_counts()
        for col in ("eu", "nato", "both"):
            values.update(counts[col].astype(float))
        when = data.members()["nato_accession_date"].max()
        values.update(float(v) for v in overlap.group_counts(data.membership_on(when)).values())
        values.add(float(len(data.members())))
    return frozenset(values)


def _matches(token: str, values) -> bool:
    """A number as written matches a value in the data when the value, rounded to as many places, gives it."""
    number = _value(token)
    places = len(token.split(".")[1]) if "." in token else 0
    return any(abs(round(v, places) - number) < 1e-9 for v in values)


def point_problems(point: str) -> list[str]:
    """What is wrong with one evidence point's substance: no figure or fact, or a figure the data it cites
    does not hold (within rounding). An empty list when the point is sound."""
    if not (_NUMBER.search(point) or re.search(_MONTHS, point, re.IGNORECASE)):
        return ["states no figure or date: give the number or the date the chart or table shows"]
    problems = []
    for claim in _GUIDELINE_CLAIM.finditer(point):
        met = spending.meeting_guideline().set_index("year")
        year = int(claim.group("year"))
        if year in met.index:
            row = met.loc[year]
            if (int(claim.group("met")), int(claim.group("all"))) != (
                int(row["at_or_above_2pct"]),
                int(row["countries"]),
            ):
                problems.append(
                    f"says {claim.group('met')} of {claim.group('all')} at 2% in {year}, but NATO's table has "
                    f"{int(row['at_or_above_2pct'])} of {int(row['countries'])}"
                )
        after = _AND_CLAIM.match(point, claim.end())
        if after and int(after.group("year")) in met.index:
            year, said = int(after.group("year")), int(after.group("met"))
            if said != int(met.loc[year, "at_or_above_2pct"]):
                problems.append(
                    f"says {said} at 2% in {year}, but NATO's table has {int(met.loc[year, 'at_or_above_2pct'])}"
                )
    for claim in _BOTH_CLAIM.finditer(point):
        overlap_sizes = set(data.membership_counts()["both"].astype(int))
        if int(claim.group("n")) not in overlap_sizes:
            problems.append(
                f"says {claim.group('n')} countries are in both organisations, which the membership table never "
                f"shows (the overlap has been at most {max(overlap_sizes)})"
            )
    if problems:
        return problems
    sources = cited_sources(point)
    tables = sorted({t for label in sources for t in SOURCE_TABLES.get(label, ())})
    if not tables or any(label not in SOURCE_TABLES for label in sources):
        return []  # a document source: unknown_numbers flags anything outside the course data
    folder = data.data_dir()
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(folder.glob("*.csv")))
    values = _table_numbers(tuple(tables), stamp)
    wrong = []
    for token in numbers_in(point):
        value = _value(token)
        if value == int(value) and value <= SMALL_NUMBERS:
            continue
        if not _matches(token, values):
            wrong.append(token)
    if wrong:
        files = ", ".join(f"data/{t}.csv" for t in tables)
        problems.append(
            f"gives {join_and(wrong)}, which {'does' if len(wrong) == 1 else 'do'} not match the data it cites "
            f"({files}), even rounded"
        )
    return problems


def briefing_from_parts(parts: Mapping) -> str:
    """A briefing text from a dict {section heading: its text}; evidence given as a list becomes a bulleted list."""
    chunks = []
    for heading, body in parts.items():
        if isinstance(body, (list, tuple)):
            body = "\n".join(f"- {item}" for item in body)
        chunks.append(f"{heading}:\n{'' if body is None else body}")
    return "\n\n".join(chunks)


def _not_written(why: str) -> Feedback:
    return Feedback(
        "unanswered",
        f"Your briefing is not written yet: {why}",
        (
            f"Write under each heading: {', '.join(SECTIONS)}.",
            (
                f"Aim for {MIN_WORDS} to {MAX_WORDS} words, with {EVIDENCE_POINTS} evidence points, each naming "
                "a chart and its source."
            ),
            "Then run this cell again for feedback.",
        ),
    )


def check_briefing(briefing) -> Feedback:
    """Formative feedback on a draft briefing: never an exception, always what to do next.

    ``briefing`` is the text (a string with the headings) or a dict {heading: text}. The checklist:
    the sections (heading synonyms such as Aim, Context, Key evidence, Limitations count; a political risk and an
    opposing view each argued in MIN_PART_WORDS words or more), a one-page length (MIN_WORDS to MAX_WORDS words), EVIDENCE_POINTS list items under
    Evidence each naming a course source, and at least MIN_SOURCES distinct course sources. Numbers that do
    not appear in the course data are listed to double-check; they never count against the briefing.
    """
    if briefing is None or briefing is Ellipsis:
        return _not_written("my_briefing is empty (None). Write your briefing between the triple quotes.")
    if isinstance(briefing, Mapping):
        if not any(
            (isinstance(v, str) and v.strip()) or (isinstance(v, (list, tuple)) and any(str(i).strip() for i in v))
            for v in briefing.values()
        ):
            return _not_written("every section of your dictionary is empty.")
        briefing = briefing_from_parts(briefing)
    if not isinstance(briefing, str):
        return Feedback(
            "invalid",
            f"You gave {describe(briefing)}, but a briefing is text: put it between triple "
            'quotes, my_briefing = """ ... """, with the headings of the template.',
        )
    if not briefing.strip():
        return _not_written("the text is empty. Write your briefing between the triple quotes.")
    briefing = _tidy(briefing)
    words = word_count(briefing)
    if words == 0:
        return _not_written("the headings are there, but nothing is written under them yet.")

    sections = find_sections(briefing)
    missing = [s for s in SECTIONS if s not in sections]
    empty = [s for s in SECTIONS if s in sections and not _WORD.search(sections[s])]
    thin = [
        s for s in ARGUED_PARTS if s in sections and s not in empty and _real_words(_body(sections[s])) < MIN_PART_WORDS
    ]
    points = evidence_points(briefing)
    unsourced = [k + 1 for k, p in enumerate(points) if not cited_sources(p)]
    unsound = [(k + 1, problem) for k, p in enumerate(points) for problem in point_problems(p)]
    sources = cited_sources(briefing)
    no_chart = [
        k + 1
        for k, p in enumerate(points)
        if not re.search(r"\b(?:chart|table|tiles?|timeline|graph)\b", p, re.IGNORECASE)
    ]

    checks = []  # (passed, line, message when it is the first problem)
    if missing or empty:
        what = ([f"missing: {join_and(missing)}"] if missing else []) + ([f"empty: {join_and(empty)}"] if empty else [])
        line = (
            f"✘ Sections: {'; '.join(what)}. Start each section with its heading on its own line "
            f"(e.g. 'Risks and limits of the evidence:'), then write under it."
        )
        first = (
            (
                f"Missing section{'s' if len(missing) > 1 else ''}: {join_and(missing)}."
                if missing
                else f"Empty section{'s' if len(empty) > 1 else ''}: {join_and(empty)}."
            )
            + f" A minister's briefing has all {len(SECTIONS)}: "
            + ", ".join(SECTIONS)
            + "."
        )
        checks.append((False, line, first))
    else:
        checks.append((True, f"✔ Sections: all {len(SECTIONS)} are there (" + ", ".join(SECTIONS) + ").", ""))
    if words < MIN_WORDS:
        raw = len(_WORD.findall(_body(briefing)))
        note = " (filler and repeated words do not count)" if raw - words > 20 else ""
        msg = (
            f"Too short: your briefing has {words} word{'s' if words != 1 else ''}{note}; a one-page briefing has "
            f"{MIN_WORDS} to {MAX_WORDS}. Add the evidence behind your recommendation and what it cannot tell."
        )
        checks.append((False, "✘ Length: " + msg, msg))
    elif words > MAX_WORDS:
        msg = (
            f"Too long: your briefing has {words} words; a one-page briefing has {MIN_WORDS} to {MAX_WORDS}. "
            "A minister reads one page: keep the strongest evidence and cut the rest."
        )
        checks.append((False, "✘ Length: " + msg, msg))
    else:
        checks.append((True, f"✔ Length: {words} words (a one-page briefing has {MIN_WORDS} to {MAX_WORDS}).", ""))
    if thin:
        msg = (
            f"{join_and(thin)}: write at least {MIN_PART_WORDS} words that argue it (what could go wrong "
            "politically; what a critic would say, and your answer to it), not only a label."
        )
        checks.append((False, "✘ " + msg, msg))
    if "Evidence" in sections and len(points) < EVIDENCE_POINTS:
        msg = (
            f"Evidence: {len(points)} point{'s' if len(points) != 1 else ''} found; write {EVIDENCE_POINTS}, "
            "each on its own line starting with '- ', each naming a chart and its source."
        )
        checks.append((False, "✘ " + msg, msg))
    elif "Evidence" in sections and unsourced:
        msg = (
            f"Evidence point{'s' if len(unsourced) > 1 else ''} {join_and(map(str, unsourced))} "
            f"name{'s' if len(unsourced) == 1 else ''} no source from the course data. Say where each fact comes "
            "from (for example NATO's defence expenditure figures, a Joint Declaration, or data/members.csv)."
        )
        checks.append((False, "✘ " + msg, msg))
    elif "Evidence" in sections and unsound:
        k, problem = unsound[0]
        msg = f"Evidence point {k} {problem}."
        checks.append((False, "✘ " + msg, msg))
    elif "Evidence" in sections:
        checks.append(
            (True, f"✔ Evidence: {len(points)} points, each stating a figure or fact and naming its source.", "")
        )
    if len(sources) < MIN_SOURCES:
        msg = (
            f"Sources: you name {len(sources)} source{'s' if len(sources) != 1 else ''} from the course data"
            + (f" ({join_and(sources)})" if sources else "")
            + f"; name at least {MIN_SOURCES}, such as "
            "a Joint Declaration, NATO's defence expenditure figures, the Strategic Compass or a data file "
            "(data/members.csv)."
        )
        checks.append((False, "✘ " + msg, msg))
    else:
        checks.append((True, f"✔ Sources: {len(sources)} from the course data ({join_and(sources)}).", ""))

    details = [line for _, line, _ in checks]
    if no_chart and points:
        details.append(
            f"Tip: evidence point{'s' if len(no_chart) > 1 else ''} {join_and(map(str, no_chart))} "
            "could say which chart or table shows it (use capstone.citation(fig) for its title and source)."
        )
    odd = unknown_numbers(briefing)
    if odd:
        details.append(
            f"Numbers to double-check (not marked wrong): {', '.join(odd)} "
            f"{'does' if len(odd) == 1 else 'do'} not appear in the course data. If you worked "
            f"{'it' if len(odd) == 1 else 'them'} out, say how; if from elsewhere, cite that source."
        )
    problems = [first for ok, _, first in checks if not ok]
    if problems:
        passed = sum(ok for ok, _, _ in checks)
        return Feedback(
            "partly" if passed else "incorrect",  # "Partly right" only when some check passes
            f"{problems[0]} ({passed} of {len(checks)} checks pass; the list below has them all.)",
            tuple(details),
            see="the briefing template above",
        )
    details.append(
        "Now mark it yourself against the rubric: is every fact accurate and sourced, does the "
        "recommendation follow from the evidence, are the limits of the evidence stated?"
    )
    return Feedback(
        "submitted",
        f"Your briefing meets every point of the checklist ({words} words, "
        f"{len(sources)} sources). It is not marked automatically; a reader judges the argument.",
        tuple(details),
    )
