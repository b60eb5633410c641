"""Bugs found on a newcomer's first hour (issue 14): each test here failed before its fix.

* a NumberQuestion with only a minimum or only a maximum must still answer an out-of-range number;
* no ``%-d``-style strftime directive (glibc only; Windows has none) anywhere in the package;
* the broad ``except`` blocks catch what they expect and let a real error surface.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from eunato import explorers, questions, widgets
from eunato.questions import NumberQuestion

ROOT = Path(__file__).resolve().parents[1]


# --- NumberQuestion with one bound ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bounds", "response", "message"),
    [
        ({"minimum": 0}, "-3", "-3 is below the smallest possible answer, 0."),
        ({"maximum": 32}, "40", "40 is above the largest possible answer, 32."),
        ({"minimum": 0, "maximum": 32}, "40", "40 is outside the possible range (0 to 32)."),
    ],
)
def test_a_number_outside_a_one_sided_range_gets_a_sentence(bounds, response, message):
    question = NumberQuestion("How many?", 23, explanation="Because.", **bounds)
    feedback = question.grade(response)
    assert feedback.status == "invalid"
    assert message in feedback.message


# --- strftime directives that exist everywhere --------------------------------------------------------


def test_no_glibc_only_strftime_directive_remains_in_the_package():
    """`%-d` (no leading zero) is a glibc extension: Windows' strftime raises ValueError on it."""
    found = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"%-[a-zA-Z]|:[^}\n]*%-[a-zA-Z]", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "use eunato.dates.day_month_year (or f'{d.day} ...') instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("when", "long", "short"),
    [
        ("2022-03-21", "21 March 2022", "21 Mar 2022"),
        ("2016-07-08", "8 July 2016", "8 Jul 2016"),
    ],
)
def test_dates_are_written_without_a_leading_zero(when, long, short):
    from eunato.dates import day_month_year

    assert day_month_year(pd.Timestamp(when)) == long
    assert day_month_year(pd.Timestamp(when), short=True) == short


# --- broad excepts ------------------------------------------------------------------------------------


def test_every_explorer_lets_a_builders_own_error_surface(monkeypatch):
    from eunato.explorers import compass

    def compass_explorer():
        raise TypeError("a bug inside the builder")

    compass_explorer.__module__ = compass.__name__
    monkeypatch.setattr(compass, "compass_explorer", compass_explorer)
    with pytest.raises(TypeError, match="a bug inside the builder"):
        explorers.every_explorer()


def test_every_explorer_skips_builders_that_need_arguments(monkeypatch):
    from eunato.explorers import compass

    def needs_arguments_explorer(table):
        raise AssertionError("called without its argument")

    needs_arguments_explorer.__module__ = compass.__name__
    monkeypatch.setattr(compass, "needs_arguments_explorer", needs_arguments_explorer, raising=False)
    names = [name for name, _ in explorers.every_explorer()]
    assert "compass.needs_arguments_explorer" not in names
    assert "compass.compass_explorer" in names


def _a_question():
    return questions.NumberQuestion("How many?", 23, explanation="Because.")


def _an_explorer():
    return widgets.Explorer(
        function=lambda n: f"<p>{n}</p>", controls={"n": widgets.Choice("N", ["1", "2"])}, title="A test."
    )


@pytest.mark.parametrize("make", [_a_question, _an_explorer], ids=["question", "explorer"])
def test_a_view_without_widgets_falls_back_to_text(make, monkeypatch):
    thing = make()

    def no_widgets():
        raise ImportError("No module named 'ipywidgets'")

    monkeypatch.setattr(thing, "widget", no_widgets)
    bundle = thing._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}


@pytest.mark.parametrize("make", [_a_question, _an_explorer], ids=["question", "explorer"])
def test_a_bug_while_drawing_a_view_is_not_swallowed(make, monkeypatch):
    thing = make()

    def broken():
        raise KeyError("a bug while building the widget")

    monkeypatch.setattr(thing, "widget", broken)
    with pytest.raises(KeyError):
        thing._repr_mimebundle_()


# --- every link of every chapter opens in a server rooted at the course folder ---------------------------


def relative_links(path: Path) -> list[str]:
    """The relative link targets (no scheme, no bare #anchor) in a notebook's markdown cells."""
    import nbformat

    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)|href=\"([^\"]+)\"", cell.source):
            link = next(t for t in target if t)
            if not re.match(r"^[a-z]+:|^#|^/", link):
                found.append(link)
    return found


NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for pattern in ("notebooks/*.ipynb", "exercises/*.ipynb", "exercises/solutions/*.ipynb")
    for p in ROOT.glob(pattern)
)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_relative_link_opens_a_file_inside_the_course_folder(notebook):
    """`course.py start` serves the course folder: a link leaving it, or to a missing file, is dead."""
    source = ROOT / notebook
    dead = []
    for link in relative_links(source):
        target = (source.parent / link.split("#", 1)[0]).resolve()
        if not target.is_relative_to(ROOT) or not target.exists():
            dead.append(link)
    assert not dead, f"{notebook}: links that do not open: {dead}"
