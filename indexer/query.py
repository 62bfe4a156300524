"""fiqra's query language, parsed once into a tree that every backend compiles.

Staff type plain words (ranked, not all required), `"exact phrases"`, `AND`/`OR`/`NOT`
(Latin capitals only: Arabic و/أو/ليس are ordinary words), `word*` prefixes, `=word` for
an exact match without expansion, and filters `symbol:` `lang:` `year:` `session:`
`section:` and the tag filters of indexer.tags (`state:France`, `position:supported`,
`theme:"…"`). Two values of one filter mean either (`state:France state:Spain`: made by
France or by Spain, as ticking two values of a facet), different filters all of them.
A query that is only a citation (`A/69/262 para. 9`) is recognised separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzers import LANGUAGES, QueryForm, analyze, query_forms, surface_norms
from corpus.symbols import SESSION_RE
from indexer.tags import TAG_FIELDS

MAX_QUERY_CHARS = 1000
MAX_NESTING = 20
MAX_CLAUSES = 64  # words and phrases in one query: each is a clause every match is scored on
MAX_PREFIXES = 8  # prefixes (word*) in one query: each expands to up to 1,000 index words
FILTERS = ("symbol", "lang", "year", "session", "section", *TAG_FIELDS)


class QueryError(ValueError):
    """The query cannot be understood; the message says what to change."""


@dataclass
class Term:
    word: str
    prefix: bool = False
    exact: bool = False


@dataclass
class Phrase:
    text: str


@dataclass
class Not:
    child: Node


@dataclass
class BoolOp:
    op: str  # "AND" or "OR"
    children: list[Node]


Node = Term | Phrase | Not | BoolOp


@dataclass
class ParsedQuery:
    """The query tree (None when only filters were given), its filters (each name's
    values, any of which a hit may have), and the query's text without them (what a
    citation query is recognised from)."""

    root: Node | None
    filters: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""


_TOKEN_RE = re.compile(
    rf'(?P<phrase>"[^"]*")|(?P<filter>(?:{"|".join(FILTERS)}):(?:"[^"]*"|\S*))'
    r"|(?P<lparen>\()|(?P<rparen>\))|(?P<word>[^\s()\"]+)"
)


def parse_query(text: str) -> ParsedQuery:
    """Parse a query string; raise QueryError with a readable message when malformed."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise QueryError("query contains control characters")
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise QueryError("query contains invalid Unicode (a lone surrogate)")
    if text.count('"') % 2:
        raise QueryError('unbalanced quotation mark: close the phrase with "')
    tokens: list[tuple[str, str]] = []
    filters: dict[str, list[str]] = {}
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup or ""
        value = m.group()
        if kind == "filter":
            name, _, arg = value.partition(":")
            arg = arg.strip('"')
            values = filters.setdefault(name, [])
            if (value := check_filter(name, arg)) not in values:
                values.append(value)
        else:
            tokens.append((kind, value))
    parser = _Parser(tokens)
    root = parser.parse_or()
    if parser.pos != len(tokens):
        raise QueryError("unbalanced parenthesis in query")
    if root is not None and _only_negative(root):
        raise QueryError("NOT needs something to search for: add a word before it")
    _check_size(root)
    return ParsedQuery(root, filters, " ".join(v for _, v in tokens))


def _check_size(root: Node | None) -> None:
    """QueryError, naming the limit, for a query with more words or prefixes than allowed."""
    words: list[Term | Phrase] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, BoolOp):
            stack.extend(node.children)
        elif isinstance(node, Not):
            stack.append(node.child)
        else:
            words.append(node)
    if len(words) > MAX_CLAUSES:
        raise QueryError(f"the query has {len(words)} words and phrases; the limit is"
                         f" {MAX_CLAUSES} (clauses per query)")
    prefixes = sum(1 for w in words if isinstance(w, Term) and w.prefix)
    if prefixes > MAX_PREFIXES:
        raise QueryError(f"the query has {prefixes} prefixes (word*); the limit is"
                         f" {MAX_PREFIXES} (prefix expansions per query): type whole words")


def check_filter(name: str, value: str) -> str:
    """A filter's value as the backends take it; QueryError saying what is wrong."""
    if name not in FILTERS:
        raise QueryError(f"there is no filter {name}: (filters: {', '.join(FILTERS)})")
    if not value:
        raise QueryError(f"filter {name}: needs a value")
    if name == "year" and not (value.isascii() and value.isdigit() and len(value) == 4):
        raise QueryError(f"year: needs a year such as 2014, not {value!r}")
    if name == "session" and not SESSION_RE.fullmatch(value):
        raise QueryError(f"session: needs an organ and session such as A/HRC/28, not {value!r}")
    if name == "lang" and value not in LANGUAGES:
        raise QueryError(f"lang: is one of {', '.join(LANGUAGES)}, not {value!r}")
    return value


