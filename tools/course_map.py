"""Write the course map from course.yaml: the map line at the top of every notebook and exercise notebook, the
table under "## The course map" in README.md and the one in the first chapter (notebooks/00_start.ipynb), and the
chapter sections of the class dashboard (notebooks/dashboard.ipynb).

    python tools/course_map.py           # rewrite what differs, and say which files changed
    python tools/course_map.py --check   # change nothing; exit 1 and name each file whose map differs

Only the line starting "**Course map:**" of a notebook's first markdown cell and the two tables are written;
every other line and cell stays as it is. In the first chapter's table the number, title, link and minutes come
from course.yaml; the "What you will learn" text of a chapter already in the table is kept (it links glossary
terms), and a new chapter's row starts from its summary in course.yaml. A chapter listed in course.yaml whose notebook does not exist
yet (a chapter being written on another branch) is still linked from the maps; its own notebook is simply not
there to update.

The dashboard: the cells between its import cell (``from eunato.explorers import ...``) and its "## My progress"
section are written from course.yaml and ``eunato.explorers.every_explorer()``: one section per chapter that has
explorers, in course order, a markdown cell "## N · heading" with "*From chapter N, Title.*" and a line on what it
shows, then one cell ``module.name()`` tagged nbval-ignore-output for each explorer of that chapter. A section's
heading and line, and the order of the explorers already in it, are kept (a heading that was the chapter's title
follows a renamed title); a new chapter's section starts from its title and summary, a new explorer goes last in
its chapter. Cells whose content is unchanged keep their ids and outputs; re-execute the dashboard after a change.
An explorer module that names no chapter in course.yaml is reported. tests/test_course_map.py runs the check.
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
    dashboard = dashboard_fixed(root)
    if dashboard is not None:
        nb, wanted, dashboard_problems = dashboard
        problems += dashboard_problems
        if nb != wanted:
            problems.append(
                f"{DASHBOARD}: its chapter sections differ from course.yaml and eunato.explorers "
                "(run python tools/course_map.py, then re-execute the dashboard)"
            )
    readme = (root / "README.md").read_text(encoding="utf-8")
    if readme_table(root) not in readme:
        problems.append("README.md: the course map table differs from course.yaml (run python tools/course_map.py)")
    return problems


DASHBOARD = "notebooks/dashboard.ipynb"
DASHBOARD_IMPORT = "from eunato.explorers import "
PROGRESS_HEADING = "## My progress"
SECTION = re.compile(r"^## (\d+) · (.*)$")
FROM_LINE = re.compile(r"^\*From chapter (\d+), (.+?)\.\* ?(.*)$")
IGNORE_OUTPUT = "nbval-ignore-output"


def explorers_by_module() -> dict[str, list[str]]:
    """{module: [explorer function, ...]} from ``eunato.explorers.every_explorer()``, in its order."""
    from eunato.explorers import every_explorer

    found: dict[str, list[str]] = {}
    for name, _explorer in every_explorer():
        module, function = name.split(".", 1)
        found.setdefault(module, []).append(function)
    return found


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _call(cell: dict) -> tuple[str, str] | None:
    """(module, function) of an explorer cell ``module.function()``, else None."""
    m = re.fullmatch(r"([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\(\)", _source(cell).strip())
    return (m.group(1), m.group(2)) if cell["cell_type"] == "code" and m else None


def _dashboard_parts(nb: dict) -> tuple[int, int]:
    """Index of the import cell and of the "## My progress" cell (ValueError naming what is missing)."""
    cells = nb["cells"]
    imp = next(
        (i for i, c in enumerate(cells) if c["cell_type"] == "code" and _source(c).startswith(DASHBOARD_IMPORT)), None
    )
    prog = next(
        (i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and _source(c).startswith(PROGRESS_HEADING)),
        None,
    )
    if imp is None or prog is None or prog < imp:
        raise ValueError(
            f"{DASHBOARD}: needs a code cell starting '{DASHBOARD_IMPORT}' and, after it, a markdown cell "
            f"starting '{PROGRESS_HEADING}' (the chapter sections go between them)"
        )
    return imp, prog


def _new_cell(kind: str, cell_id: str, source: str, tags: list[str] | None = None) -> dict:
    cell = {"cell_type": kind, "id": cell_id, "metadata": {"tags": tags} if tags else {}, "source": _split(source)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def dashboard_fixed(root: Path = ROOT, explorers: dict[str, list[str]] | None = None):
    """(notebook as it is, notebook as course.yaml wants it, problems) for the dashboard; None when it is absent."""
    path = root / DASHBOARD
    if not path.exists():
        return None
    explorers = explorers_by_module() if explorers is None else explorers
    chapters = _chapters(root)
    nb = json.loads(path.read_text(encoding="utf-8"))
    imp, prog = _dashboard_parts(nb)
    problems = [
        f"{DASHBOARD}: eunato.explorers.{module} has explorers but course.yaml has no chapter with slug '{module}'"
        for module in explorers
        if module not in {c.slug for c in chapters}
    ]
    # what the present sections hold, by the module of their explorers
    texts: dict[str, dict] = {}
    cells_of: dict[str, list[dict]] = {}
    current_md = None
    for cell in nb["cells"][imp + 1 : prog]:
        if cell["cell_type"] == "markdown":
            current_md = cell
            continue
        call = _call(cell)
        if call is None:
            continue
        cells_of.setdefault(call[0], []).append(cell)
        if current_md is not None and call[0] not in texts:
            texts[call[0]] = current_md
    used = {c["id"] for c in nb["cells"]}
    new_cells = []
    modules = []
    for c in chapters:
        functions = explorers.get(c.slug)
        if not functions:
            continue
        modules.append(c.slug)
        heading, line = c.title, c.summary[:1].upper() + c.summary[1:] + "."
        md = texts.get(c.slug)
        if md is not None:
            lines = _source(md).split("\n")
            head = SECTION.match(lines[0])
            frm = FROM_LINE.match(lines[1]) if len(lines) > 1 else None
            if head and frm:
                old_title = frm.group(2)
                heading = c.title if head.group(2) == old_title else head.group(2)
                line = "\n".join([frm.group(3), *lines[2:]]).strip() or line
        text = f"## {c.number} · {heading}\n*From chapter {c.number}, {c.title}.* {line}"
        if md is None:
            md_id = f"{c.slug}-md"
            new_cells.append(_new_cell("markdown", md_id if md_id not in used else f"{c.slug}-section", text))
        elif _source(md) != text:
            new_cells.append({**md, "source": _split(text)})
        else:
            new_cells.append(md)
        present = {(_call(cell) or ("", ""))[1]: cell for cell in cells_of.get(c.slug, [])}
        order = [f for f in present if f in functions] + [f for f in functions if f not in present]
        for function in order:
            cell = present.get(function)
            if cell is None:
                new_cells.append(
                    _new_cell(
                        "code", f"{c.slug}-{function}".replace("_", "-"), f"{c.slug}.{function}()", [IGNORE_OUTPUT]
                    )
                )
                continue
            tags = cell.get("metadata", {}).get("tags", [])
            if IGNORE_OUTPUT not in tags:
                cell = {**cell, "metadata": {**cell.get("metadata", {}), "tags": [*tags, IGNORE_OUTPUT]}}
            new_cells.append(cell)
    import_cell = nb["cells"][imp]
    import_text = DASHBOARD_IMPORT + ", ".join(sorted(modules))
    if _source(import_cell) != import_text:
        import_cell = {**import_cell, "source": _split(import_text)}
    wanted = {**nb, "cells": [*nb["cells"][:imp], import_cell, *new_cells, *nb["cells"][prog:]]}
    return nb, wanted, problems


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
    dashboard = dashboard_fixed(root)
    if dashboard is not None and dashboard[0] != dashboard[1]:
        (root / DASHBOARD).write_text(json.dumps(dashboard[1], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        changed.append(DASHBOARD)
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
    dashboard = dashboard_fixed()
    for problem in dashboard[2] if dashboard else []:
        print(problem)
    print("Updated: " + ", ".join(changed) if changed else "Every course map already agrees with course.yaml.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
