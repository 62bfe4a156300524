"""How UN reports print their numbering, in the six official languages.

A plain-text report carries its structure only in the labels at the start of lines:
chapter ordinals (`أولاً-`, `I.`, `一、`), lettered sections (`ألف-`, `A.`, `Б.`),
numbers (`12-`, `12.`: a paragraph or a numbered sub-section, only context tells),
and lettered labels (`(أ)`, `(a)`, `a)`, `(一)`: a list item or a level-4 heading).
This module recognises the labels and says where each stands in its sequence; deciding
what a label *means* in its context is corpus.structure's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHAPTER = "chapter"
LETTER = "letter"
NUMBER = "number"
ITEM = "item"

# Heading level of each label kind (corpus.model.Section.level).
LEVELS = {CHAPTER: 1, LETTER: 2, NUMBER: 3, ITEM: 4}

_TANWEEN_AND_TATWEEL = re.compile("[\u064b\u0640]")
_DASH = r"\s*[-\u2010-\u2015\u2212]"
_SPACE = r"[\s\u00a0]"
_LEADING_DASH = re.compile(rf"^{_DASH}")

ARABIC_ORDINALS = (
    "أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا",
    "حادي عشر", "ثاني عشر", "ثالث عشر", "رابع عشر", "خامس عشر",
)
# Lettered sections are spelled out in abjad order: ألف، باء، جيم ...
ARABIC_LETTER_NAMES = (
    "ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام", "ميم",
    "نون", "سين", "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء", "ثاء", "خاء", "ذال", "ضاد",
    "ظاء", "غين",
)
# List items and level-4 headings use single letters, same abjad order.
ARABIC_ITEM_LETTERS = (
    "أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص",
    "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ",
)
LATIN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CYRILLIC_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"
CHINESE_NUMERALS = "一二三四五六七八九十"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}

_ORDINAL_RE = re.compile(rf"^(?P<label>{'|'.join(ARABIC_ORDINALS)}){_DASH}(?:{_SPACE}|$)")
_LETTER_NAME_RE = re.compile(rf"^(?P<label>{'|'.join(ARABIC_LETTER_NAMES)}){_DASH}(?:{_SPACE}|$)")
_ROMAN_RE = re.compile(r"^(?P<label>X{0,3}(?:IX|IV|VI{0,3}|I{1,3})|X{1,3})\.(?:\s+(?P<rest>.*))?$")
_CAPITAL_RE = re.compile(
    rf"^(?P<label>[{LATIN_LETTERS}{CYRILLIC_LETTERS}])\.(?:\s+(?P<rest>.*))?$"
)
# `一、导言`, `一. 导言`, `一．导言`, `一\t导言`.
_CHINESE_CHAPTER_RE = re.compile(
    rf"^(?P<label>[{CHINESE_NUMERALS}]{{1,3}})(?:[、.．]|(?=\t))\s*(?P<rest>.*)$"
)
# `12-`, `12 -`, `12.` alone or before the text; never `14-18` or `2.8`.
_NUMBER_RE = re.compile(rf"^(?P<label>\d{{1,4}})(?:{_DASH}|\.)(?:{_SPACE}+(?P<rest>.*))?$")
_ITEM_BODY = (
    rf"[a-z]{{1,2}}|[ivx]{{1,5}}|[а-яё]|هـ|ه|[{''.join(ARABIC_ITEM_LETTERS[:4])}"
    rf"{''.join(ARABIC_ITEM_LETTERS[5:])}]|[{CHINESE_NUMERALS}]{{1,3}}"
)
_ITEM_RE = re.compile(
    rf"^(?P<label>[(\uff08](?P<key>{_ITEM_BODY})[)\uff09]|(?P<bare>[a-z]|[а-яё])\))"
    rf"(?:{_SPACE}*(?P<rest>.*))?$"
)
_ARABIC_HEADING_INITIALS = frozenset(name[0] for name in ARABIC_ORDINALS + ARABIC_LETTER_NAMES)
_ROMAN_SMALL_RE = re.compile(r"^(?:i{2,3}|iv|vi{1,3}|ix|xi{0,3})$")


@dataclass(frozen=True)
class Label:
    """A numbering label at the start of a line.

    `label` is as printed without the trailing dash or dot (`أولاً`, `ألف`, `12`, `(أ)`);
    `index` is its place in its own sequence (أولاً, I, A, ألف, (a), (أ) are all 1);
    `rest` is the text after the label on the same line ("" when the label stands alone).
    """

    kind: str
    label: str
    index: int
    rest: str


def _strip_marks(text: str) -> str:
    return _TANWEEN_AND_TATWEEL.sub("", text).replace("إ", "أ").replace("آ", "أ")


def _roman_value(numeral: str) -> int:
    total = 0
    values = [_ROMAN_VALUES[c] for c in numeral.upper()]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total


def _chinese_value(numeral: str) -> int:
    digits = [CHINESE_NUMERALS.index(c) + 1 for c in numeral]
    if len(digits) == 1:
        return digits[0]
    if digits[0] == 10:  # 十一 .. 十九
        return 10 + digits[1]
    return digits[0] * 10 + (digits[2] if len(digits) > 2 else 0)  # 二十, 二十一


def _item_index(key: str) -> int:
    if key in ("هـ", "ه"):
        return 5
    if key in ARABIC_ITEM_LETTERS:
        return ARABIC_ITEM_LETTERS.index(key) + 1
    if key[0] in CHINESE_NUMERALS:
        return _chinese_value(key)
    if _ROMAN_SMALL_RE.match(key):
        return _roman_value(key)
    if "а" <= key[0] <= "я" or key == "ё":
        lower = CYRILLIC_LETTERS.lower()
        return lower.index(key) + 1 if key in lower else 0
    if len(key) == 2:  # (aa), (bb): the sequence after (z)
        return 26 + LATIN_LETTERS.lower().index(key[0]) + 1 if key[0] == key[1] else 0
    return LATIN_LETTERS.lower().index(key) + 1


def _arabic_heading(text: str) -> Label | None:
    # Most lines start with a number or a word no ordinal or letter name starts with:
    # they are told by their first letter, without stripping the marks of the whole line.
    if _strip_marks(text.lstrip("\u064b\u0640")[:1]) not in _ARABIC_HEADING_INITIALS:
        return None
    bare = _strip_marks(text)
    for kind, regex, names in (
        (CHAPTER, _ORDINAL_RE, ARABIC_ORDINALS),
        (LETTER, _LETTER_NAME_RE, ARABIC_LETTER_NAMES),
    ):
        match = regex.match(bare)
        if match:
            index = names.index(match["label"]) + 1
            # The label and the rest as printed: same letters as the match, marks kept.
            printed = _printed_prefix(text, len(match["label"]))
            rest = _LEADING_DASH.sub("", text[len(printed):]).strip()
            return Label(kind, printed, index, rest)
    return None


def _printed_prefix(text: str, bare_length: int) -> str:
    """The start of `text` that holds `bare_length` letters once tanween/tatweel are dropped."""
    seen = 0
    for end, char in enumerate(text):
        if seen == bare_length and not _TANWEEN_AND_TATWEEL.match(char):
            return text[:end]
        if not _TANWEEN_AND_TATWEEL.match(char):
            seen += 1
    return text


def labels_of(text: str) -> list[Label]:
    """Every reading of the label that starts `text` (stripped); [] when there is none.

    Two readings only for `I.`, `V.`, `X.`: chapter numeral or section letter.
    """
    text = text.strip()
    if not text:
        return []
    found: list[Label] = []
    arabic = _arabic_heading(text)
    if arabic:
        return [arabic]
    match = _NUMBER_RE.match(text)
    if match:
        return [Label(NUMBER, match["label"], int(match["label"]), (match["rest"] or "").strip())]
    match = _ROMAN_RE.match(text)
    if match and match["label"]:
        rest = (match["rest"] or "").strip()
        found.append(Label(CHAPTER, match["label"], _roman_value(match["label"]), rest))
    match = _CAPITAL_RE.match(text)
    if match:
        letter = match["label"]
        alphabet = LATIN_LETTERS if letter in LATIN_LETTERS else CYRILLIC_LETTERS
        rest = (match["rest"] or "").strip()
        found.append(Label(LETTER, letter, alphabet.index(letter) + 1, rest))
    match = _CHINESE_CHAPTER_RE.match(text)
    if match:
        found.append(Label(CHAPTER, match["label"], _chinese_value(match["label"]), match["rest"]))
    match = _ITEM_RE.match(text)
    if match:
        key = match["key"] or match["bare"]
        index = _item_index(key)
        if index:
            found.append(Label(ITEM, match["label"], index, (match["rest"] or "").strip()))
    return found


SUMMARY_WORDS = frozenset({
    "موجز", "ملخص", "summary", "résumé", "resumen", "резюме", "摘要", "概要",
})
CONTENTS_WORDS = frozenset({
    "المحتويات", "contents", "table des matières", "índice", "содержание", "目录", "目錄",
})


def front_matter_kind(text: str) -> str | None:
    """`summary` or `contents` when `text` is that front-matter heading, else None."""
    word = text.strip().strip(":：").strip().lower()
    if word in SUMMARY_WORDS:
        return "summary"
    if word in CONTENTS_WORDS:
        return "contents"
    return None


# An annex heading ends the numbered body: `Annex`, `Annex II`, `المرفق`, `附件一`.
_ANNEX_RE = re.compile(
    r"^(?:annex|annexe|anexo|приложение|المرفق|مرفق|附件)"
    r"(?:\s*(?:[IVX\d一二三四五六七八九十]{1,4}|الأول|الثاني|الثالث|الرابع|الخامس))?"
    r"(?:\s*[-–.:]?\s*)$",
    re.IGNORECASE,
)


def is_annex_heading(text: str) -> bool:
    return bool(_ANNEX_RE.match(text.strip()))


# A report's title line: "Report of …", "تقرير …", "Rapport …", "Informe …", "Доклад …", "…报告".
_TITLE_RE = re.compile(
    r"^(?:تقرير|report|rapport|informe|доклад)\b|报告(?:[（(][^）)]*[）)])?$", re.IGNORECASE
)


def looks_like_title(text: str) -> bool:
    return bool(_TITLE_RE.search(text.strip()))


# A contents line ends with its paragraph range and page: `Introduction ....... 1–3   3`.
_CONTENTS_LINE_RE = re.compile(r"(?:\.{3,}|…+|\s)\s*\d+(?:\s*[-–]\s*\d+)?(?:\s+\d+)?\s*$")


def looks_like_contents_line(text: str) -> bool:
    return bool(_CONTENTS_LINE_RE.search(text))


# Text that ends a sentence or a list item, not a heading.
SENTENCE_END = (".", "؛", ";", ":", "،", ",", "。", "；", "：", "!", "?", "؟", "！", "？")
MAX_HEADING_LENGTH = 200


def looks_like_heading_text(text: str) -> bool:
    """Short, and not ending like a sentence or a list item."""
    text = text.strip()
    return 0 < len(text) <= MAX_HEADING_LENGTH and not text.endswith(SENTENCE_END)


def ends_with_colon(text: str) -> bool:
    return text.rstrip().endswith((":", "："))
