"""A learner's progress, kept on their own machine: what they answered, when, and whether it was right.

Each answered self-check (``Question.submit``) and exercise check (``Exercise.check``) appends one line of
JSON to ``progress.jsonl`` in the learner's Jupyter data folder (``jupyter --data-dir``, then ``eunato/``),
never in the course folder, so a course update never touches it. Nothing is recorded until the learner
presses *Check my answer* or runs a check cell; nothing is ever sent anywhere (this module opens no network
connection). Checks run in the worked-solution notebooks (exercises/solutions/) are not recorded: running the
solutions is not answering. Recording never raises: if the file cannot be written, the learner still gets their feedback.

* :func:`record` / :func:`recorded`: the hooks (one line each in questions.py and checks.py);
* :func:`read`: every record, skipping damaged lines with a note;
* :func:`summary` / :func:`summary_html`: chapters done, questions answered, right first time, to revisit;
* :func:`progress_explorer`: the "My progress" view, with a refresh and a "save a copy to hand in" button;
* :func:`export`: one JSON file (answers and progress, an optional name, a format version) to hand in;
  a teacher turns a folder of them into a class report with ``python3 course.py report FOLDER``.

The environment variable ``EUNATO_PROGRESS`` names another file (tests), or turns recording off
(``off``). When ``EUNATO_STRICT`` is set (the tests and the notebook re-execution set it) and
``EUNATO_PROGRESS`` is not, nothing is recorded either, so running the course's tests never changes a
learner's progress.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import html
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "FORMAT",
    "VERSION",
    "export",
    "gained",
    "gained_html",
    "gained_view",
    "progress_explorer",
    "progress_file",
    "read",
    "record",
    "recorded",
    "summary",
    "summary_html",
]

FORMAT = "eunato-submission"  # the "format" field of an exported file
VERSION = 1  # the "version" field of every record and exported file
ENV_FILE = "EUNATO_PROGRESS"
OFF_WORDS = ("off", "0", "no", "none", "false")
RECORDED_STATUSES = ("correct", "partly", "incorrect", "submitted")  # not 'unanswered', 'invalid', hints
MAX_ANSWER = 300  # characters of an answer kept in a record
MAX_PROMPT = 160
MAX_NAME = 80
MAX_RECORDS = 5000  # kept in an exported file (the most recent)
LINE_LIMIT = 16_000  # bytes: a longer line is not a record (damaged), and is skipped


# ---------------------------------------------------------------------------------------------------------------
# where


def progress_file() -> Path | None:
    """The progress file, or None when recording is off (EUNATO_PROGRESS=off, or EUNATO_STRICT in tests)."""
    named = os.environ.get(ENV_FILE)
    if named is not None:
        named = named.strip()
        if not named or named.lower() in OFF_WORDS:
            return None
        return Path(named).expanduser()
    if os.environ.get("EUNATO_STRICT"):
        return None
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "eunato" / "progress.jsonl"


def on_binder() -> bool:
    """True in a Binder session (mybinder.org sets these variables in every session)."""
    return any(
        os.environ.get(v) for v in ("BINDER_SERVICE_HOST", "BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_REPO_URL")
    )


# ---------------------------------------------------------------------------------------------------------------
# writing


def short_text(value, limit: int = MAX_ANSWER) -> str:
    """An answer as a short plain string: text as it is, lists joined with '; ', a table described."""
    try:
        if value is None:
            text = "None"
        elif isinstance(value, str):
            text = value
        elif isinstance(value, bool):
            text = str(value)
        elif isinstance(value, (int, float)):
            text = f"{value:g}" if isinstance(value, float) else str(value)
        elif isinstance(value, Mapping):
            text = "; ".join(f"{short_text(k, 60)}: {short_text(v, 60)}" for k, v in value.items())
        elif isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
            text = "; ".join(short_text(v, 60) for v in items)
        else:
            from .checks import describe

            text = describe(value)
    except Exception:  # an answer we cannot describe is still an answer  # noqa: BLE001
        text = f"a value of type {type(value).__name__}"
    text = " ".join(str(text).split())  # one line, no control characters
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CHAPTER = re.compile(r"^(\d{1,2})[._]")


def chapter_of(item_id: str | None) -> int | None:
    """'02.cbrn-first-named' -> 2, '2.1' -> 2; None when the id does not start with a chapter number."""
    match = _CHAPTER.match(item_id or "")
    return int(match.group(1)) if match else None


def in_solutions() -> bool:
    """True in a worked-solution notebook (exercises/solutions/): running the solutions is not answering."""
    return "solutions" in Path(os.environ.get("JPY_SESSION_NAME", "")).parts


def _notebook_chapter() -> int | None:
    """The chapter of the notebook this kernel runs (Jupyter Server names it in JPY_SESSION_NAME)."""
    name = os.path.basename(os.environ.get("JPY_SESSION_NAME", ""))
    return chapter_of(name)


def item_identity(item) -> tuple[str, int | None]:
    """(id, chapter) of a question or exercise. Without an id, one is made from the prompt (stable)."""
    item_id = getattr(item, "id", None)
    if isinstance(item_id, str) and item_id.strip():
        item_id = item_id.strip()[:80]
        chapter = chapter_of(item_id)
        return item_id, chapter if chapter is not None else _notebook_chapter()
    chapter = _notebook_chapter()
    digest = hashlib.sha256(str(getattr(item, "prompt", repr(item))).encode()).hexdigest()[:8]
    return (f"{chapter:02d}.q-{digest}" if chapter is not None else f"q-{digest}"), chapter


def _append(path: Path, line: str) -> None:
    """Append one line with a single write to a file opened with O_APPEND: concurrent writers never interleave.

    (POSIX makes each such write land whole at the end of the file; on Windows a lock is held while writing.)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (line + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if os.name == "nt":  # pragma: no cover - Windows appends are not atomic: hold a lock on byte 0 meanwhile
            import msvcrt

            with contextlib.suppress(OSError):  # still write if no lock comes within msvcrt's ten seconds
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        written = os.write(fd, data)
        while written < len(data):  # pragma: no cover - a short write of a few hundred bytes is very unlikely
            written += os.write(fd, data[written:])
    finally:
        os.close(fd)  # also releases a Windows lock


def _attempts_before(path: Path, item_id: str) -> int:
    if not path.exists():
        return 0
    return sum(1 for r in read(path).records if r["item"] == item_id)


PROBLEMS: list[str] = []  # why the latest answer could not be saved (shown by the My progress view)


def record(item, response, feedback) -> dict | None:
    """Append what the learner answered to the progress file. Returns the record, or None. Never raises."""
    try:
        status = getattr(feedback, "status", None)
        if status not in RECORDED_STATUSES:
            return None
        path = progress_file()
        if path is None or in_solutions():
            return None
        item_id, chapter = item_identity(item)
        kind = "exercise" if type(item).__name__ == "Exercise" else "selfcheck"
        entry = {
            "v": VERSION,
            "item": item_id,
            "kind": kind,
            "chapter": chapter,
            "status": status,
            "correct": status == "correct",
            "attempt": _attempts_before(path, item_id) + 1,
            "time": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "answer": short_text(response),
            "prompt": short_text(getattr(item, "prompt", ""), MAX_PROMPT),
            "see": short_text(getattr(item, "see", None) or "", MAX_PROMPT),
        }
        _append(path, json.dumps(entry, ensure_ascii=False))
        PROBLEMS.clear()
        return entry
    except Exception as err:  # progress is a convenience: it must never stop a learner's answer from being checked  # noqa: BLE001
        PROBLEMS[:] = [f"{type(err).__name__}: {getattr(err, 'strerror', None) or err}"]
        return None


def recorded(item, response, feedback):
    """Record and hand the feedback back (so a hook is one line: ``return recorded(self, answer, fb)``)."""
    record(item, response, feedback)
    return feedback


# ---------------------------------------------------------------------------------------------------------------
# reading

_FIELDS = {
    "v": int,
    "item": str,
    "kind": str,
    "status": str,
    "correct": bool,
    "attempt": int,
    "time": str,
    "answer": str,
}
_WORDS = {int: "a whole number", str: "text", bool: "true or false"}


def check_record(entry) -> str | None:
    """None if ``entry`` is a valid record, else what is wrong with it (one short phrase)."""
    if not isinstance(entry, dict):
        return "not a record (a JSON object)"
    for name, kind in _FIELDS.items():
        value = entry.get(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return f"field '{name}' is missing or not {_WORDS[kind]}"
    if entry["v"] != VERSION:
        return f"version {entry['v']} is not {VERSION}"
    if entry["kind"] not in ("selfcheck", "exercise"):
        return f"kind {entry['kind'][:20]!r} is unknown"
    if entry["status"] not in RECORDED_STATUSES:
        return f"status {entry['status'][:20]!r} is unknown"
    if entry["correct"] != (entry["status"] == "correct"):
        return "'correct' does not match 'status'"
    if not 1 <= entry["attempt"] <= 100_000:
        return "'attempt' is out of range"
    chapter = entry.get("chapter")
    if chapter is not None and (not isinstance(chapter, int) or isinstance(chapter, bool) or not 0 <= chapter <= 99):
        return "'chapter' is not a chapter number"
    if not entry["item"].strip() or len(entry["item"]) > 80:
        return "'item' is empty or too long"
    for name in ("answer", "prompt", "see"):
        if len(str(entry.get(name, ""))) > 4 * MAX_ANSWER:
            return f"'{name}' is too long"
    for name in ("prompt", "see"):
        if name in entry and not isinstance(entry[name], str):
            return f"field '{name}' is not text"
    try:
        dt.datetime.fromisoformat(entry["time"].replace("Z", "+00:00"))
    except ValueError:
        return "'time' is not a date and time"
    return None


@dataclass
class Progress:
    """The records read from a progress file, and notes on lines that could not be read."""

    records: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    path: Path | None = None


def read(path: Path | str | None = None) -> Progress:
    """Every valid record of the progress file, in order. Damaged lines are skipped, each with a note."""
    where = Path(path) if path is not None else progress_file()
    out = Progress(path=where)
    if where is None or not where.exists():
        return out
    try:
        raw = where.read_bytes()
    except OSError as err:
        out.notes.append(f"The progress file could not be read ({err.strerror or err}).")
        return out
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        if len(line) > LINE_LIMIT:
            out.notes.append(f"line {number} is too long to be a record: skipped")
            continue
        try:
            entry = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            out.notes.append(f"line {number} is damaged (not JSON): skipped")
            continue
        problem = check_record(entry)
        if problem:
            out.notes.append(f"line {number}: {problem}: skipped")
            continue
        out.records.append(entry)
    return out


# ---------------------------------------------------------------------------------------------------------------
# summarising


@dataclass
class ItemSummary:
    item: str
    kind: str
    chapter: int | None
    prompt: str
    see: str
    attempts: int
    right_first_time: bool
    right: bool  # right at the latest attempt (or a written answer submitted)
    last_answer: str
    last_time: str


def items_of(records: Iterable[dict]) -> dict[str, ItemSummary]:
    """One summary per item answered, in the order first answered."""
    out: dict[str, ItemSummary] = {}
    for r in records:
        done = r["status"] in ("correct", "submitted")
        s = out.get(r["item"])
        if s is None:
            out[r["item"]] = ItemSummary(
                r["item"],
                r["kind"],
                r.get("chapter"),
                r.get("prompt", ""),
                r.get("see", ""),
                1,
                done,
                done,
                r["answer"],
                r["time"],
            )
        else:
            s.attempts += 1
            s.right, s.last_answer, s.last_time = s.right or done, r["answer"], r["time"]
            s.prompt, s.see = r.get("prompt", s.prompt) or s.prompt, r.get("see", s.see) or s.see
            if s.chapter is None:
                s.chapter = r.get("chapter")
    return out


@functools.cache
def _exercise_ids(slug: str) -> frozenset[str]:
    """The ids of the exercises declared in eunato.exercises.<slug>, read from its source (``judged("2.1", ...)``)
    without importing it (importing loads the data, which would slow the first view of My progress)."""
    import ast
    import importlib.util

    try:
        spec = importlib.util.find_spec(f"eunato.exercises.{slug}")
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    except Exception:  # no such module (a chapter without checkers yet): no exercises known  # noqa: BLE001
        return frozenset()
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in (
            "Exercise",
            "judged",
        ):
            first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "id"), None)
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                ids.add(first.value)
    return frozenset(ids)


