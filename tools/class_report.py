#!/usr/bin/env python3
"""The class report: a folder of learners' progress files (``progress.export()``) in, one offline HTML page out.

    python3 course.py report FOLDER              (the same as: .venv/bin/python tools/class_report.py FOLDER)
    .venv/bin/python tools/class_report.py FOLDER --out report.html

For each question and exercise: how many learners answered it, how many got it right first time, and the most
common wrong answers; for each learner: a summary; two charts. The page needs no internet and loads nothing.

The files come from learners, so they are treated as untrusted data:

* plain JSON only (``json.loads``; never pickle, nothing is executed), at most MAX_BYTES per file;
* every file is checked against the submission format (eunato.progress.check_record for each record, and the
  checksum written at export, so a file edited by hand is noticed); a malformed, tampered, too large or
  duplicated file is named in the report and on the terminal, and skipped;
* every name, answer, prompt and file name is HTML-escaped, and the page forbids scripts (Content-Security-Policy);
* file names are only shown, never used to build a path: the report is written to ``--out`` or to
  ``class-report.html`` in the folder, and never overwrites a file (``class-report-2.html``, ... instead).
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from eunato import progress

MAX_BYTES = 2_000_000  # per submitted file
MAX_FILES = 2000
MAX_RECORDS = progress.MAX_RECORDS
TOP_WRONG = 3
TOP_KEYS = {"format", "version", "course", "name", "exported", "records", "checksum"}


@dataclass
class Submission:
    file: str  # the file's name, for display only
    name: str | None
    exported: str
    records: list[dict]

    @property
    def label(self) -> str:
        return self.name or f"(no name: {self.file})"


@dataclass
class Loaded:
    submissions: list[Submission] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)
    ignored: int = 0  # files that are not .json (the report itself, notes, ...)


def _reject_constant(value):
    raise ValueError(f"{value} is not allowed")


def parse_submission(raw: bytes) -> tuple[dict | None, str | None]:
    """(document, None) for a valid submission, else (None, why not)."""
    if len(raw) > MAX_BYTES:
        return None, f"larger than {MAX_BYTES // 1_000_000} MB"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "not a text file (perhaps not a progress file at all)"
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as err:
        return None, f"not valid JSON ({str(err)[:80]})"
    if not isinstance(doc, dict):
        return None, "not a progress file (the JSON is not an object)"
    if doc.get("format") != progress.FORMAT:
        return None, "not a progress file (no 'format': 'eunato-submission')"
    if doc.get("version") != progress.VERSION:
        return None, f"format version {str(doc.get('version'))[:10]!r} is not {progress.VERSION}"
    unknown = set(doc) - TOP_KEYS
    if unknown:
        return None, "unexpected fields: " + ", ".join(sorted(str(k)[:20] for k in unknown)[:5])
    name = doc.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > progress.MAX_NAME):
        return None, "the name is not text or is too long"
    records = doc.get("records")
    if not isinstance(records, list):
        return None, "'records' is missing or not a list"
    if len(records) > MAX_RECORDS:
        return None, f"more than {MAX_RECORDS} records"
    for i, entry in enumerate(records, 1):
        problem = progress.check_record(entry)
        if problem:
            return None, f"record {i}: {problem}"
    if not isinstance(doc.get("exported"), str) or len(doc["exported"]) > 40:
        return None, "'exported' is missing or not a date"
    if doc.get("checksum") != progress.checksum(name, records):
        return None, "changed after it was exported (its checksum does not match)"
    return doc, None


def load_folder(folder: Path) -> Loaded:
    """Every *.json file directly in ``folder``, checked; the others are counted and left alone."""
    out = Loaded()
    seen: dict[str, str] = {}
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    for path in entries:
        shown = path.name
        if path.suffix.lower() != ".json":
            out.ignored += 1
            continue
        if len(out.submissions) + len(out.skipped) >= MAX_FILES:
            out.skipped.append((shown, f"more than {MAX_FILES} files in the folder: not read"))
            continue
        if path.is_symlink() or not path.is_file():
            out.skipped.append((shown, "not a plain file (a link or a folder)"))
            continue
        try:
            if path.stat().st_size > MAX_BYTES:
                out.skipped.append((shown, f"larger than {MAX_BYTES // 1_000_000} MB"))
                continue
            with open(path, "rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError as err:
            out.skipped.append((shown, f"could not be read ({err.strerror or err})"))
            continue
        doc, why = parse_submission(raw)
        if why:
            out.skipped.append((shown, why))
            continue
        if doc["checksum"] in seen:
            out.skipped.append((shown, f"the same as {seen[doc['checksum']]} (a duplicate)"))
            continue
        seen[doc["checksum"]] = shown
        out.submissions.append(Submission(shown, doc["name"], doc["exported"], doc["records"]))
    return keep_latest_per_name(out)


def keep_latest_per_name(loaded: Loaded) -> Loaded:
    """A learner who saved twice (same name) counts once: the file exported last is used, the others are named."""
    latest: dict[str, Submission] = {}
    for sub in loaded.submissions:
        if sub.name is None:
            continue
        key = sub.name.casefold()
        if key not in latest or (sub.exported, sub.file) > (latest[key].exported, latest[key].file):
            latest[key] = sub
    kept = []
    for sub in loaded.submissions:
        newer = latest.get(sub.name.casefold()) if sub.name is not None else None
        if newer is not None and newer is not sub:
            loaded.skipped.append(
                (sub.file, f"an earlier file from the same name; the newer one, {newer.file}, is used")
            )
        else:
            kept.append(sub)
    loaded.submissions = kept
    return loaded


# ---------------------------------------------------------------------------------------------------------------
# what the class did


@dataclass
class QuestionStats:
    item: str
    kind: str
    chapter: int | None
    prompt: str
    learners: int = 0
    right_first_time: int = 0
    right_in_the_end: int = 0
    wrong: Counter = field(default_factory=Counter)  # wrong answers: how many learners gave each
    prompts: Counter = field(default_factory=Counter)  # the prompt as each learner's file gives it

    @property
    def share_first(self) -> float:
        return self.right_first_time / self.learners if self.learners else 0.0


def question_stats(submissions: list[Submission]) -> list[QuestionStats]:
    """Per item, over learners: answered, right first time, right in the end, the wrong answers given."""
    stats: dict[str, QuestionStats] = {}
    for sub in submissions:
        items = progress.items_of(sub.records)
        wrong_by_item: dict[str, set[str]] = {}
        for r in sub.records:
            if r["status"] in ("incorrect", "partly"):
                wrong_by_item.setdefault(r["item"], set()).add(r["answer"])
        for it in items.values():
            s = stats.get(it.item)
            if s is None:
                s = stats[it.item] = QuestionStats(it.item, it.kind, it.chapter, it.prompt)
            s.prompts[it.prompt] += 1
            s.prompt = s.prompts.most_common(1)[0][0]  # one altered file cannot relabel a question
            s.learners += 1
            s.right_first_time += it.right_first_time
            s.right_in_the_end += it.right
            for answer in wrong_by_item.get(it.item, ()):
                s.wrong[answer] += 1  # once per learner
    return sorted(stats.values(), key=lambda s: (s.chapter if s.chapter is not None else 99, s.item))


@dataclass
class LearnerStats:
    label: str
    file: str
    answered: int
    right_first_time: int
    not_yet_right: list[str]
    chapters: list[int]
    last: str


def learner_stats(submissions: list[Submission]) -> list[LearnerStats]:
    out = []
    for sub in submissions:
        items = progress.items_of(sub.records)
        out.append(
            LearnerStats(
                sub.label,
                sub.file,
                len(items),
                sum(i.right_first_time for i in items.values()),
                [i.item for i in items.values() if not i.right],
                sorted({i.chapter for i in items.values() if i.chapter is not None}),
                max((r["time"] for r in sub.records), default="").replace("T", " ").replace("Z", " UTC"),
            )
        )
    return sorted(out, key=lambda s: s.label.casefold())


# ---------------------------------------------------------------------------------------------------------------
# charts (the course's house style), as inline PNG


def _label(text: str) -> str:
    """Text for a chart label: a '$' would start matplotlib's maths mode (and a malformed one would fail)."""
    return text.replace("$", r"\$")


