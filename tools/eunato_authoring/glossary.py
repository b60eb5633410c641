"""The course glossary: the maintained list of terms, a reader for GLOSSARY.md, and the scanners behind its test.

GLOSSARY.md (at the root of the repository) holds one entry per term, in alphabetical order, under a
``## A``, ``## B``, ... heading per letter (so that headings do not skip a level)::

    <a id="fimi"></a>
    ### Foreign information manipulation and interference (FIMI)
    A definition in one to three sentences.
    *Used in: Chapter 1, Chapter 2, Chapter 3.*

Notebooks link the first use of a term to its entry: ``[FIMI](../GLOSSARY.md#fimi)``. The explicit ``<a id>``
anchor works on GitHub and in JupyterLab alike (their own heading ids differ: GitHub lowercases and drops
punctuation, JupyterLab keeps case and punctuation).

This module keeps
* ``TERMS``: every entry the glossary must have, with the patterns that find a *use* of the term in a notebook's
  markdown (an empty tuple marks a reference entry whose first use is not checked);
* ``ALLOWED``: capitalised tokens that look like acronyms but are not glossary terms, each with its reason;
* ``find_acronyms``, ``unknown_acronyms``: the acronym scanner (a new acronym in a notebook fails the test until
  it gets an entry here and in GLOSSARY.md, or an allow-list reason);
* ``first_use_problems``: checks that the first use of each term in a notebook links to its entry;
* ``link_first_uses``: adds those links (``python tools/eunato_authoring/glossary.py link PATH...``); review the result.

``python tools/eunato_authoring/glossary.py check`` prints every problem the test would report.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from eunato.manifest import ROOT, all_notebooks

GLOSSARY = ROOT / "GLOSSARY.md"

# --- the maintained list ------------------------------------------------------------------------------------
# anchor -> patterns (regular expressions, case-sensitive unless they start with (?i)) that find a use of the
# term in markdown. The first use in each notebook must be a link to GLOSSARY.md#anchor.
_EU = r"(?<![-–])\bEU\b(?![-–]NATO)"
TERMS: dict[str, tuple[str, ...]] = {
    "two-percent-guideline": (r"\b2% guideline", r"guideline of spending at least 2% of GDP(?: on defence)?"),
    "act-secure-invest-partner": (r"(?i)\bact, secure, invest,? (?:and )?partner\b",),
    "ally": (r"\bAll(?:y|ies)\b",),
    "berlin-plus": (r"\bBerlin Plus\b",),
    "capabilities": (r"(?i)\b(?:defence )?capabilities\b",),
    "capacity-building": (r"(?i)\bcapacity-building\b",),
    "cbrn": (r"\bCBRN\b",),
    "collective-defence": (r"(?i)\bcollective defence\b",),
    "common-actions": (r"\b(?:74|42) (?:common )?(?:actions|proposals)\b", r"\bcommon actions\b"),
    "concordia": (r"\bConcordia\b",),
    "confidence": (),  # a column name and an everyday word: a reference entry
    "council-of-the-eu": (r"\bCouncil of the EU\b", r"\bEU's Council\b"),
    "critical-infrastructure": (r"(?i)\bcritical(?:-| )infrastructure\b",),
    "csdp": (r"\bCSDP\b", r"Common Security and Defence Policy"),
    "csv": (r"\bCSV\b",),
    "decision-making-autonomy": (r"(?i)\bdecision-making autonomy\b",),
    "deepen-enhance-expand": (
        r"(?i)\bdeepen, enhance,? (?:and|or) expand\b",
        r"\*\*deepen\*\*, \*\*enhance\*\*,? (?:and |or )?\*\*expand\*\*",
    ),
    "defence-expenditure": (r"(?i)\bdefence expenditure\b",),
    "dsaceur": (r"\bDSACEUR\b", r"Deputy Supreme Allied Commander Europe"),
    "eastern-partnership": (r"\bEastern Partnership\b",),
    "ec": (r"\bEuropean Commission\b", r"\bEC\b"),
    "eda": (r"\bEDA\b", r"European Defence Agency"),
    "edts": (r"\bEDTs?\b", r"(?i)\bemerging and disruptive technologies\b"),
    "eeas": (r"\bEEAS\b", r"European External Action Service"),
    "enp": (r"\bENP\b", r"European Neighbourhood Policy"),
    "esdp": (r"\bESDP\b", r"European Security and Defence Policy"),
    "eu": (_EU, r"\bEuropean Union\b"),
    "eufor-althea": (r"\bEUFOR(?: Althea)?\b",),
    "eupol-proxima": (r"\bEUPOL\b",),
    "euro-atlantic": (),  # appears only inside quotations: a reference entry
    "european-communities": (r"\bEuropean Communities\b",),
    "european-council": (r"\bEuropean Council\b",),
    "explorer": (r"(?i)\bexplorers?\b",),
    "fimi": (r"\bFIMI\b", r"(?i)\bforeign information manipulation\b"),
    "gdp": (r"\bGDP\b", r"(?i)\bgross domestic product\b"),
    "geostrategic-competition": (r"(?i)\bgeostrategic competition\b",),
    "guiding-principles": (r"(?i)\bguiding principles\b",),
    "hr-vp": (r"\bHR/VP\b", r"\bHigh Representative\b"),
    "hybrid-threats": (r"(?i)\bhybrid (?:threats|pressure|campaigns)\b",),
    "hybrid-toolbox": (r"\bHybrid Toolbox\b",),
    "inclusiveness": (r"(?i)\binclusiveness\b",),
    "joint-declaration": (r"\bJoint Declarations?\b",),
    "joint-progress-report": (r"(?i)\b(?:joint )?progress reports?\b",),
    "military-mobility": (r"(?i)\bmilitary mobility\b",),
    "mpcc": (r"\bMPCC\b", r"Military Planning and Conduct Capability"),
    "nac": (r"\bNAC\b", r"\bNorth Atlantic Council\b"),
    "nato": (r"(?<!EU[-–])\bNATO\b", r"North Atlantic Treaty Organization"),
    "pace": (r"\bPACE\b",),
    "pandas": (r"\bpandas\b",),
    "pfp": (r"Partnership for Peace", r"\bPfP\b"),
    "percentage-point": (r"(?i)\bpercentage points?\b",),
    "pesco": (r"\bPESCO\b", r"Permanent Structured Cooperation"),
    "political-dialogue": (r"(?i)\bpolitical dialogue\b",),
    "psc": (r"\bPSC\b", r"Political and Security Committee"),
    "rdc": (r"\bRDC\b", r"\bRapid Deployment Capacity\b"),
    "rearm-europe": (r"\bReArm Europe\b",),
    "reciprocity": (r"(?i)\breciprocity\b",),
    "resilience": (r"(?i)\bresilience\b",),
    "saceur": (r"(?<!D)\bSACEUR\b",),
    "safe": (r"\bSAFE\b",),
    "self-check": (r"(?i)\bself-checks?\b",),
    "set-operations": (r"(?i)\bset operations\b",),
    "sfor": (r"\bSFOR\b",),
    "sg": (r"\bSG\b", r"\bSecretary General\b"),
    "smes": (r"\bSMEs?\b", r"(?i)\bsmall and\s+medium-sized enterprises\b"),
    "strategic-compass": (r"\bStrategic Compass\b",),
    "strategic-concept": (r"\bStrategic Concept\b",),
    "transparency": (r"(?i)\btransparency\b",),
    "un": (r"\bUN\b", r"\bUnited Nations\b"),
    "unscr": (r"\bUNSCR\b",),
    "warsaw-areas": (r"(?i)\bseven (?:concrete )?areas\b", r"\bWarsaw areas?\b"),
    "white-paper": (r"\bWhite Paper\b",),
    "wps": (r"\bWPS\b", r"(?i)\bwomen, peace and security\b"),
}

# Capitalised tokens that look like acronyms but are not course terms, with the reason each is allowed.
ALLOWED: dict[str, str] = {
    "ALTHEA": "the name of operation Althea, written in capitals in the title of a source (EUFOR Althea has an entry)",
    "BY": "part of the licence name CC BY 4.0",
    "CC": "part of the licence name CC BY 4.0 (Creative Commons)",
    "CELEX": "the document-number scheme of the EU's law database EUR-Lex, quoted in source citations",
    "CFSP": "part of an EU document number (Council Decision 2004/803/CFSP), quoted in source citations",
    "EUR": "the ISO code of the euro, written before amounts (EUR 150 billion)",
    "USD": "the ISO code of the US dollar, written before amounts (USD 559 billion)",
    "HTML": "a file format named in instructions",
    "ISO": "the standards body whose codes name countries and currencies",
    "JSON": "a file format named in instructions",
    "MIT": "the name of the software licence of the course's code",
    "NOT": "an ordinary word in capitals for emphasis",
    "PDF": "a file format named in source citations",
    "README": "the name of a file",
    "URL": "a web address",
    "UTF": "the text encoding of the data files (UTF-8)",
    # Chapter 5 (limits and debates): spelled out where first used; candidates for glossary entries
    "EDIP": "the European Defence Industry Programme, spelled out where Chapter 5 first uses it",
    "EEA": "the European Economic Area (EEA-EFTA states), spelled out where Chapter 5 first uses it",
    "EFTA": "the European Free Trade Association (EEA-EFTA states), spelled out where Chapter 5 first uses it",
    "PE": "part of a European Parliament document number (PE 572.799), quoted in source citations",
    "RAND": "the name of a US research institute (the RAND Corporation), quoted in source citations",
    "TEU": "the Treaty on European Union (Article 42(7) TEU), spelled out where Chapter 5 first uses it",
}


def _iso_codes() -> dict[str, str]:
    """Two-letter country codes from the data (they appear in tables of members), allowed as non-terms."""
    codes = {}
    for name in ("members.csv", "capacity_building.csv"):
        path = ROOT / "data" / name
        if path.exists():
            with path.open(encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    if row.get("iso2"):
                        codes[row["iso2"]] = f"ISO country code ({row.get('country') or row.get('partner')})"
    return codes


# --- the acronym scanner ------------------------------------------------------------------------------------
# Two or more capitals (digits may follow), optionally '/CAPS' (HR/VP) and a plural s (EDTs, SMEs); not part of a
# longer word, a file path or a document number (letters, digits, '/' or '_' on either side).
ACRONYM = re.compile(r"(?<![\w/])([A-Z]{2,}[A-Z0-9]*(?:/[A-Z]{2,})?s?)(?![\w/])")
# pandas' markers for missing values in printed tables, and file names (240617-def-exp-2024-TABLES-en.xlsx)
_NOISE = re.compile(r"<NA>|\bNaT\b|\bNaN\b|[\w./-]+\.(?:xlsx?|csv|ipynb|md|json|pdf|html?|py)\b")


def find_acronyms(text: str) -> list[str]:
    """Acronym-like tokens in a text, in order of appearance (with repeats)."""
    return ACRONYM.findall(_NOISE.sub(" ", text))


# --- reading GLOSSARY.md ------------------------------------------------------------------------------------
@dataclass
class Entry:
    anchor: str
    term: str
    definition: str = ""
    used_in: str = ""
    line: int = 0
    used_line: int = 0  # the line of 'Used in:'
    acronyms: tuple[str, ...] = field(default_factory=tuple)

    @property
    def chapters(self) -> set[int]:
        """The chapter numbers named in 'Used in:' (Start here is chapter 0)."""
        found = {int(n) for n in re.findall(r"\d+", self.used_in)}
        if "start here" in self.used_in.lower():
            found.add(0)
        return found


_ANCHOR = re.compile(r'^<a (?:id|name)="([^"]+)"></a>\s*$')
_HEADING = re.compile(r"^###\s+(.+?)\s*$")
_USED = re.compile(r"^\*?Used in:\s*(.+?)\.?\*?\s*$")


def parse_glossary(text: str | None = None) -> dict[str, Entry]:
    """The entries of GLOSSARY.md, by anchor. Raises ValueError on an entry without its anchor line."""
    if text is None:
        text = GLOSSARY.read_text(encoding="utf-8")
    entries: dict[str, Entry] = {}
    lines = text.splitlines()
    current: Entry | None = None
    pending_anchor: str | None = None
    for number, line in enumerate(lines, 1):
        anchor = _ANCHOR.match(line)
        heading = _HEADING.match(line)
        if anchor:
            pending_anchor = anchor.group(1)
        elif heading:
            if pending_anchor is None:
                raise ValueError(
                    f"GLOSSARY.md line {number}: the entry '{heading.group(1)}' has no "
                    '<a id="..."></a> line before it'
                )
            term = heading.group(1)
            words = set(re.findall(r"[A-Za-z0-9/]+", term))
            current = Entry(
                pending_anchor, term, line=number, acronyms=tuple(sorted(w for w in words if ACRONYM.fullmatch(w)))
            )
            if pending_anchor in entries:
                raise ValueError(f"GLOSSARY.md line {number}: the anchor '{pending_anchor}' is used twice")
            entries[pending_anchor] = current
            pending_anchor = None
        elif line.startswith("#"):
            current = None  # a section heading (# Glossary, ## A, ## B, ...) and its own anchor
            pending_anchor = None
        elif current is not None:
            used = _USED.match(line.strip())
            if used:
                current.used_in, current.used_line = used.group(1), number
            elif line.strip():
                current.definition = (current.definition + " " + line.strip()).strip()
    return entries


def known_tokens(entries: dict[str, Entry]) -> set[str]:
    """Every acronym-like word in a glossary heading (the term and its acronym)."""
    return {a for e in entries.values() for a in e.acronyms}


def unknown_acronyms(text: str, entries: dict[str, Entry], allowed: dict[str, str] | None = None) -> list[str]:
    """Acronym-like tokens in ``text`` that are neither in a glossary heading nor in the allow-list (sorted)."""
    allowed = {**ALLOWED, **_iso_codes()} if allowed is None else allowed
    known = known_tokens(entries)
    missing = set()
    for token in find_acronyms(text):
        singular = token.removesuffix("s")
        if not ({token, singular} & known or {token, singular} & set(allowed)):
            missing.add(token)
    return sorted(missing)


# --- notebooks ----------------------------------------------------------------------------------------------
def notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook of the course: chapters (and the dashboard), solutions and learner exercises."""
    return [root / path for path in all_notebooks()]


