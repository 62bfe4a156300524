"""Markdown export: report and section headings, each paragraph with its citation, footnotes
as Markdown footnotes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from exports.headings import Grouping, split_at_footnotes
from exports.rows import ExportMeta, Row, citation_label

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def write_markdown(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    out.write(f"# {_md_escape(meta.title)}\n\n{meta.day.isoformat()}\n\n".encode())
    grouping = Grouping()
    notes = 0
    for row in source:
        for heading in grouping.headings(row, meta):
            out.write(f"{'#' * min(heading.level + 1, 6)} {_md_escape(heading.label('en'))}\n\n"
                      .encode())
        for excerpt in row:
            if excerpt is None:
                continue
            body, marks = "", 0
            definitions = []
            for piece, note in split_at_footnotes(excerpt):
                body += _md_escape(piece).replace("\n", "  \n")
                if note is not None:
                    notes += 1
                    marks += 1
                    body += f"[^{notes}]"
                    definitions.append(f"[^{notes}]: {_md_escape(note)}\n")
            label = citation_label(excerpt.symbol, excerpt.lang, excerpt.paragraph)
            flag = " *(no longer in the current version of the report)*" if excerpt.missing else ""
            out.write(f"{body}\n\n— {_md_escape(label)}{flag}\n\n".encode())
            out.write("".join(definitions).encode() + (b"\n" if definitions else b""))
