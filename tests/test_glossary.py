"""The glossary: every maintained term has an entry, notebooks use no acronym the glossary lacks, the first use of
each term in a notebook links to its entry, and every such link resolves.

The maintained list of terms and the allow-list of non-terms live in ``tools/eunato_authoring/glossary.py`` (TERMS, ALLOWED).
When this test fails because a notebook uses a new acronym, add an entry to GLOSSARY.md (alphabetical, with an
``<a id="..."></a>`` line before its ``###`` heading) and its anchor to ``TERMS``, or, if it is not a course term,
add it to ``ALLOWED`` with the reason. ``python tools/eunato_authoring/glossary.py link NOTEBOOK`` adds missing first-use links.
"""

from __future__ import annotations

import functools
import itertools
import re

import nbformat
import pytest
from eunato_authoring import glossary
from eunato_authoring.glossary import ROOT

ENTRIES = glossary.parse_glossary()
NOTEBOOKS = glossary.notebooks()
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]
# The dashboard holds only explorers under short headings: it is scanned for acronyms but needs no first-use links.
LINKED = [p for p in NOTEBOOKS if p.name != "dashboard.ipynb"]


def _sort_key(term: str) -> str:
    return re.sub(r"[^0-9a-z ]", "", term.casefold())


# --- the glossary file ----------------------------------------------------------------------------------------
def test_every_maintained_term_has_an_entry_and_every_entry_is_maintained():
    missing = sorted(set(glossary.TERMS) - set(ENTRIES))
    unlisted = sorted(set(ENTRIES) - set(glossary.TERMS))
    assert not missing, f"GLOSSARY.md has no entry (<a id=...> + ### heading) for: {missing}"
    assert not unlisted, f"GLOSSARY.md entries missing from eunato_authoring.glossary.TERMS: {unlisted}"


def test_the_terms_the_issue_names_are_in_the_glossary():
    tokens = glossary.known_tokens(ENTRIES)
    for acronym in [
        "CSDP",
        "ESDP",
        "PESCO",
        "EDA",
        "HR/VP",
        "SG",
        "FIMI",
        "CBRN",
        "WPS",
        "EDTs",
        "RDC",
        "MPCC",
        "PACE",
        "EU",
        "NATO",
        "GDP",
    ]:
        assert acronym in tokens, acronym
    for anchor in ["berlin-plus", "hybrid-threats", "strategic-compass", "joint-declaration", "common-actions"]:
        assert anchor in ENTRIES, anchor


def test_entries_are_in_alphabetical_order():
    terms = [e.term for e in ENTRIES.values()]
    assert terms == sorted(terms, key=_sort_key), "GLOSSARY.md entries are not in alphabetical order"


@pytest.mark.parametrize("anchor", list(ENTRIES))
def test_entry_has_a_short_definition_and_says_where_it_is_used(anchor):
    entry = ENTRIES[anchor]
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", anchor), f"anchor '{anchor}': lower case, digits and hyphens"
    assert entry.definition, f"{entry.term}: no definition"
    sentences = re.findall(r"[.!?](?:\s|$)", re.sub(r"\([^)]*\)", "", entry.definition))
    assert 1 <= len(sentences) <= 3, f"{entry.term}: the definition should be one to three sentences"
    assert entry.used_in, f"{entry.term}: no 'Used in:' line"


@functools.cache
def _chapter_texts() -> tuple[tuple[int, str], ...]:
    """Each chapter notebook's number and its prose and outputs as one text (read once for all the terms)."""
    out = []
    for path in NOTEBOOKS:
        chapter = glossary.chapter_of(path)
        if chapter is not None:
            out.append((chapter, "\n".join(glossary.markdown_sources(path) + glossary.output_texts(path))))
    return tuple(out)


def _chapters_using(patterns):
    regex = re.compile("|".join(f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})" for p in patterns))
    return {chapter for chapter, text in _chapter_texts() if regex.search(text)}


@pytest.mark.parametrize("anchor", [a for a, p in glossary.TERMS.items() if p])
def test_used_in_names_only_chapters_that_use_the_term(anchor):
    entry = ENTRIES[anchor]
    wrong = entry.chapters - _chapters_using(glossary.TERMS[anchor])
    assert not wrong, f"{entry.term}: 'Used in' names chapter(s) {sorted(wrong)}, which do not use it"


def test_links_inside_the_glossary_resolve():
    text = glossary.GLOSSARY.read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    for link in glossary.links(text):
        if link.url.startswith("#"):
            assert link.url[1:] in anchors, f"GLOSSARY.md links to {link.url}, which is not an anchor in it"


