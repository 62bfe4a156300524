"""Precision and recall of the extractor on the judged sentences of every language."""

from __future__ import annotations

import pytest

from bench.citations import judged, score_language
from corpus.citations import LANGUAGES

THRESHOLD = 0.95


@pytest.mark.parametrize("lang", LANGUAGES)
def test_precision_and_recall(lang: str) -> None:
    score = score_language(lang)
    assert score.precision >= THRESHOLD, "\n".join(score.errors)
    assert score.recall >= THRESHOLD, "\n".join(score.errors)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_judged_set_is_big_enough_and_synthetic(lang: str) -> None:
    lines = judged(lang)
    assert len(lines) >= 15
    assert all(line["synthetic"] is True for line in lines)
    assert sum(not line["expected"] for line in lines) >= 3  # hard negatives
