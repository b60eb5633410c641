"""Load the course's data tables, each checked against its description in data/datapackage.json.

Every table has one loader (``timeline()``, ``members()``, ...). A loader reads the CSV, checks every
row against the Table Schema in the data package (columns, types, required values, allowed values,
ranges, unique keys) and returns a pandas DataFrame with proper types. When a file breaks its
schema, the loader raises :class:`DataError`, whose message names the file, the row (as the line
number a spreadsheet or text editor shows) and the column, and says what was expected.

The tables are read once per session and copies are handed out, so a notebook can change its
DataFrame freely without touching what the next cell sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import numbers
import os
import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "DataError",
    "areas",
    "as_of",
    "capacity_building",
    "common_actions",
    "data_dir",
    "defence_expenditure",
    "descriptor",
    "eu_defence_totals",
    "load",
    "members",
    "membership_counts",
    "membership_masks",
    "membership_on",
    "newest_release_rows",
    "perspectives",
    "progress_reports",
    "spending_releases",
    "split_list",
    "strategic_compass",
    "table_names",
    "timeline",
    "validate_all",
]


class DataError(ValueError):
    """A data file is missing or does not match its description. The message says where and why."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column = file, row, column
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


def data_dir() -> Path:
    """The folder holding the CSV files: $EUNATO_DATA if set, else data/ at the top of the course."""
    override = os.environ.get("EUNATO_DATA")
    if override:
        return Path(override)
    from .manifest import ROOT

    return ROOT / "data"


