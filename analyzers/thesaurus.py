"""The curated synonym thesaurus (analyzers/data/thesaurus.tsv), applied at query time only.

Synonyms are expanded when a query is run, never when a document is indexed, so the
thesaurus can be edited without reindexing. The file is meant to be reviewed by people:
one group of interchangeable terms per line, `lang<TAB>term<TAB>term...`, `#` comments.
A single query word expands to the other terms of its groups (a multi-word one as a
phrase: sequences of stems, matched as phrases in the index's stem column); a run of query
words that spells a multi-word term expands to the group's other terms.
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

    `forms` maps a word to its (norm, stem) or None (stop word); a single-word term is found
    by its norm or its stem, so inflected query words reach their group too; a multi-word
    term by the sequence of its words' stems (stop words dropped, as in the index).
    """

    def __init__(self, lang: str, forms: Callable[[str], tuple[str, str] | None]) -> None:
        self._groups = thesaurus_groups(lang)
        self._by_key: dict[str, set[int]] = {}
        self._member_keys: list[list[set[str]]] = []
        self._phrases: list[list[tuple[str, ...]]] = [
            [tuple(f[1] for w in term.split() if (f := forms(w)) is not None) for term in group]
            for group in self._groups
        ]
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

    def synonym_phrases(self, norm: str, stem: str) -> list[tuple[str, ...]]:
        """Stem sequences of the multi-word terms of every group the single word belongs to
        (`csam` -> child sexual abuse material), but those that hold the word itself."""
        out: list[tuple[str, ...]] = []
        for gi in sorted(self._by_key.get(norm, set()) | self._by_key.get(stem, set())):
            for phrase in self._phrases[gi]:
                if len(phrase) > 1 and stem not in phrase and phrase not in out:
                    out.append(phrase)
        return out

    def phrase_synonyms(self, stems: list[str]) -> list[tuple[str, ...]]:
        """Stem sequences of the other terms (one word or several) of every multi-word term
        that occurs, as a run of consecutive words, in a query whose words have `stems`
        (stop words dropped), but those the query already spells."""
        out: list[tuple[str, ...]] = []
        for members in self._phrases:
            if any(len(m) > 1 and _occurs(m, stems) for m in members):
                out.extend(
                    other for other in members
                    if other and not _occurs(other, stems) and other not in out
                )
        return out


def _occurs(seq: tuple[str, ...], stems: list[str]) -> bool:
    n = len(seq)
    return any(tuple(stems[i : i + n]) == seq for i in range(len(stems) - n + 1))
