"""The question bank: self-checks as content, in ``questions/NN_slug.yaml`` (format: ``questions/README.md``).

``quiz("02.cbrn-first-named")`` returns the question object for one item, built from the chapter's file with
the classes of :mod:`eunato.questions`; a notebook cell holds only that call. Every file is validated when it
is loaded: a broken file, an unknown type or a missing field stops with one :class:`BankError` naming the file,
the item id and the field.

Answers that come from the data are computed by named functions in :mod:`eunato.computed`
(``answer_from: computed.NAME``); their other values fill ``{name}`` placeholders in the item's text.

A teacher's own file (any ``*.yaml`` in the folder named by the environment variable ``EUNATO_QUESTIONS``, or a
``questions/teacher_*.yaml`` file) is validated the same way. An item there with the id of a course item replaces
it; ``{id: ..., hidden: true}`` hides it (``quiz`` then shows a one-line note instead of the question).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import manifest
from .questions import (
    DateQuestion,
    MultipleChoice,
    NumberQuestion,
    OpenQuestion,
    OrderQuestion,
    Question,
    SingleChoice,
    SortQuestion,
)

__all__ = ["BankError", "ExerciseSpec", "Item", "exercise_specs", "items", "load_file", "quiz"]

QUESTIONS = manifest.ROOT / "questions"
TYPES = ("single", "multiple", "number", "date", "order", "sort", "open")
LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
USES = ("selfcheck", "retrieval", "diagnostic", "post")
ID = re.compile(r"^\d{2}\.[a-z0-9]+(-[a-z0-9]+)*$")
COMMON = ("id", "type", "level", "objective", "where", "prompt")
KNOWN = set(COMMON) | {
    "use",
    "options",
    "answer",
    "answer_from",
    "values_from",
    "feedback",
    "explanation",
    "sources",
    "hidden",
    "tolerance",
    "minimum",
    "maximum",
    "unit",
    "precision",
    "model_answer",
    "checklist",
    "note",
    "groups",
}
WITH_OPTIONS = ("single", "multiple", "sort")
WITH_FEEDBACK = ("single", "multiple", "number", "date", "sort")


class BankError(ValueError):
    """A question file is broken: the message names the file, the item id and the field."""

    def _render_traceback_(self) -> list[str]:  # IPython shows the one sentence, not a traceback
        return [f"Question file problem: {self}"]


@dataclass(frozen=True)
class Item:
    """One validated item of a question file (text still holding its ``{placeholders}``)."""

    id: str
    type: str
    level: str
    objective: str
    where: str
    prompt: str
    use: str
    file: str
    raw: dict = field(repr=False, compare=False)
    hidden: bool = False

    @property
    def chapter_number(self) -> int:
        return int(self.id[:2])

    def build(self) -> Question:
        """The question object (computed answers filled in), carrying ``id``, ``level`` and ``objective``."""
        return _build(self)


# --- loading and validating ---------------------------------------------------------------------------
def _fail(file: str, item: str | None, fld: str | None, problem: str):
    where = file + (f", item {item}" if item else "") + (f", field '{fld}'" if fld else "")
    raise BankError(f"{where}: {problem}")


# libyaml's safe loader when PyYAML was built with it (about ten times faster), else the pure-Python one: same rules.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """YAML text as Python values, with the safe loader (no tags that run code)."""
    return yaml.load(text, Loader=_SAFE_LOADER)


def raw_items(path: Path) -> tuple[dict, ...]:
    """The item mappings of a question file as written (not validated; () when it is missing or unreadable), read
    again only when the file changed. For counting ids (eunato.progress), where a broken file counts nothing."""
    try:
        st = Path(path).stat()
    except OSError:
        return ()
    return _raw_items(str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=32)
def _raw_items(path: str, mtime_ns: int, size: int) -> tuple[dict, ...]:
    del mtime_ns, size  # the cache key only
    try:
        raw = parse_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ()
    items = raw.get("items") if isinstance(raw, dict) else None
    return tuple(it for it in items or [] if isinstance(it, dict))


def _read(path: Path) -> dict:
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except OSError as err:
        _fail(path.name, None, None, f"cannot be read ({err.strerror or err})")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" near line {mark.line + 1}" if mark else ""
        _fail(path.name, None, None, f"is not valid YAML{at} ({getattr(err, 'problem', None) or err})")
    if not isinstance(raw, dict):
        _fail(path.name, None, None, "must be a mapping with 'chapter', 'objectives' and 'items'")
    return raw


def _objectives(name: str, raw: dict, required: bool) -> dict[str, str]:
    objs = raw.get("objectives")
    if objs is None and not required:
        return {}
    if not isinstance(objs, list) or not objs:
        _fail(name, None, "objectives", "must be a list of {id, text}")
    out = {}
    for o in objs:
        if not isinstance(o, dict) or not isinstance(o.get("id"), str) or not isinstance(o.get("text"), str):
            _fail(name, None, "objectives", f"each objective needs an 'id' and a 'text' (got {o!r})")
        out[o["id"]] = o["text"]
    return out


def _is_text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_item(name: str, raw: Any, objectives: dict[str, str], teacher: bool) -> Item:
    if not isinstance(raw, dict):
        _fail(name, None, "items", f"each item must be a mapping of fields (got {raw!r})")
    iid = raw.get("id")
    if not isinstance(iid, str) or not ID.match(iid):
        _fail(name, str(iid), "id", "must be NN.short-name, such as 02.cbrn-first-named (lower case, hyphens)")
    if teacher and raw.get("hidden") is True and set(raw) <= {"id", "hidden", "note"}:
        return Item(iid, "hidden", "", "", "", "", "selfcheck", name, raw, hidden=True)
    unknown = sorted(set(raw) - KNOWN)
    if unknown:
        _fail(name, iid, unknown[0], f"is not a known field (known: {', '.join(sorted(KNOWN))})")
    for fld in COMMON:
        if not _is_text(raw.get(fld)):
            _fail(name, iid, fld, "is missing or empty")
    kind = raw["type"]
    if kind not in TYPES:
        _fail(name, iid, "type", f"'{kind}' is not a question type ({', '.join(TYPES)})")
    if raw["level"] not in LEVELS:
        _fail(name, iid, "level", f"'{raw['level']}' is not a level of thinking ({', '.join(LEVELS)})")
    use = raw.get("use", "selfcheck")
    if use not in USES:
        _fail(name, iid, "use", f"'{use}' is not a use ({', '.join(USES)})")
    if objectives and raw["objective"] not in objectives:
        _fail(name, iid, "objective", f"'{raw['objective']}' is not one of the objectives ({', '.join(objectives)})")
    if kind == "open":
        if not _is_text(raw.get("model_answer")):
            _fail(name, iid, "model_answer", "an open question needs a model answer")
        checklist = raw.get("checklist")
        if not isinstance(checklist, list) or not checklist or not all(_is_text(c) for c in checklist):
            _fail(name, iid, "checklist", "an open question needs a list of points a good answer covers")
        if "answer" in raw or "answer_from" in raw:
            _fail(name, iid, "answer", "an open question has no answer: give a model_answer and a checklist")
    else:
        if not _is_text(raw.get("explanation")):
            _fail(name, iid, "explanation", "is missing or empty")
        if ("answer" in raw) == ("answer_from" in raw):
            _fail(name, iid, "answer", "give exactly one of 'answer' or 'answer_from'")
        computed_options = kind == "sort" and "answer_from" in raw and "options" not in raw
        if kind in WITH_OPTIONS and not computed_options:  # a sort question may take its items from answer_from
            options = raw.get("options")
            if not isinstance(options, list) or len(options) < 2 or not all(_is_text(o) for o in options):
                _fail(name, iid, "options", "must be a list of at least two texts")
        if kind in WITH_FEEDBACK and not isinstance(raw.get("feedback"), dict):
            _fail(name, iid, "feedback", "must map typical wrong answers to what to say ({} if none)")
    for fld in ("answer_from", "values_from"):
        if fld in raw:
            _function(name, iid, fld, raw[fld])
    if "hidden" in raw and not isinstance(raw["hidden"], bool):
        _fail(name, iid, "hidden", "must be true or false")
    return Item(
        id=iid,
        type=kind,
        level=raw["level"],
        objective=raw["objective"],
        where=raw["where"].strip(),
        prompt=raw["prompt"].strip(),
        use=use,
        file=name,
        raw=raw,
        hidden=bool(raw.get("hidden", False)),
    )


def _function(name: str, iid: str, fld: str, ref: Any):
    from . import computed

    if not isinstance(ref, str) or not ref.strip():
        _fail(name, iid, fld, "must name a function in eunato.computed, such as computed.start_overlap")
    func = getattr(computed, ref.strip().removeprefix("computed."), None)
    if not callable(func) or ref.strip().removeprefix("computed.").startswith("_"):
        _fail(name, iid, fld, f"'{ref}' is not a function in eunato.computed")
    return func


def load_file(path: str | Path, *, teacher: bool | None = None) -> dict:
    """Read and validate one question file: {'chapter', 'objectives': {id: text}, 'items': [Item]}."""
    path = Path(path)
    teacher = (
        path.name.startswith("teacher_") or path.parent.resolve() != QUESTIONS.resolve() if teacher is None else teacher
    )
    raw = _read(path)
    name = path.name
    slug = raw.get("chapter")
    if not teacher:
        if not _is_text(slug):
            _fail(name, None, "chapter", "must name the chapter's slug, as in course.yaml")
        try:
            chap = manifest.chapter(slug)
        except manifest.ManifestError:
            _fail(name, None, "chapter", f"'{slug}' is not a chapter slug in course.yaml")
        if name != f"{chap.stem}.yaml":
            _fail(name, None, "chapter", f"the file for chapter '{slug}' must be named {chap.stem}.yaml")
    objectives = _objectives(name, raw, required=not teacher)
    entries = raw.get("items")
    if entries is None and teacher and raw.get("exercises"):
        entries = []  # a teacher's file may change only exercises
    if not isinstance(entries, list) or (not entries and not (teacher and raw.get("exercises"))):
        _fail(name, None, "items", "must be a list of questions")
    out, seen = [], set()
    for entry in entries:
        item = _check_item(name, entry, objectives, teacher)
        if item.id in seen:
            _fail(name, item.id, "id", "is used twice in this file")
        seen.add(item.id)
        if not teacher and item.chapter_number != chap.number:
            _fail(name, item.id, "id", f"must start with {chap.number:02d}. in this chapter's file")
        out.append(item)
    exercises = _check_exercises(name, raw, objectives, teacher, None if teacher else chap.number)
    return {"chapter": slug, "objectives": objectives, "items": out, "teacher": teacher, "exercises": exercises}


def course_files() -> list[Path]:
    """The course's question files, in chapter order (chapters whose file does not exist yet are skipped)."""
    return [manifest.ROOT / c.questions for c in manifest.chapters() if (manifest.ROOT / c.questions).exists()]


