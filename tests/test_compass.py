"""Chapter 3, the EU Strategic Compass: charts, explorer, self-check and exercise checkers."""

import matplotlib as mpl

mpl.use("Agg")

import pandas as pd
import pytest
from chart_checks import has_source as _has_source

from eunato import data
from eunato.charts import alt_text
from eunato.charts import compass as compass_charts
from eunato.exercises import compass as ex
from eunato.explorers import compass as cx
from eunato.widgets import ControlError

pytestmark = pytest.mark.usefixtures("course_charts_fit")  # every chart a test leaves open must fit its figure

# ---- charts ---------------------------------------------------------------------------------------------


def test_areas_by_year_and_line_draws_with_real_data():
    fig = compass_charts.areas_by_year_and_line(data.areas())
    ax = fig.axes[0]
    assert "expand" in ax.get_title(loc="left") and "2023" in ax.get_title(loc="left")
    assert ax.get_xlabel() and ax.get_ylabel()
    assert _has_source(fig)
    alt = alt_text(fig)
    assert "18 areas" in alt and "21 March 2022" in alt
    labels = {t.get_text().replace("\n", " ") for t in ax.texts}
    # every area is labelled in the matrix
    for area in data.areas()["area"]:
        assert any(area.split()[0] in label for label in labels), area
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[:3] == ["deepen", "enhance", "expand"]


def test_area_matrix_puts_operational_under_two_lines_and_dialogue_unverified():
    matrix = compass_charts.area_matrix(data.areas())
    assert set(matrix.loc[matrix["id"] == "operational", "line"]) == {"deepen", "enhance"}
    assert matrix.loc[matrix["id"] == "dialogue", "year"].item() == compass_charts.UNKNOWN_YEAR
    assert set(matrix.loc[matrix["line"] == "expand", "year"]) == {"2023"}
    assert (matrix["line"] == compass_charts.NO_LINE).sum() == 5


def test_areas_chart_rejects_a_table_without_the_columns():
    with pytest.raises(ValueError, match="needs the columns"):
        compass_charts.areas_by_year_and_line(pd.DataFrame({"id": ["x"]}))


def test_strategies_timeline_draws_with_real_data():
    fig = compass_charts.strategies_timeline(data.timeline())
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("Within 11 months")
    assert ax.get_xlabel() == "Date"
    assert _has_source(fig)
    alt = alt_text(fig)
    assert "21 March 2022, Council approves the Strategic Compass" in alt
    assert "White Paper for European Defence - Readiness 2030 (medium confidence)" in alt
    assert any("(medium confidence)" in t.get_text() for t in ax.texts)


def test_strategies_timeline_gives_each_kind_of_event_its_own_colour_and_marker():
    """The chart has no lanes: its legend tells the kinds apart, so no two kinds share a colour (or a marker)."""
    from matplotlib.colors import to_hex

    fig = compass_charts.strategies_timeline(data.timeline())
    legend = fig.axes[0].get_legend()
    kinds = [t.get_text() for t in legend.get_texts()]
    looks = [(to_hex(h.get_color()), h.get_marker()) for h in legend.legend_handles]
    assert len(kinds) >= 3 and "strategy" in kinds and "defence spending" in kinds
    assert len({c for c, _ in looks}) == len(kinds), dict(zip(kinds, looks, strict=True))
    assert len({m for _, m in looks}) == len(kinds), dict(zip(kinds, looks, strict=True))


def test_strategies_timeline_with_other_events_and_none():
    fig = compass_charts.strategies_timeline(data.timeline(), ids=("compass-approved-2022", "joint-declaration-2023"))
    assert fig.axes[0].get_title(loc="left") and alt_text(fig).startswith("Timeline of 2 events")
    with pytest.raises(ValueError, match="none of the requested events"):
        compass_charts.strategies_timeline(data.timeline(), ids=("no-such-event",))


# ---- explorer -----------------------------------------------------------------------------------------


def test_explorer_default_is_expand_and_renders():
    exp = cx.compass_explorer()
    assert exp.defaults == {"group": "expand"}
    card = exp.render()
    assert "Expand: a line for EU-NATO cooperation" in card
    assert "4 items" in card and "0 before the Compass" in card
    assert exp.update() == "ok"


