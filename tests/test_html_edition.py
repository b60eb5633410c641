"""The readable HTML edition (tools/build_html.py, `python3 course.py html`): it builds, offline, and is accessible.

The edition is built once into a temporary folder from the notebooks as they are saved. Then:

* every chapter, exercise notebook and solution has a page, the contents page links to each with its title and
  minutes, and the previous / contents / next links and every link inside the pages lead to a file that exists;
* nothing is loaded from the internet: no script at all, no external stylesheet, font or @import;
* each page has lang="en", a title, a skip link to <main id="content">, exactly one h1 (the notebook's first
  heading) and no heading that skips a level;
* every image has a non-empty alt text; in the chapters it is the description printed after the chart;
* axe-core (npm, package.json) in headless Chromium finds no serious or critical violation on any page.
  Without Chromium that test is skipped (fails on CI, CI=true), like the other browser tests; without axe-core
  it runs `npm ci` itself, and without npm it is skipped (fails on CI).

The colour checks (palette with colour blindness, WCAG contrast) are in tests/test_colours.py.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import axe_audit
import build_html
from browser_support import in_ci, require_browser

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("html-edition") / "site"
    start = time.perf_counter()
    report = build_html.build(ROOT, out, log=lambda *_: None)
    report.wall_seconds = time.perf_counter() - start
    return report


@pytest.fixture(scope="module")
def soups(built):
    return {
        path.relative_to(built.out).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(built.out.rglob("*.html"))
    }


def expected_sources() -> list[str]:
    found = [
        p.relative_to(ROOT).as_posix()
        for pattern in (
            "notebooks/*.ipynb",
            "exercises/*.ipynb",
            "exercises/solutions/*.ipynb",
            "teachers/*.md",
            "GLOSSARY.md",
        )
        for p in sorted(ROOT.glob(pattern))
    ]
    return [f for f in found if ".ipynb_checkpoints" not in f]


# ---------------------------------------------------------------------------------------------------------------
# it builds, with every page


def test_every_notebook_has_a_page(built):
    pages = {p.source: p for p in built.pages}
    missing = [s for s in expected_sources() if s not in pages]
    assert not missing, f"no page for: {missing}"
    for page in built.pages:
        assert (built.out / page.out).is_file(), page.out
        assert page.title, f"{page.source}: no title (first heading)"
    assert (built.out / "index.html").is_file() and (built.out / "course.css").is_file()
    assert built.wall_seconds < 120, f"the build took {built.wall_seconds:.0f} s"


def test_reading_order_puts_each_chapter_before_its_exercises_and_solutions_last(built):
    kinds = [p.kind for p in built.pages]
    chapters = [p for p in built.pages if p.kind == "chapter"]
    assert [p.source for p in chapters] == sorted(p.source for p in chapters)
    assert kinds.index("solutions") > max(i for i, k in enumerate(kinds) if k in ("chapter", "exercises"))
    primers = {p.notebook for c in build_html.course_chapters(ROOT) for p in c.primers}  # read before the exercises
    for i, page in enumerate(built.pages[:-1]):
        if page.kind == "chapter" and any(p.kind == "exercises" and p.number == page.number for p in built.pages):
            rest = [p for p in built.pages[i + 1 :] if p.source not in primers]
            following = rest[0]
            assert following.kind == "exercises" and following.number == page.number, page.source
            between = built.pages[i + 1 : built.pages.index(following)]
            assert all(p.source in primers and p.number == page.number for p in between), page.source


def test_contents_page_lists_every_page_with_title_and_minutes(built, soups):
    index = soups["index.html"]
    links = {a["href"]: a.get_text(" ", strip=True) for a in index.select("main a[href]")}
    for page in built.pages:
        assert page.out in links, f"the contents page does not link to {page.out}"
        if page.kind in ("chapter", "solutions"):
            assert links[page.out] == page.title
    rows = index.select("table.eunato-toc tbody tr")
    chapters = [p for p in built.pages if p.kind == "chapter"]
    assert len(rows) == len(chapters)
    for row, chapter in zip(rows, chapters, strict=True):
        assert chapter.minutes, f"{chapter.source}: no 'Time to complete: about N minutes'"
        assert str(chapter.minutes) in row.get_text(" "), chapter.source
    assert index.find(string=re.compile("Solutions")), "no Solutions heading on the contents page"


def test_chapter_titles_are_the_notebooks_first_headings(built):
    import nbformat

    for page in built.pages:
        if page.source.endswith(".ipynb"):
            nb = nbformat.read(str(ROOT / page.source), as_version=4)
            first = next(
                line
                for c in nb.cells
                if c.cell_type == "markdown"
                for line in c.source.splitlines()
                if line.startswith("#")
            )
            assert page.title == build_html._plain(first.lstrip("#")), page.source


def test_outputs_are_the_saved_ones_not_re_executed(built, soups):
    """The build must not run code: a chart's PNG in the page is the one saved in the notebook."""
    import nbformat

    page = next(p for p in built.pages if p.kind == "chapter" and "image/png" in (ROOT / p.source).read_text())
    nb = nbformat.read(str(ROOT / page.source), as_version=4)
    saved = next(
        o["data"]["image/png"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    )
    import base64

    files = [built.out / Path(page.out).parent / img["src"] for img in soups[page.out].find_all("img")]
    assert any(f.is_file() and f.read_bytes() == base64.b64decode(saved) for f in files)


def test_build_reports_no_broken_links_or_heading_problems(built):
    serious = [w for w in built.warnings if "printed description" not in w]
    assert not serious, "\n".join(serious)


def test_markdown_pages_are_picked_up_and_linked(tmp_path):
    """teachers/*.md and GLOSSARY.md (written elsewhere) become pages when they exist, linked both ways."""
    import shutil

    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "teachers").mkdir()
    shutil.copy(ROOT / "notebooks" / "00_start.ipynb", root / "notebooks")
    (root / "teachers" / "guide.md").write_text(
        "# Teacher guide\n\nStart with [the first chapter](../notebooks/00_start.ipynb) and the "
        "[glossary](../GLOSSARY.md#b).\n\n## Timing\n\n| Lesson | Minutes |\n|---|---|\n| 1 | 45 |\n",
        encoding="utf-8",
    )
    (root / "GLOSSARY.md").write_text(
        "# Glossary\n\n## B\n\n**Berlin Plus**: arrangements of 2003.\n", encoding="utf-8"
    )
    out = tmp_path / "site"
    report = build_html.build(root, out, log=lambda *_: None)
    kinds = {p.source: p.kind for p in report.pages}
    assert kinds == {"notebooks/00_start.ipynb": "chapter", "teachers/guide.md": "teachers", "GLOSSARY.md": "glossary"}
    guide = BeautifulSoup((out / "teachers" / "guide.html").read_text(encoding="utf-8"), "html.parser")
    assert guide.h1.get_text(strip=True) == "Teacher guide"
    hrefs = [a["href"] for a in guide.select("main a[href]")]
    assert "../notebooks/00_start.html" in hrefs and "../GLOSSARY.html#b" in hrefs
    assert guide.select("table th"), "a markdown table lost its header cells"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "teachers/guide.html" in index and "GLOSSARY.html" in index and "For teachers" in index
    assert not [w for w in report.warnings if not w.startswith("notebooks/")], report.warnings
    glossary = BeautifulSoup((out / "GLOSSARY.html").read_text(encoding="utf-8"), "html.parser")
    assert glossary.find(id="b") is not None, "GitHub-style section ids are missing"


