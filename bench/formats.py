"""Ingest throughput per format: the bundled report as text, DOCX, HTML and PDF, and the
real UN PDFs in tests/data/real.

The DOCX and HTML are written from the text file by the test builders (SYNTHETIC
renderings with real headings and footnotes), the PDF printed from the DOCX by
LibreOffice. Each is read through corpus.readers.read_bytes (reader + structure parser
+ masthead) several times; the numbers are MB/s of input and report pages/s (pages of
the printed PDF). The real PDFs are read the same way, each reported in pages/s of wall
time and in pages per CPU second (this process and the sandboxed extractor together:
the speed on one core, whatever else the machine runs).
Run: .venv/bin/python bench/formats.py [--runs N]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.readers import load_report, read_bytes  # noqa: E402
from tests.format_fixtures import docx_to_pdf, report_to_docx, report_to_html  # noqa: E402
from tests.test_roundtrip import MASTHEAD  # noqa: E402

SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
REAL = ROOT / "tests" / "data" / "real"


def page_count(pdf: bytes) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(pdf))


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def real_pdfs(runs: int) -> None:
    """Pages/s on each real UN PDF, wall clock and per CPU second."""
    print(f"\n{'real PDF':<24} {'pages':>5} {'paragraphs':>10} {'s/read':>8} {'pages/s':>8} "
          f"{'pages/cpu-s':>11}")
    total_pages, total_wall, total_cpu = 0, 0.0, 0.0
    for path in sorted(REAL.glob("*.pdf")):
        data = path.read_bytes()
        pages = page_count(data)
        started, cpu = time.perf_counter(), cpu_seconds()
        for _ in range(runs):
            report = read_bytes(data, path.name)
        wall = (time.perf_counter() - started) / runs
        used = (cpu_seconds() - cpu) / runs
        total_pages, total_wall, total_cpu = (total_pages + pages, total_wall + wall,
                                              total_cpu + used)
        print(f"{path.name:<24} {pages:>5} {len(report.paragraphs):>10} {wall:>8.3f} "
              f"{pages / wall:>8.1f} {pages / used:>11.1f}")
    print(f"{'all':<24} {total_pages:>5} {'':>10} {total_wall:>8.3f} "
          f"{total_pages / total_wall:>8.1f} {total_pages / total_cpu:>11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="reads per format (PDF: half)")
    args = parser.parse_args()
    source = load_report(SAMPLE)
    with tempfile.TemporaryDirectory(prefix="fiqra-bench-") as folder:
        docx_path = report_to_docx(source, Path(folder) / "G1424831.docx", MASTHEAD)
        started = time.perf_counter()
        pdf_path = docx_to_pdf(docx_path, Path(folder))
        print(f"LibreOffice DOCX -> PDF: {time.perf_counter() - started:.2f} s (not counted)")
        files = {
            "txt": (SAMPLE.read_bytes(), SAMPLE.name),
            "docx": (docx_path.read_bytes(), docx_path.name),
            "html": (report_to_html(source, MASTHEAD), "G1424831.html"),
            "pdf": (pdf_path.read_bytes(), pdf_path.name),
        }
    pages = page_count(files["pdf"][0])
    print(f"report: {len(source.paragraphs)} paragraphs, {pages} PDF pages")
    print(f"{'format':<6} {'size KB':>8} {'paragraphs':>10} {'s/read':>8} {'MB/s':>7} "
          f"{'pages/s':>8}")
    for fmt, (data, name) in files.items():
        runs = max(1, args.runs // 2) if fmt == "pdf" else args.runs
        started = time.perf_counter()
        for _ in range(runs):
            report = read_bytes(data, name)
        seconds = (time.perf_counter() - started) / runs
        print(f"{fmt:<6} {len(data) / 1024:>8.0f} {len(report.paragraphs):>10} {seconds:>8.3f} "
              f"{len(data) / 1e6 / seconds:>7.2f} {pages / seconds:>8.1f}")
    real_pdfs(max(1, args.runs // 2))


if __name__ == "__main__":
    main()
