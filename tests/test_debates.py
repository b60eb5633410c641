"""Chapter 5 (limits and debates): the perspectives table, its chart, its explorer and its checkers."""

import pandas as pd
import pytest

from eunato import data
from eunato.charts import debates as charts
from eunato.explorers import debates as explore


def test_every_debate_has_two_attributed_sourced_positions():
    table = data.perspectives()
    assert set(table["debate"]) == set(data.DEBATES)
    for debate, group in table.groupby("debate"):
        assert group["actor"].nunique() >= 2, debate
    assert table["source"].str.len().min() >= 10
    assert table["statement"].isin(["fact", "interpretation"]).all()
    assert table["year"].between(1998, 2026).all()
    assert list(table["date"]) == sorted(table["date"])  # oldest first


def test_the_table_keeps_the_documented_positions():
    table = data.perspectives().set_index("id")
    assert table.loc["albright-1998", "actor"] == "Madeleine Albright" and table.loc["albright-1998", "date"] == (
        "1998-12-08"
    )
    assert "Türkiye" in table.loc["rasmussen-2010", "position"]
    assert table.loc["le-drian-2015", "date"] == "2015-11-17"
    assert table.loc["hague-2025", "statement"] == "fact"


def _write(tmp_path, edit):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(data.data_dir(), folder)
    path = folder / "perspectives.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(rows)) + "\n", encoding="utf-8")
    return folder


def test_a_debate_with_one_voice_is_refused(tmp_path):
    folder = _write(tmp_path, lambda rows: [r for r in rows if not r.startswith(("st-malo", "chacon"))])
    with pytest.raises(data.DataError, match="'duplication' has positions from 1 actor"):
        data.load("perspectives", folder)


def test_a_bad_date_and_a_bad_statement_kind_are_refused(tmp_path):
    folder = _write(tmp_path, lambda rows: [r.replace(",1998-12-08,", ",1998-02-30,") for r in rows])
    with pytest.raises(data.DataError, match=r"row \d+, column 'date'.*not a real calendar date"):
        data.load("perspectives", folder)
    folder = _write(tmp_path / "b", lambda rows: [r.replace(",interpretation,", ",opinion,", 1) for r in rows])
    with pytest.raises(data.DataError, match=r"column .statement..*not one of the allowed values"):
        data.load("perspectives", folder)


def test_positions_filters_by_debate_and_actor():
    everything = explore.positions()
    assert len(everything) == len(data.perspectives())
    neutral = explore.positions("neutrality")
    assert set(neutral["debate"]) == {"neutrality"} and len(neutral) >= 2
    gates = explore.positions(actor="Robert M. Gates")
    assert list(gates["id"]) == ["gates-2011"]
    assert explore.positions("neutrality", "Robert M. Gates").empty
    with pytest.raises(ValueError, match="no debate called"):
        explore.positions("nonsense")
    with pytest.raises(ValueError, match="No position in the table is held by"):
        explore.positions(actor="Nobody")


def test_position_cards_say_fact_or_interpretation_and_give_the_source():
    cards = explore.position_cards("burden-sharing")
    assert cards.count("eunato-position") == len(explore.positions("burden-sharing"))
    assert "reports a fact" in cards and "an interpretation" in cards and "Source:" in cards
    empty = explore.position_cards("neutrality", "Robert M. Gates")
    assert "no position by Robert M. Gates" in empty and "Traceback" not in empty
    assert "no debate called" in explore.position_cards("x")


def test_the_explorer_renders_every_sample():
    explorer = explore.debate_explorer()
    for debate in explorer.controls["debate"].samples():
        assert isinstance(explorer.update(debate=debate, actor=explore.ALL), str)
    assert {v for _, v in explore.debate_options()} == {explore.ALL, *data.DEBATES}


def test_positions_chart_house_style_and_words():
    table = data.perspectives()
    fig = charts.positions_chart(table)
    ax = fig.axes[0]
    assert ax.get_title(loc="left").replace("\n", " ").startswith(f"{len(table)} positions in 6 debates")
    assert "at least two voices" in ax.get_title(loc="left").replace("\n", " ")
    assert ax.get_xlabel() and ax.get_ylabel()
    alt = fig.eunato_alt
    assert "one lane per debate" in alt and "interpretations" in alt
    assert any("data/perspectives.csv" in t.get_text() for t in fig.texts)
    one = charts.positions_chart(table[table["debate"] == "neutrality"])
    assert "at least two voices" in one.axes[0].get_title(loc="left").replace("\n", " ")
    with pytest.raises(ValueError, match="at least one position"):
        charts.positions_chart(table.iloc[0:0])
    with pytest.raises(ValueError, match="needs the columns"):
        charts.positions_chart(pd.DataFrame({"x": [1]}))


def test_timeline_covers_the_years_2004_to_2016():
    events = data.timeline()
    inside = events[(events["date"] > "2004-12-02") & (events["date"] < "2016-07-08")]
    assert len(inside) >= 5
    assert list(events["date"]) == sorted(events["date"])


# --- the exercise checkers (exercises/05_debates.ipynb) ----------------------------------------------------

