"""Keep learner exercise notebooks in step with their solutions.

The solution notebook (exercises/solutions/NN_topic.ipynb) is the one authors edit. In it, each
worked answer sits between two marker lines:

    # BEGIN SOLUTION
    answer = len(both)
    # END SOLUTION

The learner notebook (exercises/NN_topic.ipynb) is generated from it: relative links in markdown
(written for the solution's own folder) are rewritten for exercises/, each marked block becomes a
placeholder, ``answer = ...  # your code here`` for every ``answer...`` name the block assigns (or
``...  # your code here`` if it assigns none), and every other cell is copied as it is. Run with
``python course.py exercises`` (or ``python tools/eunato_authoring/learner_notebooks.py learner``); a test fails when a committed learner notebook has drifted.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path

import nbformat

from eunato.manifest import ROOT, exercise_notebooks

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
_BLOCK = re.compile(r"^([ \t]*)# BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*# END SOLUTION[ \t]*$", re.DOTALL | re.MULTILINE)


def _placeholder(indent: str, body: str) -> str:
    names = []
    try:
        tree = ast.parse("\n".join(line[len(indent) :] for line in body.splitlines()))
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in targets:
                if isinstance(target, ast.Name) and target.id.startswith("answer") and target.id not in names:
                    names.append(target.id)
    except SyntaxError:
        pass
    if not names:
        return f"{indent}...  # your code here"
    return "\n".join(f"{indent}{name} = ...  # your code here" for name in names)


def learner_source(source: str) -> str:
    """The learner's version of one cell's source."""
    if source.count(BEGIN) != source.count(END):
        raise ValueError("a cell has unmatched BEGIN SOLUTION / END SOLUTION markers:\n" + source)
    return _BLOCK.sub(lambda m: _placeholder(m.group(1), m.group(2)), source)


_LINK = re.compile(r"(\]\(|href=[\"'])([^)\"'\s]+)")


def relink(markdown: str, source_dir: Path, target_dir: Path) -> str:
    """Rewrite relative links written for ``source_dir`` so they work from ``target_dir``."""

    def fix(match):
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith(("#", "/")):
            return match.group(0)
        path, _, anchor = target.partition("#")
        moved = os.path.relpath(os.path.normpath(os.path.join(source_dir, path)), target_dir).replace(os.sep, "/")
        return match.group(1) + moved + ("#" + anchor if anchor else "")

    return _LINK.sub(fix, markdown)


SOLUTIONS_DIR = Path("exercises") / "solutions"
LEARNER_DIR = Path("exercises")


def learner_notebook(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A learner notebook (sources only, no outputs) made from a solution notebook."""
    nb = nbformat.v4.new_notebook(metadata=solution.metadata)
    for cell in solution.cells:
        if "solution-only" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(learner_source(cell.source), metadata=cell.metadata)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(relink(cell.source, SOLUTIONS_DIR, LEARNER_DIR), metadata=cell.metadata)
        else:
            new = nbformat.v4.new_raw_cell(cell.source, metadata=cell.metadata)
        if "id" in cell:  # the same ids as the solution, so the pair stays easy to compare
            new["id"] = cell["id"]
        nb.cells.append(new)
    return nb


def pairs(root: Path = ROOT):
    """(solution path, learner path) for every solution notebook."""
    for path in exercise_notebooks(solutions=True):
        sol = root / path
        if sol.is_file():
            yield sol, root / "exercises" / sol.name


def sources(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nb.cells]


def write_learners(root: Path = ROOT) -> list[Path]:
    written = []
    for sol_path, learner_path in pairs(root):
        learner = learner_notebook(nbformat.read(sol_path, as_version=4))
        if learner_path.exists():  # keep saved outputs when nothing changed
            old = nbformat.read(learner_path, as_version=4)
            if sources(old) == sources(learner):
                continue
        nbformat.write(learner, learner_path)
        written.append(learner_path)
    return written


def main(argv: list[str]) -> int:
    if argv[:1] != ["learner"]:
        print("usage: python tools/eunato_authoring/learner_notebooks.py learner")
        return 2
    written = write_learners()
    for path in written:
        print(f"wrote {path.relative_to(ROOT)} (run `python course.py execute` to refresh its outputs)")
    if not written:
        print("learner notebooks are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
