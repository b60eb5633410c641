"""Checkers for exercises/04_members.ipynb: membership sets, the overlap, and defence spending."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, normalize
from ..charts.spending import meeting_guideline, with_groups
from ..checks import judged, lazy_exercises
from ..feedback import Feedback
from ..wording import join_and


def _build() -> dict:
    """Compute every expected answer from the course data (on first use, not at import)."""
    SEE_MEMBERS = "Chapter 4, section 'Who belongs to which?'"
    SEE_MONEY = "Chapter 4, section 'What the Allies spend on defence'"

    # --- the data every answer is computed from (the same steps as the solution notebook) ---------------
    NOW = data.membership_on("2024-03-07")
    EU = set(NOW.loc[NOW["eu"], "country"])
    NATO = set(NOW.loc[NOW["nato"], "country"])
    COUNTS = data.membership_counts()
    SPEND = data.defence_expenditure().merge(NOW[["country", "eu"]], on="country")

    COUNTRY, FROM_YEAR, TO_YEAR = "Poland", 2014, 2024

    def share(country: str, year: int) -> float:
        rows = SPEND[(SPEND["country"] == country) & (SPEND["year"] == year)]
        return float(rows["pct_gdp"].iloc[0])

    _current = int(COUNTS["both"].iloc[-1])
    _reached = int(COUNTS.loc[COUNTS["both"] == _current, "year"].min())
    _first_22 = int(COUNTS.loc[COUNTS["both"] == _current - 1, "year"].min())
    _change = share(COUNTRY, TO_YEAR) - share(COUNTRY, FROM_YEAR)
    _relative = 100 * _change / share(COUNTRY, FROM_YEAR)
    _2024 = SPEND[SPEND["year"] == 2024]
    MEANS_2024 = _2024.groupby("eu")["pct_gdp"].mean()
    _medians_2024 = _2024.groupby("eu")["pct_gdp"].median()
    _means_all_years = SPEND.groupby("eu")["pct_gdp"].mean()
    _sums_2024 = _2024.groupby("eu")["pct_gdp"].sum()
    _GUIDE = meeting_guideline()
    _GROUPED = with_groups()
    EARLY = sorted(_GROUPED.loc[~_GROUPED["ally_that_year"], "country"].unique())  # listed before they joined
    _MEMBERS = data.members().set_index("country")
    _LAST_JOINER = _MEMBERS["nato_accession_date"].idxmax()
    _ESTIMATED = sorted(SPEND.loc[SPEND["status"] == "estimate", "year"].unique())

    ex1 = judged(
        "4.1",
        values={"outside_count": len(NATO - EU), "outside": ", ".join(sorted(NATO - EU))},
        expected=sorted(NATO - EU),
        wrong={
            frozenset(EU - NATO): "Those are the EU members outside NATO (eu - nato). The question asks the other way "
            "round: the Allies outside the EU. Which set do you take away from which?",
            frozenset(
                EU & NATO
            ): "Those are the countries in both (eu & nato, the intersection). The question asks for "
            "the Allies that are not in the EU: a difference of two sets, not their intersection.",
            frozenset(EU | NATO): "That is every country in either organisation (eu | nato, the union). Keep only the "
            "Allies that are not in the EU: a difference of two sets.",
            frozenset(EU ^ NATO): "That is every country in exactly one organisation (eu ^ nato): it mixes in the EU "
            "members outside NATO. Keep only the Allies that are not in the EU.",
        },
    )

    ex2 = judged(
        "4.2",
        values={
            "current": _current,
            "reached": _reached,
            "last_joiner": _LAST_JOINER,
            "joined": f"{_MEMBERS.loc[_LAST_JOINER, 'nato_accession_date'].day} {_MEMBERS.loc[_LAST_JOINER, 'nato_accession_date']:%B %Y}",
            "one_less": _current - 1,
            "first_22": _first_22,
        },
        expected=_reached,
        wrong={
            _first_22: f"In {_first_22} the overlap first reached {_current - 1}, one short of today's "
            f"{_current}. Use the last row's value of `both` as the current size.",
            2023: "2023 is when Finland joined NATO. Did the overlap reach its current size that year? Read the last "
            "rows of `counts` again.",
            _current: f"{_current} is the size of the overlap, not a year: the task asks in which year it reached "
            "that size.",
            2020: "2020 is when the United Kingdom left the EU, and the overlap went down, not up.",
            int(COUNTS["year"].iloc[-1]) + 1: "That is after the last year in the data; use the years in `counts`.",
        },
    )

    def _judge_change(value: float):
        verdict, message = normalize.number_verdict(value, _change, 2)
        if verdict == "right":
            return True
        if verdict == "close":
            return Feedback("partly", message, see=SEE_MONEY)
        if abs(value + _change) <= 0.005:
            return (
                f"The size is right but the sign is not: subtract the {FROM_YEAR} value from the {TO_YEAR} value "
                "(later minus earlier), so that a rise is positive."
            )
        if abs(value - _relative) <= 0.5:
            return (
                "That is the change relative to the starting value, in per cent. The task asks for the change in "
                "percentage points: simply the later share minus the earlier share."
            )
        if abs(value - share(COUNTRY, TO_YEAR)) <= 0.005 or abs(value - share(COUNTRY, FROM_YEAR)) <= 0.005:
            return "That is one year's share. The task asks for the difference between the two years."
        return (
            f"{value:g} is not it. Pick {COUNTRY}'s `pct_gdp` in {TO_YEAR} and in {FROM_YEAR} and subtract "
            "the earlier from the later."
        )

    ex3 = judged(
        "4.3",
        values={
            "country": COUNTRY,
            "from_year": FROM_YEAR,
            "to_year": TO_YEAR,
            "from_share": f"{share(COUNTRY, FROM_YEAR):.2f}",
            "to_share": f"{share(COUNTRY, TO_YEAR):.2f}",
            "change": f"{_change:.2f}",
        },
        expected=_change,
        judge=_judge_change,
        tolerance=0.005,
        places=2,
    )

    def _close(a, b, tol=1e-6) -> bool:
        return len(a) == len(b) and bool(np.allclose(sorted(a), sorted(b), atol=tol))

    _EU_LABELS = {"true", "1", "eu", "eu member", "eu members", "in the eu", "yes", "eu and nato", "both"}
    _NON_EU_LABELS = {
        "false",
        "0",
        "non eu",
        "not eu",
        "not in the eu",
        "outside the eu",
        "no",
        "nato only",
        "allies outside the eu",
        "non eu allies",
        "other",
        "others",
    }

    def _group_of(label):
        """True for a label that names the EU members, False for the Allies outside, None if it names neither."""
        if isinstance(label, (bool, np.bool_)):
            return bool(label)
        number = normalize.whole_number(label)
        if number in (0, 1) and not isinstance(label, str):
            return bool(number)
        key = normalize.name_key(label)
        return True if key in _EU_LABELS else False if key in _NON_EU_LABELS else None

    def _judge_means(series: pd.Series):
        if any(not normalize.is_number(v) for v in series.tolist()):
            return Feedback(
                "invalid",
                "The values of your Series should be numbers: the mean share of GDP of each group.",
                see=SEE_MONEY,
            )
        values = [float(v) for v in series.tolist()]
        if len(values) != 2:
            return (
                f"Your Series has {len(values)} values; the answer has two, one for the EU members and one for "
                "the Allies outside the EU. Group by the column `eu`."
            )
        if _close(values, _medians_2024.to_list()):
            return "Those are the medians. The task asks for the mean: use .mean() instead of .median()."
        if _close(values, _means_all_years.to_list()):
            return "Those are means over all the years 2014 to 2024. Keep only the rows of 2024 first."
        if _close(values, _sums_2024.to_list()):
            return "Those are sums. The task asks for the average share: use .mean()."
        if not _close(values, MEANS_2024.to_list(), tol=0.005 + 1e-9):
            shown = min(normalize.decimals_given(v) for v in values)
            if shown < 2 and _close(values, [round(m, shown) for m in MEANS_2024], tol=1e-9):
                return Feedback(
                    "partly",
                    f"Close: your means are rounded to {shown} decimal place{'s' if shown != 1 else ''}; round to 2 "
                    "places (.round(2)) or give the unrounded values.",
                    see=SEE_MONEY,
                )
            return "The two values are not the 2024 means. Filter the rows of 2024, group by `eu`, then take the mean of `pct_gdp`."
        groups = [_group_of(label) for label in series.index]
        if None in groups or set(groups) != {True, False}:
            return Feedback(
                "invalid",
                f"The labels of your Series ({', '.join(map(repr, series.index))}) do not say which group each mean "
                "belongs to: label them True (EU members) and False (Allies outside the EU), as .groupby('eu') does.",
                see=SEE_MONEY,
            )
        for group, value in zip(groups, values, strict=True):
            if abs(value - MEANS_2024[group]) > 0.005 + 1e-9:
                return (
                    "The values are swapped between the groups: the mean labelled for the EU members belongs to the "
                    "Allies outside the EU. Check which label goes with which mean."
                )
        return True

    ex4 = judged(
        "4.4",
        values={
            "eu_count": int((_2024["eu"]).sum()),
            "eu_mean": f"{MEANS_2024[True]:.2f}",
            "other_count": int((~_2024["eu"]).sum()),
            "other_mean": f"{MEANS_2024[False]:.2f}",
        },
        judge=_judge_means,
    )

    _SERIES = {name: rows.sort_values("year")["pct_gdp"].to_numpy() for name, rows in SPEND.groupby("country")}

    def _axes_of(answer):
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure

        if isinstance(answer, Axes):
            return answer.figure, [answer]
        if isinstance(answer, Figure):
            return answer, list(answer.axes)
        return None, None

    def _numeric(values):
        try:
            return np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            return None

    def _as_years(values) -> list[int] | None:
        """The x values as whole years: numbers such as 2014, year strings, or dates (their year)."""
        out = []
        for v in list(values):
            if isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "year"):
                out.append(int(pd.Timestamp(v).year))
                continue
            year = normalize.whole_number(v)
            if year is None and isinstance(v, str) and v.strip().isdigit():
                year = int(v.strip())
            if year is None:
                return None
            out.append(year)
        return out

    def _judge_chart(answer):
        fig, axes = _axes_of(answer)
        if fig is None:
            from ..checks import describe

            return Feedback(
                "invalid",
                f"You gave {describe(answer)}, but the answer is a matplotlib Figure or Axes: "
                "the `fig` or the `ax` from `fig, ax = plt.subplots()`.",
                see=SEE_MONEY,
            )
        if not axes:
            return "Your figure has no axes, so nothing is drawn. Start with fig, ax = plt.subplots()."
        lines = [line for ax in axes for line in ax.get_lines() if len(line.get_xdata()) >= 2]
        if not lines:
            return "Your chart has no line yet. Draw one with ax.plot(years, shares)."
        years = sorted(SPEND["year"].unique())
        lines = [line for line in lines if _numeric(line.get_ydata()) is not None]
        matches = [
            line
            for line in lines
            if any(
                len(line.get_ydata()) == len(values) and np.allclose(_numeric(line.get_ydata()), values)
                for values in _SERIES.values()
            )
        ]
        if not matches:
            return (
                "Your line's values are not one country's shares from 2014 to 2024. Select one country's rows, "
                "sorted by year, and plot the column `pct_gdp` against `year`."
            )
        on_years = [line for line in matches if _as_years(line.get_xdata()) == [int(y) for y in years]]
        if not on_years:
            return (
                "Your line has the right shares, but its x values are not the years "
                f"{years[0]} to {years[-1]} (row numbers or positions, perhaps): plot against the year, "
                "ax.plot(one['year'], one['pct_gdp'])."
            )
        ax = on_years[0].axes
        title = (
            ax.get_title("left")
            or ax.get_title("center")
            or ax.get_title("right")
            or (fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else "")
        )
        if not title.strip():
            return "Your line is right. Now give the chart a title that says what it shows: ax.set_title('...')."
        if not ax.get_ylabel().strip():
            return "Nearly there: label the y-axis so a reader knows the unit, e.g. ax.set_ylabel('% of GDP')."
        return True

    ex5 = judged(
        "4.5",
        judge=_judge_chart,
    )

    ex6 = judged(
        "4.6",
        values={
            "first_count": _GUIDE.iloc[0].at_or_above_2pct,
            "first_year": _GUIDE.iloc[0].year,
            "last_count": _GUIDE.iloc[-1].at_or_above_2pct,
            "last_year": _GUIDE.iloc[-1].year,
            "estimated": join_and(map(str, _ESTIMATED)),
            "early": join_and(EARLY),
        },
    )
    return locals()


__getattr__, __dir__ = lazy_exercises(__name__, _build, chapter="members")
