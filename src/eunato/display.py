"""How the course's interactive objects show themselves in a notebook: the live widget where widgets work, with a
plain-text and an HTML fallback that stay readable where they do not (a saved notebook on GitHub, the HTML edition,
nbval). Explorers (``eunato.widgets``) and self-check questions (``eunato.questions``) share it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def widget_bundle(make_widget: Callable[[], Any], text: str, html: str) -> dict[str, Any]:
    """The mime bundle for ``_repr_mimebundle_``: text and HTML, plus the widget view when a widget can be made."""
    bundle: dict[str, Any] = {"text/plain": text, "text/html": html}
    try:
        view = make_widget()._repr_mimebundle_()
    except ImportError:  # no ipywidgets: the static fallback is still there
        view = None
    if view and WIDGET_VIEW in view:
        bundle[WIDGET_VIEW] = view[WIDGET_VIEW]
    return bundle
