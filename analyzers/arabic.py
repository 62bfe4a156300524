"""Arabic analysis: orthographic normalization, light stemming, broken-plural lemmas.

Why each step exists:
- Staff type queries without hamza, with ه for ة, with ي for ى, sometimes with harakat, and
  PDFs give presentation forms; normalization folds all of these on both sides (alef
  variants أ إ آ ٱ -> ا, ؤ -> و, ئ -> ي, ى -> ي, ة -> ه, harakat and tatweel removed, Arabic-
  Indic and Persian digits -> ASCII, NFKC for U+FB50-U+FEFF). The character classes come
  from `pyarabic.araby`; they are applied with one `str.translate` table because that is
  what keeps analysis fast.
- The seat of a hamza varies with the writer's school, not the word: مسؤولية/مسئولية/
  مسءولية, شؤون/شئون, شيء/شئ. A hamza on ي or alone before و is the ؤ of the other school
  (ئو ءو -> وو), and a final يء is the final ئ (-> ي), so every spelling, and the one typed
  without hamza (مسوولية, شي), meets the others.
- Light stemming in the spirit of Lucene's ArabicStemmer (Larkey's light10): attached
  conjunction و/ف, article family ال وال بال كال فال لل, single prepositions ب ك ل, pronoun
  enclitics and inflectional suffixes ها ان ات ون ين ه ة, never leaving a stem shorter than
  `MIN_STEM` (prefix) or 3 letters (suffix). Unlike Lucene, the nisba ي stays (see
  `strip_suffixes`: الرقمية, digital, is not رقم, a number), a query for a noun also finds
  its nisba adjective at a lower weight (`related_stems`), a query word ending in a bare ي
  without the article is also read as a plural in construct (`construct_stems`: مستخدمي
  finds المستخدمين), and the alif of a written tanween (تدريباً) leaves the stem. A word
  that is itself in the curated lexicon or in the prefix-exception list (وسائل, برامج,
  فتيات ...) keeps its first letter, and a pronoun after taa marbuta (حمايتهم) restores ة
  so it meets حماية.
- Broken plurals (أطفال/طفل) cannot be reached by affix stripping: `analyzers.lemmas` maps
  them to their singular, and the `stem` form is the stem of that singular.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pyarabic.araby as araby

from analyzers.base import Analyzer
from analyzers.lemmas import LemmaLexicon
from analyzers.wordlists import data_lines

MIN_STEM = 2
MIN_SUFFIX_STEM = 3

_FOLD: dict[int, str | None] = {ord(c): None for c in (*araby.DIACRITICS, araby.TATWEEL)}
_FOLD.update({ord(c): araby.ALEF for c in araby.ALEFAT if c not in (
    araby.ALEF_MAKSURA, araby.SMALL_ALEF)})
_FOLD[ord(araby.SMALL_ALEF)] = None
_FOLD[ord(araby.ALEF_MAKSURA)] = araby.YEH
_FOLD[ord(araby.TEH_MARBUTA)] = araby.HEH
_FOLD[ord(araby.WAW_HAMZA)] = araby.WAW
_FOLD[ord(araby.YEH_HAMZA)] = araby.YEH
_FOLD.update({0x0660 + d: str(d) for d in range(10)})  # Arabic-Indic digits
_FOLD.update({0x06F0 + d: str(d) for d in range(10)})  # Extended (Persian) digits
_FOLD_TABLE = str.maketrans(_FOLD)
_HAMZA_BEFORE_WAW = (araby.YEH_HAMZA + araby.WAW, araby.HAMZA + araby.WAW)
# The plural ending ون after a stem ending in ئ (لاجئون, refugees: لاجئ + ون; ناشئون) is no
# ؤو: a word with fewer than three letters before the ئ (the article aside) is read as one
# (شئون, الشئون, بشئون, affairs, are شؤون).
_PLURAL_AFTER_YEH_HAMZA = araby.YEH_HAMZA + araby.WAW + araby.NOON
MIN_BEFORE_HAMZA = 3
_FINAL_YEH_HAMZA = araby.YEH + araby.HAMZA
_TANWEEN_ALIF = (araby.ALEF + araby.FATHATAN, araby.FATHATAN + araby.ALEF)

ARTICLE = "ال"
ARTICLES = ("وبال", "وكال", "فبال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
CONJUNCTIONS = "وف"
PREPOSITIONS = "بكل"
PRONOUN_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "ها")
SUFFIXES = ("ات", "ان", "ون", "ين", "يا", "ه")
NISBA = "ي"
ADVERB = "يا"  # a nisba's accusative (دوليا, حاليا): only its alif goes


_PRESENTATION_FORMS = re.compile("[\ufb50-\ufeff]")


def has_presentation_forms(word: str) -> bool:
    return _PRESENTATION_FORMS.search(word) is not None


def _written(word: str) -> str:
    """`word` as written, harakat, tatweel and presentation forms aside: its hamza seats,
    taa marbuta and alef maqsura kept."""
    if has_presentation_forms(word):
        word = unicodedata.normalize("NFKC", word)
    return araby.strip_tashkeel(word).replace(araby.TATWEEL, "")


def normalize_arabic(word: str) -> str:
    """Fold one word's spelling variants (see module docstring); Latin is case-folded."""
    if has_presentation_forms(word):
        # NFKC spells ligatures out, some as several words (U+FDFA): keep letters only.
        word = "".join(c for c in unicodedata.normalize("NFKC", word) if c.isalnum())
    ending = ""
    if word.endswith(_PLURAL_AFTER_YEH_HAMZA):
        before = word[:-3]
        article = next((a for a in ARTICLES if before.startswith(a)), "")
        if len(before) - len(article) >= MIN_BEFORE_HAMZA:
            word, ending = word[:-2], word[-2:]
    for seat in _HAMZA_BEFORE_WAW:  # مسئولية, مسءولية -> مسؤولية (-> مسوولية below)
        if seat in word:
            word = word.replace(seat, araby.WAW + araby.WAW)
    word += ending
    word = word.translate(_FOLD_TABLE).casefold()
    if word.endswith(_FINAL_YEH_HAMZA):  # شيء -> شي, as شئ is
        word = word[:-1]
    return word