def _only_negative(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, BoolOp):
        return all(_only_negative(c) for c in node.children)
    return False


class _Parser:
    """Recursive descent: OR binds loosest, then AND (explicit or implicit), then NOT."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def _nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise QueryError(f"the query nests more than {MAX_NESTING} levels deep")

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _is_op(self, name: str) -> bool:
        tok = self._peek()
        return tok is not None and tok == ("word", name)

    def parse_or(self) -> Node | None:
        groups: list[Node] = []
        group = self._parse_implicit()
        if group is not None:
            groups.append(group)
        while self._is_op("OR"):
            if not groups:
                raise QueryError("OR needs a term on both sides")
            self.pos += 1
            nxt = self._parse_implicit()
            if nxt is None:
                raise QueryError("OR needs a term on both sides")
            groups.append(nxt)
        if not groups:
            return None
        return groups[0] if len(groups) == 1 else BoolOp("OR", groups)

    def _parse_implicit(self) -> Node | None:
        """Juxtaposed terms are ranked, not required (OR); `AND` between them requires."""
        ranked: list[Node] = []
        required: list[Node] = []
        while True:
            tok = self._peek()
            if tok is None or tok[0] == "rparen" or tok == ("word", "OR"):
                break
            if tok == ("word", "AND"):
                self.pos += 1
                if not ranked and not required:
                    raise QueryError("AND needs a term on both sides")
                right = self._parse_unary()
                if right is None:
                    raise QueryError("AND needs a term on both sides")
                if ranked:
                    required.append(ranked.pop())
                required.append(right)
                continue
            node = self._parse_unary()
            if node is None:
                break
            if isinstance(node, Not):
                required.append(node)
            else:
                ranked.append(node)
        parts: list[Node] = []
        if required:
            parts.extend(required)
        if ranked:
            parts.append(ranked[0] if len(ranked) == 1 else BoolOp("OR", ranked))
        if not parts:
            return None
        # Beside a required part, the ranked group is required too: an index match
        # expression cannot hold optional words next to mandatory ones.
        return parts[0] if len(parts) == 1 else BoolOp("AND", parts)

    def _parse_unary(self) -> Node | None:
        tok = self._peek()
        if tok is None:
            return None
        kind, value = tok
        if value == "NOT" and kind == "word":
            self.pos += 1
            self._nest()
            child = self._parse_unary()
            self.depth -= 1
            if child is None:
                raise QueryError("NOT needs a term after it")
            return Not(child)
        if kind == "lparen":
            self.pos += 1
            self._nest()
            inner = self.parse_or()
            self.depth -= 1
            if self._peek() is None or self._peek()[0] != "rparen":  # type: ignore[index]
                raise QueryError("unbalanced parenthesis in query")
            self.pos += 1
            return inner
        if kind == "rparen":
            return None
        self.pos += 1
        if kind == "phrase":
            inner_text = value.strip('"').strip()
            return Phrase(inner_text) if inner_text else None
        exact = value.startswith("=") and len(value) > 1
        word = value[1:] if exact else value
        prefix = word.endswith("*") and len(word) > 1
        word = word.rstrip("*") if prefix else word
        if not word.strip("*"):
            raise QueryError("a lone * is not a search term: put it after a few letters")
        return Term(word, prefix=prefix, exact=exact)


@dataclass
class WordForms:
    """One query word with the index forms it may match in one language."""

    word: str
    forms: list[QueryForm]
    prefix: bool = False


def term_forms(term: Term, lang: str) -> WordForms:
    """Expand a term for `lang`: exact terms keep only their normalized surface form."""
    forms = query_forms(term.word, lang, expand=not (term.exact or term.prefix))
    if term.prefix:
        # The beginning of a word as typed: match it against surface forms, and against
        # stems so that a prefix typed without the article finds words that carry one.
        start = next((f.form for f in forms if f.field == "norm"), term.word.lower())
        forms = [QueryForm("norm", start, "prefix"), QueryForm("stem", start, "prefix")]
    return WordForms(term.word, forms, term.prefix)


def phrase_forms(phrase: Phrase, lang: str) -> list[str]:
    """The normalized forms of a phrase's words, stop words included, in order, as the
    `norm` column holds them."""
    return surface_norms(phrase.text, lang)


def query_words(node: Node | None, lang: str) -> list[WordForms]:
    """Every positive word of the query with its forms (for snippets and explain)."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term):
        return [term_forms(node, lang)]
    if isinstance(node, Phrase):
        return [
            WordForms(t.surface, [QueryForm("norm", t.norm, "phrase")])
            for t in analyze(node.text, lang)
        ]
    return [w for c in node.children for w in query_words(c, lang)]
