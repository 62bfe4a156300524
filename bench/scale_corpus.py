"""A SYNTHETIC corpus of any size up to millions of paragraphs, for benchmarks at scale.

Words are drawn from a Zipf distribution (exponent 1.07) over a vocabulary per language:
the real words of a bundled document first (by their frequency there), then a long tail
of made-up words in the language's script, so that as in real text a few words are in
most paragraphs and most words in very few. A paragraph has 10 to 70 words (uniformly,
40 on average: the corpus issue 11's goals were set on) or, with `real_lengths`, as many
as one of the bundled report's numbered paragraphs drawn at random (96 on average; the
real English reports of tests/data/real average 92): 2.4 times the text, the same count
of paragraphs. Three languages (Arabic 70%, English 20%,
French 10% of reports), sections, footnotes (one paragraph in ten), references to other
synthetic reports with pinpoints, and a resolution cited by 2.2% of paragraphs (`HRC
res. 7/13`: 22,000 citing paragraphs in a million). Seeded: the same arguments give the
same corpus. Titles say SYNTHETIC and metadata carries `synthetic: true`.

    .venv/bin/python -m bench.scale_corpus --paragraphs 1000000   # prints its size and speed
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from analyzers.base import WORD_RE
from corpus.model import Footnote, Paragraph, Report
from corpus.readers import load_report

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "ar": ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt",
    "en": ROOT / "tests" / "fixtures" / "synthetic" / "synthetic_A_HRC_28_56_en.txt",
}
LANG_SHARES = (("ar", 0.7), ("en", 0.2), ("fr", 0.1))
ALPHABETS = {
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "en": "abcdefghijklmnopqrstuvwxyz",
    "fr": "abcdefghijklmnopqrstuvwxyzéèàç",
}
FRENCH = [
    "les", "droits", "de", "la", "des", "enfants", "et", "le", "du", "protection",
    "rapporteuse", "spéciale", "à", "un", "une", "pour", "dans", "que", "sur", "exploitation",
    "sexuelle", "victimes", "États", "internationale", "coopération", "recommandations",
    "traite", "vente", "pornographie", "mettre", "en", "œuvre", "législation", "nationale",
]
SECTIONS = {
    "ar": ["مقدمة", "الأنشطة", "الإطار القانوني", "التحديات", "الممارسات الجيدة",
           "استنتاجات وتوصيات"],
    "en": ["Introduction", "Activities", "Legal framework", "Challenges", "Good practices",
           "Conclusions and recommendations"],
    "fr": ["Introduction", "Activités", "Cadre juridique", "Défis", "Bonnes pratiques",
           "Conclusions et recommandations"],
}
RESOLUTION = {
    "ar": "وفقا لقرار مجلس حقوق الإنسان 7/13",
    "en": "pursuant to Human Rights Council resolution 7/13",
    "fr": "conformément à la résolution 7/13 du Conseil des droits de l'homme",
}
# Section labels as UN documents print them (`أولاً- مقدمة`, `I. Introduction`).
SECTION_LABELS = {
    "ar": ["أولاً", "ثانياً", "ثالثاً", "رابعاً", "خامساً", "سادساً"],
    "en": ["I", "II", "III", "IV", "V", "VI"],
    "fr": ["I", "II", "III", "IV", "V", "VI"],
}
REFERENCE = {"ar": "انظر التقرير {}، الفقرة {}.", "en": "See {}, para. {}.",
             "fr": "Voir {}, par. {}."}
VOCABULARY = 200_000  # words per language
ZIPF = 1.07
PER_REPORT = 100
WORDS = (10, 70)  # words in a paragraph, uniformly (without `real_lengths`)
RESOLUTION_RATE = 0.022
REFERENCE_RATE = 0.05
FOOTNOTE_RATE = 0.1


REAL_LENGTHS_HELP = "paragraphs as long as the bundled report's (96 words on average, not 40)"


def scale_symbol(index: int) -> str:
    """Human Rights Council sessions from 90 on (none exist yet), 200 reports each."""
    return f"A/HRC/{90 + index // 200}/{index % 200 + 1}"


def _vocabulary(lang: str, rng: random.Random) -> list[str]:
    """The language's words, most frequent first: real ones, then a made-up tail."""
    source = SOURCES.get(lang)
    real = (
        [w for w, _ in Counter(WORD_RE.findall(source.read_text(encoding="utf-8"))).most_common()]
        if source else list(FRENCH)
    )
    seen = set(real)
    letters = ALPHABETS[lang]
    words = list(real)
    while len(words) < VOCABULARY:
        word = "".join(rng.choices(letters, k=rng.randint(4, 10)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _paragraph_lengths() -> list[int]:
    """Words in each numbered paragraph of the bundled report."""
    return [len(WORD_RE.findall(p.text)) for p in load_report(SOURCES["ar"]).paragraphs]


class _Words:
    """Zipf-distributed draws from a vocabulary."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.cumulative = list(itertools.accumulate(1 / rank**ZIPF for rank in
                                                    range(1, len(words) + 1)))

    def text(self, rng: random.Random, count: int) -> str:
        return " ".join(rng.choices(self.words, cum_weights=self.cumulative, k=count))


def scale_reports(paragraphs: int, seed: int = 11, *,
                  real_lengths: bool = False) -> Iterator[Report]:
    """SYNTHETIC reports totalling at least `paragraphs` numbered paragraphs, of the
    bundled report's paragraph lengths with `real_lengths`."""
    if paragraphs < 1:
        raise ValueError(f"ask for at least one paragraph, not {paragraphs}")
    rng = random.Random(seed)
    draws = {lang: _Words(_vocabulary(lang, rng)) for lang, _ in LANG_SHARES}
    lengths = _paragraph_lengths() if real_lengths else range(WORDS[0], WORDS[1] + 1)
    langs, shares = zip(*LANG_SHARES, strict=True)
    for index in range(-(-paragraphs // PER_REPORT)):
        lang = rng.choices(langs, weights=shares)[0]
        words, sections = draws[lang], SECTIONS[lang]
        numbered = []
        for number in range(1, PER_REPORT + 1):
            text = words.text(rng, rng.choice(lengths))
            if rng.random() < RESOLUTION_RATE:
                text += f" {RESOLUTION[lang]}."
            if index and rng.random() < REFERENCE_RATE:
                cited = scale_symbol(rng.randrange(index))
                text += " " + REFERENCE[lang].format(cited, rng.randint(1, PER_REPORT))
            notes = []
            if rng.random() < FOOTNOTE_RATE:
                notes.append(Footnote(number, len(text), words.text(rng, rng.randint(5, 25))))
            section = sections[min(len(sections) - 1, (number - 1) * len(sections) // PER_REPORT)]
            numbered.append(Paragraph(number, text, [section], footnotes=notes))
        yield Report(
            scale_symbol(index),
            lang,
            title=f"SYNTHETIC {index + 1}",
            paragraphs=numbered,
            metadata={"synthetic": True, "date": f"{2000 + index % 25}-06-01"},
        )


def report_bytes(report: Report) -> int:
    """The report's text in UTF-8 bytes: paragraphs and footnotes."""
    return sum(
        len(p.text.encode()) + sum(len((f.text or "").encode()) for f in p.footnotes)
        for p in report.paragraphs
    )


def report_text(report: Report) -> bytes:
    """The report as Word saves it as plain text (the bundled report's layout): a line per
    heading and per numbered paragraph, each footnote mark a `(` / `)` line break (its
    note's text is lost, as in Word's export). Read back, it gives the same paragraphs."""
    dash = "-" if report.lang == "ar" else "."
    lines = [report.title, ""]
    headings: list[str] = []
    for p in report.paragraphs:
        if p.section_path and p.section_path[0] not in headings:
            label = SECTION_LABELS[report.lang][len(headings)]
            headings.append(p.section_path[0])
            lines += [f"{label}{dash}\t{p.section_path[0]}", ""]
        text = p.text
        for note in sorted(p.footnotes, key=lambda n: -n.offset):
            text = f"{text[:note.offset]}(\n){text[note.offset:]}"
        lines += [f"{p.number}{dash}\t{text}", ""]
    return "\n".join(lines).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--real-lengths", action="store_true", help=REAL_LENGTHS_HELP)
    args = parser.parse_args()
    started = time.perf_counter()
    reports = paragraphs = size = 0
    for report in scale_reports(args.paragraphs, real_lengths=args.real_lengths):
        reports += 1
        paragraphs += len(report.paragraphs)
        size += report_bytes(report)
    print(f"{reports} SYNTHETIC reports, {paragraphs} paragraphs, {size / 1e6:.1f} MB of text,"
          f" generated in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
