"""fiqra's language analysis: Arabic normalization, stemming, lemmas, synonyms, other languages."""

from __future__ import annotations

import re
import tempfile
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import (
    LANGUAGES,
    QueryForm,
    analysis_fingerprint,
    analyze,
    base,
    detect_language,
    phrase_synonyms,
    query_forms,
    registry,
    split_query,
)
from analyzers.chinese import jieba_cache_dir
from analyzers.lemmas import curated_pairs
from analyzers.registry import LanguageDetectionError, UnsupportedLanguageError
from analyzers.thesaurus import thesaurus_groups
from analyzers.wordlists import data_fingerprint

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
FORM_RE = re.compile(r"^[^\W_]+$")


def stems(text: str, lang: str = "ar") -> list[str]:
    return [t.stem for t in analyze(text, lang)]


def norms(text: str, lang: str = "ar") -> list[str]:
    return [t.norm for t in analyze(text, lang)]


# --- Arabic normalization ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("الاطفال", "الأطفال"),  # hamza on alef
        ("انشاء", "إنشاء"),  # hamza under alef
        ("الان", "الآن"),  # madda
        ("ٱلاطفال", "الأطفال"),  # wasla
        ("مستوي", "مستوى"),  # alef maqsura
        ("حمايه", "حماية"),  # taa marbuta
        ("مسوولية", "مسؤولية"),  # hamza on waw
        ("الجرايم", "الجرائم"),  # hamza on yeh
        ("مسئولية", "مسؤولية"),  # hamza seat: yeh or waw before waw
        ("مسءولية", "مسؤولية"),  # hamza seat: on the line before waw
        ("شئون", "شؤون"),
        ("الشئون", "والشؤون"),
        ("شئ", "شيء"),  # final hamza: on yeh or after yeh
        ("شي", "شيء"),
        ("حِمَايَةُ", "حماية"),  # harakat
        ("حمـــاية", "حماية"),  # tatweel
    ],
)
def test_arabic_spelling_variants_meet(typed: str, written: str) -> None:
    assert norms(typed) == norms(written)
    assert stems(typed) == stems(written)


def test_digits_and_presentation_forms_are_folded() -> None:
    assert norms("٢٠١٤ ۱۹۹۹ 2015") == ["2014", "1999", "2015"]
    # U+FEF7.. presentation forms (as PDFs give them) read like the plain letters.
    assert norms("\ufe8d\ufedf\ufe84\ufec3\ufed4\ufe8e\ufedd") == norms("الأطفال")


def test_offsets_point_into_the_original_text() -> None:
    text = "وَيُقدَّم التقرير، عن الأطفال (A/69/262)."
    tokens = analyze(text, "ar")
    for t in tokens:
        assert text[t.start : t.end] == t.surface
    assert [t.surface for t in tokens][:3] == ["وَيُقدَّم", "التقرير", "الأطفال"]


def test_stop_words_are_dropped_and_return_no_query_forms() -> None:
    assert norms("في من على الأطفال") == ["الاطفال"]
    assert query_forms("في", "ar") == []
    assert query_forms("علي", "ar") == []  # typed with ي for ى


def test_light_stemming_conflates_affixed_forms() -> None:
    forms = ["التقرير", "والتقرير", "بالتقرير", "للتقرير", "تقريرها", "تقريرهم"]
    assert len(set(stems(" ".join(forms)))) == 1
    assert len(set(stems("حماية لحمايتهم وحمايتها"))) == 1
    assert len(set(stems("الدولية الدوليين دولي"))) == 1


def test_a_nisba_adjective_keeps_its_own_stem_apart_from_its_noun() -> None:
    # رقمي digital / رقم number, دولي international / دول States, جنساني gender-related /
    # جنس sex, اجتماعي social / اجتماع meeting: each adjective's forms meet each other only.
    for adjectives, nouns in [
        ("الرقمية رقمية رقميين الرقمي رقمي", "رقم أرقام الأرقام"),
        ("الدولية الدوليين دولي دوليات", "الدول دولة"),
        ("الجنسانية جنساني", "الجنس"),
        ("الاجتماعية اجتماعي", "الاجتماع اجتماعات"),
    ]:
        assert len(set(stems(adjectives))) == 1, adjectives
        assert len(set(stems(nouns))) == 1, nouns
        assert set(stems(adjectives)).isdisjoint(stems(nouns)), (adjectives, nouns)
    assert stems("حالياً") == stems("الحالي")  # the adverb (accusative) keeps its nisba


