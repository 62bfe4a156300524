"""JSON Lines export, and a paragraph as a JSON record (also an API set item)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from corpus.symbols import document_url
from exports.rows import ExportMeta, Row, citation_label, first_excerpt
from indexer.sets import Excerpt


def excerpt_record(excerpt: Excerpt) -> dict[str, Any]:
    """A paragraph as JSON, with its citation and link: a JSON Lines row, an API set item."""
    return {
        "symbol": excerpt.symbol,
        "lang": excerpt.lang,
        "paragraph": excerpt.paragraph,
        "item": excerpt.item,
        "section": excerpt.section,
        "text": excerpt.text,
        "citation": citation_label(excerpt.symbol, excerpt.lang, excerpt.paragraph, excerpt.item),
        "link": document_url(excerpt.symbol, excerpt.lang),
        "missing": excerpt.missing,
        "footnotes": [
            {"number": f.number, "offset": f.offset, "text": f.text} for f in excerpt.footnotes
        ],
    }


def write_jsonl(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    """One paragraph per line; side by side, one object per paragraph with a key per language."""
    for row in source:
        if meta.languages:
            first = first_excerpt(row)
            record: dict[str, Any] = {"symbol": first.symbol, "paragraph": first.paragraph}
            record.update({
                lang: excerpt_record(e) if e else None
                for lang, e in zip(meta.languages, row, strict=True)
            })
        else:
            record = excerpt_record(row[0])  # type: ignore[arg-type]
        out.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
