"""The corpus the set and export tests share: the bundled report, the synthetic Arabic
report with its English version filed under the same symbol (for side by side), and a
SYNTHETIC report built here whose footnotes have their text (the text reader loses it)."""

from __future__ import annotations

from pathlib import Path

from corpus.model import Footnote, Paragraph, Report
from corpus.readers import load_report
from indexer.backend import Backend

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
PAIRED = "A/HRC/99/15"
FOOTNOTED = "A/HRC/99/20"
FOOTNOTE_AR = "انظر الوثيقة A/HRC/25/48، الفقرة 12."
FOOTNOTE_EN = "See A/HRC/25/48, para. 12."


def footnoted_report(lang: str, *, drop: int | None = None, revision: str = "") -> Report:
    """SYNTHETIC: three paragraphs, the first with a footnote; `drop` leaves one out."""
    if lang == "ar":
        texts = ["تؤكد المقررة الخاصة أهمية حماية الأطفال" + revision,
                 "وتوصي الدول بتعزيز خطوط المساعدة",
                 "وتدعو إلى التعاون الدولي"]
        section, note = ["أولاً- مقدمة"], FOOTNOTE_AR
    else:
        texts = ["The Special Rapporteur stresses child protection" + revision,
                 "She recommends that States strengthen helplines",
                 "She calls for international cooperation"]
        section, note = ["I. Introduction"], FOOTNOTE_EN
    paragraphs = [
        Paragraph(n, text, list(section),
                  footnotes=[Footnote(1, len(text.split()[0]) + 1, note)] if n == 1 else [])
        for n, text in enumerate(texts, start=1)
        if n != drop
    ]
    return Report(FOOTNOTED, lang, title="SYNTHETIC footnoted report", paragraphs=paragraphs)


def ingest_test_corpus(backend: Backend) -> None:
    backend.ingest(load_report(SAMPLE), "sample")
    backend.ingest(load_report(SYNTHETIC / "synthetic_report_ar.txt"), "synthetic-ar")
    backend.ingest(
        load_report(SYNTHETIC / "synthetic_report_en.txt", symbol=PAIRED), "synthetic-en"
    )
    for lang in ("ar", "en"):
        backend.ingest(footnoted_report(lang), f"footnoted-{lang}")


def synthetic_report(k: int, paragraphs: int = 50) -> Report:
    """SYNTHETIC English report `A/HRC/90/<k>`: bulk for memory tests and benchmarks."""
    return Report(
        f"A/HRC/90/{k}", "en", title=f"SYNTHETIC report {k}",
        paragraphs=[Paragraph(n, f"SYNTHETIC paragraph {n} of report {k} on helplines and "
                              "cooperation between States to protect children. " * 4,
                              [f"Chapter {n // 10}"]) for n in range(1, paragraphs + 1)],
    )