def test_the_alif_of_a_written_tanween_is_not_part_of_the_stem() -> None:
    assert stems("تدريباً") == stems("التدريب") == stems("تدريبًا")
    assert stems("تشريعاً") == stems("التشريع")
    assert stems("جنسياً") == stems("الجنسي")
    assert norms("تدريباً") == ["تدريبا"]  # the surface form keeps it: exact words still match
    assert stems("الدنيا") == ["دنيا"]  # unwritten, a final alif is the word's own


def test_a_noun_query_finds_its_nisba_adjective_below_itself() -> None:
    forms = {(f.reason, f.form): f.weight for f in query_forms("التدريب", "ar")}
    assert forms[("stem", "تدريب")] == 1.0
    assert 0 < forms[("nisba", "تدريبي")] < 1.0  # برامج تدريبية: training programmes
    # An adjective does not find its noun: الرقمية (digital) is not رقم (a number).
    assert not {f.form for f in query_forms("الرقمية", "ar")} & {"رقم"}
    assert "nisba" not in reasons("الرقمية")
    assert "nisba" not in reasons("unicef") and "nisba" not in reasons("2014")


def test_a_bare_nisba_ending_is_also_read_as_a_plural_in_construct() -> None:
    # مستخدمي الإنترنت: the users of the internet, the plural مستخدمين in construct, which
    # the index holds under مستخدم; the nisba reading (its own stem) stays first.
    for word in ("مستخدمي", "لمستخدمي", "مستخدميها"):
        forms = {(f.reason, f.form): f.weight for f in query_forms(word, "ar")}
        assert forms[("stem", "مستخدمي")] == 1.0, word
        assert 0 < forms[("construct", "مستخدم")] < 1.0, word
    assert stems("المستخدمين للمستخدمين") == ["مستخدم", "مستخدم"]
    # The article or a feminine ending rules a construct out: an adjective, not its noun.
    for word in ("الرقمي", "للمستخدمي", "رقمية", "الدولية", "التدريب", "unicef"):
        assert "construct" not in reasons(word), word


def test_gender_finds_the_un_term_for_it_and_sexual_does_not() -> None:
    # The UN's Arabic says نوع الجنس (and جنساني) for gender; الجنسي (sexual) is another word.
    assert ("stem", "نوع جنس", "synonym") in {
        (f.field, f.form, f.reason) for f in query_forms("الجنسانيه", "ar")}
    assert phrase_synonyms(["نوع", "الجنس"], "ar") == [("جنساني",)]
    assert "synonym" not in reasons("الجنسي")


def test_words_that_begin_with_a_prefix_letter_keep_it() -> None:
    assert stems("البيانات") == stems("بيانات")
    assert stems("البرامج") == stems("برامج")
    assert stems("الوسائل") == stems("وسائل")
    assert stems("بطاقات") == stems("البطاقات")
    # Beyond the bundled report: words of human-rights reporting and State names.
    for bare, definite in [("فساد", "الفساد"), ("كرامة", "الكرامة"), ("برلمان", "البرلمان"),
                           ("وصمة", "الوصمة"), ("بطالة", "البطالة"), ("فرنسا", "وفرنسا"),
                           ("بلجيكا", "وبلجيكا"), ("كولومبيا", "وكولومبيا")]:
        assert stems(bare) == stems(definite), (bare, definite)


def test_spellings_that_merge_or_drop_letters_meet_the_word() -> None:
    # ل + اللجنة is written للجنة (one lam dropped); a known word keeps its own lam, and
    # an unknown one still loses the article's (للبنين: ل + البنين).
    assert stems("للجنة") == stems("اللجنة") == stems("لجنة")
    assert stems("للاجئين") == stems("اللاجئين") == stems("لاجئ")
    assert stems("للبنين") == stems("البنين")
    # لاجئون is لاجئ + ون, not a hamza seat before و as in مسئولون/مسؤولون or شئون/شؤون.
    assert stems("لاجئون") == stems("اللاجئين")
    assert stems("مسئولون") == stems("المسؤولون")
    assert stems("شئون") == stems("الشؤون")
    # امرأة loses its first alif after the article: المرأة meets امرأة and النساء.
    assert stems("المرأة") == stems("امرأة") == stems("النساء") == stems("للمرأة")


