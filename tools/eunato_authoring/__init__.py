"""Tools for the course's authors and tests, not for learners: the glossary scanner and the learner-notebook
generator. They live outside the ``eunato`` package, so nothing a learner imports carries them; they import
``eunato.manifest`` for the list of notebooks and the repository's place."""
