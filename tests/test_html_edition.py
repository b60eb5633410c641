"""The readable HTML edition (tools/build_html.py, `python3 course.py html`): it builds, offline, and is accessible.

The edition is built once into a temporary folder from the notebooks as they are saved. Then:

* every chapter, exercise notebook and solution has a page, the contents page links to each with its title and
  minutes, and the previous / contents / next links and every link inside the pages lead to a file that exists;
* nothing is loaded from the internet: no script at all, no external stylesheet, font or @import;
* each page has lang="en", a title, a skip link to <main id="content">, exactly one h1 (the notebook's first
  heading) and no heading that skips a level;
* every image has a non-empty alt text; in the chapters it is the description printed after the chart;
* axe-core (npm, package.json) in headless Chromium finds no violation on any page, minor ones included;
* on a phone (390 px) and a laptop (1280 px), in headless Chromium, nothing on any page scrolls sideways (a table
  wider than the page scrolls in its own box), every chart is a link to its own picture, and the body text is at
  least 16 px.
  Without Chromium that test is skipped (fails on CI, CI=true), like the other browser tests; without axe-core
  it runs `npm ci` itself, and without npm it is skipped (fails on CI).

The colour checks (palette with colour blindness, WCAG contrast) are in tests/test_colours.py.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import axe_audit
import build_html
from browser_support import in_ci

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_html.build(ROOT, tmp_path_factory.mktemp("html-edition") / "site", log=lambda *_: None)


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


# --- in Chromium: each page opened once, at a laptop's and a phone's width, and audited by axe-core ---------------
WIDTHS = [390, 1280]  # px: a phone, then a laptop (axe-core audits the page at the last width)

CHECK = """
() => {
  const doc = document.documentElement;
  const report = {width: window.innerWidth, scrollWidth: doc.scrollWidth, wide: [], noAlt: [], unlinked: [],
                  small: [], tables: 0};
  // what sticks out past the right edge, and is not inside a box that scrolls sideways
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if ((s === 'auto' || s === 'scroll') && p.clientWidth <= window.innerWidth) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('main *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > window.innerWidth + 1 && !scrolls(el)) {
      report.wide.push(el.tagName + '.' + (el.className || '') + ' ' + Math.round(r.right) + 'px');
    }
  }
  for (const t of document.querySelectorAll('main table')) {
    report.tables += 1;
    const box = getComputedStyle(t).overflowX === 'auto' ? t : t.parentElement;
    if (t.scrollWidth > box.clientWidth + 1 && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)
        && !scrolls(t)) report.wide.push('table not scrolling in its box');
  }
  for (const img of document.querySelectorAll('img')) {
    if (!(img.getAttribute('alt') || '').trim()) report.noAlt.push(img.getAttribute('src').slice(0, 60));
    const link = img.closest('a');
    if (!link || link.getAttribute('href') !== img.getAttribute('src')) report.unlinked.push(img.getAttribute('src').slice(0, 60));
  }
  const prose = 'main .jp-RenderedMarkdown p, main .jp-RenderedMarkdown li, main .eunato-chart-description, ' +
                '.eunato-index main > p';
  for (const p of document.querySelectorAll(prose)) {
    const size = parseFloat(getComputedStyle(p).fontSize);
    if (p.textContent.trim() && size < 16) report.small.push(p.textContent.trim().slice(0, 40) + ' ' + size + 'px');
  }
  return report;
}
"""


@dataclass
class Visit:
    """What one page of the edition showed in Chromium."""

    layout: dict[int, dict]  # CHECK's report at each of WIDTHS
    charts: list[str]  # the src of each chart picture (a link to itself)
    axe: list[dict] | None  # axe-core's violations, None when axe-core is not available


@pytest.fixture(scope="module")
def axe_js():
    """axe-core's script (installed with npm when missing), or the reason it is not available."""
    try:
        return axe_audit.ensure_axe(ROOT), None
    except axe_audit.AxeUnavailable as why:
        return None, str(why)