def test_a_word_whose_own_first_letters_read_as_a_prefix_keeps_them() -> None:
    # The hamza that marks إلغاء and آلية as no article is folded away; التزام is a form
    # VIII masdar of a root in ل; ب + التزام is written بالتزام.
    assert stems("إلغاء") == stems("الإلغاء") == stems("وإلغاء") == stems("بالإلغاء")
    assert stems("التزام") == stems("الالتزام") == stems("بالتزام") == stems("والتزامات")
    assert stems("آلية") == stems("الآلية") == stems("وآلية") == stems("آليات")
    assert stems("للجوء") == stems("اللجوء") == stems("لجوء")


def test_a_content_word_spelled_apart_from_a_stop_word_is_indexed() -> None:
    # آلية (mechanism) normalizes as إليه (to him), فئة (category) as فيه (in it), آلي
    # (automatic) as إلى: the madda, hamza or taa marbuta tell them apart; typed plainly
    # (اليه, فيه), the word stays the stop word, and so does a stop word as listed.
    assert norms("آلية الاستعراض المشار إليه") == ["اليه", "الاستعراض", "المشار"]
    assert norms("التعلم آلي إلى") == ["التعلم", "الي"]
    assert norms("فئة فئه فيه") == ["فيه", "فيه"]
    assert query_forms("آلية", "ar") and query_forms("آليه", "ar")
    for stop in ("اليه", "أية", "أيّة", "فإنها", "وعلي", "إلاّ", "علي"):
        assert query_forms(stop, "ar") == [], stop


def test_broken_plurals_meet_their_singular() -> None:
    for plural, singular in [
        ("الأطفال", "طفل"), ("خطوط", "الخط"), ("التقارير", "تقرير"), ("الدول", "دولة"),
        ("حقوق", "الحق"), ("الضحايا", "ضحية"), ("الجرائم", "جريمة"), ("الصكوك", "صك"),
        ("مواد", "المادة"), ("قوانين", "القانون"), ("برامج", "برنامج"), ("أنشطة", "نشاط"),
        ("تدابير", "التدبير"), ("المبادئ", "مبدأ"), ("وسائل", "وسيلة"), ("وأطفالهم", "طفل"),
        ("الفقراء", "فقير"), ("وزراء", "الوزير"), ("الأسلحة", "سلاح"), ("المياه", "ماء"),
        ("الكوارث", "كارثة"), ("البحوث", "بحث"), ("الأبحاث", "البحث"), ("السجناء", "سجين"),
        ("الظواهر", "ظاهرة"), ("أشهر", "الشهر"), ("فجوات", "الفجوة"),
    ]:
        assert stems(plural) == stems(singular), (plural, singular)


def test_curated_plural_list_is_substantial_and_well_formed() -> None:
    pairs = curated_pairs()
    assert len(pairs) >= 150
    assert len({p for p, _ in pairs}) == len(pairs)


def test_a_stop_word_starting_with_waw_or_fa_is_not_cut_as_a_conjunction() -> None:
    # فيها is a stop word, not و/ف + يها; a content word still loses its conjunction.
    assert [t.norm for t in analyze("فيها فيهم والأطفال فالأطفال", "ar")] == [
        "الاطفال", "الاطفال"]
    assert query_forms("فيها", "ar") == []


def test_english_irregular_plurals_meet_their_singular() -> None:
    def stems(text: str) -> list[str]:
        return [t.stem for t in analyze(text, "en")]

    for plural, singular in [("children", "child"), ("Women", "woman"), ("crises", "crisis"),
                             ("ombudsmen", "Ombudsman"), ("criteria", "criterion"),
                             ("curricula", "curriculum"), ("midwives", "midwife"),
                             ("fora", "forum")]:
        assert stems(plural) == stems(singular), (plural, singular)
    assert stems("people") != stems("person")  # "peoples' rights": not its plural
    pairs = curated_pairs("en_irregular_plurals.tsv")
    assert len({p for p, _ in pairs}) == len(pairs)


def test_analysis_forms_are_plain_letters_and_digits_on_the_sample() -> None:
    tokens = analyze(SAMPLE.read_text(encoding="utf-8"), "ar")
    assert len(tokens) > 5000
    bad = [t for t in tokens if not FORM_RE.match(t.norm) or not FORM_RE.match(t.stem)]
    assert bad == []


ARABIC_CHARS = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
PDF_FORMS = st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ARABIC_CHARS | PDF_FORMS | st.sampled_from(" .،/-()ـ"), max_size=40))
def test_any_arabic_text_gives_clean_forms_and_offsets(text: str) -> None:
    for t in analyze(text, "ar"):
        assert text[t.start : t.end] == t.surface
        assert FORM_RE.match(t.norm) and FORM_RE.match(t.stem)