def teacher_files() -> list[Path]:
    files = sorted(QUESTIONS.glob("teacher_*.yaml"))
    folder = os.environ.get("EUNATO_QUESTIONS")
    if folder:
        if not Path(folder).is_dir():
            raise BankError(f"EUNATO_QUESTIONS: '{folder}' is not a folder")
        files += sorted(Path(folder).glob("*.yaml"))
    return files


def _signature(folder: str | None) -> tuple:
    """What the loaded bank depends on: each question file's path, modification time and size. A file edited,
    added or removed changes it, so the next ``quiz()`` reads the files again without a ``reload()``."""
    paths = [manifest.ROOT / c.questions for c in manifest.chapters()]
    with contextlib.suppress(BankError):  # a teacher folder that does not exist: _load_all raises it, with its message
        paths += teacher_files()
    out = []
    for path in paths:
        try:
            st = path.stat()
            out.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(path), None, None))
    return (folder, tuple(out))


def _loaded(folder: str | None) -> tuple[dict[str, Item], dict[int, BankError]]:
    """Every item by id, and the error of each chapter whose file is broken (read again when a file changed)."""
    return _load_all(_signature(folder))


@lru_cache(maxsize=4)  # a few: the course's files and a teacher's folder or two
def _load_all(signature: tuple) -> tuple[dict[str, Item], dict[int, BankError]]:
    """Every item by id, and the error of each chapter whose file is broken. One broken chapter file does not stop
    the others (a learner in chapter 2 is not blocked by a mistake in chapter 5); a broken teacher's file stops
    everything, naming itself, since the teacher must see it before the lesson."""
    del signature  # the cache key only
    bank: dict[str, Item] = {}
    broken: dict[int, BankError] = {}
    objectives: dict[int, dict[str, str]] = {}
    for c in manifest.chapters():
        path = manifest.ROOT / c.questions
        if not path.exists():
            continue
        try:
            loaded = load_file(path, teacher=False)
            for item in loaded["items"]:
                if item.id in bank:
                    _fail(path.name, item.id, "id", f"is already used in {bank[item.id].file}")
            for item in loaded["items"]:
                _build(item)  # a broken answer stops at load time, naming the item
        except BankError as err:
            broken[c.number] = err
            continue
        bank.update({item.id: item for item in loaded["items"]})
        objectives[c.number] = loaded["objectives"]
    for path in teacher_files():
        loaded = load_file(path, teacher=True)
        for item in loaded["items"]:
            if item.hidden and item.type == "hidden":
                if item.id not in bank:
                    _fail(path.name, item.id, "id", "hides a question the course does not have")
                bank[item.id] = Item(**{**bank[item.id].__dict__, "hidden": True, "file": path.name})
                continue
            known = {**objectives.get(item.chapter_number, {}), **loaded["objectives"]}
            if item.objective not in known:
                _fail(
                    path.name,
                    item.id,
                    "objective",
                    f"'{item.objective}' is not an objective of chapter "
                    f"{item.chapter_number} or of this file ({', '.join(known)})",
                )
            if not item.hidden:
                _build(item)
            bank[item.id] = item
    return bank, broken


