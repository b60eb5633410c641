"""The course map comes from course.yaml: every notebook's map line and the README's table agree with it."""

from __future__ import annotations

import importlib.util
import shutil
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
