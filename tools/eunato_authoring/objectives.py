"""Keep a chapter notebook's "What you will learn" list in step with its question file's objectives.

The objectives live in ``questions/NN_slug.yaml`` (each starting with a verb a learner can show); the notebook's
"What you will learn" cell lists the chapter's own objectives, in the file's order, as ``1. **Verb** the rest.``
Left out: the course objectives (``course-*``), ``retrieve-earlier``, and in chapter 0 the pandas on-ramp's
objectives (assessed only by ``00.primer-*`` items), which the on-ramp's notebook teaches.

    python tools/eunato_authoring/objectives.py sync notebooks/03_compass.ipynb ...   # rewrite the list
    python tools/eunato_authoring/objectives.py check                                 # list the notebooks out of step

``sync`` rewrites only the list inside that one cell, then links the first use of each glossary term
(``glossary.link_first_uses``); review the result. ``tests/test_levels.py`` fails while a notebook is out of step.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from eunato.bank import parse_yaml  # libyaml where PyYAML has it, as the course reads these files

ROOT = Path(__file__).resolve().parents[2]
HEAD = "**What you will learn** (what you will be able to do)"


def question_file(notebook: Path) -> Path:
    return ROOT / "questions" / f"{Path(notebook).stem}.yaml"


def chapter_objectives(path: Path) -> list[dict]:
    raw = parse_yaml(Path(path).read_text(encoding="utf-8")) or {}
    items = [i for i in raw.get("items") or [] if not i.get("hidden")]
    out = []
    for o in raw.get("objectives") or []:
        if o["id"].startswith("course-") or o["id"] == "retrieve-earlier":
            continue
        users = [i["id"] for i in items if i.get("objective") == o["id"]]
        if users and all(u.startswith("00.primer-") for u in users):
            continue
        out.append(o)
    return out


def learn_list(path: Path) -> str:
    lines = []
    for n, o in enumerate(chapter_objectives(path), 1):
        verb, rest = o["text"].split(" ", 1)
        lines.append(f"{n}. **{verb}** {rest.rstrip('.')}.")
    return "\n".join(lines)


def plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("**", "")
    return re.sub(r"\s+", " ", text).strip().rstrip(".")


def listed(source: str) -> list[str]:
    """The objectives a "What you will learn" cell lists, as plain text."""
    found: list[str] = []
    for line in source.split("**What you will learn**", 1)[1].split("\n")[1:]:
        if re.match(r"^\d+\.\s", line):
            found.append(re.sub(r"^\d+\.\s+", "", line))
        elif line.startswith("   ") and found:
            found[-1] += " " + line.strip()
        else:
            break
    return [plain(x) for x in found]


def _cell(nb) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "**What you will learn**" in cell.source:
            return cell
    raise ValueError("no cell with '**What you will learn**'")


def in_step(notebook: Path) -> bool:
    nb = nbformat.read(notebook, as_version=4)
    return listed(_cell(nb).source) == [plain(o["text"]) for o in chapter_objectives(question_file(notebook))]


def sync(notebook: Path) -> bool:
    """Rewrite the list from the question file; True if the notebook changed."""
    from eunato_authoring import glossary

    notebook = Path(notebook)
    if in_step(notebook):
        return False
    nb = nbformat.read(notebook, as_version=4)
    cell = _cell(nb)
    m = re.search(r"\*\*What you will learn\*\*[^\n]*\n(?:(?:\d+\.\s|   )[^\n]*\n?)*", cell.source)
    body = HEAD + "\n" + learn_list(question_file(notebook))
    cell.source = cell.source[: m.start()] + body + ("\n" if m.group(0).endswith("\n") else "") + cell.source[m.end() :]
    nbformat.write(nb, notebook)
    glossary.link_first_uses(notebook)
    return True


def main(argv: list[str]) -> int:
    if argv[:1] == ["sync"]:
        for path in argv[1:]:
            print(f"{path}: {'rewritten' if sync(Path(path)) else 'already in step'}")
        return 0
    out = [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "notebooks").glob("0*.ipynb"))
        if question_file(p).exists() and not in_step(p)
    ]
    print("\n".join(f"{p}: 'What you will learn' is out of step with its question file" for p in out) or "In step.")
    return 1 if out else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main(sys.argv[1:]))