def _bank(folder: str | None) -> dict[str, Item]:
    return _loaded(folder)[0]


def items(include_hidden: bool = False) -> list[Item]:
    """Every item of the course's and the teacher's files, validated and buildable (a broken file raises)."""
    bank, broken = _loaded(os.environ.get("EUNATO_QUESTIONS"))
    if broken:
        raise next(iter(broken.values()))
    return [i for i in bank.values() if include_hidden or not i.hidden]


def reload() -> None:
    """Forget the loaded files. Edited files are read again anyway; this is for a change they cannot show, such as a
    function of :mod:`eunato.computed` replaced in a running session."""
    _load_all.cache_clear()


# --- building -----------------------------------------------------------------------------------------
def _fill(value, values: dict):
    if not values:
        return value
    if isinstance(value, str):
        try:
            return value.format_map(values)
        except (KeyError, IndexError, ValueError) as err:
            raise LookupError(f"placeholder {err} has no value") from None
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    if isinstance(value, dict):
        return {_fill(k, values): _fill(v, values) for k, v in value.items()}
    return value


def _text(value) -> str:
    return str(value).strip()


def _build(item: Item) -> Question:
    raw, name, iid = item.raw, item.file, item.id
    if item.hidden:
        return HiddenQuestion(iid)
    values: dict = {}
    computed_feedback: dict = {}
    answer = raw.get("answer")
    for fld in ("values_from", "answer_from"):
        if fld in raw:
            func = _function(name, iid, fld, raw[fld])
            kwargs = {"options": raw.get("options") or []} if "options" in inspect.signature(func).parameters else {}
            try:
                result = func(**kwargs)
            except Exception as err:  # a data file changed under the function: name the item  # noqa: BLE001
                _fail(name, iid, fld, f"{raw[fld]} failed: {err}")
            if not isinstance(result, dict):
                _fail(name, iid, fld, f"{raw[fld]} must return a dict")
            values.update({k: v for k, v in result.items() if k not in ("answer", "feedback")})
            computed_feedback = result.get("feedback") or {}  # per-option feedback from the data; the file's wins
            if fld == "answer_from":
                if "answer" not in result:
                    _fail(name, iid, fld, f"{raw[fld]} returned no 'answer'")
                answer = result["answer"]
                if isinstance(answer, (str, int, float)):
                    values["answer"] = answer  # {answer} may appear in the explanation
    current = "prompt"
    try:
        prompt = _text(_fill(raw["prompt"], values))
        current = "explanation"
        explanation = _text(_fill(raw.get("explanation", ""), values))
        current = "options"
        options = [_text(o) for o in _fill(raw.get("options") or [], values)]
        current = "feedback"
        feedback = {
            (_text(k) if item.type != "number" else k): _text(v)
            for k, v in {**computed_feedback, **_fill(raw.get("feedback") or {}, values)}.items()
        }
        current = "answer"
        answer = _fill(answer, values)
        see = item.where
        kind = item.type
        if kind == "single":
            q = SingleChoice(prompt, options, _text(answer), explanation=explanation, feedback=feedback, see=see)
        elif kind == "multiple":
            if not isinstance(answer, list):
                raise ValueError("a multiple-choice answer is a list of options")
            q = MultipleChoice(
                prompt, options, [_text(a) for a in answer], explanation=explanation, feedback=feedback, see=see
            )
        elif kind == "number":
            if isinstance(answer, bool) or not isinstance(answer, (int, float)):
                raise ValueError(f"a number question's answer must be a number (got {answer!r})")
            current = "feedback"
            numeric = {float(k): v for k, v in feedback.items()}
            current = "answer"
            q = NumberQuestion(
                prompt,
                answer,
                explanation=explanation,
                tolerance=float(raw.get("tolerance", 0)),
                unit=str(raw.get("unit", "")),
                feedback=numeric,
                minimum=raw.get("minimum"),
                maximum=raw.get("maximum"),
                see=see,
            )
        elif kind == "date":
            if isinstance(answer, dt.date):
                answer = answer.isoformat()
            answer = _text(answer)
            precision = raw.get("precision") or {4: "year", 7: "month", 10: "day"}.get(len(answer), "day")
            q = DateQuestion(prompt, answer, explanation=explanation, precision=precision, feedback=feedback, see=see)
        elif kind == "order":
            if not isinstance(answer, list):
                raise ValueError("an order question's answer is the list of items in the right order")
            answer = [_text(a) for a in answer]
            if options and sorted(options) != sorted(answer):
                raise ValueError("the options and the answer must hold the same items")
            q = OrderQuestion(prompt, answer, explanation=explanation, see=see)
        elif kind == "sort":
            if not isinstance(answer, dict):
                raise ValueError("a sort question's answer maps each group to a list of options")
            groups = [_text(g) for g in raw.get("groups") or answer]
            placed = {_text(o): _text(g) for g, members in answer.items() for o in members}
            options = options or list(placed)
            if sorted(placed) != sorted(options):
                raise ValueError("every option must be in exactly one group of the answer")
            ordered = {o: placed[o] for o in options}
            q = SortQuestion(prompt, ordered, groups, explanation=explanation, feedback=feedback, see=see)
        else:  # open
            current = "model_answer"
            model = _text(_fill(raw["model_answer"], values))
            current = "checklist"
            checklist = [_text(c) for c in _fill(raw["checklist"], values)]
            q = OpenQuestion(prompt, model, checklist, see=see, **({"explanation": explanation} if explanation else {}))
    except (ValueError, LookupError, TypeError) as err:
        _fail(name, iid, current, str(err))
    q.id, q.level, q.objective, q.use = iid, item.level, item.objective, item.use
    return q