def _known_items(chapter) -> set[str] | None:
    """The self-checks (from the chapter's question file) and exercises (from its checker module) it has."""
    from .bank import raw_items
    from .manifest import ROOT

    known: set[str] = set()
    for it in raw_items(ROOT / chapter.questions):  # a question file that cannot be read counts nothing here
        if it.get("use", "selfcheck") == "selfcheck" and it.get("id") and not it.get("hidden"):
            known.add(str(it["id"]))
    if chapter.has_exercises:
        known |= _exercise_ids(chapter.slug)
    return known or None


def _measure_items() -> set[str]:
    """The ids of the diagnostic and post-course items (``use: diagnostic | post``): they measure what a learner
    knows, so a wrong answer there is not a question to revisit and does not keep a chapter from being done."""
    from .bank import raw_items
    from .manifest import ROOT, chapters

    out: set[str] = set()
    for chapter in chapters():
        for it in raw_items(ROOT / chapter.questions):
            if it.get("use") in ("diagnostic", "post") and it.get("id"):
                out.add(str(it["id"]))
    return out


@dataclass
class ChapterSummary:
    number: int
    title: str
    notebook: str
    exercises: str | None
    answered: int
    right_first_time: int
    total: int | None  # how many self-checks and exercises the chapter has, when known
    done: bool