def _png(fig) -> str:
    from eunato.style import png_bytes

    return base64.b64encode(png_bytes(fig)).decode("ascii")


def chart_first_time(stats: list[QuestionStats], n_learners: int):
    """Horizontal bars: share right first time per item, the hardest at the top. None when nothing to draw."""
    import matplotlib.pyplot as plt

    from eunato import style

    shown = sorted([s for s in stats if s.learners], key=lambda s: (s.share_first, s.item))[:25]
    if not shown:
        return None
    fig, ax = style.new_figure(9.0, max(3.0, 0.32 * len(shown) + 1.6))
    labels = [_label(s.item) for s in shown][::-1]
    values = [100 * s.share_first for s in shown][::-1]
    ax.barh(labels, values, color=style.PALETTE["blue"])
    for y, (v, s) in enumerate(zip(values, shown[::-1], strict=False)):
        ax.text(v + 1, y, f"{s.right_first_time} of {s.learners}", va="center", fontsize=9)
    ax.set_xlim(0, 115)
    ax.grid(axis="y", visible=False)
    hardest = shown[0]
    style.finish(
        fig,
        ax,
        title=f"Hardest: {_label(hardest.item)}, right first time for {hardest.right_first_time} of {hardest.learners}",
        xlabel="learners right at their first attempt (%)",
        ylabel=None,
        source=f"the class's progress files ({n_learners} learners), read by course.py report",
        alt=(
            f"Bar chart of the share of learners right at their first attempt, for {len(shown)} questions, "
            f"hardest first: {', '.join(f'{s.item} {100 * s.share_first:.0f}%' for s in shown[:5])}."
        ),
    )
    data = _png(fig)
    alt = fig.eunato_alt
    plt.close(fig)
    return data, alt


