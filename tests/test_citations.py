"""Citation extraction: exact outputs for the forms staff write, in the six languages."""

from __future__ import annotations

import pytest

from corpus.citations import (
    CitationError,
    Reference,
    body_of,
    extract_citations,
    extract_note_citations,
    infer_body,
    resolution_symbol,
)

HRC_REPORT = "A/HRC/28/56"


def targets(text: str, lang: str, context: str | None = HRC_REPORT) -> list[tuple]:
    return [
        (r.target, r.kind, list(r.target_paragraphs))
        for r in extract_citations(text, lang, context_symbol=context)
    ]


def one(text: str, lang: str, context: str | None = HRC_REPORT) -> Reference:
    [ref] = extract_citations(text, lang, context_symbol=context)
    return ref


# -- the forms named in the issue ---------------------------------------------------


def test_arabic_dual_names_two_resolutions() -> None:
    text = "يقدَّم هذا التقرير عملاً بقراري مجلس حقوق الإنسان 7/13 و25/6. ويتضمن"
    first, second = extract_citations(text, "ar")
    assert (first.target, first.body, first.text) == (
        "HRC res. 7/13", "HRC", "قراري مجلس حقوق الإنسان 7/13",
    )
    assert (second.target, second.text) == ("HRC res. 25/6", "25/6")
    assert text[second.start : second.end] == "25/6"
    assert first.url == "https://undocs.org/ar/A/HRC/RES/7/13"


def test_arabic_pinpoint_range_expands() -> None:
    text = "مثلما جاء في التقرير المقدم إلى الجمعية العامة (A/69/262، الفقرات 8-20)، تعتزم"
    ref = one(text, "ar")
    assert ref.target == "A/69/262" and ref.kind == "document"
    assert ref.target_paragraphs == tuple(range(8, 21))
    assert ref.text == "A/69/262، الفقرات 8-20"
    assert ref.url == "https://undocs.org/ar/A/69/262"


def test_suffixes_written_apart_each_give_a_target() -> None:
    assert targets("في عام 2005 (E/CN.4/2005/78، Corr.1 وCorr.2) وفي عام 2009", "ar") == [
        ("E/CN.4/2005/78", "document", []),
        ("E/CN.4/2005/78/Corr.1", "document", []),
        ("E/CN.4/2005/78/Corr.2", "document", []),
    ]
    assert targets("in 2005 (E/CN.4/2005/78, Corr.1 and Corr.2)", "en")[1:] == [
        ("E/CN.4/2005/78/Corr.1", "document", []),
        ("E/CN.4/2005/78/Corr.2", "document", []),
    ]
    assert targets("see A/HRC/28/56/Add.1 and Add.2", "en") == [
        ("A/HRC/28/56/Add.1", "document", []),
        ("A/HRC/28/56/Add.2", "document", []),
    ]


def test_glued_conjunction_between_symbols() -> None:
    assert targets("(A/HRC/25/74 وA/HRC/26/21)", "ar") == [
        ("A/HRC/25/74", "document", []),
        ("A/HRC/26/21", "document", []),
    ]


@pytest.mark.parametrize(
    ("text", "lang", "paragraphs"),
    [
        ("(A/69/262, para. 9)", "en", [9]),
        ("(A/69/262, paras. 8–20)", "en", list(range(8, 21))),
        ("(A/69/262, paras. 8, 10 and 12)", "en", [8, 10, 12]),
        ("(A/69/262, par. 8 à 20)", "fr", list(range(8, 21))),
        ("(A/69/262, párrs. 8 a 20)", "es", list(range(8, 21))),
        ("(A/69/262, пункты 8–20)", "ru", list(range(8, 21))),
        ("（A/69/262，第8-20段）", "zh", list(range(8, 21))),
        ("A/69/262号文件第8至20段", "zh", list(range(8, 21))),
        ("(E/CN.4/2005/78، الفقرة 123)", "ar", [123]),
        ("(A/69/262، الفقرتان 8 و10)", "ar", [8, 10]),
        ("paragraph 9 of document A/69/262", "en", [9]),
        ("الفقرة 9 من الوثيقة A/69/262", "ar", [9]),
        ("пункт 9 документа A/69/262", "ru", [9]),
        ("A/69/262 para. 9", "en", [9]),
    ],
)
def test_paragraph_pinpoints(text: str, lang: str, paragraphs: list[int]) -> None:
    ref = one(text, lang)
    assert ref.target == "A/69/262" or ref.target == "E/CN.4/2005/78"
    assert list(ref.target_paragraphs) == paragraphs
    assert text[ref.start : ref.end] == ref.text
    assert ref.text[-1].isdigit() or ref.text.endswith("段")


