"""The normalisation layer (eunato.normalize), the aliases table, what typing `ex1` shows, and exercise modules
that read the data on first use (a damaged CSV gives a message, never a traceback at import)."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eunato import data, normalize
from eunato.checks import Exercise, explain_exception

MODULES = ["start", "history", "areas", "compass", "members"]
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("turkey", "Türkiye"),
        (" USA ", "United States"),
        ("UK", "United Kingdom"),
        ("GBR", "United Kingdom"),
        ("Moldova", "Republic of Moldova"),
        ("Stoltenberg", "Jens Stoltenberg"),
        ("von der leyen", "Ursula von der Leyen"),
        ("Czech Republic", "Czechia"),
        ("north  macedonia", "North Macedonia"),
        ("Narnia", "Narnia"),
    ],
)
def test_names_through_the_aliases_table(given, expected):
    universe = [*list(data.members()["country"]), "Republic of Moldova", "Jens Stoltenberg", "Ursula von der Leyen"]
    assert normalize.canonical_name(given, universe) == expected


def test_name_key_ignores_case_spacing_accents_and_quotes():
    assert normalize.name_key(" 'Türkiye'\u00a0") == normalize.name_key("turkiye") == "turkiye"
    assert normalize.name_key("Jean-Claude  Juncker") == normalize.name_key("jean claude juncker")


def test_numbers_of_any_type_but_never_a_truth_value():
    for value in (3, 3.0, np.int64(3), np.float32(3), np.array(3)):
        assert normalize.as_number(value) == 3.0
    for value in (True, np.bool_(False), "3", None, float("nan")):
        assert normalize.as_number(value) is normalize.NOT_A_NUMBER
    assert normalize.whole_number(1.5) is None and normalize.whole_number(np.float64(4.0)) == 4


def test_number_verdict_matches_the_precision_asked_for():
    assert normalize.number_verdict(2.2449, 2.2449, 2)[0] == "right"
    assert normalize.number_verdict(2.24, 2.2449, 2)[0] == "right"
    verdict, message = normalize.number_verdict(2.2, 2.2449, 2)
    assert verdict == "close" and "round to 2 places" in message
    assert normalize.number_verdict(2.3, 2.2449, 2)[0] == "wrong"
    assert normalize.decimals_given(2.25) == 2 and normalize.decimals_given(3.0) == 0


@pytest.mark.parametrize(
    "text",
    ["2016-07-08", "8 July 2016", "8th July 2016", "July 8, 2016", "08/07/2016", "8.7.2016", " 8 Jul 2016 "],
)
def test_dates_in_common_formats(text):
    assert normalize.as_date(text) == pd.Timestamp("2016-07-08")


def test_dates_of_any_type():
    for value in (
        dt.date(2016, 7, 8),
        dt.datetime(2016, 7, 8, 12),
        np.datetime64("2016-07-08"),
        pd.Timestamp("2016-07-08"),
    ):
        assert normalize.as_date(value) == pd.Timestamp("2016-07-08")
    assert normalize.as_date("next Tuesday") is None and normalize.as_date(2016) is None


def test_sequences_in_any_container():
    for value in ([1, 2], (1, 2), pd.Series([1, 2]), np.array([1, 2]), pd.Index([1, 2]), pd.DataFrame({"a": [1, 2]})):
        assert normalize.as_items(value) == [1, 2]
    for value in ("ab", {"a": 1}, 5, pd.DataFrame({"a": [1], "b": [2]})):
        assert normalize.as_items(value) is None


def test_aliases_table_is_validated():
    table = data.aliases()
    assert {"alias", "canonical", "kind", "source"} <= set(table.columns) and len(table) > 50
    assert set(table["kind"]) == {"country", "person"}


def test_an_alias_to_an_unknown_name_is_refused(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    with open(folder / "aliases.csv", "a", encoding="utf-8") as f:
        f.write("Ruritania,Kingdom of Ruritania,country,Invented for this test only,medium\n")
    with pytest.raises(data.DataError, match="not a country name"):
        data.load("aliases", folder)


# ---- what the learner sees when typing `ex1` or `ex1.check` -----------------------------------------------


def _exercises():
    for name in MODULES:
        module = importlib.import_module(f"eunato.exercises.{name}")
        for attr in sorted(dir(module)):
            if re.fullmatch(r"ex\d+", attr):
                yield pytest.param(getattr(module, attr), id=f"{name}.{attr}")


@pytest.mark.parametrize("exercise", list(_exercises()))
def test_repr_shows_the_task_and_hint_count_never_the_answer(exercise: Exercise):
    shown = [repr(exercise), str(exercise), repr(exercise.check), str(exercise.hint)]
    for text in shown:
        assert exercise.prompt in text or exercise.id in text
        if exercise.solution:
            for line in exercise.solution.splitlines():
                if len(line.strip()) > 12:
                    assert line.strip() not in text
        if exercise.expected is not None:
            assert repr(exercise.expected) not in text or repr(exercise.expected) in exercise.prompt
        if exercise.model_answer:
            assert exercise.model_answer[:60] not in text
    assert f"{len(exercise.hints)} hint" in repr(exercise)


@pytest.mark.parametrize("exercise", list(_exercises()))
def test_every_exercise_has_hints_whose_last_leaves_the_final_step(exercise: Exercise):
    assert exercise.hints, f"{exercise.id} has no hints"
    last = exercise.hints[-1]
    for line in (exercise.solution or "").splitlines():
        assert line.strip() not in last or len(line.strip()) < 15, f"{exercise.id}: the last hint is the solution"


def test_a_damaged_csv_gives_a_message_not_a_traceback_at_import(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    text = (folder / "members.csv").read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace(",", ";", 2)
    (folder / "members.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    code = (
        "from eunato.exercises.start import ex1, ex2\n"
        "from eunato.exercises.members import ex4\n"
        "print(ex1.check(23).text())\nprint(ex4.hint().text())\n"
    )
    env = {**os.environ, "EUNATO_DATA": str(folder), "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "cannot be checked because the course data could not be read" in run.stdout
    assert "members.csv" in run.stdout


def test_code_errors_name_the_line_in_plain_words():
    namespace: dict = {}
    try:
        exec(compile("now = 1\nanswer = membres\n", "<cell>", "exec"), namespace)  # noqa: S102
    except NameError as err:
        feedback = explain_exception(err)
    assert feedback.status == "error" and "line 2" in feedback.message and "membres" in feedback.message
    assert "NameError" not in feedback.message
