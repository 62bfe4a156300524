"""What an ingest found, for the person who fed the file in: counts, gaps, loose text.

A reader that silently drops or misplaces text is worse than one that fails, so every
ingest ends with this account: how many numbered paragraphs, where the numbering skips
or repeats (warnings, not errors: source documents do have gaps), how many footnotes
were attached with and without their text, and which text blocks could not be placed
inside the paragraph model (kept as blocks, counted by kind).
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

from corpus.model import Report

# Block kinds that are the document's own furniture (front matter, headings, notes,
# annexes, tables); any other kind is text the parser could not place in the model.
_PLACED_KINDS = {"front", "title", "heading", "header", "summary", "contents", "footnote",
                 "annex", "table"}


def describe(report: Report) -> dict[str, Any]:
    """The ingest account of one report (JSON-ready)."""
    numbers = [p.number for p in report.paragraphs]
    seen = Counter(numbers)
    ordered = sorted(seen)
    gaps = [
        [low + 1, high - 1]
        for low, high in itertools.pairwise(ordered)
        if high - low > 1
    ]
    footnotes = [f for p in report.paragraphs for f in p.footnotes]
    unplaced = Counter(b.kind for b in report.blocks if b.kind not in _PLACED_KINDS)
    return {
        "paragraphs": len(numbers),
        "first": ordered[0] if ordered else None,
        "last": ordered[-1] if ordered else None,
        "gaps": gaps,
        "duplicates": sorted(n for n, count in seen.items() if count > 1),
        "out_of_order": [b for a, b in itertools.pairwise(numbers) if b <= a],
        "sections": _count_sections(report),
        "footnotes": len(footnotes),
        "footnotes_with_text": sum(f.text is not None for f in footnotes),
        "blocks": dict(Counter(b.kind for b in report.blocks)),
        "unplaced_blocks": dict(unplaced),
        "warnings": list(report.metadata.get("warnings", [])),
    }


def _count_sections(report: Report) -> int:
    stack = list(report.sections)
    count = 0
    while stack:
        section = stack.pop()
        count += 1
        stack.extend(section.children)
    return count
