"""Data validation: every table against its schema, cross-table facts, and clear errors for broken files."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from eunato import data
from eunato.data import DataError

DATA = data.data_dir()


@pytest.fixture
def copy_of_data(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may damage."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def rewrite(path: Path, edit) -> None:
    """Apply edit(rows) to a CSV file's rows (header included) and write it back."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


# --- the real data ---------------------------------------------------------------------------------


def test_every_table_in_the_package_loads_and_validates():
    sizes = data.validate_all()
    assert set(sizes) == {
        "timeline",
        "members",
        "progress_reports",
        "common_actions",
        "spending_releases",
        "defence_expenditure",
        "eu_defence_totals",
        "areas",
        "capacity_building",
        "strategic_compass",
        "aliases",
        "perspectives",
    }
    assert all(n > 0 for n in sizes.values())


def test_every_csv_file_is_described_in_the_data_package():
    described = {res["path"] for res in data.descriptor()["resources"]}
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert on_disk == described


def test_data_package_has_licence_sources_and_as_of_date():
    desc = data.descriptor()
    assert desc["licenses"] and desc["sources"] and desc["eunato:as_of"]
    for res in desc["resources"]:
        assert res.get("title") and res.get("description"), res["name"]
        fields = [f["name"] for f in res["schema"]["fields"]]
        assert "source" in fields or {"eu_source", "nato_source"} <= set(fields), res["name"]
        assert "confidence" in fields, res["name"]


@pytest.mark.parametrize("name", data.table_names())
def test_every_row_has_a_source(name):
    table = data.load(name)
    if name == "members":
        has_source = table["eu_source"].fillna("").str.len().gt(0) | table["nato_source"].fillna("").str.len().gt(0)
    else:
        has_source = table["source"].fillna("").str.len().gt(10)
    assert has_source.all(), table.loc[~has_source].iloc[:, 0].tolist()


def test_membership_counts_as_of_swedens_accession():
    now = data.membership_on("2024-03-07")
    assert int(now["eu"].sum()) == 27
    assert int(now["nato"].sum()) == 32
    assert int(now["both"].sum()) == 23
    assert sorted(now.loc[now["group"] == "EU only", "country"]) == ["Austria", "Cyprus", "Ireland", "Malta"]
    assert sorted(now.loc[now["group"] == "NATO only", "country"]) == [
        "Albania",
        "Canada",
        "Iceland",
        "Montenegro",
        "North Macedonia",
        "Norway",
        "Türkiye",
        "United Kingdom",
        "United States",
    ]


def test_membership_the_day_before_sweden_joined():
    before = data.membership_on("2024-03-06")
    assert int(before["both"].sum()) == 22 and int(before["nato"].sum()) == 31


def test_overlap_history_matches_the_fact_base():
    counts = data.membership_counts().set_index("year")
    # FACTS.md section 4: 21 in 2020 and in Jan 2023 (after the UK left the EU), 22 with Finland, 23 with Sweden.
    assert counts.loc[2020, "both"] == 21 and counts.loc[2022, "both"] == 21
    assert counts.loc[2023, "both"] == 22 and counts.loc[2024, "both"] == 23
    assert counts.loc[1949, "nato"] == 12 and counts.loc[1949, "eu"] == 0


@pytest.mark.parametrize("when", ["not a date", None, 2004.5, True, float("nan")])
def test_membership_on_rejects_a_non_date_with_a_clear_message(when):
    with pytest.raises(ValueError, match="expected a year such as 2004 or a date"):
        data.membership_on(when)


def test_membership_on_reads_a_numpy_year_as_a_year_not_as_nanoseconds():
    import numpy as np

    assert data.membership_on(np.int64(2004)).equals(data.membership_on(2004))
    assert data.membership_on(np.int64(2004))["eu"].sum() == 25