class HiddenQuestion:
    """What ``quiz`` shows for an item a teacher has hidden."""

    def __init__(self, iid: str):
        self.id = iid

    def text(self) -> str:
        return f"(Self-check {self.id} is hidden for this class.)"

    __str__ = __repr__ = text

    def _repr_html_(self) -> str:
        return f"<p><em>{self.text()}</em></p>"


def quiz(item_id: str):
    """The self-check with this id, built from its chapter's question file, ready to show in a notebook."""
    bank, broken = _loaded(os.environ.get("EUNATO_QUESTIONS"))
    number = str(item_id)[:2]
    if number.isdigit() and int(number) in broken and item_id not in bank:
        raise broken[int(number)]
    if item_id not in bank:
        close = [i for i in bank if i.split(".")[0] == str(item_id).split(".")[0]]
        hint = f" This chapter's ids: {', '.join(close)}." if close else ""
        raise BankError(f"There is no question '{item_id}' in questions/.{hint}")
    return _build(bank[item_id])


# --- exercises: the exercise notebooks' tasks (the judging stays in eunato.exercises.<slug>) -------------------
EXERCISE_ID = re.compile(r"^\d+\.\d+$")
EXERCISE_KINDS = ("int", "number", "text", "names", "list", "table", "series", "written", "any")
EXERCISE_COMMON = ("id", "title", "kind", "level", "objective", "where", "task")
EXERCISE_KNOWN = set(EXERCISE_COMMON) | {
    "hints",
    "solution",
    "steps",
    "explanation",
    "model_answer",
    "checklist",
    "min_words",
    "max_words",
    "no_code",
    "hidden",
    "note",
}


