"""A large SYNTHETIC corpus derived from the bundled report, for benchmarks at scale.

One real report is 89 paragraphs; backends differ only past tens of thousands. Each
synthetic report keeps the bundled report's sections and vocabulary but gets a new symbol
(Human Rights Council sessions 90-99, which do not exist yet), paragraphs made of the
report's sentences shuffled, and citations (with pinpoints) to other synthetic reports, so
the citation graph has both ends in the corpus. Everything is seeded: the same arguments
give the same corpus. Titles say SYNTHETIC and metadata carries `synthetic: true`.

    .venv/bin/python -m bench.synthetic_corpus --paragraphs 100000   # prints its size
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from corpus.model import Paragraph, Report
from corpus.readers import load_report

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
FIRST_SESSION = 90
REPORTS_PER_SESSION = 200
CITATION_RATE = 0.15
_SENTENCE_END = re.compile(r"(?<=[.!؟])\s+")


def synthetic_symbol(index: int) -> str:
    return f"A/HRC/{FIRST_SESSION + index // REPORTS_PER_SESSION}/{index % REPORTS_PER_SESSION + 1}"


def synthetic_reports(paragraphs: int = 100_000, seed: int = 7) -> Iterator[Report]:
    """Reports totalling at least `paragraphs` numbered paragraphs."""
    if paragraphs < 1:
        raise ValueError(f"ask for at least one paragraph, not {paragraphs}")
    source = load_report(SAMPLE)
    sentences = [
        s for p in source.paragraphs for s in _SENTENCE_END.split(p.text.strip()) if len(s) > 20
    ]
    per_report = len(source.paragraphs)
    count = -(-paragraphs // per_report)
    if count > 10 * REPORTS_PER_SESSION:
        raise ValueError(f"at most {10 * REPORTS_PER_SESSION * per_report} paragraphs")
    rng = random.Random(seed)
    for index in range(count):
        numbered = []
        for original in source.paragraphs:
            text = " ".join(rng.sample(sentences, rng.randint(1, 4)))
            if index and rng.random() < CITATION_RATE:
                cited = synthetic_symbol(rng.randrange(index))
                text += f" انظر التقرير {cited}، الفقرة {rng.randint(1, per_report)}."
            numbered.append(Paragraph(original.number, text, list(original.section_path)))
        yield replace(
            source,
            symbol=synthetic_symbol(index),
            title=f"SYNTHETIC {index + 1}: {source.title}",
            paragraphs=numbered,
            blocks=[],
            metadata={"synthetic": True},
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    args = parser.parse_args()
    started = time.perf_counter()
    reports = list(synthetic_reports(args.paragraphs))
    total = sum(len(r.paragraphs) for r in reports)
    chars = sum(len(p.text) for r in reports for p in r.paragraphs)
    print(f"{len(reports)} synthetic reports, {total} paragraphs, {chars / 1e6:.1f} M characters"
          f" in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
