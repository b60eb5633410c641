#!/usr/bin/env python3
"""Build the readable HTML edition of the course: every notebook with its saved outputs, as static pages.

    python3 course.py html                  (the same as: .venv/bin/python tools/build_html.py)
    .venv/bin/python tools/build_html.py --out /some/folder

Writes site/ (git-ignored): index.html (the table of contents), notebooks/NN_*.html (the chapters),
exercises/NN_*.html (the learner exercises), exercises/solutions/NN_*.html (worked solutions),
notebooks/dashboard.html when that notebook exists, teachers/*.html and GLOSSARY.html when those markdown
files exist, and course.css. Open site/index.html in any browser; no server and no internet are needed.

* Nothing is executed: the pages show the outputs saved in the notebooks (`course.py execute` refreshes them).
  Explorers and self-checks appear as the static text their notebooks saved for viewers without a kernel.
* Offline: the pages load no script at all and only the local course.css; images are embedded.
* Each page has lang="en", a <title>, a skip link, a nav bar (previous / contents / next), the notebook's first
  heading as its only h1, and every chart image has as alt text the description the notebook prints after it.
* Links between notebooks (NN_x.ipynb) and to markdown pages (x.md) point at their HTML pages; links to other
  files of the repository point at the repository on GitHub (REPO_URL).

The build prints what a reader would trip over (a chart without a description, a heading that skips a level,
a link to nothing) as warnings; tests/test_html_edition.py turns them into failures.
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import posixpath
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = Path(__file__).resolve().parent / "html_template"
SITE_TITLE = "EU–NATO cooperation: an interactive course"
REPO_URL = "https://github.com/eunato-course/eu-nato-cooperation/blob/main/"
DEFAULT_OUT = ROOT / "site"

# the banner at the top of each kind of page (HTML; {learner}/{solution} are filled in with links)
BANNERS = {
    "chapter": "This is the read-only edition of the chapter, with the outputs of its last run. Explorers and "
    "self-checks work when you open the notebook in Jupyter (see the course's README).",
    "exercises": "The exercises as a learner receives them, with the outputs of a run before any answer was "
    "given. To answer and check, open the notebook in Jupyter. Worked solutions: {solution}.",
    "solutions": "Worked solutions: the exercises with every answer filled in and checked. The learner "
    "version: {learner}.",
    "dashboard": "The class dashboard, read-only. To use its explorers, run it with Voila "
    "(python3 course.py dashboard).",
}

BANNERS["more"] = BANNERS["chapter"]


@dataclass
class Page:
    source: str  # path in the repository, posix
    out: str  # path in the site, posix
    kind: str  # chapter, exercises, more (another notebook), dashboard, solutions, teachers, glossary
    title: str = ""
    minutes: str | None = None  # as the notebook says it: '45' or '60–90'
    number: int | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the build changed to make the page accessible


@dataclass
class Report:
    out: Path
    pages: list[Page]
    seconds: float

    @property
    def warnings(self) -> list[str]:
        return [f"{page.source}: {w}" for page in self.pages for w in page.warnings]


# ---------------------------------------------------------------------------------------------------------------
# what goes in, in which order


def _number(path: Path) -> int | None:
    match = re.match(r"(\d+)_", path.name)
    return int(match.group(1)) if match else None


def course_chapters(root: Path = ROOT) -> tuple:
    """The chapters of course.yaml (the manifest drives the contents page); none when the folder has no manifest."""
    if not (root / "course.yaml").exists():
        return ()
    sys.path.insert(0, str(ROOT / "src"))
    from eunato import manifest

    return manifest.chapters(str(root / "course.yaml"))


def collect_pages(root: Path = ROOT) -> list[Page]:
    """Every page of the edition, in reading order (the order of the previous / next links).

    Chapter 0, its exercises, chapter 1, its exercises, ...; then any other notebook in notebooks/ and the class
    dashboard; then the worked
    solutions (kept after all the exercises, so that 'next' never opens a solution by surprise); then the
    teacher pages and the glossary.
    """
    listed = [root / c.notebook for c in course_chapters(root) if (root / c.notebook).exists()]
    primers = {  # read after their chapter and before its exercises (course.yaml's 'primers')
        root / c.notebook: [root / p.notebook for p in c.primers if (root / p.notebook).exists()]
        for c in course_chapters(root)
    }
    primed = {p for group in primers.values() for p in group}
    others = [p for p in sorted((root / "notebooks").glob("[0-9]*_*.ipynb")) if p not in listed and p not in primed]
    chapters = listed + others  # course.yaml's order; a numbered notebook it does not list comes after
    exercises = {_number(p): p for p in sorted((root / "exercises").glob("[0-9]*_*.ipynb"))}
    solutions = sorted((root / "exercises" / "solutions").glob("[0-9]*_*.ipynb"))
    pages: list[Page] = []

    def add(path: Path, kind: str):
        rel = path.relative_to(root).as_posix()
        out = rel.rsplit(".", 1)[0] + ".html"
        pages.append(Page(source=rel, out=out, kind=kind, number=_number(path)))

    used = set()
    for chapter in chapters:
        add(chapter, "chapter")
        for primer in primers.get(chapter, []):
            add(primer, "more")
        exercise = exercises.get(_number(chapter))
        if exercise is not None:
            add(exercise, "exercises")
            used.add(exercise)
    for exercise in exercises.values():  # exercises without a chapter of the same number
        if exercise not in used:
            add(exercise, "exercises")
    if (root / "notebooks" / "dashboard.ipynb").exists():
        add(root / "notebooks" / "dashboard.ipynb", "dashboard")
    for other in sorted((root / "notebooks").glob("*.ipynb")):  # any other notebook, so none is left out
        if other not in chapters and other not in primed and other.name != "dashboard.ipynb":
            add(other, "more")
    for solution in solutions:
        add(solution, "solutions")
    for guide in sorted((root / "teachers").glob("*.md")) if (root / "teachers").is_dir() else []:
        add(guide, "teachers")
    if (root / "GLOSSARY.md").exists():
        add(root / "GLOSSARY.md", "glossary")
    return pages


# ---------------------------------------------------------------------------------------------------------------
# reading notebooks and markdown


def _plain(markdown_text: str) -> str:
    """A heading's text without markdown: links, emphasis and code marks removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def first_heading(markdown_sources: list[str]) -> str | None:
    for source in markdown_sources:
        in_fence = False
        for line in source.splitlines():
            if line.lstrip().startswith("```"):
                in_fence = not in_fence
            if not in_fence and re.match(r"#{1,6}\s", line):
                return _plain(line.lstrip("#"))
    return None


