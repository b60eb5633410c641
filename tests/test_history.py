"""Chapter 1 (history): charts, the timeline explorer, the chapter's tables and the exercise checkers."""

from __future__ import annotations

import matplotlib as mpl

mpl.use("Agg")

import pandas as pd
import pytest
from chart_checks import assert_house_style

from eunato import charts, data
from eunato.charts import history
from eunato.exercises import history as exercises
from eunato.explorers import history as explore

pytestmark = pytest.mark.usefixtures("course_charts_fit")  # every chart a test leaves open must fit its figure


def _title(ax) -> str:
    """The chart title (the house style sets it on the left), with line breaks as spaces."""
    return ax.get_title(loc="left").replace("\n", " ")


def _texts(fig) -> str:
    return " ".join(t.get_text() for t in fig.texts)


def _check_house_style(fig, *, axes_with_labels):
    assert_house_style(fig, label_axes=axes_with_labels)


# --- charts ----------------------------------------------------------------------------------------------


def test_timeline_chart_with_real_data():
    events = data.timeline()
    fig = history.timeline_chart(events)
    _check_house_style(fig, axes_with_labels=[fig.axes[0]])
    title = _title(fig.axes[0])
    assert f"{len(events)} events" in title and "2016, 2018 and 2023" in title
    alt = charts.alt_text(fig)
    assert "24 Jan 2001" in alt and "8 Dec 2008" in alt and "over 4 years" in alt
    # one lane per category, labelled on the axis
    assert {t.get_text() for t in fig.axes[0].get_yticklabels()} == set(events["category"])
    # every event is named on the chart, with its number in date order (nothing to look up in a list)
    names = {t.get_text() for t in fig.axes[0].texts}
    ordered = history.numbered(events)
    assert {f"{r.n} {r.title}" for r in ordered.itertuples()} <= names


def test_timeline_names_never_overlap_even_for_events_days_apart():
    """The Compass was approved on 21 March 2022 and endorsed four days later: both names stay readable."""
    fig = history.timeline_chart(data.timeline())
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()[:1].isdigit()]
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]
    assert not overlaps


def test_timeline_chart_single_event_and_bad_input():
    one = data.timeline().iloc[[0]]
    fig = history.timeline_chart(one, start=2001, end=2001)
    assert "1 event of" in _title(fig.axes[0])
    with pytest.raises(ValueError, match="at least one event"):
        history.timeline_chart(one.iloc[0:0])
    with pytest.raises(ValueError, match="needs the columns"):
        history.timeline_chart(pd.DataFrame({"x": [1]}))


def test_longest_gap_is_between_althea_and_atalanta():
    # the events inside the old "gap" (Atalanta, Lisbon Treaty, Strategic Concept 2010, Wales, EU Global
    # Strategy) are in the timeline: the longest stretch is now about four years
    start, end, years = history.longest_gap(data.timeline())
    assert (start, end) == (pd.Timestamp("2004-12-02"), pd.Timestamp("2008-12-08"))
    assert 4 < years < 4.1
    between = data.timeline().query("'2004-12-03' <= date <= '2016-07-07'")["id"].tolist()
    for event in ["atalanta-2008", "lisbon-treaty-2009", "strategic-concept-2010", "wales-pledge-2014", "eugs-2016"]:
        assert event in between


def test_gap_band_says_what_it_is():
    some = data.timeline().query("category in ['operation', 'declaration']")  # 2008 to 2016: no event
    fig = history.timeline_chart(some)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("not proof" in t and "no event in this selection" in t for t in texts)
    assert history.longest_gap(data.timeline().iloc[[0]]) is None


def test_agenda_growth_with_real_data():
    fig = history.agenda_growth()
    top, strip = fig.axes[:2]
    _check_house_style(fig, axes_with_labels=[top, strip])
    assert top.get_ylabel() == "Common actions (total)" and strip.get_xlabel() == "Year"
    assert "74 actions" in _title(top) and "10 joint progress reports" in _title(top)
    alt = charts.alt_text(fig)
    assert "42 on 6 Dec 2016" in alt and "32 on 5 Dec 2017 (total 74)" in alt
    assert "reports 1, 3, 5, 6, 8 have an exact day" in alt
    assert "known to the month only: reports 2, 4;" in alt and "known to the year only: reports 7, 9, 10" in alt
    # the legend of the strip names the three precisions
    legend = [t.get_text() for t in strip.get_legend().get_texts()]
    assert legend == list(history.PRECISION_WORDS.values())
    # the step line ends at 74 and starts at 42
    steps = history.agenda_series(data.common_actions(), "2026-01-01")
    assert steps["total_actions"].tolist() == [42, 74, 74]


def test_agenda_growth_rejects_missing_tables():
    with pytest.raises(ValueError, match="needs the declarations"):
        history.agenda_growth(events=data.timeline().query("category == 'operation'"))


