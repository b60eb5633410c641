"""Levels of thinking across the question bank: at most 35% recall, at least 25% analyse or above.

Counts every item of every use (self-checks, retrieval openers, the diagnostic, the post-course quiz) and every
exercise of a file's ``exercises:`` section that carries a ``level``. Prints the distribution per chapter (run with
-s to read it) and fails past the bounds, so a new batch of recall questions cannot slip in unnoticed.

Objectives: every objective starts with a verb a learner can show, every item's objective is one its file declares,
every declared objective is assessed by at least one item or exercise, and each chapter notebook's "What you will
learn" list is exactly its file's chapter objectives (not the course objectives ``course-*``, not
``retrieve-earlier``, and in chapter 0 not the pandas on-ramp's, which its own notebook teaches). Chapters 1 to 6
open with a "Before you start: from earlier chapters" cell that shows the chapter's retrieval items.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from yaml_files import read_yaml

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
HIGHER = {"analyse", "evaluate", "create"}
MAX_RECALL, MIN_HIGHER = 0.35, 0.25
# Verbs that name something a learner can do and show; "know", "understand", "learn about" and topics are not.
VERBS = {
    "Apply",
    "Cite",
    "Compare",
    "Draw",
    "Explain",
    "Judge",
    "Name",
    "Pick",
    "Put",
    "Read",
    "Recall",
    "Run",
    "Sort",
    "State",
    "Take",
    "Tell",
    "Use",
    "Weigh",
    "Write",
}
OPENER = "Before you start: from earlier chapters"


def question_files() -> list[Path]:
    return sorted(p for p in (ROOT / "questions").glob("*.yaml") if not p.name.startswith("teacher_"))


def _raw(path: Path) -> dict:
    return read_yaml(path) or {}


def items(path: Path) -> list[dict]:
    """The file's question items (hidden ones left out)."""
    return [i for i in (_raw(path).get("items") or []) if not i.get("hidden")]


def exercises(path: Path) -> list[dict]:
    """The file's exercises that carry a level (the `exercises:` section at the end of the file)."""
    found = _raw(path).get("exercises") or []
    return [e for e in found if isinstance(e, dict) and e.get("level") and not e.get("hidden")]


def chapter_objectives(path: Path) -> list[dict]:
    """The objectives a chapter notebook lists under "What you will learn"."""
    raw = _raw(path)
    out = []
    for o in raw.get("objectives") or []:
        if o["id"].startswith("course-") or o["id"] == "retrieve-earlier":
            continue
        users = [i["id"] for i in items(path) if i.get("objective") == o["id"]]
        if users and all(u.startswith("00.primer-") for u in users):
            continue  # taught and listed by the pandas on-ramp's own notebook
        out.append(o)
    return out


def _notebook(path: Path) -> Path:
    return ROOT / "notebooks" / f"{path.stem}.ipynb"


def _cells(path: Path) -> list[dict]:
    return json.loads(_notebook(path).read_text(encoding="utf-8"))["cells"]


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("**", "")
    return re.sub(r"\s+", " ", text).strip().rstrip(".")


def numbered_list(text: str, *, skip_blank: bool = False) -> list[str]:
    """The numbered markdown list at the start of ``text`` (items may wrap onto indented lines), as plain text.
    ``skip_blank``: blank lines before the first item are passed over (a heading, a blank line, then the list)."""
    listed: list[str] = []
    for line in text.split("\n"):
        if re.match(r"^\d+\.\s", line):
            listed.append(re.sub(r"^\d+\.\s+", "", line))
        elif line.startswith("   ") and listed:
            listed[-1] += " " + line.strip()
        elif not (skip_blank and not listed and not line.strip()):
            break
    return [_plain(x) for x in listed]


def learn_list(cells: list[dict]) -> tuple[int, list[str]]:
    for n, cell in enumerate(cells):
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "**What you will learn**" in src:
            return n, numbered_list(src.split("**What you will learn**", 1)[1].partition("\n")[2])
    raise AssertionError("no 'What you will learn' cell")


# --- levels -------------------------------------------------------------------------------------------------------
def test_every_item_and_exercise_has_a_known_level():
    for path in question_files():
        for item in items(path) + exercises(path):
            assert item.get("level") in LEVELS, f"{path.name}, item {item.get('id')}: level {item.get('level')!r}"


