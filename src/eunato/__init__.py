"""eunato: the small package behind the interactive course on EU-NATO cooperation.

Notebooks import it for data (``eunato.data``), charts (``eunato.charts``), explorers
(``eunato.widgets``), self-check questions and exercise checkers (``eunato.checks``).
"""

__version__ = "0.1.0"