def _read_descriptor(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if not path.exists():
        raise DataError(str(path), "the data package description is missing; the course's data/ folder is incomplete")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(str(path), f"not valid JSON ({err.msg} at line {err.lineno})") from None


def descriptor(folder: Path | None = None) -> dict:
    """The parsed data/datapackage.json."""
    return _read_descriptor(Path(folder) if folder else data_dir())


def table_names(folder: Path | None = None) -> list[str]:
    return [res["name"] for res in descriptor(folder)["resources"]]


def _resource(desc: dict, name: str) -> dict:
    for res in desc["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in desc["resources"])
    raise DataError("datapackage.json", f"no table called '{name}' (the tables are: {known})")


_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _convert(value: str, field: dict):
    """Turn one CSV text value into its typed value, or raise ValueError with what was expected."""
    kind = field.get("type", "string")
    if kind == "string":
        return value
    if kind in ("integer", "year"):
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError(
                f"expected a whole number{' (a year such as 2016)' if kind == 'year' else ''}, found '{value}'"
            )
        return int(value)
    if kind == "number":
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"expected a number such as 1.25, found '{value}'") from None
    if kind == "date":
        if not _DATE_PATTERN.match(value):
            raise ValueError(f"expected a date written YYYY-MM-DD, found '{value}'")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a real calendar date") from None
    if kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError(f"expected true or false, found '{value}'")
        return value == "true"
    raise ValueError(f"the data package uses a type this course does not support: {kind}")


def _check_constraints(value, text: str, field: dict):
    cons = field.get("constraints", {})
    if "enum" in cons and text not in cons["enum"]:
        allowed = ", ".join(repr(v) for v in cons["enum"])
        raise ValueError(f"'{text}' is not one of the allowed values ({allowed})")
    if "pattern" in cons and not re.fullmatch(cons["pattern"], text):
        raise ValueError(f"'{text}' does not have the expected form ({field.get('description', cons['pattern'])})")
    if "minimum" in cons and value < cons["minimum"]:
        raise ValueError(f"{text} is below the smallest allowed value, {cons['minimum']}")
    if "maximum" in cons and value > cons["maximum"]:
        raise ValueError(f"{text} is above the largest allowed value, {cons['maximum']}")
    if "minLength" in cons and len(text) < cons["minLength"]:
        raise ValueError(f"'{text}' is shorter than {cons['minLength']} characters")


SAVE_AS_CSV_UTF8 = (
    'save it again as "CSV UTF-8 (Comma delimited)" (Excel: File > Save As; LibreOffice: Text CSV with '
    "character set Unicode (UTF-8) and field delimiter ,)"
)


def _not_utf8(path: Path) -> str:
    """One sentence for a file that is not UTF-8, naming Windows-1252 (Excel's plain "CSV") as a guess only.

    Windows-1252 decodes almost any bytes, so that it decodes is no proof the file is Windows-1252: the sentence
    says "perhaps". Bytes it cannot decode rule it out, and then the guess is left out.
    """
    try:
        path.read_bytes().decode("cp1252")
    except UnicodeDecodeError:
        return f"the file is not UTF-8 text; {SAVE_AS_CSV_UTF8}"
    return f"the file is not UTF-8 text (perhaps Windows-1252, what Excel saves as plain CSV); {SAVE_AS_CSV_UTF8}"


def _parse(path: Path, resource: dict) -> pd.DataFrame:
    label = f"data/{resource['path']}"
    if not path.exists():
        raise DataError(label, "the file is missing; restore it from the course repository (git checkout -- data)")
    schema = resource["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts the file with a byte-order mark, which is read and dropped
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError:
        raise DataError(label, _not_utf8(path)) from None
    except csv.Error as err:
        raise DataError(label, f"not a readable CSV file ({err})") from None
    if not rows:
        raise DataError(label, "the file is empty; expected a header row with the columns " + ", ".join(names))
    header = rows[0]
    if len(header) == 1 and len(names) > 1 and ";" in header[0]:
        raise DataError(
            label,
            "the values are separated by semicolons, not commas (a spreadsheet set to a European language saves "
            f"CSV that way); {SAVE_AS_CSV_UTF8}",
            row=1,
        )
    if header != names:
        missing = [n for n in names if n not in header]
        extra = [h for h in header if h not in names]
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(repr(m) for m in missing))
        if extra:
            parts.append("unexpected column(s) " + ", ".join(repr(e) for e in extra))
        if not parts:
            parts.append("the columns are in the wrong order")
        raise DataError(label, "; ".join(parts) + ". Expected the columns: " + ", ".join(names), row=1)
    records = []
    for line, raw in enumerate(rows[1:], start=2):
        if not raw:  # a blank line
            continue
        if len(raw) != len(names):
            raise DataError(
                label,
                f"has {len(raw)} values but the header has {len(names)} columns "
                "(a missing comma, or a comma inside a value that is not in quotes?)",
                row=line,
            )
        record = {}
        for field, text in zip(fields, raw, strict=False):
            required = field.get("constraints", {}).get("required", False)
            if text.strip() == "":
                if required:
                    what = "a source for this row" if "source" in field["name"] else "a value"
                    raise DataError(label, f"is empty; expected {what}", row=line, column=field["name"])
                record[field["name"]] = None
                continue
            try:
                value = _convert(text, field)
                _check_constraints(value, text, field)
            except ValueError as err:
                raise DataError(label, str(err), row=line, column=field["name"]) from None
            record[field["name"]] = value
        records.append((line, record))
    if not records:
        raise DataError(label, "has a header but no rows of data")
    _check_keys(label, schema, records)
    frame = pd.DataFrame([r for _, r in records], columns=names)
    for field in fields:
        col = field["name"]
        if field.get("type") in ("integer", "year"):
            frame[col] = frame[col].astype("Int64")
        elif field.get("type") == "number":
            frame[col] = frame[col].astype("float64")
        elif field.get("type") == "date":
            frame[col] = pd.to_datetime(frame[col])
        elif field.get("type") == "boolean":
            frame[col] = frame[col].astype("boolean")
    return frame


def _check_keys(label: str, schema: dict, records: list) -> None:
    keys = []
    if "primaryKey" in schema:
        pk = schema["primaryKey"]
        keys.append([pk] if isinstance(pk, str) else list(pk))
    keys += [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
    for key in keys:
        seen = {}
        for line, record in records:
            value = tuple(record[k] for k in key)
            if value in seen:
                shown = ", ".join(f"{k}={record[k]}" for k in key)
                raise DataError(
                    label,
                    f"duplicate key ({shown}) also on row {seen[value]}; each row must be unique",
                    row=line,
                    column=key[0],
                )
            seen[value] = line


def _check_foreign_keys(name: str, frame: pd.DataFrame, resource: dict, folder: Path) -> None:
    for fk in resource["schema"].get("foreignKeys", []):
        col = fk["fields"]
        target = fk["reference"]["resource"]
        target_col = fk["reference"]["fields"]
        allowed = set(load(target, folder)[target_col].dropna())
        for line, value in zip(range(2, len(frame) + 2), frame[col], strict=True):
            if value is not None and not pd.isna(value) and value not in allowed:
                raise DataError(
                    f"data/{resource['path']}", f"'{value}' is not in {target}.{target_col}", row=line, column=col
                )


@cache
def _load_cached(name: str, folder: str, mtime: float) -> pd.DataFrame:
    desc = _read_descriptor(Path(folder))
    resource = _resource(desc, name)
    frame = _parse(Path(folder) / resource["path"], resource)
    _check_foreign_keys(name, frame, resource, Path(folder))
    _TABLE_CHECKS.get(name, lambda f: None)(frame)
    _FOLDER_CHECKS.get(name, lambda f, d: None)(frame, Path(folder))
    return frame


def load(name: str, folder: Path | str | None = None) -> pd.DataFrame:
    """Load and validate the table called ``name`` (as named in datapackage.json); returns a copy."""
    folder = Path(folder) if folder else data_dir()
    desc = _read_descriptor(folder)
    resource = _resource(desc, name)
    path = folder / resource["path"]
    mtime = path.stat().st_mtime if path.exists() else -1.0
    return _load_cached(name, str(folder), mtime).copy()


# --- rules that a Table Schema cannot say -------------------------------------------------------


def _members_rules(frame: pd.DataFrame) -> None:
    for line, row in zip(range(2, len(frame) + 2), frame.itertuples(), strict=True):
        if pd.isna(row.eu_accession_year) and pd.isna(row.nato_accession_year):
            raise DataError(
                "data/members.csv",
                "belongs to neither organisation; every country in this table must have an EU or a NATO accession year",
                row=line,
                column="eu_accession_year",
            )
        if not pd.isna(row.eu_accession_year) and not row.eu_source:
            raise DataError(
                "data/members.csv",
                "is empty; expected a source for the EU accession year",
                row=line,
                column="eu_source",
            )
        if not pd.isna(row.nato_accession_year) and not row.nato_source:
            raise DataError(
                "data/members.csv",
                "is empty; expected a source for the NATO accession year",
                row=line,
                column="nato_source",
            )
        if not pd.isna(row.nato_accession_date) and row.nato_accession_date.year != row.nato_accession_year:
            raise DataError(
                "data/members.csv",
                f"the date {row.nato_accession_date:%Y-%m-%d} is not in the accession year {row.nato_accession_year}",
                row=line,
                column="nato_accession_date",
            )


def _progress_rules(frame: pd.DataFrame) -> None:
    lengths = {"day": 10, "month": 7, "year": 4}
    for line, row in zip(range(2, len(frame) + 2), frame.itertuples(), strict=True):
        if len(row.date) != lengths[row.date_precision]:
            raise DataError(
                "data/progress_reports.csv",
                f"'{row.date}' does not match its precision "
                f"'{row.date_precision}' (expected {'YYYY-MM-DD' if row.date_precision == 'day' else 'YYYY-MM' if row.date_precision == 'month' else 'YYYY'})",
                row=line,
                column="date",
            )


def _spending_rules(frame: pd.DataFrame) -> None:
    for line, row in zip(range(2, len(frame) + 2), frame.itertuples(), strict=False):
        has_value, has_statement = not pd.isna(row.pct_gdp), row.stated is not None and not pd.isna(row.stated)
        if has_value == has_statement:
            raise DataError(
                "data/defence_expenditure.csv",
                "give either a value in pct_gdp or, where NATO published none, what it stated in 'stated' (not both)",
                row=line,
                column="pct_gdp",
            )


def _actions_rules(frame: pd.DataFrame) -> None:
    running = 0
    for line, row in zip(range(2, len(frame) + 2), frame.itertuples(), strict=True):
        running += row.new_actions
        if row.total_actions != running:
            raise DataError(
                "data/common_actions.csv",
                f"total_actions is {row.total_actions} but the new actions so far add up to {running}",
                row=line,
                column="total_actions",
            )


_TABLE_CHECKS = {
    "members": _members_rules,
    "progress_reports": _progress_rules,
    "common_actions": _actions_rules,
    "defence_expenditure": _spending_rules,
}


# --- one loader per table -----------------------------------------------------------------------


def timeline() -> pd.DataFrame:
    """Dated events of EU-NATO relations, 2001 onwards (one row per event, with its source)."""
    return load("timeline").sort_values("date", kind="stable").reset_index(drop=True)


def members() -> pd.DataFrame:
    """The 36 countries that belong to the EU, to NATO or to both, with accession years and sources."""
    return load("members")


def progress_reports() -> pd.DataFrame:
    """The joint progress reports, with a ``date_start`` column (first day of the known date) for plotting."""
    frame = load("progress_reports")
    padding = {"day": "", "month": "-01", "year": "-01-01"}
    frame["date_start"] = pd.to_datetime(frame["date"] + frame["date_precision"].map(padding))
    return frame


def common_actions() -> pd.DataFrame:
    """The two common sets of actions (2016 and 2017) and the running total."""
    return load("common_actions")


FULL_RELEASE = "NATO-2024-06"  # the one NATO release the course holds in full (2014-2024, every Ally in the table)
ALL_RELEASES = "all"
NEWEST = "newest"


def spending_releases() -> pd.DataFrame:
    """NATO's releases of defence expenditure figures that the course takes values from, oldest first."""
    return load("spending_releases").sort_values("published", kind="stable").reset_index(drop=True)


def defence_expenditure(release: str = FULL_RELEASE) -> pd.DataFrame:
    """NATO Allies' defence expenditure as % of GDP, long format, with status and the release of each value.

    ``release`` picks the rows:

    * a release id (default ``FULL_RELEASE``, June 2024): that release only, one row per Ally and year
      (the June 2024 release is the only one the course holds in full);
    * ``"newest"``: for each Ally and year, the row of the newest release that covers it (a mix of
      releases: the ``release`` column says which one each value comes from);
    * ``"all"``: every row of every release (an Ally and year can appear once per release).

    Rows without a published value have an empty ``pct_gdp`` and say in ``stated`` what NATO stated instead.
    """
    frame = load("defence_expenditure")
    known = spending_releases()["release"].tolist()
    if release == ALL_RELEASES:
        return frame
    if release == NEWEST:
        return newest_release_rows(frame)
    if release not in known:
        raise ValueError(f"release must be one of {known}, 'newest' or 'all', not {release!r}")
    return frame[frame["release"] == release].reset_index(drop=True)


def newest_release_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """For each (country, year) of ``frame``, the row from the newest release (release ids sort by date)."""
    order = frame.sort_values(["country", "year", "release"], kind="stable")
    return order.drop_duplicates(["country", "year"], keep="last").reset_index(drop=True)


def as_of() -> pd.Timestamp:
    """The day the course's facts are current to: the date at the start of ``eunato:as_of`` in datapackage.json."""
    text = descriptor().get("eunato:as_of", "")
    match = re.match(r"\d{4}-\d{2}-\d{2}", text)
    if not match:
        raise DataError("data/datapackage.json", "'eunato:as_of' must start with a date such as 2025-12-08")
    return pd.Timestamp(match.group(0))


def eu_defence_totals() -> pd.DataFrame:
    """EU-27 defence expenditure totals published by the European Defence Agency."""
    return load("eu_defence_totals")


def areas() -> pd.DataFrame:
    """The areas of EU-NATO cooperation, when each entered the agenda, and its Strategic Compass line."""
    return load("areas")


def capacity_building() -> pd.DataFrame:
    """The partners the EU and NATO help build capacity, by region."""
    return load("capacity_building")


def strategic_compass() -> pd.DataFrame:
    """Items of the Strategic Compass: the deepen/enhance/expand lines and the four strands."""
    return load("strategic_compass")


# --- derived views ------------------------------------------------------------------------------


def _cutoff(when) -> pd.Timestamp:
    """The moment a membership question is asked about: the end of a year, or a date."""
    if isinstance(when, numbers.Integral) and not isinstance(when, bool):  # 2004, or numpy's int64(2004)
        return pd.Timestamp(year=int(when), month=12, day=31)
    try:
        cutoff = pd.Timestamp(when)
    except (ValueError, TypeError):
        cutoff = pd.NaT
    if pd.isna(cutoff) or isinstance(when, (bool, float)):
        raise ValueError(f"expected a year such as 2004 or a date such as '2024-03-07', got {when!r}")
    return cutoff


def membership_masks(cutoff: pd.Timestamp, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Boolean arrays (eu, nato): membership at ``cutoff``, with plain numpy (the explorers call this often)."""
    year = cutoff.year
    stamp = np.datetime64(cutoff.to_datetime64(), "ns")
    eu_year = table["eu_accession_year"].to_numpy(dtype="float64", na_value=np.inf)
    exit_date = table["eu_exit_date"].to_numpy(dtype="datetime64[ns]")
    eu_in = (eu_year <= year) & ~(~np.isnat(exit_date) & (exit_date <= stamp))
    nato_year = table["nato_accession_year"].to_numpy(dtype="float64", na_value=np.inf)
    nato_date = table["nato_accession_date"].to_numpy(dtype="datetime64[ns]")
    nato_in = (nato_year < year) | ((nato_year == year) & (np.isnat(nato_date) | (nato_date <= stamp)))
    return eu_in, nato_in


def membership_on(when: int | str | pd.Timestamp, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who belonged to the EU and to NATO at the end of ``when`` (a year) or on ``when`` (a date).

    Returns one row per country with boolean columns ``eu``, ``nato`` and ``both`` and a ``group``
    column: 'both', 'EU only', 'NATO only' or 'neither'. Years use the accession year; a date uses
    the exact accession date where the data has one, otherwise the year.
    """
    table = members() if table is None else table
    eu_in, nato_in = membership_masks(_cutoff(when), table)
    both = eu_in & nato_in
    group = np.where(both, "both", np.where(eu_in, "EU only", np.where(nato_in, "NATO only", "neither")))
    return pd.DataFrame(
        {
            "country": table["country"].to_numpy(),
            "iso2": table["iso2"].to_numpy(),
            "eu": eu_in,
            "nato": nato_in,
            "both": both,
            "group": group.astype(object),
        },
        index=table.index,
    )


def membership_counts(first: int = 1949, last: int | None = None, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Year by year (at the end of each year): how many countries were in the EU, in NATO and in both."""
    table = members() if table is None else table
    if last is None:
        last = last_accession_year(table)
    rows = []
    for year in range(first, last + 1):
        eu_in, nato_in = membership_masks(pd.Timestamp(year=year, month=12, day=31), table)
        rows.append(
            {"year": year, "eu": int(eu_in.sum()), "nato": int(nato_in.sum()), "both": int((eu_in & nato_in).sum())}
        )
    return pd.DataFrame(rows)


def _aliases_rules(frame: pd.DataFrame) -> None:
    """Every alias is unique without regard to case, and points to a name the course's tables use."""
    known = {
        "country": set(members()["country"]) | set(capacity_building()["partner"]),
        "person": {a.split(" (")[0] for cell in timeline()["actors"] for a in split_list(cell)},
    }
    seen: dict[str, int] = {}
    for line, row in zip(range(2, len(frame) + 2), frame.itertuples(), strict=False):
        key = " ".join(str(row.alias).split()).casefold()
        if key in seen:
            raise DataError(
                "data/aliases.csv", f"'{row.alias}' repeats the alias on row {seen[key]}", row=line, column="alias"
            )
        seen[key] = line
        if row.canonical not in known[row.kind]:
            raise DataError(
                "data/aliases.csv",
                f"'{row.canonical}' is not a {row.kind} name in the course's tables",
                row=line,
                column="canonical",
            )


def aliases() -> pd.DataFrame:
    """Other names a learner may type for a country or person (alias -> canonical, kind, source)."""
    return load("aliases")


_TABLE_CHECKS["aliases"] = _aliases_rules


def validate_all(folder: Path | str | None = None) -> dict[str, int]:
    """Load every table in the data package; returns {table: number of rows}. Raises DataError on the first fault."""
    folder = Path(folder) if folder else data_dir()
    return {name: len(load(name, folder)) for name in table_names(folder)}


def _compass_rules(frame: pd.DataFrame, folder: Path) -> None:
    """Checked against the areas and timeline of the folder being loaded, not the course's own data/."""
    area_ids = set(load("areas", folder)["id"])
    event_ids = set(load("timeline", folder)["id"])
    lines = set(COMPASS_LINES)
    for line, row in zip(range(2, len(frame) + 2), frame.itertuples(), strict=True):
        if (row.kind == "line") != (row.group in lines):
            raise DataError(
                "data/strategic_compass.csv",
                f"group '{row.group}' does not fit kind '{row.kind}' "
                "(lines are deepen, enhance, expand; strands are act, secure, invest, partner)",
                row=line,
                column="group",
            )
        for column, known, table in (
            ("related_areas", area_ids, "areas.csv"),
            ("timeline_events", event_ids, "timeline.csv"),
        ):
            for ref in split_list(getattr(row, column)):
                if ref not in known:
                    raise DataError(
                        "data/strategic_compass.csv", f"'{ref}' is not an id in {table}", row=line, column=column
                    )


def split_list(value: object) -> list[str]:
    """Split a semicolon-separated cell ('a; b') into a list; empty cells give []."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


# rules that read other tables of the same folder: called with (frame, folder)
_FOLDER_CHECKS = {"strategic_compass": _compass_rules}


# --- facts several chapters state, worked out in one place ---------------------------------------------------
COMPASS_LINES = ("deepen", "enhance", "expand")  # the Strategic Compass's three lines of EU-NATO cooperation


def last_accession_year(table: pd.DataFrame | None = None) -> int:
    """The latest year in which a country joined the EU or NATO (``members()`` unless a table is given)."""
    table = members() if table is None else table
    return int(max(table["eu_accession_year"].max(), table["nato_accession_year"].max()))


def compass_wording_by_line(wording: str | None, compass_line: str | None) -> dict[str, str]:
    """The Compass wording of an area (areas.csv) for each line that names it.

    A part tagged with its line, 'crisis management operations (deepen); maritime security (enhance)', belongs to
    that line; an untagged part belongs to every line in ``compass_line``. Parts of one line are joined with '; '.
    """
    out: dict[str, list[str]] = {}
    for part in split_list(wording):
        tagged = re.fullmatch(rf"(.*) \(({'|'.join(COMPASS_LINES)})\)", part)
        for line in [tagged.group(2)] if tagged else split_list(compass_line):
            out.setdefault(line, []).append(tagged.group(1) if tagged else part)
    return {line: "; ".join(words) for line, words in out.items()}


# --- chapter 5: the perspectives table ------------------------------------------------------------

DEBATES = {
    "cyprus-turkey": "The Cyprus-Türkiye blockage",
    "duplication": "Duplication and the three Ds",
    "strategic-autonomy": "Strategic autonomy",
    "burden-sharing": "Burden-sharing",
    "neutrality": "Neutral members, Article 42(7) and Article 5",
    "defence-industry": "SAFE, EDIP and non-EU Allies' industries",
}


def _perspectives_rules(frame: pd.DataFrame) -> None:
    """Every debate shows at least two positions held by different actors; dates are real calendar dates."""
    label = "data/perspectives.csv"
    for line, value in zip(range(2, len(frame) + 2), frame["date"], strict=False):
        padded = value + {4: "-01-01", 7: "-01"}.get(len(value), "")
        try:
            dt.date.fromisoformat(padded)
        except ValueError:
            raise DataError(label, f"'{value}' is not a real calendar date", row=line, column="date") from None
    for debate in DEBATES:
        actors = set(frame.loc[frame["debate"] == debate, "actor"])
        if len(actors) < 2:
            raise DataError(
                label,
                f"the debate '{debate}' has positions from {len(actors)} actor(s); "
                "every debate needs at least two attributed positions from different actors",
                column="debate",
            )


_TABLE_CHECKS["perspectives"] = _perspectives_rules


def perspectives() -> pd.DataFrame:
    """Attributed positions in the debates of Chapter 5, oldest first, with a ``year`` column for charts."""
    frame = load("perspectives")
    frame.insert(frame.columns.get_loc("date") + 1, "year", frame["date"].str[:4].astype("Int64"))
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)
