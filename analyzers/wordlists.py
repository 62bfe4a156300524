"""Reading the curated lists bundled in analyzers/data (stop words, plurals, thesaurus).

The lists are plain text so that people can review and edit them; `#` starts a comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files


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