def accusative(surface: str, norm: str) -> bool:
    """Whether a word ends in the alif of an indefinite accusative, as its written tanween
    shows (تدريباً, تشريعاً, جنسياً): that alif is no part of the word (unwritten, تدريبا
    stays as it is: دنيا, عليا end in a root alif)."""
    return surface.endswith(_TANWEEN_ALIF) and len(norm) > MIN_SUFFIX_STEM + 1


def strip_pronoun(word: str) -> str:
    """Remove one pronoun enclitic; ت left before it was a taa marbuta (حمايتهم -> حمايه)."""
    if not word.endswith(PRONOUN_SUFFIXES):  # one look for all of them: most words
        return word
    for suffix in PRONOUN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_SUFFIX_STEM:
            word = word[: -len(suffix)]
            if len(word) >= 4 and word[-1] == "ت" and word[-2] != "ا":
                word = word[:-1] + "ه"
            return word
    return word


def strip_suffixes(word: str) -> str:
    """Remove a pronoun enclitic, then inflectional suffixes one after another, keeping a
    nisba: the ي that makes an adjective of a noun (رقم number, رقمي digital; دول States,
    دولي international; جنس sex, جنساني gender-related).

    الرقمية, رقمية, رقميين, الرقمي, رقمي all stem to رقمي, and رقم, أرقام to رقم. A final ي
    is also a root letter (قاضي), a final ى folded to ي (أنثى and إناث both stem to انثي), or
    the ي of a plural in construct (مستخدمي الإنترنت, which then stems apart from
    مستخدمين; a query reads it both ways, `construct_stems`): the price of not stemming the
    adjective as its noun.
    Repeating the step strips stacked inflections (ائتمانات -> ائتمان -> ائتم).
    """
    word = strip_pronoun(word)
    while word.endswith(SUFFIXES):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_SUFFIX_STEM:
                word = word[:-1] if suffix == ADVERB else word[: -len(suffix)]
                break
        else:
            break
    return word


