"""The course map comes from course.yaml: every notebook's map line and the README's table agree with it."""

from __future__ import annotations

import importlib.util
import json
import shutil
from itertools import pairwise
from pathlib import Path

from eunato import manifest

ROOT = manifest.ROOT
spec = importlib.util.spec_from_file_location("course_map", ROOT / "tools" / "course_map.py")
course_map = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course_map)


def test_every_map_agrees_with_course_yaml():
    """A chapter listed in course.yaml whose notebook is not in this branch yet (one being written elsewhere) is
    linked from every map but has no map of its own to check; every notebook that exists is checked."""
    assert course_map.differences() == []


def test_every_chapter_notebook_that_exists_carries_a_map():
    maps = course_map.notebook_maps()
    for c in manifest.chapters():
        path = ROOT / c.notebook
        if path.exists():
            assert path in maps


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    for folder in ("notebooks", "exercises"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("course.yaml", "README.md"):
        shutil.copy(ROOT / name, root / name)
    return root


def test_a_renamed_chapter_is_caught_and_rewritten(tmp_path):
    root = _copy(tmp_path)
    yaml_path = root / "course.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("title: History", "title: A history"))
    manifest.chapters.cache_clear()
    try:
        problems = course_map.differences(root)
        assert any("notebooks/00_start.ipynb: the course map" in p for p in problems)
        assert any("notebooks/00_start.ipynb: the table" in p for p in problems)
        assert any(p.startswith("README.md") for p in problems)
        changed = course_map.write(root)
        assert "README.md" in changed and "exercises/solutions/01_history.ipynb" in changed
        assert course_map.differences(root) == []
        start = (root / "notebooks" / "00_start.ipynb").read_text(encoding="utf-8")
        assert "[1 A history](01_history.ipynb)" in start
        assert "| [1 A history](01_history.ipynb) | From the 2001 exchange of letters" in start  # its text is kept
    finally:
        manifest.chapters.cache_clear()


def test_map_line_bolds_the_current_chapter():
    chapters = manifest.chapters()
    line = course_map.map_line(chapters[1], "", chapters)
    assert line.startswith("**Course map:** [0 ") and "**1 History**" in line and "(01_history.ipynb)" not in line
    ex = course_map.map_line(chapters[1], "../notebooks/", chapters)
    assert "**[1 History](../notebooks/01_history.ipynb)**" in ex


# The class dashboard: its chapter sections come from course.yaml and eunato.explorers.every_explorer().


def _dashboard(root: Path) -> dict:
    return json.loads((root / course_map.DASHBOARD).read_text(encoding="utf-8"))


def _sections(nb: dict) -> list[tuple[str, list[str]]]:
    """[(markdown text, [explorer calls])] between the import cell and "## My progress"."""
    out = []
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and text.startswith(course_map.PROGRESS_HEADING):
            break
        if cell["cell_type"] == "markdown" and text.startswith("## "):
            out.append((text, []))
        elif cell["cell_type"] == "code" and out:
            out[-1][1].append(text.strip())
    return out


def test_the_dashboard_has_one_section_per_chapter_with_explorers_in_course_order():
    from eunato.explorers import every_explorer

    found = {}
    for name, _ in every_explorer():
        found.setdefault(name.split(".")[0], []).append(f"{name}()")
    sections = _sections(_dashboard(ROOT))
    wanted = [c for c in manifest.chapters() if c.slug in found]
    assert len(sections) == len(wanted)
    for (text, calls), c in zip(sections, wanted, strict=True):
        assert text.startswith(f"## {c.number} · ") and f"*From chapter {c.number}, {c.title}.*" in text
        assert sorted(calls) == sorted(found[c.slug])
    last = [c for c in _dashboard(ROOT)["cells"] if c["cell_type"] == "markdown"][-2]
    assert "".join(last["source"]).startswith(course_map.PROGRESS_HEADING)


def test_a_missing_or_misnamed_dashboard_explorer_is_caught_and_rewritten_keeping_ids(tmp_path):
    root = _copy(tmp_path)
    path = root / course_map.DASHBOARD
    before = _dashboard(root)
    nb = _dashboard(root)
    nb["cells"] = [c for c in nb["cells"] if "".join(c["source"]).strip() != "members.gap_explorer()"]
    for c in nb["cells"]:
        if "".join(c["source"]).startswith("## 1 · "):
            c["source"] = ["## 1 · The timeline of EU–NATO relations\n", "*From chapter 1, Histoire.* A line."]
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert any(p.startswith("notebooks/dashboard.ipynb: its chapter sections") for p in course_map.differences(root))
    assert course_map.DASHBOARD in course_map.write(root)
    assert course_map.differences(root) == []
    after = _dashboard(root)
    gap = [c for c in after["cells"] if "".join(c["source"]) == "members.gap_explorer()"]
    assert len(gap) == 1 and gap[0]["metadata"]["tags"] == ["nbval-ignore-output"]
    assert gap[0]["id"] == "members-gap-explorer"
    unchanged = {c["id"] for c in before["cells"]} - {"gap-explorer", "9655e6ac"}
    assert unchanged <= {c["id"] for c in after["cells"]}
    assert [c["id"] for c in after["cells"]][-3:] == [c["id"] for c in before["cells"]][-3:]  # My progress stays last


def test_a_renamed_chapter_and_a_new_explorer_reach_the_dashboard(tmp_path):
    root = _copy(tmp_path)
    yaml_path = root / "course.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace("title: Members and money", "title: Members and budgets")
    )
    explorers = course_map.explorers_by_module()
    explorers["capstone"] = ["briefing_explorer"]
    explorers["nowhere"] = ["lost_explorer"]
    manifest.chapters.cache_clear()
    try:
        _before, wanted, problems = course_map.dashboard_fixed(root, explorers)
        assert problems == [
            (
                "notebooks/dashboard.ipynb: eunato.explorers.nowhere has explorers but course.yaml has no chapter "
                "with slug 'nowhere'"
            )
        ]
        sections = _sections(wanted)
        assert sections[4][0].startswith("## 4 · Members and budgets\n*From chapter 4, Members and budgets.*")
        assert sections[-1] == (
            (
                "## 6 · Capstone\n*From chapter 6, Capstone.* A one-page briefing for a minister on where EU–NATO "
                "cooperation should go next."
            ),
            ["capstone.briefing_explorer()"],
        )
        imports = [c for c in wanted["cells"] if "".join(c["source"]).startswith(course_map.DASHBOARD_IMPORT)]
        assert "".join(imports[0]["source"]).endswith("capstone, compass, debates, history, members, start")
        assert imports[0]["id"] == "6684fb1a"
    finally:
        manifest.chapters.cache_clear()


def test_each_chapters_where_next_leads_on_to_the_next_chapter():
    """The start notebook says "take the chapters in order"; a chapter's closing "Where next" must link the next
    chapter's notebook (chapter 4's skipped chapter 5 and pointed only to the capstone)."""
    chapters = [c for c in manifest.chapters() if (ROOT / c.notebook).exists()]
    for chapter, following in pairwise(chapters):
        if chapter.number == 0:  # the start notebook sends learners on from its own course map and on-ramp
            continue
        cells = json.loads((ROOT / chapter.notebook).read_text(encoding="utf-8"))["cells"]
        closing = [
            "".join(c["source"])
            for c in cells
            if c["cell_type"] == "markdown" and "".join(c["source"]).lstrip().startswith("## Where next")
        ]
        assert closing, f"{chapter.notebook} has no '## Where next' cell"
        target = following.notebook.split("/")[-1]
        assert f"]({target})" in closing[-1], f"{chapter.notebook}'s Where next does not link {target}"
