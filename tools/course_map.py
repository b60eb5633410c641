"""Write the course map from course.yaml: the map line at the top of every notebook and exercise notebook, the
table under "## The course map" in README.md and the one in the first chapter (notebooks/00_start.ipynb).

    python tools/course_map.py           # rewrite what differs, and say which files changed
    python tools/course_map.py --check   # change nothing; exit 1 and name each file whose map differs

Only the line starting "**Course map:**" of a notebook's first markdown cell and the two tables are written;
every other line and cell stays as it is. In the first chapter's table the number, title, link and minutes come
from course.yaml; the "What you will learn" text of a chapter already in the table is kept (it links glossary
terms), and a new chapter's row starts from its summary in course.yaml. A chapter listed in course.yaml whose notebook does not exist
yet (a chapter being written on another branch) is still linked from the maps; its own notebook is simply not
there to update. tests/test_course_map.py runs the check.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eunato import manifest

MAP_PREFIX = "**Course map:**"
README_HEADING = "## The course map"
BINDER = "https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/{path}"


def _chapters(root: Path):
    return manifest.chapters(str(root / "course.yaml"))


def map_line(current: manifest.Chapter | None, prefix: str, chapters) -> str:
    """The map line for a notebook; ``prefix`` leads from the notebook's folder to notebooks/."""
    parts = []
    for c in chapters:
        name = f"{c.number} {c.title}"
        link = f"[{name}]({prefix}{c.stem}.ipynb)"
        if current is not None and c.slug == current.slug:
            parts.append(f"**{name}**" if prefix == "" else f"**{link}**")
        else:
            parts.append(link)
    return MAP_PREFIX + " " + " · ".join(parts)


def notebook_maps(root: Path = ROOT) -> dict[Path, str]:
    """{notebook path: the map line it must carry}, for every chapter, exercise and solution notebook."""
    chapters = _chapters(root)
    wanted = {}
    for c in chapters:
        wanted[root / c.notebook] = map_line(c, "", chapters)
        if c.has_exercises:
            wanted[root / c.exercises] = map_line(c, "../notebooks/", chapters)
            wanted[root / c.solutions] = map_line(c, "../../notebooks/", chapters)
    return wanted


def readme_table(root: Path = ROOT) -> str:
    raw = (root / "course.yaml").read_text(encoding="utf-8")
    repo = re.search(r"^repository:\s*(\S+)", raw, re.MULTILINE)
    repo = repo.group(1) if repo else "eunato-course/eu-nato-cooperation"
    rows = [
        "| # | Chapter | Exercises | Minutes | Open on Binder |",
        "|---|---|---|---|---|",
    ]
    for c in _chapters(root):
        exercises = f"[{c.number:02d}]({c.exercises})" if c.has_exercises else "(in the notebook)"
        rows.append(
            f"| {c.number} | [{c.title}]({c.notebook}): {c.summary} | {exercises} | {c.minutes_text} | "
            f"[launch]({BINDER.format(repo=repo, path=c.notebook)}) |"
        )
    return "\n".join(rows)


START_HEADING = "## The course map"


def _start_cell(root: Path):
    """The first chapter's notebook and its course-map cell (None when either is missing)."""
    chapters = _chapters(root)
    path = root / chapters[0].notebook
    if not path.exists():
        return None
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith(START_HEADING):
            return path, nb, cell
    return None


def start_table(root: Path, current: str) -> str:
    """The first chapter's map table, keeping the 'What you will learn' texts of the chapters already in it."""
    chapters = _chapters(root)
    kept = {}  # by notebook (a renumbered chapter keeps its text; a new one never takes another's)
    for line in current.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3:
            continue
        link = re.search(r"\((\d\d_[a-z0-9_]+)\.ipynb\)", cells[0])
        if link:
            kept[link.group(1)] = cells[1]
        elif "(this notebook)" in cells[0]:
            kept[chapters[0].stem] = cells[1]
    rows = ["| Chapter | What you will learn | Minutes |", "|---|---|---|"]
    for c in chapters:
        name = f"{c.number} {c.title}"
        first = f"**{name}** (this notebook)" if c is chapters[0] else f"[{name}]({c.stem}.ipynb)"
        learn = kept.get(c.stem) or c.summary[:1].upper() + c.summary[1:]
        rows.append(f"| {first} | {learn} | {c.minutes_text} |")
    return "\n".join(rows)


