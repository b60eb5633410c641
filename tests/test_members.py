"""Chapter 4, members and money: data checks, charts, explorers and exercise checkers."""

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from chart_checks import assert_house_style

from eunato import data
from eunato.charts import alt_text, overlap, spending
from eunato.exercises import members as mm
from eunato.explorers import members as mx

pytestmark = pytest.mark.usefixtures("course_charts_fit")  # every chart a test leaves open must fit its figure


def _check_chart(fig):
    return assert_house_style(fig, y_ticks_may_label=True)


# ---- data checks (the fact base's cross-checks) ---------------------------------------------------------


def test_membership_counts_on_7_march_2024():
    now = data.membership_on("2024-03-07")
    assert int(now["eu"].sum()) == 27
    assert int(now["nato"].sum()) == 32
    assert int(now["both"].sum()) == 23
    assert sorted(now.loc[now["group"] == "EU only", "country"]) == ["Austria", "Cyprus", "Ireland", "Malta"]
    assert (now["group"] == "NATO only").sum() == 9
    # the day before Sweden joined, the overlap was 22
    assert int(data.membership_on("2024-03-06")["both"].sum()) == 22


def test_every_spending_row_has_a_source_and_a_status():
    spend = data.defence_expenditure()
    assert spend["source"].notna().all() and (spend["source"].str.len() >= 10).all()
    assert set(spend["status"]) <= {"reported", "estimate"} and spend["status"].notna().all()
    assert sorted(spend.loc[spend["status"] == "estimate", "year"].unique()) == [2023, 2024]
    totals = data.eu_defence_totals()
    assert totals["source"].notna().all()
    assert totals.loc[totals["year"] == 2025, "status"].item() == "estimate"


def test_allies_at_or_above_two_percent_come_from_the_data():
    met = spending.meeting_guideline().set_index("year")["at_or_above_2pct"]
    for year, expected in {2014: 3, 2020: 9, 2021: 6, 2022: 7, 2023: 10, 2024: 23}.items():
        assert met[year] == expected, year


def test_table_notes_say_who_is_missing_and_who_is_early():
    notes = spending.table_notes(spending.with_groups())
    assert notes["allies_missing"] == ["Iceland"]
    assert notes["countries"] == 31 and notes["years"] == (2014, 2024)
    assert notes["estimated_years"] == [2023, 2024]
    assert notes["listed_before_joining"]["Finland"] == (2014, 2023)
    assert notes["listed_before_joining"]["Sweden"] == (2014, 2024)
    assert "NATO" in notes["source"]


def test_with_groups_splits_23_and_8():
    table = spending.with_groups()
    in_2024 = table[table["year"] == 2024]
    assert (in_2024["group"] == "EU members in NATO").sum() == 23
    assert (in_2024["group"] == "allies outside the EU").sum() == 8
    assert not table.loc[(table["country"] == "Sweden") & (table["year"] == 2023), "ally_that_year"].item()
    assert table.loc[(table["country"] == "Sweden") & (table["year"] == 2024), "ally_that_year"].item()


def test_overlap_changes_lists_each_step():
    changes = overlap.overlap_changes().set_index("year")
    assert changes.loc[2020, "change"] == "-1" and "United Kingdom" in changes.loc[2020, "who"]
    assert changes.loc[2024, "both"] == 23 and "Sweden (joined NATO)" in changes.loc[2024, "who"]
    assert changes.loc[1958, "both"] == 6
    assert "(joined the EU and NATO)" in changes.loc[2004, "who"]


# ---- charts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("when", [1949, 1990, 2020, 2024, "2024-03-07"])
def test_overlap_tiles_draw_every_country_with_a_word(when):
    snap = data.membership_on(when)
    fig = overlap.overlap_tiles(snap, when, highlight="Sweden")
    ax = _check_chart(fig)
    words = [t.get_text() for t in ax.texts]
    assert all(code in words for code in snap["iso2"])
    counts = overlap.group_counts(snap)
    assert words.count("both") == counts["both"] and words.count("NATO") == counts["NATO only"]
    assert "Sweden is framed" in alt_text(fig) or "Sweden" in alt_text(fig)


def test_overlap_tiles_titles():
    def title(w):
        return overlap.overlap_tiles(data.membership_on(w), w).axes[0].get_title(loc="left")

    assert "23 countries were in both" in title(2024)
    assert "NATO had 12 Allies" in title(1949)


def test_overlap_tiles_rejects_unknown_tiles():
    snap = data.membership_on(2024).copy()
    snap.loc[0, "iso2"] = "ZZ"
    with pytest.raises(ValueError, match="ZZ"):
        overlap.overlap_tiles(snap, 2024)


