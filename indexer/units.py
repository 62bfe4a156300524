"""What a backend indexes for a report, and how a hit is shown: shared by every backend.

A unit is a numbered paragraph, a footnote of one (found under the paragraph's number), a
recommendation of one (its own item label, with its tags: indexer.tags), or an unnumbered
block, with its analyzed forms. Snippets
and explanations are computed here, on the original text, so both backends highlight the
words staff typed the same way whatever the index engine.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from analyzers import Token, analyze, folded_to_lemma, index_forms
from corpus.model import Paragraph, Report
from corpus.recommendations import is_recommendation
from indexer.query import WordForms
from indexer.tags import Tags, item_tags

SNIPPET_TOKENS = 36


@dataclass
class Unit:
    symbol: str
    lang: str
    paragraph: int | None
    kind: str
    position: int
    section: list[str]
    text: str
    norm: str
    stem: str
    data: str | None = None  # a paragraph's items and footnotes: `paragraph_data`
    item: str | None = None  # a recommendation's label (`115.3`)
    tags: Tags | None = None  # a recommendation's States, position, themes, persons


def report_units(report: Report) -> Iterator[Unit]:
    """Every paragraph and block of `report`, analyzed for its language, in order."""
    position = 0
    for p in report.paragraphs:
        position += 1
        yield _unit(report, p.number, "paragraph", position, p.section_path, p.text,
                    paragraph_data(p))
        # A footnote's text is searchable in its own right and found under its paragraph.
        for note in p.footnotes:
            if note.text:
                position += 1
                yield _unit(report, p.number, "footnote", position, p.section_path, note.text)
        # Each recommendation is found, filtered and cited on its own (`para. 115.3`).
        for item in p.items:
            if is_recommendation(item):
                position += 1
                unit = _unit(report, p.number, "recommendation", position, p.section_path,
                             item.text)
                unit.item, unit.tags = item.label, item_tags(item)
                yield unit
    for b in report.blocks:
        position += 1
        yield _unit(report, None, b.kind, position, b.section_path, b.text)


def _unit(
    report: Report,
    number: int | None,
    kind: str,
    position: int,
    section: list[str],
    text: str,
    data: str | None = None,
) -> Unit:
    norm, stem = index_forms(text, report.lang)
    return Unit(
        symbol=report.symbol,
        lang=report.lang,
        paragraph=number,
        kind=kind,
        position=position,
        section=list(section),
        text=text,
        norm=norm,
        stem=stem,
        data=data,
    )


def paragraph_data(paragraph: Paragraph) -> str | None:
    """What a paragraph's unit keeps of it beside its number, text and section path (the
    unit's own fields): its items and footnotes as JSON, None when it has neither. Encoded
    where the report is analyzed (a worker process, for a folder), read by
    `unit_paragraph`."""
    if not paragraph.items and not paragraph.footnotes:
        return None
    return orjson.dumps({"items": paragraph.items, "footnotes": paragraph.footnotes}).decode()


def unit_paragraph(number: int, text: str, section: list[str], data: str | None) -> Paragraph:
    """The whole paragraph again from its unit's fields."""
    if data is None:  # most paragraphs: built directly (a writer rebuilds every one)
        return Paragraph(number, text, list(section))
    return Paragraph.from_dict({"number": number, "text": text, "section_path": section,
                                **orjson.loads(data)})


def unit_paragraphs(units: Iterable[Unit]) -> list[Paragraph]:
    """The paragraphs of a report again, from its units (`report_units`), in order."""
    return [unit_paragraph(u.paragraph, u.text, u.section, u.data)  # type: ignore[arg-type]
            for u in units if u.kind == "paragraph"]


def _matches(token: Token, word: WordForms) -> list[str]:
    """The reasons a document token matches a query word (empty when it does not)."""
    reasons = []
    for form in word.forms:
        value = token.norm if form.field == "norm" else token.stem
        if value.startswith(form.form) if word.prefix else value == form.form:
            reasons.append(form.reason)
    return reasons


