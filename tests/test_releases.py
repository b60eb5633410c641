"""Spending figures by NATO release: the loaders, the headlines computed from them, the comparison chart, the
gap-to-3.5% explorer, the EDA's own releases, and the as-of line of every chapter against the data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from chart_checks import assert_house_style
from test_data import rewrite

from eunato import data, manifest
from eunato.charts import releases
from eunato.data import DataError
from eunato.explorers import members as explore

ROOT = Path(__file__).resolve().parents[1]
JUNE_2024, APRIL_2025, AUGUST_2025 = "NATO-2024-06", "NATO-2025-04", "NATO-2025-08"


# --- loaders: one release, the newest per Ally and year, or all ---------------------------------------


def test_every_spending_row_names_a_known_release():
    every = data.defence_expenditure(data.ALL_RELEASES)
    assert every["release"].notna().all()
    assert set(every["release"]) == set(data.spending_releases()["release"]) == {JUNE_2024, APRIL_2025, AUGUST_2025}


def test_the_default_is_one_complete_release_with_one_row_per_ally_and_year():
    spend = data.defence_expenditure()
    assert set(spend["release"]) == {JUNE_2024}
    assert not spend.duplicated(["country", "year"]).any()
    assert spend.groupby("year")["country"].nunique().eq(31).all()
    assert spend["pct_gdp"].notna().all()


def test_newest_takes_each_value_from_the_latest_release_that_covers_it():
    newest = data.defence_expenditure(data.NEWEST).set_index(["country", "year"])
    assert not newest.index.duplicated().any()
    assert newest.loc[("Poland", 2024), "pct_gdp"] == 4.07 and newest.loc[("Poland", 2024), "release"] == APRIL_2025
    assert newest.loc[("Germany", 2024), "release"] == JUNE_2024  # no revised value verified
    assert newest.loc[("Poland", 2025), "release"] == AUGUST_2025
    assert newest.loc[("Poland", 2014), "release"] == JUNE_2024


def test_all_keeps_both_releases_of_the_same_year():
    every = data.defence_expenditure(data.ALL_RELEASES)
    poland_2024 = every[(every["country"] == "Poland") & (every["year"] == 2024)]
    assert sorted(poland_2024["release"]) == [JUNE_2024, APRIL_2025]
    assert sorted(poland_2024["pct_gdp"]) == [4.07, 4.1202]


def test_an_unknown_release_gets_one_clear_sentence():
    with pytest.raises(ValueError, match=r"release must be one of .*NATO-2024-06.*not 'June'"):
        data.defence_expenditure("June")


def test_rows_without_a_value_say_what_nato_stated_and_germany_has_no_2025_figure():
    every = data.defence_expenditure(data.ALL_RELEASES)
    empty = every[every["pct_gdp"].isna()]
    assert set(empty["release"]) == {AUGUST_2025} and set(empty["year"]) == {2025}
    assert set(empty["stated"]) == {"at least 2%", "no figure published"}
    germany = every[(every["country"] == "Germany") & (every["year"] == 2025)].iloc[0]
    assert pd.isna(germany["pct_gdp"]) and germany["stated"] == "no figure published"
    assert every.loc[every["pct_gdp"].notna(), "stated"].isna().all()


@pytest.fixture
def copy_of_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data.data_dir(), target)
    return target


def _set(folder: Path, row: int, column: str, value: str) -> None:
    def edit(rows):
        rows[row][rows[0].index(column)] = value

    rewrite(folder / "defence_expenditure.csv", edit)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("stated", "at least 2%", r"row 2, column 'pct_gdp': give either a value in pct_gdp or"),
        ("pct_gdp", "", r"row 2, column 'pct_gdp': give either a value"),
        ("release", "NATO-2030-01", r"row 2, column 'release': 'NATO-2030-01' is not in spending_releases.release"),
        ("stated", "about 2%", r"row 2, column 'stated': 'about 2%' is not one of the allowed values"),
    ],
    ids=["value_and_statement", "neither", "unknown_release", "unknown_statement"],
)
def test_a_damaged_spending_row_stops_with_a_message(copy_of_data, column, value, message):
    _set(copy_of_data, 1, column, value)
    with pytest.raises(DataError, match=message):
        data.load("defence_expenditure", copy_of_data)


# --- headlines computed from the data ----------------------------------------------------------------


def _count(counts, release, year):
    return counts[(counts["release"] == release) & (counts["year"] == year)].iloc[0]


def test_count_of_allies_at_two_percent_by_year_and_release():
    counts = releases.counts_by_release()
    june = _count(counts, JUNE_2024, 2024)
    assert (june.at_least_2pct, june.rows, june.complete) == (23, 31, True)
    april = _count(counts, APRIL_2025, 2024)
    assert not april.complete and april.rows == 7  # a partial revision: its count alone is not a headline
    august = _count(counts, AUGUST_2025, 2025)
    assert (august.at_least_2pct, august.no_figure, august.rows) == (30, 1, 31)


def test_newest_figures_for_2024_agree_with_natos_count_of_22():
    newest = releases.newest_counts().set_index("year")
    assert newest.loc[2024, "at_least_2pct"] == 22  # the Annual Report of April 2025 says 22 Allies
    assert newest.loc[2024, "releases"] == f"{JUNE_2024}, {APRIL_2025}"


def test_2014_counts_allies_at_the_time_not_countries_that_joined_later():
    row = _count(releases.counts_by_release(), JUNE_2024, 2014)
    assert (row.at_least_2pct, row.rows) == (3, 31)
    assert (row.allies_at_least_2pct, row.allies_in_table, row.allies_that_year) == (3, 27, 28)


def test_the_unweighted_mean_is_every_country_counted_once():
    spend = data.defence_expenditure()
    row = _count(releases.counts_by_release(), JUNE_2024, 2024)
    assert row.unweighted_mean == pytest.approx(spend.loc[spend["year"] == 2024, "pct_gdp"].sum() / 31)
    # a year with rows that have no value has no mean: it would not be the mean of all Allies
    assert pd.isna(_count(releases.counts_by_release(), AUGUST_2025, 2025).unweighted_mean)


def test_release_labels_name_the_publication_and_month():
    assert releases.release_label(JUNE_2024) == "NATO, 'Defence Expenditure of NATO Countries (2014-2024)', June 2024"
    assert releases.short_label(APRIL_2025) == "Annual Report, April 2025"
    with pytest.raises(ValueError, match="unknown release"):
        releases.release_label("NATO-1999-01")


# --- two releases of the same year ----------------------------------------------------------------------


def test_comparing_two_releases_of_2024():
    comparison = releases.compare_releases(2024, JUNE_2024, APRIL_2025)
    assert len(comparison) == 7
    assert comparison.loc[comparison["crossed_2pct"], "country"].tolist() == ["Montenegro"]
    assert int((comparison["change"] < 0).sum()) == 5 and int((comparison["change"] > 0).sum()) == 2
    fig = releases.release_comparison(comparison, 2024, JUNE_2024, APRIL_2025)
    assert_house_style(fig, y_ticks_may_label=True)
    title = fig.axes[0].get_title(loc="left")
    assert "5 of 7 down, 2 up" in title and "Montenegro" in title
    source = next(t.get_text() for t in fig.texts if t.get_text().startswith("Source:"))
    assert "June 2024" in source and "Annual Report 2024" in source


def test_comparing_releases_without_a_common_country_says_so():
    with pytest.raises(ValueError, match="no country has a value for 2014 in both"):
        releases.compare_releases(2014, JUNE_2024, APRIL_2025)


# --- the distance to 3.5% --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "gap", "upper_bound", "year"),
    [
        ("Poland", 0.0, False, 2025),  # above 3.5% already
        ("Italy", 1.49, False, 2025),
        ("France", 1.5, True, 2025),  # NATO stated only 'at least 2%'
        ("Germany", 1.38, False, 2025),  # no 2025 figure: the distance is from 2024
    ],
)
def test_gap_to_core_target(country, gap, upper_bound, year):
    result = releases.gap_to_core(releases.ally_path(country))
    assert result["gap"] == pytest.approx(gap) and result["gap_is_upper_bound"] == upper_bound
    assert result["year"] == year


def test_germany_gap_names_the_year_and_release_it_rests_on():
    sentence = releases.gap_sentence(releases.gap_to_core(releases.ally_path("Germany")))
    assert "no figure for 2025" in sentence and "2024 (June 2024 release)" in sentence


def test_gap_view_at_its_default_and_at_both_ends_of_the_menu():
    options = explore.gap_explorer().controls["country"].samples()
    assert explore.DEFAULT_GAP in options
    for country in (explore.DEFAULT_GAP, options[0], options[-1]):
        fig, text = explore.gap_view(country)
        assert_house_style(fig)
        assert country in text and "3.5%" in text and "2029" in text


def test_gap_view_of_an_unknown_country_is_one_sentence():
    out = explore.gap_view("Iceland")
    assert isinstance(out, str) and "no Ally called Iceland" in out


# --- the EDA's figures: their own release ---------------------------------------------------------------


def test_eda_rows_name_their_release_and_growth_is_only_read_within_one():
    totals = data.eu_defence_totals()
    assert totals["release"].str.startswith("EDA ").all()
    assert totals.loc[totals["year"] == 2023, "release"].item() != totals.loc[totals["year"] == 2024, "release"].item()


# --- as of --------------------------------------------------------------------------------------------------


def _as_of_words() -> str:
    day = data.as_of()
    return f"{day.day} {day:%B %Y}"


def test_as_of_date_agrees_with_the_data():
    day = data.as_of()
    assert data.timeline()["date"].max() == day, "the as-of date is the latest dated event in timeline.csv"
    newest = data.spending_releases()["published"].max()
    assert pd.Timestamp(newest + "-01") <= day


@pytest.mark.parametrize("chapter", manifest.chapters(), ids=lambda c: c.stem)
def test_every_chapter_opens_with_its_as_of_line(chapter):
    path = ROOT / chapter.notebook
    if not path.exists():
        pytest.skip(f"{chapter.notebook} is not in this branch")
    cells = nbformat.read(path, as_version=4).cells
    lines = [c.source for c in cells[:4] if c.cell_type == "markdown" and c.source.startswith("**As of:**")]
    assert lines, f"{chapter.notebook}: no '**As of:** ...' cell among its first cells"
    assert _as_of_words() in lines[0], f"{chapter.notebook}: its as-of line does not say {_as_of_words()}"


@pytest.mark.parametrize("doc", ["README.md", "data/README.md"])
def test_readmes_state_the_same_as_of_date(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    found = re.findall(r"\*\*As of:?\*\*:?[^\n]*", text)
    assert found, f"{doc} has no '**As of:**' line"
    assert _as_of_words() in found[0], f"{doc}: its as-of line does not say {_as_of_words()}"


def test_the_spending_charts_name_their_release():
    from eunato.charts import spending

    fig = spending.guideline_over_time(spending.meeting_guideline())
    source = next(t.get_text() for t in fig.texts if t.get_text().startswith("Source:"))
    assert "June 2024 release" in source
    fig = spending.eu_totals(data.eu_defence_totals())
    source = " ".join(t.get_text() for t in fig.texts if t.get_text().startswith("Source:")).replace("\n", " ")
    assert "EDA Defence Data 2023-2024" in source and "EDA Defence Data 2024-2025" in source
