"""Chapter 2 (areas of cooperation): charts, the area-card explorer, the exercise checkers and the notebooks."""

from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")
import nbformat
import pytest
from eunato_authoring.learner_notebooks import learner_notebook, sources

from eunato import data
from eunato.charts import areas as area_charts
from eunato.exercises import areas as ex
from eunato.explorers import areas as explore

pytestmark = pytest.mark.usefixtures("course_charts_fit")  # every chart a test leaves open must fit its figure

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "notebooks" / "02_areas.ipynb"
SOLUTION = ROOT / "exercises" / "solutions" / "02_areas.ipynb"
LEARNER = ROOT / "exercises" / "02_areas.ipynb"


@pytest.fixture(scope="module")
def table():
    return data.areas()


@pytest.fixture(scope="module")
def capacity():
    return data.capacity_building()


@pytest.fixture(scope="module")
def compass():
    return data.strategic_compass()


# --- charts ----------------------------------------------------------------------------------------


def test_agenda_table_lists_every_area_by_year(table):
    shown = area_charts.agenda_table(table)
    assert list(shown.columns) == ["first named", "area or topic", "kind", "note on the year"]
    assert set(shown["area or topic"]) == set(table["area"])
    years = list(shown["first named"])
    assert years[0] == "2016" and years[-1] == "year not verified"
    assert shown.loc[shown["area or topic"] == "Political dialogue", "first named"].item() == "year not verified"
    numeric = [int(y) for y in years if y.isdigit()]
    assert numeric == sorted(numeric)
    assert "NaN" not in str(shown) and "<NA>" not in str(shown)


def test_agenda_table_rejects_an_empty_table(table):
    with pytest.raises(ValueError, match="at least one area"):
        area_charts.agenda_table(table.iloc[0:0])


def test_partners_table_all_regions(capacity):
    shown = area_charts.partners_table(capacity)
    assert len(shown) == len(capacity)
    assert list(shown["region"].drop_duplicates()) == [
        "Western Balkans",
        "Eastern neighbourhood",
        "Southern neighbourhood",
        "Sahel",
    ]
    east = shown[shown["region"] == "Eastern neighbourhood"]["partner"].to_list()
    assert east == ["Georgia", "Republic of Moldova", "Ukraine"]
    assert shown["source of the grouping"].notna().all()


def test_partners_table_one_region_and_no_region(capacity):
    shown = area_charts.partners_table(capacity, regions=["Sahel"])
    assert shown["partner"].to_list() == ["Mauritania"]
    assert "not a European Neighbourhood Policy country" in shown["note"].item()
    with pytest.raises(ValueError, match="at least one region"):
        area_charts.partners_table(capacity, regions=[])


def test_compass_reading_gives_each_area_its_line_and_words(table):
    shown = area_charts.compass_reading(table)
    assert len(shown) == len(table)
    by_area = shown.set_index("area (year first named)")
    assert by_area.loc["Operational cooperation including maritime issues (2016)", "Compass line"] == "deepen, enhance"
    assert (
        by_area.loc["Cyber security and defence (2016)", "the line's words in the factsheet"] == "'securing cyberspace'"
    )
    none = by_area[by_area["Compass line"] == area_charts.NO_LINE]
    assert len(none) == 5
    assert none["the line's words in the factsheet"].isna().all()
    with pytest.raises(ValueError, match="at least one area"):
        area_charts.compass_reading(table.iloc[0:0])


def test_areas_on_line(table):
    assert set(area_charts.areas_on_line(table, "expand")["id"]) == {"resilience", "edt", "space", "climate"}
    assert "operational" in set(area_charts.areas_on_line(table, "deepen")["id"])
    assert "operational" in set(area_charts.areas_on_line(table, "enhance")["id"])
    with pytest.raises(ValueError, match="line must be one of"):
        area_charts.areas_on_line(table, "widen")


# --- explorer --------------------------------------------------------------------------------------


