"""A citation query whose document is not in the corpus: the paragraphs that cite it.

Backend-neutral (it reads only `Backend.citations` and `Backend.get_paragraph`), so the
embedded and the cluster backend answer `A/69/262 para. 9` the same way.
"""

from __future__ import annotations

import html

from indexer.backend import Backend, Hit
from indexer.units import snippet


def citing_paragraphs(
    backend: Backend, target: str, numbers: list[int] | tuple[int, ...], lang: str | None
) -> list[Hit]:
    """Paragraphs that cite `target` (at one of `numbers`, when pinpointed)."""
    _, incoming = backend.citations(target)
    wanted = set(numbers)
    hits: dict[tuple[str, str, int], Hit] = {}
    for c in incoming:
        if c.paragraph is None or (lang and c.lang != lang):
            continue
        if wanted and not wanted & set(c.target_paragraphs):
            continue
        paragraph = backend.get_paragraph(c.symbol, c.lang, c.paragraph)
        if paragraph and (c.symbol, c.lang, c.paragraph) not in hits:
            hits[(c.symbol, c.lang, c.paragraph)] = Hit(
                c.symbol,
                c.lang,
                c.paragraph,
                paragraph.section_path,
                paragraph.text,
                snippet(paragraph.text, c.lang, []).replace(
                    html.escape(c.text), f"<mark>{html.escape(c.text)}</mark>", 1
                ),
                1.0,
            )
    return list(hits.values())
