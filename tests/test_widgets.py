"""The explorer helper: validation, messages instead of tracebacks, and the start-here explorer."""

from __future__ import annotations

import matplotlib as mpl

mpl.use("Agg")
import matplotlib.pyplot as plt
import pytest
from chart_checks import assert_house_style

from eunato.explorers import every_explorer
from eunato.explorers.start import year_explorer, year_in_numbers
from eunato.widgets import Choice, ControlError, Explorer, Multi, Number, Range

pytestmark = pytest.mark.usefixtures("course_charts_fit")  # every chart a test leaves open must fit its figure


def chart(year, kind):
    fig, ax = plt.subplots()
    ax.set_title(f"{kind} {year}")
    return fig


EXPLORER = Explorer(
    chart, title="Test", controls={"year": Number("Year", 2014, 2024, default=2020), "kind": Choice("Kind", ["a", "b"])}
)


def test_defaults_and_render():
    assert EXPLORER.defaults == {"year": 2020, "kind": "a"}
    fig = EXPLORER.render(year=2014)
    assert fig.axes[0].get_title(loc="left") + fig.axes[0].get_title() == "a 2014"
    plt.close(fig)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"year": 2030}, "Year must be between 2014 and 2024; you chose 2030."),
        ({"year": "2020"}, "Year: expected a whole number"),
        ({"year": 2020.5}, "expected a whole number"),
        ({"kind": "c"}, "Kind: 'c' is not one of the choices (a, b)."),
        ({"colour": "red"}, "No control called colour"),
    ],
)
def test_out_of_range_values_get_a_message(values, words):
    with pytest.raises(ControlError) as err:
        EXPLORER.validate(values)
    assert words in str(err.value)
    assert words in EXPLORER.update(**values)  # what the learner sees instead of a traceback


def test_a_failing_function_becomes_a_sentence():
    broken = Explorer(lambda year: 1 / 0, title="Broken", controls={"year": Number("Year", 1, 2)})
    assert broken.update(year=1).startswith("This view could not be drawn (ZeroDivisionError")


def test_range_and_multi_controls():
    period = Range("Period", 2001, 2025)
    assert period.default == (2001, 2025) and period.validate([2003, 2016]) == (2003, 2016)
    with pytest.raises(ControlError, match="the start \\(2016\\) is after the end \\(2003\\)"):
        period.validate((2016, 2003))
    with pytest.raises(ControlError, match="must lie between 2001 and 2025"):
        period.validate((1990, 2003))
    with pytest.raises(ControlError, match="expected two numbers"):
        period.validate(2003)
    cats = Multi("Categories", ["declaration", "report", "operation"], minimum=1)
    assert cats.validate(["report", "declaration"]) == ("declaration", "report")  # options' order
    assert cats.validate("report") == ("report",)
    with pytest.raises(ControlError, match="choose at least 1"):
        cats.validate([])
    with pytest.raises(ControlError, match="'speech' not among the options"):
        cats.validate(["speech"])


def test_author_errors_fail_early():
    with pytest.raises(ValueError, match="minimum is above maximum"):
        Number("Year", 2024, 2014)
    with pytest.raises(ValueError, match="the default 'b' is not an option"):
        Choice("Kind", ["a"], default="b")
    with pytest.raises(ValueError, match="needs at least one control"):
        Explorer(chart, title="No controls", controls={})


def test_widget_builds_controls_with_labels_and_draws_once():
    box = EXPLORER.widget()
    assert "eunato-explorer" in box._dom_classes
    slider, dropdown = EXPLORER.control_widgets["year"], EXPLORER.control_widgets["kind"]
    assert slider.description == "Year" and (slider.min, slider.max, slider.value) == (2014, 2024, 2020)
    assert dropdown.description == "Kind"
    assert plt.get_fignums() == []  # the figure drawn into the output was closed


def test_text_fallback():
    assert EXPLORER.text().startswith("Explorer: Test (controls: Year, Kind).")