MINUTES = re.compile(
    r"\*\*Time(?: to complete)?:?\*\*:?\s*(?:about\s+)?(\d+)(?:\s*(?:to|-|–)\s*(\d+))?\s+minutes", re.IGNORECASE
)


def minutes_of(markdown_sources: list[str]) -> str | None:
    """'45' from '**Time to complete:** about 45 minutes', '60–90' from '**Time:** 60 to 90 minutes'."""
    for source in markdown_sources:
        match = MINUTES.search(source)
        if match:
            return match.group(1) + (f"–{match.group(2)}" if match.group(2) else "")
    return None


def minutes_value(minutes: str | None) -> float:
    """The middle of a range, for the total."""
    if not minutes:
        return 0.0
    numbers = [int(n) for n in re.findall(r"\d+", minutes)]
    return sum(numbers) / len(numbers)


def read_notebook(path: Path):
    import nbformat

    return nbformat.read(str(path), as_version=4)


def markdown_notebook(text: str):
    """A markdown page as a one-cell notebook, so that it is rendered exactly like the notebooks' prose."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(text))
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def _source_title(source: str) -> str | None:
    match = re.search(r"""set_title\(\s*(?:f?)(["'])(.+?)\1""", source)
    return match.group(2) if match else None


def add_chart_alt_text(nb) -> list[str]:
    """Give every PNG output a text alternative (in output metadata 'eunato_alt', which the template writes as alt).

    A course figure carries its own (eunato.style.display_outputs puts it in the picture's metadata and shows it
    as a paragraph under the picture). An older chart cell printed it (print(charts.alt_text(fig))), so the
    alt text is the stdout stream that follows the image in the same cell. A chart without one (a learner's own
    chart in a solution) gets a description from its title in the code, and a warning.
    """
    warnings = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        for i, output in enumerate(outputs):
            if "image/png" not in output.get("data", {}):
                continue
            if str(output.get("metadata", {}).get("eunato_alt", "")).strip():
                continue  # a course figure carries its description (eunato.style.display_outputs)
            following = outputs[i + 1] if i + 1 < len(outputs) else None
            alt = None
            if following is not None and following.get("output_type") == "stream" and following.get("name") == "stdout":
                alt = " ".join(str(following.get("text", "")).split())
            if not alt:
                title = _source_title(cell.source)
                alt = (
                    f"A chart titled '{title}', drawn by the code above."
                    if title
                    else "A chart drawn by the code above."
                )
                warnings.append(
                    f"cell {index}: a chart with no printed description after it; alt text made from its code: {alt!r}"
                )
            output.setdefault("metadata", {})["eunato_alt"] = alt
    return warnings


# ---------------------------------------------------------------------------------------------------------------
# the exporter


def make_exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    config.HTMLExporter.template_name = "eunato"
    config.HTMLExporter.exclude_input_prompt = True  # "In [3]:" means nothing to a reader
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.exclude_anchor_links = True  # no "¶" links (post_process gives headings their ids)
    config.HTMLExporter.mathjax_url = ""
    config.HTMLExporter.require_js_url = ""
    return HTMLExporter(config=config)


def _relative(from_out: str, to_out: str) -> str:
    return posixpath.relpath(to_out, posixpath.dirname(from_out) or ".")


def nav_html(pages: list[Page], i: int | None, where: str) -> str:
    """previous / contents / next; i is the page's index in pages (None for the index page)."""
    here = "index.html" if i is None else pages[i].out
    before = None if i is None or i == 0 else pages[i - 1]
    after = pages[0] if i is None else (pages[i + 1] if i + 1 < len(pages) else None)
    items = []
    if before is not None:
        items.append(
            f'<li class="eunato-prev"><a href="{_relative(here, before.out)}" rel="prev">'
            f'<span aria-hidden="true">← </span>Previous: {html.escape(label(before))}</a></li>'
        )
    if i is not None:
        items.append(f'<li class="eunato-contents"><a href="{_relative(here, "index.html")}">Contents</a></li>')
    if after is not None:
        items.append(
            f'<li class="eunato-next"><a href="{_relative(here, after.out)}" rel="next">'
            f'Next: {html.escape(label(after))}<span aria-hidden="true"> →</span></a></li>'
        )
    return f'<nav class="eunato-nav" aria-label="Course pages ({where})"><ul>' + "".join(items) + "</ul></nav>"


def label(page: Page) -> str:
    """How the nav bar and the contents name a page."""
    if page.kind == "solutions":
        return f"Solutions: {page.title}"
    return page.title


# ---------------------------------------------------------------------------------------------------------------
# after the export: links, headings


def fix_links(soup, page: Page, by_source: dict[str, Page], root: Path) -> list[str]:
    """Point the links in the notebook's cells at pages of the edition (or the repository on GitHub).

    A solution notebook's links are written for the learner notebook it is copied to (exercises/, one folder
    up), so a link that leads nowhere from exercises/solutions/ is tried from exercises/ as well.
    """
    warnings = []
    unwritten = {
        part for c in course_chapters(root) for part in (c.notebook, c.exercises) if part and not (root / part).exists()
    }
    folders = [posixpath.dirname(page.source)]
    if page.kind == "solutions":
        folders.append(posixpath.dirname(folders[0]))
    for a in soup.select(".jp-Cell a[href]"):
        href = a["href"].strip()
        if not href or href.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
            continue
        path, _, fragment = href.partition("#")
        candidates = [posixpath.normpath(posixpath.join(folder, path)) for folder in folders]
        target = next((c for c in candidates if c in by_source or (root / c).exists()), candidates[0])
        if target in by_source:
            a["href"] = _relative(page.out, by_source[target].out) + (f"#{fragment}" if fragment else "")
        elif (root / target).exists() and not target.startswith(".."):
            a["href"] = REPO_URL + target + (f"#{fragment}" if fragment else "")
        elif any(c in unwritten for c in candidates):
            a.unwrap()  # a chapter course.yaml lists but whose notebook is not written yet: its name, unlinked
        else:
            warnings.append(f"link to {href!r}: no such file in the repository")
    return warnings


def github_slug(text: str) -> str:
    """The anchor GitHub gives a markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def add_heading_ids(soup) -> None:
    """Ids for headings, so that links to sections work: GitHub's (as in a teacher guide or the glossary on
    GitHub) on the heading, and JupyterLab's (Heading-Text, as in a notebook link) on an empty span inside it."""
    used = {tag["id"] for tag in soup.find_all(id=True)}
    for heading in soup.select("main h1, main h2, main h3, main h4, main h5, main h6"):
        if heading.get("id"):
            continue
        text = heading.get_text(" ", strip=True)
        slug = base = github_slug(text) or "section"
        n = 0
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        heading["id"] = slug
        used.add(slug)
        jupyter = re.sub(r"\s+", "-", text)
        if jupyter not in used:
            heading.insert(0, soup.new_tag("span", attrs={"id": jupyter}))
            used.add(jupyter)


def relevel_output_headings(soup) -> list[str]:
    """Headings inside a cell's output (HTML made by code) are placed one level below the section they appear
    in, keeping their structure: an <h4> card title under an h2 section becomes an h3. Returns what moved."""
    moved = []
    level = 1
    for element in soup.select("main h1, main h2, main h3, main h4, main h5, main h6, main .jp-OutputArea-output"):
        if "jp-OutputArea-output" in (element.get("class") or []):
            inner = element.find_all(re.compile(r"^h[1-6]$"))
            if not inner:
                continue
            top = min(int(h.name[1]) for h in inner)
            shift = (level + 1) - top
            if shift:
                for h in inner:
                    new = min(6, max(1, int(h.name[1]) + shift))
                    moved.append(f"an output's {h.name} {h.get_text(' ', strip=True)[:40]!r} shown as h{new}")
                    h.name = f"h{new}"
        elif not element.find_parent(class_="jp-OutputArea-output"):
            level = int(element.name[1])
    return moved


def heading_problems(soup) -> list[str]:
    """Exactly one h1, and no heading more than one level below the one before it."""
    problems = []
    main = soup.find("main") or soup
    headings = main.find_all(re.compile(r"^h[1-6]$"))
    h1s = [h for h in headings if h.name == "h1"]
    if len(h1s) != 1:
        problems.append(
            f"{len(h1s)} h1 headings (want exactly one): "
            + "; ".join(repr(h.get_text(" ", strip=True)[:60]) for h in h1s)
        )
    if headings and headings[0].name != "h1":
        problems.append(
            f"the first heading is an {headings[0].name}, not an h1: {headings[0].get_text(' ', strip=True)[:60]!r}"
        )
    level = 0
    for h in headings:
        new = int(h.name[1])
        if level and new > level + 1:
            problems.append(f"heading level jumps from h{level} to h{new} at {h.get_text(' ', strip=True)[:60]!r}")
        level = new
    return problems


def post_process(body: str, page: Page, by_source: dict[str, Page], root: Path, out: Path) -> str:
    """Links, headings, focus stops, tables, chart descriptions and chart pictures: the page parsed once."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    page.warnings += fix_links(soup, page, by_source, root)
    page.notes += relevel_output_headings(soup)
    add_heading_ids(soup)
    # nbconvert makes every cell and output a focus stop (so that wide ones scroll by keyboard). Here code and
    # text wrap and charts shrink to the page, so only outputs with a table can be wider than the page: they
    # keep the stop, with a name; the rest lose it, which saves a keyboard reader dozens of empty stops.
    for area in soup.select("div.jp-OutputArea-output[tabindex], div.jp-Cell-inputWrapper[tabindex]"):
        if "jp-OutputArea-output" in area.get("class", []) and area.find("table"):
            area["role"] = "group"
            area["aria-label"] = "Table (scrolls sideways when wider than the page)"
        else:
            del area["tabindex"]
    # pandas tables: header cells get a scope; the empty corner cell is not a header
    for table in soup.select("table.dataframe"):
        for th in table.select("thead th"):
            th["scope"] = "col"
        for th in table.select("tbody th"):
            th["scope"] = "row"
        for th in table.select("th"):
            if not th.get_text(strip=True):
                th.name = "td"
                del th["scope"]
        if table.get("border"):
            del table["border"]
    # the printed description after a chart: set as prose, labelled, instead of a monospace block
    for img in soup.select(".jp-RenderedImage img[alt]"):
        child = img.find_parent(class_="jp-OutputArea-child")
        following = child.find_next_sibling(class_="jp-OutputArea-child") if child else None
        text = following.select_one(".jp-RenderedText pre") if following else None
        if text is not None and " ".join(text.get_text().split()) == img["alt"]:
            paragraph = soup.new_tag("p", attrs={"class": "eunato-chart-description"})
            label_tag = soup.new_tag("strong")
            label_tag.string = "The chart in words: "
            paragraph.append(label_tag)
            paragraph.append(img["alt"])
            text.replace_with(paragraph)
    for img in soup.find_all("img"):
        if not img.get("alt", "").strip():
            page.warnings.append("an image without alt text")
    page.warnings += heading_problems(soup)
    externalise_charts(soup, page, out)
    return str(soup)


# ---------------------------------------------------------------------------------------------------------------
# pages


def build_page(
    exporter, page: Page, pages: list[Page], i: int, by_source: dict[str, Page], root: Path, out: Path, nb
) -> None:
    from nbconvert.exporters.exporter import ResourcesDict

    nb = copy.deepcopy(nb)
    page.warnings += add_chart_alt_text(nb)
    nb.metadata["title"] = f"{label(page)} · {SITE_TITLE}"
    learner = by_source.get(page.source.replace("exercises/solutions/", "exercises/"))
    solution = by_source.get(page.source.replace("exercises/", "exercises/solutions/"))
    banner = BANNERS.get(page.kind, "")
    banner = banner.format(
        learner=(
            f'<a href="{_relative(page.out, learner.out)}">{html.escape(learner.title)}</a>'
            if learner and learner is not page
            else "in the exercises folder"
        ),
        solution=(
            f'<a href="{_relative(page.out, solution.out)}">Solutions: {html.escape(solution.title)}</a>'
            if solution and solution is not page
            else "in the solutions folder"
        ),
    )
    resources = ResourcesDict()
    resources["metadata"] = ResourcesDict(name=Path(page.source).stem, path=str((root / page.source).parent))
    resources["eunato"] = {
        "kind": page.kind,
        "site_title": SITE_TITLE,
        "description": f"{label(page)}: a page of the readable edition of {SITE_TITLE}",
        "css_href": _relative(page.out, "course.css"),
        "index_href": _relative(page.out, "index.html"),
        "nav_top": nav_html(pages, i, "top"),
        "nav_bottom": nav_html(pages, i, "bottom"),
        "banner": banner,
        "footer_note": FOOTER_NOTE,
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = post_process(body, page, by_source, root, out)
    target = out / page.out
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")


def externalise_charts(soup, page: Page, out: Path) -> None:
    """Each chart as a PNG file of its own (figures/), shown in the page and linked to itself.

    On a phone a chart is shrunk to the screen's width; tapping it opens the picture at full size, where the
    phone's own zoom works. The page also gets much smaller (no base64 inside). Alt text stays on the <img>,
    so it names the link too.
    """
    import base64

    stem = page.out.removesuffix(".html").replace("/", "-")
    images = [img for img in soup.find_all("img") if img.get("src", "").startswith("data:image/png;base64,")]
    for n, img in enumerate(images, start=1):
        name = f"figures/{stem}-{n}.png"
        (out / "figures").mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(base64.b64decode(img["src"].split(",", 1)[1]))
        href = _relative(page.out, name)
        img["src"] = href
        img["loading"] = "lazy"
        link = soup.new_tag("a", href=href, attrs={"class": "eunato-chart-link"})
        img.wrap(link)
        hint = soup.new_tag("span", attrs={"class": "eunato-zoom-hint"})
        hint.string = "Open the chart at full size"
        link.append(hint)


FOOTER_NOTE = (
    "Code under the MIT licence; course text and the course's own data under CC BY 4.0; figures "
    "belong to their publishers (see data/README.md). Readable edition built from the saved notebooks."
)


def manifest_warnings(pages: list[Page], root: Path = ROOT) -> None:
    """A chapter whose notebook's title number or time disagrees with course.yaml gets a build warning."""
    listed = {c.notebook: c for c in course_chapters(root)}
    for page in pages:
        c = listed.get(page.source)
        if c is not None and page.minutes and page.minutes != c.minutes_text:
            page.warnings.append(f"the notebook says {page.minutes} minutes, course.yaml says {c.minutes_text}")


def index_html(pages: list[Page], root: Path = ROOT) -> str:
    chapters = [p for p in pages if p.kind == "chapter"]
    exercises = {p.number: p for p in pages if p.kind == "exercises"}
    listed = {c.notebook: c for c in course_chapters(root)}
    rows = []
    for chapter in chapters:
        entry = listed.get(chapter.source)  # course.yaml gives the chapter's number, time and summary
        if entry is not None:
            chapter.number, chapter.minutes = entry.number, entry.minutes_text
        exercise = exercises.get(chapter.number)
        ex_link = f'<a href="{exercise.out}">Exercises {chapter.number}</a>' if exercise else "none"
        rows.append(
            "<tr>"
            f'<td class="num">{chapter.number if chapter.number is not None else ""}</td>'
            f'<th scope="row"><a href="{chapter.out}">{html.escape(chapter.title)}</a>'
            + (f'<br><span class="eunato-toc-summary">{html.escape(entry.summary)}</span>' if entry else "")
            + "</th>"
            f'<td class="num">{chapter.minutes or "–"}</td>'
            f"<td>{ex_link}</td>"
            f'<td class="num">{(exercise.minutes or "–") if exercise else "–"}</td>'
            "</tr>"
        )
    total = sum(minutes_value(p.minutes) for p in pages if p.kind in ("chapter", "exercises"))
    sections = [
        '<h2 id="chapters">Chapters and exercises</h2>',
        (
            "<p>Read the chapters in order; each is followed by its exercises. The times are the notebooks' own "
            f"estimates, about {round(total / 60 * 2) / 2:g} hours in all.</p>"
        ),
        '<table class="eunato-toc"><caption>The course map: chapters, exercises and the time each takes</caption>'
        '<thead><tr><th scope="col">#</th><th scope="col">Chapter</th><th scope="col">Reading time (minutes)</th>'
        '<th scope="col">Exercises</th><th scope="col">Exercise time (minutes)</th></tr></thead>'
        "<tbody>" + "".join(rows) + "</tbody></table>",
    ]
    loose = [p for p in pages if p.kind == "exercises" and not any(c.number == p.number for c in chapters)]
    groups = [
        ("more-exercises", "More exercises", loose, ""),
        ("more-notebooks", "More notebooks", [p for p in pages if p.kind == "more"], ""),
        (
            "dashboard",
            "Class dashboard",
            [p for p in pages if p.kind == "dashboard"],
            "Every chapter's explorers on one page, without code (run it with Voila to use them).",
        ),
        (
            "solutions",
            "Solutions",
            [p for p in pages if p.kind == "solutions"],
            "Worked solutions to every exercise. Try the exercises first.",
        ),
        ("teachers", "For teachers", [p for p in pages if p.kind == "teachers"], ""),
        ("glossary", "Glossary", [p for p in pages if p.kind == "glossary"], ""),
    ]
    for anchor, heading, group, intro in groups:
        if not group:
            continue
        sections.append(f'<h2 id="{anchor}">{heading}</h2>')
        if intro:
            sections.append(f"<p>{intro}</p>")
        sections.append(
            "<ul>"
            + "".join(
                f'<li><a href="{p.out}">{html.escape(p.title)}</a>'
                + (f" ({p.minutes} minutes)" if p.minutes and p.kind != "solutions" else "")
                + "</li>"
                for p in group
            )
            + "</ul>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Contents · {html.escape(SITE_TITLE)}</title>
<meta name="description" content="The readable edition of {html.escape(SITE_TITLE)}: every chapter and exercise with its outputs.">
<link rel="stylesheet" href="course.css">
</head>
<body class="eunato-page eunato-index">
<a class="eunato-skip-link" href="#content">Skip to the content</a>
<header class="eunato-header">
<p class="eunato-site-name">{html.escape(SITE_TITLE)}</p>
{nav_html(pages, None, "top")}
</header>
<main id="content" tabindex="-1">
<h1>{html.escape(SITE_TITLE)}</h1>
<p class="eunato-lead">How the European Union and NATO work together: the history from the 2001 exchange of letters
to the Joint Declarations of 2016, 2018 and 2023, the areas of cooperation, the EU's Strategic Compass, and who is a
member of which and what the Allies spend on defence.</p>
<p>This is the <strong>readable edition</strong>: every notebook as a web page, with the charts and tables of its
last run, for reading on screen or printing as a handout. Nothing here runs. To use the explorers, answer the
self-checks and do the exercises, open the notebooks in Jupyter (see the course's README).</p>
{chr(10).join(sections)}
</main>
<footer class="eunato-footer">
<p class="eunato-footer-note">{FOOTER_NOTE}</p>
</footer>
</body>
</html>
"""


def build(root: Path = ROOT, out: Path = DEFAULT_OUT, log=print) -> Report:
    """Build the edition from the notebooks in root into out (emptied first). Returns what was built."""
    start = time.perf_counter()
    root, out = Path(root), Path(out)
    pages = collect_pages(root)
    if not pages:
        raise SystemExit(f"no notebooks found under {root}")
    sources = {}
    for page in pages:
        path = root / page.source
        nb = read_notebook(path) if path.suffix == ".ipynb" else markdown_notebook(path.read_text(encoding="utf-8"))
        markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
        page.title = first_heading(markdown) or path.stem.replace("_", " ")
        page.minutes = minutes_of(markdown)
        sources[page.source] = nb
    manifest_warnings(pages, root)
    by_source = {p.source: p for p in pages}
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copyfile(TEMPLATE_DIR / "course.css", out / "course.css")
    exporter = make_exporter()
    for i, page in enumerate(pages):
        build_page(exporter, page, pages, i, by_source, root, out, sources[page.source])
        log(f"  {page.out}  ({page.title})")
    (out / "index.html").write_text(index_html(pages, root), encoding="utf-8")
    report = Report(out=out, pages=pages, seconds=time.perf_counter() - start)
    (out / "build.json").write_text(
        json.dumps(
            {
                "pages": [
                    {"source": p.source, "page": p.out, "kind": p.kind, "title": p.title, "minutes": p.minutes}
                    for p in pages
                ],
                "warnings": report.warnings,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write (default: site/)")
    args = parser.parse_args(argv)
    print(f"[html] building the readable edition into {args.out}", flush=True)
    report = build(ROOT, args.out)
    for warning in report.warnings:
        print(f"[html] WARNING {warning}", file=sys.stderr)
    print(f"[html] {len(report.pages) + 1} pages in {report.seconds:.1f} s; open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