# ---------------------------------------------------------------------------------------------------------------
# offline


def test_nothing_is_loaded_from_the_internet(soups):
    problems = []
    for name, soup in soups.items():
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video", "audio", "embed", "object"]):
            for attribute in ("src", "href", "data"):
                value = tag.get(attribute)
                if value and EXTERNAL.match(value):
                    problems.append(f"{name}: <{tag.name} {attribute}={value}>")
        if soup.find("script"):
            problems.append(f"{name}: has a <script> (the edition needs none)")
        for style in soup.find_all("style"):
            text = style.get_text()
            if re.search(r"@import|url\(\s*['\"]?(https?:)?//", text):
                problems.append(f"{name}: a <style> imports from the internet")
    assert not problems, "\n".join(problems)


def test_stylesheet_is_local_and_has_print_rules(built):
    css = (built.out / "course.css").read_text(encoding="utf-8")
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css)
    assert "@media print" in css
    print_rules = css[css.index("@media print") :]
    assert ".eunato-nav" in print_rules and "display: none" in print_rules
    assert "break-inside: avoid" in print_rules


# ---------------------------------------------------------------------------------------------------------------
# structure


def test_every_page_has_language_title_skip_link_and_landmarks(soups):
    for name, soup in soups.items():
        assert soup.html.get("lang") == "en", name
        assert soup.title and soup.title.get_text(strip=True), f"{name}: no <title>"
        skip = soup.body.find("a")
        assert skip is not None and skip.get("href") == "#content", f"{name}: the first link is not a skip link"
        assert soup.find("main", id="content"), f"{name}: no <main id='content'>"
        assert len(soup.find_all("main")) == 1, name
        assert soup.find("header") and soup.find("footer"), name
        navs = soup.find_all("nav")
        assert navs and all(n.get("aria-label") for n in navs), f"{name}: a nav without a label"
        assert len({n["aria-label"] for n in navs}) == len(navs), f"{name}: two navs with the same label"


