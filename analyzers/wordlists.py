"""Reading the curated lists bundled in analyzers/data (stop words, plurals, thesaurus).

The lists are plain text so that people can review and edit them; `#` starts a comment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable


def data_lines(name: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a bundled data file, without comments and blank lines."""
    text = (files("analyzers") / "data" / name).read_text(encoding="utf-8")
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if line.strip():
            yield lineno, line


def stopwords(lang: str) -> list[str]:
    """The stop words of `lang` (analyzers/data/stop_<lang>.txt), words separated by space."""
    return [w for _, line in data_lines(f"stop_{lang}.txt") for w in line.split()]


def data_fingerprint(folder: Traversable | None = None) -> str:
    """A hash of every list in `folder` (names and bytes; the bundled lists by default, as
    the analyzers read them once per process): what the analysis read, so that an index
    built before a list was edited is known to be stale."""
    return _fingerprint(folder) if folder is not None else _bundled_fingerprint()


@cache
def _bundled_fingerprint() -> str:
    return _fingerprint(files("analyzers") / "data")


def _fingerprint(folder: Traversable) -> str:
    digest = hashlib.sha256()
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    return digest.hexdigest()