@pytest.mark.parametrize(
    ("text", "lang", "locator", "paragraphs"),
    [
        ("(A/HRC/17/31، المرفق)", "ar", "annex", []),
        ("(A/HRC/17/31, annex)", "en", "annex", []),
        ("(A/HRC/17/31, annex I, para. 3)", "en", "annex I", [3]),
        ("(A/HRC/17/31, chap. II)", "en", "chap. II", []),
        ("(A/HRC/17/31, anexo)", "es", "annex", []),
        ("(A/HRC/17/31، الفصل الثاني)", "ar", "chap. II", []),
        ("（A/HRC/17/31，第二章）", "zh", "chap. II", []),
        ("（A/HRC/17/31，附件）", "zh", "annex", []),
    ],
)
def test_locators(text: str, lang: str, locator: str, paragraphs: list[int]) -> None:
    ref = one(text, lang)
    assert (ref.target, ref.locator, list(ref.target_paragraphs)) == (
        "A/HRC/17/31", locator, paragraphs,
    )


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Human Rights Council resolutions 7/13 and 25/6", "en",
         ["HRC res. 7/13", "HRC res. 25/6"]),
        ("قرار لجنة حقوق الإنسان 1990/68", "ar", ["CHR res. 1990/68"]),
        ("la résolution 7/13 du Conseil", "fr", ["HRC res. 7/13"]),
        ("la resolución 7/13 del Consejo", "es", ["HRC res. 7/13"]),
        ("резолюция 7/13 Совета", "ru", ["HRC res. 7/13"]),
        ("резолюции Совета по правам человека 7/13 и 25/6", "ru",
         ["HRC res. 7/13", "HRC res. 25/6"]),
        ("人权理事会第7/13号决议", "zh", ["HRC res. 7/13"]),
        ("人权理事会第7/13号和第25/6号决议", "zh", ["HRC res. 7/13", "HRC res. 25/6"]),
        ("General Assembly resolution 44/25", "en", ["GA res. 44/25"]),
        ("Security Council resolution 2427 (2018)", "en", ["SC res. 2427 (2018)"]),
        ("S/RES/2427 (2018)", "en", ["SC res. 2427 (2018)"]),
        ("A/RES/69/157", "en", ["GA res. 69/157"]),
        ("Human Rights Council decision 25/115", "en", ["HRC dec. 25/115"]),
        ("مقرر مجلس حقوق الإنسان 25/115", "ar", ["HRC dec. 25/115"]),
        ("第25/115号决定", "zh", ["HRC dec. 25/115"]),
        ("résolution 44/25 de l'Assemblée générale", "fr", ["GA res. 44/25"]),
        ("resolución 2427 (2018) del Consejo de Seguridad", "es", ["SC res. 2427 (2018)"]),
        ("Economic and Social Council resolution 1996/31", "en", ["ECOSOC res. 1996/31"]),
        ("قرار الجمعية العامة 44/25", "ar", ["GA res. 44/25"]),
        ("قرار مجلس الأمن 2427 (2018)", "ar", ["SC res. 2427 (2018)"]),
        ("安全理事会第2427(2018)号决议", "zh", ["SC res. 2427 (2018)"]),
        ("General Assembly resolution 217 A (III)", "en", ["GA res. 217 A (III)"]),
        # The Arabic documents spell the letter out and number the session (دورة) in digits.
        ("قرار الجمعية العامة 217 ألف (د-3)", "ar", ["GA res. 217 A (III)"]),
        ("قرارا الجمعية العامة 2200 ألف (د-21) و١٥١٤ (د-١٥)", "ar",
         ["GA res. 2200 A (XXI)", "GA res. 1514 (XV)"]),
    ],
)
def test_resolutions_with_their_body(text: str, lang: str, expected: list[str]) -> None:
    refs = extract_citations(text, lang, context_symbol=HRC_REPORT)
    assert [r.target for r in refs] == expected
    assert all(r.kind == "resolution" for r in refs)