def test_one_h1_per_page_and_it_is_the_first_heading(built, soups):
    titles = {p.out: p.title for p in built.pages}
    for name, soup in soups.items():
        h1s = soup.find_all("h1")
        assert len(h1s) == 1, f"{name}: {len(h1s)} h1 headings"
        if name in titles:
            assert h1s[0].get_text(" ", strip=True) == titles[name], name
            assert titles[name] in soup.title.get_text(), name


def test_headings_do_not_skip_levels(soups):
    problems = []
    for name, soup in soups.items():
        problems += [f"{name}: {p}" for p in build_html.heading_problems(soup)]
    assert not problems, "\n".join(problems)


def test_no_anchor_links_without_text(soups):
    for name, soup in soups.items():
        for a in soup.find_all("a", href=True):
            assert a.get_text(strip=True) or a.get("aria-label"), f"{name}: an empty link {a}"
        assert not soup.select("a.anchor-link"), f"{name}: nbconvert's ¶ anchor links are still there"


def test_navigation_and_links_lead_to_existing_files(built, soups):
    problems = []
    for name, soup in soups.items():
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if href.startswith("#"):
                if href != "#" and not soup.find(id=unquote(href[1:])):
                    problems.append(f"{name}: {href} points at no element")
                continue
            if urlparse(href).scheme:
                continue
            target = (built.out / name).parent / unquote(href.split("#")[0])
            if not target.resolve().is_file():
                problems.append(f"{name}: link to {href} leads to nothing")
        if name != "index.html":
            nav = soup.find("nav")
            texts = [a.get_text(" ", strip=True) for a in nav.find_all("a")]
            assert "Contents" in texts, f"{name}: no Contents link in the nav bar"
    assert not problems, "\n".join(problems)
    first, last = built.pages[0], built.pages[-1]
    assert "Previous" not in soups[first.out].find("nav").get_text()
    assert "Next" not in soups[last.out].find("nav").get_text()
    for page in built.pages[1:-1]:
        text = soups[page.out].find("nav").get_text()
        assert "Previous" in text and "Next" in text, page.out