@pytest.mark.parametrize("group", cx.GROUPS)
def test_explorer_every_option(group):
    card = cx.compass_explorer().render(group=group)
    n = len(cx.items(group))
    assert f"{n} item{'s' if n != 1 else ''}" in card
    for item in cx.items(group)["item"]:
        assert item.replace("'", "&#x27;").split(",")[0] in card
    assert "Sources:" in card


def test_explorer_says_when_the_linked_areas_were_named_as_the_chapter_does():
    # the text says every 'expand' item matches an area first named in 2023; Resilience also links to hybrid threats
    expand = cx.group_card("expand")
    assert "of which 4 were first named on the joint agenda in 2023 and 1 in 2016" in expand, expand
    assert "between 2016 and 2023" not in expand
    assert "3 in 2016 and 1 in a year not verified" in cx.group_card("deepen")  # political dialogue has no year
    assert "; all were first named on the joint agenda in 2016" in cx.group_card("invest")
    years = pd.Series([2016.0, float("nan")])
    assert (
        cx._named_in(years) == ", of which 1 was first named on the joint agenda in 2016 and 1 in a year not verified"
    )
    assert cx._named_in(pd.Series([2023.0])) == "; it was first named on the joint agenda in 2023"
    assert cx._named_in(pd.Series([float("nan")])) == ""


def test_explorer_first_and_last_option_differ():
    first, last = cx.group_card(cx.GROUPS[0]), cx.group_card(cx.GROUPS[-1])
    assert "Deepen" in first and "before the Compass" in first and "after the Compass" not in first
    assert "Partner" in last and "one of the Compass's four strands" in last


def test_explorer_marks_medium_confidence_events():
    assert "after the Compass; medium confidence" in cx.group_card("invest")


def test_explorer_empty_and_unknown_selection_give_a_sentence():
    assert "No line or strand chosen" in cx.group_card(None)
    assert "No line or strand chosen" in cx.group_card("")
    assert "not a line or strand" in cx.group_card("north")
    exp = cx.compass_explorer()
    with pytest.raises(ControlError):
        exp.render(group="north")
    assert "not one of the choices" in exp.update(group="north")


def test_connections_and_key_events():
    links = cx.connections("expand")
    events = links[links["link"] == "event"]
    assert set(events["relative"]) == {"after the Compass"}
    assert set(cx.connections("deepen").query("link == 'event'")["relative"]) == {"before the Compass"}
    table = cx.key_events(["compass-endorsed-2022", "compass-approved-2022"], description=True)
    assert table["date"].tolist() == ["21 Mar 2022", "25 Mar 2022"]
    assert list(table.columns) == ["date", "title", "description", "source", "confidence"]
    assert cx.days_between("compass-approved-2022", "compass-endorsed-2022") == 4


# ---- self-check ---------------------------------------------------------------------------------------


def test_sort_question_right_partly_and_empty():
    q = cx.sort_question()
    lines = cx.items(kind="line")
    right = dict(zip(lines["item"], lines["group"], strict=True))
    assert len(right) == 13 and q.groups == ["deepen", "enhance", "expand"]
    assert q.grade(right).correct
    wrong = dict(right, **{"Maritime security": "deepen"})
    fb = q.grade(wrong)
    assert fb.status == "partly" and "12 of 13" in fb.message
    assert any("belongs under 'enhance'" in d for d in fb.details)
    assert q.grade({}).status == "unanswered"
    assert q.grade("deepen").status == "invalid"
    assert "builds on older work under 'Countering hybrid threats'" in q.feedback["Resilience"]
    assert "only in 2023" in q.feedback["Space"]


# ---- exercise checkers --------------------------------------------------------------------------------


def _common_rejections(exercise):
    none = exercise.check(None)
    assert none.status == "invalid" and "None" in none.message
    assert exercise.check(...).status == "unanswered"


def test_ex1_counts():
    compass = data.strategic_compass()
    lines = compass[compass["kind"] == "line"]
    assert ex.ex1.check(lines["group"].value_counts()).correct
    assert ex.ex1.check({"deepen": 5, "enhance": 4, "expand": 4}).correct
    fb = ex.ex1.check(compass["group"].value_counts())
    assert fb.status == "incorrect" and "strands" in fb.message
    fb = ex.ex1.check({"deepen": 4, "enhance": 4, "expand": 4})
    assert fb.status == "incorrect" and "deepen" in fb.message
    fb = ex.ex1.check("5, 4, 4")
    assert fb.status == "invalid" and "the text" in fb.message
    fb = ex.ex1.check({})
    assert fb.status == "invalid" and "empty" in fb.message
    _common_rejections(ex.ex1)