def chapter_of(path: Path) -> int | None:
    match = re.match(r"(\d+)_", Path(path).name)
    return int(match.group(1)) if match else None


def link_base(path: Path, root: Path = ROOT) -> Path:
    """The folder relative links in a notebook are written for: its own. (Solution notebooks' links are written
    for exercises/solutions/; eunato_authoring.learner_notebooks rewrites them for the learner notebooks in exercises/.)"""
    return Path(path).resolve().parent


def markdown_sources(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def output_texts(path: Path) -> list[str]:
    """The plain-text outputs of every code cell (what a learner reads under it)."""
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                texts.append(out.get("text", ""))
            elif "data" in out:
                texts.append(out["data"].get("text/plain", ""))
    return texts


# --- links in markdown --------------------------------------------------------------------------------------
_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_GLOSSARY_URL = re.compile(r"(?:^|/)GLOSSARY\.md#([\w-]+)$")


@dataclass
class Link:
    start: int  # the whole link
    end: int
    text_start: int
    text_end: int
    url: str

    @property
    def glossary_anchor(self) -> str | None:
        match = _GLOSSARY_URL.search(self.url)
        return match.group(1) if match else None


def links(source: str) -> list[Link]:
    return [Link(m.start(), m.end(), m.start(1), m.end(1), m.group(2)) for m in _LINK.finditer(source)]


def _masked(source: str) -> list[tuple[int, int]]:
    """Spans where a term's use does not count: headings, the course-map line, code, HTML tags, bare URLs,
    and non-glossary links (their text and address)."""
    spans = []
    offset = 0
    in_fence = False
    for line in source.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("```"):
            spans.append((offset, offset + len(line)))
            in_fence = not in_fence
        elif in_fence or re.match(r"\s{0,3}#{1,6}\s", line) or stripped.startswith("**Course map:**"):
            spans.append((offset, offset + len(line)))
        offset += len(line)
    for pattern in (r"`[^`\n]*`", r"<[^>\n]+>", r"https?://[^\s)]+"):
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, source)]
    for link in links(source):
        if link.glossary_anchor is None:
            spans.append((link.start, link.end))
        else:
            spans.append((link.text_end, link.end))  # the address of a glossary link
    return spans


