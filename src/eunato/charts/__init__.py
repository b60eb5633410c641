"""Charts: pure functions, DataFrame in, matplotlib Figure out, all in the house style (eunato.style).

One module per topic; every public chart is re-exported here, so notebooks write
``charts.membership_over_time(counts)``. Each chart has a title that states its finding, labelled
axes and a source line; the notebook follows it with a sentence saying what it shows.
"""
from ..style import alt_text
from .membership import describe_membership_over_time, membership_over_time

__all__ = ["alt_text", "membership_over_time", "describe_membership_over_time"]
