"""UN document symbols: recognise, canonicalise, derive from file names, link.

A symbol is slash-separated parts (`A/HRC/28/56`, `E/CN.4/2005/78/Corr.1`); staff and
file systems write it with `_` or `-` in file names and in any case. Everything that
compares symbols goes through `canonical_symbol` so that one report has one key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePath

# Series bodies that start a symbol; a symbol needs one of them so that dates
# (حزيران/يونيه), fractions and resolution numbers (7/13) are never taken for one.
BODIES = (
    "A", "E", "S", "ST", "CRC", "CCPR", "CEDAW", "CERD", "CAT", "CMW", "CRPD", "CED",
    "DP", "TD", "UNEP", "HRI", "SG", "UNW", "ICEF", "A/HRC", "E/CN.4", "E/CN.6", "SPT",
)
SUFFIX_KINDS = ("Add", "Corr", "Rev", "Amend", "Summary")
# Parts printed in mixed case that must keep it (`E/CN.4/Sub.2/2005/8`).
_MIXED_CASE_PARTS = (*SUFFIX_KINDS, "Sub")

_BODY = "|".join(sorted((re.escape(b) for b in BODIES), key=len, reverse=True))
# A part: `HRC`, `CN.4`, `L.12`, `Sub.2`, a number, a special session `S-27`, or the
# resolution's year or old session after RES (`S/RES/2427 (2018)`, `A/RES/2200(XXI)`), tried
# first so that it is kept; after any other part `(2014)` is prose, not symbol.
_PART = (
    r"(?:(?<=RES/)\d{1,5} ?\((?:\d{4}|[IVXLC]{1,7})\)|[A-Z]{1,3}-\d{1,3}|Sub\.\d{1,2}"
    r"|[A-Z]{1,8}(?:\.\d{1,3})?|\d{1,5}(?:-\d{1,5})?|[A-Z]{1,3}\.\d{1,3}|L\.\d{1,4})"
)
_SUFFIX = r"(?:/(?:Add|Corr|Rev|Amend|Summary)\.\d{1,3})"
_ONE_SYMBOL = rf"(?:{_BODY})(?:/{_PART})+{_SUFFIX}*"
# Joint documents carry two symbols joined by a hyphen: `CEDAW/C/GC/31-CRC/C/GC/18`.
SYMBOL_RE = re.compile(
    rf"(?<![A-Za-z0-9/]){_ONE_SYMBOL}(?:-{_ONE_SYMBOL})?(?![A-Za-z0-9]|/\d)",
)
# Anywhere in the name after a separator (`synthetic_A_HRC_97_20_ar`), up to the end.
_FILE_SYMBOL_RE = re.compile(
    rf"(?:^|(?<=[_\s.-]))(?P<symbol>(?:{_BODY.replace('/', '[_-]')})(?:[_-]{_PART})+?"
    r"(?:[_-](?:Add|Corr|Rev|Amend)\.\d{1,3})*)"
    r"(?:[_.-](?P<lang>ar|en|fr|es|ru|zh|ch|a|e|f|s|r|c))?$",
    re.IGNORECASE,
)
_LANG_LETTERS = {"a": "ar", "e": "en", "f": "fr", "s": "es", "r": "ru", "c": "zh", "ch": "zh"}


@lru_cache(maxsize=4096)  # the same documents are cited again and again
def canonical_symbol(text: str) -> str:
    """`a / hrc/28/56/corr.1` -> `A/HRC/28/56/Corr.1`: one key per document.

    The Security Council's year is written without a space: `S/RES/2427(2018)`.
    """
    parts = [p.strip() for p in re.split(r"\s*/\s*", text.strip()) if p.strip()]
    out = []
    for part in parts:
        kind = next(
            (k for k in _MIXED_CASE_PARTS if part.lower().startswith(k.lower() + ".")), None
        )
        part = re.sub(r"\s+\(", "(", part)
        out.append(kind + part[len(kind):] if kind else part.upper())
    return "/".join(out)


def find_symbols(text: str) -> list[re.Match[str]]:
    """Every UN symbol written in `text`, as regex matches (for offsets).

    Every real symbol carries a number (session, year, serial), so `A/B` in prose is not one.
    """
    return [m for m in SYMBOL_RE.finditer(text) if re.search(r"\d", m.group())]


def symbol_from_filename(path: str | PurePath) -> tuple[str | None, str | None]:
    """(symbol, language) from a UN-style file name such as `A_HRC_28_56_ar.txt`."""
    name = re.sub(r"\.(txt|docx?|pdf|html?|rtf)$", "", PurePath(path).name, flags=re.IGNORECASE)
    match = _FILE_SYMBOL_RE.search(name)
    if not match:
        return None, None
    parts = re.split(r"[_-]", match["symbol"])
    symbol = canonical_symbol("/".join(parts))
    lang = match["lang"]
    return symbol, (_LANG_LETTERS.get(lang.lower(), lang.lower()) if lang else None)


# A job number as printed at a page's foot: `GE.14-23930` (Geneva), `25-12345` (New York).
JOB_NUMBER_RE = re.compile(r"(?<![\d-])(?:(?P<office>GE)\.)?(?P<year>\d{2})-(?P<serial>\d{5})\b")


def base_symbol(symbol: str) -> str:
    """The report an addendum, corrigendum or revision belongs to."""
    return re.sub(rf"{_SUFFIX}+$", "", canonical_symbol(symbol))


def document_url(symbol: str, lang: str = "en") -> str:
    """The official link for a symbol (the undocs.org form resolves to ODS)."""
    prefix = "" if lang == "en" else f"{lang}/"
    return f"https://undocs.org/{prefix}{canonical_symbol(symbol)}"


_HRC_SESSION_RE = re.compile(r"^A/HRC/(\d+)/")
# A symbol's organ and session (`A/HRC/28`, `A/69`, `E/CN.4/2005`), as a `session:` filter.
SESSION_RE = re.compile(r"[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+")
_SESSION_PART_RE = re.compile(r"\d+|S-\d+")


def symbol_session(symbol: str) -> str | None:
    """The organ and session a report belongs to, read from its symbol: every part up to the
    first session number (or year) followed by the report's own number. `A/HRC/28/56` ->
    `A/HRC/28`, `A/69/262` -> `A/69`, `E/CN.4/2005/78` -> `E/CN.4/2005`; None otherwise."""
    parts = canonical_symbol(symbol).split("/")
    for i in range(1, len(parts) - 1):
        if _SESSION_PART_RE.fullmatch(parts[i]) and parts[i + 1].isdigit():
            return "/".join(parts[: i + 1])
    return None
_GA_SESSION_RE = re.compile(r"^A/(\d+)/")
_YEAR_IN_SYMBOL_RE = re.compile(r"^E/CN\.\d+/(\d{4})/")


def estimated_date(symbol: str) -> str | None:
    """An approximate issue date (YYYY-MM) read from the symbol, for ordering and `year:`
    when no dated masthead is known. Reports come out about three months before their
    session: Human Rights Council sessions meet in March, June and September since 2007
    (sessions 1-3 in 2006), the General Assembly opens in September, and Commission
    symbols carry their year."""
    if m := _HRC_SESSION_RE.match(symbol):
        session = int(m[1])
        if session < 4:
            return "2006-06"
        year, month = 2007 + (session - 4) // 3, (3, 6, 9)[(session - 4) % 3] - 3
        return f"{year - 1}-12" if month == 0 else f"{year}-{month:02d}"
    if m := _GA_SESSION_RE.match(symbol):
        return f"{1945 + int(m[1])}-06"
    if m := _YEAR_IN_SYMBOL_RE.match(symbol):
        return f"{m[1]}-01"
    return None
