"""The curated synonym thesaurus (analyzers/data/thesaurus.tsv), applied at query time only.

Synonyms are expanded when a query is run, never when a document is indexed, so the
thesaurus can be edited without reindexing. The file is meant to be reviewed by people:
one group of interchangeable terms per line, `lang<TAB>term<TAB>term...`, `#` comments.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from analyzers.wordlists import data_lines


class ThesaurusFormatError(ValueError):
    """A thesaurus line is malformed; the message names the line."""


@cache
def thesaurus_groups(lang: str) -> tuple[tuple[str, ...], ...]:
    """The synonym groups of one language as written in the thesaurus file."""
    groups: list[tuple[str, ...]] = []
    for lineno, line in data_lines("thesaurus.tsv"):
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 3 or not all(fields):
            raise ThesaurusFormatError(
                f"thesaurus.tsv line {lineno}: expected lang<TAB>term<TAB>term..., got {line!r}"
            )
        if fields[0] == lang:
            groups.append(tuple(fields[1:]))
    return tuple(groups)


class Thesaurus:
    """Synonym lookup for one language, keyed by the analyzer's own forms of each term.

    `forms` maps a term to its (norm, stem) or None; a single-word term is found by its
    norm or its stem, so inflected query words reach their group too.
    """

    def __init__(self, lang: str, forms: Callable[[str], tuple[str, str] | None]) -> None:
        self._groups = thesaurus_groups(lang)
        self._by_key: dict[str, set[int]] = {}
        self._member_keys: list[list[set[str]]] = []
        for gi, group in enumerate(self._groups):
            keys_per_member = []
            for term in group:
                f = forms(term) if " " not in term else None
                keys = set(f) if f else set()
                keys_per_member.append(keys)
                for key in keys:
                    self._by_key.setdefault(key, set()).add(gi)
            self._member_keys.append(keys_per_member)

    def synonyms(self, norm: str, stem: str) -> list[str]:
        """Single-word terms of every group the word belongs to, other than the word itself."""
        out: list[str] = []
        for gi in sorted(self._by_key.get(norm, set()) | self._by_key.get(stem, set())):
            for term, keys in zip(self._groups[gi], self._member_keys[gi], strict=True):
                if keys and norm not in keys and stem not in keys and term not in out:
                    out.append(term)
        return out