def test_guideline_over_time():
    fig = spending.guideline_over_time(spending.meeting_guideline())
    ax = _check_chart(fig)
    assert "3 in 2014" in ax.get_title(loc="left") and "23 in 2024" in ax.get_title(loc="left")
    assert "2024: 23 (estimate)" in alt_text(fig)


@pytest.mark.parametrize("year", [2014, 2019, 2024])
@pytest.mark.parametrize("group", spending.GROUPS)
def test_spending_ranked(year, group):
    fig = spending.spending_ranked(spending.with_groups(), year, group)
    ax = _check_chart(fig)
    n = {"all allies": 31, "EU members in NATO": 23, "allies outside the EU": 8}[group]
    assert len(ax.patches) == n
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert not hatched  # one year's bars are all estimates or all reported: hatching would say nothing
    assert any("every bar a NATO estimate" in t.get_text() for t in ax.texts) == (year == 2024)  # said in words
    assert any(line.get_xdata()[0] == 2.0 for line in ax.get_lines())  # the 2% line
    assert f"in {year}" in alt_text(fig)


def test_spending_ranked_marks_countries_not_yet_allies():
    fig = spending.spending_ranked(spending.with_groups(), 2014, "all allies")
    labels = spending.row_labels(fig.axes[0])
    assert len(labels) == 31 and labels[-1] == "United States" and labels[0] == "Luxembourg (EU)"  # ranked, top last
    assert "Sweden (EU, Ally from 2024)" in labels and "Poland (EU)" in labels and "Norway" in labels


def test_spending_ranked_rejects_unknown_group():
    with pytest.raises(ValueError, match="group must be one of"):
        spending.spending_ranked(spending.with_groups(), 2024, "everyone")


@pytest.mark.parametrize(
    "countries",
    [["Poland"], ["Germany", "Poland", "United States"], sorted(data.defence_expenditure()["country"].unique())],
)
def test_spending_over_time(countries):
    fig = spending.spending_over_time(spending.with_groups(), countries)
    _check_chart(fig)
    assert all(name in alt_text(fig) for name in countries)
    assert "2023, 2024 are NATO estimates" in alt_text(fig)


def test_spending_over_time_needs_a_country():
    with pytest.raises(ValueError, match="at least one"):
        spending.spending_over_time(spending.with_groups(), [])


def test_eu_totals():
    fig = spending.eu_totals(data.eu_defence_totals())
    ax = _check_chart(fig)
    assert "EUR 381 bn in 2025 (est.)" in ax.get_title(loc="left")
    assert "2025: EUR 381 billion, 2.1% of GDP (estimate)" in alt_text(fig)
    assert [p.get_hatch() for p in ax.patches] == ["", "", "///"]


def test_group_summary():
    summary = spending.group_summary(spending.with_groups(), 2024)
    assert summary.loc["EU members in NATO", "countries"] == 23
    assert summary.loc["allies outside the EU", "at or above 2%"] == 7
    assert summary.loc["EU members in NATO", "at or above 2%"] == 16


# ---- explorers ------------------------------------------------------------------------------------------


def test_membership_explorer_defaults_and_extremes():
    explorer = mx.membership_explorer()
    assert explorer.defaults == {"year": 2024, "country": ""}
    text, fig = explorer.render()  # the words first: they sit next to the controls that changed them
    assert "23 in both" in text and "Pick a country" in text
    assert_house_style(fig, is_map=True)
    text, fig = explorer.render(year=1949, country="Albania")
    assert "12 in NATO only" in text and "Albania (AL)" in text and "in neither organisation yet" in text
    text, fig = explorer.render(year=2024, country="United Kingdom")
    assert "left the EU on 31 January 2020" in text and "the United Kingdom was <strong>in NATO but not" in text
    assert "United Kingdom is outlined" in alt_text(fig)
    assert explorer.update() == "ok"
    assert explorer.update(year=1948).startswith("Year must be between 1949 and 2024")
    assert explorer.update(year=2025).startswith("Year must be between")
    assert "not one of the choices" in explorer.update(country="Narnia")


def test_country_story_every_country_and_empty():
    assert "Pick a country" in mx.country_story("")
    assert "no country called" in mx.country_story("Narnia")
    for country in data.members()["country"]:
        story = mx.country_story(country, 2024)
        assert "Source:" in story and "At the end of 2024" in story
    assert "not an Ally" in mx.country_story("Austria") and "not a member" in mx.country_story("Norway")
    assert "7 March 2024" in mx.country_story("Sweden")


