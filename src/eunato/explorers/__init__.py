"""Explorers for each chapter: pure update functions plus an ``Explorer`` that wires them to controls.

One module per chapter. Each module's update functions take control values and return a Figure,
HTML text or a DataFrame; the unit tests call them directly, the browser tests move the controls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..widgets import Explorer


def every_explorer() -> list[tuple[str, Explorer]]:
    """(name, Explorer) for every ``*_explorer()`` in the chapter modules that needs no arguments.

    The speed benchmark times them and the tests draw every sample view of each (``Control.samples``).
    """
    import importlib
    import inspect
    import pkgutil

    from ..widgets import Explorer

    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_explorer") and fn.__module__ == module.__name__:
                if _needs_arguments(fn):
                    continue
                explorer = fn()  # a builder's own error surfaces here, in the tests and the benchmark
                if isinstance(explorer, Explorer):
                    found.append((f"{info.name}.{name}", explorer))
    return found


def _needs_arguments(fn) -> bool:
    """True when fn cannot be called without arguments (a parameter without a default)."""
    import inspect

    return any(
        p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        for p in inspect.signature(fn).parameters.values()
    )