def _inside(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def first_use(sources: list[str], anchor: str, patterns: tuple[str, ...] | None = None):
    """(cell index, match, linked?) of the first use of a term in a list of markdown sources, or None.

    A use inside a glossary link to *another* term (such as EU inside [Council of the EU](...)) does not count;
    a use inside a link to this term's own entry counts as linked."""
    patterns = TERMS[anchor] if patterns is None else patterns
    if not patterns:
        return None
    regex = re.compile("|".join(f"(?:{p})" if not p.startswith("(?i)") else f"(?i:{p[4:]})" for p in patterns))
    for index, source in enumerate(sources):
        masked = _masked(source)
        own, other = [], []
        for link in links(source):
            if link.glossary_anchor == anchor:
                own.append((link.text_start, link.text_end))
            elif link.glossary_anchor is not None:
                other.append((link.text_start, link.text_end))
        for match in regex.finditer(source):
            if _inside(match.start(), match.end(), masked) or _inside(match.start(), match.end(), other):
                continue
            linked = any(s <= match.start() and match.end() <= e for s, e in own)
            return index, match, linked
    return None


def first_use_problems(path: Path, terms: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """One message per term whose first use in the notebook's markdown is not a link to its entry."""
    terms = TERMS if terms is None else terms
    sources = markdown_sources(path)
    problems = []
    for anchor, patterns in terms.items():
        found = first_use(sources, anchor, patterns)
        if found and not found[2]:
            index, match, _ = found
            problems.append(
                f"{Path(path).name}: the first use of '{match.group(0)}' (markdown cell {index + 1}) "
                f"should link to GLOSSARY.md#{anchor}"
            )
    return problems


def glossary_links(path: Path, root: Path = ROOT) -> list[tuple[str, Path, str]]:
    """(url, file it points to, anchor) for every link to GLOSSARY.md in the notebook's markdown."""
    found = []
    for source in markdown_sources(path):
        for link in links(source):
            if "GLOSSARY.md" in link.url:
                target, _, anchor = link.url.partition("#")
                found.append((link.url, (link_base(path, root) / target).resolve(), anchor))
    return found


# --- adding the links ---------------------------------------------------------------------------------------
def relative_glossary(path: Path, root: Path = ROOT) -> str:
    import os

    return os.path.relpath(root / "GLOSSARY.md", link_base(path, root)).replace(os.sep, "/")


def link_first_uses(
    path: Path, terms: dict[str, tuple[str, ...]] | None = None, write: bool = True, root: Path = ROOT
) -> list[str]:
    """Link the first use of every term in a notebook's markdown to its glossary entry. Only markdown cells
    change. Returns what was linked. Longer terms go first, so 'Council of the EU' is linked before 'EU'."""
    terms = TERMS if terms is None else terms
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    target = relative_glossary(path, root)
    done = []
    order = sorted(terms, key=lambda a: -max((len(p) for p in terms[a]), default=0))
    for anchor in order:
        found = first_use([c.source for c in cells], anchor, terms[anchor])
        if found and not found[2]:
            index, match, _ = found
            cell = cells[index]
            text = match.group(0)
            cell.source = cell.source[: match.start()] + f"[{text}]({target}#{anchor})" + cell.source[match.end() :]
            done.append(f"{Path(path).name} cell {index + 1}: [{text}] -> #{anchor}")
    if done and write:
        nbformat.write(nb, path)
    return done


# --- everything the test checks, for the command line ---------------------------------------------------------
def all_problems(root: Path = ROOT) -> list[str]:
    entries = parse_glossary()
    problems = [f"GLOSSARY.md has no entry for '{a}'" for a in TERMS if a not in entries]
    for path in notebooks(root):
        texts = markdown_sources(path) + output_texts(path)
        for token in unknown_acronyms("\n".join(texts), entries):
            problems.append(
                f"{path.relative_to(root)}: '{token}' looks like an acronym but is neither in "
                "GLOSSARY.md nor in eunato_authoring.glossary.ALLOWED"
            )
        if path.name != "dashboard.ipynb":
            problems += first_use_problems(path)
        for url, file, anchor in glossary_links(path, root):
            if not file.exists() or anchor not in entries:
                problems.append(f"{path.relative_to(root)}: the link {url} does not resolve")
    return problems


def chapters_linking(root: Path = ROOT) -> dict[str, set[int]]:
    """For each glossary anchor, the chapters whose notebook links it."""
    found: dict[str, set[int]] = {}
    for path in notebooks(root):
        chapter = chapter_of(path)
        if chapter is None:
            continue
        for _url, _file, anchor in glossary_links(path, root):
            found.setdefault(anchor, set()).add(chapter)
    return found


def used_in_line(chapters: set[int]) -> str:
    """'*Used in: Start here, Chapter 1, Chapter 6.*' for {0, 1, 6}."""
    names = ["Start here" if n == 0 else f"Chapter {n}" for n in sorted(chapters)]
    return f"*Used in: {', '.join(names)}.*"


def sync_used_in(root: Path = ROOT) -> list[str]:
    """Add to each entry's 'Used in' line the chapters that link it (none is removed: a chapter can use a term
    without linking it). Rewrites GLOSSARY.md; returns what changed."""
    path = root / "GLOSSARY.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    entries = parse_glossary("".join(lines))
    linking = chapters_linking(root)
    changed = []
    for anchor, entry in entries.items():
        wanted = entry.chapters | linking.get(anchor, set())
        if wanted != entry.chapters and entry.used_line:
            lines[entry.used_line - 1] = used_in_line(wanted) + "\n"
            changed.append(f"{entry.term}: {used_in_line(wanted)}")
    path.write_text("".join(lines), encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    if argv[:1] == ["used-in"]:
        print("\n".join(sync_used_in()) or "Every 'Used in' line names the chapters that link its entry.")
        return 0
    if argv[:1] == ["link"]:
        for path in argv[1:]:
            for line in link_first_uses(Path(path)):
                print(line)
        return 0
    problems = all_problems()
    print("\n".join(problems) or "The glossary covers every notebook.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
