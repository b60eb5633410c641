"""YAML files the tests read again and again (question files, case banks), each parsed once while it is unchanged.

Parsed by ``eunato.bank.parse_yaml`` (libyaml's safe loader where PyYAML has it, as the course itself reads its
question files). ``yaml.safe_load`` is PyYAML's pure-Python loader: the fast tier parsed the same few files about 900
times with it, one case at a time, about 10 s of CPU a run (benchmarks/README.md, round seven). Every caller gets its
own copy, so a test that changes what it read cannot change what the next one reads.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

from eunato.bank import parse_yaml


def read_yaml(path: str | Path) -> Any:
    """The YAML file at ``path`` as Python values (a fresh copy; parsed again only when the file changed)."""
    stat = Path(path).stat()
    return copy.deepcopy(_parsed(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _parsed(path: str, _mtime_ns: int, _size: int) -> Any:
    return parse_yaml(Path(path).read_text(encoding="utf-8"))
