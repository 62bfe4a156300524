"""SYNTHETIC hostile files, generated: shared by tests/test_hostile_files.py (which checks
each is ingested or refused, in bounded memory) and bench/hostile_files.py (which times
them). Each is a file a person could be sent: small on disk, costly to a naive reader.

`python -m tests.hostile_fixtures KIND SIZE` ingests one into a fresh data directory in
this process and prints one JSON line: outcome, seconds, peak memory (MB) of the process.
"""

from __future__ import annotations

import io
import json
import random
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.format_fixtures import DocxWriter

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VOCABULARY = [
    "SYNTHETIC", "report", "council", "rights", "children", "protection", "States",
    "cooperation", "recommends", "exploitation", "education", "health", "access", "justice",
]


def nested_html(depth: int = 1000) -> bytes:
    """A page whose second paragraph sits inside `depth` nested elements (about 7 KB for
    1,000): a recursive reader runs out of stack."""
    opening = "<div>" * depth
    closing = "</div>" * depth
    return (
        "<!doctype html><html lang='ar'><body><p>SYNTHETIC وثيقة اختبار</p>"
        f"<p>1. الفقرة الأولى.</p>{opening}<p>2. الفقرة الثانية.</p>{closing}"
        "<p>3. الفقرة الثالثة.</p></body></html>"
    ).encode()


def many_line_paragraph(megabytes: float) -> bytes:
    """A plain-text report whose paragraph 1 runs on for `megabytes` MB of short lines."""
    line = "سطر قصير من فقرة طويلة جدا\n"
    count = int(megabytes * 2**20 / len(line.encode()))
    head = "SYNTHETIC وثيقة اختبار\n1- بداية الفقرة\n"
    return (head + line * count + "2- فقرة ثانية.\n").encode()


def many_breaks_html(megabytes: float) -> bytes:
    """A page of one paragraph cut by a line break every few words, `megabytes` MB."""
    piece = "كلمة وكلمة<br>"
    count = int(megabytes * 2**20 / len(piece.encode()))
    return ("<html><body><p>SYNTHETIC</p><p>1. " + piece * count + "</p></body></html>").encode()


def largest_text(megabytes: float) -> bytes:
    """A plain-text report of `megabytes` MB of ordinary numbered paragraphs."""
    paragraph = (
        "تؤكد المقررة الخاصة أهمية حماية الأطفال من الاستغلال وتوصي الدول بتعزيز خطوط المساعدة. "
    ) * 8
    count = int(megabytes * 2**20 / len((paragraph + "10000- \n").encode()))
    return (
        "SYNTHETIC وثيقة اختبار\n" + "".join(f"{n}- {paragraph}\n" for n in range(1, count + 1))
    ).encode()


def expanding_docx(megabytes: int) -> bytes:
    """A DOCX of a few MB whose document part expands to about `megabytes` MB of XML:
    numbered paragraphs of repeated text (a DOCX that is mostly markup)."""
    writer = DocxWriter("en")
    writer.paragraph("1. SYNTHETIC paragraph.")
    small = io.BytesIO()
    writer.document.save(small)
    out = io.BytesIO()
    rng = random.Random(15)  # varied words: compressed as a real document, not a bomb
    words = [rng.choice(VOCABULARY) for _ in range(50_000)]
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, source.read(info))
                continue
            with z.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
                written, number = 0, 0
                while written < megabytes * 2**20:
                    number += 1
                    start = rng.randrange(len(words) - 700)
                    text = " ".join(words[start : start + 700])  # paragraphs stay under 10,000
                    chunk = f"<w:p><w:r><w:t>{number}. {text}</w:t></w:r></w:p>".encode()
                    part.write(chunk)
                    written += len(chunk)
                part.write(b"</w:body></w:document>")
    return out.getvalue()


# kind -> (file name, maker of its bytes from a size)
KINDS: dict[str, tuple[str, Callable[[float], bytes]]] = {
    "nested-html": ("A_HRC_1_1_ar.html", lambda depth: nested_html(int(depth))),
    "many-line-paragraph": ("A_HRC_1_2_ar.txt", many_line_paragraph),
    "many-breaks-html": ("A_HRC_1_3_ar.html", many_breaks_html),
    "expanding-docx": ("A_HRC_1_4_en.docx", lambda mb: expanding_docx(int(mb))),
    "largest-text": ("A_HRC_1_5_ar.txt", largest_text),
}


def ingest_one(kind: str, size: float) -> dict[str, object]:
    """Ingest one hostile file into a fresh store in this process: what happened, in how
    long, and this process's peak memory (MB)."""
    from corpus.model import ParseError
    from indexer.ingest import ingest_file
    from indexer.sqlite_backend import SQLiteBackend

    name, make = KINDS[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(make(size))
        backend = SQLiteBackend(Path(folder) / "data")
        started = time.monotonic()
        try:
            outcome = f"ingested {ingest_file(backend, path).paragraphs} paragraphs"
        except ParseError as error:
            outcome = f"refused: {error}"
        seconds = time.monotonic() - started
        backend.close()
        return {"kind": kind, "size": size, "bytes": path.stat().st_size, "outcome": outcome,
                "seconds": round(seconds, 2),
                "peak_mb": peak_mb()}


def peak_mb() -> int:
    """This process's own peak resident memory. Not getrusage's ru_maxrss: started by a
    large parent (a long pytest session), a child's ru_maxrss begins at the parent's size
    (Linux carries it over the exec), so the measure would depend on what ran before."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


if __name__ == "__main__":
    print(json.dumps(ingest_one(sys.argv[1], float(sys.argv[2])), ensure_ascii=False))
