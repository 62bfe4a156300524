"""Exports of sets and queries in every format, through the real SQLite backend: content,
order (sets as kept, queries by report then paragraph), headings once, citations, footnotes
(a footnote hit exports its paragraph once), side by side, missing flags, the sheet's
layout and direction, the Arabic frame of an all-Arabic export, HTTP headers, bad input, and
bounded memory on a large SYNTHETIC corpus."""

from __future__ import annotations

import csv
import json
import os
import re
import stat
import tempfile
import tracemalloc
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.cli import main
from exports import FORMATS, ExportMeta, citation_label, date_label, export
from indexer.hit_stream import MAX_QUERY_HITS, paragraph_hits, query_excerpts
from indexer.sets import ParagraphRef, SetStore, lookup
from indexer.sqlite_backend import SQLiteBackend
from tests.sets_corpus import (
    FOOTNOTE_AR,
    FOOTNOTE_EN,
    FOOTNOTED,
    PAIRED,
    footnoted_report,
    ingest_test_corpus,
    synthetic_report,
)

SYMBOL = "A/HRC/28/56"
ORDER = [(SYMBOL, "ar", 38), (SYMBOL, "ar", 9), (FOOTNOTED, "en", 1), (FOOTNOTED, "ar", 1)]
LABELS = [citation_label(*ref) for ref in ORDER]
AS_SET = ("--order", "set")  # a set exported in its own order, not document order
SELECTED = ("--set", "مختارات", *AS_SET)
PAIRED_SET = ("--set", "paired", *AS_SET)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    backend = SQLiteBackend(tmp_path / "data")
    ingest_test_corpus(backend)
    store = SetStore.in_data_dir(tmp_path / "data")
    store.create("مختارات", lookup([ParagraphRef(*ref) for ref in ORDER], backend))
    store.create("empty")
    store.create("paired", lookup([ParagraphRef(PAIRED, "ar", n) for n in (3, 1)], backend))
    backend.close()
    return tmp_path / "data"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data", str(data_dir), *args])


def exported(data_dir: Path, tmp_path: Path, fmt: str, *args: str) -> Path:
    out = tmp_path / f"out.{fmt}"
    assert run(data_dir, "export", *args, "--format", fmt, "-o", str(out)) == 0
    return out


def test_citation_labels_in_un_style() -> None:
    languages = ("ar", "en", "fr", "es", "ru", "zh")
    assert [citation_label("A/HRC/28/56", lang, 9) for lang in languages] == [
        "A/HRC/28/56، الفقرة 9", "A/HRC/28/56, para. 9", "A/HRC/28/56, par. 9",
        "A/HRC/28/56, párr. 9", "A/HRC/28/56, п. 9", "A/HRC/28/56，第9段",
    ]
    assert citation_label("A/HRC/28/56", "en", None) == "A/HRC/28/56"


def test_csv_and_xlsx_one_row_per_paragraph_in_set_order(data_dir: Path, tmp_path: Path) -> None:
    with exported(data_dir, tmp_path, "csv", *SELECTED).open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    sheet = load_workbook(exported(data_dir, tmp_path, "xlsx", *SELECTED)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = ["symbol", "language", "paragraph", "section", "text", "citation", "link", "missing"]
    assert list(rows[0]) == header == cells[0]
    assert [(r["symbol"], r["language"], int(r["paragraph"])) for r in rows] == ORDER
    assert [r["citation"] for r in rows] == LABELS == [row[5] for row in cells[1:]]
    assert rows[0]["link"] == "https://undocs.org/ar/A/HRC/28/56"
    assert rows[2]["section"] == "I. Introduction" and rows[2]["missing"] == "no"
    backend = SQLiteBackend(data_dir)
    assert rows[1]["text"] == backend.get_paragraph(SYMBOL, "ar", 9).text == cells[2][4]
    backend.close()


def test_jsonl_and_markdown_carry_citations_and_footnotes(data_dir: Path, tmp_path: Path) -> None:
    lines = exported(data_dir, tmp_path, "jsonl", *SELECTED).read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["citation"] for r in records] == LABELS
    assert records[3]["footnotes"][0]["text"] == FOOTNOTE_AR
    assert records[0]["footnotes"] and all(f["text"] is None for f in records[0]["footnotes"])
    markdown = exported(data_dir, tmp_path, "md", *SELECTED).read_text()
    assert markdown.startswith(f"# مختارات\n\n{date.today().isoformat()}\n")
    positions = [markdown.index(f"— {label}") for label in LABELS]
    assert positions == sorted(positions)
    assert f"[^1]: {FOOTNOTE_EN}" in markdown and "[^2]: " in markdown
    assert "## A/HRC/28/56 (Arabic)" in markdown and "### " in markdown