def _table_span(text: str, after: int) -> tuple[int, int]:
    """Start and end of the first markdown table after position ``after``."""
    start = text.index("\n|", after) + 1
    end = start
    for line in text[start:].split("\n"):
        if not line.startswith("|"):
            break
        end += len(line) + 1
    return start, min(end, len(text))


def _start_fixed(root: Path) -> tuple[Path, dict, dict, str] | None:
    found = _start_cell(root)
    if found is None:
        return None
    path, nb, cell = found
    text = "".join(cell["source"])
    start, end = _table_span(text, 0)
    current = text[start:end].rstrip("\n")
    table = start_table(root, current)
    return path, nb, cell, text[:start] + table + ("\n" if end > start + len(current) else "") + text[end:]


def _map_in(path: Path) -> tuple[dict, int, int] | None:
    """The notebook, the index of its first markdown cell and of the map line in it (None when it has none)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            lines = "".join(cell["source"]).split("\n")
            for j, line in enumerate(lines):
                if line.startswith(MAP_PREFIX):
                    return nb, i, j
            return nb, i, -1
    return None


def differences(root: Path = ROOT) -> list[str]:
    """One sentence per file whose course map differs from course.yaml (empty when all agree)."""
    problems = []
    for path, line in notebook_maps(root).items():
        rel = path.relative_to(root).as_posix()
        if not path.exists():
            continue  # a chapter still being written (its notebook is not in this branch yet)
        found = _map_in(path)
        if found is None or found[2] < 0:
            problems.append(f"{rel}: the first markdown cell has no '{MAP_PREFIX}' line")
            continue
        nb, i, j = found
        if "".join(nb["cells"][i]["source"]).split("\n")[j] != line:
            problems.append(f"{rel}: the course map differs from course.yaml (run python tools/course_map.py)")
    fixed = _start_fixed(root)
    if fixed is not None and fixed[3] != "".join(fixed[2]["source"]):
        rel = fixed[0].relative_to(root).as_posix()
        problems.append(
            f"{rel}: the table under '{START_HEADING}' differs from course.yaml (run python tools/course_map.py)"
        )
    readme = (root / "README.md").read_text(encoding="utf-8")
    if readme_table(root) not in readme:
        problems.append("README.md: the course map table differs from course.yaml (run python tools/course_map.py)")
    return problems


def _split(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def write(root: Path = ROOT) -> list[str]:
    """Rewrite every map that differs; returns the files changed."""
    changed = []
    for path, line in notebook_maps(root).items():
        if not path.exists():
            continue
        found = _map_in(path)
        if found is None:
            continue
        nb, i, j = found
        lines = "".join(nb["cells"][i]["source"]).split("\n")
        if j < 0:  # no map yet: after the title
            lines[1:1] = ["", line]
        elif lines[j] == line:
            continue
        else:
            lines[j] = line
        nb["cells"][i]["source"] = _split("\n".join(lines))
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        changed.append(path.relative_to(root).as_posix())
    fixed = _start_fixed(root)
    if fixed is not None and fixed[3] != "".join(fixed[2]["source"]):
        path, nb, cell, text = fixed
        cell["source"] = _split(text)
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if path.relative_to(root).as_posix() not in changed:
            changed.append(path.relative_to(root).as_posix())
    readme_path = root / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    table_start, table_end = _table_span(readme, readme.index(README_HEADING))
    new = readme[:table_start] + readme_table(root) + "\n" + readme[table_end:]
    if new != readme:
        readme_path.write_text(new, encoding="utf-8")
        changed.append("README.md")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; report the maps that differ")
    args = parser.parse_args(argv)
    if args.check:
        problems = differences()
        for p in problems:
            print(p)
        print("Every course map agrees with course.yaml." if not problems else f"{len(problems)} map(s) differ.")
        return 1 if problems else 0
    changed = write()
    print("Updated: " + ", ".join(changed) if changed else "Every course map already agrees with course.yaml.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
