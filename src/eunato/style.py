"""The course's one house style for charts.

Colours come from the Okabe-Ito palette, which stays distinguishable for the common forms of colour
blindness; where two series must be told apart they also differ in marker or line style. Every
chart gets a title that states the finding, labelled axes and a source line under the plot.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#6E6E6E",
}

# ONE colour mapping for the whole course (every chart and explorer takes its colours from here, so a colour
# means the same thing in every chapter; tests/test_colours.py checks it is used and readable).
# * Membership: blue is the EU, orange is NATO, green is both, light grey is outside both. These four colours
#   mean membership and nothing else.
# * Reported vs estimate is never a colour: an estimate is the same colour, lighter, hollow (markers) or
#   hatched; and only where a chart mixes estimates and reported values (``status_look``).
# * Countries a chart singles out (lines of chosen countries) take colours that are not membership colours,
#   and a country named in COUNTRY_COLOURS keeps its colour in every chart (Poland is always vermillion).
# * Anything that has none of these meanings (counts, totals, guides) is NEUTRAL, a dark grey.
MEMBERSHIP_COLOURS = {
    "EU only": PALETTE["blue"],
    "NATO only": PALETTE["orange"],
    "both": PALETTE["green"],
    "outside": "#D9D9D9",
}
GROUP_COLOURS = {
    **MEMBERSHIP_COLOURS,
    "EU": MEMBERSHIP_COLOURS["EU only"],  # the EU as a whole (a line of EU members)
    "NATO": MEMBERSHIP_COLOURS["NATO only"],  # NATO as a whole
    "neither": MEMBERSHIP_COLOURS["outside"],
}
NEUTRAL = "#555555"
# Colours for single countries: none of them is a membership colour, none confusable with another
# (checked for colour blindness in tests/test_colours.py).
COUNTRY_PALETTE = ["#D55E00", "#332288", "#882255", "#1A1A1A", "#56B4E9", "#CC79A7"]
COUNTRY_COLOURS = {
    "Poland": COUNTRY_PALETTE[0],
    "United States": COUNTRY_PALETTE[1],
    "Germany": COUNTRY_PALETTE[2],
    "France": COUNTRY_PALETTE[3],
    "Finland": COUNTRY_PALETTE[4],
    "Italy": COUNTRY_PALETTE[5],
}
# Colours for categories that are not membership (kinds of event, Compass lines, kinds of area, regions,
# debates, a value revised up or down): the house palette without blue, orange and green, which mean membership.
# Taken in this order; all of them stay distinguishable for the common forms of colour blindness
# (tests/test_colours.py), and where a category's name is written in its colour, ``readable`` darkens it.
# A chart that shows categories also names them (a lane, a row, a legend) or gives them their own marker.
CATEGORY_PALETTE = [
    PALETTE["vermillion"],
    "#332288",  # indigo (Tol)
    PALETTE["sky"],
    "#882255",  # wine (Tol)
    PALETTE["purple"],
    "#1A1A1A",  # near-black
]
# a value that went up or down between two releases
CHANGE_COLOURS = {"up": CATEGORY_PALETTE[1], "down": CATEGORY_PALETTE[0]}
STATUS_HATCH = {"reported": "", "estimate": "///"}
STATUS_ALPHA = {"reported": 1.0, "estimate": 0.5}
# Text on white must reach 4.5:1 (WCAG AA), large text (18 pt, or 14 pt bold) 3:1.
MIN_CONTRAST = 4.5
MIN_CONTRAST_LARGE = 3.0
# the default colour cycle: categories' colours, so that a chart that does not choose never implies membership
SERIES = [*CATEGORY_PALETTE, PALETTE["grey"], PALETTE["yellow"]]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

RC = {
    "figure.figsize": (9.0, 4.8),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=SERIES),
    "legend.frameon": False,
    "figure.constrained_layout.use": True,
    # FreeType's hinting snaps every glyph to the pixel grid; at 100 dpi on screen the text looks the
    # same without it, and drawing a chart's text takes about a fifth less time (benchmarks/README.md).
    "text.hinting": "none",
}


def country_colours(countries) -> dict[str, str]:
    """A colour for each of ``countries``: its fixed colour if it has one, else the first palette colour not taken.

    A country in COUNTRY_COLOURS always gets its own colour (Poland is vermillion in every chart); the others
    share what is left, in order, so two countries in one chart differ whenever the palette allows.
    """
    countries = list(countries)
    chosen = {c: COUNTRY_COLOURS[c] for c in countries if c in COUNTRY_COLOURS}
    free = [c for c in COUNTRY_PALETTE if c not in chosen.values()] or COUNTRY_PALETTE
    i = 0
    for country in countries:
        if country not in chosen:
            chosen[country] = free[i % len(free)]
            i += 1
    return {c: chosen[c] for c in countries}


def category_colours(categories) -> dict[str, str]:
    """A colour for each of ``categories``, in order, from CATEGORY_PALETTE (repeating past its end)."""
    return {c: CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)] for i, c in enumerate(categories)}


def status_look(status: str, mixed: bool) -> dict:
    """Bar styling for a reported or estimated value: hatched and lighter only when the chart mixes both."""
    if not mixed:
        return {"alpha": 1.0, "hatch": ""}
    return {"alpha": STATUS_ALPHA[status], "hatch": STATUS_HATCH[status]}


def _luminance(colour) -> float:
    import numpy as np
    from matplotlib.colors import to_rgb

    rgb = np.array(to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(np.array([0.2126, 0.7152, 0.0722]) @ linear)


def contrast_ratio(foreground, background="#FFFFFF") -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour, background="#FFFFFF", ratio: float = MIN_CONTRAST) -> str:
    """``colour`` darkened (same hue) just enough to be read as text on ``background`` (at least ``ratio``:1)."""
    from matplotlib.colors import to_hex, to_rgb

    rgb = to_rgb(colour)
    for step in range(101):
        shade = tuple(c * (1 - step / 100) for c in rgb)
        if contrast_ratio(shade, background) >= ratio:
            return to_hex(shade).upper()
    return "#000000"


def text_contrast_problems(fig) -> list[str]:
    """Every text of ``fig`` whose colour is below 4.5:1 (3:1 for large text) on what is behind it.

    What is behind a text is white, unless the text has a box (its face colour) or an attribute
    ``eunato_background`` (a tile or bar it is written on).
    """
    from matplotlib.colors import to_rgba
    from matplotlib.text import Text

    problems = []
    for text in fig.findobj(Text):
        words = text.get_text().strip()
        if not words or not text.get_visible():
            continue
        background = getattr(text, "eunato_background", None)
        box = text.get_bbox_patch()
        if background is None and box is not None and to_rgba(box.get_facecolor())[3] > 0.5:
            background = box.get_facecolor()
        background = background if background is not None else "#FFFFFF"
        size = text.get_fontsize()
        bold = text.get_fontweight() in ("bold", "heavy", "semibold", 600, 700, 800, 900)
        large = size >= 18 or (bold and size >= 14)
        need = MIN_CONTRAST_LARGE if large else MIN_CONTRAST
        ratio = contrast_ratio(text.get_color(), background)
        if ratio < need:
            problems.append(f"{words[:40]!r}: {ratio:.2f}:1 (needs {need}:1)")
    return problems


_RC_COMPARABLE = {**RC, "figure.figsize": list(RC["figure.figsize"])}


def apply() -> None:
    """Set the house style for every chart drawn afterwards (the charts call it themselves).

    Setting rcParams validates (and deep-copies) every value, which costs milliseconds on each chart;
    so it is done only when some setting differs (the first time, or after a notebook changed one).
    """
    params = mpl.rcParams
    if any(params[key] != value for key, value in _RC_COMPARABLE.items()):
        params.update(RC)


class CourseFigure(Figure):
    """A figure made by a course chart function.

    It behaves as any matplotlib Figure. The one difference: a notebook shows it with a single draw
    (``png_bytes``) instead of IPython's default ``bbox_inches='tight'``, which draws every figure twice
    (once to measure, once to render). Course charts lay themselves out to fill the figure, so the tight
    box has nothing to trim; a learner's own figures are left to IPython's default.

    A course figure also carries its description (``alt_text``): a notebook shows it as a paragraph of
    text under the picture ("The chart in words: ..."), and keeps it in the picture's output metadata
    (``eunato_alt``), where the HTML edition reads it for the image's alt text.
    """

    def _ipython_display_(self):
        from IPython.display import display

        for data, metadata in display_outputs(self):
            display(data, raw=True, metadata=metadata)


def description_html(alt: str) -> str:
    """The paragraph shown under a chart: its description in words, as readable text."""
    import html

    return (
        "<p class='eunato-chart-description' style='max-width:60em;margin:0.2em 0 1em 0'>"
        f"<strong>The chart in words:</strong> {html.escape(alt)}</p>"
    )


def display_outputs(fig) -> list[tuple[dict, dict]]:
    """What a notebook shows for a course figure: the PNG (its description in the metadata), then the description."""
    alt = getattr(fig, "eunato_alt", None)
    title = fig.axes[0].get_title(loc="left").strip() if fig.axes else ""
    picture = {"image/png": png_bytes(fig), "text/plain": f"<chart: {' '.join(title.split())}>"}
    if not alt:
        return [(picture, {})]
    words = {"text/html": description_html(alt), "text/plain": f"The chart in words: {alt}"}
    return [(picture, {"eunato_alt": alt}), (words, {})]


def _show_course_figures_with_one_draw() -> None:
    """Register ``png_bytes`` as the PNG formatter of CourseFigure in a running IPython, if there is one."""
    try:
        from IPython import get_ipython
    except ImportError:  # the package also works without IPython (scripts, the test suite)
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters.get("image/png")
    if formatter is not None:
        formatter.for_type(CourseFigure, png_bytes)


# Seconds spent making course charts in this process: building them (new_figure to finish) and drawing
# them to PNG (png_bytes). The speed benchmark reads these in each notebook's kernel, to tell the time a
# notebook spends on charts from the rest.
CHART_TIME = {"charts": 0, "build_s": 0.0, "draw_s": 0.0}


def new_figure(width: float = 9.0, height: float = 4.8, **kwargs: Any) -> tuple[CourseFigure, Axes]:
    """A figure (a CourseFigure) and axes in the house style."""
    started = time.perf_counter()
    apply()
    _show_course_figures_with_one_draw()
    fig, ax = plt.subplots(figsize=(width, height), FigureClass=CourseFigure, **kwargs)
    fig.eunato_started = started
    return fig, ax


def finish(
    fig: Figure,
    ax: Axes,
    *,
    title: str,
    xlabel: str | None,
    ylabel: str | None,
    source: str,
    alt: str,
    subtitle: str | None = None,
) -> Figure:
    """Title (the finding), axis labels, a source line under the chart, and its text alternative.

    ``alt`` says in one or two sentences what the chart shows, for readers who cannot see it; it is
    kept on the figure (``alt_text(fig)``); a notebook shows it as text under the chart and the HTML
    edition uses it as the image's alt text.
    """
    if not alt or not alt.strip():
        raise ValueError("every chart needs a text alternative (alt)")
    fig.eunato_alt = alt.strip()
    # A title at a fixed height saves matplotlib searching every tick label for room (tens of ms on a
    # chart with many labels); charts with their tick labels on top keep the automatic placement.
    on_top = ax.xaxis.get_ticks_position() == "top" or ax.xaxis.get_label_position() == "top"
    ax.set_title(title if not subtitle else f"{title}\n", loc="left", **({} if on_top else {"y": 1.0}))
    if subtitle:
        ax.annotate(
            subtitle,
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 6),
            textcoords="offset points",
            fontsize=10,
            color=PALETTE["grey"],
            va="bottom",
        )
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    add_source(fig, source)
    started = getattr(fig, "eunato_started", None)
    if started is not None:
        CHART_TIME["charts"] += 1
        CHART_TIME["build_s"] += time.perf_counter() - started
    return fig


def title_from_figure_edge(ax: Axes) -> None:
    """Start the axes' (left) title at the figure's left edge rather than over the plot area.

    For charts whose row names take much of the width: the title then has the whole width to run in.
    """
    from matplotlib.transforms import blended_transform_factory

    title = ax.title if ax.get_title(loc="center") else ax._left_title
    title.set_transform(blended_transform_factory(ax.figure.transFigure, ax.transAxes))
    title.set_x(0.01)


def add_source(fig: Figure, source: str) -> None:
    """Write 'Source: ...' in small grey text under the plot area, keeping room for it in the layout."""
    text = "\n".join(textwrap.wrap("Source: " + source, width=int(fig.get_figwidth() * 15)))
    lines = text.count("\n") + 1
    bottom = (lines * 0.16 + 0.12) / fig.get_figheight()  # figure fraction kept free for the source
    fig.set_layout_engine("constrained", rect=(0, bottom, 1, 1 - bottom))
    fig.text(0.01, bottom - 0.04 / fig.get_figheight(), text, ha="left", va="top", fontsize=8.5, color=PALETTE["grey"])


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes: one draw on its Agg canvas, then a fast PNG encoding of the RGB pixels.

    This skips what ``savefig`` adds around the draw (about 35 ms on a tall chart here) and the alpha
    channel, which a chart on a white background does not need. Other canvases fall back to ``savefig``.
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    started = time.perf_counter()
    buffer = io.BytesIO()
    canvas = fig.canvas
    if isinstance(canvas, FigureCanvasAgg):
        canvas.draw()
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        image.convert("RGB").save(buffer, format="PNG", compress_level=1)
    else:
        fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    CHART_TIME["draw_s"] += time.perf_counter() - started
    return buffer.getvalue()


def png_html(fig: Figure, with_description: bool = True) -> str:
    """The figure as an <img> with its text alternative, for explorers' output areas.

    Rendering the PNG here (rather than letting IPython's inline backend do it with a tight bounding
    box, which draws the figure twice) halves the cost of an explorer update; the alt attribute lets a
    screen reader read what the chart shows.
    """
    import base64
    import html

    alt = getattr(fig, "eunato_alt", "") or "chart"
    width = int(fig.get_figwidth() * fig.dpi)
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    return (
        f"<img class='eunato-chart' src='data:image/png;base64,{data}' alt='{html.escape(alt, quote=True)}' "
        f"style='max-width:100%;width:{width}px;height:auto'>"
        + (description_html(alt) if with_description and alt != "chart" else "")
    )


def date_ticks(
    ax: Axes,
    first: pd.Timestamp,
    last: pd.Timestamp,
    *,
    every_years: int = 1,
    months: Sequence[int] = (1,),
    fmt: str = "%Y",
) -> list:
    """Fixed date ticks on the x axis: the 1st of ``months`` in every ``every_years``-th year, first to last.

    The same ticks as matplotlib's YearLocator / MonthLocator would choose, computed once: a locator is
    asked again at every layout pass and draw, and date locators are slow (about a fifth of a timeline
    chart's time). Returns the tick dates.
    """
    import pandas as pd

    first, last = pd.Timestamp(first), pd.Timestamp(last)
    ticks = [
        pd.Timestamp(year=year, month=month, day=1)
        for year in range(first.year, last.year + 1)
        if year % every_years == 0
        for month in months
    ]
    ticks = [t for t in ticks if first <= t <= last]
    ax.set_xticks([t.to_pydatetime() for t in ticks], [f"{t:{fmt}}" for t in ticks])
    return ticks


def wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` characters, never inside a hyphenated word.

    Course charts are shown exactly as big as the figure, so a long title must be broken by hand;
    the tests check that every chart they draw fits inside its figure.
    """
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False))


def alt_text(fig: Figure) -> str:
    """The text alternative of a course chart: what it shows, in words.

    A notebook need not print it: a course figure shows its description under itself. (Old chart cells that
    still end with ``print(charts.alt_text(fig))`` print it a second time; delete that line.)
    """
    alt = getattr(fig, "eunato_alt", None)
    if not alt:
        raise ValueError("this figure was not made by a course chart function, so it has no text alternative")
    return alt


def source_of(frame: pd.DataFrame, column: str = "source", limit: int = 2) -> str:
    """A short source line from a table's source column: the distinct sources, most common first."""
    counts = frame[column].dropna().value_counts()
    names = list(counts.index[:limit])
    more = len(counts) - len(names)
    return "; ".join(names) + (f"; and {more} more (see the data table)" if more > 0 else "")