# --- explorer ----------------------------------------------------------------------------------------------


def _categories():
    return explore.timeline_explorer().controls["categories"].default


def test_timeline_view_at_defaults():
    ex = explore.timeline_explorer()
    fig, table = ex.render()
    assert hasattr(fig, "savefig") and "Source:" in _texts(fig)
    assert table.count("<tr>") == len(data.timeline()) + 1  # header + one row per event
    assert "Warsaw Joint Declaration" in table and "Council conclusions of 6 Dec 2016" in table
    assert ex.update() == "ok"


@pytest.mark.parametrize("period", [(2001, 2001), (2025, 2025), (2001, 2025), (2001, 2004)])
def test_timeline_view_at_the_ends_of_the_period(period):
    fig, table = explore.timeline_view(period, _categories())
    events = explore.events_in(period)
    assert f"{len(events)} event" in table
    assert _title(fig.axes[0]).startswith(f"{len(events)} event")


def test_timeline_view_one_category_and_all_categories():
    fig, table = explore.timeline_view((2001, 2025), ("declaration",))
    assert table.count("<tr>") == 4 and "Third Joint Declaration" in table
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["declaration"]
    years = data.timeline()["date"].dt.year
    fig, table = explore.timeline_view((int(years.min()), int(years.max())), tuple(_categories()))
    assert table.count("<tr>") == len(data.timeline()) + 1


def test_timeline_view_empty_selections_give_a_sentence():
    no_kind = explore.timeline_view((2001, 2025), ())
    assert isinstance(no_kind, str) and "No kind of event is chosen" in no_kind
    no_event = explore.timeline_view((2005, 2015), ("declaration",))
    assert isinstance(no_event, str) and "no event" in no_event and "from 2005 to 2015" in no_event
    one_year = explore.timeline_view((2010, 2010), ("framework",))
    assert "in 2010" in one_year
    # chosen kinds without an event in the period are named under the list
    _fig, table = explore.timeline_view((2025, 2025), _categories())
    assert "No event in these years of the kind: framework" in table


def test_explorer_rejects_out_of_range_values_with_a_message():
    ex = explore.timeline_explorer()
    years = data.timeline()["date"].dt.year
    assert f"must lie between {years.min()} and {years.max()}" in ex.update(period=(1999, 2030))
    assert "not among the options" in ex.update(categories=("invented",))
    assert "the start (2020) is after the end (2010)" in ex.update(period=(2020, 2010))


def test_events_html_escapes_text():
    events = data.timeline().iloc[[0]].copy()
    events["title"] = "<b>bold</b>"
    assert "&lt;b&gt;" in explore.events_html(events)


# --- tables of the chapter --------------------------------------------------------------------------------------


def test_signatories():
    table = explore.signatories()
    assert len(table) == 9
    assert table.groupby("declaration")["side"].apply(sorted).tolist() == [["EU", "EU", "NATO"]] * 3
    per_person = table.groupby("person")["declaration"].nunique()
    assert per_person.idxmax() == "Jens Stoltenberg" and per_person.max() == 3
    assert set(table["office"]) == {
        "President of the European Council",
        "President of the European Commission",
        "NATO Secretary General",
    }


def test_report_dates_and_topics():
    reports = explore.report_dates()
    assert len(reports) == 10
    assert reports.loc[9, "how precise"] == "known to the year only"
    assert reports.loc[1, "how precise"] == "date known to the day"
    topics = explore.topics_added()
    assert (topics["year_added"] == 2023).sum() == 6
    assert topics.loc[topics["year_added"] == 2018, "area"].tolist() == ["Resilience to CBRN risks"]


def test_numbered_is_in_date_order():
    shuffled = data.timeline().sample(frac=1, random_state=1)
    table = history.numbered(shuffled)
    assert table["n"].tolist() == list(range(1, len(table) + 1))
    assert table["date"].is_monotonic_increasing
    assert history.numbered(table)["n"].tolist() == table["n"].tolist()  # numbering twice is harmless


# --- exercise checkers: the solution passes, wrong answers teach -------------------------------------------------

events = data.timeline()
reports = data.progress_reports()


def _solution_1():
    def year(event_id):
        return events.loc[events["id"] == event_id, "date"].dt.year.iloc[0]

    return int(year("warsaw-declaration-2016") - year("berlin-plus-2003"))


def _solution_2():
    decl = events[events["category"] == "declaration"]
    return sorted({a.split(" (")[0] for actors in decl["actors"] for a in data.split_list(actors)})


def _solution_3():
    return reports["date"].str[:4].value_counts().sort_index()


def _solution_4():
    return reports[reports["date_precision"] == "day"]["number"].tolist()


