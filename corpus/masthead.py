"""The masthead of a UN document: symbol, date, languages, session, agenda item, title.

The first page of every UN document carries the same facts in the same places, in each
of the six languages: the symbol, `Distr.: General` and the distribution date, the
original language, the body and session, the agenda item, then the title (`Report of
the Special Rapporteur on …, <name>`), or `Note by the Secretariat`. Reading them gives a
file called `G1424831.pdf` its symbol and gives every report its date and mandate.
Masthead lines are handed on marked style="header", so the structure parser keeps them
as header blocks instead of taking them for the title or the summary.
"""

from __future__ import annotations

import re
from typing import Any

from corpus.layouts import NUMBER, labels_of
from corpus.model import SourceLine
from corpus.symbols import BODIES, canonical_symbol, find_symbols

MASTHEAD_WINDOW = 40
"""How many lines from the top may hold the masthead and the title."""

_MONTHS = {
    1: ("january", "janvier", "enero", "января", "يناير", "كانون الثاني"),
    2: ("february", "février", "fevrier", "febrero", "февраля", "فبراير", "شباط"),
    3: ("march", "mars", "marzo", "марта", "مارس", "آذار"),
    4: ("april", "avril", "abril", "апреля", "أبريل", "نيسان"),
    5: ("may", "mai", "mayo", "мая", "مايو", "أيار"),
    6: ("june", "juin", "junio", "июня", "يونيه", "يونيو", "حزيران"),
    7: ("july", "juillet", "julio", "июля", "يوليه", "يوليو", "تموز"),
    8: ("august", "août", "aout", "agosto", "августа", "أغسطس", "آب"),
    9: ("september", "septembre", "septiembre", "setiembre", "сентября", "سبتمبر", "أيلول"),
    10: ("october", "octobre", "octubre", "октября", "أكتوبر", "تشرين الأول"),
    11: ("november", "novembre", "noviembre", "ноября", "نوفمبر", "تشرين الثاني"),
    12: ("december", "décembre", "decembre", "diciembre", "декабря", "ديسمبر", "كانون الأول"),
}
_MONTH_OF = {name: number for number, names in _MONTHS.items() for name in names}
_MONTH_NAMES = "|".join(sorted((re.escape(n) for n in _MONTH_OF), key=len, reverse=True))
_DATE_RE = re.compile(
    rf"(?P<day>\d{{1,2}})(?:er|º)?\s+(?:de\s+)?(?:(?:{_MONTH_NAMES})/)?(?P<month>{_MONTH_NAMES})"
    rf"\s+(?:de\s+)?(?P<year>\d{{4}})",
    re.IGNORECASE,
)
_CHINESE_DATE_RE = re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日")
_DISTR_RE = re.compile(r"^\s*(?:Distr\.?\s*:?|التوزيع\s*:|Distr\s)", re.IGNORECASE)
_LANGUAGES = {
    "ar": ("arabic", "arabe", "árabe", "арабский", "العربية", "بالعربية", "阿拉伯文"),
    "en": ("english", "anglais", "inglés", "ingles", "английский", "الإنكليزية", "الإنجليزية",
           "بالإنكليزية", "بالإنجليزية", "英文"),
    "fr": ("french", "français", "francais", "francés", "frances", "французский", "الفرنسية",
           "بالفرنسية", "法文"),
    "es": ("spanish", "espagnol", "español", "espanol", "испанский", "الإسبانية", "بالإسبانية",
           "西班牙文"),
    "ru": ("russian", "russe", "ruso", "русский", "الروسية", "بالروسية", "俄文"),
    "zh": ("chinese", "chinois", "chino", "китайский", "الصينية", "بالصينية", "中文"),
}
_ORIGINAL_RE = re.compile(r"(?:Original|Оригинал|الأصل|原文)\s*[:：]\s*(?P<lang>\S+)",
                          re.IGNORECASE)