def test_area_card_at_the_default_and_every_option(table):
    explorer = explore.area_explorer()
    default = explorer.render()
    assert "Countering hybrid threats" in default and "Source:" in default
    assert "the course&#x27;s reading" in default or "the course's reading" in default
    options = explore.area_options()
    assert [value for _, value in options] == table["id"].tolist()
    for _label, value in options:  # the first and last options are the extremes of the menu
        card = explorer.render(area=value)
        row = table.set_index("id").loc[value]
        assert row["area"].replace("'", "&#x27;") in card
        assert "First named on the agenda:" in card and "Where it sits in the Strategic Compass" in card
        assert explorer.update(area=value) == "ok"


def test_area_card_details(table):
    operational = explore.area_card("operational")
    assert "Named in the deepen and enhance lines." in operational
    assert "‘crisis management operations’" in operational and "‘maritime security’" in operational
    industry = explore.area_card("industry")
    assert "No Compass line names this area." in industry
    hybrid = explore.area_card("hybrid")
    assert "builds on it: Resilience" in hybrid
    dialogue = explore.area_card("dialogue")
    assert "Year not verified." in dialogue
    assert "Thread: Political dialogue" in [label for label, _ in explore.area_options()]


def test_area_card_without_a_valid_area_gives_a_sentence():
    assert "Pick an area" in explore.area_card(None)
    assert "Pick an area" in explore.area_card("  ")
    assert "There is no area called &#x27;nuclear&#x27;" in explore.area_card("nuclear")
    message = explore.area_explorer().update(area="nuclear")
    assert message.startswith("Area: 'nuclear' is not one of the choices")


# --- exercises -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def solutions(table, capacity):
    now = data.membership_on("2024-03-07")
    return {
        "ex1": capacity.groupby("region")["partner"].apply(list).to_dict(),
        "ex2": table[table["year_added"] > 2016]["area"].tolist(),
        "ex3": int(table["compass_line"].str.contains("expand", na=False).sum()),
        "ex4": table[(table["kind"] == "Warsaw area") & table["compass_line"].isna()]["area"].tolist(),
        "ex5": int((now["group"] != "both").sum()),
        "ex6": ex.MODEL_ANSWER,
    }


@pytest.mark.parametrize("name", ["ex1", "ex2", "ex3", "ex4", "ex5"])
def test_checkers_accept_their_solution(name, solutions):
    feedback = getattr(ex, name).check(solutions[name])
    assert feedback.status == "correct", feedback.text()


def test_checkers_say_not_answered_for_the_placeholder():
    for name in ["ex1", "ex2", "ex3", "ex4", "ex5", "ex6"]:
        assert getattr(ex, name).check(...).status == "unanswered"


@pytest.mark.parametrize("name", ["ex1", "ex2", "ex3", "ex4", "ex5", "ex6"])
def test_checkers_reject_none(name):
    feedback = getattr(ex, name).check(None)
    assert feedback.status == "invalid" and "None" in feedback.message


def test_ex1_partners_per_region(solutions, capacity):
    assert ex.ex1.check(capacity.groupby("region")["partner"].apply(list)).status == "correct"  # a Series is fine
    wrong = {k: list(v) for k, v in solutions["ex1"].items()}
    wrong["Southern neighbourhood"] += wrong.pop("Sahel")
    fb = ex.ex1.check(wrong)
    assert fb.status == "partly" and "Mauritania is not a European Neighbourhood Policy country" in fb.details[0]
    fb = ex.ex1.check({"Sahel": ["Georgia"]})
    assert fb.status == "incorrect" and any("Regions missing" in d for d in fb.details)
    assert ex.ex1.check("Sahel").status == "invalid" and "dictionary" in ex.ex1.check("Sahel").message
    assert ex.ex1.check({}).status == "invalid" and "empty" in ex.ex1.check({}).message
    assert ex.ex1.check(capacity).status == "invalid"
    assert "list of partner" in ex.ex1.check({"Sahel": 3}).message


