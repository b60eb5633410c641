"""course.yaml's minutes stay close to an estimate from each notebook (tools/eunato_authoring/minutes.py states
the method), so adding a section or ten self-checks to a chapter cannot leave its stated time far behind."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from eunato_authoring import minutes
from yaml_files import read_yaml

MANIFEST = read_yaml(minutes.ROOT / "course.yaml")
TIMED = {f"{c['number']:02d}_{c['slug']}" for c in MANIFEST["chapters"] if "minutes_text" not in c}


@pytest.fixture(scope="module")
def estimates() -> dict[str, dict[str, float]]:
    """Every chapter's estimate, worked out once for the module (it reads every notebook and question file)."""
    return minutes.estimates()


@pytest.mark.parametrize("stem", sorted(TIMED))
def test_a_chapters_stated_minutes_are_near_the_estimate(stem, estimates):
    parts = estimates[stem]
    allowed = max(8, 0.25 * parts["total"])
    assert abs(parts["stated"] - parts["total"]) <= allowed, (
        f"{stem}: course.yaml says {parts['stated']} min, the notebook's estimate is {parts['total']:.0f} min "
        f"({', '.join(f'{k} {v:.0f}' for k, v in parts.items() if k not in ('total', 'stated'))}); "
        "update course.yaml and run tools/course_map.py"
    )


def test_the_estimate_counts_what_a_learner_does(estimates):
    parts = estimates["04_members"]
    assert parts["reading"] > 0 and parts["self-checks"] > 0 and parts["explorers"] > 0
    assert parts["total"] == pytest.approx(sum(v for k, v in parts.items() if k not in ("total", "stated")))


@pytest.mark.parametrize("stem", sorted(TIMED))
def test_each_chapter_states_the_time_course_yaml_gives(stem):
    import json
    import re

    cells = json.loads((minutes.ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    opening = " ".join("".join(c["source"]) for c in cells[:6] if c["cell_type"] == "markdown")
    stated = re.search(r"\*\*Time to complete:\*\* about (\d+) minutes", opening)
    want = next(c["minutes"] for c in MANIFEST["chapters"] if f"{c['number']:02d}_{c['slug']}" == stem)
    assert stated and int(stated.group(1)) == want, f"{stem}: its opening should say 'about {want} minutes'"
