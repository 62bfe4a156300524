"""Corrupt, encrypted, oversized and hostile files end in a ParseError, in bounded time.

Every file here is built by the test (SYNTHETIC): zip bombs posing as DOCX, PDFs whose
page tree loops or claims millions of pages, a PDF that takes too long, one that
inflates past the memory limit, password-protected files; HTML nested a thousand deep, a
paragraph of many short lines, a DOCX expanding to hundreds of MB of XML (each ingested or
refused under 500 MB, and one bad file never stops a folder).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from corpus.limits import (
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MAX_PDF_PAGES,
    MAX_WORD_CHARS,
    MAX_ZIP_UNCOMPRESSED,
    run_limited,
)
from corpus.model import ParseError
from corpus.readers import read_bytes
from corpus.readers.docx import read_docx
from corpus.readers.html import read_html
from corpus.readers.pdf import EXTRACTOR, read_pdf
from indexer.ingest import ingest_paths
from indexer.sqlite_backend import SQLiteBackend
from tests.conftest import ROOT, SAMPLE
from tests.format_fixtures import SOFFICE, DocxWriter, raw_pdf, stream
from tests.hostile_fixtures import KINDS, many_line_paragraph, nested_html

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R " \
       b"/Resources << /Font << /F1 5 0 R >> >> >>"


def hello_pdf(pages: bytes, contents: bytes = b"BT /F1 12 Tf 72 720 Td (1. Hello) Tj ET",
              extra: list[bytes] | None = None) -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", pages, PAGE, stream(contents), FONT,
                    *(extra or [])])


def refused(call, *args, **kwargs) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    with pytest.raises(ParseError) as caught:
        call(*args, **kwargs)
    return str(caught.value), time.monotonic() - start


def docx_bytes() -> bytes:
    writer = DocxWriter("en")
    writer.paragraph("1. SYNTHETIC paragraph.")
    out = io.BytesIO()
    writer.document.save(out)
    return out.getvalue()


def test_zip_bomb_refused_from_the_central_directory() -> None:
    """A DOCX whose document part claims 4 GB: refused before anything is inflated."""
    data = bytearray(docx_bytes())
    central = -1
    name = b"word/document.xml"
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        name_length = int.from_bytes(data[entry + 28:entry + 30], "little")
        if data[entry + 46:entry + 46 + name_length] == name:
            data[entry + 24:entry + 28] = (0xFFFF0000).to_bytes(4, "little")
            central = entry
        entry = data.find(b"PK\x01\x02", entry + 4)
    assert central != -1
    message, seconds = refused(read_docx, bytes(data), "bomb.docx")
    assert "zip bomb" in message and seconds < 5


def test_zip_bomb_refused_by_its_ratio() -> None:
    """50 MB of zeros in one part (compressed 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(
        "word/document.xml", "w"
    ) as member:
        for _ in range(50):
            member.write(bytes(1 << 20))
    message, seconds = refused(read_docx, out.getvalue(), "ratio.docx")
    assert "zip bomb" in message and seconds < 10


def test_zip_that_lies_about_sizes_is_refused() -> None:
    """The central directory says 100 bytes, the data inflates to 1 MB: caught while reading."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", bytes(1 << 20))
    data = bytearray(out.getvalue())
    for signature, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)
        data[start + at:start + at + 4] = (100).to_bytes(4, "little")
    message, _ = refused(read_docx, bytes(data), "liar.docx")
    assert "damaged" in message


def test_total_expansion_is_bounded() -> None:
    assert MAX_ZIP_UNCOMPRESSED < 1 << 30


def test_oversized_file_refused_before_parsing() -> None:
    message, seconds = refused(read_bytes, b"%PDF-1.4\n" + bytes(MAX_FILE_BYTES), "big.pdf")
    assert "larger than" in message and seconds < 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1- " + "ا" * (MAX_LINE_CHARS + 1), "characters long"),  # one giant line
        ("1- " + "ا" * (MAX_WORD_CHARS + 1) + " نص", "a word of more than"),
        # Short lines that the structure parser joins into one giant paragraph.
        ("1- " + "\n".join(["كلمة " * 1000] * (MAX_LINE_CHARS // 5000 + 1)), "paragraph 1 is"),
    ],
)
def test_giant_lines_and_words_are_refused(text: str, expected: str) -> None:
    """SYNTHETIC text under MAX_FILE_BYTES whose one line or word no report has."""
    message, _ = refused(read_bytes, text.encode(), "A_HRC_1_1_ar.txt")
    assert expected in message and "A_HRC_1_1_ar.txt" in message


def test_long_but_real_paragraphs_are_read() -> None:
    words = " ".join(["الاطفال"] * 2000)  # 16,000 characters: a very long real paragraph
    report = read_bytes(f"1- {words}.\n".encode(), "A_HRC_1_1_ar.txt")
    assert [len(p.text) for p in report.paragraphs] == [len(words) + 1]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "locked.docx", "password"),
        (b"PK\x03\x04" + b"\x00" * 200, "broken.docx", "not a valid DOCX"),
        (b"", "empty.docx", "empty"),
        (b"%PDF-1.4\n garbage garbage", "broken.pdf", "PDF"),
        (b"\x00\x01\x02 binary", "page.html", "binary"),
    ],
)
def test_corrupt_files(data: bytes, name: str, expected: str) -> None:
    reader = {"docx": read_docx, "pdf": read_pdf, "html": read_html}[name.rsplit(".", 1)[1]]
    message, seconds = refused(reader, data, name)
    assert expected in message and seconds < 30


def test_docx_without_document_part() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "SYNTHETIC")
    message, _ = refused(read_docx, out.getvalue(), "nodoc.docx")
    assert "not a Word document" in message


def test_pdf_page_tree_that_loops() -> None:
    data = hello_pdf(b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>")
    _, seconds = refused(read_bytes, data, "loop.pdf")
    assert seconds < 30


def test_pdf_claiming_millions_of_pages() -> None:
    """The page tree's /Count is a claim: the pages read are the ones the tree holds."""
    data = hello_pdf(b"<< /Type /Pages /Kids [3 0 R] /Count 10000000 >>")
    start = time.monotonic()
    lines = read_pdf(data, "huge.pdf")
    assert [line.text for line in lines] == ["1. Hello"] and time.monotonic() - start < 30


def test_pdf_with_more_pages_than_the_limit() -> None:
    """2,100 distinct empty pages: refused at the page limit, before reading them."""
    kids = b" ".join(b"%d 0 R" % n for n in range(6, 6 + 2100))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * 2100
    data = hello_pdf(b"<< /Type /Pages /Kids [" + kids + b"] /Count 2100 >>", extra=pages)
    message, seconds = refused(read_pdf, data, "many.pdf")
    assert "more than 2000 pages" in message and seconds < 120


def test_slow_pdf_is_stopped_by_the_time_limit() -> None:
    contents = b"BT /F1 1 Tf " + b"1 0 Td (x) Tj " * 400_000 + b"ET"
    data = hello_pdf(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", contents)
    message, seconds = refused(read_pdf, data, "slow.pdf", timeout=2)
    assert "longer than 2 s" in message and seconds < 10


def inflating_to(megabytes: int) -> bytes:
    """A zlib stream that inflates to `megabytes` MB of spaces, built from one 16 MB block
    repeated (a full flush makes each block independent), so the test stays cheap."""
    chunk = b" " * (1 << 24)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    final = squeeze.flush()
    count = megabytes // 16
    checksum = 1
    for _ in range(count):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + block * count + final + checksum.to_bytes(4, "big")


def test_inflating_to_is_a_real_zlib_stream() -> None:
    assert zlib.decompress(inflating_to(32)) == b" " * (32 << 20)


def test_pdf_inflating_past_the_memory_limit() -> None:
    """A content stream that inflates to 1 GB, read with a 600 MB limit."""
    data = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE,
                    stream(inflating_to(1024), b"/Filter /FlateDecode"), FONT])
    start = time.monotonic()
    with pytest.raises(ParseError) as caught:
        run_limited(EXTRACTOR, data, "bomb.pdf", memory=600 * 2**20, timeout=60,
                    args=(str(MAX_PDF_PAGES),))
    assert "memory" in str(caught.value) and time.monotonic() - start < 60


