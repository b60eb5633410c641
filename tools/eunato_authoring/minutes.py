"""How long a chapter takes: an estimate from the notebook itself, to keep course.yaml's minutes honest.

    python tools/eunato_authoring/minutes.py        # prints each chapter's estimate beside course.yaml's minutes

The method (issue 20: "re-estimated minutes, state how you estimated them"):
* reading: the words of the markdown cells at 130 words a minute (study reading of dense prose, slower than the
  200-250 of leisure reading);
* each self-check: 1 minute (read, answer, read the feedback); each written (open) question: 4 minutes;
* each explorer: 3 minutes (predict, reveal, try two or three settings);
* each quiz set (the diagnostic, the post-course quiz, test yourself): 12 minutes;
* each code cell: 12 seconds to run and glance at.
Writing time outside the notebook (the capstone's briefing) is not counted: course.yaml says so with
``minutes_text``. The exercises have their own time, stated in each chapter's "Where next".
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from eunato.bank import parse_yaml  # libyaml where PyYAML has it, as the course reads these files

ROOT = Path(__file__).resolve().parents[2]
WORDS_PER_MINUTE = 130
PER_QUESTION, PER_OPEN, PER_EXPLORER, PER_SET, PER_CODE_CELL = 1.0, 4.0, 3.0, 12.0, 0.2


def _bank_types(root: Path) -> dict[str, str]:
    types = {}
    for path in (root / "questions").glob("[0-9][0-9]_*.yaml"):
        for item in parse_yaml(path.read_text(encoding="utf-8")).get("items") or []:
            types[item["id"]] = item["type"]
    return types


def estimate(notebook: Path, types: dict[str, str]) -> dict[str, float]:
    """The parts of the estimate for one notebook, and their total in minutes."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    prose = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    words = len(re.sub(r"\]\([^)]*\)|[#*`|>\[\]]", " ", prose).split())
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    asked = [q for s in code for q in re.findall(r'quiz\("([^"]+)"\)', s)]
    opens = sum(types.get(q) == "open" for q in asked)
    sets = sum(bool(re.search(r"\b(quiz_set|final_quiz)\(", s)) for s in code)
    explorers = sum(bool(re.search(r"_explorer\(|predict_then_explore\(", s)) for s in code)
    parts = {
        "reading": words / WORDS_PER_MINUTE,
        "self-checks": (len(asked) - opens) * PER_QUESTION + opens * PER_OPEN,
        "explorers": explorers * PER_EXPLORER,
        "quiz sets": sets * PER_SET,
        "code cells": len(code) * PER_CODE_CELL,
    }
    parts["total"] = sum(parts.values())
    return parts


def estimates(root: Path = ROOT) -> dict[str, dict[str, float]]:
    manifest = parse_yaml((root / "course.yaml").read_text(encoding="utf-8"))
    types = _bank_types(root)
    out = {}
    for chapter in manifest["chapters"]:
        stem = f"{chapter['number']:02d}_{chapter['slug']}"
        out[stem] = {**estimate(root / "notebooks" / f"{stem}.ipynb", types), "stated": chapter["minutes"]}
    return out


def main() -> int:
    for stem, parts in estimates().items():
        detail = ", ".join(f"{k} {v:.0f}" for k, v in parts.items() if k not in ("total", "stated"))
        print(f"{stem:14} course.yaml {parts['stated']:3} min   estimate {parts['total']:3.0f} min   ({detail})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
