"""Citations between reports: every reference a paragraph makes, in the six UN languages.

Reports cite other documents by symbol (`A/69/262, para. 9`, `(A/69/262، الفقرات 8-20)`)
and resolutions by number (`Human Rights Council resolutions 7/13 and 25/6`,
`قراري مجلس حقوق الإنسان 7/13 و25/6`, `第7/13号决议`). fiqra links both ways, so each
reference found here carries a canonical target, the paragraphs it pinpoints and its exact
place in the text (to turn it into a link).

Canonical targets:
- documents: the canonical symbol (`E/CN.4/2005/78/Corr.1`); a suffix written apart
  (`E/CN.4/2005/78, Corr.1 and Corr.2`) gives one reference per suffix besides the base;
- resolutions and decisions: `<body> res. <number>` / `<body> dec. <number>` with body one
  of HRC, CHR, GA, SC, ECOSOC (`HRC res. 7/13`, `SC res. 2427 (2018)`); a resolution
  written as its symbol (`A/HRC/RES/7/13`, `S/RES/2427 (2018)`) gets the same target.

The issuing body is read from the words around the number (before the keyword, between
keyword and number, or after the number). Short names mean the body a human rights report
means: Council -> HRC, Assembly -> GA, Commission -> CHR. When no body is written it is
inferred from the number (`infer_body`):
- `2427 (2018)` (number and year) -> SC;
- `217 A (III)` (Roman session; in Arabic `217 ألف (د-3)`) -> GA;
- `1990/68` (year first): up to 2006 -> CHR (abolished in 2006), later -> ECOSOC;
- `S-27/1` (special session) -> HRC, or GA in a General Assembly document;
- `N/M` (session first): in a Council document (`A/HRC/<s>/…`) HRC when N <= s (a report
  cannot cite a later session), else GA; in any other document GA; with no context
  HRC when N <= LAST_HRC_SESSION, else GA.

Not citations: dates (`حزيران/يونيه 2014`), fractions (`1/2`), grouped digits (`000 70`),
job numbers (`GE.14-24831`) and anything inside a URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.symbols import SUFFIX_KINDS, canonical_symbol, document_url, find_symbols

LANGUAGES = ("ar", "en", "fr", "es", "ru", "zh")
# The Human Rights Council's latest regular session a bare `N/M` may name (no context).
LAST_HRC_SESSION = 60
CHR_LAST_YEAR = 2006
MAX_RANGE = 500


class CitationError(ValueError):
    """Input the extractor cannot work on; the message says why, for a person."""


@dataclass(frozen=True)
class Reference:
    """One reference as written in a text, with its canonical target.

    `start`/`end` are character offsets of the whole reference (pinpoint included) so that
    `text[start:end] == self.text`; `body` is set for resolutions only.
    """

    target: str
    kind: str
    target_paragraphs: tuple[int, ...]
    locator: str | None
    start: int
    end: int
    text: str
    body: str | None
    url: str | None


# -- shared pieces ------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)
_AR_LETTER = r"\u0621-\u064a"
_NUM = r"\d{1,4}(?![\d/])"
_RANGE_SEP = r"\s*(?:[-–—‑]|to|à|al|a|до|по|至|إلى)\s*"
_LIST_SEP = (
    r"(?:\s*[,،、，]\s*(?:(?:and|et|y|и)\s+|و\s*|和\s*|及\s*)?"
    r"|\s+(?:and|et|y|и)\s+|\s*(?:و|和|及)\s*)"
)
# A subparagraph letter after a number (`12 (a)`, `1(ج)`) belongs to the paragraph.
_SUBPARAGRAPH = rf"(?:\s?\((?:[a-z]{{1,4}}|[а-я]|[{_AR_LETTER}]{{1,2}})\))?"
_ITEM = rf"{_NUM}{_SUBPARAGRAPH}(?:{_RANGE_SEP}{_NUM}{_SUBPARAGRAPH})?"
_NUMLIST = rf"{_ITEM}(?:{_LIST_SEP}{_ITEM})*"
_ITEM_RE = re.compile(rf"(\d{{1,4}})(?:{_RANGE_SEP}(\d{{1,4}}))?")

_PARA_MARK = (
    r"(?<![\w])(?:paras?\.?|paragraphs?|par\.|paragraphes?|párrs?\.|párrafos?|parrs?\."
    r"|пункт(?:ы|ов|ах|а|е)?|пп?\.|و?(?:ال)?فقر(?:ة|ات|تان|تين))"
)

_ROMAN = r"[IVXLC]{1,6}\b"
_AR_ORDINALS = (
    "الأول", "الثاني", "الثالث", "الرابع", "الخامس",
    "السادس", "السابع", "الثامن", "التاسع", "العاشر",
)
_ZH_DIGITS = "一二三四五六七八九"
_LOCATOR_WORDS = {
    "annex": r"annex(?:e|es)?|anexo|приложени[еяи]|(?:ال)?مرفق",
    "chap.": r"chap\.|chapter|chapitre|cap\.|capítulo|гл\.|глава|(?:ال)?فصل",
    "sect.": r"sect\.|section|secc?\.|sección|разд\.|раздел|(?:ال)?فرع",
}
_LOCATOR = "|".join(
    rf"(?P<{name.rstrip('.')}>(?<![\w])(?:{words}){'|附件' if name == 'annex' else ''})"
    rf"(?:\s*(?P<{name.rstrip('.')}_n>"
    rf"{_ROMAN}|{'|'.join(_AR_ORDINALS)}|[{_ZH_DIGITS}十]{{1,3}}))?"
    for name, words in _LOCATOR_WORDS.items()
)
_ZH_LOCATOR = rf"第(?P<zh_n>[{_ZH_DIGITS}十]{{1,3}})(?P<zh_kind>章|节)"

_TAIL_RE = re.compile(
    rf"(?:\s*号文件|\s*号)?\s*(?:[,،，、和及])?\s*(?:{_ZH_LOCATOR}|{_LOCATOR}"
    rf"|{_PARA_MARK}\s*(?:من\s+)?(?P<nums>{_NUMLIST})|第\s*(?P<zh_nums>{_NUMLIST})\s*段)"
)
# `A/HRC/28/56 (para. 9)`: a pinpoint in brackets of its own.
_BRACKETED_TAIL_RE = re.compile(rf"\s*[(（]\s*{_PARA_MARK}\s*(?P<nums>{_NUMLIST})\s*[)）]")
_OF = r"(?:of(?:\s+the)?|de\s+la|de|du|del|من|из)"
_DOC_WORD = (
    r"(?:document|report|documento|informe|rapport|документа|доклада|(?:ال)?وثيقة|(?:ال)?تقرير)"
)
_PRE_RE = re.compile(
    rf"{_PARA_MARK}\s*(?P<nums>{_NUMLIST})\s+(?:{_OF}\s+)?(?:{_DOC_WORD}\s+)?$"
)

# A URL ends at a space, a bracket, or Arabic or Chinese script and punctuation.
_URL_CHARS = r"[^\s<>\"'()\[\]،，。；（）\u0600-\u06ff\u3000-\u303f\u4e00-\u9fff]"
_URL_RE = re.compile(
    rf"(?:https?://|www\.){_URL_CHARS}+"
    rf"|\b[\w-]+(?:\.[\w-]+)*\.(?:org|int|com|net|ch|gov|edu)/{_URL_CHARS}*",
    re.IGNORECASE,
)
# Suffixes written apart from their symbol (`E/CN.4/2005/78, Corr.1 and Corr.2`).
_SUFFIX_KINDS = tuple(k for k in SUFFIX_KINDS if k != "Summary")
_APART_RE = re.compile(
    r"(?:\s*[,،、，]\s*(?:(?:and|et|y|и)\s+|و|和|及)?\s*|\s+(?:and|et|y|и)\s+|\s*(?:و|和|及)\s*)"
    rf"(?P<suffix>(?:{'|'.join(_SUFFIX_KINDS)})\.\d{{1,3}})(?![A-Za-z0-9/]|\.\d)"
)

# -- resolutions --------------------------------------------------------------------

_BODY_NAMES: dict[str, list[str]] = {
    # canonical body: every way the six languages write its name, full names first
    "HRC": [
        r"Human Rights Council", r"Council", r"HRC",
        r"مجلس حقوق ال[إا]نسان", r"المجلس", r"Совета по правам человека", r"Совета",
        r"人权理事会", r"理事会",
        r"of the Human Rights Council", r"of the Council",
        r"du Conseil des droits de l[’']homme", r"du Conseil",
        r"del Consejo de Derechos Humanos", r"del Consejo",
        r"Conseil des droits de l[’']homme", r"Consejo de Derechos Humanos",
        r"Совет по правам человека",
    ],
    "GA": [
        r"General Assembly", r"Assembly", r"الجمعية العامة", r"الجمعية",
        r"Генеральной Ассамблеи", r"Ассамблеи", r"联合国大会", r"大会",
        r"of the General Assembly", r"of the Assembly",
        r"de l[’']Assemblée générale", r"de l[’']Assemblée",
        r"de la Asamblea General", r"de la Asamblea",
        r"Assemblée générale", r"Asamblea General", r"Генеральная Ассамблея",
    ],
    "SC": [
        r"Security Council", r"مجلس الأمن", r"Совета Безопасности", r"安全理事会", r"安理会",
        r"of the Security Council", r"du Conseil de sécurité", r"del Consejo de Seguridad",
        r"Conseil de sécurité", r"Consejo de Seguridad", r"Совет Безопасности",
    ],
    "CHR": [
        r"Commission on Human Rights", r"Human Rights Commission", r"Commission",
        r"لجنة حقوق ال[إا]نسان", r"Комиссии по правам человека", r"Комиссии", r"人权委员会",
        r"of the Commission on Human Rights", r"of the Commission",
        r"de la Commission des droits de l[’']homme", r"de la Commission",
        r"de la Comisión de Derechos Humanos", r"de la Comisión",
        r"Commission des droits de l[’']homme", r"Comisión de Derechos Humanos",
        r"Комиссия по правам человека",
    ],
    "ECOSOC": [
        r"Economic and Social Council", r"ECOSOC", r"المجلس الاقتصادي والاجتماعي",
        r"Экономического и Социального Совета", r"经济及社会理事会", r"经社理事会",
        r"of the Economic and Social Council", r"du Conseil économique et social",
        r"del Consejo Económico y Social",
        r"Conseil économique et social", r"Consejo Económico y Social",
        r"Экономический и Социальный Совет",
    ],
}
_BODY_OF: list[tuple[re.Pattern[str], str]] = sorted(
    ((re.compile(p), body) for body, names in _BODY_NAMES.items() for p in names),
    key=lambda pair: -len(pair[0].pattern),
)


def _names(test: str) -> str:
    """Alternation of the body names that `test` accepts, longest first."""
    return "|".join(p.pattern for p, _ in _BODY_OF if re.search(test, p.pattern))


_LATIN_PRE = _names(r"^(?!of |du |de |del )[A-Z][A-Za-z ]+$")
# Between keyword and number: Arabic construct, Russian genitive, Spanish `de la Asamblea`
_GENITIVE = _names(r"[\u0600-\u06ffА-я]|^(?:of the|du|de|del) ")
_POST = _names(r"^(?:of the|du|de|del) |[А-я]")
_ZH_PRE = _names(r"[\u4e00-\u9fff]")
# The subject of `In its resolution 34/16, the Council …`: any name but the `of the` forms.
_SUBJECT = _names(r"^(?!of the |du |de |del )")
_SUBJECT_RE = re.compile(_SUBJECT)
_SUBJECT_AFTER_RE = re.compile(rf"\s*,?\s*(?:the|le|la|l[’']|el)?\s*(?P<name>{_SUBJECT})")
# `its resolution`, `sa résolution`, `своей резолюции`, `قراره`, `在第…号决议`
_POSSESSIVE_RE = re.compile(
    r"(?i:\b(?:its|their|sa|ses|son|leur|su|sus|своей|своих|своем|своим)\s+)$|(?:在|于)$"
)
_SENTENCE_END_RE = re.compile(r"[.!?。؟;؛]\s")
SUBJECT_WINDOW = 100

_KEYWORD = (
    r"(?i:\b(?:resolutions?|decisions?|résolutions?|décisions?|resolución|resoluciones"
    r"|decisión|decisiones|резолюци[яиюейхм]{1,3}|решени[еяюйимх]{1,3})\b)"
    # Arabic: the clitics و ف ب ل glued in front stay out of the reference's span
    rf"|(?:(?<![{_AR_LETTER}])|(?<=(?<![{_AR_LETTER}])[وفبل])|(?<=(?<![{_AR_LETTER}])[وفبل]{{2}}))"
    rf"(?:ال)?(?:قرار|مقرر)(?:ات|ين|ي|ا)?(?:ه|ها|هما)?(?![{_AR_LETTER}])"
)
# A cheap look for some keyword of _KEYWORD (or a Chinese group's) before the full patterns.
_KEYWORD_HINT_RE = re.compile(r"(?i)resol|résol|decis|décis|резолюц|решени|قرار|مقرر|决议|决定")
# Old General Assembly numbering as the Arabic documents write it: `217 ألف (د-3)` is
# `217 A (III)`, the letter spelled out and the session (دورة) in digits.
_AR_RES_LETTERS = {"ألف": "A", "باء": "B", "جيم": "C", "دال": "D", "هاء": "E", "واو": "F"}
_AR_OLD_RES_RE = re.compile(
    rf"(?P<number>\d{{1,4}})\s?(?:(?P<letter>{'|'.join(_AR_RES_LETTERS)})\s?)?"
    r"\(د\s?-\s?(?P<session>\d{1,2})\)"
)
_RES_NUMBER = (
    r"(?:S-\d{1,2}/\d{1,3}|\d{1,4}/\d{1,4}|\d{1,4}\s?\(\d{4}\)"
    r"|\d{1,4}\s?(?:[A-Z]\s?)?\([IVXLC]{1,7}\)"
    rf"|{re.sub(r'[(][?]P<[a-z]+>', '(?:', _AR_OLD_RES_RE.pattern)})(?![\d/])"
)
_RES_LIST = rf"{_RES_NUMBER}(?:{_LIST_SEP}{_RES_NUMBER})*"
_RES_GROUP_RE = re.compile(
    rf"(?:(?P<pre>{_LATIN_PRE})\s+)?(?P<kw>{_KEYWORD})(?:\s+(?P<mid>{_GENITIVE}))?"
    rf"\s+(?:(?:No\.|n[°o]|№)\s*)?(?P<nums>{_RES_LIST})(?:\s*,?\s+(?P<post>{_POST}))?"
)
_ZH_RES_ITEM = rf"第?\s*{_RES_NUMBER}\s*号?"
_ZH_RES_GROUP_RE = re.compile(
    rf"(?P<pre>{_ZH_PRE})?(?P<nums>{_ZH_RES_ITEM}(?:\s*[和及、，]\s*{_ZH_RES_ITEM})*)"
    r"\s*(?P<kw>决议|决定)"
)
_RES_NUMBER_RE = re.compile(_RES_NUMBER)
# What every _RES_NUMBER has: a digit then `/` and a digit, or a digit then `(`.
_RES_NUMBER_HINT_RE = re.compile(r"\d/\d|\d\s?(?:[A-Z]\s?|[\u0621-\u064A]{3}\s?)?\(")
_RES_SYMBOLS = (
    (re.compile(r"^A/HRC/(RES|DEC)/(.+)$"), "HRC"),
    (re.compile(r"^E/CN\.4/(RES|DEC)/(.+)$"), "CHR"),
    (re.compile(r"^A/(RES|DEC)/(.+)$"), "GA"),
    (re.compile(r"^S/(RES)/(\d+\(\d{4}\))$"), "SC"),
    (re.compile(r"^E/(RES|DEC)/(.+)$"), "ECOSOC"),
)
_TARGET_RE = re.compile(r"^(HRC|CHR|GA|SC|ECOSOC) (res|dec)\. (.+)$")


def body_of(name: str) -> str:
    """`Conseil des droits de l'homme` -> `HRC`: the canonical body a written name means."""
    for pattern, body in _BODY_OF:
        if pattern.fullmatch(name.strip()):
            return body
    raise CitationError(f"{name!r} is not the name of a body that adopts resolutions")


def resolution_number(written: str) -> str:
    """`2427(2018)` -> `2427 (2018)`, `٧/١٣` -> `7/13`, `217 ألف (د-3)` -> `217 A (III)`:
    one spelling per resolution."""
    number = re.sub(r"\s+", " ", written.translate(_DIGITS).strip())
    if old := _AR_OLD_RES_RE.fullmatch(number):
        letter = f"{_AR_RES_LETTERS[old['letter']]} " if old["letter"] else ""
        number = f"{old['number']} {letter}({_roman(int(old['session']))})"
    return re.sub(r"\s?\(", " (", number)


def _session_of(context_symbol: str | None) -> tuple[str | None, int | None]:
    """('HRC', 28) for `A/HRC/28/56`, ('GA', 69) for `A/69/262`, else (family, None)."""
    if not context_symbol:
        return None, None
    symbol = canonical_symbol(context_symbol)
    if match := re.match(r"^A/HRC/(\d+)/", symbol):
        return "HRC", int(match[1])
    if match := re.match(r"^A/(\d+)/", symbol):
        return "GA", int(match[1])
    return symbol.split("/")[0], None


def infer_body(number: str, context_symbol: str | None = None) -> str:
    """The body that adopted a resolution cited without naming it (rules in module doc)."""
    number = resolution_number(number)
    family, session = _session_of(context_symbol)
    if re.fullmatch(r"\d+ \(\d{4}\)", number):
        return "SC"
    if "(" in number:
        return "GA"
    if number.startswith("S-"):
        return "GA" if family == "GA" else "HRC"
    first = int(number.split("/")[0])
    if first >= 1946:
        return "CHR" if first <= CHR_LAST_YEAR else "ECOSOC"
    if family == "HRC" and session is not None:
        return "HRC" if first <= session else "GA"
    if family is not None:
        return "GA"
    return "HRC" if first <= LAST_HRC_SESSION else "GA"


def resolution_symbol(ref: Reference | str) -> str | None:
    """The document symbol of a resolution (`HRC res. 7/13` -> `A/HRC/RES/7/13`), or None.

    General Assembly decisions have no symbol of their own (they are printed in the
    session's volume of decisions), nor has anything that is not a resolution target.
    """
    target = ref.target if isinstance(ref, Reference) else ref
    match = _TARGET_RE.match(target.strip())
    if not match:
        return None
    body, kind, number = match.groups()
    compact = number.replace(" ", "")
    if body == "SC":
        return f"S/RES/{compact}" if kind == "res" else None
    if body == "GA" and kind == "dec":
        return None
    if "(" in compact:  # old GA / ECOSOC numbering: 2200 A (XXI) -> A/RES/2200(XXI)
        compact = re.sub(r"[A-Z]\(", "(", compact)
    prefix = {"HRC": "A/HRC", "CHR": "E/CN.4", "GA": "A", "ECOSOC": "E"}[body]
    return f"{prefix}/{kind.upper()}/{compact}"


def _resolution_of_symbol(symbol: str) -> tuple[str, str] | None:
    """(`HRC res. 7/13`, `HRC`) for `A/HRC/RES/7/13`; None for any other document."""
    for pattern, body in _RES_SYMBOLS:
        if match := pattern.match(symbol):
            return f"{body} {match[1].lower()}. {resolution_number(match[2])}", body
    return None


# -- pinpoints ----------------------------------------------------------------------


def paragraph_ranges(written: str) -> list[tuple[int, int]]:
    """`8-20, 25` -> [(8, 20), (25, 25)]: the ranges as written, even reversed ones."""
    return [(int(lo), int(hi or lo)) for lo, hi in _ITEM_RE.findall(written.translate(_DIGITS))]


def _paragraph_numbers(written: str) -> list[int]:
    """`8-20, 25 and 30` -> [8, 9, …, 20, 25, 30]; a range too long to be real stays two ends."""
    numbers: list[int] = []
    for first, last in paragraph_ranges(written):
        span = range(first, last + 1) if 0 <= last - first <= MAX_RANGE else (first, last)
        numbers.extend(n for n in span if n not in numbers)
    return numbers


def _zh_number(written: str) -> int:
    """Chinese numerals up to 99: `十二` -> 12."""
    if "十" not in written:
        return _ZH_DIGITS.index(written) + 1
    tens, _, units = written.partition("十")
    return (_ZH_DIGITS.index(tens) + 1 if tens else 1) * 10 + (
        _ZH_DIGITS.index(units) + 1 if units else 0
    )


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        while n >= value:
            out, n = out + letters, n - value
    return out + "I" * n


def _locator(match: re.Match[str]) -> str | None:
    """`annex I`, `chap. II`, `sect. III` from a tail match, whatever the language."""
    if match["zh_kind"]:
        kind = "chap." if match["zh_kind"] == "章" else "sect."
        return f"{kind} {_roman(_zh_number(match['zh_n']))}"
    for name in _LOCATOR_WORDS:
        key = name.rstrip(".")
        if match[key] is None:
            continue
        numeral = match[f"{key}_n"]
        if numeral is None:
            return name
        if numeral in _AR_ORDINALS:
            numeral = _roman(_AR_ORDINALS.index(numeral) + 1)
        elif numeral[0] in _ZH_DIGITS + "十":
            numeral = _roman(_zh_number(numeral))
        return f"{name} {numeral}"
    return None


@dataclass
class _Pinpoint:
    start: int
    end: int
    paragraphs: list[int]
    locator: str | None


def _tail(text: str, pos: int) -> _Pinpoint:
    """Paragraphs and locators written right after position `pos`."""
    paragraphs: list[int] = []
    locators: list[str] = []
    end = pos
    while match := _TAIL_RE.match(text, end):
        written = match["nums"] or match["zh_nums"]
        if written:
            paragraphs.extend(n for n in _paragraph_numbers(written) if n not in paragraphs)
        elif locator := _locator(match):
            locators.append(locator)
        end = match.end()
    if end == pos and (bracketed := _BRACKETED_TAIL_RE.match(text, pos)):
        paragraphs, end = _paragraph_numbers(bracketed["nums"]), bracketed.end()
    return _Pinpoint(pos, end, paragraphs, ", ".join(locators) or None)


def _head(text: str, pos: int, floor: int) -> _Pinpoint:
    """`paragraph 9 of [document]` written right before position `pos` (not before floor)."""
    window_start = max(floor, pos - 160)
    match = _PRE_RE.search(text[window_start:pos])
    if not match:
        return _Pinpoint(pos, pos, [], None)
    return _Pinpoint(window_start + match.start(), pos, _paragraph_numbers(match["nums"]), None)


# -- extraction ---------------------------------------------------------------------


@dataclass
class _Found:
    """A reference before its final offsets and text are fixed."""

    target: str
    kind: str
    start: int
    end: int
    body: str | None = None
    paragraphs: tuple[int, ...] = ()
    locator: str | None = None


def _with_pinpoints(found: _Found, text: str, floor: int) -> _Found:
    head, tail = _head(text, found.start, floor), _tail(text, found.end)
    paragraphs = [*head.paragraphs, *(n for n in tail.paragraphs if n not in head.paragraphs)]
    found.start, found.end = head.start, tail.end
    found.paragraphs = tuple(paragraphs)
    found.locator = tail.locator
    return found


def _with_suffix(symbol: str, suffix: str) -> str:
    """`A/HRC/28/56/Add.1` + `Add.2` -> `A/HRC/28/56/Add.2`; other kinds are appended."""
    kind = suffix.split(".")[0]
    parts = symbol.split("/")
    if parts[-1].startswith(kind + "."):
        parts = parts[:-1]
    return "/".join([*parts, suffix])


def _documents(text: str, urls: list[tuple[int, int]]) -> list[_Found]:
    found: list[_Found] = []
    for match in find_symbols(text):
        if _inside(match.start(), match.end(), urls):
            continue
        symbol = canonical_symbol(match.group())
        resolution = _resolution_of_symbol(symbol)
        if resolution:
            found.append(_Found(resolution[0], "resolution", *match.span(), body=resolution[1]))
            continue
        base = _Found(symbol, "document", *match.span())
        found.append(base)
        if _tail(text, match.end()).end > match.end():
            continue
        pos = match.end()
        while apart := _APART_RE.match(text, pos):
            suffix = canonical_symbol(apart["suffix"])
            found.append(_Found(_with_suffix(symbol, suffix), "document", *apart.span("suffix")))
            pos = apart.end()
    return found


def _resolutions(text: str, context_symbol: str | None) -> list[_Found]:
    # Each group names a resolution or decision and numbers it: skip text without both
    # (every number has a `/` or a `(`, looked for first: the keywords' search is slower).
    if not (("/" in text or "(" in text) and _RES_NUMBER_HINT_RE.search(text)
            and _KEYWORD_HINT_RE.search(text)):
        return []
    found: list[_Found] = []
    # The Chinese form ends in 决议 or 决定: not looked for in a text without 决.
    for group_re in (_RES_GROUP_RE, _ZH_RES_GROUP_RE) if "决" in text else (_RES_GROUP_RE,):
        for group in group_re.finditer(text):
            decision = re.search(r"(?i)decis|décis|решени|مقرر|决定", group["kw"])
            kind = "dec." if decision else "res."
            written_body = (group.groupdict().get(k) for k in ("pre", "mid", "post"))
            named = next((name for name in written_body if name), None) or _subject(text, group)
            numbers = list(_RES_NUMBER_RE.finditer(text, *group.span("nums")))
            for i, number in enumerate(numbers):
                written = resolution_number(number.group())
                body = body_of(named) if named else infer_body(written, context_symbol)
                start = group.start() if i == 0 else number.start()
                end = group.end() if i == len(numbers) - 1 else number.end()
                found.append(_Found(f"{body} {kind} {written}", "resolution", start, end, body))
    return found


def _subject(text: str, group: re.Match[str]) -> str | None:
    """The body named as subject of `its resolution …` in the same sentence, if any."""
    head = text[: group.start("kw") if group["kw"][0] not in "决" else group.start("nums")]
    if not (_POSSESSIVE_RE.search(head) or re.search(r"(?:ه|ها|هما)$", group["kw"])):
        return None
    if after := _SUBJECT_AFTER_RE.match(text, group.end()):
        return after["name"]
    before = head[-SUBJECT_WINDOW:]
    before = _SENTENCE_END_RE.split(before)[-1]
    names = list(_SUBJECT_RE.finditer(before))
    return names[-1].group() if names else None


_DIGIT_RE = re.compile(r"\d")
_WWW_RE = re.compile(r"(?i)www\.")


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def extract_citations(
    text: str, lang: str, *, context_symbol: str | None = None
) -> list[Reference]:
    """Every reference `text` (written in `lang`) makes, in order of appearance.

    `context_symbol` is the symbol of the document the text comes from; it decides the
    body of a resolution cited by number alone (see `infer_body`).
    """
    if not isinstance(text, str):
        raise CitationError(f"citations are read from text, not from {type(text).__name__}")
    if lang not in LANGUAGES:
        raise CitationError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    if not _DIGIT_RE.search(text):  # every symbol and resolution has a number: skip
        return []
    # What every address has, or skip it: a `/`, or `www.` (its `w.` looked for first: a
    # search without regard to case costs more than the rest of most paragraphs' reading).
    maybe_url = "/" in text or (("w." in text or "W." in text) and _WWW_RE.search(text))
    urls = [m.span() for m in _URL_RE.finditer(text)] if maybe_url else []
    documents = _documents(text, urls) if "/" in text else []  # every symbol has a `/`
    taken = [(f.start, f.end) for f in documents]
    resolutions = [
        f for f in _resolutions(text, context_symbol) if not _inside(f.start, f.end, taken + urls)
    ]
    references: list[Reference] = []
    floor = 0
    for found in sorted(documents + resolutions, key=lambda f: f.start):
        found = _with_pinpoints(found, text, floor)
        floor = found.end
        symbol = found.target if found.kind == "document" else resolution_symbol(found.target)
        references.append(
            Reference(
                target=found.target,
                kind=found.kind,
                target_paragraphs=found.paragraphs,
                locator=found.locator,
                start=found.start,
                end=found.end,
                text=text[found.start : found.end],
                body=found.body,
                url=document_url(symbol, lang) if symbol else None,
            )
        )
    return references


# A note that cites the document of the note before it: `Ibid.`, `Ibid., para. 26 (b)`.
_IBID_RE = re.compile(
    r"^\s*(?:ibid(?:em)?|íbid(?:em)?|idem|там же|同上|المرجع نفسه|المرجع ذاته)\.?",
    re.IGNORECASE,
)


def extract_note_citations(
    notes: list[str], lang: str, *, context_symbol: str | None = None
) -> list[list[Reference]]:
    """The references of a document's notes, given in reading order, one list per note.

    A note that starts `Ibid.` cites the document its previous note cited last, with the
    pinpoint written after it (`Ibid., para. 26 (b)` is that document's paragraph 26);
    after a note that cites no document, `Ibid.` resolves to nothing.
    """
    found: list[list[Reference]] = []
    previous: Reference | None = None
    for text in notes:
        references = extract_citations(text, lang, context_symbol=context_symbol)
        ibid = _IBID_RE.match(text)
        if ibid and previous is not None:
            tail = _tail(text, ibid.end())
            references.insert(0, Reference(
                target=previous.target, kind=previous.kind,
                target_paragraphs=tuple(tail.paragraphs), locator=tail.locator,
                start=ibid.start(), end=tail.end, text=text[ibid.start():tail.end],
                body=previous.body, url=previous.url,
            ))
        previous = references[-1] if references else None
        found.append(references)
    return found