def test_spending_explorer_defaults_and_extremes():
    explorer = mx.spending_explorer()
    assert explorer.defaults == {"year": 2024, "group": "all allies"}
    for year in (2014, 2024):
        for group in spending.GROUPS:
            fig = explorer.render(year=year, group=group)
            assert str(year) in fig.axes[0].get_title(loc="left")
            assert explorer.update(year=year, group=group) == "ok"
    assert explorer.update(year=2013).startswith("Year must be between 2014 and 2024")
    assert "not one of the choices" in explorer.update(group="everyone")


def test_compare_explorer_defaults_extremes_and_empty():
    explorer = mx.compare_explorer()
    assert explorer.defaults == {"countries": mx.DEFAULT_COMPARE}
    fig = explorer.render()
    assert "Poland" in alt_text(fig)
    every = tuple(sorted(data.defence_expenditure()["country"].unique()))
    assert explorer.update(countries=every) == "ok"
    assert explorer.update(countries=("Spain",)) == "ok"
    empty = explorer.render(countries=())
    assert isinstance(empty, str) and "No country is selected" in empty
    assert explorer.update(countries=()) == "ok"
    assert "not among the options" in explorer.update(countries=("Iceland",))


# ---- exercise checkers ----------------------------------------------------------------------------------

now = data.membership_on("2024-03-07")
eu = set(now.loc[now["eu"], "country"])
nato = set(now.loc[now["nato"], "country"])
counts = data.membership_counts()
spend = data.defence_expenditure().merge(now[["country", "eu"]], on="country")


def _share(country, year):
    return spend[(spend["country"] == country) & (spend["year"] == year)]["pct_gdp"].iloc[0]


def _assert_rejects(exercise, value, status, fragment):
    feedback = exercise.check(value)
    assert feedback.status == status, (value, feedback)
    assert fragment in feedback.message, feedback.message


def test_ex1_sets():
    assert mm.ex1.check(nato - eu).status == "correct"
    assert mm.ex1.check(sorted(nato - eu)).status == "correct"
    _assert_rejects(mm.ex1, eu - nato, "incorrect", "EU members outside NATO")
    _assert_rejects(mm.ex1, eu & nato, "incorrect", "intersection")
    _assert_rejects(mm.ex1, "Norway", "invalid", "one piece of text")
    _assert_rejects(mm.ex1, None, "invalid", "None")
    _assert_rejects(mm.ex1, set(), "invalid", "empty")
    assert mm.ex1.check().status == "unanswered"


def test_ex2_overlap_year():
    size = counts["both"].iloc[-1]
    assert mm.ex2.check(int(counts.loc[counts["both"] == size, "year"].min())).status == "correct"
    _assert_rejects(mm.ex2, 2013, "incorrect", "first reached 22")
    _assert_rejects(mm.ex2, 2023, "incorrect", "Finland")
    _assert_rejects(mm.ex2, "2024", "invalid", "Remove the quotes")
    _assert_rejects(mm.ex2, None, "invalid", "None")
    _assert_rejects(mm.ex2, [], "invalid", "single number")


def test_ex3_change_in_share():
    assert mm.ex3.check(_share("Poland", 2024) - _share("Poland", 2014)).status == "correct"
    _assert_rejects(mm.ex3, _share("Poland", 2014) - _share("Poland", 2024), "incorrect", "sign")
    relative = 100 * (_share("Poland", 2024) - _share("Poland", 2014)) / _share("Poland", 2014)
    _assert_rejects(mm.ex3, relative, "incorrect", "percentage points")
    _assert_rejects(mm.ex3, _share("Poland", 2024), "incorrect", "one year's share")
    _assert_rejects(mm.ex3, 1.0, "incorrect", "is not it")
    _assert_rejects(mm.ex3, "2.24", "invalid", "Remove the quotes")
    _assert_rejects(mm.ex3, None, "invalid", "None")
    _assert_rejects(mm.ex3, pd.Series(dtype=float), "invalid", "single number")


def test_ex4_grouped_means():
    right = spend[spend["year"] == 2024].groupby("eu")["pct_gdp"].mean()
    assert mm.ex4.check(right).status == "correct"
    assert mm.ex4.check(right.rename({True: "EU", False: "not EU"})).status == "correct"
    _assert_rejects(mm.ex4, spend[spend["year"] == 2024].groupby("eu")["pct_gdp"].median(), "incorrect", "medians")
    _assert_rejects(mm.ex4, spend.groupby("eu")["pct_gdp"].mean(), "incorrect", "all the years")
    _assert_rejects(mm.ex4, pd.Series(right.to_numpy()[::-1], index=right.index), "incorrect", "swapped")
    _assert_rejects(mm.ex4, spend[spend["year"] == 2024].groupby("country")["pct_gdp"].mean(), "incorrect", "two")
    _assert_rejects(mm.ex4, "2.19", "invalid", "Series")
    _assert_rejects(mm.ex4, None, "invalid", "None")
    _assert_rejects(mm.ex4, pd.Series(dtype=float), "invalid", "empty")


