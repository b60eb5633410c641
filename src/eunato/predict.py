"""Predict, then explore: an explorer stays closed until the learner has committed to a prediction.

    from eunato.predict import predict_then_explore
    predict_then_explore("04.crossed-2pct", spending_explorer())

The learner answers a question about what the explorer will show (a year, a choice, a set of countries), presses
"Reveal", and sees how far off they were; only then does the explorer open. The judgement is the plain function
:meth:`Prediction.judge` (unit-tested); the true value is computed from the course's data by a named function, so
it cannot go stale when the data are updated. Nothing is printed before the learner commits: the static fallback
(GitHub, the HTML edition) shows the question and keeps the answer behind "Show the answer".
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import data
from .widgets import Choice, ControlError, Explorer, Multi, Number

__all__ = ["PREDICTIONS", "Prediction", "predict_then_explore", "prediction"]


def _join(names: list[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass
class Prediction:
    """A question whose answer the explorer shows; ``truth()`` computes that answer from the data."""

    id: str
    prompt: str
    control: Number | Choice | Multi
    truth: Callable[[], Any]
    unit: str = ""
    why: Callable[[], str] | None = None

    def judge(self, guess) -> tuple[str, str]:
        """(status, a sentence on how far off the guess is); status is "right", "off" or "invalid" (nothing to
        judge yet: the explorer stays closed). Never raises for a learner's value."""
        try:
            guess = self.control.validate(guess)
        except ControlError as err:
            return "invalid", str(err)
        truth = self.truth()
        why = (" " + self.why()) if self.why else ""
        if isinstance(self.control, Multi):
            guessed, right = set(guess), set(truth)
            if not guessed:
                return "invalid", "Pick at least one before you reveal."
            hit, missed, extra = guessed & right, sorted(right - guessed), sorted(guessed - right)
            parts = [f"You named {len(hit)} of the {len(right)}."]
            if missed:
                parts.append(f"You missed {_join(missed)}.")
            if extra:
                parts.append(f"Not among them: {_join(extra)}.")
            if not missed and not extra:
                return "right", "Spot on: all of them, and no others." + why
            return "off", " ".join(parts) + why
        if isinstance(self.control, Number):
            off = abs(float(guess) - float(truth))
            if off == 0:
                return "right", f"Spot on: {truth}{self.unit}.{why}"
            unit = self.unit or ""
            return "off", (
                f"You predicted {guess}{unit}; the data say {truth}{unit}: "
                f"{off:g}{(' ' + unit.strip()) if unit.strip() else ''} off.{why}"
            )
        if guess == truth:
            return "right", f"Right: {truth}.{why}"
        return "off", f"You predicted {guess}; the data say {truth}.{why}"

    # --- the notebook form -----------------------------------------------------------------------
    def text(self) -> str:
        return (
            f"Predict first: {self.prompt}\n"
            "(Run this notebook in Jupyter to commit to a prediction; the explorer opens when you reveal.)"
        )

    def html(self) -> str:
        answer = self.answer_text()
        return (
            "<div class='eunato-predict-static' style='border:1px solid #B0B0B0;padding:0.5em 0.8em;"
            f"border-radius:4px'><strong>Predict first:</strong> {html.escape(self.prompt)}"
            "<p><em>Run this notebook in Jupyter to commit to a prediction; the explorer opens when you "
            "reveal.</em></p>"
            f"<details><summary>Show the answer</summary><p>{html.escape(answer)}</p></details></div>"
        )

    def answer_text(self) -> str:
        """The answer in words, for the static fallback (behind "Show the answer")."""
        truth = self.truth()
        shown = _join(sorted(truth)) if isinstance(truth, (set, frozenset, list, tuple)) else f"{truth}{self.unit}"
        why = (" " + self.why()) if self.why else ""
        return f"{shown}.{why}"


def predict_then_explore(pred: Prediction | str, explorer: Explorer):
    """The prediction form, and below it the explorer, closed until the learner reveals."""
    return _Gate(prediction(pred) if isinstance(pred, str) else pred, explorer)