def test_solutions_pages_say_they_are_solutions(built, soups):
    for page in built.pages:
        if page.kind == "solutions":
            assert "Solutions" in soups[page.out].title.get_text()
            assert "Worked solutions" in soups[page.out].find(class_="eunato-banner").get_text()


# ---------------------------------------------------------------------------------------------------------------
# text alternatives


def test_every_image_has_alt_text(soups):
    missing = [
        f"{name}: image {i + 1}"
        for name, soup in soups.items()
        for i, img in enumerate(soup.find_all("img"))
        if not img.get("alt", "").strip()
    ]
    assert not missing, "images without alt text:\n" + "\n".join(missing)
    assert sum(len(s.find_all("img")) for s in soups.values()) > 0


def test_chapter_charts_use_their_description_as_alt_text(built, soups):
    """A course figure carries its description (eunato.style.display_outputs): in the picture's metadata
    ('eunato_alt'), which becomes the alt text, and as a paragraph right after the picture."""
    import nbformat

    for page in built.pages:
        if page.kind != "chapter":
            continue
        nb = nbformat.read(str(ROOT / page.source), as_version=4)
        described = []
        for cell in nb.cells:
            outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
            for i, output in enumerate(outputs):
                if "image/png" in output.get("data", {}):
                    alt = output.get("metadata", {}).get("eunato_alt", "")
                    after = outputs[i + 1] if i + 1 < len(outputs) else {}
                    assert alt and "The chart in words" in str(after.get("data", {}).get("text/html", "")), (
                        f"{page.source}: a chart that does not carry its description"
                    )
                    described.append(" ".join(alt.split()))
        alts = [" ".join(img["alt"].split()) for img in soups[page.out].select(".jp-RenderedImage img")]
        assert alts == described, page.source
        descriptions = soups[page.out].select(
            ".jp-RenderedImage + * .eunato-chart-description, .eunato-chart-description"
        )
        assert len(descriptions) >= len(described), page.source


def test_alt_text_falls_back_to_the_chart_title_in_the_code():
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('fig, ax = plt.subplots()\nax.set_title("Spending rose")')
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})]
    nb.cells.append(cell)
    warnings = build_html.add_chart_alt_text(nb)
    assert "Spending rose" in cell.outputs[0].metadata["eunato_alt"] and warnings


# ---------------------------------------------------------------------------------------------------------------
# axe-core in headless Chromium


def axe_or_skip() -> Path:
    try:
        return axe_audit.ensure_axe(ROOT)
    except axe_audit.AxeUnavailable as why:
        if in_ci():
            pytest.fail(f"axe-core is needed on CI: {why}", pytrace=False)
        pytest.skip(f"accessibility audit skipped: {why}")


@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation(built, tmp_path_factory):
    chromium = require_browser()
    axe_js = axe_or_skip()
    results = axe_audit.audit_site(built.out, chromium, axe_js, tmp_path_factory.mktemp("axe-profile"))
    assert set(results) == {p.relative_to(built.out).as_posix() for p in built.out.rglob("*.html")}
    print("\naxe-core violations by impact (rules per page)\n" + axe_audit.table(results))
    blocking = [
        axe_audit.describe(page, v)
        for page, violations in results.items()
        for v in violations
        if v.get("impact") in axe_audit.BLOCKING
    ]
    assert not blocking, "axe-core found serious or critical violations:\n" + "\n".join(blocking)


@pytest.mark.browser
def test_print_hides_navigation(built, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    chromium = require_browser()
    page_path = built.out / next(p.out for p in built.pages if p.kind == "chapter")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("print-profile")),
            executable_path=chromium,
            headless=True,
            args=axe_audit.CHROMIUM_ARGS,
            timeout=60_000,
        )
        try:
            page = context.new_page()
            page.goto(page_path.as_uri())
            assert page.locator("nav.eunato-nav").first.is_visible()
            page.emulate_media(media="print")
            assert not page.locator("nav.eunato-nav").first.is_visible()
            assert page.locator("main h1").is_visible()
        finally:
            context.close()
