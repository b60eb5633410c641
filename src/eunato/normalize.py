"""One normalisation layer for learners' answers, used by every checker.

* **Names**: case, spacing, accents, quotes and hyphens do not matter, and the other names in
  ``data/aliases.csv`` (common English names, ISO codes, surnames alone) count as the names the tables use:
  :func:`name_key`, :func:`canonical_name`, :func:`match_names`.
* **Numbers**: any numeric type (Python or numpy) is a number, a truth value is not (:func:`as_number`);
  :func:`number_verdict` accepts a value within the precision the task asks for and says "close: round to N
  places" when the learner rounded too much; :func:`whole_number` refuses a truncated value.
* **Dates**: :func:`as_date` reads a date, a Timestamp, numpy's datetime64 and text in common formats.
* **Sequences**: :func:`as_items` turns any container (list, tuple, set, Series, Index, array, dict keys,
  a one-column table) into a list, and refuses text and mappings.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "NOT_A_NUMBER",
    "alias_table",
    "as_date",
    "as_items",
    "as_number",
    "canonical_name",
    "decimals_given",
    "is_number",
    "match_names",
    "name_key",
    "number_verdict",
    "whole_number",
]

NOT_A_NUMBER = object()  # what as_number returns for a value that is not a number

_QUOTES = "\"'`‘’“”«»"
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f]+")


# ---- names -----------------------------------------------------------------------------------------------


def name_key(text: Any) -> str:
    """A name reduced to what matters: no case, accents, surrounding quotes or punctuation, single spaces."""
    return _name_key(str(text))


@lru_cache(maxsize=4096)  # the checkers compare the same few hundred names again and again
def _name_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("&", " and ").replace("-", " ").replace("‐", " ").replace("–", " ")
    text = _SPACES.sub(" ", text).strip().strip(_QUOTES + ".,;:").strip()
    return text.casefold()


@lru_cache(maxsize=1)
def _aliases(stamp: float) -> dict[str, str]:
    from . import data

    table = data.aliases()
    return {name_key(a): c for a, c in zip(table["alias"], table["canonical"], strict=False)}


def alias_table() -> dict[str, str]:
    """{name_key(alias): canonical name} from data/aliases.csv; empty if the table cannot be read."""
    from . import data

    try:
        path = data.data_dir() / "aliases.csv"
        return _aliases(path.stat().st_mtime)
    except Exception:  # a damaged table must not stop the checkers: names then match without aliases  # noqa: BLE001
        return {}


def canonical_name(text: Any, universe: Iterable[str] = ()) -> str:
    """The name as the course writes it: the member of ``universe`` it matches (by :func:`name_key` or an
    alias), else the alias's canonical name, else the text with single spaces."""
    return _canonical(text, {name_key(u): u for u in universe})


def _canonical(text: Any, by_key: dict[str, str]) -> str:
    key = name_key(text)
    if key in by_key:
        return by_key[key]
    canonical = alias_table().get(key)
    if canonical is not None:
        return by_key.get(name_key(canonical), canonical)
    return _SPACES.sub(" ", str(text)).strip()


def match_names(given: Iterable[Any], universe: Iterable[str]) -> list[str]:
    """Each given name as the course writes it (see :func:`canonical_name`), in order."""
    by_key = {name_key(u): u for u in universe}
    return [_canonical(g, by_key) for g in given]


# ---- numbers ---------------------------------------------------------------------------------------------


def is_number(value: Any) -> bool:
    """True for Python and numpy numbers; False for a truth value (True is not the number 1 here)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return is_number(value.item())
    return isinstance(value, (numbers.Real, np.integer, np.floating))


def as_number(value: Any):
    """A float for any numeric type (numpy too); NOT_A_NUMBER for anything else, truth values included."""
    if not is_number(value):
        return NOT_A_NUMBER
    number = float(value.item() if isinstance(value, np.ndarray) else value)
    return NOT_A_NUMBER if math.isnan(number) else number


def whole_number(value: Any):
    """An int for a number with nothing after the decimal point (3, 3.0, numpy.int64(3)); None otherwise,
    so that a truncated value (1.5 read as 1) never passes."""
    number = as_number(value)
    if number is NOT_A_NUMBER or math.isinf(number) or not float(number).is_integer():
        return None
    return int(number)


def decimals_given(value: float) -> int:
    """How many decimal places a number was written with (2.2 -> 1, 2.25 -> 2, 3.0 -> 0)."""
    text = repr(float(value))
    if "e" in text or "." not in text:
        return 0
    decimals = text.split(".")[1].rstrip("0")
    return len(decimals)


def number_verdict(given: float, expected: float, places: int) -> tuple[str, str]:
    """('right' | 'close' | 'wrong', message) for a number the task asks to ``places`` decimal places.

    Right: within half a unit of the last place asked for (so .round(places) and the unrounded value pass).
    Close: the learner rounded to fewer places and the rounding matches ("close: round to N places").
    """
    tolerance = 0.5 * 10.0**-places + 1e-9
    if abs(given - expected) <= tolerance:
        return "right", ""
    shown = decimals_given(given)
    if shown < places and abs(given - round(expected, shown)) <= 1e-9:
        return "close", (
            f"Close: {given:g} is the answer rounded to {shown} decimal place{'s' if shown != 1 else ''}; "
            f"round to {places} places (for example round(answer, {places})) or give the unrounded value."
        )
    return "wrong", ""


# ---- dates -----------------------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d-%m-%Y",
)


def as_date(value: Any) -> pd.Timestamp | None:
    """A Timestamp (a day) for a date, datetime, numpy datetime64 or text in a common format; None if unreadable.

    Text with slashes is read day first (7/3/2024 is 7 March 2024), as in Europe.
    """
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError):
            return None
        return None if pd.isna(stamp) else stamp.normalize()
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value).strip().rstrip(".")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for fmt in _DATE_FORMATS:
        try:
            return pd.Timestamp(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


_MONTH_FORMATS = ("%B %Y", "%b %Y", "%m/%Y", "%m.%Y", "%Y/%m")


def as_month(value: Any) -> pd.Timestamp | None:
    """The first day of a month written without its day ('March 2003', 'Mar 2003', '03/2003'); None otherwise.
    Kept apart from as_date, which reads days: 'March 2003' is not 1 March 2003."""
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value).strip().rstrip(".").replace(",", "")
    for fmt in _MONTH_FORMATS:
        try:
            return pd.Timestamp(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


# ---- sequences -------------------------------------------------------------------------------------------


def as_items(value: Any) -> list | None:
    """The items of any container as a list (a Series gives its values, a one-column table its column);
    None for text, a mapping, a table of several columns or anything that is not a container."""
    if isinstance(value, (str, bytes, Mapping)):
        return None
    if isinstance(value, pd.DataFrame):
        return value.iloc[:, 0].tolist() if value.shape[1] == 1 else None
    if isinstance(value, (pd.Series, pd.Index)):
        return value.tolist()
    if isinstance(value, np.ndarray):
        return value.tolist() if value.ndim == 1 else None
    if isinstance(value, Iterable):
        try:
            return list(value)
        except Exception:  # a learner's iterable may fail in any way when read: then it is not a list  # noqa: BLE001
            return None
    return None
