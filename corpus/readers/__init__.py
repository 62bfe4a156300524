"""The one way in: a file (or its bytes) to a Report with its symbol and language.

Each format has a reader that turns bytes into SourceLines; corpus.structure then decides
the structure the same way for all of them. A reader is registered in READERS by one
line, `"docx": "corpus.readers.docx:read_docx"`, and imported only when a file of that
format is read, so that one format's dependencies never burden another's.

A report is addressed by symbol and language, so both are settled here: the caller's
word first, then the file name, then the text itself; a report whose symbol cannot be
found is refused rather than stored under a made-up key.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import Any

import analyzers
from corpus.ingest_summary import describe
from corpus.limits import check_lengths, check_report_size, check_size
from corpus.masthead import read_masthead
from corpus.model import ParseError, Report, SourceLine
from corpus.structure import build_report
from corpus.symbols import (
    JOB_NUMBER_RE,
    base_symbol,
    canonical_symbol,
    find_symbols,
    symbol_from_filename,
)

Reader = Callable[[bytes, str], list[SourceLine]]

# Format name -> "module:function" of its reader, (bytes, file name) -> list[SourceLine].
READERS: dict[str, str] = {
    "txt": "corpus.readers.text:read_text",
    "docx": "corpus.readers.docx:read_docx",
    "pdf": "corpus.readers.pdf:read_pdf",
    "html": "corpus.readers.html:read_html",
}
EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".docx": "docx", ".pdf": "pdf", ".html": "html",
    ".htm": "html",
}
# What a file's first bytes say about its format, whatever its name.
SIGNATURES = ((b"%PDF-", "pdf"), (b"PK\x03\x04", "docx"), (b"<!doctype html", "html"),
              (b"<html", "html"))

# A masthead line is short and holds the document's own symbol.
_MASTHEAD_MAX_LENGTH = 100
_ADDENDUM_WINDOW = 160
# "… issued as an addendum (A/HRC/28/56/Add.1) to the present report": the base symbol.
_ADDENDUM_RE = re.compile(r"إضاف|addendum|additif|adición|adenda|добавлени|增编", re.IGNORECASE)
_THIS_REPORT_RE = re.compile(
    r"(?:هذا|لهذا|الحالي)\s*(?:ال)?تقرير|التقرير\s+(?:الحالي|هذا)"
    r"|(?:this|the present) report|(?:présent|ce) rapport|(?:presente|este) informe"
    r"|настоящ\w* доклад|этому докладу|本报告",
    re.IGNORECASE,
)


def detect_format(data: bytes, name: str) -> str:
    """The format of `data`: from its first bytes when they tell, else from the name."""
    head = data[:64].lstrip().lower()
    for signature, fmt in SIGNATURES:
        if head.startswith(signature.lower()):
            return fmt
    return EXTENSIONS.get(Path(name).suffix.lower(), "txt")


def reader_for(fmt: str) -> Reader:
    """The registered reader of a format; ParseError naming the formats that can be read."""
    target = READERS.get(fmt)
    if target is None:
        known = ", ".join(sorted(READERS))
        raise ParseError(f"cannot read {fmt.upper()} files (readable formats: {known})")
    module, _, function = target.partition(":")
    reader: Reader = getattr(importlib.import_module(module), function)
    return reader


def symbol_from_text(report: Report) -> str | None:
    """The report's symbol as its own text gives it, or None.

    A masthead line (`United Nations  A/HRC/28/56`) before the first paragraph, else a
    mention of an addendum "to this report" (`A/HRC/28/56/Add.1`), whose base is the
    report's symbol.
    """
    for block in report.blocks:
        if block.after == 0 and block.kind in ("front", "title", "header"):
            for line in block.text.splitlines():
                found = find_symbols(line)
                if found and len(line.strip()) <= _MASTHEAD_MAX_LENGTH:
                    return canonical_symbol(found[0].group())
    for paragraph in report.paragraphs:
        for match in find_symbols(paragraph.text):
            if "/Add." not in canonical_symbol(match.group()):
                continue
            start = max(0, match.start() - _ADDENDUM_WINDOW)
            window = paragraph.text[start:match.end() + _ADDENDUM_WINDOW]
            if _ADDENDUM_RE.search(window) and _THIS_REPORT_RE.search(window):
                return base_symbol(match.group())
    return None


def _use_title(report: Report, title: str) -> None:
    """The masthead's title line is the report's title, whatever the front matter guessed."""
    line = next((b for b in report.blocks if b.after == 0 and b.kind in ("front", "title")
                 and b.text.strip() == title), None)
    if line is None:
        return
    for block in report.blocks:
        if block.kind == "title":
            block.kind = "front"
    line.kind = "title"
    report.title = line.text


def _running_facts(running: list[str], metadata: dict[str, Any]) -> str | None:
    """The symbol the page heads repeat (None without one), and the job number of the
    page feet into `metadata`; a masthead symbol the heads contradict is warned about."""
    symbols = Counter(canonical_symbol(m.group()) for text in running
                      for m in find_symbols(text))
    for text in running:
        if job := JOB_NUMBER_RE.search(text):
            metadata.setdefault("job_number", job.group())
    if not symbols:
        return None
    head = symbols.most_common(1)[0][0]
    masthead = metadata.get("symbol")
    if masthead and masthead != head:
        metadata.setdefault("warnings", []).append(
            f"the masthead says {masthead} but the page headers say {head}: "
            f"read as {masthead} (the masthead)"
        )
    return head


def _check_name(name_symbol: str | None, symbol: str, metadata: dict[str, Any]) -> None:
    """Warn when the file name names another document than the one read. (A name that is
    a job number is not checked: ODS may name a language version by another version's
    job number.)"""
    if name_symbol and name_symbol != symbol:
        metadata.setdefault("warnings", []).append(
            f"the file name says {name_symbol} but the document says {symbol}: "
            f"stored as {symbol}"
        )


def _language(lang: str, source: str) -> str:
    if lang not in analyzers.LANGUAGES:
        known = ", ".join(analyzers.LANGUAGES)
        raise ParseError(f"unknown language {lang!r} ({source}); use one of: {known}")
    return lang


def _given_symbol(symbol: str) -> str:
    """A symbol the caller gave, canonical; ParseError unless it is one UN symbol."""
    canonical = canonical_symbol(symbol)
    found = find_symbols(canonical)
    if len(found) != 1 or found[0].group() != canonical:
        raise ParseError(
            f"{symbol!r} is not a UN document symbol; give one such as A/HRC/28/56 "
            "(series body, then parts separated by /, with a number)"
        )
    return canonical


def read_bytes(
    data: bytes, name: str, *, symbol: str | None = None, lang: str | None = None
) -> Report:
    """A Report from the bytes of a file called `name` (used for format, symbol, language)."""
    check_size(data, name)
    fmt = detect_format(data, name)
    try:
        read = reader_for(fmt)(data, name)
        lines = [line for line in read if line.style != "running"]
        running = [line.text for line in read if line.style == "running"]
        check_lengths((line.text for line in lines), name)
        masthead = read_masthead(lines)
        report = build_report(lines)
    except ParseError as error:
        message = str(error)
        raise ParseError(message if message.startswith(name) else f"{name}: {message}") from None
    except (RecursionError, MemoryError) as error:
        raise ParseError(f"{name}: the file is built too deep or too large to read"
                         f" ({type(error).__name__})") from None
    except Exception as error:  # a reader's bug on a strange file: that file fails, no other
        raise ParseError(f"{name}: the file could not be read ({type(error).__name__}:"
                         f" {str(error)[:200]})") from error
    check_lengths((p.text for p in report.paragraphs), name, "paragraph")
    check_report_size(chain((p.text for p in report.paragraphs),
                            (b.text for b in report.blocks)), name)
    report.metadata.update(masthead)
    if masthead.get("title"):
        _use_title(report, masthead["title"])
    name_symbol, name_lang = symbol_from_filename(name)
    if symbol is not None:
        symbol = _given_symbol(symbol)
    heads = _running_facts(running, report.metadata)
    resolved = (symbol or masthead.get("symbol") or heads or name_symbol
                or symbol_from_text(report))
    if resolved and not symbol:
        _check_name(name_symbol, canonical_symbol(resolved), report.metadata)
    if not resolved:
        raise ParseError(
            f"cannot tell the document symbol of {name!r}: it is not in the file name "
            "(e.g. A_HRC_28_56_ar.txt) nor in the text; pass it with --symbol A/HRC/28/56"
        )
    report.symbol = canonical_symbol(resolved)
    text = "\n".join(p.text for p in report.paragraphs)
    if lang or name_lang:
        source = "given" if lang else "from the file name"
        report.lang = _language((lang or name_lang or "").lower(), source)
        if (written := analyzers.script_mismatch(text, report.lang)) is not None:
            report.metadata.setdefault("warnings", []).append(
                f"the language {source} is {report.lang!r} but the text is written in the "
                f"script of {written!r}: check the language (--lang)"
            )
    else:
        try:
            detected = analyzers.detect_language(text)
        except ValueError as error:
            raise ParseError(f"{error}; pass the language with --lang") from None
        report.lang = _language(detected, "detected from the text")
    report.metadata.update({"source": name, "format": fmt, "symbol": report.symbol})
    report.metadata["ingest_report"] = describe(report)
    return report


def load_report(path: Path, *, symbol: str | None = None, lang: str | None = None) -> Report:
    """The Report in the file at `path`; ParseError (with the reason) if it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(f"cannot read {path}: {error.strerror or error}") from None
    return read_bytes(data, path.name, symbol=symbol, lang=lang)
