"""Learner and solution notebooks stay in step; untouched learners say "not answered"; solutions pass."""

from __future__ import annotations

import nbformat
import pytest
from eunato_authoring.learner_notebooks import ROOT, learner_notebook, learner_source, pairs, sources

from eunato.manifest import all_notebooks

PAIRS = list(pairs())
IDS = [sol.name for sol, _ in PAIRS]


def test_there_is_an_exercise_notebook_per_solution():
    assert PAIRS, "no exercise notebooks found"
    for _sol, learner in PAIRS:
        assert learner.exists(), f"{learner.name} is missing: run `python course.py exercises`"


@pytest.mark.parametrize(("sol", "learner"), PAIRS, ids=IDS)
def test_learner_notebook_is_generated_from_its_solution(sol, learner):
    expected = learner_notebook(nbformat.read(sol, as_version=4))
    actual = nbformat.read(learner, as_version=4)
    assert sources(actual) == sources(expected), (
        f"{learner.name} has drifted from its solution: run `python course.py exercises` and re-execute"
    )


@pytest.mark.parametrize(("sol", "learner"), PAIRS, ids=IDS)
def test_solutions_hold_no_placeholders_and_learners_no_solutions(sol, learner):
    solution = nbformat.read(sol, as_version=4)
    assert any("# BEGIN SOLUTION" in c.source for c in solution.cells), f"{sol.name} marks no solution"
    for cell in solution.cells:
        if cell.cell_type == "code":
            assert "= ...  # your code here" not in cell.source
    for cell in nbformat.read(learner, as_version=4).cells:
        assert "BEGIN SOLUTION" not in cell.source


def _check_outputs(path):
    """The plain-text outputs of every cell that calls .check(...)."""
    nb = nbformat.read(path, as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code" and ".check(" in cell.source:
            texts = [o.get("data", {}).get("text/plain", "") for o in cell.outputs]
            found.append((cell.source, "".join(texts)))
    return found


@pytest.mark.parametrize(("sol", "learner"), PAIRS, ids=IDS)
def test_untouched_learner_notebook_reports_not_answered(sol, learner):
    checks = _check_outputs(learner)
    assert checks, f"{learner.name} has no checks"
    for source, text in checks:
        assert text.startswith("… Not answered yet"), f"{learner.name}: {source!r} shows {text[:80]!r}"


@pytest.mark.parametrize(("sol", "learner"), PAIRS, ids=IDS)
def test_solution_notebook_passes_every_check(sol, learner):
    for source, text in _check_outputs(sol):
        assert text.startswith(("✔ Correct", "✎ Answer noted")), f"{sol.name}: {source!r} shows {text[:120]!r}"


def test_learner_source_rules():
    assert learner_source("# BEGIN SOLUTION\nanswer_a = 1\nanswer_b = 2\n# END SOLUTION\nex.check(answer_a)") == (
        "answer_a = ...  # your code here\nanswer_b = ...  # your code here\nex.check(answer_a)"
    )
    assert learner_source("    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION") == "    ...  # your code here"
    with pytest.raises(ValueError, match="unmatched"):
        learner_source("# BEGIN SOLUTION\nanswer = 1")


def test_every_notebook_is_committed_as_a_clean_run():
    for path in (ROOT / name for name in all_notebooks()):
        nb = nbformat.read(path, as_version=4)
        counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not a clean run; `python course.py execute`"
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert out.output_type != "error", f"{path.name} has a saved error"
        tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
        assert set(tags) <= {"nbval-ignore-output", "solution-only"}, f"{path.name}: unexpected tags {set(tags)}"


@pytest.mark.parametrize(("sol", "learner"), PAIRS, ids=IDS)
def test_every_checked_exercise_has_its_hint_cell(sol, learner):
    """The 'not answered yet' message sends the learner to the hint cell below: there must be one."""
    import re

    code = "\n".join(c.source for c in nbformat.read(learner, as_version=4).cells if c.cell_type == "code")
    checked = set(re.findall(r"\b(ex\d+)\.check\(", code))
    hinted = set(re.findall(r"\b(ex\d+)\.hint\(", code))
    assert checked <= hinted, f"{learner.name}: no hint cell for {sorted(checked - hinted)}"