def summary(records: Iterable[dict] | None = None) -> dict:
    """Chapters (from course.yaml) with what was answered in each, and the items to revisit."""
    from .manifest import chapters

    if records is None:
        records = read().records
    measures = _measure_items()
    items = {k: v for k, v in items_of(records).items() if k not in measures}
    out_chapters = []
    for ch in chapters():
        mine = [s for s in items.values() if s.chapter == ch.number]
        known = _known_items(ch)
        every = (known | {s.item for s in mine}) if known else None  # what the course has, and what was answered
        out_chapters.append(
            ChapterSummary(
                ch.number,
                ch.title,
                ch.notebook,
                ch.exercises,
                len(mine),
                sum(s.right_first_time for s in mine),
                len(every) if every else None,
                bool(known) and len(mine) >= len(every) and all(s.right for s in mine),
            )
        )
    return {
        "chapters": out_chapters,
        "items": list(items.values()),
        "answered": len(items),
        "right_first_time": sum(s.right_first_time for s in items.values()),
        "revisit": [s for s in items.values() if not s.right],
    }


def _link(notebook: str | None, base: str) -> str:
    """A link from a notebook in notebooks/ (base '') or another folder (base '../notebooks/' style)."""
    if not notebook:
        return ""
    folder, name = notebook.split("/", 1)
    return (base + name) if folder == "notebooks" else (base + "../" + notebook)