def test_pdf_without_text_layer() -> None:
    data = hello_pdf(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"0 0 1 rg 100 100 300 300 re f")
    message, _ = refused(read_pdf, data, "scan.pdf")
    assert "no text layer" in message


@pytest.mark.skipif(not Path(SOFFICE).exists(), reason="LibreOffice not installed")
def test_password_protected_pdf(tmp_path: Path) -> None:
    import subprocess

    source = DocxWriter("en")
    source.paragraph("1. SYNTHETIC protected paragraph.")
    docx_path = tmp_path / "protected.docx"
    source.save(docx_path)
    options = ('{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", f"pdf:writer_pdf_Export:{options}", "--outdir", str(tmp_path),
         str(docx_path)],
        check=True, capture_output=True, timeout=180,
    )
    message, _ = refused(read_pdf, (tmp_path / "protected.pdf").read_bytes(), "protected.pdf")
    assert "encrypted" in message


# -- hostile files that are small on disk (tests/hostile_fixtures.py) ----------------------

MAX_PEAK_MB = 500
HOSTILE = [
    ("nested-html", 1000, "nest more than"),
    ("many-line-paragraph", 3, "paragraph 1 is more than"),
    ("many-breaks-html", 3, "paragraph 1 is more than"),
    ("expanding-docx", 39, "characters of text"),
    ("expanding-docx", 290, "expand to 291 MB"),
    ("largest-text", 4, "ingested"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "size", "expected"), HOSTILE)