class _Gate:
    def __init__(self, pred: Prediction, explorer: Explorer):
        self.prediction, self.explorer = pred, explorer
        self.revealed = False
        self.last: tuple[str, str] | None = None

    def reveal(self, guess) -> tuple[str, str]:
        """What the Reveal button does (a plain function tests can call): judge, then open the explorer."""
        self.last = self.prediction.judge(guess)
        self.revealed = self.revealed or self.last[0] != "invalid"
        return self.last

    def widget(self):
        import ipywidgets as w

        control = self.prediction.control.make()
        button = w.Button(description="Reveal", button_style="primary", layout=w.Layout(width="auto"))
        button.add_class("eunato-reveal")
        feedback = w.HTML("")
        feedback.add_class("eunato-prediction-feedback")
        inner = self.explorer.widget()
        body = w.Box([inner], layout=w.Layout(display="none"))

        def on_click(_=None):
            status, message = self.reveal(control.value)
            style = "#1B5E20" if status == "right" else "#333333"
            feedback.value = f"<p style='color:{style}'>{html.escape(message)}</p>"
            if self.revealed:
                control.disabled = True
                button.disabled = True
                body.layout.display = None

        button.on_click(on_click)
        prompt = w.HTML(f"<strong>Predict first:</strong> {html.escape(self.prediction.prompt)}")
        form = w.VBox(
            [prompt, control, button, feedback, body],
            layout=w.Layout(border="1px solid #B0B0B0", padding="0.5em 0.8em", margin="0.5em 0"),
        )
        form.add_class("eunato-predict")
        return form

    def static_html(self) -> str:
        """The prediction, then the explorer's own static view (its default drawing) folded behind a second
        "Show" so that a reader of the HTML edition can still predict before looking."""
        try:
            explorer = self.explorer._repr_mimebundle_().get("text/html", "")
        except Exception:  # the static view is a convenience: the prediction still shows  # noqa: BLE001
            explorer = ""
        if not explorer:
            return self.prediction.html()
        return (
            self.prediction.html()
            + "<details class='eunato-predict-explorer'><summary>Show the explorer (its default view)</summary>"
            + explorer
            + "</details>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": self.prediction.text(), "text/html": self.static_html()}
        try:
            view = self.widget()._repr_mimebundle_()
        except ImportError:  # no ipywidgets: the static fallback is still there
            view = None
        if view and "application/vnd.jupyter.widget-view+json" in view:
            bundle["application/vnd.jupyter.widget-view+json"] = view["application/vnd.jupyter.widget-view+json"]
        return bundle


# --- the course's predictions, one per explorer, their truths computed from the data --------------------
def overlap_peak_year() -> int:
    """The first year in which the number of countries in both the EU and NATO reached its highest level so far."""
    counts = data.membership_counts()
    top = counts["both"].max()
    return int(counts.loc[counts["both"] == top, "year"].min())


def events_2005_2015() -> int:
    """How many events of the course's timeline fall in the years 2005 to 2015."""
    years = data.timeline()["date"].dt.year
    return int(years.between(2005, 2015).sum())


def busiest_year() -> int:
    """The year with the most events in the course's timeline (the earliest such year if several tie)."""
    counts = data.timeline()["date"].dt.year.value_counts()
    return int(min(counts[counts == counts.max()].index))


def fact_positions() -> int:
    """How many positions in the perspectives table report a fact rather than an interpretation."""
    return int((data.perspectives()["statement"] == "fact").sum())


def region_with_most_partners() -> str:
    return str(data.capacity_building()["region"].value_counts().idxmax())


def largest_compass_line() -> str:
    compass = data.strategic_compass()
    return str(compass.loc[compass["kind"] == "line", "group"].value_counts().idxmax())


def crossed_two_percent(first: int = 2022, last: int = 2024, release: str = data.FULL_RELEASE) -> list[str]:
    """Allies below 2% of GDP in ``first`` and at 2% or more in ``last``, in one NATO ``release`` (default: the
    June 2024 release, the one the spending explorer draws; the prompt names it)."""
    spend = data.defence_expenditure(release)
    wide = spend.pivot_table(index="country", columns="year", values="pct_gdp", aggfunc="last")
    if first not in wide or last not in wide:
        return []
    crossed = wide[(wide[first] < 2) & (wide[last] >= 2)]
    return sorted(crossed.index)


def warsaw_areas_in_no_line() -> int:
    """How many of the seven Warsaw areas no Compass line names (the course's reading, data/areas.csv)."""
    areas = data.areas()
    warsaw = areas[areas["kind"] == "Warsaw area"]
    return int(sum(not data.split_list(v) for v in warsaw["compass_line"]))


GAP_BANDS = (
    "already at or above 3.5%",
    "less than 0.5 points below 3.5%",
    "0.5 to 1.5 points below 3.5%",
    "more than 1.5 points below 3.5%",
)


def gap_band(gap: dict) -> str:
    """Which of :data:`GAP_BANDS` a distance to 3.5% (``releases.gap_to_core``) falls in."""
    value = gap["gap"]
    if value <= 0:
        return GAP_BANDS[0]
    if value < 0.5:
        return GAP_BANDS[1]
    if value <= 1.5:
        return GAP_BANDS[2]
    return GAP_BANDS[3]


def _gap(country: str) -> dict:
    from .charts import releases

    return releases.gap_to_core(releases.ally_path(country))


def poland_gap_band() -> str:
    """Where Poland's latest figure (NATO's newest release the course holds) sits relative to 3.5% of GDP."""
    return gap_band(_gap("Poland"))


def _newest_release_label() -> str:
    from .charts import releases

    return releases.short_label(data.spending_releases()["release"].max())


def _debate_labels() -> dict[str, str]:
    from .explorers.debates import debate_options

    return {value: label for label, value in debate_options() if value != "all"}


def oldest_debate() -> str:
    """The debate whose earliest position in the course's table (data/perspectives.csv) is the oldest."""
    views = data.perspectives()
    first = views.groupby("debate")["year"].min()
    return _debate_labels()[str(first.idxmin())]