def where_text(path: Path | None) -> str:
    """Where the progress file is and how to delete it, for a learner."""
    if path is None:
        return (
            "Progress is not being recorded in this session (the course's tests and notebook re-runs turn it "
            "off; so does the environment variable EUNATO_PROGRESS=off)."
        )
    return (
        f"Your progress is kept in one file on this computer, {path}, outside the course folder (so a course "
        "update never touches it) and nowhere else: nothing is sent anywhere. To start afresh, delete that file "
        "(or, in the start notebook, run progress.forget() in a new cell below this one)."
    )


def binder_text() -> str:
    return (
        "You are on Binder: this session and everything in it, your progress too, is deleted when the session "
        "ends (after a short time without activity). To keep it, press 'Save a copy' below (or run "
        "progress.export()), then right-click the new file in the file browser and choose Download."
    )


def summary_html(records: Iterable[dict] | None = None, view: str = "summary", base: str = "") -> str:
    """The "My progress" view as HTML. ``view``: 'summary', 'revisit' or 'answers'. Every text is escaped."""
    got = read() if records is None else Progress(records=list(records), path=progress_file())
    s = summary(got.records)
    e = html.escape
    parts = []
    n, first = s["answered"], s["right_first_time"]
    done = [c for c in s["chapters"] if c.done]
    if view == "summary":
        parts.append(
            f"<p><strong>{n} {'self-check or exercise' if n == 1 else 'self-checks and exercises'} answered</strong>, "
            f"{first} right first time; {len(done)} of {len(s['chapters'])} chapters done; "
            f"{len(s['revisit'])} to revisit.</p>"
            if n
            else "<p><strong>Nothing answered yet.</strong> Answer a self-check (press <em>Check my answer</em>) "
            "or run an exercise's check cell, then press <em>Refresh</em>.</p>"
        )
        rows = []
        for c in s["chapters"]:
            total = f" of {c.total}" if c.total else ""
            state = "done ✔" if c.done else ("started" if c.answered else "not started")
            ex = f" · <a href='{e(_link(c.exercises, base))}'>exercises</a>" if c.exercises else ""
            rows.append(
                f"<tr><td><a href='{e(_link(c.notebook, base))}'>{c.number} {e(c.title)}</a>{ex}</td>"
                f"<td>{c.answered}{total}</td><td>{c.right_first_time}</td><td>{state}</td></tr>"
            )
        parts.append(
            "<table class='eunato-progress-table'><thead><tr><th>Chapter</th><th>Answered</th>"
            "<th>Right first time</th><th>State</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        )
    elif view == "revisit":
        if not s["items"]:
            parts.append("<p><strong>Nothing answered yet</strong>, so nothing to revisit.</p>")
        elif not s["revisit"]:
            parts.append("<p><strong>Nothing to revisit</strong>: every question you answered is right in the end.</p>")
        else:
            parts.append(f"<p><strong>{len(s['revisit'])} to revisit</strong> (not yet right):</p><ul>")
            for it in s["revisit"]:
                parts.append(_item_line(it, s, base))
            parts.append("</ul>")
    else:
        if not s["items"]:
            parts.append("<p><strong>No answers yet.</strong></p>")
        else:
            parts.append(f"<p><strong>Every answer</strong> ({n} items, latest answer shown):</p><ul>")
            for it in s["items"]:
                parts.append(_item_line(it, s, base))
            parts.append("</ul>")
    notes = got.notes
    if notes:
        parts.append(
            "<p><em>"
            + e(f"{len(notes)} damaged line{'s' if len(notes) > 1 else ''} in the progress file skipped: ")
            + e("; ".join(notes[:3]))
            + "</em></p>"
        )
    if PROBLEMS:
        parts.append(
            "<p role='alert' style='color:#8A3B00'>"
            + e(f"Your latest answer could not be saved in the progress file ({PROBLEMS[0][:200]}).")
            + "</p>"
        )
    parts.append(f"<p style='font-size:0.9em'>{e(where_text(got.path))}</p>")
    if on_binder():
        parts.append(f"<p role='note' style='color:#8A3B00'><strong>{e(binder_text())}</strong></p>")
    return "<div class='eunato-progress'>" + "".join(parts) + "</div>"


def _item_line(it: ItemSummary, s: dict, base: str) -> str:
    e = html.escape
    chapter = next((c for c in s["chapters"] if c.number == it.chapter), None)
    where = f"<a href='{e(_link(chapter.notebook, base))}'>Chapter {chapter.number}</a>, " if chapter else ""
    state = "right" if it.right else "not yet right"
    label = f"exercise {it.item}" if it.kind == "exercise" else "self-check"
    see = f"; see: {e(it.see)}" if it.see and not it.right else ""
    return (
        f"<li>{where}{e(label)}: {e(it.prompt or it.item)} — {state} after {it.attempts} "
        f"attempt{'s' if it.attempts != 1 else ''} (last answer: {e(it.last_answer)}){see}</li>"
    )


def summary_text(records: Iterable[dict] | None = None) -> str:
    """A plain-text summary (for a terminal or a static viewer)."""
    got = read() if records is None else Progress(records=list(records), path=progress_file())
    s = summary(got.records)
    lines = [
        (
            f"My progress: {s['answered']} answered, {s['right_first_time']} right first time, "
            f"{sum(c.done for c in s['chapters'])} of {len(s['chapters'])} chapters done, "
            f"{len(s['revisit'])} to revisit."
        )
    ]
    lines.append(where_text(got.path))
    return "\n".join(lines)


def forget() -> str:
    """Delete the progress file (start afresh). Returns what was done."""
    path = progress_file()
    if path is None:
        return "Progress is not being recorded in this session; there is nothing to delete."
    try:
        path.unlink()
    except FileNotFoundError:
        return f"There is no progress file ({path}); nothing to delete."
    except OSError as err:
        return f"The progress file {path} could not be deleted ({err.strerror or err})."
    return f"Deleted {path}: your progress starts afresh."


# ---------------------------------------------------------------------------------------------------------------
# handing in


def checksum(name, records) -> str:
    """A fingerprint of the name and records, so a report can tell a file changed by hand after export."""
    canonical = json.dumps({"name": name, "records": records}, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def clean_name(name) -> str | None:
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError("The name must be text in quotes, such as export('Alex').")
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise ValueError(f"The name is {len(name)} characters long; keep it under {MAX_NAME}.")
    return name or None


@dataclass
class Exported:
    """The file export() wrote: shows itself as a sentence and a download link."""

    path: Path
    records: int
    message: str = ""

    def __str__(self):
        return self.message

    __repr__ = __str__

    def _repr_html_(self):
        return (
            f"<p>{html.escape(self.message)} <a href='{html.escape(self.path.name)}' download>"
            f"Download {html.escape(self.path.name)}</a></p>"
        )


def export(name: str | None = None, folder: str | Path | None = None) -> Exported:
    """Write your answers and progress to one JSON file to hand in, in ``folder`` (default: this notebook's).

    ``name`` is optional: the only personal detail in the file is what you type there. An existing file is
    never overwritten: the new one gets a number.
    """
    name = clean_name(name)
    got = read()
    records = got.records[-MAX_RECORDS:]
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "course": "eunato",
        "name": name,
        "exported": now.isoformat().replace("+00:00", "Z"),
        "records": records,
        "checksum": checksum(name, records),
    }
    folder = Path(folder) if folder is not None else Path.cwd()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name or "").strip("-")[:30].lower()
    stem = "my-progress" + (f"-{slug}" if slug else "") + now.strftime("-%Y-%m-%d")
    data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    for i in range(1, 1000):
        target = folder / (stem + (f"-{i}" if i > 1 else "") + ".json")
        try:
            with open(target, "xb") as f:  # x: fails if the file exists, so nothing is overwritten
                f.write(data)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover
        raise FileExistsError(f"too many files named {stem}-N.json in {folder}")
    message = (
        f"Saved {len(records)} answer{'s' if len(records) != 1 else ''} to {target.name} (in {folder.resolve()}). Hand in this file; "
        "it holds your answers" + (f" and the name {name!r}" if name else " and no name") + ", nothing else."
    )
    return Exported(target, len(records), message)


