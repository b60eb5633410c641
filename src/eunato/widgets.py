"""Explorers: a pure function (control values in, figure or text out) plus the controls that call it.

    from eunato.widgets import Explorer, Choice, Number, Range, Multi

    def view(year, group):                      # pure: unit tests call it directly
        return charts.spending_ranked(df, year=year, group=group)

    Explorer(view, title="Who spends what", controls={
        "year": Number("Year", 2014, 2024, default=2024),
        "group": Choice("Group", ["all allies", "EU members in NATO", "allies outside the EU"]),
    })

The explorer validates every value before it calls the function (a value out of range gives a
message in the output area, not a traceback), shows figures, DataFrames, HTML or text, and closes
figures it has shown. A view it has drawn once is kept (up to ``max_views``), so moving a control back
to a value seen before shows it at once; the function must therefore be pure, as it should be. ``Explorer.update(**values)`` is the plain function the controls call, so a
test can drive it without a browser; ``Explorer.render(**values)`` returns the function's result.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Choice", "ControlError", "Explorer", "Multi", "Number", "Range"]

from .display import WIDGET_VIEW, widget_bundle  # noqa: F401  (WIDGET_VIEW: kept importable from here)


class ControlError(ValueError):
    """A control value that the explorer cannot use; the message is written for the learner."""


def _options(options) -> list[tuple[str, Any]]:
    out = []
    for opt in options:
        if isinstance(opt, tuple) and len(opt) == 2:
            out.append((str(opt[0]), opt[1]))
        else:
            out.append((str(opt), opt))
    return out


@dataclass
class Choice:
    """Pick one option (a dropdown)."""

    label: str
    options: Sequence[Any]
    default: Any = None

    def __post_init__(self):
        self.pairs = _options(self.options)
        if not self.pairs:
            raise ValueError(f"{self.label}: a choice needs at least one option")
        values = [v for _, v in self.pairs]
        if self.default is None:
            self.default = values[0]
        if self.default not in values:
            raise ValueError(f"{self.label}: the default {self.default!r} is not an option")

    def validate(self, value: Any) -> Any:
        values = [v for _, v in self.pairs]
        if value not in values:
            shown = ", ".join(label for label, _ in self.pairs[:8])
            raise ControlError(f"{self.label}: {value!r} is not one of the choices ({shown}).")
        return value

    def samples(self) -> list:
        """Values that exercise the control (for tests and benchmarks): every option."""
        return [v for _, v in self.pairs]

    def make(self) -> Any:
        import ipywidgets as w

        return w.Dropdown(
            options=self.pairs,
            value=self.default,
            description=self.label,
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", margin="2px 1.5em 2px 0"),
        )


@dataclass
class Multi:
    """Pick any number of options (a list where Ctrl/Shift-click or Shift+arrows select several)."""

    label: str
    options: Sequence[Any]
    default: Sequence[Any] | None = None
    minimum: int = 0
    rows: int = 6

    def __post_init__(self):
        self.pairs = _options(self.options)
        values = [v for _, v in self.pairs]
        self.default = tuple(values if self.default is None else self.default)
        bad = [d for d in self.default if d not in values]
        if bad:
            raise ValueError(f"{self.label}: defaults {bad!r} are not options")

    def validate(self, value: Any) -> Any:
        if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
            value = (value,)
        values = [v for _, v in self.pairs]
        bad = [v for v in value if v not in values]
        if bad:
            raise ControlError(f"{self.label}: {', '.join(map(repr, bad))} not among the options.")
        if len(value) < self.minimum:
            raise ControlError(f"{self.label}: choose at least {self.minimum}.")
        return tuple(v for v in values if v in value)  # keep the options' order

    def samples(self) -> list:
        """Values that exercise the control (for tests and benchmarks): all, the fewest allowed, the default."""
        values = tuple(v for _, v in self.pairs)
        return list(dict.fromkeys([values, values[: max(self.minimum, 1)], tuple(self.default)]))

    def make(self) -> Any:
        import ipywidgets as w

        return w.SelectMultiple(
            options=self.pairs,
            value=self.default,
            description=self.label,
            rows=min(self.rows, len(self.pairs)),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", margin="2px 1.5em 2px 0"),
        )


@dataclass
class Number:
    """A whole number in [minimum, maximum] (a slider; arrow keys move it one step)."""

    label: str
    minimum: int
    maximum: int
    default: int | None = None
    step: int = 1

    def __post_init__(self):
        if self.minimum > self.maximum:
            raise ValueError(f"{self.label}: minimum is above maximum")
        if self.default is None:
            self.default = self.maximum
        self.validate(self.default)

    def validate(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
            raise ControlError(f"{self.label}: expected a whole number, got {value!r}.")
        if not self.minimum <= value <= self.maximum:
            raise ControlError(f"{self.label} must be between {self.minimum} and {self.maximum}; you chose {value}.")
        return int(value)

    def samples(self) -> list:
        """Values that exercise the control (for tests and benchmarks): the ends, the middle, the default."""
        middle = self.minimum + (self.maximum - self.minimum) // 2
        return list(dict.fromkeys([self.minimum, self.maximum, middle, self.default]))

    def make(self) -> Any:
        import ipywidgets as w

        return w.IntSlider(
            value=self.default,
            min=self.minimum,
            max=self.maximum,
            step=self.step,
            description=self.label,
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="32em", margin="2px 1.5em 2px 0"),
        )


@dataclass
class Range:
    """A range of whole numbers (two handles), e.g. a period of years."""

    label: str
    minimum: int
    maximum: int
    default: tuple[int, int] | None = None

    def __post_init__(self):
        if self.default is None:
            self.default = (self.minimum, self.maximum)
        self.default = self.validate(self.default)

    def validate(self, value: Any) -> Any:
        try:
            low, high = value
        except (TypeError, ValueError):
            raise ControlError(f"{self.label}: expected two numbers (from, to), got {value!r}.") from None
        for v in (low, high):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or int(v) != v:
                raise ControlError(f"{self.label}: expected whole numbers, got {v!r}.")
        if low > high:
            raise ControlError(f"{self.label}: the start ({low}) is after the end ({high}).")
        if low < self.minimum or high > self.maximum:
            raise ControlError(
                f"{self.label} must lie between {self.minimum} and {self.maximum}; you chose {low} to {high}."
            )
        return (int(low), int(high))

    def samples(self) -> list:
        """Values that exercise the control (for tests and benchmarks): all, one year, the first half, the default."""
        middle = self.minimum + (self.maximum - self.minimum) // 2
        return list(
            dict.fromkeys(
                [
                    (self.minimum, self.maximum),
                    (self.minimum, self.minimum),
                    (self.minimum, middle),
                    tuple(self.default),
                ]
            )
        )

    def make(self) -> Any:
        import ipywidgets as w

        return w.IntRangeSlider(
            value=self.default,
            min=self.minimum,
            max=self.maximum,
            description=self.label,
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="32em", margin="2px 1.5em 2px 0"),
        )


@dataclass
class Explorer:
    """Controls + output for a pure function. See the module docstring."""

    function: Callable[..., Any]
    controls: Mapping[str, Any]
    title: str
    description: str = ""
    static_note: str = ""
    _widgets: dict = field(default_factory=dict, init=False, repr=False)
    _output: Any = field(default=None, init=False, repr=False)
    _views: dict = field(default_factory=dict, init=False, repr=False)  # views already drawn, by control values
    max_views: int = 64

    def __post_init__(self):
        if not self.controls:
            raise ValueError("an explorer needs at least one control")

    @property
    def defaults(self) -> dict:
        return {name: c.default for name, c in self.controls.items()}

    def validate(self, values: Mapping[str, Any]) -> dict:
        """Check every value against its control; raises ControlError with a learner-facing message."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ControlError(f"No control called {', '.join(sorted(unknown))} in this explorer.")
        merged = {**self.defaults, **values}
        return {name: self.controls[name].validate(merged[name]) for name in self.controls}

    def render(self, **values: Any) -> Any:
        """Validate and call the function: returns its result (a Figure, DataFrame, HTML string, ...)."""
        return self.function(**self.validate(values))

    def update(self, **values) -> str:
        """What the controls call: draw the result into the output area. Returns 'ok' or the message shown.

        The output area's contents are set directly (formatted here, then assigned to ``Output.outputs``)
        rather than printed into it with ``with output: display(...)``: printing sends messages that Voila
        0.5 can stall on while it runs a notebook (voila-dashboards/voila#1428), and that nbval reads as
        the cell's own output.
        """
        key = None
        try:
            checked = self.validate(values)
            key = tuple((name, _hashable(value)) for name, value in checked.items())
            if self._output is not None and key in self._views:  # seen before: show it again at once
                self._output.outputs = self._views[key]
                return "ok"
            result, message = self.function(**checked), "ok"
        except ControlError as err:
            result, message = None, str(err)
        except Exception as err:  # a bug must reach the learner as a sentence, not a traceback  # noqa: BLE001
            result, message = None, f"This view could not be drawn ({type(err).__name__}: {err})."
        if self._output is None:
            _close(result)
            return message
        if message != "ok":
            parts = [
                _Html(
                    f"<div class='eunato-explorer-message' role='alert' style='color:#8A3B00'>"
                    f"{html.escape(message)}</div>"
                )
            ]
        else:
            parts = [_as_displayable(p) for p in (result if isinstance(result, tuple) else (result,)) if p is not None]
        shown = tuple(_display_data(part) for part in parts)
        _close(result)
        self._output.outputs = shown
        if message == "ok" and key is not None:
            if len(self._views) >= self.max_views:
                self._views.pop(next(iter(self._views)))
            self._views[key] = shown
        return message

    def widget(self) -> Any:
        import ipywidgets as w

        self._widgets = {name: c.make() for name, c in self.controls.items()}
        self._output = w.Output(layout=w.Layout(min_height="120px"))
        self._output.add_class("eunato-explorer-output")

        def on_change(_change=None):
            self.update(**{name: wid.value for name, wid in self._widgets.items()})

        for wid in self._widgets.values():
            wid.observe(on_change, names="value")
        header = w.HTML(
            f"<strong>{html.escape(self.title)}</strong>"
            + (f"<br><span>{html.escape(self.description)}</span>" if self.description else "")
        )
        box = w.VBox(
            [header, w.HBox(list(self._widgets.values()), layout=w.Layout(flex_flow="row wrap")), self._output],
            layout=w.Layout(border="1px solid #B0B0B0", padding="0.5em"),
        )
        box.add_class("eunato-explorer")
        on_change()
        return box

    def text(self) -> str:
        names = ", ".join(c.label for c in self.controls.values())
        note = f" {self.static_note}" if self.static_note else ""
        return f"Explorer: {self.title.rstrip('.')} (controls: {names}). Run this notebook in Jupyter to use it.{note}"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        title = html.escape(self.title.rstrip(".?!")) + (html.escape(self.title[-1]) if self.title[-1] in "?!" else ".")
        static = (
            f"<div class='eunato-explorer-static'><p><strong>Explorer: {title}</strong> "
            f"<em>Run this notebook in Jupyter to use it.</em> {html.escape(self.static_note)}</p>"
            f"{self.default_view_html()}</div>"
        )
        return widget_bundle(self.widget, self.text(), static)

    @property
    def control_widgets(self) -> dict[str, Any]:
        """The live control widgets, by control name, once ``widget()`` has built them (else empty)."""
        return dict(self._widgets)

    @property
    def output_area(self) -> Any:
        """The live output area once ``widget()`` has built it (else None): what the controls draw into."""
        return self._output

    def default_view_html(self) -> str:
        """The explorer's default view as HTML (pictures with their descriptions), for readers who cannot run it.

        A saved notebook and the HTML edition show this where the live explorer would be.
        """
        outputs = self._output.outputs if self._output is not None else ()
        if not outputs:
            try:
                result = self.render()
            except Exception:  # a broken default view leaves the note alone, never a traceback  # noqa: BLE001
                return ""
            parts = [_as_displayable(p) for p in (result if isinstance(result, tuple) else (result,)) if p is not None]
            outputs = tuple(_display_data(part) for part in parts)
            _close(result)
        shown = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
        return f"<div class='eunato-explorer-default'><p><em>Its default view:</em></p>{shown}</div>" if shown else ""


def _hashable(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(_hashable(v) for v in value)
    return value


class _Html:
    """A piece of HTML for an output area."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self):
        return self.text


def _as_displayable(part):
    if hasattr(part, "savefig"):  # a matplotlib Figure: one render, with its text alternative as alt
        from .style import png_html

        return _Html(png_html(part))
    if isinstance(part, str):
        return _Html(part)
    return part


def _display_data(part) -> dict:
    """The display_data output (as in a notebook file) for one displayable part."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        shell = None
    if shell is not None:
        data, metadata = shell.display_formatter.format(part)
    else:
        data, metadata = {"text/plain": repr(part)}, {}
        html_repr = getattr(part, "_repr_html_", None)
        if html_repr is not None:
            data["text/html"] = html_repr()
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def _close(result):
    import matplotlib.pyplot as plt

    for part in result if isinstance(result, tuple) else (result,):
        if hasattr(part, "savefig"):
            plt.close(part)
