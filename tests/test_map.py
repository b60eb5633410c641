"""The map of Europe (eunato.charts.map): its data file, its drawing, its words and its speed."""

import json

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from chart_checks import assert_house_style

from eunato import data, style
from eunato.charts import alt_text
from eunato.charts import map as europe_map

MAP_FILE = data.data_dir() / "europe_map.json"


def test_the_map_file_is_small_sourced_and_described_in_the_data_package():
    assert MAP_FILE.stat().st_size < 150_000
    raw = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    assert "Natural Earth" in raw["source"] and "public domain" in raw["source"]
    maps = {m["path"]: m for m in data.descriptor()["eunato:maps"]}
    entry = maps["europe_map.json"]
    assert entry["sources"] and any("public" in lic["name"] for lic in entry["licenses"])
    assert "tools/build_map.py" in entry["description"]


def test_every_european_member_has_a_shape_and_only_north_america_is_off_the_map():
    shapes = europe_map.shapes()
    members = set(data.members()["country"])
    assert members - set(shapes) == {"Canada", "United States"}


def test_the_projection_is_centred_and_keeps_north_up():
    x, y = europe_map.project(europe_map.CENTRE[0], europe_map.CENTRE[1])
    assert abs(x) < 1e-6 and abs(y) < 1e-6
    (_, y_north), (_, y_south) = europe_map.project(10, 60), europe_map.project(10, 40)
    assert y_north > 0 > y_south
    # Oslo to Rome is about 2,000 km
    ox, oy = europe_map.project(10.75, 59.91)
    rx, ry = europe_map.project(12.5, 41.9)
    assert 1900 < np.hypot(ox - rx, oy - ry) < 2100


@pytest.mark.parametrize("when", [1949, 1952, 1995, 2020, 2024, "2024-03-07"])
def test_the_map_follows_the_house_style_and_says_what_it_shows(when):
    snap = data.membership_on(when)
    fig = europe_map.membership_map(snap, when, highlight="Poland")
    assert_house_style(fig, is_map=True)
    alt = alt_text(fig)
    assert alt.startswith("Map of Europe coloured by membership") and "Poland is outlined" in alt
    for group, word in [("both", "In both"), ("NATO only", "In NATO only")]:
        n = int((snap["group"] == group).sum())
        if n:
            assert f"{word} ({n})" in alt
    plt.close(fig)


def test_the_title_counts_the_countries_in_both():
    title = europe_map.membership_map(data.membership_on(2024), 2024).axes[0].get_title(loc="left")
    assert title == "At the end of 2024: 23 countries in both the EU and NATO"
    title = europe_map.membership_map(data.membership_on(1950), 1950).axes[0].get_title(loc="left")
    assert "forerunner did not exist yet" in title


def test_the_country_codes_are_readable_on_their_colours():
    for group, colour in europe_map.COLOUR.items():
        if group != "neither":
            assert style.contrast_ratio(europe_map.TEXT_ON[group], colour) >= style.MIN_CONTRAST


def test_a_map_without_the_needed_columns_is_refused_with_a_sentence():
    with pytest.raises(ValueError, match="needs the columns"):
        europe_map.membership_map(data.members()[["country"]], 2024)
