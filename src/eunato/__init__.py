"""eunato: the small package behind the interactive course on EU-NATO cooperation.

Notebooks import it for data (``eunato.data``), charts (``eunato.charts``), explorers
(``eunato.widgets``), self-check questions (``quiz``, from the question files in ``questions/``) and exercise
checkers (``eunato.checks``).
"""

__version__ = "0.1.0"

from .bank import quiz  # (notebooks: `from eunato import quiz`, then `quiz("02.cbrn-first-named")`)

__all__ = ["quiz"]