def chart_chapters(learners: list[LearnerStats], chapters: list):
    """Bars: how many learners answered something in each chapter."""
    import matplotlib.pyplot as plt

    from eunato import style

    if not learners:
        return None
    counts = [sum(c.number in ls.chapters for ls in learners) for c in chapters]
    fig, ax = style.new_figure(9.0, 3.6)
    ax.bar([str(c.number) for c in chapters], counts, color=style.PALETTE["green"])
    ax.set_ylim(0, max([*counts, 1]) * 1.15)
    ax.grid(axis="x", visible=False)
    most = max(range(len(counts)), key=lambda i: counts[i])
    style.finish(
        fig,
        ax,
        title=f"Most learners worked in chapter {chapters[most].number} ({counts[most]} of {len(learners)})",
        xlabel="chapter",
        ylabel="learners who answered\nsomething there",
        source=f"the class's progress files ({len(learners)} learners), read by course.py report",
        alt="Bar chart of how many learners answered at least one question in each chapter: "
        + ", ".join(f"chapter {c.number} {n}" for c, n in zip(chapters, counts, strict=False))
        + ".",
    )
    data = _png(fig)
    alt = fig.eunato_alt
    plt.close(fig)
    return data, alt


# ---------------------------------------------------------------------------------------------------------------
# the page

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62em;margin:1.5em auto;padding:0 1em;
color:#1a1a1a;line-height:1.45}
table{border-collapse:collapse;margin:0.6em 0 1.2em;width:100%}
th,td{border-bottom:1px solid #ccc;padding:0.3em 0.5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td.n{text-align:right;white-space:nowrap}
img{max-width:100%;height:auto}
.skipped{background:#FFF6DB;border-left:4px solid #E69F00;padding:0.4em 0.8em}
.note{color:#555;font-size:0.92em}
"""


def render(loaded: Loaded, folder_label: str, when: str) -> str:
    from eunato.manifest import chapters

    e = html.escape
    subs = loaded.submissions
    qstats = question_stats(subs)
    lstats = learner_stats(subs)
    chs = list(chapters())
    titles = {c.number: c.title for c in chs}
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        (
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:; "
            "style-src 'unsafe-inline'\">"
        ),
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Class report: {e(folder_label)}</title><style>{CSS}</style></head><body>",
        (
            f"<h1>Class report: EU–NATO cooperation</h1><p class='note'>From the folder {e(folder_label)}, made "
            f"{e(when)}: {len(subs)} learner file{'s' if len(subs) != 1 else ''} read"
            f"{f', {len(loaded.skipped)} skipped' if loaded.skipped else ''}. Answers are shown as learners "
            "typed them. This page loads nothing from the internet.</p>"
        ),
    ]
    if loaded.skipped:
        parts.append(
            "<div class='skipped'><h2>Files skipped</h2><p>These files were not used. Ask the learner to "
            "export again (My progress › Save a copy to hand in).</p><ul>"
            + "".join(f"<li><code>{e(name)}</code>: {e(why)}</li>" for name, why in loaded.skipped)
            + "</ul></div>"
        )
    if not subs:
        parts.append("<p><strong>No valid progress file in this folder</strong>, so there is nothing to report.</p>")
        parts.append("</body></html>")
        return "".join(parts)

    parts.append("<h2>The class at a glance</h2>")
    for chart in (chart_first_time(qstats, len(subs)), chart_chapters(lstats, chs)):
        if chart:
            data, alt = chart
            parts.append(
                f"<figure><img src='data:image/png;base64,{data}' alt='{e(alt)}'><figcaption>{e(alt)}"
                "</figcaption></figure>"
            )

    parts.append(
        "<h2>Per question</h2><p>Right first time: learners whose first answer was right. The wrong answers are "
        f"the {TOP_WRONG} most common, with how many learners gave each.</p>"
        "<table><thead><tr><th>Item</th><th>Chapter</th><th>Question</th><th>Answered</th>"
        "<th>Right first time</th><th>Right in the end</th><th>Most common wrong answers</th></tr></thead><tbody>"
    )
    for s in qstats:
        wrong = "; ".join(f"{e(a)} ({n})" for a, n in s.wrong.most_common(TOP_WRONG)) or "–"
        chapter = f"{s.chapter} {e(titles.get(s.chapter, ''))}" if s.chapter is not None else "–"
        kind = "exercise " if s.kind == "exercise" else ""
        parts.append(
            f"<tr><td>{e(kind + s.item)}</td><td>{chapter}</td><td>{e(s.prompt)}</td><td class='n'>{s.learners}</td>"
            f"<td class='n'>{s.right_first_time} ({100 * s.share_first:.0f}%)</td>"
            f"<td class='n'>{s.right_in_the_end}</td><td>{wrong}</td></tr>"
        )
    parts.append("</tbody></table>")

    parts.append(
        "<h2>Per learner</h2><table><thead><tr><th>Learner</th><th>File</th><th>Answered</th><th>Right first time</th>"
        "<th>Chapters</th><th>Not yet right</th><th>Last answer</th></tr></thead><tbody>"
    )
    for ls in lstats:
        parts.append(
            f"<tr><td>{e(ls.label)}</td><td><code>{e(ls.file)}</code></td><td class='n'>{ls.answered}</td>"
            f"<td class='n'>{ls.right_first_time}</td><td>{e(', '.join(map(str, ls.chapters)) or '–')}</td>"
            f"<td>{e(', '.join(ls.not_yet_right) or '–')}</td><td>{e(ls.last)}</td></tr>"
        )
    parts.append("</tbody></table>")
    parts.append(
        "<p class='note'>Each learner's file holds only their answers, the time of each, and the name they typed "
        "(if any). Written answers are shortened to 300 characters.</p></body></html>"
    )
    return "".join(parts)


def free_name(target: Path) -> Path:
    """``target`` if it does not exist, else the same name with -2, -3, ... (never an existing file)."""
    if not target.exists():
        return target
    for i in range(2, 10_000):
        candidate = target.with_name(f"{target.stem}-{i}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"too many reports named {target.stem}-N{target.suffix}")


def write_new(target: Path, text: str) -> Path:
    """Write to a new file (never overwriting: 'x' mode), moving on to the next free name if one appears."""
    for _ in range(100):
        target = free_name(target)
        try:
            with open(target, "x", encoding="utf-8") as f:
                f.write(text)
            return target
        except FileExistsError:
            continue
    raise FileExistsError(f"could not find a free name for {target}")


def _safe(text: str) -> str:
    """A file name for the terminal: no control characters."""
    return "".join(c if c.isprintable() else "?" for c in text)


def make_report(folder: Path, out: Path | None = None, log=print) -> Path | None:
    import datetime as dt

    if not folder.is_dir():
        log(f"[report] {folder} is not a folder. Give the folder holding the learners' progress files.")
        return None
    loaded = load_folder(folder)
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    page = render(loaded, folder.resolve().name, when)
    target = write_new(Path(out) if out else folder / "class-report.html", page)
    log(f"[report] {len(loaded.submissions)} learner files used, {len(loaded.skipped)} skipped")
    for name, why in loaded.skipped:
        log(f"[report]   skipped {_safe(name)}: {why}")
    log(f"[report] wrote {target}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 course.py report", description="Turn a folder of learners' progress files into a class report."
    )
    parser.add_argument("folder", help="the folder holding the learners' exported progress files (*.json)")
    parser.add_argument("--out", help="the report's file name (default: class-report.html in the folder)")
    args = parser.parse_args(argv)
    target = make_report(Path(args.folder), Path(args.out) if args.out else None)
    return 0 if target else 2


if __name__ == "__main__":
    sys.exit(main())