def test_ex2_areas_after_2016(table, solutions):
    with_dialogue = solutions["ex2"] + ["Political dialogue"]
    fb = ex.ex2.check(with_dialogue)
    assert fb.status == "incorrect" and "Political dialogue has no year" in fb.message
    fb = ex.ex2.check(table[table["year_added"] == 2017]["area"].tolist())
    assert fb.status == "incorrect" and "only the topics of 2017" in fb.message
    fb = ex.ex2.check(table[table["year_added"] > 2016]["id"].tolist())
    assert "short ids" in fb.message
    assert ex.ex2.check("Space").status == "invalid"
    assert ex.ex2.check([]).status == "invalid" and "empty" in ex.ex2.check([]).message


def test_ex3_expand_count(table):
    assert ex.ex3.check(0).status == "incorrect" and "str.contains" in ex.ex3.check(0).message
    assert "every area in the table" in ex.ex3.check(len(table)).message
    assert ex.ex3.check(5).status == "incorrect" and "too high" in ex.ex3.check(5).message
    assert ex.ex3.check("4").status == "invalid" and "Remove the quotes" in ex.ex3.check("4").message
    assert ex.ex3.check([]).status == "invalid"


def test_ex4_warsaw_areas_outside_the_lines(table):
    fb = ex.ex4.check(table[table["compass_line"].isna()]["area"].tolist())
    assert fb.status == "incorrect" and "added after Warsaw" in fb.message
    fb = ex.ex4.check(["Defence industry and research"])
    assert fb.status == "partly" and "1 missing" in fb.message
    assert ex.ex4.check("Defence industry and research").status == "invalid"
    assert ex.ex4.check([]).status == "invalid"


def test_ex5_one_organisation_only():
    assert "Add the Allies outside the EU" in ex.ex5.check(4).message
    assert "Add the EU members outside NATO" in ex.ex5.check(9).message
    assert "number in both" in ex.ex5.check(23).message
    assert ex.ex5.check("13").status == "invalid"
    assert ex.ex5.check([]).status == "invalid"


def test_ex6_written_answer():
    fb = ex.ex6.check(ex.MODEL_ANSWER)
    assert fb.status == "submitted" and any(d.startswith("Model answer:") for d in fb.details)
    assert any("inclusiveness" in d for d in fb.details)
    assert ex.ex6.check("Inclusiveness.").status == "invalid"
    assert "at least 40" in ex.ex6.check("Inclusiveness.").message
    assert ex.ex6.check("").status == "invalid" and "empty" in ex.ex6.check("").message
    assert ex.ex6.check(42).status == "invalid"


def test_every_exercise_has_hints_and_a_solution():
    for name in ["ex1", "ex2", "ex3", "ex4", "ex5", "ex6"]:
        exercise = getattr(ex, name)
        assert exercise.hint().status == "hint" and len(exercise.hints) >= 2
        assert exercise.show_solution().status == "solution"


# --- notebooks -------------------------------------------------------------------------------------


def test_learner_notebook_is_in_step_with_its_solution():
    solution = nbformat.read(SOLUTION, as_version=4)
    learner = nbformat.read(LEARNER, as_version=4)
    assert sources(learner) == sources(learner_notebook(solution))
    assert "# BEGIN SOLUTION" not in "".join(c.source for c in learner.cells)


def test_only_explorer_cells_ignore_output():
    for path in (CHAPTER, SOLUTION, LEARNER):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if "nbval-ignore-output" in cell.metadata.get("tags", []):
                assert "explorer()" in cell.source, f"{path.name}: only explorer cells may ignore output"


def test_chapter_links_back_and_forward():
    text = "".join(c.source for c in nbformat.read(CHAPTER, as_version=4).cells)
    for target in ("01_history.ipynb", "03_compass.ipynb", "../exercises/02_areas.ipynb"):
        assert target in text