_SESSION_RE = re.compile(
    r"(?P<s>\S+(?:[\s-]\S+)?\s+(?:session|sesión)|\d+\s*(?:º|°|\.ª)?\s*período de sesiones"
    r"|الدورة\s+\S+(?:\s+\S+)?|\S+\s+\S+\s+сессия|\S+\s+сессия|第\S+届会议)",
    re.IGNORECASE,
)
_AGENDA_RE = re.compile(
    r"(?:Agenda items?|Point|Points|Tema|Temas|البند|البندان|Пункт|Пункты|议程项目)\s*"
    r"(?P<item>\d+(?:\s*\([a-z]\))?(?:\s*(?:and|et|y|و|и|和)\s*\d+)?)"
    r"(?:\s+(?:de l['’]ordre du jour|del programa|من جدول الأعمال|повестки дня))?",
    re.IGNORECASE,
)
_TITLE_RE = re.compile(
    r"^(?:Report|Rapport|Informe|Доклад|تقرير|Note by|Note du|Nota de|مذكرة|Записка|\S*报告)"
    r"|报告$",
    re.IGNORECASE,
)
_KINDS = (
    ("note by the secretariat", re.compile(
        r"Note by the Secretar|Note du secrétariat|Nota de la Secretar|مذكرة من الأمانة"
        r"|Записка Секретариата|秘书处的说明", re.IGNORECASE)),
    ("corrigendum", re.compile(r"^(?:Corrigendum|Rectificatif|Corrección|تصويب|Исправление|更正)$",
                               re.IGNORECASE)),
    ("addendum", re.compile(r"^(?:Addendum|Additif|Adición|إضافة|Добавление|增编)$",
                            re.IGNORECASE)),
)
# The mandate without the article or preposition before it (`de la Rapporteuse spéciale…`
# -> `Rapporteuse spéciale…`); a Chinese mandate ends at its office (`…特别报告员`), before
# `的报告`.
_MANDATE_RE = re.compile(
    r"(?:the\s+|du\s+|de\s+la\s+|de\s+l['’]|del\s+)?(?P<mandate>(?:(?:Special Rapporteur"
    r"|Independent Expert|Working Group)"
    r"|(?:Rapporteu(?:r|se) spécial(?:e)?|Expert(?:e)? indépendant(?:e)?|Groupe de travail)"
    r"|(?:Relator(?:a)? Especial|Experto independiente|Experta independiente|Grupo de Trabajo)"
    r"|Специальн\w+ докладчик\w*|Независим\w+ эксперт\w*|Рабоч\w+ групп\w*"
    r"|(?:ال)?مقرر(?:ة)? (?:ال)?خاص(?:ة)?|(?:ال)?خبير(?:ة)? (?:ال)?مستقل(?:ة)?"
    r"|(?:ال)?فريق (?:ال)?عامل).*|[^\s的]*?(?:特别报告员|独立专家|工作组))",
    re.IGNORECASE,
)
_ORGANS = {
    "united nations", "nations unies", "naciones unidas", "организация объединенных наций",
    "الأمم المتحدة", "联合国", "general assembly", "assemblée générale", "asamblea general",
    "генеральная ассамблея", "الجمعية العامة", "大会", "human rights council",
    "conseil des droits de l'homme", "consejo de derechos humanos", "совет по правам человека",
    "مجلس حقوق الإنسان", "人权理事会", "economic and social council",
    "conseil économique et social", "consejo económico y social",
    "экономический и социальный совет",
    "المجلس الاقتصادي والاجتماعي", "经济及社会理事会",
}
_NAME_PARTICLES = {"de", "da", "del", "der", "van", "von", "la", "le", "di", "dos", "bin",
                   "al", "el", "y", "-", "–"}


def _iso_date(text: str) -> str | None:
    match = _DATE_RE.search(text)
    if match:
        month = _MONTH_OF[match["month"].lower()]
        return f"{int(match['year']):04d}-{month:02d}-{int(match['day']):02d}"
    match = _CHINESE_DATE_RE.search(text)
    if match:
        return f"{int(match['year']):04d}-{int(match['month']):02d}-{int(match['day']):02d}"
    return None


def _language(word: str) -> str | None:
    word = word.strip(" .،,").lower()
    return next((code for code, names in _LANGUAGES.items() if word in names), None)


def _looks_like_name(text: str) -> bool:
    """A personal name: a few words, Latin ones capitalised, Arabic ones without `ال`."""
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        if re.match(r"[A-Za-zÀ-ÿ]", word) and not word[0].isupper():
            return False
        if re.match(r"[\u0600-\u06ff]", word) and (word.startswith("ال") or word == "و"):
            return False
        if re.match(r"[\u0400-\u04ff]", word) and not word[0].isupper():
            return False
    return True