# ---------------------------------------------------------------------------------------------------------------
# the "My progress" view


VIEWS = [("Summary by chapter", "summary"), ("Questions to revisit", "revisit"), ("Every answer", "answers")]


def progress_explorer(base: str = ""):
    """The "My progress" view: choose what to see, press Refresh after answering more, save a copy to hand in.

    ``base`` is the link prefix from the notebook showing it to the notebooks/ folder ('' from notebooks/).
    """
    from .widgets import Choice, Explorer

    class ProgressExplorer(Explorer):
        """An explorer whose view reads a file: never reuse an earlier drawing."""

        def update(self, **values) -> str:
            self._views.clear()
            return super().update(**values)

        def widget(self):
            import ipywidgets as w

            box = super().widget()
            refresh = w.Button(description="Refresh", icon="refresh", tooltip="Read the progress file again")
            refresh.add_class("eunato-progress-refresh")
            name = w.Text(value="", placeholder="your name (optional)", layout=w.Layout(width="14em"))
            save = w.Button(
                description="Save a copy to hand in",
                tooltip="Write one file with your answers",
                layout=w.Layout(width="auto"),
            )
            save.add_class("eunato-progress-export")
            said = w.HTML("")
            said.add_class("eunato-progress-export-message")

            def on_refresh(_=None):
                self.update(**{k: wid.value for k, wid in self._widgets.items()})

            def on_save(_=None):
                said.value = export_message(name.value)

            refresh.on_click(on_refresh)
            save.on_click(on_save)
            box.children = (*box.children, w.HBox([refresh, name, save]), said)
            box.add_class("eunato-progress-explorer")
            self._refresh, self._save, self._name, self._said = on_refresh, on_save, name, said  # for tests
            return box

    return ProgressExplorer(
        lambda view: summary_html(view=view, base=base),
        title="My progress",
        description="What you have answered in this course, on this computer. Press Refresh after answering more.",
        controls={"view": Choice("Show", VIEWS, default="summary")},
        static_note="It lists the chapters you have done, the questions you answered and the ones to revisit.",
    )