def _line(name: str, counts: Counter) -> str:
    n = sum(counts.values())
    share = (lambda k: k / n) if n else (lambda k: 0)
    return (
        f"{name:34} {n:3} items  "
        + "  ".join(f"{lvl[:4]} {counts[lvl]:2}" for lvl in LEVELS)
        + f"   recall {share(counts['remember']):4.0%}  higher {share(sum(counts[h] for h in HIGHER)):4.0%}"
    )


def test_levels_across_the_course_stay_within_bounds(capsys):
    total, checks, tasks = Counter(), Counter(), Counter()
    lines = []
    for path in question_files():
        own = Counter(i["level"] for i in items(path))
        work = Counter(e["level"] for e in exercises(path))
        checks += own
        tasks += work
        total += own + work
        lines.append(_line(path.stem, own + work))
        if work:
            lines.append(_line("   of which self-checks", own))
            lines.append(_line("   of which exercises", work))
    uses = Counter(i.get("use", "selfcheck") for p in question_files() for i in items(p))
    n = sum(total.values())
    recall, higher = total["remember"] / n, sum(total[h] for h in HIGHER) / n
    with capsys.disabled():
        print("\nLevels of thinking per question file (items of every use, and exercises with a level):")
        print("\n".join(lines))
        print(_line("all self-checks (" + ", ".join(f"{k} {v}" for k, v in sorted(uses.items())) + ")", checks))
        if tasks:
            print(_line("all exercises", tasks))
        print(
            f"{'all':34} {n:3} items   recall {recall:.0%} (at most {MAX_RECALL:.0%}), "
            f"analyse or above {higher:.0%} (at least {MIN_HIGHER:.0%})"
        )
    assert recall <= MAX_RECALL, f"{recall:.0%} of items test recall; rewrite some as scenarios or 'why' questions"
    assert higher >= MIN_HIGHER, f"only {higher:.0%} of items ask learners to analyse, evaluate or create"


def test_the_bounds_count_exercises_too(tmp_path, monkeypatch):
    """A file whose self-checks pass but whose exercises are all recall is counted with its exercises."""
    path = tmp_path / "09_x.yaml"
    path.write_text(
        "items:\n  - {id: 09.a, level: analyse}\n"
        "exercises:\n  - {id: ex-1, level: remember}\n  - {id: ex-2, level: remember}\n  - {id: ex-3}\n",
        encoding="utf-8",
    )
    assert [e["id"] for e in exercises(path)] == ["ex-1", "ex-2"]
    assert Counter(i["level"] for i in items(path) + exercises(path)) == Counter(remember=2, analyse=1)


# --- objectives ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", question_files(), ids=lambda p: p.name)
def test_every_objective_is_declared_and_assessed(path):
    raw = _raw(path)
    declared = {o["id"] for o in raw.get("objectives") or []}
    used = {i.get("objective") for i in items(path)}
    assert used <= declared, f"{path.name}: items name undeclared objectives {sorted(used - declared)}"
    used |= {e.get("objective") for e in exercises(path) if e.get("objective")}
    assert declared <= used, f"{path.name}: objectives never assessed: {sorted(declared - used)}"


@pytest.mark.parametrize("path", question_files(), ids=lambda p: p.name)
def test_every_objective_starts_with_a_verb_a_learner_can_show(path):
    for o in _raw(path).get("objectives") or []:
        verb = re.match(r"\w+", o["text"]).group()
        assert verb in VERBS, f"{path.name}, objective {o['id']}: starts with {verb!r}, not a verb a learner can show"


def test_the_objectives_the_review_named_are_assessed():
    """The teaching review found three objectives no item assessed: the Compass's four strands, why the overlap
    matters, and NATO's figures beside the EDA's."""
    for stem, objective in (
        ("03_compass", "four-strands"),
        ("04_members", "why-overlap"),
        ("04_members", "two-measures"),
    ):
        path = ROOT / "questions" / f"{stem}.yaml"
        assert any(i.get("objective") == objective for i in items(path)), (stem, objective)


