"""The one list of notebooks (``eunato.manifest.all_notebooks``) and how the package finds the repository."""

from __future__ import annotations

import re
from pathlib import Path

from eunato import manifest

ROOT = Path(__file__).resolve().parents[1]


def test_every_notebook_in_the_repository_is_on_the_list():
    """nbval, the browser tier, the glossary scanner, `course.py execute` and the benchmark all use this list."""
    on_disk = {
        p.relative_to(ROOT).as_posix()
        for folder in ("notebooks", "exercises", "exercises/solutions")
        for p in (ROOT / folder).glob("*.ipynb")
    }
    listed = manifest.all_notebooks()
    assert len(listed) == len(set(listed)), "a notebook is listed twice"
    assert on_disk == set(listed), (
        f"not in course.yaml (or manifest.OTHER_NOTEBOOKS): {sorted(on_disk - set(listed))}; "
        f"listed but missing: {sorted(set(listed) - on_disk)}"
    )
    assert set(manifest.all_notebooks(learner=False)) == set(listed) - {
        p for p in manifest.exercise_notebooks() if (ROOT / p).is_file()
    }


def test_the_repository_is_found_by_its_course_yaml_not_by_counting_folders(tmp_path):
    assert manifest.ROOT == ROOT
    assert manifest.find_root(ROOT / "src" / "eunato" / "charts") == ROOT
    nested = tmp_path / "course" / "a" / "b"
    nested.mkdir(parents=True)
    (tmp_path / "course" / "course.yaml").write_text("chapters: []\n", encoding="utf-8")
    assert manifest.find_root(nested) == tmp_path / "course"


def test_the_pandas_primer_comes_after_chapter_0_and_before_its_exercises():
    listed = manifest.all_notebooks()
    primer = "notebooks/00_pandas_primer.ipynb"
    assert [p.notebook for p in manifest.primers()] == [primer]
    assert listed.index("notebooks/00_start.ipynb") < listed.index(primer) < listed.index("notebooks/01_history.ipynb")


def test_the_html_edition_puts_the_primer_between_chapter_0_and_its_exercises():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import build_html as build

    order = [p.source for p in build.collect_pages(ROOT)]
    assert order.count("notebooks/00_pandas_primer.ipynb") == 1
    assert order.count("exercises/00_start.ipynb") == 1
    start = order.index("notebooks/00_start.ipynb")
    assert order[start + 1 : start + 3] == ["notebooks/00_pandas_primer.ipynb", "exercises/00_start.ipynb"]


# What makes a widget in a notebook: the course's self-checks, predictions, progress panel and explorers, or
# ipywidgets itself. tests/test_browser.py opens the chapters and primers in JupyterLab; it leaves the exercise and
# solution notebooks to nbval and the HTML edition because they have none of these.
WIDGET_CODE = re.compile(
    r"\b(?:import\s+ipywidgets|from\s+ipywidgets|eunato\.(?:questions|quizset|predict|progress|widgets)\b"
    r"|quiz\s*\(|\w+_explorer\s*\(|interact\s*\()"
)


def test_the_exercise_and_solution_notebooks_make_no_widget():
    """A widget in an exercise or solution notebook fails here: that notebook must then be opened by the browser tier
    (add it to browser_support.notebook_paths)."""
    import nbformat

    exercises = manifest.exercise_notebooks() + manifest.exercise_notebooks(solutions=True)
    found = []
    for path in exercises:
        for i, cell in enumerate(nbformat.read(ROOT / path, as_version=4).cells):
            if cell.cell_type == "code" and WIDGET_CODE.search(cell.source):
                found.append(f"{path}, cell {i}: {WIDGET_CODE.search(cell.source).group(0)!r}")
    assert len(exercises) >= 12
    assert not found, "widgets in notebooks the browser tier does not open:\n" + "\n".join(found)


def test_the_widget_pattern_finds_each_way_of_making_a_widget():
    for code in (
        'quiz("01.berlin-plus")',
        "members.spending_explorer()",
        "from eunato.predict import ask",
        "import ipywidgets as w",
        "interact(f, x=1)",
    ):
        assert WIDGET_CODE.search(code), code
    for code in ("ex1(answer)", "explore.positions('cyprus-turkey')", "data.timeline()"):
        assert not WIDGET_CODE.search(code), code