def export_message(name: str | None) -> str:
    """What the Save button shows: the file written and how to get it, or one sentence saying what went wrong."""
    if not read().records:
        return (
            "<p role='alert'>Nothing to save yet: answer a self-check or run an exercise's check cell first "
            "(or progress is not being recorded in this session).</p>"
        )
    try:
        done = export(name.strip() if isinstance(name, str) and name.strip() else None)
    except (ValueError, TypeError, OSError) as err:
        return f"<p role='alert' style='color:#8A3B00'>{html.escape(str(err))}</p>"
    return (
        f"<p>{html.escape(done.message)}</p><p>To hand it in, find <strong>{html.escape(done.path.name)}</strong> "
        "in the file browser on the left, right-click it and choose Download.</p>"
    )


# ---------------------------------------------------------------------------------------------------------------
# what you gained: the diagnostic (chapter 0) and the post-course quiz (capstone), compared by course objective


@dataclass
class Gain:
    """Right answers (at the first attempt) on one course objective, before the course and after it."""

    objective: str
    text: str
    before_right: int
    before_answered: int
    before_total: int
    after_right: int
    after_answered: int
    after_total: int

    @property
    def change(self) -> float | None:
        """The share right after minus the share right before (the two quizzes may ask a different number of
        questions on an objective); None until both have an answer on it."""
        if not self.before_answered or not self.after_answered:
            return None
        return self.after_right / self.after_total - self.before_right / self.before_total

    @property
    def verdict(self) -> str:
        change = self.change
        if change is None:
            return "–"
        return "better" if change > 1e-9 else ("lower" if change < -1e-9 else "the same")


