"""The Lucene baselines of bench/relevance.py analyze as Lucene does: the built-in `arabic`
and `english` analyzers of the session's OpenSearch node (Lucene's ArabicAnalyzer and
EnglishAnalyzer) give the same terms as bench/lucene_arabic.py and bench/lucene_english.py.
(The Elasticsearch home assembled here has no analysis-common module, see
cluster/elasticsearch.pom.xml, so it has no language analyzers to ask.)

Two checks per collection, on the paragraphs bench/relevance.py ranks (the bundled Arabic
report; the real English reports of tests/data/real):
- Word by word: every distinct word, as fiqra's word pattern (analyzers.base.WORD_RE) cuts
  the paragraphs, and every word of the equivalent's stop list, sent in batches to
  `_analyze`. A word of that pattern (letters and digits only) is one token for
  StandardTokenizer and for the equivalent alike, so this checks the filters (lowercasing,
  digits, stop words, possessives, normalization, stemming) on the whole vocabulary apart
  from tokenization: a difference names the word and what each side made of it, not a
  paragraph where a cut moved every position after it.
- Paragraph by paragraph: each paragraph whole, terms and positions, which checks the
  tokenizer (StandardTokenizer keeps `115.3`, `1,000`, `e.g` and `www.un.org` whole, where
  fiqra's pattern cuts them) and the positions a phrase query reads.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from bisect import bisect_right
from collections.abc import Callable

import pytest

from analyzers.base import WORD_RE
from bench.lucene_arabic import lucene_stopwords, lucene_term, lucene_terms
from bench.lucene_english import STOP_WORDS, lucene_english_term, lucene_english_terms
from bench.relevance import ARABIC, COLLECTIONS, ENGLISH, Collection, paragraphs
from cluster.nodes import Cluster
from tests.cluster.conftest import started

pytestmark = pytest.mark.cluster

ANALYZER = {ARABIC.lang: "arabic", ENGLISH.lang: "english"}
TERM: dict[str, Callable[[str], str | None]] = {
    ARABIC.lang: lucene_term,
    ENGLISH.lang: lucene_english_term,
}
TERMS = {ARABIC.lang: lucene_terms, ENGLISH.lang: lucene_english_terms}
# Each equivalent's own stop list, whether the collections hold the word or not: Lucene must
# drop every one of them too.
STOP_LIST = {ARABIC.lang: lucene_stopwords(), ENGLISH.lang: STOP_WORDS}
BATCH = 500  # words a request (well under _analyze's limit of 10,000 tokens)
# Synthetic, written here: tokens the collections do not hold (Java's lowercasing of İ and of
# a final Σ, the full-width apostrophe, an upper-case possessive, mathematical and Arabic-Indic
# digits, a lone tatweel, an apostrophe inside a word).
SYNTHETIC_TOKENS = ("İSTANBUL", "ΟΔΟΣ", "Ombudsman＇s", "State'S", "𝟏𝟐", "٢٠١٤", "ـ", "l'homme")
# Synthetic, written here: how StandardTokenizer cuts what the collections hold little of
# (emoji and a flag are tokens, a superscript digit is none, digits joined by an Arabic comma
# are one token, slashes and hyphens cut, harakat and tatweel inside an Arabic word).
SYNTHETIC_TEXT = (
    " ".join(SYNTHETIC_TOKENS) + " ٢٠١٤،٥ © ❤️ 😀 🇸🇮 x² 7/13 A/HRC/28/56 same-sex 1,000 115.3 "
    "e.g. U.N. www.un.org الـأطفال عَمَلِيَّات وفيها"
)


@pytest.fixture(scope="module")
def opensearch(node_pool: dict[tuple[str, int], Cluster]) -> Cluster:
    """The session's single OpenSearch node (started if no test asked for it yet)."""
    return started(node_pool, "opensearch", 1)


def _utf16_length(text: str) -> int:
    """A text's length as Java counts it (the offsets `_analyze` answers in)."""
    return len(text.encode("utf-16-le")) // 2


def analyze(url: str, analyzer: str, texts: list[str]) -> list[list[tuple[str, int]]]:
    """The node's tokens of each text (term, position) from one `_analyze` request. The
    texts are analyzed in turn, their offsets running on with one character between two
    texts, so a token's start offset tells which text it comes from."""
    body = json.dumps({"analyzer": analyzer, "text": texts}).encode()
    request = urllib.request.Request(
        f"{url}/_analyze", body, {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            tokens = json.load(response)["tokens"]
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{analyzer}: {error}: {error.read()[:500]!r}") from error
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += _utf16_length(text) + 1
    found: list[list[tuple[str, int]]] = [[] for _ in texts]
    for token in tokens:
        found[bisect_right(starts, token["start_offset"]) - 1].append(
            (token["token"], token["position"])
        )
    return found


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.lang)
def test_every_word_analyzed_as_lucene_does(opensearch: Cluster, collection: Collection) -> None:
    words = sorted(
        {m.group() for text in paragraphs(collection).values() for m in WORD_RE.finditer(text)}
        | set(SYNTHETIC_TOKENS)
        | STOP_LIST[collection.lang]
    )
    term = TERM[collection.lang]
    differ = {}
    for first in range(0, len(words), BATCH):
        batch = words[first : first + BATCH]
        for word, tokens in zip(
            batch, analyze(opensearch.url, ANALYZER[collection.lang], batch), strict=True
        ):
            expected = [token for token, _ in tokens]
            ours = [t] if (t := term(word)) is not None else []
            if ours != expected:
                differ[word] = (ours, expected)
    assert len(words) > 2000
    assert not differ, differ


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.lang)
def test_every_paragraph_analyzed_as_lucene_does(
    opensearch: Cluster, collection: Collection
) -> None:
    analysis = TERMS[collection.lang]
    differ = []
    for text in [*paragraphs(collection).values(), SYNTHETIC_TEXT]:
        # One text a request: its positions are its own, from 0.
        (tokens,) = analyze(opensearch.url, ANALYZER[collection.lang], [text])
        if analysis(text) != tokens:
            differ.append((text[:80], analysis(text), tokens))
    assert not differ, differ[:3]