def _allies() -> list[str]:
    return sorted(data.defence_expenditure(data.FULL_RELEASE)["country"].unique())


def areas_named_after(year: int = 2016) -> int:
    """How many areas of cooperation in the course's table were first named after ``year``."""
    added = data.areas()["year_added"]
    return int((added > year).sum())


def _regions() -> list[str]:
    return sorted(data.capacity_building()["region"].unique())


def _last_year() -> int:
    counts = data.membership_counts()
    return int(counts["year"].max())


def _predictions() -> dict[str, Callable[[], Prediction]]:
    return {
        "00.overlap-peak": lambda: Prediction(
            "00.overlap-peak",
            "In which year did the number of countries in both the EU and NATO first reach its highest level so far?",
            Number("Your prediction", 1949, _last_year(), default=1990),
            overlap_peak_year,
            why=lambda: "Move the slider below through the years around it to see who joined.",
        ),
        "01.events-2005-2015": lambda: Prediction(
            "01.events-2005-2015",
            "How many events in the course's timeline fall in the eleven years from 2005 to 2015?",
            Number("Your prediction", 0, 40, default=0),
            events_2005_2015,
            why=lambda: "Set the explorer's period to 2005–2015 to see which.",
        ),
        "02.region-most-partners": lambda: Prediction(
            "02.region-most-partners",
            "Which region has the most capacity-building partners named in the factsheet?",
            Choice("Your prediction", _regions()),
            region_with_most_partners,
        ),
        "03.largest-line": lambda: Prediction(
            "03.largest-line",
            "Which of the Compass's three lines (deepen, enhance, expand) lists the most items?",
            Choice("Your prediction", ["deepen", "enhance", "expand"]),
            largest_compass_line,
        ),
        "04.crossed-2pct": lambda: Prediction(
            "04.crossed-2pct",
            "In NATO's June 2024 release (the one the explorer below draws), which Allies were below 2% of GDP "
            "in 2022 and at 2% or more in 2024? Pick all you expect (Ctrl-click, or Cmd-click on a Mac, for "
            "several).",
            Multi("Your prediction", _allies(), default=()),
            crossed_two_percent,
            why=lambda: "Compare the years 2022 and 2024 in the explorer below (June 2024 release).",
        ),
        "02.warsaw-areas-no-line": lambda: Prediction(
            "02.warsaw-areas-no-line",
            "Of the seven areas of the Warsaw Joint Declaration, how many does no line of the Strategic Compass "
            "name (in the course's reading of the factsheet)?",
            Number("Your prediction", 0, 7, default=0),
            warsaw_areas_in_no_line,
            unit="",
            why=lambda: "Open the card of each Warsaw area below to find which.",
        ),
        "04.poland-gap": lambda: Prediction(
            "04.poland-gap",
            f"In NATO's newest release the course holds ({_newest_release_label()}), where is Poland's latest "
            "defence spending relative to the Hague target of 3.5% of GDP?",
            Choice("Your prediction", GAP_BANDS),
            poland_gap_band,
            why=lambda: "Pick Poland in the explorer below, then an Ally you know: is it above or below?",
        ),
        "06.areas-after-2016": lambda: Prediction(
            "06.areas-after-2016",
            "Before you choose your priorities: how many of the areas of cooperation in the course's table were "
            "first named after the Warsaw Joint Declaration of 2016?",
            Number("Your prediction", 0, len(data.areas()), default=0),
            areas_named_after,
            why=lambda: (
                "Open the cards below and look at 'since when' for each area: the newer ones may be your priorities."
            ),
        ),
        "01.busiest-year": lambda: Prediction(
            "01.busiest-year",
            "In which year did most of the events in the course's timeline happen?",
            Number("Your prediction", 2001, int(data.timeline()["date"].dt.year.max()), default=2001),
            busiest_year,
            why=lambda: "Narrow the explorer's period to that year and read which kinds of event fill it.",
        ),
        "05.fact-positions": lambda: Prediction(
            "05.fact-positions",
            f"Of the {len(data.perspectives())} positions in the course's table of debates, how many report a fact "
            "(a commitment, a decision, a request) rather than an interpretation?",
            Number("Your prediction", 0, len(data.perspectives()), default=0),
            fact_positions,
            why=lambda: "Each card below says which it is; the rest are judgements someone holds.",
        ),
        "05.oldest-debate": lambda: Prediction(
            "05.oldest-debate",
            "Which of these debates goes back furthest: whose earliest position in the course's table is the oldest?",
            Choice("Your prediction", list(_debate_labels().values())),
            oldest_debate,
            why=lambda: "Pick each debate below and read the dates of its positions.",
        ),
    }


PREDICTIONS = tuple(_predictions())


def prediction(pred_id: str) -> Prediction:
    makers = _predictions()
    if pred_id not in makers:
        raise KeyError(f"no prediction {pred_id!r}; the course has: {', '.join(makers)}")
    return makers[pred_id]()
