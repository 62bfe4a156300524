"""The export formats by name, and exporting excerpts in one of them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import IO
from urllib.parse import quote

from exports.csv import write_csv
from exports.docx import write_docx
from exports.jsonl import write_jsonl
from exports.markdown import write_markdown
from exports.rows import ExportError, ExportMeta, Row, rows
from exports.xlsx import write_xlsx
from indexer.backend import Backend
from indexer.sets import Excerpt


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    content_type: str
    write: Callable[[Iterable[Row], IO[bytes], ExportMeta], None]


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("csv", "csv", "text/csv; charset=utf-8", write_csv),
        ExportFormat(
            "xlsx", "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx,
        ),
        ExportFormat("jsonl", "jsonl", "application/x-ndjson; charset=utf-8", write_jsonl),
        ExportFormat("md", "md", "text/markdown; charset=utf-8", write_markdown),
        ExportFormat(
            "docx", "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", write_docx,
        ),
    )
}


def export_format(name: str) -> ExportFormat:
    """The format called `name`, or ExportError listing the ones that exist."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(
            f"there is no export format {name!r}; use one of {', '.join(FORMATS)}"
        ) from None


def export(
    fmt: ExportFormat, excerpts: Iterable[Excerpt], backend: Backend, out: IO[bytes],
    meta: ExportMeta,
) -> None:
    """Write the excerpts to `out`; ExportError, with nothing written, if there are none."""
    source = rows(excerpts, backend, meta.languages)
    first = next(source, None)
    if first is None:
        raise ExportError("there is nothing to export: no paragraphs")
    fmt.write(chain([first], source), out, meta)


def content_disposition(title: str, fmt: ExportFormat) -> str:
    """An attachment header with an ASCII fallback name and the real (UTF-8) one."""
    base = re.sub(r"[^\w\- ]+", "_", title, flags=re.UNICODE).strip(" _")[:80] or "fiqra-export"
    ascii_name = re.sub(r"[^A-Za-z0-9_\-]+", "_", base).strip("_") or "fiqra-export"
    return (
        f'attachment; filename="{ascii_name}.{fmt.extension}"; '
        f"filename*=UTF-8''{quote(base)}.{fmt.extension}"
    )