def test_resolution_span_and_pinpoint() -> None:
    ref = one("paragraph 3 of Human Rights Council resolution 7/13.", "en")
    assert ref.text == "paragraph 3 of Human Rights Council resolution 7/13"
    assert ref.target_paragraphs == (3,)
    ref = one("(resolution 7/13, para. 4)", "en")
    assert (ref.text, ref.target_paragraphs) == ("resolution 7/13, para. 4", (4,))


@pytest.mark.parametrize(
    ("number", "context", "body"),
    [
        ("7/13", "A/HRC/28/56", "HRC"),
        ("44/25", "A/HRC/28/56", "GA"),  # session 44 is after the report's session 28
        ("44/25", None, "HRC"),
        ("69/157", None, "GA"),
        ("25/6", "A/69/262", "GA"),
        ("1990/68", None, "CHR"),
        ("2005/34", "A/HRC/28/56", "CHR"),
        ("2014/12", None, "ECOSOC"),
        ("2427 (2018)", None, "SC"),
        ("S-27/1", "A/HRC/28/56", "HRC"),
        ("S-27/2", "A/69/262", "GA"),
        ("2200 A (XXI)", None, "GA"),
    ],
)
def test_body_inferred_from_number(number: str, context: str | None, body: str) -> None:
    assert infer_body(number, context) == body


def test_bare_resolution_uses_context() -> None:
    assert targets("pursuant to resolutions 7/13 and 44/25", "en") == [
        ("HRC res. 7/13", "resolution", []),
        ("GA res. 44/25", "resolution", []),
    ]
    assert targets("resolution 25/6", "en", "A/69/262") == [("GA res. 25/6", "resolution", [])]


@pytest.mark.parametrize(
    ("target", "symbol"),
    [
        ("HRC res. 7/13", "A/HRC/RES/7/13"),
        ("HRC dec. 25/115", "A/HRC/DEC/25/115"),
        ("GA res. 69/157", "A/RES/69/157"),
        ("SC res. 2427 (2018)", "S/RES/2427(2018)"),
        ("CHR res. 1990/68", "E/CN.4/RES/1990/68"),
        ("ECOSOC res. 2005/34", "E/RES/2005/34"),
        ("HRC res. S-27/1", "A/HRC/RES/S-27/1"),
        ("GA res. 2200 A (XXI)", "A/RES/2200(XXI)"),
        ("GA dec. 68/547", None),
        ("A/69/262", None),
    ],
)
def test_resolution_symbol(target: str, symbol: str | None) -> None:
    assert resolution_symbol(target) == symbol


def test_resolution_symbol_of_a_reference() -> None:
    ref = one("Security Council resolution 2427 (2018)", "en")
    assert resolution_symbol(ref) == "S/RES/2427(2018)"
    assert ref.url == "https://undocs.org/S/RES/2427(2018)"