@pytest.fixture(scope="module")
def visits(built, lab_browser, axe_js) -> dict[str, Visit]:
    """Every page opened once: the window is resized to each width (layout is redone, the page is not reloaded),
    then axe-core audits it. One pass serves the layout test and the audit."""
    script, _why = axe_js
    page = lab_browser.new_page()  # the worker's Chromium (tests/browser_support.py)
    page.set_default_timeout(60_000)
    if script:
        axe_audit.axe_in_every_page(page, script)
    out = {}
    try:
        for path in sorted(built.out.rglob("*.html")):
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            page.goto(path.as_uri(), wait_until="load")
            layout = {}
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                layout[width] = page.evaluate(CHECK)
            charts = [img.get_attribute("src") for img in page.query_selector_all("a.eunato-chart-link img")]
            axe = axe_audit.audit_page(page, script) if script else None
            out[path.relative_to(built.out).as_posix()] = Visit(layout, charts, axe)
    finally:
        page.close()
    return out


@pytest.mark.browser
def test_axe_finds_no_violation_on_any_page(built, visits, axe_js):
    if axe_js[0] is None:
        if in_ci():
            pytest.fail(f"axe-core is needed on CI: {axe_js[1]}", pytrace=False)
        pytest.skip(f"accessibility audit skipped: {axe_js[1]}")
    results = {name: visit.axe for name, visit in visits.items()}
    assert set(results) == {p.relative_to(built.out).as_posix() for p in built.out.rglob("*.html")}
    print("\naxe-core violations by impact (rules per page)\n" + axe_audit.table(results))
    found = [axe_audit.describe(page, v) for page, violations in results.items() for v in violations]
    assert not found, "axe-core found violations (minor ones count too):\n" + "\n".join(found)


@pytest.mark.browser
def test_the_audit_reports_what_a_page_made_to_fail_gets_wrong(tmp_path, lab_browser, axe_js):
    """The audit as the fixture runs it (axe loaded into every page the tab opens) is not blind: a page with an
    image without alt text and grey-on-white text gets axe's critical and serious violations for both."""
    if axe_js[0] is None:
        pytest.skip(f"accessibility audit skipped: {axe_js[1]}")
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        '<p style="color:#bbb;background:#fff">faint text</p><img src="chart.png"></main></body></html>',
        encoding="utf-8",
    )
    page = lab_browser.new_page()
    try:
        axe_audit.axe_in_every_page(page, axe_js[0])
        for _ in range(2):  # the second page of the tab too: the script is loaded again at each page
            page.goto(bad.as_uri(), wait_until="load")
            assert page.evaluate("() => typeof window.axe") == "object", "axe-core is not in the page as it opens"
            found = {v["id"]: v["impact"] for v in axe_audit.audit_page(page, axe_js[0])}
            assert found.get("image-alt") == "critical" and found.get("color-contrast") == "serious", found
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen_with_alt_text_linked_charts_and_16px_text(built, visits, width):
    problems = []
    for name, visit in visits.items():
        report = visit.layout[width]
        if report["scrollWidth"] > report["width"]:
            problems.append(f"{name}: the page is {report['scrollWidth']} px wide at {width} px")
        problems += [f"{name}: wider than the screen: {w}" for w in report["wide"][:3]]
        problems += [f"{name}: image without alt text: {src}" for src in report["noAlt"]]
        problems += [f"{name}: chart that does not open at full size: {src}" for src in report["unlinked"]]
        problems += [f"{name}: text under 16 px: {s}" for s in report["small"][:3]]
    assert len(visits) > 10
    assert not problems, f"at {width} px:\n" + "\n".join(problems[:40])


@pytest.mark.browser
def test_every_chart_opens_its_own_picture(built, visits):
    missing, charts = [], 0
    for name, visit in visits.items():
        for src in visit.charts:
            charts += 1
            if not (built.out / name).parent.joinpath(src).resolve().is_file():
                missing.append(f"{name}: a chart's picture is missing: {src}")
    assert charts > 20, f"only {charts} charts found in the edition"
    assert not missing, "\n".join(missing[:40])


@pytest.mark.browser
def test_print_hides_navigation(built, lab_browser):
    page_path = built.out / next(p.out for p in built.pages if p.kind == "chapter")
    page = lab_browser.new_page()
    try:
        page.goto(page_path.as_uri())
        assert page.locator("nav.eunato-nav").first.is_visible()
        page.emulate_media(media="print")
        assert not page.locator("nav.eunato-nav").first.is_visible()
        assert page.locator("main h1").is_visible()
    finally:
        page.close()
