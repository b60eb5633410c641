"""Dates written the way the course writes them ("8 July 2016"), the same on Linux, macOS and Windows.

strftime's dash flag (a day number without its leading zero) is a glibc extension that Windows does not have, so the
day number is written with ``str(date.day)`` and only the portable directives ``%B``, ``%b`` and ``%Y`` are used.
"""

from __future__ import annotations

import datetime as dt


def day_month_year(when: dt.date, *, short: bool = False) -> str:
    """'8 July 2016' (or '8 Jul 2016' with short=True) for a date, datetime or pandas Timestamp."""
    return f"{when.day} {when.strftime('%b' if short else '%B')} {when.year}"
