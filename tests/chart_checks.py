"""What every course chart must have, checked the same way in every chapter's tests."""

from eunato.style import alt_text, text_contrast_problems


def has_source(fig) -> bool:
    """True when the figure has the house style's 'Source: ...' line."""
    return any(t.get_text().startswith("Source:") for t in fig.texts)


def assert_house_style(fig, *, label_axes=None, y_ticks_may_label=False, is_map=False):
    """A title that states the finding, labelled axes, a source line and a text alternative.

    label_axes: the axes that carry the axis labels (default: the first); y_ticks_may_label: a chart whose
    y tick labels name the rows (ranked bars, tile grids) may do without a y-axis label; a map (is_map) has no
    axes to label. Every text must be readable on what is behind it (style.text_contrast_problems).
    """
    ax = fig.axes[0]
    assert ax.get_title(loc="left").strip(), "a chart needs a title that states its finding"
    assert has_source(fig), "a chart needs a source line"
    assert alt_text(fig).strip(), "a chart needs a text alternative"
    unreadable = text_contrast_problems(fig)
    assert not unreadable, "text below WCAG contrast:\n" + "\n".join(unreadable)
    if is_map or getattr(fig, "eunato_kind", "") == "map":
        assert_nothing_cut_off(fig)
        return ax
    axes = label_axes or [ax]
    assert any(a.get_xlabel().strip() for a in axes), "the x axis needs a label"
    row_names = [t for t in ax.get_yticklabels() if t.get_text().strip()] or [
        t for t in ax.texts if t.get_gid() == "row-label"
    ]
    assert any(a.get_ylabel().strip() for a in axes) or (y_ticks_may_label and row_names), (
        "the y axis needs a label (or, for a chart whose rows are named, names beside its rows)"
    )
    assert_nothing_cut_off(fig)
    return ax


def outside_the_figure(fig, tolerance_px: float = 1.0) -> list[str]:
    """Which edges of the figure the drawn chart reaches past (what bbox_inches='tight' would have added)."""
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())  # in inches, everything drawn
    width, height = fig.get_size_inches()
    tol = tolerance_px / fig.dpi
    over = {"left": -box.x0, "bottom": -box.y0, "right": box.x1 - width, "top": box.y1 - height}
    return [f"{edge} by {amount * fig.dpi:.0f} px" for edge, amount in over.items() if amount > tol]


def assert_nothing_cut_off(fig):
    """Course charts are shown exactly as big as the figure (one draw, no tight box), so everything must fit."""
    cut = outside_the_figure(fig)
    title = fig.axes[0].get_title(loc="left")[:70] if fig.axes else ""
    assert not cut, f"the chart {title!r} reaches past the figure's edge ({', '.join(cut)}) and would be cut off"


def charts_cut_off(figures) -> list[str]:
    """'title: edges' for every finished course chart (a CourseFigure with its description) that does not fit."""
    from eunato.style import CourseFigure

    cut = []
    for fig in figures:
        if isinstance(fig, CourseFigure) and getattr(fig, "eunato_alt", None):
            edges = outside_the_figure(fig)
            if edges:
                title = fig.axes[0].get_title(loc="left")[:70] if fig.axes else ""
                cut.append(f"{title!r}: {', '.join(edges)}")
    return cut