def gained(
    records: Iterable[dict],
    pairs: Mapping[str, tuple[Iterable[str], Iterable[str]]],
    texts: Mapping[str, str] | None = None,
) -> list[Gain]:
    """Per course objective, how many of its diagnostic items (``pairs[objective][0]``) and of its post-course items
    (``pairs[objective][1]``) the learner got right at the first attempt. A later right answer does not count: the
    diagnostic measures what the learner knew, and retrying until right would hide it. Pure: records in, rows out,
    in the order of ``pairs``."""
    summaries = items_of(records)
    texts = texts or {}

    def count(ids) -> tuple[int, int, int]:
        ids = list(ids)
        answered = [summaries[i] for i in ids if i in summaries]
        return sum(s.right_first_time for s in answered), len(answered), len(ids)

    out = []
    for objective, (before, after) in pairs.items():
        b, a = count(before), count(after)
        out.append(Gain(objective, texts.get(objective, objective), *b, *a))
    return out


def course_pairs() -> tuple[dict[str, tuple[list[str], list[str]]], dict[str, str]]:
    """The bank's diagnostic and post-course items grouped by their (shared) course objective, and each objective's
    text (from chapter 0's question file)."""
    from . import bank, manifest

    pairs: dict[str, tuple[list[str], list[str]]] = {}
    for item in bank.items():
        if item.use in ("diagnostic", "post"):
            before, after = pairs.setdefault(item.objective, ([], []))
            (before if item.use == "diagnostic" else after).append(item.id)
    first = manifest.chapters()[0]
    texts = bank.load_file(manifest.ROOT / first.questions, teacher=False)["objectives"]
    return pairs, texts