@pytest.mark.parametrize("path", [p for p in question_files() if _notebook(p).exists()], ids=lambda p: p.stem)
def test_the_notebook_lists_exactly_the_files_objectives(path):
    _, listed = learn_list(_cells(path))
    wanted = [_plain(o["text"]) for o in chapter_objectives(path)]
    assert listed == wanted, (
        f"{_notebook(path).name}: 'What you will learn' does not match the objectives of questions/{path.name}\n"
        f"notebook: {listed}\nfile:     {wanted}\n"
        f"(python tools/eunato_authoring/objectives.py sync {_notebook(path).relative_to(ROOT)} rewrites the list)"
    )


OBJECTIVES_PER_CHAPTER = (3, 5)  # AUTHORING.md (and the course design): "what you will learn (3 to 5 objectives)"
GUIDE_HEAD = "## Learning objectives (as in the notebook: what a learner will be able to do)"


@pytest.mark.parametrize("path", [p for p in question_files() if _notebook(p).exists()], ids=lambda p: p.stem)
def test_each_chapter_lists_three_to_five_objectives(path):
    listed = [o["id"] for o in chapter_objectives(path)]
    low, high = OBJECTIVES_PER_CHAPTER
    assert low <= len(listed) <= high, (
        f"questions/{path.name}: {len(listed)} chapter objectives {listed}; AUTHORING.md asks for {low} to {high}. "
        "Merge two that a learner shows with the same work (and move their items to the merged id), or move one "
        "to another chapter."
    )


def guide_list(text: str) -> list[str]:
    """The numbered list under a teacher guide's learning-objectives heading, as plain text."""
    assert GUIDE_HEAD in text, f"no {GUIDE_HEAD!r} section"
    return numbered_list(text.split(GUIDE_HEAD, 1)[1], skip_blank=True)


def test_guide_list_reads_the_section_and_stops_at_the_next():
    text = f"intro\n\n{GUIDE_HEAD}\n\n1. **Use** the [map](x.md#m).\n2. **Tell**\n   two lines.\n\n## Next\n3. no"
    assert guide_list(text) == ["Use the map", "Tell two lines"]
    with pytest.raises(AssertionError, match="no '## Learning objectives"):
        guide_list("## Objectives\n1. **Use** it.")


@pytest.mark.parametrize("path", [p for p in question_files() if _notebook(p).exists()], ids=lambda p: p.stem)
def test_the_teacher_guide_lists_the_notebooks_objectives(path):
    guide = ROOT / "teachers" / f"{path.stem}.md"
    wanted = [_plain(o["text"]) for o in chapter_objectives(path)]
    assert guide_list(guide.read_text(encoding="utf-8")) == wanted, (
        f"teachers/{guide.name}: the learning objectives differ from questions/{path.name} (and the notebook's "
        "'What you will learn'); copy the notebook's list under the heading"
    )


# --- retrieval openers --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [p for p in question_files() if _notebook(p).exists()], ids=lambda p: p.stem)
def test_each_chapter_opens_with_questions_on_earlier_chapters(path):
    cells = _cells(path)
    retrieval = [i["id"] for i in items(path) if i.get("use") == "retrieval"]
    heads = [n for n, c in enumerate(cells) if c["cell_type"] == "markdown" and OPENER in "".join(c["source"])]
    if path.stem.startswith("00"):
        assert not retrieval and not heads, "chapter 0 has no earlier chapter to retrieve"
        return
    assert 2 <= len(retrieval) <= 4, f"{path.name}: {len(retrieval)} retrieval items (two or three wanted)"
    assert len(heads) == 1, f"{_notebook(path).name}: no cell headed '{OPENER}'"
    learn, _ = learn_list(cells)
    as_of = [n for n, c in enumerate(cells) if c.get("id") == "as-of"]
    assert heads[0] == max([learn, *as_of]) + 1, "the opener comes right after 'What you will learn' and 'As of'"
    shown = []
    for cell in cells[heads[0] + 1 :]:
        calls = re.findall(r'quiz\("([^"]+)"\)', "".join(cell["source"]))
        if cell["cell_type"] != "code" or not calls:
            break
        shown += calls
    assert shown == retrieval, f"{_notebook(path).name}: the opener shows {shown}, the file has {retrieval}"
