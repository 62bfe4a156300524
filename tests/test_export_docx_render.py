"""The DOCX export as LibreOffice renders it: Arabic right to left and in logical order,
English left to right, each paragraph followed by its citation, set order kept, footnotes
at the foot of the page, side-by-side columns (Arabic first: on the right), the Arabic title
page of an all-Arabic export. Read back from the PDF with pdfplumber."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from api.cli import main
from exports import date_label
from indexer.sets import ParagraphRef, SetStore, lookup
from indexer.sqlite_backend import SQLiteBackend
from tests.sets_corpus import FOOTNOTE_AR, FOOTNOTE_EN, FOOTNOTED, PAIRED, ingest_test_corpus

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
SYMBOL = "A/HRC/28/56"
ORDER = [(SYMBOL, "ar", 86), (SYMBOL, "ar", 8), (FOOTNOTED, "en", 1), (SYMBOL, "ar", 16),
         (FOOTNOTED, "ar", 1)]
SET_NAME = "مختارات للاختبار"
MARGIN = 100  # points from the page edge within which a line counts as aligned to it


@dataclass
class Line:
    page: int
    top: float
    x0: float
    x1: float
    visual: str  # the glyphs left to right, as drawn
    letters: str  # its Arabic letters read right to left: logical order if rendered RTL
    chars: list[dict[str, Any]]

    @property
    def footnote(self) -> bool:
        """Set (mostly: the mark may differ) in the small footnote size; the body is 11 pt."""
        return sum(c["size"] < 10.5 for c in self.chars) > len(self.chars) / 2

    def part(self, left: float, right: float) -> tuple[str, str]:
        """(visual text without spaces, Arabic letters right to left) of the glyphs between
        two x positions."""
        inside = [c for c in self.chars if c["x0"] >= left and c["x1"] <= right]
        visual = "".join(c["text"] for c in sorted(inside, key=lambda c: c["x0"]))
        return visual, arabic_letters(visual[::-1])


def arabic_letters(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if "\u0621" <= c <= "\u064a")


def render(docx: Path, tmp_path: Path) -> tuple[list[Line], float]:
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    lines = []
    with pdfplumber.open(tmp_path / f"{docx.stem}.pdf") as pdf:
        width = float(pdf.pages[0].width)
        for number, page in enumerate(pdf.pages):
            for line in page.extract_text_lines(return_chars=True, strip=True):
                chars = sorted(line["chars"], key=lambda c: -c["x0"])
                lines.append(Line(number, line["top"], line["x0"], line["x1"], line["text"],
                                  arabic_letters("".join(c["text"] for c in chars)), chars))
    return lines, width


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("render-data")
    backend = SQLiteBackend(data)
    ingest_test_corpus(backend)
    store = SetStore.in_data_dir(data)
    store.create(SET_NAME, lookup([ParagraphRef(*ref) for ref in ORDER], backend))
    store.create("paired", lookup([ParagraphRef(PAIRED, "ar", n) for n in (2, 1)], backend))
    backend.close()
    return data


def export_docx(data_dir: Path, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "export.docx"
    assert main(["--data", str(data_dir), "export", *args, "--format", "docx", "-o",
                 str(out)]) == 0
    return out


def test_rendered_set_reads_right_to_left_in_order_with_citations(
    data_dir: Path, tmp_path: Path
) -> None:
    lines, width = render(export_docx(data_dir, tmp_path, "--set", SET_NAME, "--order", "set"),
                          tmp_path)
    backend = SQLiteBackend(data_dir)
    texts = {ref: backend.get_paragraph(*ref).text for ref in ORDER}
    backend.close()

    title_page = [line for line in lines if line.page == 0]
    [title] = [line for line in title_page if line.letters == arabic_letters(SET_NAME)]
    assert title.x1 > width - MARGIN, "an Arabic title is aligned right"
    today = date.today()
    assert any(f"{today.day} {today:%B %Y}" in line.visual for line in title_page)

    body = [line for line in lines if line.page > 0]
    stream = "".join(line.letters for line in body)
    where: list[int] = []
    for symbol, lang, number in ORDER:
        if lang == "ar":
            # Arabic: the letters come out whole and in logical order when each line is
            # read right to left, so the paragraph was laid out right to left.
            assert arabic_letters(texts[symbol, lang, number]) in stream
            citation = f"{number} ةرقفلا ،{symbol}"  # `symbol، الفقرة n` drawn right to left
        else:
            citation = f"{symbol}, para. {number}"
        [cited] = [i for i, line in enumerate(body) if line.visual == citation]
        where.append(cited)
        line = body[cited]
        if lang == "ar":
            assert line.x1 > width - MARGIN and line.x0 > width / 3, line
        else:
            assert line.x0 < MARGIN and line.x1 < width * 2 / 3, line
        # The paragraph's last line comes right before its citation (footnotes aside).
        last_words = texts[symbol, lang, number].split()[-2:]
        previous = next(line for line in body[cited - 1 :: -1] if not line.footnote)
        if lang == "ar":
            assert previous.letters.endswith(arabic_letters(" ".join(last_words)))
            assert previous.x1 > width - MARGIN
        else:
            assert previous.visual.endswith(" ".join(last_words))
    assert where == sorted(where), "paragraphs are not in the order of the set"

    footnotes = [line for line in body if line.footnote]
    assert [note.visual for note in footnotes if "See" in note.visual] == [f"1 {FOOTNOTE_EN}"]
    assert any(arabic_letters(FOOTNOTE_AR) == note.letters for note in footnotes)
    assert all(
        note.top > max(line.top for line in body if line.page == note.page and not line.footnote)
        for note in footnotes
    ), "footnotes are not at the foot of their page"


def test_rendered_side_by_side_puts_languages_in_two_columns(
    data_dir: Path, tmp_path: Path
) -> None:
    lines, width = render(
        export_docx(data_dir, tmp_path, "--set", "paired", "--order", "set", "--side-by-side",
                    "ar,en"), tmp_path
    )
    backend = SQLiteBackend(data_dir)
    texts = {(lang, n): backend.get_paragraph(PAIRED, lang, n).text
             for lang in ("ar", "en") for n in (2, 1)}
    backend.close()
    body = [line for line in lines if line.page > 0]
    middle = width / 2
    right = "".join(line.part(middle, width)[1] for line in body)
    left = " ".join(line.part(0, middle)[0] for line in body)
    # Arabic, the first language, in the right-hand column (as on the web page), read right
    # to left, in the set's order.
    assert right.index(arabic_letters(texts["ar", 2])) < right.index(
        arabic_letters(texts["ar", 1]))
    assert "الفقرة" in right and not arabic_letters(left)
    # English in the left-hand column, with its own citation after each paragraph.
    assert left.index("Honduras") < left.index(f"{PAIRED},para.2") < left.index(
        "pursuantto") < left.index(f"{PAIRED},para.1")
    # Both versions of a paragraph start on the same table row.
    first_arabic = arabic_letters(" ".join(texts["ar", 2].split()[:3]))
    [row] = [line for line in body if line.part(middle, width)[1].startswith(first_arabic)]
    assert row.part(0, middle)[0].startswith("".join(texts["en", 2].split()[:2]))


def test_rendered_all_arabic_export_has_an_arabic_title_page(
    data_dir: Path, tmp_path: Path
) -> None:
    lines, width = render(export_docx(data_dir, tmp_path, "--query", "الاغواء"), tmp_path)
    title_page = [line for line in lines if line.page == 0]
    today = date_label(date.today(), "ar")
    [dated] = [line for line in title_page if line.letters == arabic_letters(today)]
    assert dated.x1 > width - MARGIN, "the Arabic date is aligned right"
    assert str(date.today().year) in dated.visual and "November" not in dated.visual
    heading = next(line for line in lines if line.page > 0)  # the report's heading: first
    assert "A/HRC/28/56" in heading.visual and heading.letters == arabic_letters("العربية")
    assert heading.x1 > width - MARGIN