from eunato.exercises import debates as ex


def _status(feedback):
    return feedback.status if hasattr(feedback, "status") else repr(feedback)


RIGHT_CLAIMS = {
    "A": "fact",
    "B": "interpretation",
    "C": "fact",
    "D": "interpretation",
    "E": "fact",
    "F": "interpretation",
}


def test_checkers_accept_the_worked_answers():
    assert _status(ex.ex1.check(RIGHT_CLAIMS)) == "correct"
    assert _status(ex.ex1.check({k.lower(): v.upper() for k, v in RIGHT_CLAIMS.items()})) == "correct"
    assert _status(ex.ex2.check(["Malta", "Austria", "Cyprus", "Ireland"])) == "correct"
    assert _status(ex.ex3.check(ex.ex3.expected)) == "correct"
    assert _status(ex.ex4.check(ex.LONGEST)) == "correct"
    # the model answer is noted; 80 repetitions of one filler word are not an answer (issue 17)
    text = ex.MODEL_CLAUSES
    assert _status(ex.ex5.check(text)) not in ("invalid", "incorrect")
    padded = ex.ex5.check(" ".join(["word"] * 80))
    assert _status(padded) == "invalid" and "words that count" in padded.message


@pytest.mark.parametrize(
    ("exercise", "answer", "status", "words"),
    [
        (ex.ex1, {**RIGHT_CLAIMS, "B": "fact"}, "incorrect", "B is an interpretation"),
        (ex.ex1, {"A": "fact"}, "invalid", "missing"),
        (ex.ex1, {**RIGHT_CLAIMS, "G": "fact"}, "invalid", "letters A to F"),
        (ex.ex1, {**RIGHT_CLAIMS, "A": "maybe"}, "invalid", "'fact' or 'interpretation'"),
        (ex.ex1, ["fact"], "invalid", "dictionary"),
        (ex.ex1, None, "invalid", "None"),
        (ex.ex2, ["Austria", "Ireland", "Malta"], "incorrect", "Cyprus"),
        (ex.ex2, "Austria", "invalid", "own quotes"),
        (ex.ex2, [], "invalid", "empty"),
        (ex.ex3, 23, "incorrect", "Subtract"),
        (ex.ex3, "20", "invalid", "Remove the quotes"),
        (ex.ex4, "duplication", "incorrect", "another debate spans more"),
        (ex.ex4, 3, "invalid", "text"),
        (ex.ex5, "too short", "invalid", "at least 60"),
        (ex.ex6, "", "invalid", "empty"),
    ],
)
def test_checkers_reject_typical_wrong_answers_with_a_message(exercise, answer, status, words):
    feedback = exercise.check(answer)
    shown = repr(feedback)
    assert _status(feedback) == status, shown
    assert words in shown and "Traceback" not in shown


def test_unanswered_and_model_answers():
    assert _status(ex.ex1.check(...)) == "unanswered"
    for written in (ex.ex5, ex.ex6):
        assert len(written.model_answer.split()) >= 100 and len(written.rubric) >= 4
    assert ex.EU_OUTSIDE_NATO == ["Austria", "Cyprus", "Ireland", "Malta"]


# --- the chapter's parts stay in step ------------------------------------------------------------------------


def test_every_quiz_call_in_the_chapter_names_an_item_of_the_question_file():
    import json
    import re
    from pathlib import Path

    from yaml_files import read_yaml

    root = Path(__file__).resolve().parents[1]
    bank = read_yaml(root / "questions" / "05_debates.yaml")
    ids = [item["id"] for item in bank["items"]]
    notebook = json.loads((root / "notebooks" / "05_debates.ipynb").read_text(encoding="utf-8"))
    called = re.findall(r'quiz\("(05\.[a-z0-9-]+)"\)', "".join("".join(c["source"]) for c in notebook["cells"]))
    assert sorted(called) == sorted(ids)
    # the chapter's own self-checks (not its retrieval openers, which revisit earlier chapters) are mostly higher-order
    levels = [item["level"] for item in bank["items"] if item.get("use", "selfcheck") == "selfcheck"]
    assert sum(level in ("analyse", "evaluate", "create") for level in levels) > len(levels) / 2
    for item in bank["items"]:
        if item["type"] == "open":
            assert item["model_answer"].strip() and len(item["checklist"]) >= 3


def test_teacher_notes_have_the_role_cards_and_timings():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "teachers" / "05_debates.md").read_text(encoding="utf-8")
    for role in [
        "**Türkiye**",
        "**Cyprus**",
        "**France**",
        "**Poland**",
        "**The United States**",
        "**Austria**",
        "**The EU High Representative**",
        "**The NATO Secretary General**",
    ]:
        assert role in text, role
    assert "45 minutes" in text and "90 minutes" in text and "Debrief" in text and "Reading list" in text


def test_the_chart_description_names_a_single_year_once():
    from eunato.charts import debates as debate_charts

    text = debate_charts.describe_positions(data.perspectives())
    assert "SAFE, EDIP and non-EU Allies' industries: 4 (all in 2025)" in text and "2025-2025" not in text
