"""Safety limits for files fiqra did not write: bounded size, time and memory.

Reports arrive from outside (uploads, folders of downloads). A zip bomb posing as a
DOCX, a PDF whose page tree loops or claims a million pages, or a file that is simply
huge must end in a ParseError a person can read, never in an exhausted machine. The
checks here run before a parser touches the content; the PDF parser additionally runs
in a child process under `run_limited` so that a parser bug cannot hang or bloat the
server.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import Any

from corpus.model import ParseError

MAX_FILE_BYTES = 100 * 1024 * 1024
"""Largest input accepted in any format (UN reports are well under 10 MB)."""

MAX_LINE_CHARS = 100_000
"""Longest line or paragraph accepted: a UN paragraph is at most a few thousand characters,
and analysing one giant "paragraph" costs memory out of all proportion to its size."""

MAX_REPORT_CHARS = 5_000_000
"""Most text one report may hold (paragraphs and other blocks): the longest UN reports hold
a few hundred thousand characters. Indexing costs time and memory with the text, and a few
MB of file can hold far more (a DOCX of repeated markup compresses a hundredfold)."""

MAX_WORD_CHARS = 1000
"""Longest run of letters accepted as one word (real words have tens of letters, a Chinese
clause between two punctuation marks a few hundred)."""

MAX_ZIP_ENTRIES = 5000
MAX_ZIP_UNCOMPRESSED = 300 * 1024 * 1024
"""Total uncompressed size a DOCX may expand to (checked, then enforced while reading)."""

MAX_DOCX_XML = 40 * 1024 * 1024
"""Total size of a DOCX's XML parts, which are parsed whole into memory (about five times
their size): a report's are a few MB; 300 MB of XML took a gigabyte and minutes."""

MAX_ZIP_RATIO = 200
"""Compression ratio above which a large zip entry is taken for a bomb (XML compresses ~10:1)."""

MAX_PDF_PAGES = 2000
PDF_TIMEOUT_SECONDS = 120.0
CHILD_MEMORY_BYTES = 2 * 1024 * 1024 * 1024

_READ_CHUNK = 1 << 16
_LONG_WORD = re.compile(rf"[^\W_]{{{MAX_WORD_CHARS + 1}}}")


def check_size(data: bytes, name: str) -> None:
    """Reject empty and oversized inputs before any parser sees them."""
    if not data:
        raise ParseError(f"{name}: the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise ParseError(
            f"{name}: the file is {len(data) / 1e6:.0f} MB, larger than the "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB fiqra accepts for one report"
        )


def check_lengths(texts: Iterable[str], name: str, unit: str = "line") -> None:
    """Refuse text no report has: a line (paragraph) or a word far longer than any real one.

    Run on a reader's lines before the structure parser and the analyzers see them, so
    that a file under MAX_FILE_BYTES still cannot make ingestion take gigabytes.
    """
    for number, text in enumerate(texts, 1):
        if len(text) > MAX_LINE_CHARS:
            raise ParseError(
                f"{name}: {unit} {number} is {len(text):,} characters long; a report's "
                f"paragraphs are at most a few thousand (limit {MAX_LINE_CHARS:,}), so this "
                "is not a report's text (is it one line without line breaks?)"
            )
        if word := _LONG_WORD.search(text):
            raise ParseError(
                f"{name}: {unit} {number} holds a word of more than {MAX_WORD_CHARS:,} letters "
                f"without a space or punctuation (from character {word.start():,}); "
                "this is not a report's text"
            )


def check_report_size(texts: Iterable[str], name: str) -> None:
    """Refuse a report holding more text than MAX_REPORT_CHARS."""
    total = sum(map(len, texts))
    if total > MAX_REPORT_CHARS:
        raise ParseError(
            f"{name}: the document holds {total:,} characters of text; a report holds at most"
            f" a few hundred thousand (limit {MAX_REPORT_CHARS:,})"
        )


def check_zip(data: bytes, name: str) -> None:
    """Refuse zip bombs: declared sizes from the central directory first, then real ones.

    The central directory can lie, so every entry is also decompressed in chunks with a
    running total that stops at the limit; the cost is bounded by MAX_ZIP_UNCOMPRESSED.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ParseError(f"{name}: not a valid DOCX (zip) file: {exc}") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ParseError(f"{name}: the DOCX holds {len(infos)} parts; too many to be a report")
        declared = sum(info.file_size for info in infos)
        if declared > MAX_ZIP_UNCOMPRESSED:
            raise ParseError(
                f"{name}: the DOCX would expand to {declared / 1e6:.0f} MB "
                f"(limit {MAX_ZIP_UNCOMPRESSED / 1e6:.0f} MB); refusing a possible zip bomb"
            )
        for info in infos:
            ratio = info.file_size // max(info.compress_size, 1)
            if info.file_size > 1_000_000 and ratio > MAX_ZIP_RATIO:
                raise ParseError(
                    f"{name}: part {info.filename} is compressed {ratio}:1;"
                    " refusing a possible zip bomb"
                )
        xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
        if xml > MAX_DOCX_XML:
            raise ParseError(
                f"{name}: the DOCX's text and markup (XML) expand to {xml / 2**20:.0f} MB"
                f" (limit {MAX_DOCX_XML / 2**20:.0f} MB; a report's are a few MB)"
            )
        total = 0
        for info in infos:
            try:
                with archive.open(info) as member:
                    while chunk := member.read(_READ_CHUNK):
                        total += len(chunk)
                        if total > MAX_ZIP_UNCOMPRESSED:
                            raise ParseError(
                                f"{name}: the DOCX expands beyond "
                                f"{MAX_ZIP_UNCOMPRESSED / 1e6:.0f} MB; refusing a possible zip bomb"
                            )
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise ParseError(f"{name}: the DOCX is damaged ({info.filename}: {exc})") from exc
            except RuntimeError as exc:  # zipfile's "encrypted, password required"
                raise ParseError(f"{name}: the DOCX is encrypted ({exc})") from exc


def _limit_child(memory: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_limited(
    script: Path,
    data: bytes,
    name: str,
    *,
    timeout: float = PDF_TIMEOUT_SECONDS,
    memory: int = CHILD_MEMORY_BYTES,
    args: tuple[str, ...] = (),
) -> Any:
    """Run the Python file `script` on `data` (stdin) in a child with a time and memory limit.

    The child writes one JSON value to stdout; on failure it writes
    {"error": message} and the message becomes this call's ParseError. It runs as a
    script (`python -P file args`), not as `python -m package.module`, which first imports
    the module's packages (corpus.readers and the parser and analyzers it imports, a
    third of a PDF extractor's start-up); -P keeps the script's folder off sys.path, where
    the modules beside it (readers named html, docx) would stand in for libraries.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run(
            [sys.executable, "-P", str(script), *args],
            input=data,
            capture_output=True,
            timeout=timeout,
            preexec_fn=lambda: _limit_child(memory),
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ParseError(
            f"{name}: reading took longer than {timeout:.0f} s and was stopped "
            "(the file may loop or be far larger than a report)"
        ) from exc
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["killed"]
        if "MemoryError" in tail[0] or done.returncode < 0:
            raise ParseError(
                f"{name}: reading needed more than {memory / 2**30:.1f} GB of memory and was "
                f"stopped ({tail[0]})"
            )
        raise ParseError(f"{name}: the reader failed: {tail[0]}")
    try:
        result = json.loads(done.stdout)
    except ValueError as exc:
        raise ParseError(f"{name}: the reader returned no usable result") from exc
    if isinstance(result, dict) and "error" in result:
        raise ParseError(f"{name}: {result['error']}")
    return result
