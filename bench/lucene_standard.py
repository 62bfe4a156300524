"""Lucene's LowerCaseFilter in Python, the step both Lucene baselines share
(bench/lucene_arabic.py, bench/lucene_english.py): Java lowers one character at a time
(Character.toLowerCase: a final Σ is σ, İ is i), not as Python's str.lower does a whole word.
tests/cluster/test_lucene_baselines.py checks both analyzers against a real node's.
"""

from __future__ import annotations


def lower_case(word: str) -> str:
    """LowerCaseFilter: each character lowered on its own, İ to i as Java lowers it."""
    return "".join("i" if c == "\u0130" else c.lower() for c in word)