def test_ex2_anticipated_areas():
    compass, areas = data.strategic_compass(), data.areas()
    named_2023 = set(areas[areas["year_added"] == 2023]["id"])
    expand = compass[compass["group"] == "expand"]
    expand_areas = {a for cell in expand["related_areas"] for a in data.split_list(cell)}
    answer = sorted(expand_areas & named_2023)
    assert answer == ["climate", "edt", "resilience", "space"]
    assert ex.ex2.check(answer).correct
    assert ex.ex2.check(["Space", "Emerging and disruptive technologies", "climate", "resilience"]).correct
    fb = ex.ex2.check(sorted(expand_areas))
    assert fb.status == "partly" and any("'hybrid'" in d and "2016" in d for d in fb.details)
    fb = ex.ex2.check(sorted(named_2023))
    assert fb.status == "partly" and any("'fimi'" in d and "'enhance'" in d for d in fb.details)
    fb = ex.ex2.check(["cyber"])
    assert fb.status == "incorrect"
    fb = ex.ex2.check(["atlantis"])
    assert fb.status == "invalid" and "not an area id" in fb.message
    fb = ex.ex2.check("space")
    assert fb.status == "invalid" and "one piece of text" in fb.message
    fb = ex.ex2.check([])
    assert fb.status == "invalid" and "empty" in fb.message
    _common_rejections(ex.ex2)


def test_ex3_days():
    t = data.timeline().set_index("id")
    answer = (t.loc["compass-endorsed-2022", "date"] - t.loc["compass-approved-2022", "date"]).days
    assert ex.ex3.check(answer).correct
    assert "21 March 2022" in ex.ex3.check(answer).message
    fb = ex.ex3.check(-4)
    assert fb.status == "incorrect" and "negative" in fb.message
    fb = ex.ex3.check(5)
    assert fb.status == "incorrect" and "both the first and the last day" in fb.message
    fb = ex.ex3.check(30)
    assert fb.status == "incorrect" and "too high" in fb.message
    fb = ex.ex3.check("4")
    assert fb.status == "invalid" and "Remove the quotes" in fb.message
    fb = ex.ex3.check([])
    assert fb.status == "invalid"
    _common_rejections(ex.ex3)


def test_ex4_operational_strands():
    compass = data.strategic_compass()
    strands = compass[compass["kind"] == "strand"]
    linked = strands["related_areas"].map(lambda cell: "operational" in data.split_list(cell))
    answer = strands[linked]["id"].tolist()
    assert sorted(answer) == ["act-command", "act-headline", "act-rdc"]
    assert ex.ex4.check(answer).correct
    assert ex.ex4.check(strands[linked]["item"].tolist()).correct
    everything = compass[compass["related_areas"].map(lambda c: "operational" in data.split_list(c))]["id"].tolist()
    fb = ex.ex4.check(everything)
    assert fb.status == "partly" and any("not strands" in d for d in fb.details)
    fb = ex.ex4.check(["secure-hybrid"])
    assert fb.status == "incorrect" and any("not linked" in d for d in fb.details)
    fb = ex.ex4.check(["act-rdc"])
    assert fb.status == "partly" and any("2 missing" in d for d in fb.details)
    fb = ex.ex4.check(["nothing-here"])
    assert fb.status == "invalid" and "not an id" in fb.message
    fb = ex.ex4.check("act-rdc")
    assert fb.status == "invalid"
    fb = ex.ex4.check([])
    assert fb.status == "invalid" and "empty" in fb.message
    _common_rejections(ex.ex4)


def test_ex5_written():
    model = ex.ex5.model_answer
    fb = ex.ex5.check(model)
    assert fb.status == "submitted" and any(d.startswith("Model answer:") for d in fb.details)
    assert "295 days" in model and "21 March 2022" in model and "10 January 2023" in model
    fb = ex.ex5.check("A continuation.")
    assert fb.status == "invalid" and "words" in fb.message
    fb = ex.ex5.check(42)
    assert fb.status == "invalid" and "few sentences" in fb.message
    fb = ex.ex5.check("   ")
    assert fb.status == "invalid" and "empty" in fb.message
    _common_rejections(ex.ex5)


def test_every_exercise_has_hints():
    for e in (ex.ex1, ex.ex2, ex.ex3, ex.ex4, ex.ex5):
        assert e.hints and e.hint().status == "hint"
