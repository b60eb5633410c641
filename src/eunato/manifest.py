"""The course manifest (``course.yaml``): the one list of chapters, read by the notebooks' course map,
the README table, the HTML edition, the dashboard and the tests.

One slug per chapter names all its parts: ``notebooks/NN_slug.ipynb``, ``exercises/NN_slug.ipynb``,
``exercises/solutions/NN_slug.ipynb``, ``questions/NN_slug.yaml`` and ``teachers/NN_slug.md``. A chapter may also
list ``primers``: short notebooks read after it and before its exercises (the pandas on-ramp after chapter 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml


def find_root(start: Path | None = None) -> Path:
    """The course's top folder: the nearest folder holding course.yaml above this package (or ``start``), else
    above the working folder (an installed, non-editable package lives outside the repository)."""
    for begin in (start or Path(__file__).resolve().parent, Path.cwd()):
        for folder in (begin, *begin.parents):
            if (folder / "course.yaml").is_file():
                return folder
    return Path.cwd()


ROOT = find_root()
MANIFEST = ROOT / "course.yaml"
# Notebooks the course runs that are not a chapter's parts (the class dashboard shows every explorer).
OTHER_NOTEBOOKS = ("notebooks/dashboard.ipynb",)


class ManifestError(ValueError):
    """course.yaml is missing, not YAML, or a chapter lacks a field."""


@dataclass(frozen=True)
class Primer:
    """A short notebook read after a chapter and before its exercises (such as the pandas on-ramp)."""

    notebook: str
    title: str
    minutes: int


@dataclass(frozen=True)
class Chapter:
    number: int
    slug: str
    title: str
    summary: str
    minutes: int
    minutes_text: str
    has_exercises: bool
    primers: tuple[Primer, ...] = ()

    @property
    def stem(self) -> str:
        return f"{self.number:02d}_{self.slug}"

    @property
    def notebook(self) -> str:
        return f"notebooks/{self.stem}.ipynb"

    @property
    def exercises(self) -> str | None:
        return f"exercises/{self.stem}.ipynb" if self.has_exercises else None

    @property
    def solutions(self) -> str | None:
        return f"exercises/solutions/{self.stem}.ipynb" if self.has_exercises else None

    @property
    def questions(self) -> str:
        return f"questions/{self.stem}.yaml"

    @property
    def teacher_notes(self) -> str:
        return f"teachers/{self.stem}.md"


@cache
def chapters(path: str | None = None) -> tuple[Chapter, ...]:
    """Every chapter in reading order, validated: a mistake names the file, the chapter and the field."""
    where = Path(path) if path else MANIFEST
    try:
        raw = yaml.safe_load(where.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ManifestError(f"{where.name}: cannot be read as YAML ({err})") from None
    items = raw.get("chapters") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise ManifestError(f"{where.name}: needs a list 'chapters'")
    out = []
    for i, item in enumerate(items):
        label = f"{where.name}, chapter {item.get('slug', i) if isinstance(item, dict) else i}"
        if not isinstance(item, dict):
            raise ManifestError(f"{label}: each chapter is a mapping of fields")
        for field, kind in (("number", int), ("slug", str), ("title", str), ("summary", str), ("minutes", int)):
            if not isinstance(item.get(field), kind):
                raise ManifestError(f"{label}: field '{field}' is missing or not a {kind.__name__}")
        primers = []
        for p in item.get("primers") or []:
            ok = isinstance(p, dict) and isinstance(p.get("notebook"), str) and isinstance(p.get("title"), str)
            if not ok or not isinstance(p.get("minutes"), int):
                raise ManifestError(f"{label}: each primer needs a 'notebook', a 'title' and 'minutes' (got {p!r})")
            primers.append(Primer(p["notebook"], p["title"], p["minutes"]))
        out.append(
            Chapter(
                number=item["number"],
                slug=item["slug"],
                title=item["title"],
                summary=item["summary"],
                minutes=item["minutes"],
                minutes_text=str(item.get("minutes_text", item["minutes"])),
                has_exercises=bool(item.get("exercises", False)),
                primers=tuple(primers),
            )
        )
    numbers = [c.number for c in out]
    if numbers != sorted(set(numbers)):
        raise ManifestError(f"{where.name}: chapter numbers must be unique and in reading order")
    return tuple(out)


def chapter(slug_or_number: str | int) -> Chapter:
    for c in chapters():
        if slug_or_number in (c.slug, c.number, c.stem):
            return c
    raise ManifestError(f"course.yaml has no chapter {slug_or_number!r}")


def notebooks() -> list[str]:
    """Every chapter notebook, in reading order (repository-relative paths)."""
    return [c.notebook for c in chapters()]


def primers() -> list[Primer]:
    """Every primer notebook, in reading order (each comes after its chapter, before that chapter's exercises)."""
    return [p for c in chapters() for p in c.primers]


def exercise_notebooks(solutions: bool = False) -> list[str]:
    """Every learner exercise notebook (or, with ``solutions``, every solution notebook), in reading order."""
    return [c.solutions if solutions else c.exercises for c in chapters() if c.has_exercises]


def all_notebooks(learner: bool = True) -> list[str]:
    """Every notebook the course runs (repository-relative): the chapters (each followed by its primers) and the
    other notebooks, the solution
    notebooks, then (unless ``learner`` is False) the learner exercise notebooks. The one enumeration that tests,
    tools and the benchmark share. Only the files that exist: a part course.yaml lists but the repository lacks is
    reported by the manifest's own test, not by every consumer of this list."""
    chapter_and_primers = [path for c in chapters() for path in (c.notebook, *(p.notebook for p in c.primers))]
    found = [*chapter_and_primers, *OTHER_NOTEBOOKS, *exercise_notebooks(solutions=True)]
    found += exercise_notebooks() if learner else []
    return [path for path in found if (ROOT / path).is_file()]