# --- query forms ------------------------------------------------------------------------


def reasons(word: str, lang: str = "ar") -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in query_forms(word, lang):
        out.setdefault(f.reason, set()).add(f"{f.field}:{f.form}")
    return out


def test_query_forms_say_why_they_match() -> None:
    forms = reasons("أطفال")
    assert forms["surface"] == {"norm:اطفال"}
    assert "stem:طفل" in forms["lemma"]
    forms = reasons("الفتيات")
    assert {"stem:بنت", "stem:انثي"} <= forms["synonym"]
    assert all(f.weight < 1 for f in query_forms("الفتيات", "ar") if f.reason == "synonym")


def test_multi_word_thesaurus_terms_give_synonym_phrases_of_stems() -> None:
    # Typed without hamza, ه for ة, the stop word على inside: the term is still found.
    phrases = phrase_synonyms(["حيازه", "مواد", "الاعتداء", "الجنسي", "على", "الاطفال"], "ar")
    assert ("ماد", "اباحي") in phrases  # المواد الإباحية, as the report says
    assert ("استغلال", "طفل", "ماد", "اباحي") in phrases
    assert ("ماد", "اعتداء", "جنسي") not in phrases  # the term typed is not its own synonym
    assert phrase_synonyms(["مواد", "الاطفال"], "ar") == []  # not a run of a term


# فساد, كرامة, برلمان begin with a letter the light stemmer strips when it does not know
# the word (ف conjunction, ك ب prepositions), but not after the article: each spelling
# still finds the other's forms.
@pytest.mark.parametrize(("definite", "bare"), [("الاطفال", "اطفال"), ("الطفل", "طفل"),
                                                ("الاغواء", "إغواء"), ("الفساد", "فساد"),
                                                ("الكرامة", "كرامة"), ("البرلمان", "برلمان")])
def test_a_word_with_and_without_the_article_matches_the_same_forms(
    definite: str, bare: str
) -> None:
    def weighted(word: str) -> set[tuple[str, str, float]]:
        return {(f.field, f.form, f.weight) for f in query_forms(word, "ar")}

    assert weighted(definite) == weighted(bare)
    assert query_forms(bare, "ar", expand=False) != query_forms(definite, "ar", expand=False)


def test_unexpanded_query_is_only_the_exact_form() -> None:
    assert query_forms("الأَطفال", "ar", expand=False) == [QueryForm("norm", "الاطفال", "surface")]


def test_query_typed_without_hamza_or_with_ha_matches_the_document_forms() -> None:
    doc = analyze("مسألة تكنولوجيا المعلومات وحماية الأطفال من الإغواء", "ar")
    doc_forms = {("norm", t.norm) for t in doc} | {("stem", t.stem) for t in doc}
    for typed in ["مساله", "حمايه", "الاطفال", "الاغواء", "الإِغْوَاء"]:
        assert {(f.field, f.form) for f in query_forms(typed, "ar")} & doc_forms, typed


def test_unknown_language_is_a_clear_value_error() -> None:
    with pytest.raises(UnsupportedLanguageError, match="expected one of"):
        analyze("text", "de")
    with pytest.raises(ValueError):
        query_forms("word", "xx")


def test_thesaurus_has_arabic_groups_and_the_other_languages() -> None:
    assert len(thesaurus_groups("ar")) >= 50
    for lang in LANGUAGES[1:]:
        assert thesaurus_groups(lang), lang


# --- other languages --------------------------------------------------------------------


def test_snowball_languages_stem_fold_accents_and_drop_stop_words() -> None:
    assert stems("the exploitation of children", "en") == ["exploit", "child"]
    assert stems("exploited", "en") == ["exploit"]
    assert norms("Les élèves protégés", "fr") == ["eleves", "proteges"]
    assert stems("protégés", "fr") == stems("protege", "fr")
    assert stems("los niños", "es") == stems("ninos", "es")
    assert stems("детей ребёнка", "ru")[1] == stems("ребенка", "ru")[0]
    assert query_forms("the", "en") == []


