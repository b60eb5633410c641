"""Charts: pure functions, DataFrame in, matplotlib Figure out, all in the house style (eunato.style).

One module per topic (``charts.history``, ``charts.areas``, ``charts.compass``, ``charts.overlap``,
``charts.spending``, ``charts.membership``, ``charts.map`` (not in ``__all__``: a star import must not hide the builtin ``map``)); the first chart of the course is also re-exported here, so
the start notebook writes ``charts.membership_over_time(counts)``. Each chart has a title that states its finding, labelled
axes and a source line; the notebook follows it with a sentence saying what it shows.
"""

from ..style import alt_text
from . import areas, compass, history, membership, overlap, spending
from . import map as map  # charts.map; kept out of __all__, so a star import leaves the builtin alone
from .membership import describe_membership_over_time, membership_over_time

__all__ = [
    "alt_text",
    "areas",
    "compass",
    "describe_membership_over_time",
    "history",
    "membership",
    "membership_over_time",
    "overlap",
    "spending",
]
