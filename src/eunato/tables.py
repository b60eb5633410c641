"""Tables shown to learners: no row numbers that mean nothing, nothing cut short, no ``<NA>`` or ``NaT``.

``for_reading(frame)`` returns the same table (a DataFrame: filter it, sort it, read its columns as usual)
that a notebook shows as a plain HTML table: column names with spaces instead of underscores, every cell in
full (pandas shortens long text to 50 characters, so a list of names became "Fra..."), missing values as a
word (default "–"), and the 0, 1, 2... row index left out unless it means something.
"""

from __future__ import annotations

import hashlib
from typing import ClassVar

import pandas as pd

__all__ = ["LearnerTable", "for_reading"]


class LearnerTable(pd.DataFrame):
    """A DataFrame that shows itself to a learner readably (see the module docstring)."""

    _metadata: ClassVar[list[str]] = ["eunato_empty", "eunato_index"]

    @property
    def _constructor(self):
        return LearnerTable

    def _shown(self) -> pd.DataFrame:
        frame = pd.DataFrame(self).copy()
        empty = getattr(self, "eunato_empty", "–")
        for column in frame.columns:
            values = frame[column]
            if pd.api.types.is_datetime64_any_dtype(values):
                frame[column] = [(None if pd.isna(v) else f"{v.day} {v:%B %Y}") for v in values]
            frame[column] = frame[column].astype(object).where(frame[column].notna(), empty)
        frame.columns = [str(c).replace("_", " ") for c in frame.columns]
        return frame

    def _repr_html_(self) -> str:
        shown = self._shown()
        keep_index = bool(getattr(self, "eunato_index", False))
        numeric = [pd.api.types.is_numeric_dtype(self[c]) for c in self.columns]
        # a class named after the columns, so that the rules below reach this table's columns only
        name = "eunato-t" + hashlib.sha1("|".join(map(str, self.columns)).encode()).hexdigest()[:8]
        table = shown.to_html(index=keep_index, classes=f"eunato-table {name}", border=0, escape=True, justify="left")
        # text reads from the left (pandas and JupyterLab right-align every cell); numbers keep to the right.
        # JupyterLab's rule is ':not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td' (two classes and a tag), so
        # these selectors carry two classes and two tags to win over it.
        scope = f"table.eunato-table.{name}"
        rule = "".join(
            f"{scope} td:nth-child({i + 1 + keep_index}){{text-align:right}}" for i, n in enumerate(numeric) if n
        )
        return f"<style>{scope} td,{scope} th{{text-align:left;vertical-align:top}}{rule}</style>{table}"

    def __repr__(self) -> str:
        keep_index = bool(getattr(self, "eunato_index", False))
        with pd.option_context("display.max_colwidth", None, "display.width", 120):
            return self._shown().to_string(index=keep_index)


def for_reading(frame: pd.DataFrame, *, empty: str = "–", index: bool = False) -> LearnerTable:
    """``frame`` as a LearnerTable: shown without its row index (unless ``index``), missing values as ``empty``."""
    table = LearnerTable(frame)
    table.eunato_empty = empty
    table.eunato_index = index
    return table