def test_headings_do_not_skip_a_level():
    levels = [
        len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", glossary.GLOSSARY.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_allow_list_does_not_hide_glossary_terms():
    assert not set(glossary.ALLOWED) & glossary.known_tokens(ENTRIES)
    for token, reason in glossary.ALLOWED.items():
        assert glossary.ACRONYM.fullmatch(token) and reason, token


# --- the scanner itself -----------------------------------------------------------------------------------------
def test_scanner_reports_a_new_acronym():
    text = "The XYZQ agreement was signed by the EU and NATO, says the HR/VP, on EDTs and SMEs."
    assert glossary.unknown_acronyms(text, ENTRIES) == ["XYZQ"]


def test_scanner_finds_acronym_shapes():
    found = glossary.find_acronyms(
        "HR/VP, EDTs, CBRN-related, NATO's, EU27; not data/ABC.csv, x_ABC, Council "
        "Decision 2004/803/CFSP, or <NA> in a table, nor a Word or a single X, nor 2024-TABLES-en.xlsx."
    )
    assert found == ["HR/VP", "EDTs", "CBRN", "NATO", "EU27"]


def test_allow_list_and_country_codes_are_not_reported():
    assert glossary.unknown_acronyms("EUR 150 billion; members AT, BE and MR", ENTRIES) == []


def _notebook(tmp_path, *markdown):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(m) for m in markdown]
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    path = tmp_path / "notebooks" / "09_test.ipynb"
    nbformat.write(nb, path)
    return path


def test_first_use_without_a_link_is_reported_and_the_linker_fixes_it(tmp_path):
    path = _notebook(tmp_path, "# About CBRN\n\nThe course on `CBRN` code.", "Risks called CBRN matter; CBRN again.")
    problems = glossary.first_use_problems(path, {"cbrn": glossary.TERMS["cbrn"]})
    assert len(problems) == 1 and "'CBRN'" in problems[0] and "#cbrn" in problems[0]
    done = glossary.link_first_uses(path, {"cbrn": glossary.TERMS["cbrn"]}, root=tmp_path)
    assert len(done) == 1
    source = nbformat.read(path, as_version=4).cells[1].source
    assert source == "Risks called [CBRN](../GLOSSARY.md#cbrn) matter; CBRN again."
    assert glossary.first_use_problems(path, {"cbrn": glossary.TERMS["cbrn"]}) == []


def test_a_link_to_another_entry_does_not_count_as_first_use(tmp_path):
    path = _notebook(tmp_path, "The [Council of the EU](../GLOSSARY.md#council-of-the-eu) met.", "The EU decided.")
    terms = {"eu": glossary.TERMS["eu"]}
    assert glossary.first_use(glossary.markdown_sources(path), "eu")[0] == 1
    assert len(glossary.first_use_problems(path, terms)) == 1


def test_a_link_to_a_missing_anchor_is_found(tmp_path):
    path = _notebook(tmp_path, "[XYZQ](../GLOSSARY.md#xyzq)")
    ((_url, _target, anchor),) = glossary.glossary_links(path, tmp_path)
    assert anchor == "xyzq" and anchor not in ENTRIES


# --- the notebooks ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_uses_no_acronym_the_glossary_lacks(path):
    """Markdown and the text a learner reads under code cells."""
    text = "\n".join(glossary.markdown_sources(path) + glossary.output_texts(path))
    unknown = glossary.unknown_acronyms(text, ENTRIES)
    assert not unknown, (
        f"{path.name} uses {unknown}: add each to GLOSSARY.md and eunato_authoring.glossary.TERMS, or to "
        "eunato_authoring.glossary.ALLOWED with a reason"
    )


@pytest.mark.parametrize("path", LINKED, ids=[str(p.relative_to(ROOT)) for p in LINKED])
def test_first_use_of_each_term_links_to_the_glossary(path):
    problems = glossary.first_use_problems(path)
    assert not problems, "\n".join(
        [*problems, "(python tools/eunato_authoring/glossary.py link <notebook> adds the links)"]
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_glossary_links_resolve(path):
    for url, target, anchor in glossary.glossary_links(path):
        assert target == glossary.GLOSSARY.resolve(), f"{path.name}: {url} does not point to GLOSSARY.md"
        assert anchor in ENTRIES, f"{path.name}: {url} names an anchor GLOSSARY.md does not have"


# --- the teacher guide links to real files and glossary entries -----------------------------------------------
GUIDE = ["README.md", "00_start.md", "01_history.md", "02_areas.md", "03_compass.md", "04_members.md"]


@pytest.mark.parametrize("name", GUIDE)
def test_teacher_guide_links_resolve(name):
    page = ROOT / "teachers" / name
    for link in glossary.links(page.read_text(encoding="utf-8")):
        if link.url.startswith(("http://", "https://", "#")):
            continue
        path, _, anchor = link.url.partition("#")
        target = (page.parent / path).resolve()
        assert target.exists(), f"teachers/{name} links to {link.url}, which does not exist"
        if target == glossary.GLOSSARY.resolve() and anchor:
            assert anchor in ENTRIES, f"teachers/{name} links to {link.url}, which is not a glossary entry"


def test_used_in_names_every_chapter_that_links_the_entry():
    """A chapter that links an entry is a place the term is used: its 'Used in' line must name it (the Explorer
    entry left out chapter 5, which links it)."""
    missing = []
    for path in glossary.notebooks():
        chapter = glossary.chapter_of(path)
        if chapter is None:
            continue
        for anchor in {anchor for _url, _target, anchor in glossary.glossary_links(path)}:
            if anchor in ENTRIES and chapter not in ENTRIES[anchor].chapters:
                missing.append(f"{ENTRIES[anchor].term}: chapter {chapter} ({path.name}) links it")
    assert not missing, "add these chapters to the entries' 'Used in' lines:\n" + "\n".join(sorted(missing))