def _efail(file: str, exercise: str | None, fld: str | None, problem: str):
    where = file + (f", exercise {exercise}" if exercise else "") + (f", field '{fld}'" if fld else "")
    raise BankError(f"{where}: {problem}")


@dataclass(frozen=True)
class ExerciseSpec:
    """One validated exercise of a question file's ``exercises:`` section (text still holding ``{placeholders}``)."""

    id: str
    title: str
    kind: str
    level: str
    objective: str
    where: str
    file: str
    raw: dict = field(repr=False, compare=False)
    hidden: bool = False

    @property
    def chapter_number(self) -> int:
        return int(self.id.split(".")[0])


def _check_exercise(name: str, raw: Any, objectives: dict[str, str], teacher: bool) -> ExerciseSpec:
    if not isinstance(raw, dict):
        _efail(name, None, "exercises", f"each exercise must be a mapping of fields (got {raw!r})")
    eid = raw.get("id")
    if not isinstance(eid, str) or not EXERCISE_ID.match(eid):
        _efail(name, str(eid), "id", 'must be the exercise number in quotes, such as "2.1"')
    if raw.get("hidden") is True and set(raw) <= {"id", "hidden", "note"}:
        if not teacher:
            _efail(name, eid, "hidden", "a course file hides an exercise by adding hidden: true to the full exercise")
        return ExerciseSpec(eid, "", "", "", "", "", name, raw, hidden=True)
    unknown = sorted(set(raw) - EXERCISE_KNOWN)
    if unknown:
        _efail(name, eid, unknown[0], f"is not a known field (known: {', '.join(sorted(EXERCISE_KNOWN))})")
    for fld in EXERCISE_COMMON:
        if not _is_text(raw.get(fld)):
            _efail(name, eid, fld, "is missing or empty")
    if raw["kind"] not in EXERCISE_KINDS:
        _efail(name, eid, "kind", f"'{raw['kind']}' is not a kind of answer ({', '.join(EXERCISE_KINDS)})")
    if raw["level"] not in LEVELS:
        _efail(name, eid, "level", f"'{raw['level']}' is not a level of thinking ({', '.join(LEVELS)})")
    if objectives and raw["objective"] not in objectives:
        _efail(name, eid, "objective", f"'{raw['objective']}' is not one of the objectives ({', '.join(objectives)})")
    for fld in ("hints", "steps"):
        value = raw.get(fld)
        if not isinstance(value, list) or not value or not all(_is_text(v) for v in value):
            what = "hints that build up" if fld == "hints" else "the steps of the worked solution, in words"
            _efail(name, eid, fld, f"must be a list of {what}")
    if raw["kind"] == "written":
        if not _is_text(raw.get("model_answer")):
            _efail(name, eid, "model_answer", "a written answer needs a model answer")
        checklist = raw.get("checklist")
        if not isinstance(checklist, list) or not checklist or not all(_is_text(c) for c in checklist):
            _efail(name, eid, "checklist", "a written answer needs a list of points a good answer covers")
    elif not _is_text(raw.get("solution")):
        _efail(name, eid, "solution", "is missing or empty (the worked solution, as code)")
    if "explanation" in raw and not _is_text(raw["explanation"]):
        _efail(name, eid, "explanation", "is empty (leave it out when the checker explains a right answer itself)")
    for fld in ("min_words", "max_words"):
        if fld in raw and (isinstance(raw[fld], bool) or not isinstance(raw[fld], int) or raw[fld] < 1):
            _efail(name, eid, fld, "must be a whole number of words")
    for fld in ("hidden", "no_code"):
        if fld in raw and not isinstance(raw[fld], bool):
            _efail(name, eid, fld, "must be true or false")
    if raw.get("no_code") and "without code" not in str(raw["task"]).casefold():
        _efail(
            name, eid, "task", "an exercise with no_code: true must say in its task that it can be done without code"
        )
    return ExerciseSpec(
        id=eid,
        title=raw["title"].strip(),
        kind=raw["kind"],
        level=raw["level"],
        objective=raw["objective"],
        where=raw["where"].strip(),
        file=name,
        raw=raw,
        hidden=bool(raw.get("hidden", False)),
    )