def _chart(title="Germany", ylabel="% of GDP", country="Germany", line=True):
    one = spend[spend["country"] == country].sort_values("year")
    fig, ax = plt.subplots()
    if line:
        ax.plot(one["year"], one["pct_gdp"], marker="o")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    return fig, ax


def test_ex5_chart_judge():
    fig, ax = _chart()
    assert mm.ex5.check(fig).status == "correct"
    assert mm.ex5.check(ax).status == "correct"
    _assert_rejects(mm.ex5, _chart(title="")[0], "incorrect", "title")
    _assert_rejects(mm.ex5, _chart(ylabel="")[0], "incorrect", "y-axis")
    _assert_rejects(mm.ex5, _chart(line=False)[0], "incorrect", "no line")
    wrong_fig, wrong_ax = plt.subplots()
    wrong_ax.plot([2014, 2024], [1, 5])
    wrong_ax.set_title("x")
    _assert_rejects(mm.ex5, wrong_fig, "incorrect", "not one country's shares")
    _assert_rejects(mm.ex5, plt.figure(), "incorrect", "no axes")
    _assert_rejects(mm.ex5, "fig", "invalid", "Figure or Axes")
    _assert_rejects(mm.ex5, None, "invalid", "None")
    _assert_rejects(mm.ex5, [], "invalid", "Figure or Axes")


def test_ex6_written():
    assert mm.ex6.check(mm.ex6.model_answer).status == "submitted"
    assert "Iceland" in mm.ex6.model_answer and "3 in 2014 to 23 in 2024" in mm.ex6.model_answer
    _assert_rejects(mm.ex6, "Too short.", "invalid", "words")
    _assert_rejects(mm.ex6, 42, "invalid", "text")
    _assert_rejects(mm.ex6, None, "invalid", "None")
    _assert_rejects(mm.ex6, "   ", "invalid", "empty")


def test_the_spending_explorer_keeps_its_box_and_scale_from_year_to_year():
    from eunato.explorers import members

    views = [members.spending_view(year, "all allies") for year in (2014, 2019, 2024)]
    boxes = {tuple(round(v, 6) for v in fig.axes[0].get_position().bounds) for fig in views}
    scales = {fig.axes[0].get_xlim() for fig in views}
    assert len(boxes) == 1 and len(scales) == 1, "the bars and the 2% line should not move when the year changes"
    top = spending.with_groups()["pct_gdp"].max()
    assert scales.pop()[1] >= top, "the scale must reach the highest share in any year"
    for fig in views:  # the widest name of any year fits: none is cut off at the left edge
        fig.canvas.draw()
        left = min(t.get_window_extent().x0 for t in fig.axes[0].texts if t.get_gid() == spending.ROW_LABEL)
        assert left >= 0


def test_the_who_made_it_change_table_shows_every_name_in_full_without_a_row_index():
    changes = overlap.overlap_changes()
    html = changes._repr_html_()
    assert "United Kingdom (joined the European Communities)" in html and "…" not in html and "..." not in html
    assert "<th>year</th>" in html and "<th></th>" not in html  # no 0-9 index column
    assert list(changes[changes["change"].str.startswith("-")]["year"]) == [2020]  # still a DataFrame to work with


def test_tables_for_reading_show_no_raw_missing_values():
    from eunato.tables import for_reading

    members = data.members()[["country", "eu_accession_year", "nato_accession_date"]].head(8)
    html = for_reading(members, empty="not a member")._repr_html_()
    assert "&lt;NA&gt;" not in html and "NaT" not in html and "not a member" in html
    assert "4 April 1949" in html and "eu accession year" in html


def test_the_ranked_charts_words_do_not_call_countries_allies_before_they_joined():
    """NATO's table lists Finland and Sweden in years before they joined; the chart's description says so."""
    table = mx._grouped()
    before = spending.describe_spending_ranked(table[table["year"] == 2022], 2022, "all allies")
    assert "every country in NATO's table (Finland and Sweden not yet Allies that year)" in before, before
    after = spending.describe_spending_ranked(table[table["year"] == 2024], 2024, "all allies")
    assert "not yet" not in after and "every country in NATO's table, 31 countries" in after, after


def test_the_spending_explorers_menu_does_not_call_every_country_an_ally():
    """The group menu read "all allies", also in years when Finland and Sweden were in NATO's table but not Allies."""
    group = mx.spending_explorer().controls["group"]
    assert group.pairs[0] == ("every country in NATO's table", "all allies")
    assert [v for _, v in group.pairs] == spending.GROUPS
