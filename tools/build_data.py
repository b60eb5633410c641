"""Rebuild the derived tables in data/ from the team's checked fact base (../shared/facts).

Run from the repository root:  .venv/bin/python tools/build_data.py [path/to/shared/facts]

Learners never need this: data/ is committed. It exists so that an author can see, and redo, how
members.csv, defence_expenditure.csv, progress_reports.csv and eu_defence_totals.csv were made from
the fact base. The hand-written tables (timeline, common_actions, areas, capacity_building,
strategic_compass) are edited directly in data/.
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

ISO2 = {
    "Albania": "AL",
    "Austria": "AT",
    "Belgium": "BE",
    "Bulgaria": "BG",
    "Canada": "CA",
    "Croatia": "HR",
    "Cyprus": "CY",
    "Czechia": "CZ",
    "Denmark": "DK",
    "Estonia": "EE",
    "Finland": "FI",
    "France": "FR",
    "Germany": "DE",
    "Greece": "GR",
    "Hungary": "HU",
    "Iceland": "IS",
    "Ireland": "IE",
    "Italy": "IT",
    "Latvia": "LV",
    "Lithuania": "LT",
    "Luxembourg": "LU",
    "Malta": "MT",
    "Montenegro": "ME",
    "Netherlands": "NL",
    "North Macedonia": "MK",
    "Norway": "NO",
    "Poland": "PL",
    "Portugal": "PT",
    "Romania": "RO",
    "Slovakia": "SK",
    "Slovenia": "SI",
    "Spain": "ES",
    "Sweden": "SE",
    "Türkiye": "TR",
    "United Kingdom": "GB",
    "United States": "US",
}
# The NATO tables spell one name differently from the membership list.
SPENDING_NAMES = {"Slovak Republic": "Slovakia"}

EU_SOURCE = (
    "Eurostat, Statistics Explained glossary 'European Union (EU)' (enlargements of 1995, May 2004, "
    "1 Jan 2007 and 1 Jul 2013; UK withdrawal 31 Jan 2020); earlier enlargements (1958 founding six, "
    "1973, 1981, 1986) read in countries-worldwide.com"
)
UK_EU_SOURCE = (
    "European Parliamentary Research Service, 'Ireland and Denmark in the EU: fiftieth anniversary of "
    "accession' (19 Jan 2022): Denmark, Ireland and the UK joined on 1 Jan 1973; Eurostat glossary "
    "'European Union (EU)': UK left on 31 Jan 2020"
)
NATO_SOURCE = {
    1949: "NATO, member countries (nato.int topics_52044, archived 2012): founding members, "
    "North Atlantic Treaty signed 4 Apr 1949",
    2023: "NATO press release, 4 Apr 2023 (Finland becomes the 31st Ally), read in copies "
    "(romaniajournal.ro, europennews.com)",
    1999: "NATO Press Release (1999)035, 12 Mar 1999 (North Atlantic Council welcomes the Czech Republic, "
    "Hungary and Poland); list by accession year: eata.ee",
    2024: "Government of Sweden press release, 7 Mar 2024 (instrument of accession deposited in "
    "Washington), read via einpresswire; US State Department notice",
}
NATO_SOURCE_OTHER = (
    "List of NATO member countries by accession year (eata.ee); accession dates read in worldatlas.com 'NATO countries'"
)


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(name, fieldnames, rows):
    with open(DATA / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote data/{name}: {len(rows)} rows")


def build_members(facts):
    rows = []
    for fact in read(facts / "membership_eu_nato.csv"):
        name = fact["country"]
        note = fact["nato_accession_date_note"]
        nato_year = fact["nato_accession_year"]
        date, date_note = "", ""
        if nato_year == "1999":  # the fact base left the day open; checked 2026-11-25 (tools/factcheck_notes.md)
            date, date_note = "1999-03-12", "day checked against NATO Press Release (1999)035 of 12 Mar 1999"
        elif nato_year:
            if note[:10].count("-") == 2 and "DISCREPANT" not in note:
                date = note[:10]
                date_note = note[10:].strip(" ()")
            else:
                date_note = note
        eu_year, eu_exit, eu_source = fact["eu_accession_year"], "", EU_SOURCE if fact["eu_accession_year"] else ""
        if name == "United Kingdom":
            eu_year, eu_exit, eu_source = "1973", "2020-01-31", UK_EU_SOURCE
        founders_note = "year shown is 1958, when the EEC Treaty (signed 25 Mar 1957) came into force"
        eu_note = founders_note if eu_year == "1958" else ""
        rows.append(
            {
                "country": name,
                "iso2": ISO2[name],
                "eu_accession_year": eu_year,
                "eu_exit_date": eu_exit,
                "eu_note": eu_note,
                "nato_accession_year": nato_year,
                "nato_accession_date": date,
                "nato_note": date_note,
                "eu_source": eu_source,
                "nato_source": (NATO_SOURCE.get(int(nato_year), NATO_SOURCE_OTHER) if nato_year else ""),
                "confidence": "high (years); see notes for exact days",
            }
        )
    write("members.csv", list(rows[0]), rows)


def build_spending(facts):
    rows = []
    source = (
        "NATO, 'Defence Expenditure of NATO Countries (2014-2024)', June 2024, tables file "
        "240617-def-exp-2024-TABLES-en.xlsx"
    )
    seen = (
        "transcribed by github.com/jacobvoss/geopolitical-dashboard, cleaned_data/"
        "nato_defense_spending_clean.csv at commit 1f71ee2; 2024 values cross-checked against an "
        "independent list of NATO's figures (swedenherald.com)"
    )
    for fact in read(facts / "nato_defexp_pct_gdp_2014_2024.csv"):
        name = SPENDING_NAMES.get(fact["country"], fact["country"])
        year = int(fact["year"])
        rows.append(
            {
                "country": name,
                "iso2": ISO2[name],
                "year": year,
                "pct_gdp": fact[
                    "defence_exp_pct_gdp"
                ],  # as published (4 decimals): rounding would move allies across 2%
                "status": fact["status"],
                "source": source,
                "seen_in": seen,
                "confidence": "high" if year == 2024 else "medium-high",
                "release": "NATO-2024-06",
                "stated": "",
            }
        )
    # The later releases (April 2025, August 2025, ...) are added by hand (data/README.md, "When NATO or the
    # EDA publish new figures"): keep them as they are.
    later = [r for r in read(DATA / "defence_expenditure.csv") if r.get("release", "NATO-2024-06") != "NATO-2024-06"]
    rows += later
    rows.sort(key=lambda r: (r["country"], int(r["year"]), r["release"]))
    write("defence_expenditure.csv", list(rows[0]), rows)


def build_progress_reports(facts):
    rows = []
    for fact in read(facts / "progress_reports.csv"):
        raw = fact["date"]
        date = raw.split(" ")[0]
        note = raw[len(date) :].strip(" ()")
        if fact["ordinal"] == "7":  # FACTS.md section 3 says "Jun/Jul 2022": the month itself is not verified
            date, note = (
                "2022",
                (
                    "June or July 2022 (FACTS.md gives Jun/Jul; an EC newsroom item is dated "
                    "2 Jul 2022); exact month not verified"
                ),
            )
        if fact["ordinal"] == "9":  # FACTS.md section 3: "date not verified" (the CSV's "likely June" is a guess)
            note = "exact date not verified"
        precision = {10: "day", 7: "month", 4: "year"}[len(date)]
        rows.append(
            {
                "number": fact["ordinal"],
                "date": date,
                "date_precision": precision,
                "date_note": note,
                "period_covered": fact["period_covered"].strip("'"),
                "source": fact["source"],
                "confidence": fact["confidence"],
            }
        )
    write("progress_reports.csv", list(rows[0]), rows)


def build_eu_totals(facts):
    rows = []
    for fact in read(facts / "eda_eu_defence_totals.csv"):
        if fact["aggregate"] != "EU-27 total":  # the superseded Dec 2024 forecast stays out
            continue
        rows.append(
            {
                "year": fact["year"],
                "eur_billion": fact["eur_billion"],
                "pct_gdp": fact["pct_gdp"],
                "status": fact["status"],
                "source": "European Defence Agency, Defence Data; " + fact["source"],
                "confidence": fact["confidence"],
            }
        )
    write("eu_defence_totals.csv", list(rows[0]), rows)


def main(argv):
    facts = Path(argv[0]) if argv else ROOT.parent / "shared" / "facts"
    if not (facts / "FACTS.md").exists():
        sys.exit(f"No fact base at {facts}: pass the path to shared/facts.")
    build_members(facts)
    build_spending(facts)
    build_progress_reports(facts)
    build_eu_totals(facts)


if __name__ == "__main__":
    main(sys.argv[1:])
