"""The course's shared wordings and the facts several chapters state, each worked out in one place."""

from __future__ import annotations

import math

import pytest

from eunato import data
from eunato.display import WIDGET_VIEW, widget_bundle
from eunato.wording import UNKNOWN_YEAR, join_and, year_text


@pytest.mark.parametrize(
    ("items", "conjunction", "expected"),
    [
        ([], "and", "none"),
        (["Finland"], "and", "Finland"),
        (["Finland", "Sweden"], "and", "Finland and Sweden"),
        (["a", "b", "c"], "and", "a, b and c"),
        (["a", "b", "c"], "or", "a, b or c"),
        ((str(y) for y in (2016, 2018, 2023)), "and", "2016, 2018 and 2023"),
    ],
)
def test_join_and(items, conjunction, expected):
    assert join_and(items, conjunction) == expected


def test_year_text_says_when_a_year_is_not_verified():
    assert year_text(2016.0) == "2016"
    assert year_text(float("nan")) == year_text(None) == UNKNOWN_YEAR == "year not verified"
    assert year_text(math.nan) == UNKNOWN_YEAR


def test_last_accession_year_is_sweden_joining_nato():
    table = data.members()
    assert data.last_accession_year() == data.last_accession_year(table) == 2024
    assert data.membership_counts()["year"].max() == 2024


@pytest.mark.parametrize(
    ("wording", "lines", "expected"),
    [
        ("securing cyberspace", "enhance", {"enhance": "securing cyberspace"}),
        (
            "crisis management operations (deepen); maritime security (enhance)",
            "deepen; enhance",
            {"deepen": "crisis management operations", "enhance": "maritime security"},
        ),
        (
            "exercises (with crisis management operations)",
            "deepen",
            {"deepen": "exercises (with crisis management operations)"},
        ),
        ("one wording", "deepen; expand", {"deepen": "one wording", "expand": "one wording"}),
        ("", "deepen", {}),
        (None, None, {}),
    ],
)
def test_compass_wording_is_split_by_line_with_one_rule(wording, lines, expected):
    assert data.compass_wording_by_line(wording, lines) == expected


def test_every_area_with_a_compass_line_gets_a_wording_for_each_of_its_lines():
    for row in data.areas().itertuples():
        if row.compass_wording:
            assert set(data.compass_wording_by_line(row.compass_wording, row.compass_line)) == set(
                data.split_list(row.compass_line)
            ), row.id


def test_widget_bundle_falls_back_to_text_and_html_without_a_widget():
    def no_widgets():
        raise ImportError("no ipywidgets here")

    assert widget_bundle(no_widgets, "text", "<p>html</p>") == {"text/plain": "text", "text/html": "<p>html</p>"}

    class View:
        def _repr_mimebundle_(self):
            return {WIDGET_VIEW: {"model_id": "x"}, "text/plain": "ignored"}

    bundle = widget_bundle(View, "text", "<p>html</p>")
    assert bundle[WIDGET_VIEW] == {"model_id": "x"} and bundle["text/plain"] == "text"
