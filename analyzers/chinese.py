"""Chinese: words segmented with jieba (search mode), NFKC and case-folded.

Why jieba rather than character bigrams: jieba's dictionary segments the report vocabulary
(儿童, 色情制品, 人权理事会) into real words, so a one-word query matches that word and not
every bigram that happens to overlap it; its search mode also emits the shorter words inside
a long compound (儿童色情 -> 儿童, 色情, 儿童色情), which gives bigram-like recall for compounds.
jieba is initialized once, lazily, with its logging silenced. Its model cache is loaded
with `marshal`, which runs what it is given, so it lives only where no one else can write:
the user's cache directory (`$XDG_CACHE_HOME/fiqra/jieba`, else `~/.cache/fiqra/jieba`,
made private), or, when that cannot be made, a fresh private temporary directory — never
a fixed path under /tmp, where anyone could plant a cache first.
Chinese has no stemming: `stem` equals `norm`.
"""

from __future__ import annotations

import logging
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from analyzers.base import WORD_RE, Analyzer


def jieba_cache_dir() -> Path:
    """A directory only this user can write, for jieba's cache (see the module docstring)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "fiqra" / "jieba"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if folder.stat().st_uid == os.getuid():
            folder.chmod(0o700)
            return folder
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="fiqra-jieba-"))  # private (0700) and unguessable


class ChineseAnalyzer(Analyzer):
    """Chinese analyzer; non-Chinese runs inside Chinese text (symbols, English) are kept."""

    lang = "zh"

    @cached_property
    def _jieba(self) -> Any:  # jieba.Tokenizer; jieba ships no type hints
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(jieba_cache_dir())
        tokenizer.initialize()
        return tokenizer

    def normalize(self, word: str) -> str:
        return unicodedata.normalize("NFKC", word).casefold()

    def forms_of(self, surface: str) -> tuple[str, str]:
        norm = self.normalize(surface)
        return norm, norm

    def words(self, text: str) -> list[str]:
        return [text[start:end] for start, end in self.spans(text)]

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        for m in WORD_RE.finditer(text):
            run_start = m.start()
            for word, start, end in self._jieba.tokenize(m.group(), mode="search"):
                if word.strip():
                    yield run_start + start, run_start + end
