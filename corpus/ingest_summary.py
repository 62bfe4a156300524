"""What an ingest found, for the person who fed the file in: counts, gaps, loose text.

A reader that silently drops or misplaces text is worse than one that fails, so every
ingest ends with this account: how many numbered paragraphs against the numbering the
document shows (1 to its highest number), where the numbering skips or repeats
(warnings, not errors: source documents do have gaps), how many footnotes were attached
with and without their text, which text blocks could not be placed inside the paragraph
model (kept as blocks, counted by kind), and `flags`: the signs that the document was
probably misread (paragraphs missing, far fewer paragraphs than the highest number,
headings that look like paragraphs), for a person to check.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

from corpus.layouts import looks_like_heading_text
from corpus.model import Report, Section

# A document whose paragraphs number fewer than this share of its highest number has
# lost paragraphs to headings, blocks or annexes.
_FEW_PARAGRAPHS = 0.9

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
    last = ordered[-1] if ordered else 0
    return {
        "paragraphs": len(numbers),
        "expected": last,
        "first": ordered[0] if ordered else None,
        "last": ordered[-1] if ordered else None,
        "flags": _flags(report, seen, last),
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


def _sections(sections: list[Section]) -> list[Section]:
    return [s for section in sections for s in (section, *_sections(section.children))]


def _flags(report: Report, seen: Counter[int], last: int) -> list[str]:
    """Why the document was probably misread (empty when nothing says so)."""
    flags = []
    missing = [n for n in range(1, last + 1) if n not in seen]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        flags.append(f"{len(missing)} of paragraphs 1–{last} not found ({shown})")
    if last and len(seen) < _FEW_PARAGRAPHS * last:
        flags.append(f"only {len(seen)} paragraphs for numbering up to {last}")
    numbered = [s for s in _sections(report.sections) if s.label.isdigit() and (
        int(s.label) in missing or not looks_like_heading_text(s.title))]
    if numbered:
        labels = ", ".join(s.label for s in numbered[:10])
        flags.append(f"{len(numbered)} numbered headings look like paragraphs ({labels})")
    return flags