# -- what is not a citation ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("منذ تعيينها الفعلي في 2 حزيران/يونيه 2014 وملخصاً", "ar"),
        ("وفي 15 تشرين الأول/أكتوبر، قدمت", "ar"),
        ("about 1/2 of the children and 3/4 of the States", "en"),
        ("يصل إلى 000 70 طفل", "ar"),
        ("GE.14-24831 (A)", "en"),
        ("see http://undocs.org/A/69/262 for the text", "en"),
        ("https://documents.un.org/symbol-explorer?s=A/69/262&l=en", "en"),
        ("www.ohchr.org/Documents/A/HRC/28/56", "en"),
        ("Tel.: +41 22 917 9000; fax: +41 22 917 9008", "en"),
        ("الفقرة 2 من المادة 20 من الاتفاقية", "ar"),
        ("A/B testing of the platform in 12/2014", "en"),
        ("اتخاذ القرار بشأن مدى استصواب المحاكمة", "ar"),
        ("وتقدر المقررة الخاصة 25 دولة", "ar"),
        ("the decision of 12/10/2014", "en"),
    ],
)
def test_not_citations(text: str, lang: str) -> None:
    assert extract_citations(text, lang) == []


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(CitationError, match="unknown language"):
        extract_citations("A/69/262", "de")
    with pytest.raises(CitationError, match="not from bytes"):
        extract_citations(b"A/69/262", "en")  # type: ignore[arg-type]
    with pytest.raises(CitationError, match="not the name"):
        body_of("Committee on the Rights of the Child")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("In its resolution 25/6, the General Assembly decided", "en"),
        ("The General Assembly, in its resolution 25/6, decided", "en"),
        ("Par sa résolution 25/6, l'Assemblée générale a décidé", "fr"),
        ("En su resolución 25/6, la Asamblea General decidió", "es"),
        ("В своей резолюции 25/6 Генеральная Ассамблея постановила", "ru"),
        ("وقد قررت الجمعية العامة، في قرارها 25/6، أن", "ar"),
        ("大会在第25/6号决议中决定", "zh"),
    ],
)
def test_body_as_subject_of_its_resolution(text: str, lang: str) -> None:
    # 25/6 alone would be the Council's in a session-28 report: the subject overrides.
    assert [r.target for r in extract_citations(text, lang, context_symbol=HRC_REPORT)] == [
        "GA res. 25/6"
    ]


def test_subject_is_read_in_the_same_sentence_only() -> None:
    text = "The General Assembly met. In its resolution 25/6, it decided"
    assert [r.target for r in extract_citations(text, "en", context_symbol=HRC_REPORT)] == [
        "HRC res. 25/6"
    ]


def test_arabic_indic_digits_are_read() -> None:
    ref = one("قرار مجلس حقوق الإنسان ٧/١٣، الفقرة ٣", "ar")
    assert (ref.target, ref.target_paragraphs) == ("HRC res. 7/13", (3,))


def test_pinpoint_in_brackets_of_its_own() -> None:
    ref = one("as described in A/HRC/28/56 (paras. 9 and 12), the", "en")
    assert (ref.target, ref.target_paragraphs, ref.text) == (
        "A/HRC/28/56", (9, 12), "A/HRC/28/56 (paras. 9 and 12)",
    )


def test_ibid_is_the_previous_notes_document() -> None:
    """Notes in reading order: `Ibid.` takes the last document of the note before it, with
    its own pinpoint; after a note that cites no document it resolves to nothing."""
    notes = ["CEDAW/C/SVN/CO/7, para. 6.", "Ibid., para. 55.", "Ibid.",
             "See www.example.org.", "Ibid., para. 3.", "A/HRC/28/15, annex.",
             "Ibid., para. 26 (b)."]
    found = extract_note_citations(notes, "en")
    assert [[(r.target, r.target_paragraphs, r.text) for r in refs] for refs in found] == [
        [("CEDAW/C/SVN/CO/7", (6,), "CEDAW/C/SVN/CO/7, para. 6")],
        [("CEDAW/C/SVN/CO/7", (55,), "Ibid., para. 55")],
        [("CEDAW/C/SVN/CO/7", (), "Ibid.")],
        [],
        [],
        [("A/HRC/28/15", (), "A/HRC/28/15, annex")],
        [("A/HRC/28/15", (26,), "Ibid., para. 26 (b)")],
    ]
