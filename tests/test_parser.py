"""The structure parser on the bundled report (exact) and on the synthetic six-language set.

The expected table of contents below was written by reading corpus/sample/A_HRC_28_56_ar.txt
line by line (label line, title line, the paragraph numbers under each heading), not by
copying the parser's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.layouts import labels_of
from corpus.model import Report, Section, SourceLine
from corpus.readers import load_report
from corpus.structure import build_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "synthetic"

# (level, label, title, first, last), depth first, as the file prints them.
SAMPLE_TOC = [
    (1, "أولاً", "مقدمة", 1, 1),
    (1, "ثانياً", "الأنشطة", 2, 8),
    (2, "ألف", "الزيارات القطرية", 2, 3),
    (2, "باء", "أنشطة أخرى", 4, 8),
    (3, "1", "المؤتمرات والحلقات الدراسية والتعاون مع الجهات صاحبة المصلحة", 4, 7),
    (3, "2", "الرسائل", 8, 8),
    (1, "ثالثاً", "ولاية المقررة الخاصة في مجال مكافحة بيع الأطفال واستغلال الأطفال في البغاء"
     " وفي المواد الإباحية", 9, 16),
    (2, "ألف", "النهج المتبع والنطاق", 9, 12),
    (2, "باء", "أساليب العمل", 13, 16),
    (1, "رابعاً", "تكنولوجيا المعلومات والاتصالات وبيع الأطفال واستغلالهم جنسياً", 17, 81),
    (2, "ألف", "الغرض والمنهجية", 17, 19),
    (2, "باء", "معلومات أساسية", 20, 24),
    (2, "جيم", "استعراض القضايا والاتجاهات المتصلة بالولاية", 25, 43),
    (3, "1", "استغلال الأطفال في المواد الإباحية", 26, 29),
    (3, "2", "استغلال الأطفال في البغاء", 30, 33),
    (3, "3", "بيع الأطفال", 34, 37),
    (3, "4", 'استدراج الأطفال أو "الإغواء"', 38, 41),
    (3, "5", "البث الدفقي المباشر للاعتداءات التي تقع على الأطفال", 42, 43),
    (2, "دال", "الاستراتيجيات الشاملة لمنع ومكافحة جرائم بيع الأطفال واستغلالهم الجنسي التي"
     " تيسرها التكنولوجيا الجديدة", 44, 81),
    (3, "1", "تشريع وطني ملائم", 45, 46),
    (3, "2", "الكشف والإبلاغ", 47, 54),
    (4, "(أ)", "خطوط المساعدة", 48, 48),
    (4, "(ب)", "الخطوط الساخنة", 49, 52),
    (4, "(ج)", "تحليل الصور", 53, 54),
    (3, "3", "التحقيقات ومقاضاة المجرمين", 55, 57),
    (3, "4", "تعويض الضحايا وإعادة تأهيلهم", 58, 59),
    (3, "5", "برامج الوقاية والحماية", 60, 68),
    (4, "(أ)", "يوم الاستخدام الآمن للإنترنت (من أجل شبكة إنترنت أكثر أماناً)", 61, 62),
    (4, "(ب)", "تمكين الأطفال", 63, 66),
    (4, "(ج)", "الترشيح", 67, 68),
    (3, "6", "التعاون الدولي", 69, 74),
    (4, "(أ)", "فرقة العمل العالمية للقضايا الإلكترونية", 71, 71),
    (4, "(ب)", "التحالف العالمي", 72, 74),
    (3, "7", "المسؤولية الاجتماعية للشركات", 75, 81),
    (4, "(أ)", "التحالف المالي من أجل مكافحة استغلال الأطفال في المواد الإباحية", 76, 78),
    (4, "(ب)", "مبادئ توجيهية خاصة بالقطاع", 79, 81),
    (1, "خامساً", "استنتاجات وتوصيات", 82, 89),
    (2, "ألف", "استنتاجات", 82, 84),
    (2, "باء", "توصيات", 85, 89),
    (3, "1", "على المستوى الوطني", 87, 87),
    (3, "2", "على المستوى الدولي", 88, 88),
    (3, "3", "فيما يتعلق بالمسؤولية الاجتماعية للشركات", 89, 89),
]
ARABIC_ITEM_LABELS = ["(أ)", "(ب)", "(ج)", "(د)", "(هـ)", "(و)", "(ز)", "(ح)", "(ط)", "(ي)"]


def flatten(sections: list[Section]) -> list[Section]:
    out = []
    for section in sections:
        out.append(section)
        out.extend(flatten(section.children))
    return out


def toc(report: Report) -> list[tuple[str | int | None, ...]]:
    return [(s.level, s.label, s.title, s.first, s.last) for s in flatten(report.sections)]


@pytest.fixture(scope="module")
def sample() -> Report:
    return load_report(SAMPLE)


def test_sample_has_paragraphs_1_to_89_in_order(sample: Report) -> None:
    assert [p.number for p in sample.paragraphs] == list(range(1, 90))
    assert all(p.text.strip() for p in sample.paragraphs)


def test_sample_table_of_contents(sample: Report) -> None:
    assert toc(sample) == SAMPLE_TOC


def test_sections_nest_by_level(sample: Report) -> None:
    def check(sections: list[Section], parent_level: int) -> None:
        for section in sections:
            assert section.level > parent_level
            for child in section.children:
                assert section.first <= child.first and child.last <= section.last
            check(section.children, section.level)

    check(sample.sections, 0)
    assert [s.label for s in sample.sections] == ["أولاً", "ثانياً", "ثالثاً", "رابعاً", "خامساً"]


def test_paragraph_section_paths(sample: Report) -> None:
    assert sample.paragraph(1).section_path == ["مقدمة"]
    assert sample.paragraph(8).section_path == ["الأنشطة", "أنشطة أخرى", "الرسائل"]
    assert sample.paragraph(44).section_path == [
        "تكنولوجيا المعلومات والاتصالات وبيع الأطفال واستغلالهم جنسياً",
        SAMPLE_TOC[18][2],
    ]
    assert sample.paragraph(50).section_path[1:] == [
        SAMPLE_TOC[18][2], "الكشف والإبلاغ", "الخطوط الساخنة",
    ]
    assert sample.paragraph(86).section_path == ["استنتاجات وتوصيات", "توصيات"]


def test_paragraph_texts_start_and_end_where_the_file_says(sample: Report) -> None:
    # The file writes shadda before fatha: يقد + U+0651 U+064E + م.
    assert sample.paragraph(1).text.startswith(
        "يقد\u0651\u064eم هذا التقرير عملاً بقراري مجلس حقوق الإنسان 7/13 و25/6."
    )
    assert sample.paragraph(8).text.startswith("ترد في تقريري الإجراءات الخاصة بشأن البلاغات")
    assert sample.paragraph(86).text == (
        "ولهذا الغرض، توصي المقررة الخاصة باتخاذ الإجراءات الواردة أدناه."
    )
    assert sample.paragraph(89).text.startswith("تؤكد المقررة الخاصة أهمية تعزيز المسؤولية")


def test_no_heading_text_glued_to_a_paragraph(sample: Report) -> None:
    titles = {s.title for s in flatten(sample.sections)}
    for paragraph in sample.paragraphs:
        lines = paragraph.text.split("\n")
        assert not titles.intersection(lines), paragraph.number
    # Paragraph 86 is followed by sub-section 1's title; paragraph 7 by `2-` and its title.
    assert "على المستوى الوطني" not in sample.paragraph(86).text
    assert "الرسائل" not in sample.paragraph(7).text


def test_list_items_of_paragraph_87(sample: Report) -> None:
    paragraph = sample.paragraph(87)
    assert [i.label for i in paragraph.items] == ARABIC_ITEM_LABELS
    assert paragraph.items[3].text == (
        "ضمان وصول الأطفال الميسّر إلى آليات تراعي خصوصيتهم من أجل التقاضي والإبلاغ؛"
    )
    assert paragraph.items[8].text == "إنشاء نظام موثوق وموحّد للمعلومات المتعلقة بهذه الظاهرة؛"
    lines = paragraph.text.split("\n")
    assert lines[0] == "تدعو المقررة الخاصة جميع الدول إلى القيام بما يلي:"
    assert lines[1:] == [f"{i.label} {i.text}" for i in paragraph.items]


def test_list_items_of_paragraph_88(sample: Report) -> None:
    paragraph = sample.paragraph(88)
    assert [i.label for i in paragraph.items] == ARABIC_ITEM_LABELS[:6]
    assert paragraph.items[0].text.startswith("إنشاء إطار قانوني عالمي شامل")
    assert paragraph.items[5].text.endswith("وعن سبل مكافحته.")
    assert sum(len(p.items) for p in sample.paragraphs) == 16


def test_footnote_marks_are_removed_and_recorded(sample: Report) -> None:
    p20 = sample.paragraph(20)
    assert len(p20.footnotes) == 1
    offset = p20.footnotes[0].offset
    assert p20.text[:offset].endswith("والتعبير عن هويتهم")
    assert p20.text[offset:].startswith(". غير أن التكنولوجيا")
    assert "(" not in p20.text and ")" not in p20.text
    # Paragraph 7's mark is closed by a line that is only `).`
    p7 = sample.paragraph(7)
    assert [f.offset for f in p7.footnotes] == [len(p7.text) - 1] and p7.text.endswith(".")
    # Paragraph 23: six marks, the last closed by a `).` line.
    p23 = sample.paragraph(23)
    assert len(p23.footnotes) == 6
    assert p23.text[p23.footnotes[0].offset - 7:p23.footnotes[0].offset] == "الماضية"
    assert p23.text[p23.footnotes[0].offset:].startswith("، علماً أن")
    # Paragraph 36: `عالمية(` / `) تقدر` keeps the space that followed `)`.
    p36 = sample.paragraph(36)
    assert "فتجارة الأعضاء ظاهرة عالمية تقدر قيمتها" in p36.text
    assert len(p36.footnotes) == 3


def test_footnote_numbers_run_through_the_document(sample: Report) -> None:
    numbers = [f.number for p in sample.paragraphs for f in p.footnotes]
    raw = SAMPLE.read_text(encoding="utf-8").split("\n")
    breaks = sum(1 for line in raw if line.rstrip().endswith("("))
    assert numbers == list(range(1, breaks + 1)) and breaks == 67
    assert sample.paragraph(7).footnotes[0].number == 1
    assert sample.paragraph(20).footnotes[0].number == 2


def test_real_parentheses_are_kept(sample: Report) -> None:
    assert "(A/69/262، الفقرات 8-20)" in sample.paragraph(9).text
    assert "(14-18 سنة)" in sample.paragraph(24).text
    assert "الفقرة 1(ج) من المادة 3" in sample.paragraph(27).text
    assert "(نحو 40 في المائة من الأطفال)" in sample.paragraph(39).text
    assert "(A/HRC/28/56/Add.1)" in sample.paragraph(2).text


def test_text_outside_paragraphs_is_kept_as_blocks(sample: Report) -> None:
    assert [(b.kind, b.after) for b in sample.blocks] == [
        ("title", 0), ("heading", 0), ("summary", 0),
    ]
    assert sample.title == sample.blocks[0].text
    assert sample.title.startswith("تقرير المقررة الخاصة المعنية ببيع الأطفال")
    assert sample.title.endswith("مود دي بور - بوكيتشيو")
    assert sample.blocks[1].text == "موجز"
    assert sample.blocks[2].text.startswith("يقدم هذا التقرير لمحة عامة")


def assert_every_line_lands(path: Path, report: Report) -> None:
    """Each non-blank source line (footnote parentheses aside) is in the report somewhere:
    its text in a paragraph, item, heading title or block, its label a heading label, a
    paragraph number or an item label."""
    sections = flatten(report.sections)
    labels = {s.label for s in sections} | {str(p.number) for p in report.paragraphs}
    labels |= {i.label for p in report.paragraphs for i in p.items}
    texts = [p.text for p in report.paragraphs] + [b.text for b in report.blocks]
    texts += [s.title for s in sections]
    for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        line = raw.strip()
        if line.startswith(")"):
            line = line[1:].strip()
        if line.endswith("("):
            line = line[:-1].strip()
        if not line or line in (".", "。") or any(line in t for t in texts):
            continue
        readings = labels_of(line)
        assert any(
            lb.label in labels and (not lb.rest or any(lb.rest in t for t in texts))
            for lb in readings
        ), (path.name, number, line)


def test_every_line_of_the_source_lands_somewhere(sample: Report) -> None:
    assert_every_line_lands(SAMPLE, sample)


def test_build_report_accepts_lines_with_reader_hints() -> None:
    lines = [
        SourceLine("Introduction", style="heading", level=1),
        SourceLine("The first paragraph.", number=1),
        SourceLine("A footnote body.", style="footnote"),
        SourceLine("I. Activities", style="heading", level=1),
        SourceLine("The second paragraph.", number=2),
    ]
    report = build_report(lines)
    assert [(s.label, s.title, s.first, s.last) for s in report.sections] == [
        ("", "Introduction", 1, 1), ("I", "Activities", 2, 2),
    ]
    assert [p.text for p in report.paragraphs] == ["The first paragraph.", "The second paragraph."]
    assert [(b.kind, b.after) for b in report.blocks] == [("footnote", 1)]


# --- ambiguity rules on small inputs -------------------------------------------------------


def parse(text: str) -> Report:
    return build_report([SourceLine(line) for line in text.split("\n")])


def test_number_is_a_heading_when_a_short_title_and_the_paragraph_follow() -> None:
    # Sub-section 2 arrives when paragraph 2 is expected: only what follows tells.
    report = parse("1- فقرة أولى طويلة بما يكفي.\n2-\nعنوان فرعي\n2-\nالفقرة الثانية.")
    assert [p.number for p in report.paragraphs] == [1, 2]
    assert [(s.label, s.title, s.first) for s in report.sections] == [("2", "عنوان فرعي", 2)]


def test_short_paragraph_without_period_is_still_a_paragraph() -> None:
    report = parse("1. First paragraph.\n2. Short one without a period\n3. Third paragraph.")
    assert [p.number for p in report.paragraphs] == [1, 2, 3] and report.sections == []


def test_last_short_list_item_before_the_next_paragraph_stays_an_item() -> None:
    report = parse("1. Visits were requested to:\n(a) Honduras\n(b) Armenia\n2. Next paragraph.")
    assert [i.label for i in report.paragraph(1).items] == ["(a)", "(b)"]
    assert report.sections == []


def test_lettered_heading_between_paragraphs() -> None:
    report = parse("1. First paragraph.\n(a) Helplines\n2. Helplines are useful.\n"
                   "(b) Hotlines\n3. Hotlines too.")
    assert [(s.level, s.label, s.title, s.first) for s in report.sections] == [
        (4, "(a)", "Helplines", 2), (4, "(b)", "Hotlines", 3),
    ]
    assert report.paragraph(1).items == []


def test_roman_i_after_h_is_a_lettered_section() -> None:
    letters = "ABCDEFGHI"
    body = "\n".join(f"{c}. Section {c}\n{n}. Paragraph {n}." for n, c in enumerate(letters, 2))
    report = parse(f"I. Chapter one\n1. Paragraph one.\n{body}\nII. Chapter two\n11. Last one.")
    assert [s.label for s in report.sections] == ["I", "II"]
    assert [s.label for s in report.sections[0].children] == list(letters)


def test_skipped_paragraph_number_is_reported() -> None:
    report = parse("1. First paragraph.\n3. Third paragraph, the second is missing.")
    assert [p.number for p in report.paragraphs] == [1, 3]
    assert "paragraph 2 not found" in report.metadata["warnings"][0]


def test_annex_is_kept_as_blocks_and_ends_the_numbered_paragraphs() -> None:
    report = parse("I. Intro\n1. Body one.\n2. Body two.\nAnnex I\nParticipants\n1. Someone.\n"
                   "المرفق الثاني\nنص")
    assert [p.number for p in report.paragraphs] == [1, 2]
    assert report.paragraph(2).text == "Body two."
    assert [(b.kind, b.after, b.text) for b in report.blocks] == [
        ("annex", 2, "Annex I\nParticipants\n1. Someone."), ("annex", 2, "المرفق الثاني\nنص"),
    ]


def test_text_between_a_heading_and_the_next_paragraph_is_a_block() -> None:
    report = parse("I. Introduction\nAn unnumbered note under the heading.\n1. Body.")
    assert [(b.kind, b.text, b.section_path) for b in report.blocks] == [
        ("text", "An unnumbered note under the heading.", ["Introduction"]),
    ]


# --- the synthetic set: one report per language -----------------------------------------

SYNTHETIC_EXPECTED = {
    "ar": ("A/HRC/99/15", [
        (1, "أولاً", "مقدمة", 1, 1), (1, "ثانياً", "الأنشطة", 2, 5),
        (2, "ألف", "الزيارات القطرية", 2, 3), (2, "باء", "الكشف والإبلاغ", 4, 5),
        (3, "1", "تحليل الصور", 4, 5), (4, "(أ)", "خطوط المساعدة", 4, 4),
        (4, "(ب)", "الخطوط الساخنة", 5, 5), (1, "ثالثاً", "استنتاجات وتوصيات", 6, 8),
    ], {7: ["(أ)", "(ب)", "(ج)"]}, [2, 4]),
    "en": ("A/HRC/99/10", [
        (1, "I", "Introduction", 1, 1), (1, "II", "Activities", 2, 5),
        (2, "A", "Country visits", 2, 2), (2, "B", "Other activities", 3, 5),
        (3, "1", "Conferences and seminars", 3, 4), (3, "2", "Communications", 5, 5),
        (1, "III", "Conclusions and recommendations", 6, 8),
    ], {7: ["(a)", "(b)", "(c)"]}, [3, 4, 8]),
    "fr": ("A/HRC/99/11", [
        (1, "I", "Introduction", 1, 1), (1, "II", "Stratégies globales", 2, 6),
        (2, "A", "Cadre juridique", 2, 3), (2, "B", "Détection et signalement", 4, 6),
        (4, "a)", "Lignes d’assistance", 5, 5), (4, "b)", "Lignes directes", 6, 6),
        (1, "III", "Conclusions et recommandations", 7, 8),
    ], {7: ["a)", "b)", "c)"]}, [2, 5]),
    "es": ("A/HRC/99/12", [
        (1, "I", "Introducción", 1, 1), (1, "II", "Actividades", 2, 5),
        (2, "A", "Visitas a países", 2, 3), (2, "B", "Otras actividades", 4, 5),
        (3, "1", "Conferencias y seminarios", 4, 5),
        (1, "III", "Conclusiones y recomendaciones", 6, 8),
    ], {2: ["a)", "b)"], 7: ["a)", "b)"]}, [3, 5]),
    "ru": ("A/HRC/99/13", [
        (1, "I", "Введение", 1, 1), (1, "II", "Деятельность", 2, 5),
        (2, "А", "Посещения стран", 2, 3), (2, "Б", "Другая деятельность", 4, 5),
        (3, "1", "Конференции и семинары", 4, 4), (3, "2", "Сообщения", 5, 5),
        (1, "III", "Выводы и рекомендации", 6, 8),
    ], {7: ["а)", "б)", "в)"]}, [2, 6]),
    "zh": ("A/HRC/99/14", [
        (1, "一", "导言", 1, 1), (1, "二", "活动", 2, 5),
        (2, "A", "国别访问", 2, 3), (2, "B", "其他活动", 4, 5),
        (3, "1", "会议和研讨会", 4, 5), (1, "三", "结论和建议", 6, 8),
    ], {3: ["(一)", "(二)"], 7: ["(a)", "(b)", "(c)"]}, [2, 5]),
}


@pytest.mark.parametrize("lang", sorted(SYNTHETIC_EXPECTED))
def test_synthetic_report(lang: str) -> None:
    symbol, sections, items, footnoted = SYNTHETIC_EXPECTED[lang]
    report = load_report(SYNTHETIC / f"synthetic_report_{lang}.txt")
    assert (report.symbol, report.lang) == (symbol, lang)
    assert [p.number for p in report.paragraphs] == list(range(1, 9))
    assert toc(report) == sections
    assert {p.number: [i.label for i in p.items] for p in report.paragraphs if p.items} == items
    assert [p.number for p in report.paragraphs if p.footnotes] == footnoted
    for paragraph in report.paragraphs:
        assert not paragraph.text.endswith("("), paragraph.number
        assert not paragraph.text.startswith(")"), paragraph.number
    assert report.title and [b.kind for b in report.blocks].count("title") == 1
    assert any(b.kind == "summary" for b in report.blocks)
    assert_every_line_lands(SYNTHETIC / f"synthetic_report_{lang}.txt", report)


def test_synthetic_english_contents_table_is_not_taken_for_headings() -> None:
    report = load_report(SYNTHETIC / "synthetic_report_en.txt")
    contents = [b for b in report.blocks if b.kind == "contents"]
    assert len(contents) == 1 and "II.\tActivities\t2–5\t3" in contents[0].text
    assert len(report.sections) == 3
    assert report.title.startswith("Report of the Special Rapporteur")
    assert "(14–18 years)" in report.paragraph(4).text
    assert [b.text.split("\n")[:2] for b in report.blocks if b.kind == "annex"] == [
        ["Annex", "List of meetings attended by the Special Rapporteur"],
    ]


@pytest.mark.parametrize("label", ["一.\t", "一、", "一．", "一\t", "一. "])
def test_chinese_chapter_labels(label: str) -> None:
    report = parse(f"{label}导言\n1. SYNTHETIC 第一段。\n二.\t活动\n2. SYNTHETIC 第二段。")
    assert [(s.label, s.title, s.first) for s in report.sections] == [
        ("一", "导言", 1), ("二", "活动", 2),
    ]


def test_tabs_in_heading_titles_become_spaces() -> None:
    report = build_report([
        SourceLine("Summary", style="heading", level=1),
        SourceLine("SYNTHETIC summary."),
        SourceLine("Rights\tand duties", style="heading", level=1),
        SourceLine("1. Body.", number=None),
    ])
    assert [s.title for s in report.sections] == ["Rights and duties"]
    assert report.paragraphs[0].section_path == ["Rights and duties"]
    assert [b.kind for b in report.blocks] == ["heading", "summary"]


def test_pdf_contents_rows_are_not_headings() -> None:
    """SYNTHETIC: a contents table as the PDF reader hands it over, cells on lines of
    their own and a long title wrapped after its paragraph range."""
    rows = ["Contents", "Paragraphs", "Page", "I. Introduction 1–2", "3", "II. Activities",
            "1–2", "3", "A. Visits 1–2", "4", "III. Conclusions and 1–2", "4", "recommendations"]
    lines = [SourceLine(text) for text in rows] + [
        SourceLine("I. Introduction", style="heading"), SourceLine("1. SYNTHETIC one."),
        SourceLine("II. Activities", style="heading"), SourceLine("A. Visits", style="heading"),
        SourceLine("2. SYNTHETIC two."),
    ]
    report = build_report(lines)
    assert [(s.label, s.title, s.first) for s in flatten(report.sections)] == [
        ("I", "Introduction", 1), ("II", "Activities", 2), ("A", "Visits", 2),
    ]
    contents = [b for b in report.blocks if b.kind == "contents"]
    assert len(contents) == 1 and contents[0].text.split("\n") == rows[1:]
    assert not [b for b in report.blocks if b.kind == "text"]


def test_a_numbered_list_inside_a_paragraph_stands_further_in() -> None:
    """SYNTHETIC lines as a PDF of the 2010 UPR layout gives them: paragraph 4 lists
    recommendations numbered `1.`, `2.` … on lines of their own, further in than the
    paragraph numbers; `5.` and `6.` of the list are not paragraphs 5 and 6."""
    lines = [SourceLine(f"{n}. Paragraph {n} of the report.", indent=0.0) for n in (1, 2, 3)]
    lines.append(SourceLine("4. The recommendations below enjoy the support of the State:",
                            indent=0.0))
    for n in range(1, 8):
        lines.append(SourceLine(f"{n}.", indent=28.3))
        lines.append(SourceLine(f"Recommendation {n} of a State (Country {n});", indent=56.7))
    lines.append(SourceLine("5. The next paragraph of the report.", indent=0.3))
    report = build_report(lines)
    assert [p.number for p in report.paragraphs] == [1, 2, 3, 4, 5]
    listed = report.paragraph(4).text.splitlines()
    assert listed[1:5] == ["1.", "Recommendation 1 of a State (Country 1);", "2.",
                           "Recommendation 2 of a State (Country 2);"]
    assert len(listed) == 15