def test_hostile_file_ingested_or_refused_in_bounded_memory(
    kind: str, size: float, expected: str
) -> None:
    """Each in a fresh process, so its peak memory is its own (times: bench/hostile_files)."""
    done = subprocess.run([sys.executable, "-m", "tests.hostile_fixtures", kind, str(size)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    result = json.loads(done.stdout)
    name = KINDS[kind][0]
    assert expected in result["outcome"]
    assert result["outcome"].startswith("ingested") or name in result["outcome"]
    assert "document." not in result["outcome"]  # the file's own name, not a reader default
    assert result["peak_mb"] <= MAX_PEAK_MB, result


def test_one_bad_file_never_stops_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "A_HRC_1_1_ar.html").write_bytes(nested_html(1000))
    (folder / "A_HRC_1_2_ar.txt").write_bytes(many_line_paragraph(0.5))
    (folder / "A_HRC_1_3_en.docx").write_bytes(b"PK\x03\x04" + bytes(100))
    (folder / "A_HRC_28_56_ar.txt").write_bytes(SAMPLE.read_bytes())
    backend = SQLiteBackend(tmp_path / "data")
    done, failed = ingest_paths(backend, [folder])
    backend.close()
    assert [(o.symbol, o.status) for o in done] == [("A/HRC/28/56", "added")]
    assert sorted(f.path.name for f in failed) == [
        "A_HRC_1_1_ar.html", "A_HRC_1_2_ar.txt", "A_HRC_1_3_en.docx"]
    for failure in failed:
        assert failure.error.startswith(failure.path.name), failure.error


def test_reader_bugs_on_strange_files_fail_that_file_only() -> None:
    """What no reader expects (here: recursion past Python's limit) is that file's
    ParseError, naming it."""
    message, _ = refused(read_bytes, nested_html(5000).replace(b"<div>", b"<b>"),
                         "A_HRC_1_1_ar.html")
    assert message.startswith("A_HRC_1_1_ar.html: ")