class ArabicAnalyzer(Analyzer):
    """Arabic analyzer; see the module docstring for what it folds and why."""

    lang = "ar"

    def __init__(
        self, stopwords: Iterable[str], lexicon: LemmaLexicon, prefix_exceptions: Iterable[str]
    ) -> None:
        self.lexicon = lexicon
        keep = {normalize_arabic(w) for w in prefix_exceptions} | lexicon.known_words()
        self._keep_prefix = frozenset(keep) | {strip_suffixes(w) for w in keep}
        stopwords = list(stopwords)
        self._stopwords_written = frozenset(_written(w) for w in stopwords)
        super().__init__(stopwords)
        # A stop word's first letter is its own (فيها, فيما, فقط), not a conjunction.
        self._keep_prefix |= self.stopwords

    def normalize(self, word: str) -> str:
        return normalize_arabic(word)

    def is_stopword(self, surface: str, norm: str) -> bool:
        """آلية (mechanism) normalizes as إليه (to him) does, فئة (category) as فيه (in it),
        آلي (automatic) as إلى: a word written with a hamza, madda, taa marbuta or alef
        maqsura is a stop word only as the list spells it (after a conjunction or not).
        Typed without them (اليه, فيه), the spelling cannot tell: it is the stop word."""
        if norm not in self.stopwords:
            return False
        written = _written(surface)
        if normalize_arabic(written) == written:  # nothing folded: typed plainly
            return True
        listed = self._stopwords_written
        return written in listed or (written[0] in CONJUNCTIONS and written[1:] in listed)

    def known(self, word: str) -> bool:
        """Whether `word` is a curated word as written, or one with its suffixes (بطاقات is
        protected by بطاقة): its first letter belongs to it. Not a listed word behind a
        conjunction: وآلية is و + آلية, not والي (governor) + ة."""
        keep = self._keep_prefix
        if word in keep:
            return True
        if word[0] in CONJUNCTIONS and word[1:] in keep:
            return False
        return strip_suffixes(word) in keep

    def strip_prefixes(self, word: str) -> str:
        """Remove a conjunction, article or preposition unless the word is `known` as is."""
        keep = self._keep_prefix
        if self.known(word):
            return word
        if word.startswith(ARTICLES):
            for article in ARTICLES:
                if word.startswith(article) and len(word) - len(article) >= MIN_STEM:
                    core = word[len(article):]
                    # A prefix may end in letters of the word's own: ل + ال before a word
                    # that begins with ل drops a lam (للجنة is ل + اللجنة), and ب + التزام
                    # is بالتزام. A known word, as it is written, keeps them.
                    own = ("ل" if article.endswith("لل") else ARTICLE) + core
                    return own if own != word and own in keep else core
        if word[0] in CONJUNCTIONS and len(word) >= 4:
            word = word[1:]
            if self.known(word):
                return word
        if word[0] in PREPOSITIONS and len(word) >= 5:
            word = word[1:]
        return word

    def article_variants(self, word: str) -> tuple[str, ...]:
        """The word with ال if typed without it, and without it if typed with it.

        ال is grammar, not meaning: اطفال and الاطفال must rank the same paragraphs the same
        way, so each query matches both words as the index holds them (the rarer form, as
        usual in BM25, scores higher, whichever one was typed). The index strips a first
        و ف ب ك ل it does not know as the word's own, but not after the article: فساد is
        indexed as ساد, الفساد as فساد; so the variant is read from the word as typed, and
        each spelling finds the other.
        """
        typed = normalize_arabic(word)
        norm = self.strip_conjunction(typed)  # والاطفال -> الاطفال
        if norm.startswith(ARTICLE) and self.strip_prefixes(norm) == norm[len(ARTICLE):]:
            return (norm[len(ARTICLE):],)
        if typed and not typed.startswith(ARTICLES):
            return (ARTICLE + typed,)
        return ()

    def _lemma_core(self, norm: str) -> tuple[str, str | None]:
        """The word without prefixes, and the singular it is a broken plural of (if any)."""
        core = self.strip_prefixes(norm)
        lemma = self.lexicon.singular(core)
        if lemma is None:
            bare = strip_pronoun(core)
            lemma = self.lexicon.singular(bare) if bare != core else None
        return core, lemma

    def related_stems(self, stem: str) -> tuple[str, ...]:
        """A noun's nisba adjective (تدريب -> تدريبي: التدريبية, تدريبياً): what is "X-related"
        touches X, so a query for X finds it too, below X itself. Not the other way: an
        adjective's noun often means something else (الرقمية digital, رقم number)."""
        if stem.endswith(NISBA) or len(stem) < MIN_SUFFIX_STEM or not araby.is_arabicrange(stem):
            return ()
        return (stem + NISBA,)

    def construct_stems(self, norm: str, stem: str) -> tuple[str, ...]:
        """A word ending in a bare ي without the article may be a plural (or dual) in
        construct, مستخدمي الإنترنت, whose stem is its singular's (مستخدم): the article
        rules that reading out (المستخدمي is no Arabic), as a feminine ending does
        (رقمية is an adjective)."""
        core = self.strip_prefixes(norm)
        if (not stem.endswith(NISBA) or strip_pronoun(core) != stem
                or (core != norm and norm.startswith(ARTICLES))
                or len(stem) - 1 < MIN_SUFFIX_STEM or not araby.is_arabicrange(stem)):
            return ()
        return (stem[:-1],)

    def light_stem(self, norm: str, stem: str) -> str:
        light = strip_suffixes(self.strip_prefixes(norm))
        # A word written with its tanween's alif (تدريباً) has its stem without it.
        return stem if light == stem + araby.ALEF else light

    def strip_conjunction(self, word: str) -> str:
        """Remove an attached و/ف ("and", "so") unless the letter belongs to the word."""
        if len(word) >= 4 and word[0] in CONJUNCTIONS and not self.known(word):
            return word[1:]
        return word

    def forms_of(self, surface: str) -> tuple[str, str]:
        """`norm` is the normalized word without an attached conjunction (والاتجار ->
        الاتجار), so exact words and phrases match after "and"; `stem` is the lemma stem."""
        norm = normalize_arabic(surface)
        if not norm:
            return norm, norm
        norm = self.strip_conjunction(norm)
        core, lemma = self._lemma_core(norm[:-1] if accusative(surface, norm) else norm)
        return norm, strip_suffixes(lemma if lemma is not None else core)


def load_arabic_analyzer() -> ArabicAnalyzer:
    from analyzers.lemmas import load_lexicon
    from analyzers.wordlists import stopwords

    exceptions = [w for _, line in data_lines("ar_prefix_exceptions.txt") for w in line.split()]
    return ArabicAnalyzer(stopwords("ar"), load_lexicon(), exceptions)
