"""Answers and numbers that come from the course's data, for the question bank.

A question file names one of these functions with ``answer_from: computed.NAME`` (or ``values_from:`` when the
answer is written in the file and only the explanation needs numbers). Each function returns a dict: the key
``answer`` (if present) is the question's answer; every other key fills a ``{key}`` placeholder in the item's
prompt, options, answer, feedback and explanation. Because the answer is computed from the CSV files, updating
a file can never leave a question with a stale key; ``tests/test_bank.py`` checks every function.

Functions are named after their chapter's slug: ``start_...``, ``history_...``, ``areas_...`` and so on. A function
that needs the item's options takes a parameter named ``options``.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import data
from .wording import join_and

SWEDEN_JOINED = "2024-03-07"


def _day(ts) -> str:
    return f"{ts.day} {ts:%B %Y}"


# --- chapter 0: start ---------------------------------------------------------------------------------
def start_overlap() -> dict:
    now = data.membership_on(SWEDEN_JOINED)
    both, eu = int(now["both"].sum()), int(now["eu"].sum())
    return {"answer": str(both), "both": both, "eu": eu}


def start_founders() -> dict:
    counts = data.membership_counts()
    founders = int(counts.loc[counts["year"] == 1949, "nato"].iloc[0])
    return {"answer": founders, "allies_now": int(counts["nato"].iloc[-1])}


# --- chapter 1: history -------------------------------------------------------------------------------
def _events():
    return data.timeline().set_index("id")


def history_berlin_plus() -> dict:
    events = _events()
    berlin, concordia = events.loc["berlin-plus-2003", "date"], events.loc["concordia-2003", "date"]
    return {"answer": f"{berlin:%Y}", "berlin_day": _day(berlin), "days_to_concordia": (concordia - berlin).days}


def history_actions() -> dict:
    actions = data.common_actions()
    sets = [int(n) for n in actions["new_actions"]]
    return {
        "answer": int(actions["total_actions"].max()),
        "first_set": sets[0],
        "second_set": sets[1],
        "sum": " + ".join(map(str, sets)),
        "totals": " and then ".join(str(int(t)) for t in actions["total_actions"]),
    }


def _signed_counts():
    from .explorers import history as explore

    signed = explore.signatories(data.timeline())
    return signed, signed.groupby("person")["declaration"].nunique()


def history_signed_all() -> dict:
    signed, counts = _signed_counts()
    person = counts.idxmax()
    words = {1: "one", 2: "two", 3: "three"}
    out = {
        "answer": person,
        "office": signed.loc[signed["person"] == person, "office"].iloc[0],
        "declarations": int(counts.max()),
    }
    for name, n in counts.items():  # {tusk}, {juncker}, ...: how many each signed, in words
        out[name.split()[-1].lower()] = words.get(int(n), str(n))
    return out


def history_new_2023(options: Sequence[str]) -> dict:
    from .explorers import history as explore

    added = explore.topics_added(data.areas())
    new = added.loc[added["year_added"] == 2023, "area"].tolist()
    return {"answer": [o for o in options if o in new], "new_2023": "; ".join(new)}


CHAPTER_1_ORDER = [
    "letters-2001",
    "berlin-plus-2003",
    "althea-2004",
    "warsaw-declaration-2016",
    "actions-2017",
    "brussels-declaration-2018",
    "joint-declaration-2023",
]


def history_order() -> dict:
    events = _events().loc[CHAPTER_1_ORDER].sort_values("date")
    return {"answer": events["title"].tolist(), "dates": ", ".join(f"{d:%b %Y}" for d in events["date"])}


def history_final() -> dict:
    # the gap the question asks about: from EUFOR Althea (the last Berlin Plus operation) to the Warsaw Joint
    # Declaration. Not history.longest_gap: the 2004-2016 events (Atalanta, Lisbon, Wales...) now split that stretch.
    dates = data.timeline().set_index("id")["date"]
    years = (dates["warsaw-declaration-2016"] - dates["althea-2004"]).days / 365.25
    reports = data.progress_reports()
    vague = reports.loc[reports["date_precision"] != "day", "number"].tolist()
    _, counts = _signed_counts()
    return {
        "gap_years": f"{years:.1f}",
        "totals": history_actions()["totals"],
        "signer": counts.idxmax(),
        "vague_reports": join_and(vague),
    }


# --- chapter 2: areas ---------------------------------------------------------------------------------
def areas_cbrn() -> dict:
    cbrn = data.areas().set_index("id").loc["cbrn"]
    year = int(cbrn["year_added"])
    names = {
        2016: "The Warsaw Joint Declaration (2016)",
        2017: "The common set of new proposals (2017)",
        2018: "The Brussels Joint Declaration (2018)",
        2023: "The third Joint Declaration (2023)",
    }
    return {"answer": names[year]}


def areas_eastern() -> dict:
    capacity = data.capacity_building()
    eastern = capacity[capacity["region"] == "Eastern neighbourhood"]
    return {"answer": len(eastern), "partners": join_and(eastern["partner"]), "all_partners": len(capacity)}


def areas_cyber_line() -> dict:
    return {"answer": str(data.areas().set_index("id").loc["cyber", "compass_line"])}


def areas_nato_only() -> dict:
    now = data.membership_on(SWEDEN_JOINED)
    return {"answer": int((now["group"] == "NATO only").sum()), "eu_only": int((now["group"] == "EU only").sum())}


def areas_warsaw(options: Sequence[str]) -> dict:
    from .charts import areas as area_charts

    names = set(area_charts.warsaw_areas(data.areas())["area"])
    return {"answer": [o for o in options if o in names]}


# --- chapter 3: compass -------------------------------------------------------------------------------
def compass_approval() -> dict:
    events = _events()["date"]
    approved, endorsed = events["compass-approved-2022"], events["compass-endorsed-2022"]
    return {
        "answer": f"{approved:%Y-%m-%d}",
        "approved": _day(approved),
        "endorsed": _day(endorsed),
        "endorsed_iso": f"{endorsed:%Y-%m-%d}",
        "invasion_iso": f"{events['russia-invasion-2022']:%Y-%m-%d}",
    }


CHAPTER_3_ORDER = [
    "russia-invasion-2022",
    "compass-approved-2022",
    "strategic-concept-2022",
    "joint-declaration-2023",
    "white-paper-2025",
]


def compass_order() -> dict:
    events = _events().loc[CHAPTER_3_ORDER].sort_values("date")
    return {
        "answer": events["title"].tolist(),
        "dates": "; ".join(f"{_day(d)}: {t}" for d, t in zip(events["date"], events["title"], strict=False)),
    }


def compass_lines() -> dict:
    """The 13 items of the three lines, each in its line, with per-item feedback from the data."""
    from .explorers import compass as cx

    lines = cx.items(kind="line")
    areas = data.areas().set_index("id")
    expand_refs = [r for refs in lines.loc[lines["group"] == "expand", "related_areas"] for r in data.split_list(refs)]
    answer = {g: lines.loc[lines["group"] == g, "item"].tolist() for g in cx.LINES}
    return {
        "answer": answer,
        "feedback": cx.sort_feedback(lines),
        "counts": ", ".join(f"{len(answer[g])} {g}" for g in cx.LINES),
        "old_year": int(areas.loc[["hybrid", "operational"], "year_added"].max()),
        "new_year": int(areas.loc[expand_refs, "year_added"].max()),
    }


# --- chapter 4: members -------------------------------------------------------------------------------
def members_eu_outside_nato() -> dict:
    now = data.membership_on(SWEDEN_JOINED)
    outside = sorted(now.loc[now["group"] == "EU only", "country"])
    return {"answer": outside, "outside": join_and(outside)}


def members_overlap_drop() -> dict:
    from .charts import overlap

    changes = overlap.overlap_changes()
    drop = changes[changes["change"].astype(str).str.startswith("-")].iloc[0]
    return {"answer": str(int(drop["year"])), "both": int(drop["both"]), "who": drop["who"]}


def _guideline():
    from .charts import spending

    return spending.meeting_guideline(spending.with_groups())


def members_guideline_first() -> dict:
    met = _guideline()
    first, last = met.iloc[0], met.iloc[-1]
    return {
        "answer": int(first["at_or_above_2pct"]),
        "year": int(first["year"]),
        "countries": int(first["countries"]),
        "allies_then": int(data.membership_on(int(first["year"]))["nato"].sum()),
        "last_count": int(last["at_or_above_2pct"]),
        "last_year": int(last["year"]),
    }


def members_guideline_last() -> dict:
    met = _guideline()
    last, before = met.iloc[-1], met.iloc[-2]
    return {
        "answer": int(last["at_or_above_2pct"]),
        "year": int(last["year"]),
        "countries": int(last["countries"]),
        "year_before_count": int(before["at_or_above_2pct"]),
    }


def members_groups(options: Sequence[str]) -> dict:
    now = data.membership_on(SWEDEN_JOINED).set_index("country")
    groups: dict[str, list[str]] = {}
    for country in options:
        groups.setdefault(str(now.loc[country, "group"]), []).append(country)
    return {"answer": groups}


# --- chapter 6: capstone ------------------------------------------------------------------------------
def capstone_evidence() -> dict:
    """The numbers in the 'evidence or opinion?' statements, from the course tables."""
    from .charts import areas as area_charts
    from .charts import releases, spending

    members = data.members()
    last_day = members["nato_accession_date"].max()
    met = spending.meeting_guideline().iloc[-1]  # the full release (data.FULL_RELEASE) the chapter's charts use
    year = int(met["year"])
    newest = releases.newest_counts().set_index("year").loc[year]  # the same year, with NATO's later revisions
    return {
        "last_day": _day(last_day),
        "both": int(data.membership_on(last_day)["both"].sum()),
        "at_2pct": int(met["at_or_above_2pct"]),
        "countries": int(met["countries"]),
        "year": year,
        "release": releases.short_label(data.FULL_RELEASE),  # 'June 2024 release'
        "revised": int(newest["at_least_2pct"]),
        "revised_in": releases.short_label(newest["releases"].split(", ")[-1]),  # 'Annual Report, April 2025'
        "total_actions": int(data.common_actions()["total_actions"].max()),
        "warsaw": len(area_charts.warsaw_areas(data.areas())),
    }


def capstone_estimates() -> dict:
    years = sorted(int(y) for y in data.defence_expenditure().query("status == 'estimate'")["year"].unique())
    return {"estimated_years": join_and(years)}