def test_membership_on_a_date_and_at_the_end_of_its_year_differ_only_by_later_accessions():
    # Finland joined NATO on 4 April 2023: not yet on the 3rd, in by the end of the year.
    on_the_3rd = data.membership_on("2023-04-03").set_index("country")
    end_of_year = data.membership_on(2023).set_index("country")
    assert not on_the_3rd.loc["Finland", "nato"] and end_of_year.loc["Finland", "nato"]
    assert on_the_3rd.loc["Finland", "group"] == "EU only" and end_of_year.loc["Finland", "group"] == "both"


def test_allies_at_or_above_two_percent_match_the_fact_base():
    spend = data.defence_expenditure()
    per_year = spend[spend["pct_gdp"] >= 2].groupby("year").size()
    assert {y: per_year[y] for y in (2014, 2020, 2021, 2022, 2023, 2024)} == {
        2014: 3,
        2020: 9,
        2021: 6,
        2022: 7,
        2023: 10,
        2024: 23,
    }


def test_spending_covers_31_allies_and_marks_2023_2024_as_estimates():
    spend = data.defence_expenditure()
    assert spend["country"].nunique() == 31 and "Iceland" not in set(spend["country"])
    assert set(spend.loc[spend["year"] >= 2023, "status"]) == {"estimate"}
    assert set(spend.loc[spend["year"] <= 2022, "status"]) == {"reported"}
    allies = set(data.membership_on(2024).query("nato")["country"])
    assert set(spend["country"]) == allies - {"Iceland"}


def test_common_actions_add_up_to_74():
    actions = data.common_actions()
    assert actions["new_actions"].tolist() == [42, 32]
    assert actions["total_actions"].iloc[-1] == 74


def test_timeline_has_the_key_dates():
    events = data.timeline().set_index("id")["date"].dt.strftime("%Y-%m-%d")
    assert events["berlin-plus-2003"] == "2003-03-17"
    assert events["warsaw-declaration-2016"] == "2016-07-08"
    assert events["brussels-declaration-2018"] == "2018-07-10"
    assert events["joint-declaration-2023"] == "2023-01-10"
    assert events["sweden-2024"] == "2024-03-07"


def test_progress_reports_are_numbered_in_date_order():
    reports = data.progress_reports()
    assert reports["number"].tolist() == list(range(1, len(reports) + 1))
    assert reports["date_start"].is_monotonic_increasing


def test_strategic_compass_has_three_lines_and_four_strands():
    compass = data.strategic_compass()
    lines = compass[compass["kind"] == "line"].groupby("group").size().to_dict()
    assert lines == {"deepen": 5, "enhance": 4, "expand": 4}
    assert set(compass.loc[compass["kind"] == "strand", "group"]) == {"act", "secure", "invest", "partner"}


def test_areas_include_the_seven_warsaw_areas():
    areas = data.areas()
    assert (areas["kind"] == "Warsaw area").sum() == 7
    assert set(areas.loc[areas["kind"] == "Warsaw area", "year_added"]) == {2016}


def test_capacity_building_lists_the_seven_partners_of_the_factsheet():
    partners = set(data.capacity_building()["partner"])
    assert partners == {
        "Bosnia and Herzegovina",
        "Georgia",
        "Jordan",
        "Republic of Moldova",
        "Tunisia",
        "Mauritania",
        "Ukraine",
    }


def test_loaders_hand_out_copies():
    first = data.members()
    first.loc[0, "country"] = "Changed"
    assert data.members().loc[0, "country"] != "Changed"


# --- broken copies give one clear error naming file, row and column -----------------------------------


def test_wrong_column_name(copy_of_data):
    rewrite(copy_of_data / "timeline.csv", lambda rows: rows[0].__setitem__(1, "when"))
    with pytest.raises(DataError) as err:
        data.load("timeline", copy_of_data)
    message = str(err.value)
    assert "data/timeline.csv, row 1" in message
    assert "missing column(s) 'date'" in message and "unexpected column(s) 'when'" in message