def split_title(title: str) -> tuple[str | None, str | None]:
    """(mandate, rapporteur) from `Report of the Special Rapporteur on X, Name`."""
    match = _MANDATE_RE.search(title)
    if not match:
        return None, None
    mandate = match["mandate"].strip(" .")
    rapporteur = None
    last = re.match(r"^(?P<head>.*)[,،，]\s*(?P<tail>[^,،，]+)$", mandate)
    if last and _looks_like_name(last["tail"].strip(" .")):
        mandate, rapporteur = last["head"].strip(), last["tail"].strip(" .")
    return mandate, rapporteur


def _is_organ(text: str) -> bool:
    """`United Nations`, `General Assembly`… in any language (`联 合 国` spaced out too)."""
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)
    return text.lower().replace("’", "'") in _ORGANS


# A text layer may split the symbol into runs around its slashes (`A /HRC/28/15`).
_SPLIT_RUNS_RE = re.compile(r"(?<=[A-Za-z0-9.])(?:\s+/\s*|/\s+)(?=[A-Za-z0-9])")


def _read_fact(text: str, found: dict[str, Any]) -> bool:
    """Record the masthead facts `text` holds in `found`; True when it is a masthead line."""
    masthead = False
    symbols = find_symbols(_SPLIT_RUNS_RE.sub("/", text))
    if symbols and len(text) <= 100 and "symbol" not in found and (
        len(text) - len(symbols[0].group()) <= 40
    ):
        found["symbol"] = canonical_symbol(symbols[0].group())
        masthead = True
    if _DISTR_RE.match(text) or _is_organ(text):
        masthead = True
    if "date" not in found and len(text) <= 80 and (date := _iso_date(text)):
        found["date"] = date
        masthead = True
    if (original := _ORIGINAL_RE.search(text)) and len(text) <= 60:
        lang = _language(original["lang"])
        if lang:
            found.setdefault("original_language", lang)
        masthead = True
    elif len(text) <= 30 and _language(text) and "date" in found:
        masthead = True  # the language of this version, under the date
    if "session" not in found and len(text) <= 80 and (session := _SESSION_RE.search(text)):
        found["session"] = session["s"].strip()
        masthead = True
    if "agenda_item" not in found and len(text) <= 80 and (agenda := _AGENDA_RE.search(text)):
        found["agenda_item"] = agenda["item"].strip()
        masthead = True
    for kind, pattern in _KINDS:
        if "kind" not in found and len(text) <= 60 and pattern.search(text):
            found["kind"] = kind
    return masthead


def read_masthead(lines: list[SourceLine]) -> dict[str, Any]:
    """Masthead facts found in the first lines; masthead lines are re-marked "header".

    Keys (only those found): symbol, date (ISO), original_language, session, agenda_item,
    title, kind, mandate, rapporteur. `kind` is always set: report unless the symbol or
    the heading says addendum, corrigendum or note by the secretariat.
    """
    found: dict[str, Any] = {}
    window = lines[:MASTHEAD_WINDOW]
    series = ""  # a line holding only a series body (`A`): the symbol's first run
    for line in window:
        text = line.text.strip()
        if series and text.startswith("/") and "symbol" not in found:
            _read_fact(series + text, found)
        series = text if text in BODIES else ""
        if line.number is not None or any(lb.kind == NUMBER for lb in labels_of(text)):
            break  # the first numbered paragraph: the masthead is above it
        if not text:
            continue
        # A masthead printed as a table (DOCX, HTML) holds one fact per cell, as the
        # lines of a PDF or text masthead do.
        cells = [c.strip() for c in text.split(" | ")] if line.style == "table" else [text]
        masthead = any([_read_fact(cell, found) for cell in cells if cell])
        if masthead and line.style in ("", "body", "table"):
            line.style = "header"
        elif "title" not in found and _TITLE_RE.search(text) and len(text) <= 400:
            found["title"] = text
    symbol = found.get("symbol", "")
    if "/Corr." in symbol:
        found["kind"] = "corrigendum"
    elif "/Add." in symbol and found.get("kind") != "note by the secretariat":
        found["kind"] = "addendum"
    found.setdefault("kind", "report")
    if "title" in found:
        mandate, rapporteur = split_title(found["title"])
        if mandate:
            found["mandate"] = mandate
        if rapporteur:
            found["rapporteur"] = rapporteur
    return found
