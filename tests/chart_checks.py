"""What every course chart must have, checked the same way in every chapter's tests."""
from eunato.style import alt_text


def has_source(fig) -> bool:
    """True when the figure has the house style's 'Source: ...' line."""
    return any(t.get_text().startswith("Source:") for t in fig.texts)


def assert_house_style(fig, *, label_axes=None, y_ticks_may_label=False):
    """A title that states the finding, labelled axes, a source line and a text alternative.

    label_axes: the axes that carry the axis labels (default: the first); y_ticks_may_label: a chart whose
    y tick labels name the rows (ranked bars, tile grids) may do without a y-axis label.
    """
    ax = fig.axes[0]
    assert ax.get_title(loc="left").strip(), "a chart needs a title that states its finding"
    assert has_source(fig), "a chart needs a source line"
    assert alt_text(fig).strip(), "a chart needs a text alternative"
    axes = label_axes or [ax]
    assert any(a.get_xlabel().strip() for a in axes), "the x axis needs a label"
    assert any(a.get_ylabel().strip() for a in axes) or (y_ticks_may_label and ax.get_yticklabels()), \
        "the y axis needs a label"
    return ax
