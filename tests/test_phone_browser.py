"""The readable HTML edition on a phone (390 px) and on a laptop (1280 px), in headless Chromium.

For every page of the edition (built once from the notebooks as saved):
* nothing scrolls sideways: the page is no wider than the window (a table wider than the page scrolls in
  its own box instead, which is checked too);
* every image has alt text, and every chart is a link to its own picture, which opens at full size when tapped;
* the body text (paragraphs and list items of the prose and of the chart descriptions) is at least 16 px.

Without Chromium or Playwright the test is skipped (fails on CI), like the other browser tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_html
from browser_support import Browser, require_browser

WIDTHS = [390, 1280]

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


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("phone") / "site"
    build_html.build(ROOT, out, log=lambda *_: None)
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = require_browser()
    b = Browser(executable, tmp_path_factory.mktemp("profile"))
    yield b
    b.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen_with_alt_text_linked_charts_and_16px_text(site, browser, width):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    pages = sorted(site.rglob("*.html"))
    charts = 0
    for path in pages:
        page.goto(path.as_uri())
        report = page.evaluate(CHECK)
        name = path.relative_to(site).as_posix()
        if report["scrollWidth"] > report["width"]:
            problems.append(f"{name}: the page is {report['scrollWidth']} px wide at {width} px")
        problems += [f"{name}: wider than the screen: {w}" for w in report["wide"][:3]]
        problems += [f"{name}: image without alt text: {src}" for src in report["noAlt"]]
        problems += [f"{name}: chart that does not open at full size: {src}" for src in report["unlinked"]]
        problems += [f"{name}: text under 16 px: {s}" for s in report["small"][:3]]
        for img in page.query_selector_all("a.eunato-chart-link img"):
            charts += 1
            target = (path.parent / img.get_attribute("src")).resolve()
            if not target.is_file():
                problems.append(f"{name}: a chart's picture is missing: {target}")
    page.close()
    assert len(pages) > 10
    assert not problems, f"at {width} px:\n" + "\n".join(problems[:40])
