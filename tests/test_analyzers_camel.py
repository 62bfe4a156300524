"""camel-tools' real morphological analyzer as a broken-plural source, on a tiny database.

camel-tools is an optional extra (`pip install fiqra[camel]`) and its morphology database is
downloaded separately, so this test writes a SYNTHETIC database in camel-tools' own `.db`
text format (###DEFINES### ... ###TABLE AC###) with a handful of nouns, and runs fiqra's
Arabic analyzer on it in a fresh interpreter (camel-tools reads its data directory when it
is first imported). The plurals used (دفاتر, نجوم, كواكب) are not in fiqra's curated list,
so a passing test shows the lemmas came from camel-tools.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# What camel_tools.morphology imports; its default install would also pull PyTorch.
CAMEL_MODULES = ("camel_tools", "emoji", "pyrsistent", "tqdm", "muddler", "cachetools")
CAMEL_MISSING = [m for m in CAMEL_MODULES if importlib.util.find_spec(m) is None]
pytestmark = pytest.mark.skipif(
    bool(CAMEL_MISSING),
    reason=f"!!! {', '.join(CAMEL_MISSING)} NOT installed, so camel-tools' analyzer path is "
    "untested here: `.venv/bin/pip install camel-tools --no-deps` then `.venv/bin/pip install "
    "emoji pyrsistent tqdm muddler cachetools` (all camel_tools.morphology needs) !!!",
)

# (stem as the analyzer looks it up, i.e. normalized; diacritized form; lemma; number)
NOUNS = [
    ("اطفال", "أَطْفال", "طِفْل_1", "p"),
    ("طفل", "طِفْل", "طِفْل_1", "s"),
    ("خطوط", "خُطُوط", "خَطّ_1", "p"),
    ("تقارير", "تَقارِير", "تَقْرِير_1", "p"),
    ("دفاتر", "دَفاتِر", "دَفْتَر_1", "p"),
    ("دفتر", "دَفْتَر", "دَفْتَر_1", "s"),
    ("نجوم", "نُجُوم", "نَجْم_1", "p"),
    ("نجم", "نَجْم", "نَجْم_1", "s"),
    ("كواكب", "كَواكِب", "كَوْكَب_1", "p"),
]


def write_db(path: Path) -> None:
    """A minimal SYNTHETIC camel-tools morphology database: bare nouns, optional ال."""
    lines = [
        "###DEFINES###",
        "DEFINE pos pos:noun",
        "DEFINE num num:s num:p",
        "DEFINE diac diac:*open*",
        "DEFINE lex lex:*open*",
        "DEFINE bw bw:*open*",
        "DEFINE gloss gloss:*open*",
        "###DEFAULTS###",
        "DEFAULT pos:noun num:s diac:* lex:* bw:* gloss:*",
        "###ORDER###",
        "ORDER pos num diac lex bw gloss",
        "###TOKENIZATIONS###",
        "TOKENIZATION diac",
        "###STEMBACKOFF###",
        "###PREFIXES###",
        "\tPref-0\tdiac: bw: gloss:",
        "ال\tPref-Al\tdiac:ال bw:ال/DET gloss:the",
        "###SUFFIXES###",
        "\tSuff-0\tdiac: bw: gloss:",
        "###STEMS###",
        *(
            f"{stem}\tN\tdiac:{diac} lex:{lex} pos:noun num:{num} bw:{diac}/NOUN gloss:x"
            for stem, diac, lex, num in NOUNS
        ),
        "###TABLE AB###",
        "Pref-0 N",
        "Pref-Al N",
        "###TABLE BC###",
        "N Suff-0",
        "###TABLE AC###",
        "Pref-0 Suff-0",
        "Pref-Al Suff-0",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


PROBE = """
import json, sys
from analyzers.arabic import load_arabic_analyzer
from analyzers.lemmas import find_camel_db, load_lexicon
lexicon = load_lexicon()
ar = load_arabic_analyzer()
def stem(word):
    return ar.forms_of(word)[1]
print(json.dumps({
    "db": str(find_camel_db()),
    "singular": {w: lexicon.singular(w) for w in ["دفاتر", "نجوم", "كواكب", "اطفال", "طفل"]},
    "stems": {w: stem(w) for w in ["الدفاتر", "دفتر", "نجوم", "نجم", "الأطفال", "طفل"]},
}, ensure_ascii=False))
"""


def run_probe(tmp_path: Path, with_catalogue: bool = True) -> dict:
    data_dir = tmp_path / "camel_data"
    data_dir.mkdir()
    if with_catalogue:
        catalogue = {"version": "1.6", "packages": {}, "components": {}}
        (data_dir / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    db = tmp_path / "morphology.db"
    write_db(db)
    env = {**os.environ, "CAMELTOOLS_DATA": str(data_dir), "FIQRA_CAMEL_DB": str(db)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True,
        timeout=120,
    )
    return json.loads(out.stdout)


def test_camel_tools_supplies_broken_plural_lemmas(tmp_path: Path) -> None:
    result = run_probe(tmp_path)
    assert result["db"].endswith("morphology.db")
    # Not in the curated list: these can only come from camel-tools' analyzer.
    assert result["singular"]["دفاتر"] == "دفتر"
    assert result["singular"]["نجوم"] == "نجم"
    assert result["singular"]["كواكب"] == "كوكب"
    assert result["singular"]["اطفال"] == "طفل"
    assert result["singular"]["طفل"] is None  # a singular has no singular
    stems = result["stems"]
    assert stems["الدفاتر"] == stems["دفتر"]
    assert stems["نجوم"] == stems["نجم"]
    assert stems["الأطفال"] == stems["طفل"]


def test_without_camel_data_the_curated_list_is_used_and_nothing_downloads(
    tmp_path: Path,
) -> None:
    # No catalogue.json: camel-tools would try to download one on import; fiqra must not
    # import it, and must still conflate the curated plurals.
    result = run_probe(tmp_path, with_catalogue=False)
    assert result["singular"]["دفاتر"] is None
    assert result["singular"]["اطفال"] == "طفل"
    assert result["stems"]["الأطفال"] == result["stems"]["طفل"]