def test_docx_direction_font_citations_footnotes(data_dir: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(exported(data_dir, tmp_path, "docx", *SELECTED)) as docx:
        document = docx.read("word/document.xml").decode()
        footnotes = docx.read("word/footnotes.xml").decode()
    body = document.split("w:type=\"page\"")[1]
    arabic = body[body.index("A/HRC/28/56، الفقرة 9") - 3000 : body.index("A/HRC/28/56، الفقرة 9")]
    assert "<w:bidi/>" in arabic and "<w:rtl/>" in arabic and 'w:cs="Amiri"' in arabic
    english = body[body.index("I. Introduction") : body.index(LABELS[2])]
    assert "<w:bidi/>" not in english and "<w:rtl/>" not in english
    assert all(label in body for label in LABELS)
    assert [body.index(label) for label in LABELS] == sorted(body.index(lb) for lb in LABELS)
    assert FOOTNOTE_AR in footnotes and FOOTNOTE_EN in footnotes
    assert document.count("<w:footnoteReference") == 2
    assert "مختارات" in document.split("w:type=\"page\"")[0]


def test_side_by_side_columns(data_dir: Path, tmp_path: Path) -> None:
    out = exported(data_dir, tmp_path, "csv", *PAIRED_SET, "--side-by-side", "ar,en")
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    backend = SQLiteBackend(data_dir)
    assert [int(r["paragraph"]) for r in rows] == [3, 1]
    assert rows[0]["text_ar"] == backend.get_paragraph(PAIRED, "ar", 3).text
    assert rows[0]["text_en"] == backend.get_paragraph(PAIRED, "en", 3).text
    assert rows[0]["citation_en"] == f"{PAIRED}, para. 3"
    sheet = load_workbook(
        exported(data_dir, tmp_path, "xlsx", *PAIRED_SET, "--side-by-side", "ar,en")
    ).active
    header = [c.value for c in next(sheet.iter_rows())]
    assert header[:5] == ["symbol", "paragraph", "section", "text_ar", "text_en"]
    with zipfile.ZipFile(
        exported(data_dir, tmp_path, "docx", *PAIRED_SET, "--side-by-side", "ar,en")
    ) as docx:
        document = docx.read("word/document.xml").decode()
    assert document.count("<w:tbl>") == 2 and document.count("<w:tc>") == 4
    assert document.count("<w:bidiVisual/>") == 2  # Arabic first: the first column on the right
    with zipfile.ZipFile(
        exported(data_dir, tmp_path, "docx", *PAIRED_SET, "--side-by-side", "en,ar")
    ) as docx:
        assert "bidiVisual" not in docx.read("word/document.xml").decode()
    backend.close()


def test_missing_paragraph_is_flagged_in_exports(data_dir: Path, tmp_path: Path) -> None:
    backend = SQLiteBackend(data_dir)
    backend.ingest(footnoted_report("en", drop=1), "new version")
    backend.close()
    records = [json.loads(line) for line in
               exported(data_dir, tmp_path, "jsonl", "--set", "مختارات").read_text().splitlines()]
    assert [r["missing"] for r in records] == [False, False, True, False]
    assert records[2]["text"].startswith("The Special Rapporteur stresses")
    markdown = exported(data_dir, tmp_path, "md", "--set", "مختارات").read_text()
    assert "no longer in the current version" in markdown


def test_query_export_has_every_hit_in_paragraph_order_and_reports_progress(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = exported(data_dir, tmp_path, "jsonl", "--query", "الاغواء", "--symbol", SYMBOL)
    backend = SQLiteBackend(data_dir)
    hits = backend.search("الاغواء", symbol=SYMBOL, limit=100).hits
    backend.close()
    records = [json.loads(line) for line in out.read_text().splitlines()]
    ranked = [h.paragraph for h in hits]
    assert ranked != sorted(ranked), "the query no longer tells rank from paragraph order"
    assert [r["paragraph"] for r in records] == sorted(ranked)
    assert f"exported {len(hits)} paragraphs" in capsys.readouterr().err


def test_query_export_groups_reports_by_best_hit_and_heads_each_once(
    data_dir: Path, tmp_path: Path
) -> None:
    query = "الوثيقة الأطفال"  # best hit: a footnote of FOOTNOTED
    backend = SQLiteBackend(data_dir)
    ranked = [(hit.symbol, number) for hit, number in paragraph_hits(backend, query)]
    backend.close()
    reports = list(dict.fromkeys(symbol for symbol, _ in ranked))  # by best hit
    assert reports[0] == FOOTNOTED and len(reports) == 3
    reading = [ref for report in reports for ref in sorted(r for r in ranked if r[0] == report)]
    assert reading != ranked
    records = [json.loads(line) for line in
               exported(data_dir, tmp_path, "jsonl", "--query", query).read_text().splitlines()]
    assert [(r["symbol"], r["paragraph"]) for r in records] == reading
    markdown = exported(data_dir, tmp_path, "md", "--query", query).read_text()
    headings = re.findall(r"^(#{2,}) (.*)$", markdown, flags=re.MULTILINE)
    paths, open_path = [], []  # each heading with the ones it is under
    for marks, title in headings:
        open_path = [*open_path[: len(marks) - 2], title]
        paths.append(tuple(open_path))
    assert len(paths) > 10 and len(paths) == len(set(paths)), paths
    assert [p[0] for p in paths if len(p) == 1] == [f"{r} (Arabic)" for r in reports]
    with zipfile.ZipFile(exported(data_dir, tmp_path, "docx", "--query", query)) as docx:
        document = docx.read("word/document.xml").decode()
    assert document.count("A/HRC/28/56 (") == 1 and document.count("A/HRC/99/20 (") == 1


def test_set_export_in_document_order_heads_each_section_once_with_its_number(
    data_dir: Path, tmp_path: Path
) -> None:
    backend = SQLiteBackend(data_dir)
    SetStore.in_data_dir(data_dir).create("scattered", lookup(
        [ParagraphRef(SYMBOL, "ar", n) for n in (40, 9, 39, 38)], backend
    ))
    backend.close()
    markdown = exported(data_dir, tmp_path, "md", "--set", "scattered").read_text()
    cited = [int(n) for n in re.findall(r"الفقرة (\d+)", markdown)]
    assert cited == [9, 38, 39, 40]
    # Headings as the report prints them, numbers kept, each once.
    assert markdown.count("### ثالثاً- ولاية المقررة الخاصة") == 1
    assert "#### ألف- النهج المتبع والنطاق" in markdown
    rows = list(csv.DictReader(exported(data_dir, tmp_path, "csv", "--set", "scattered")
                               .open(encoding="utf-8-sig")))
    assert rows[0]["section"].startswith("ثالثاً- ولاية") and rows[0]["missing"] == "no"
    with zipfile.ZipFile(exported(data_dir, tmp_path, "docx", "--set", "scattered")) as docx:
        document = docx.read("word/document.xml").decode()
    assert '<w:pgSz w:w="11906" w:h="16838"' in document  # A4 in twentieths of a point


def test_set_headings_repeat_only_where_its_order_switches_section(
    data_dir: Path, tmp_path: Path
) -> None:
    backend = SQLiteBackend(data_dir)
    sections = {n: backend.get_paragraph(SYMBOL, "ar", n).section_path for n in (38, 39, 9, 40)}
    assert sections[38] == sections[39] == sections[40] != sections[9]
    SetStore.in_data_dir(data_dir).create("switching", lookup(
        [ParagraphRef(SYMBOL, "ar", n) for n in (38, 39, 9, 40)], backend
    ))
    backend.close()
    markdown = exported(data_dir, tmp_path, "md", "--set", "switching", *AS_SET).read_text()
    innermost = f" {sections[38][-1]}\n"
    assert markdown.count(innermost) == 2  # before 38 and 39 together, again before 40
    assert markdown.count("## A/HRC/28/56 (Arabic)") == 1


@pytest.mark.parametrize(
    ("query", "paragraph_too"),
    [("See", False),  # only the footnote matches: its paragraph is exported
     ("See stresses", True)],  # the paragraph and its footnote match: exported once
)
def test_footnote_hit_exports_its_paragraph_once(
    data_dir: Path, tmp_path: Path, query: str, paragraph_too: bool
) -> None:
    backend = SQLiteBackend(data_dir)
    kinds = [h.kind for h in backend.search(query, symbol=FOOTNOTED, limit=10).hits]
    paragraph = backend.get_paragraph(FOOTNOTED, "en", 1)
    backend.close()
    assert kinds == (["paragraph", "footnote"] if paragraph_too else ["footnote"])
    records = [json.loads(line) for line in exported(
        data_dir, tmp_path, "jsonl", "--query", query, "--symbol", FOOTNOTED
    ).read_text().splitlines()]
    assert [(r["paragraph"], r["text"]) for r in records] == [(1, paragraph.text)]
    assert [f["text"] for f in records[0]["footnotes"]] == [FOOTNOTE_EN]
    # "add all hits to a set" reads the same stream: the paragraph, not the note's text
    backend = SQLiteBackend(data_dir)
    assert [(e.paragraph, e.text) for e in query_excerpts(backend, query, symbol=FOOTNOTED)
            ] == [(1, paragraph.text)]
    backend.close()


def test_xlsx_layout_and_direction(data_dir: Path, tmp_path: Path) -> None:
    arabic = load_workbook(exported(data_dir, tmp_path, "xlsx", "--query", "الاغواء"))
    sheet = arabic.active
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    header = [cell.value for cell in sheet[1]]
    text = header.index("text") + 1
    assert int(sheet.column_dimensions["E"].width) == 80 and text == 5
    cell = sheet.cell(2, text)
    assert cell.alignment.wrap_text and cell.alignment.readingOrder == 2
    mixed = load_workbook(exported(data_dir, tmp_path, "xlsx", "--set", "مختارات")).active
    assert not mixed.sheet_view.rightToLeft and mixed.freeze_panes == "A2"
    directions = [(row[1].value, row[4].alignment.readingOrder, row[4].alignment.horizontal)
                  for row in mixed.iter_rows(min_row=2)]
    assert directions == [("ar", 2, "right"), ("ar", 2, "right"), ("en", 0, None),
                          ("ar", 2, "right")]
    assert [mixed.cell(2, n).alignment.readingOrder for n in (1, 7)] == [0, 0]  # symbol, link
    sbs = load_workbook(
        exported(data_dir, tmp_path, "xlsx", "--set", "paired", "--side-by-side", "ar,en")
    ).active
    by_name = {cell.value: cell.column for cell in sbs[1]}
    assert sbs.cell(2, by_name["text_ar"]).alignment.readingOrder == 2
    assert sbs.cell(2, by_name["text_en"]).alignment.readingOrder == 0
    assert [int(column_width(sbs, n)) for n in (4, 5)] == [80, 80]
    assert not sbs.sheet_view.rightToLeft


def column_width(sheet: Any, number: int) -> float:
    """A column's width, however the file groups equal columns (`min`..`max`)."""
    return next(d.width for d in sheet.column_dimensions.values()
                if d.min is not None and d.min <= number <= d.max)


def test_docx_frame_is_arabic_only_for_an_all_arabic_export(
    data_dir: Path, tmp_path: Path
) -> None:
    assert date_label(date(2026, 11, 29), "ar") == "29 تشرين الثاني/نوفمبر 2026"
    assert date_label(date(2026, 6, 1), "ar") == "1 حزيران/يونيه 2026"
    assert date_label(date(2026, 11, 9), "en") == "9 November 2026"
    today = date.today()
    with zipfile.ZipFile(exported(data_dir, tmp_path, "docx", "--query", "الاغواء")) as docx:
        arabic = docx.read("word/document.xml").decode()
    title_page, body = arabic.split('w:type="page"')
    assert date_label(today, "ar") in title_page and date_label(today, "en") not in title_page
    heading = body[: body.index("A/HRC/28/56 (العربية)")]
    assert "<w:bidi/>" in heading[heading.rindex("<w:p>"):]
    assert "(Arabic)" not in body
    with zipfile.ZipFile(exported(data_dir, tmp_path, "docx", "--set", "مختارات")) as docx:
        mixed = docx.read("word/document.xml").decode()
    assert date_label(today, "en") in mixed and "A/HRC/28/56 (Arabic)" in mixed
    assert "A/HRC/99/20 (English)" in mixed and "العربية)" not in mixed


@pytest.mark.parametrize(
    "args",
    [
        ("--set", "مختارات", "--format", "pdf"),
        ("--set", "empty", "--format", "csv"),
        ("--set", "absent", "--format", "csv"),
        ("--set", "مختارات", "--format", "csv", "--side-by-side", "ar,ar"),
        ("--set", "مختارات", "--format", "csv", "--side-by-side", "ar"),
        ("--set", "مختارات", "--format", "xlsx", "--side-by-side", "fr,ru"),
        ("--query", "كلمةغيرموجودةأبدا", "--format", "docx"),
        ("--query", '"open', "--format", "csv"),
    ],
)
def test_cli_export_bad_input_exit_2_no_file(
    data_dir: Path, tmp_path: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "file"
    out.parent.mkdir()
    assert run(data_dir, "export", *args, "-o", str(out)) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert list(out.parent.iterdir()) == []


# -- HTTP ---------------------------------------------------------------------------------


@pytest.fixture
def client(data_dir: Path) -> Iterator[TestClient]:
    backend = SQLiteBackend(data_dir)
    yield TestClient(create_app(backend, SetStore.in_data_dir(data_dir)),
                     raise_server_exceptions=False)
    backend.close()


def test_api_exports_content_types_and_disposition(client: TestClient) -> None:
    set_id = next(s["id"] for s in client.get("/sets").json() if s["name"] == "مختارات")
    for name, fmt in FORMATS.items():
        response = client.get(f"/sets/{set_id}/export", params={"format": name})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(fmt.content_type.split(";")[0])
        disposition = response.headers["content-disposition"]
        assert disposition.startswith("attachment;") and disposition.endswith(f".{name}")
        assert "filename*=UTF-8''%D9%85" in disposition
    jsonl = client.get(f"/sets/{set_id}/export", params={"format": "jsonl", "order": "set"}).text
    assert [json.loads(line)["citation"] for line in jsonl.splitlines()] == LABELS
    # Unless asked, a set exports in document order: each report's paragraphs by number.
    jsonl = client.get(f"/sets/{set_id}/export", params={"format": "jsonl"}).text
    assert [json.loads(line)["citation"] for line in jsonl.splitlines()] == [
        LABELS[1], LABELS[0], LABELS[2], LABELS[3]]
    query = client.get("/export", params={"q": "الاغواء", "format": "csv", "symbol": SYMBOL})
    assert query.status_code == 200 and "A/HRC/28/56، الفقرة" in query.text
    sbs = client.get("/export", params={"q": "هندوراس", "format": "csv",
                                        "side_by_side": "ar,en", "symbol": PAIRED})
    assert sbs.status_code == 200 and "text_ar,text_en" in sbs.text


def test_api_xlsx_links_each_paragraph_to_fiqra_and_its_document(
    client: TestClient, tmp_path: Path
) -> None:
    response = client.get("/export", params={"q": "الاغواء", "format": "xlsx",
                                               "symbol": SYMBOL})
    assert response.status_code == 200
    (tmp_path / "links.xlsx").write_bytes(response.content)
    sheet = load_workbook(tmp_path / "links.xlsx").active
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    assert rows and all(c.data_type != "f" for row in rows for c in row)
    for row in rows:
        citation, link = row[header.index("citation")], row[header.index("link")]
        number = row[header.index("paragraph")].value
        assert citation.value == f"{SYMBOL}، الفقرة {number}"
        # The address's fragment is the link's location, which Excel appends after a "#".
        target = f"{citation.hyperlink.target}#{citation.hyperlink.location}"
        assert target == f"http://testserver/#/read/ar/{number}/{SYMBOL}"
        assert link.hyperlink.target == link.value == f"https://undocs.org/ar/{SYMBOL}"


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/sets/{id}/export", {"format": "pdf"}, 400),
        ("/sets/{empty}/export", {"format": "csv"}, 400),
        ("/sets/absent/export", {"format": "csv"}, 404),
        ("/sets/{id}/export", {"format": "csv", "side_by_side": "ar,xx"}, 400),
        ("/sets/{id}/export", {"format": "docx", "side_by_side": "fr,ru"}, 400),
        ("/export", {"q": "الاغواء", "format": "odt"}, 400),
        ("/export", {"q": "كلمةغيرموجودةأبدا", "format": "csv"}, 400),
        ("/export", {"q": '"open', "format": "csv"}, 400),
        ("/export", {"format": "csv"}, 422),
    ],
)
def test_api_export_bad_requests(
    client: TestClient, path: str, params: dict[str, str], status: int
) -> None:
    ids = {s["name"]: s["id"] for s in client.get("/sets").json()}
    response = client.get(path.format(id=ids["مختارات"], empty=ids["empty"]), params=params)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


# -- bounded memory -------------------------------------------------------------------------


def peak_bytes(fmt: str, store: SetStore, set_id: str, backend: SQLiteBackend,
               meta: ExportMeta | None = None) -> int:
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        try:
            export(FORMATS[fmt], store.excerpts(set_id, backend), backend, out,
                   meta or ExportMeta("x"))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


@pytest.mark.slow
def test_streaming_exports_run_in_bounded_memory(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path)
    for k in range(1, 61):
        backend.ingest(synthetic_report(k), f"synthetic-{k}")
    store = SetStore.in_data_dir(tmp_path)
    hits = query_excerpts(backend, "helplines")
    small = store.create("small", [next(hits) for _ in range(600)])  # more than one batch
    large = store.create("large", [next(hits) for _ in range(2400)])
    for fmt in ("csv", "jsonl", "md"):
        peak_bytes(fmt, store, small.id, backend)  # warm up imports and caches
        small_peak = peak_bytes(fmt, store, small.id, backend)
        large_peak = peak_bytes(fmt, store, large.id, backend)
        assert large_peak < 1.3 * small_peak + 200_000, (fmt, small_peak, large_peak)
        assert large_peak < 4_000_000, (fmt, large_peak)
    # XLSX rows stream too; the sheet's hyperlinks are kept until it closes (XlsxWriter
    # writes them after the rows): about a kilobyte a row made by the server (its link into
    # fiqra; the document's link is one object per document), so an export's 10,000 rows
    # stay within a few tens of MB.
    linked = ExportMeta("x", site="http://127.0.0.1:8000/")
    peak_bytes("xlsx", store, small.id, backend, linked)
    small_peak = peak_bytes("xlsx", store, small.id, backend, linked)
    large_peak = peak_bytes("xlsx", store, large.id, backend, linked)
    per_row = (large_peak - small_peak) / (large.size - small.size)
    print(f"xlsx: {per_row:.0f} bytes a row")
    assert per_row < 1600 and small_peak + MAX_QUERY_HITS * per_row < 20_000_000, (
        small_peak, large_peak)
    backend.close()



def test_cli_export_file_has_the_users_umask_and_errors_name_the_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = os.umask(0o027)
    try:
        out = exported(data_dir, tmp_path, "csv", "--set", "مختارات")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    target = blocked / "out.csv"
    capsys.readouterr()
    assert run(data_dir, "export", "--set", "مختارات", "--format", "csv", "-o", str(target)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {target}: ") and ".part" not in err