# One damaged cell each: (table, row index in the file with the header as 0, column index, new value, the message).
ONE_CELL_DAMAGE = [
    pytest.param(
        "timeline",
        3,
        1,
        "17/03/2003",
        r"data/timeline.csv, row 4, column 'date': expected a date written YYYY-MM-DD, found '17/03/2003'",
        id="bad_date",
    ),
    pytest.param(
        "timeline",
        2,
        1,
        "2003-02-30",
        r"row 3, column 'date': '2003-02-30' is not a real calendar date",
        id="impossible_date",
    ),
    pytest.param(
        "defence_expenditure",
        10,
        5,
        "",
        r"defence_expenditure.csv, row 11, column 'source': is empty; expected a source for this row",
        id="missing_source",
    ),
    pytest.param(
        "members",
        2,
        8,
        "",
        r"members.csv, row 3, column 'eu_source': is empty; expected a source for the EU accession year",
        id="missing_eu_source_for_a_member",
    ),  # Austria
    pytest.param(
        "defence_expenditure",
        1,
        3,
        "1,35",
        r"row 2, column 'pct_gdp': expected a number such as 1.25, found '1,35'",
        id="number_that_is_not_a_number",
    ),
    pytest.param(
        "defence_expenditure",
        1,
        4,
        "guess",
        r"column 'status': 'guess' is not one of the allowed values \('reported', 'estimate'\)",
        id="value_outside_the_allowed_list",
    ),
    pytest.param(
        "defence_expenditure",
        1,
        2,
        "2031",
        r"column 'year': 2031 is above the largest allowed value, 2025",
        id="year_out_of_range",
    ),
    pytest.param(
        "common_actions",
        2,
        3,
        "75",
        r"row 3, column 'total_actions': total_actions is 75 but the new actions so far add up to 74",
        id="totals_that_do_not_add_up",
    ),
    pytest.param(
        "defence_expenditure",
        1,
        1,
        "XX",
        r"row 2, column 'iso2': 'XX' is not in members.iso2",
        id="unknown_country_code_in_spending",
    ),
    pytest.param(
        "strategic_compass",
        1,
        5,
        "dialog",
        r"strategic_compass.csv, row 2, column 'related_areas': 'dialog' is not an id in areas.csv",
        id="compass_link_to_an_unknown_area",
    ),
]


@pytest.mark.parametrize(("table", "row", "column", "value", "message"), ONE_CELL_DAMAGE)
def test_a_damaged_cell_is_named_with_its_file_row_and_column(copy_of_data, table, row, column, value, message):
    rewrite(copy_of_data / f"{table}.csv", lambda rows: rows[row].__setitem__(column, value))
    with pytest.raises(DataError, match=message):
        data.load(table, copy_of_data)


def test_duplicate_key(copy_of_data):
    rewrite(copy_of_data / "members.csv", lambda rows: rows.append(list(rows[5])))
    with pytest.raises(DataError) as err:
        data.load("members", copy_of_data)
    assert "data/members.csv, row 38, column 'country'" in str(err.value)
    assert "duplicate key (country=Canada) also on row 6" in str(err.value)


def test_row_with_too_few_values(copy_of_data):
    rewrite(copy_of_data / "common_actions.csv", lambda rows: rows[1].pop())
    with pytest.raises(DataError, match=r"common_actions.csv, row 2: has 7 values but the header has 8 columns"):
        data.load("common_actions", copy_of_data)


def test_missing_file(copy_of_data):
    (copy_of_data / "areas.csv").unlink()
    with pytest.raises(DataError, match=r"data/areas.csv: the file is missing"):
        data.load("areas", copy_of_data)


def test_empty_file(copy_of_data):
    (copy_of_data / "eu_defence_totals.csv").write_text("")
    with pytest.raises(DataError, match=r"eu_defence_totals.csv: the file is empty; expected a header row"):
        data.load("eu_defence_totals", copy_of_data)


def test_broken_descriptor(copy_of_data):
    (copy_of_data / "datapackage.json").write_text("{not json")
    with pytest.raises(DataError, match=r"datapackage.json: not valid JSON"):
        data.load("members", copy_of_data)