def _check_exercises(name: str, raw: dict, objectives: dict, teacher: bool, number: int | None) -> list:
    entries = raw.get("exercises", [])
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        _efail(name, None, "exercises", "must be a list of exercises ([] if none)")
    out, seen = [], set()
    for entry in entries:
        spec = _check_exercise(name, entry, objectives, teacher)
        if spec.id in seen:
            _efail(name, spec.id, "id", "is used twice in this file")
        seen.add(spec.id)
        if number is not None and spec.chapter_number != number:
            _efail(name, spec.id, "id", f"must start with {number}. in this chapter's file")
        out.append(spec)
    return out


def exercise_specs(slug: str) -> dict[str, ExerciseSpec]:
    """The validated exercises of one chapter, by id, with a teacher's files applied (replace or hide)."""
    chap = manifest.chapter(slug)
    loaded = load_file(manifest.ROOT / chap.questions, teacher=False)
    specs = {s.id: s for s in loaded["exercises"]}
    for path in teacher_files():
        theirs = load_file(path, teacher=True)
        for spec in theirs["exercises"]:
            if spec.chapter_number != chap.number:
                continue
            if spec.id not in specs:
                _efail(path.name, spec.id, "id", f"is not an exercise of chapter {chap.number} ({', '.join(specs)})")
            if spec.hidden and not spec.title:
                specs[spec.id] = ExerciseSpec(**{**specs[spec.id].__dict__, "hidden": True, "file": path.name})
                continue
            known = {**loaded["objectives"], **theirs["objectives"]}
            if spec.objective not in known:
                _efail(
                    path.name, spec.id, "objective", f"'{spec.objective}' is not an objective of chapter {chap.number}"
                )
            specs[spec.id] = spec
    return specs


