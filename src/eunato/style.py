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

# Fixed meanings, so a colour means the same thing in every chapter.
GROUP_COLOURS = {
    "EU": PALETTE["blue"],
    "NATO": PALETTE["orange"],
    "both": PALETTE["green"],
    "EU only": PALETTE["blue"],
    "NATO only": PALETTE["orange"],
    "neither": "#D9D9D9",
}
STATUS_HATCH = {"reported": "", "estimate": "///"}
SERIES = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black", "yellow")]
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
    """


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
    kept on the figure (``alt_text(fig)``) so the notebook can print it and the HTML edition can use it.
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


def png_html(fig: Figure) -> str:
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
    """The text alternative of a course chart: what it shows, in words."""
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
