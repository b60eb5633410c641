"""How the course words things it says in many places, written once: lists ("a, b and c") and years the fact base
does not verify. Charts, explorers, exercises and the capstone all use these, so a title, a feedback line and a
table never say the same thing two ways."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

UNKNOWN_YEAR = "year not verified"


def join_and(items: Iterable[str], conjunction: str = "and", empty: str = "none") -> str:
    """'a', 'a and b', 'a, b and c' (or with another conjunction, such as 'or'); ``empty`` for no items."""
    items = [str(item) for item in items]
    if not items:
        return empty
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def year_text(value: object) -> str:
    """A year as text ('2016'), or 'year not verified' when the data leaves it empty."""
    return UNKNOWN_YEAR if pd.isna(value) else str(int(value))