def _score(right: int, answered: int, total: int) -> str:
    """'1 of 2 right' once every item is answered; until then what was answered and what is left: '0 of 1 answered
    right; 1 not answered yet' (read as '0 of 2 right (1 answered)', it looked like a score of the two)."""
    if not answered:
        return "not answered yet"
    if answered == total:
        return f"{right} of {total} right"
    return f"{right} of {answered} answered right; {total - answered} not answered yet"


def gained_html(records: Iterable[dict] | None = None) -> str:
    """The "what you gained" table: for each course objective, right first answers before and after the course."""
    records = read().records if records is None else list(records)
    pairs, texts = course_pairs()
    rows = gained(records, pairs, texts)
    if not any(r.before_answered for r in rows):
        lead = (
            "You have not answered the diagnostic at the end of chapter 0 on this computer, so there is nothing to "
            "compare with: answer it there, then come back."
        )
    elif not any(r.after_answered for r in rows):
        lead = "Answer the quiz above, then press Refresh to compare with your diagnostic."
    else:
        up = sum(1 for r in rows if (r.change or 0) > 0)
        lead = (
            f"Your share of right first answers went up on {up} of the {len(rows)} course objectives "
            "(the two quizzes ask different questions on the same objectives)."
        )
    body = []
    for r in rows:
        body.append(
            f"<tr><th scope='row' style='text-align:left'>{html.escape(r.text)}</th>"
            f"<td>{_score(r.before_right, r.before_answered, r.before_total)}</td>"
            f"<td>{_score(r.after_right, r.after_answered, r.after_total)}</td><td>{r.verdict}</td></tr>"
        )
    return (
        f"<div class='eunato-gained'><p>{html.escape(lead)}</p>"
        "<table><caption>What you gained: right first answers per course objective, before (chapter 0's diagnostic) "
        "and after (the quiz above)</caption><thead><tr><th scope='col'>Objective</th><th scope='col'>Before</th>"
        "<th scope='col'>After</th><th scope='col'>Change</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
        "<p><small>Only first answers count: the diagnostic measured what you knew then. Your answers stay on this "
        "computer.</small></p></div>"
    )


class _GainedView:
    def widget(self):
        import ipywidgets as w

        out = w.HTML(gained_html())
        refresh = w.Button(description="Refresh", icon="refresh", tooltip="Read the progress file again")
        refresh.add_class("eunato-gained-refresh")

        def on_refresh(_=None):
            out.value = gained_html()

        refresh.on_click(on_refresh)
        box = w.VBox([out, refresh])
        box.add_class("eunato-gained-view")
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        from .display import WIDGET_VIEW

        bundle = {
            "text/plain": "What you gained: your first answers to the diagnostic (chapter 0) and to the quiz above, "
            "compared per course objective. (Run this notebook in Jupyter to see yours.)",
            "text/html": "<p><em>What you gained: run this notebook in Jupyter to compare your diagnostic (chapter 0) "
            "with the quiz above, objective by objective.</em></p>",
        }
        try:
            view = self.widget()._repr_mimebundle_()
        except ImportError:
            view = None
        if view and WIDGET_VIEW in view:
            bundle[WIDGET_VIEW] = view[WIDGET_VIEW]
        return bundle


def gained_view() -> _GainedView:
    """The "what you gained" view (after the post-course quiz), with a Refresh button."""
    return _GainedView()