def build_exercise(spec: ExerciseSpec, judging: dict, values: dict):
    """The :class:`eunato.checks.Exercise` for one exercise: its text from the file (placeholders filled from
    ``values``), its judging (expected answer, known wrong answers, judge function) from the chapter's module."""
    from .checks import Exercise, HiddenExercise

    if spec.hidden:
        return HiddenExercise(spec.id, spec.title or "")
    raw = spec.raw
    filled = {}
    filled["solution"] = raw.get("solution", "")  # code: its braces are Python's, never placeholders
    for fld in ("task", "hints", "steps", "explanation", "model_answer", "checklist", "title", "where"):
        try:
            filled[fld] = _fill(raw.get(fld, ""), {**values, "_": ""})  # {{ and }} always stand for { and }
        except LookupError as err:
            _efail(spec.file, spec.id, fld, str(err))
    strip = lambda v: str(v).strip()
    try:
        return Exercise(
            spec.id,
            " ".join(strip(filled["task"]).split()),
            kind=spec.kind,
            hints=tuple(" ".join(strip(h).split()) for h in filled["hints"]),
            solution=strip(filled["solution"]),
            explanation=" ".join(strip(filled["explanation"]).split()),
            model_answer=" ".join(strip(filled["model_answer"]).split()),
            rubric=tuple(" ".join(strip(c).split()) for c in filled["checklist"] or ()),
            see=strip(filled["where"]) or None,
            title=strip(filled["title"]),
            level=spec.level,
            objective=spec.objective,
            steps=tuple(" ".join(strip(s).split()) for s in filled["steps"]),
            no_code=bool(raw.get("no_code", spec.kind == "written")),
            **({"min_words": raw["min_words"]} if "min_words" in raw else {}),
            **({"max_words": raw["max_words"]} if "max_words" in raw else {}),
            **judging,
        )
    except (TypeError, ValueError) as err:
        _efail(spec.file, spec.id, "kind", str(err))