def _matched_tokens(tokens: Sequence[Token], words: list[WordForms]) -> list[int]:
    return [i for i, t in enumerate(tokens) if any(_matches(t, w) for w in words)]


def matched_spans(text: str, lang: str, words: list[WordForms]) -> list[tuple[int, int]]:
    """Where the query's words stand in `text` (character ranges, in order), matched as a
    search matches them: by their forms as typed, normalized, stemmed, and synonyms."""
    tokens = analyze(text, lang)
    return [(tokens[i].start, tokens[i].end) for i in _matched_tokens(tokens, words)]


def snippet(
    text: str, lang: str, words: list[WordForms], spans: Sequence[tuple[int, int]] = ()
) -> str:
    """HTML of the densest window of `text` with the matched words in <mark>; `spans`
    (character ranges, e.g. a citation as written) are marked like matched words."""
    tokens = analyze(text, lang)
    matched = _matched_tokens(tokens, words)
    hits = matched + [
        i for i, t in enumerate(tokens) if any(a < t.end and t.start < b for a, b in spans)
    ]
    if not tokens:
        return html.escape(text[:300])
    if len(tokens) <= SNIPPET_TOKENS:
        lo, hi = 0, len(tokens)
    else:
        best = (
            max(
                range(len(tokens) - SNIPPET_TOKENS + 1),
                key=lambda s: sum(1 for i in hits if s <= i < s + SNIPPET_TOKENS),
                default=0,
            )
            if hits
            else 0
        )
        lo, hi = max(0, best - 2), min(len(tokens), best + SNIPPET_TOKENS)
    start = 0 if lo == 0 else tokens[lo].start
    end = len(text) if hi == len(tokens) else tokens[hi - 1].end
    marked = sorted(
        [(tokens[i].start, tokens[i].end) for i in matched if lo <= i < hi]
        + [(max(a, start), min(b, end)) for a, b in spans if a < end and start < b]
    )
    out, cursor = [], start
    for a, b in marked:
        if b <= cursor:
            continue
        a = max(a, cursor)
        out.append(html.escape(text[cursor:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        cursor = b
    out.append(html.escape(text[cursor:end]))
    return ("… " if start > 0 else "") + "".join(out) + (" …" if end < len(text) else "")


def explain_hit(
    text: str, lang: str, words: list[WordForms], scores: Sequence[dict[str, Any]] = ()
) -> list[dict[str, Any]]:
    """Per query word: which words of the paragraph it matched, and why; with `scores`
    (indexer.ranking.explain_scores), each word's contribution to the score and whether it
    came from the paragraph's text or its section headings, followed by the clauses that
    are not one word (phrases, synonym phrases, the proximity of the words)."""
    tokens = analyze(text, lang)
    by_word = {s["text"]: s for s in scores if s["clause"] == "word"}
    result = []
    for word in words:
        matched: dict[str, set[str]] = {}
        for tok in tokens:
            for reason in _matches(tok, word):
                if reason == "stem" and folded_to_lemma(tok, lang):
                    reason = "lemma"  # the document's broken plural, indexed as its singular
                matched.setdefault(tok.surface, set()).add(reason)
        result.append(
            {
                "word": word.word,
                "forms": [
                    {"field": f.field, "form": f.form, "reason": f.reason} for f in word.forms
                ],
                "matched": [{"text": s, "why": sorted(r)} for s, r in matched.items()],
                **_scored(by_word.pop(word.word, None)),
            }
        )
    for s in scores:
        if s["clause"] != "word":
            result.append({"word": s["text"], "forms": [], "matched": [], **_scored(s)})
    return result


def _scored(score: dict[str, Any] | None) -> dict[str, Any]:
    """An explained clause's kind, field (`text` or `section`) and contribution."""
    if score is None:
        return {}
    return {"clause": score["clause"], "field": score["field"], "score": score["score"]}
