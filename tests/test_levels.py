"""Levels of thinking across the question bank: at most 35% recall, at least 25% analyse or above.

Prints the distribution per chapter (run with -s to read it) and fails past the bounds, so a new batch of
recall questions cannot slip in unnoticed. Every item's objective must be one its file declares, and every
declared objective must be assessed by at least one item.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
HIGHER = {"analyse", "evaluate", "create"}
MAX_RECALL, MIN_HIGHER = 0.35, 0.25


def question_files() -> list[Path]:
    return sorted(p for p in (ROOT / "questions").glob("*.yaml") if not p.name.startswith("teacher_"))


def items(path: Path) -> list[dict]:
    return [i for i in (yaml.safe_load(path.read_text(encoding="utf-8")).get("items") or []) if not i.get("hidden")]


def test_every_item_has_a_known_level():
    for path in question_files():
        for item in items(path):
            assert item.get("level") in LEVELS, f"{path.name}, item {item.get('id')}: level {item.get('level')!r}"


def test_levels_across_the_course_stay_within_bounds(capsys):
    total = Counter()
    lines = []
    for path in question_files():
        counts = Counter(item["level"] for item in items(path))
        total += counts
        n = sum(counts.values()) or 1
        lines.append(
            f"{path.stem:28} {sum(counts.values()):3} items  "
            + "  ".join(f"{lvl[:4]} {counts[lvl]:2}" for lvl in LEVELS)
            + f"   recall {counts['remember'] / n:4.0%}  higher {sum(counts[h] for h in HIGHER) / n:4.0%}"
        )
    n = sum(total.values())
    recall, higher = total["remember"] / n, sum(total[h] for h in HIGHER) / n
    with capsys.disabled():
        print("\nLevels of thinking per question file:\n" + "\n".join(lines))
        print(
            f"{'all':28} {n:3} items   recall {recall:.0%} (at most {MAX_RECALL:.0%}), "
            f"analyse or above {higher:.0%} (at least {MIN_HIGHER:.0%})"
        )
    assert recall <= MAX_RECALL, f"{recall:.0%} of items test recall; rewrite some as scenarios or 'why' questions"
    assert higher >= MIN_HIGHER, f"only {higher:.0%} of items ask learners to analyse, evaluate or create"


@pytest.mark.parametrize("path", question_files(), ids=lambda p: p.name)
def test_every_objective_is_declared_and_assessed(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    declared = {o["id"] for o in raw.get("objectives") or []}
    used = {i.get("objective") for i in items(path)}
    assert used <= declared, f"{path.name}: items name undeclared objectives {sorted(used - declared)}"
    assert declared <= used, f"{path.name}: objectives never assessed: {sorted(declared - used)}"
