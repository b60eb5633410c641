"""Exercise checkers, one module per exercise notebook (``eunato.exercises.start`` ...).

Each module declares its exercises as :class:`eunato.checks.Exercise` objects named ``ex1``,
``ex2``, ...; the notebook calls ``ex1.check(answer)``, ``ex1.hint()`` and ``ex1.show_solution()``.
"""