def _common_wrong_forms(exercise):
    assert exercise.check().status == "unanswered"
    none = exercise.check(None)
    assert none.status == "invalid" and "None" in none.message


def test_ex1_years_between_berlin_plus_and_warsaw():
    ex = exercises.ex1
    assert _solution_1() == 13
    assert ex.check(_solution_1()).status == "correct"
    wrong = ex.check(15)
    assert wrong.status == "incorrect" and "exchange of letters" in wrong.message
    assert "negative" in ex.check(-13).message
    text = ex.check("13")
    assert text.status == "invalid" and "Remove the quotes" in text.message
    empty = ex.check([])
    assert empty.status == "invalid" and "single number" in empty.message
    _common_wrong_forms(ex)


def test_ex2_signatories():
    ex = exercises.ex2
    assert ex.check(_solution_2()).status == "correct"
    with_offices = sorted(
        {a for actors in events.loc[events["category"] == "declaration", "actors"] for a in data.split_list(actors)}
    )
    assert ex.check(with_offices).status == "correct"
    first_only = ex.check(["Donald Tusk", "Jean-Claude Juncker", "Jens Stoltenberg"])
    assert first_only.status == "partly" and "3 of the 5" in first_only.message
    assert any("first declaration only" in d for d in first_only.details)
    esdp = ex.check(["North Atlantic Council", "EU Political and Security Committee"])
    assert esdp.status == "incorrect" and any("category is 'declaration'" in d for d in esdp.details)
    text = ex.check("Jens Stoltenberg")
    assert text.status == "invalid" and "one piece of text" in text.message
    empty = ex.check([])
    assert empty.status == "invalid" and "empty" in empty.message
    dupes = ex.check(["Jens Stoltenberg", "Jens Stoltenberg"])
    assert dupes.status == "invalid" and "more than once" in dupes.message
    _common_wrong_forms(ex)


def test_ex3_reports_per_year():
    ex = exercises.ex3
    assert ex.check(_solution_3()).status == "correct"
    assert ex.check(reports.groupby(reports["date_start"].dt.year).size()).status == "correct"
    by_date = ex.check(reports["date"].value_counts())
    assert by_date.status == "invalid" and "should be years" in by_date.message
    precise_only = ex.check(reports[reports["date_precision"] == "day"]["date"].str[:4].value_counts())
    assert precise_only.status == "incorrect" and "add up to 5" in precise_only.message
    shifted = _solution_3().copy()
    shifted.iloc[0], shifted.iloc[1] = 1, 2
    assert "2017 should be 2" in ex.check(shifted).message
    text = ex.check("2017: 2")
    assert text.status == "invalid" and "pandas Series" in text.message
    empty = ex.check(pd.Series(dtype=int))
    assert empty.status == "invalid" and "empty" in empty.message
    _common_wrong_forms(ex)


def test_ex4_reports_with_an_exact_day():
    ex = exercises.ex4
    assert _solution_4() == [1, 3, 5, 6, 8]
    assert ex.check(_solution_4()).status == "correct"
    assert ex.check([8, 6, 5, 3, 1]).status == "correct"  # any order
    others = ex.check([2, 4, 7, 9, 10])
    assert others.status == "incorrect" and "NOT known" in others.message
    part = ex.check([1, 3])
    assert part.status == "partly" and "2 of the 5" in part.message
    text = ex.check("1, 3, 5, 6, 8")
    assert text.status == "invalid" and "one piece of text" in text.message
    empty = ex.check([])
    assert empty.status == "invalid" and "empty" in empty.message
    _common_wrong_forms(ex)


def test_ex5_written_question():
    ex = exercises.ex5
    done = ex.check(exercises.MODEL_ANSWER)
    assert done.status == "submitted"
    assert any("Model answer:" in d for d in done.details)
    assert any("critical infrastructure" in d for d in done.details)
    short = ex.check("New areas were added.")
    assert short.status == "invalid" and "at least 40" in short.message
    assert ex.check(42).status == "invalid"
    empty = ex.check("   ")
    assert empty.status == "invalid" and "empty" in empty.message
    _common_wrong_forms(ex)


def test_model_answer_uses_the_data():
    text = exercises.MODEL_ANSWER
    for area in data.areas().query("year_added == 2023")["area"]:
        assert area.lower() in text
    assert "Charles Michel" in text and "Jens Stoltenberg" in text and "74" in text


def test_hints_exist():
    for ex in (exercises.ex1, exercises.ex2, exercises.ex3, exercises.ex4, exercises.ex5):
        assert ex.hint().status == "hint" and ex.hints


def test_a_timeline_of_one_year_says_in_that_year():
    events = data.timeline()
    one_year = history.describe_timeline(events[events["date"].dt.year == 2025])
    assert " events in 2025, one lane" in one_year and "from 2025 to 2025" not in one_year, one_year