def test_chinese_is_segmented_quietly(capsys: pytest.CaptureFixture[str]) -> None:
    tokens = analyze("儿童色情制品和人权理事会", "zh")
    words = [t.norm for t in tokens]
    assert "儿童" in words and "人权" in words and "和" not in words
    text = "儿童色情制品和人权理事会"
    assert all(text[t.start : t.end] == t.surface for t in tokens)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert {"儿童", "色情"} <= set(split_query("儿童色情", "zh"))
    assert split_query("حماية الأطفال، في 2014", "ar") == ["حماية", "الأطفال", "في", "2014"]
    assert {f.form for f in query_forms("儿童色情", "zh")} >= {"儿童", "色情"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("تقرير المقررة الخاصة المعنية ببيع الأطفال", "ar"),
        ("Report of the Special Rapporteur on the sale of children", "en"),
        ("Rapport de la Rapporteuse spéciale sur la vente d'enfants et les droits", "fr"),
        ("Informe de la Relatora Especial sobre la venta de niños y los derechos", "es"),
        ("Доклад Специального докладчика по вопросу о торговле детьми", "ru"),
        ("买卖儿童问题特别报告员的报告", "zh"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_detect_language_counts_the_letters_of_each_script() -> None:
    # Runs of two scripts written together count apart, each to its own script.
    assert detect_language("ABCDEFعربي") == "en"
    assert detect_language("ABCعربيعربي") == "ar"
    assert detect_language("UN: 儿童儿童 Доклад") == "ru"


def test_detect_language_without_letters_is_a_clear_error() -> None:
    with pytest.raises(LanguageDetectionError, match="no letters"):
        detect_language("12 / 34 -- !!")


def test_jieba_cache_is_private_to_the_user(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """jieba loads its cache with marshal: never from a fixed, world-writable /tmp path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = jieba_cache_dir()
    assert folder == tmp_path / "cache" / "fiqra" / "jieba"
    assert folder.stat().st_mode & 0o777 == 0o700
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    fallback = jieba_cache_dir()
    assert fallback.stat().st_mode & 0o777 == 0o700
    assert fallback != Path(tempfile.gettempdir()) / "fiqra-jieba"
    assert fallback != jieba_cache_dir()  # fresh each time, never a known name


@pytest.mark.parametrize("lang", ["ar", "en", "fr", "zh"])
def test_index_forms_are_each_words_forms_however_the_cache_stands(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `norm` and `stem` fields hold every word's forms in order (a stop word's stem
    empty), on first sight of the words, from the cache, and past the cache's size."""
    text = SAMPLE.read_text(encoding="utf-8") if lang == "ar" else (
        Path(__file__).resolve().parent / "fixtures" / "synthetic"
        / f"synthetic_report_{lang}.txt").read_text(encoding="utf-8")
    fresh = registry.analyzer_for.__wrapped__(lang)
    words = fresh.words(text)
    pairs = [fresh.forms_of(w) for w in words]
    expected = (" ".join(n for n, _ in pairs),
                " ".join(s if n and not fresh.is_stopword(w, n) else ""
                         for w, (n, s) in zip(words, pairs, strict=True)))
    assert fresh.index_forms(text) == expected  # every word new
    assert fresh.index_forms(text) == expected  # every word cached
    full = registry.analyzer_for.__wrapped__(lang)
    monkeypatch.setattr(base, "FORMS_CACHE_SIZE", 10)
    half = text[: len(text) // 2]
    assert full.index_forms(half) == fresh.index_forms(half)
    assert full.index_forms(text) == expected  # the cache full: some words cached, some not
    assert len(full._index_cache) < len(set(full.words(text)))


def test_the_analysis_fingerprint_follows_the_lists_and_the_camel_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index records what its forms were read with: editing a curated list or pointing
    to another camel-tools database changes it (the store then rebuilds the index)."""
    data = files("analyzers") / "data"
    copy = tmp_path / "data"
    copy.mkdir()
    for item in data.iterdir():
        (copy / item.name).write_bytes(item.read_bytes())
    assert data_fingerprint(copy) == data_fingerprint()
    with (copy / "ar_broken_plurals.tsv").open("a", encoding="utf-8") as plurals:
        plurals.write("دفاتر\tدفتر\n")
    assert data_fingerprint(copy) != data_fingerprint()
    monkeypatch.delenv("FIQRA_CAMEL_DB", raising=False)
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path / "no camel data"))
    without = analysis_fingerprint()
    db = tmp_path / "morphology.db"
    db.write_bytes(b"SYNTHETIC")
    monkeypatch.setenv("FIQRA_CAMEL_DB", str(db))
    assert analysis_fingerprint() != without
    assert analysis_fingerprint().startswith(data_fingerprint())