def test_unknown_table_name():
    with pytest.raises(DataError, match=r"no table called 'member' \(the tables are: timeline, members"):
        data.load("member")


def test_not_utf8(copy_of_data):
    (copy_of_data / "capacity_building.csv").write_bytes("partner\nGéorgie\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"capacity_building.csv: the file is not UTF-8 text"):
        data.load("capacity_building", copy_of_data)


def test_the_encoding_is_named_as_a_guess_only(copy_of_data):
    """Windows-1252 decodes almost any bytes (UTF-16 too), so the message may only say "perhaps"; bytes that
    Windows-1252 leaves undefined (0x81) rule it out, and then it is not named."""
    path = copy_of_data / "capacity_building.csv"
    path.write_bytes("partner\nGeorgia\n".encode("utf-16"))
    with pytest.raises(DataError) as err:
        data.load("capacity_building", copy_of_data)
    assert "perhaps Windows-1252" in str(err.value) and "looks like" not in str(err.value)
    path.write_bytes(b"partner\nGeorgia\x81\xff\n")
    with pytest.raises(DataError) as err:
        data.load("capacity_building", copy_of_data)
    assert "not UTF-8 text" in str(err.value) and "Windows-1252" not in str(err.value)


def test_loaders_see_a_fixed_file_without_a_restart(copy_of_data, monkeypatch):
    monkeypatch.setenv("EUNATO_DATA", str(copy_of_data))
    rewrite(copy_of_data / "timeline.csv", lambda rows: rows[3].__setitem__(1, "bad"))
    with pytest.raises(DataError):
        data.timeline()
    shutil.copy(DATA / "timeline.csv", copy_of_data / "timeline.csv")
    import os

    os.utime(copy_of_data / "timeline.csv", (1, 1e9 + 1))  # a different modification time
    assert len(data.timeline()) == len(pd.read_csv(DATA / "timeline.csv"))


def test_descriptor_json_is_tidy():
    text = (DATA / "datapackage.json").read_text(encoding="utf-8")
    assert json.loads(text)["profile"] == "tabular-data-package"


# --- tables saved from a spreadsheet (issue 14) ---------------------------------------------------------


def test_strategic_compass_is_checked_against_the_areas_of_the_same_folder(copy_of_data):
    """A copy whose areas.csv lacks 'dialogue' must fail, even though the course's own areas.csv has it."""
    rewrite(copy_of_data / "areas.csv", lambda rows: [r.__setitem__(0, "talks") for r in rows if r[0] == "dialogue"])
    with pytest.raises(DataError, match=r"strategic_compass.csv, row 2, column 'related_areas': 'dialogue' is not"):
        data.load("strategic_compass", copy_of_data)


def test_a_byte_order_mark_from_excel_is_accepted(copy_of_data):
    """Excel's "CSV UTF-8" starts the file with a byte-order mark."""
    path = copy_of_data / "members.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert data.load("members", copy_of_data).equals(data.load("members"))


def test_a_semicolon_separated_file_is_recognised(copy_of_data):
    """A spreadsheet in a European locale saves "CSV" with semicolons."""
    path = copy_of_data / "members.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    with pytest.raises(DataError) as err:
        data.load("members", copy_of_data)
    message = str(err.value)
    assert "data/members.csv" in message and "semicolons" in message
    assert "CSV UTF-8 (Comma delimited)" in message, message


def test_a_windows_1252_file_is_recognised(copy_of_data):
    """Plain "CSV" from Excel on Windows is Windows-1252: é is one byte, and a curly quote is 0x92."""
    path = copy_of_data / "capacity_building.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Georgia", "Géorgie’s").encode("cp1252"))
    with pytest.raises(DataError) as err:
        data.load("capacity_building", copy_of_data)
    message = str(err.value)
    assert "capacity_building.csv" in message and "perhaps Windows-1252" in message
    assert "CSV UTF-8 (Comma delimited)" in message, message