# ---- the start-here explorer ---------------------------------------------------------------------------


def test_year_in_numbers_at_the_extremes():
    first = year_in_numbers(1949)
    assert "12 in NATO" in first and "0 in both" in first and "European Communities" in first
    last = year_in_numbers(2024)
    assert "27 countries in the EU" in last and "32 in NATO" in last and "23 in both" in last
    assert "joined NATO: Sweden" in last


def test_year_in_numbers_mentions_the_uk_leaving():
    assert "left the EU: United Kingdom" in year_in_numbers(2020)


def test_year_explorer_rejects_years_outside_its_range():
    explorer = year_explorer()
    assert explorer.update(year=1948) == "Year must be between 1949 and 2024; you chose 1948."
    assert explorer.update(year=2000) == "ok"


def test_a_view_seen_before_is_shown_again_without_redrawing():
    calls = []

    def view(year):
        calls.append(year)
        return f"<p>{year}</p>"

    explorer = Explorer(view, title="Cache", controls={"year": Number("Year", 2000, 2010, default=2000)})
    explorer.max_views = 2
    explorer.widget()  # draws the default view once
    assert explorer.update(year=2005) == "ok" and explorer.update(year=2000) == "ok"
    assert calls == [2000, 2005]  # 2000 came from the kept view
    assert "<p>2000</p>" in explorer.output_area.outputs[0]["data"]["text/html"]
    explorer.update(year=2010)  # a third view pushes out the oldest (2000)
    explorer.update(year=2000)
    assert calls == [2000, 2005, 2010, 2000]
    assert explorer.update(year=2011).startswith("Year must be between")
    assert "eunato-explorer-message" in explorer.output_area.outputs[0]["data"]["text/html"]


def _figures(result):
    return [part for part in (result if isinstance(result, tuple) else (result,)) if hasattr(part, "savefig")]


@pytest.mark.parametrize(("name", "explorer"), every_explorer(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_sample_view_of_every_explorer_is_a_complete_chart_that_fits(name, explorer):
    """Each control moved through its samples (the others at their defaults): every chart drawn has the house
    style and fits inside its figure, as explorers show it exactly as big as the figure."""
    views = 0
    for key, control in explorer.controls.items():
        for value in control.samples():
            result = explorer.render(**{key: value})
            parts = result if isinstance(result, tuple) else (result,)
            assert parts and all(p is not None and (not isinstance(p, str) or p.strip()) for p in parts), (
                f"{name}({key}={value!r}) returned an empty view: {result!r}"
            )
            for fig in _figures(result):
                assert_house_style(fig, y_ticks_may_label=True, label_axes=fig.axes)
                plt.close(fig)
            views += 1
    assert views >= len(explorer.controls), f"{name}: no sample view was drawn"


def test_a_saved_explorer_shows_a_picture_of_its_default_view_with_its_description():
    """Where the live explorer cannot run (a saved notebook, the HTML edition), its default view is shown."""
    from eunato.explorers.members import membership_explorer

    explorer = membership_explorer()
    bundle = explorer._repr_mimebundle_()
    page = bundle["text/html"]
    assert "Run this notebook in Jupyter to use it." in page
    assert "<img class='eunato-chart' src='data:image/png;base64," in page
    assert "The chart in words:</strong> Map of Europe coloured by membership" in page
    assert "23 in both" in page  # the words of the default view too


def test_the_membership_explorer_shows_its_words_before_its_picture():
    """The story appears next to the controls that changed it, not under a tall chart."""
    from eunato.explorers.members import membership_explorer

    explorer = membership_explorer()
    explorer.widget()
    explorer.update(country="Poland")
    kinds = ["<img" in o["data"].get("text/html", "") for o in explorer._output.outputs]
    assert kinds == [False, True]
    assert "Poland" in explorer._output.outputs[0]["data"]["text/html"]
