"""Precision and recall of the citation extractor on judged sentences, per language.

tests/data/citations_judged/<lang>.jsonl holds synthetic sentences written in UN style
(hard negatives included: dates, fractions, grouped digits, URLs, job numbers), each
with the references a reader finds in it. A found reference counts as correct when its
target, kind and pinpointed paragraphs all equal an expected one ("strict"); the
"target" columns ignore paragraphs, to tell a wrong pinpoint from a missed reference.
Run: .venv/bin/python bench/citations.py [--errors]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus.citations import LANGUAGES, extract_citations

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "tests" / "data" / "citations_judged"
SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"

Key = tuple[str, str, tuple[int, ...]]


@dataclass
class Score:
    """Counts over one language's judged sentences, and the sentences that went wrong."""

    sentences: int = 0
    expected: int = 0
    found: int = 0
    correct: int = 0
    correct_target: int = 0
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.correct, self.found)

    @property
    def recall(self) -> float:
        return self._ratio(self.correct, self.expected)

    @property
    def target_precision(self) -> float:
        return self._ratio(self.correct_target, self.found)

    @property
    def target_recall(self) -> float:
        return self._ratio(self.correct_target, self.expected)


def judged(lang: str) -> list[dict]:
    """The judged lines of one language."""
    path = JUDGED / f"{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _overlap(a: Counter, b: Counter) -> int:
    return sum((a & b).values())


def score_language(lang: str) -> Score:
    """Extract from every judged sentence of `lang` and compare with the judgement."""
    score = Score()
    for line in judged(lang):
        refs = extract_citations(line["text"], lang, context_symbol=line.get("context_symbol"))
        found: Counter[Key] = Counter(
            (r.target, r.kind, tuple(r.target_paragraphs)) for r in refs
        )
        expected: Counter[Key] = Counter(
            (e["target"], e["kind"], tuple(e["target_paragraphs"])) for e in line["expected"]
        )
        score.sentences += 1
        score.expected += sum(expected.values())
        score.found += sum(found.values())
        score.correct += _overlap(found, expected)
        score.correct_target += _overlap(
            Counter(k[:2] for k in found.elements()), Counter(k[:2] for k in expected.elements())
        )
        if found != expected:
            score.errors.append(
                f"{line['text']}\n  missed: {sorted((expected - found).elements())}"
                f"\n  wrong:  {sorted((found - expected).elements())}"
            )
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print sentences that went wrong")
    args = parser.parse_args()
    print(f"{'lang':<5}{'sent.':>6}{'exp.':>6}{'found':>6}{'P':>7}{'R':>7}{'P tgt':>7}{'R tgt':>7}")
    total = Score()
    for lang in LANGUAGES:
        s = score_language(lang)
        print(
            f"{lang:<5}{s.sentences:>6}{s.expected:>6}{s.found:>6}{s.precision:>7.3f}"
            f"{s.recall:>7.3f}{s.target_precision:>7.3f}{s.target_recall:>7.3f}"
        )
        for name in ("sentences", "expected", "found", "correct", "correct_target"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
        if args.errors and s.errors:
            print("\n".join(s.errors))
    print(
        f"{'all':<5}{total.sentences:>6}{total.expected:>6}{total.found:>6}"
        f"{total.precision:>7.3f}{total.recall:>7.3f}"
        f"{total.target_precision:>7.3f}{total.target_recall:>7.3f}"
    )
    text = SAMPLE.read_text(encoding="utf-8")
    runs = 10
    start = time.perf_counter()
    for _ in range(runs):
        refs = extract_citations(text, "ar", context_symbol="A/HRC/28/56")
    seconds = (time.perf_counter() - start) / runs
    print(
        f"speed: {len(text) / seconds / 1e6:.2f} M chars/s on the bundled report"
        f" ({len(refs)} references, {seconds * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
