"""The chart plumbing in eunato.style: one-draw PNGs, how notebooks show course figures, date ticks, wrapping."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

from eunato import style

pytestmark = pytest.mark.usefixtures("course_charts_fit")  # every chart a test leaves open must fit its figure


def _chart(width=6.0, height=3.0):
    fig, ax = style.new_figure(width, height)
    ax.plot([0, 1], [0, 1])
    return style.finish(fig, ax, title="A line goes up", xlabel="x", ylabel="y", source="a test", alt="A rising line.")


def test_png_bytes_is_the_whole_figure_at_its_own_size_without_alpha():
    fig = _chart(6.0, 3.0)
    image = Image.open(io.BytesIO(style.png_bytes(fig)))
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size == (600, 300)  # 100 dpi: nothing trimmed, nothing added


def test_png_html_carries_the_alt_text_and_the_picture():
    html = style.png_html(_chart())
    assert html.startswith("<img class='eunato-chart' src='data:image/png;base64,")
    assert "alt='A rising line.'" in html and "width:600px" in html
    assert html.endswith("<strong>The chart in words:</strong> A rising line.</p>")
    assert "The chart in words" not in style.png_html(_chart(), with_description=False)


def test_a_description_is_escaped_and_a_figure_without_one_shows_only_its_picture():
    fig = _chart()
    fig.eunato_alt = "Bars <b> & lines"
    (_, meta), (words, _) = style.display_outputs(fig)
    assert "Bars &lt;b&gt; &amp; lines" in words["text/html"] and meta["eunato_alt"] == "Bars <b> & lines"
    del fig.eunato_alt
    assert [list(data) for data, _ in style.display_outputs(fig)] == [["image/png", "text/plain"]]


def test_course_figures_are_course_figures_and_a_learners_own_are_not():
    fig = _chart()
    assert isinstance(fig, style.CourseFigure)
    own, _ = plt.subplots()
    assert not isinstance(own, style.CourseFigure)


def test_a_notebook_shows_a_course_figure_with_one_draw_at_figure_size():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        fig = _chart(6.0, 3.0)
        shown = []
        shell.display_pub.publish = lambda data, metadata=None, **kw: shown.append((data, metadata or {}))
        shell.display_formatter.format(fig)  # a course figure displays itself: picture, then its description
        (picture, picture_meta), (words, _) = shown
        image = Image.open(io.BytesIO(picture["image/png"]))
        assert image.size == (600, 300), "a tight bounding box would have trimmed or padded the picture"
        assert picture_meta["eunato_alt"] == "A rising line."  # the HTML edition's alt text
        assert "The chart in words:</strong> A rising line." in words["text/html"]
        own, ax = plt.subplots(figsize=(6.0, 3.0))
        ax.plot([0, 1])
        assert not isinstance(own, style.CourseFigure)
    finally:
        InteractiveShell.clear_instance()


def test_chart_time_counts_what_charts_cost():
    before = dict(style.CHART_TIME)
    style.png_bytes(_chart())
    assert style.CHART_TIME["charts"] == before["charts"] + 1
    assert style.CHART_TIME["build_s"] > before["build_s"] and style.CHART_TIME["draw_s"] > before["draw_s"]


def test_a_title_sits_at_a_fixed_height_unless_the_ticks_are_on_top():
    fig = _chart()
    assert fig.axes[0]._left_title.get_position()[1] == 1.0  # the house style titles on the left
    top, ax = style.new_figure()
    ax.xaxis.tick_top()
    ax.plot([0, 1])
    style.finish(top, ax, title="Ticks on top", xlabel="x", ylabel="y", source="a test", alt="Ticks on top.")
    top.canvas.draw()
    title_bottom = ax._left_title.get_window_extent().y0
    ticks_top = max(t.get_window_extent().y1 for t in ax.get_xticklabels() if t.get_text())
    assert title_bottom >= ticks_top, "the title must clear tick labels on top"


@pytest.mark.parametrize(
    ("first", "last", "kwargs", "expected"),
    [
        ("2001-01-01", "2025-12-31", {"every_years": 4}, ["2004", "2008", "2012", "2016", "2020", "2024"]),
        ("2015-11-02", "2018-03-01", {}, ["2016", "2017", "2018"]),
        ("2016-01-01", "2017-01-01", {"months": (1, 7), "fmt": "%b %Y"}, ["Jan 2016", "Jul 2016", "Jan 2017"]),
    ],
)
def test_date_ticks_are_the_first_of_the_chosen_months_within_the_span(first, last, kwargs, expected):
    _fig, ax = plt.subplots()
    ax.plot([pd.Timestamp(first), pd.Timestamp(last)], [0, 1])
    ticks = style.date_ticks(ax, first, last, **kwargs)
    assert [t.day for t in ticks] == [1] * len(expected)
    assert [t.get_text() for t in ax.get_xticklabels()] == expected


def test_wrap_keeps_hyphenated_words_whole():
    text = style.wrap("no line names defence industry and research or capacity-building for partners", 30)
    assert "capacity-building" in text and all(len(line) <= 30 for line in text.splitlines())
    assert "capacity-\n" not in text
