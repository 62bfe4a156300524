"""UN document symbols: one key per document, found in text, read from file names."""

from __future__ import annotations

import pytest

from corpus.symbols import (
    base_symbol,
    canonical_symbol,
    document_url,
    find_symbols,
    symbol_from_filename,
)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("a / hrc/28/56/corr.1", "A/HRC/28/56/Corr.1"),
        ("A/HRC/28/56/ADD.1", "A/HRC/28/56/Add.1"),
        ("e/cn.4/sub.2/2005/8", "E/CN.4/Sub.2/2005/8"),
        ("S/RES/2427 (2018)", "S/RES/2427(2018)"),
        ("ccpr/c/21/rev.1/add.13", "CCPR/C/21/Rev.1/Add.13"),
    ],
)
def test_canonical_symbol(written: str, canonical: str) -> None:
    assert canonical_symbol(written) == canonical


@pytest.mark.parametrize(
    "symbol",
    [
        "A/HRC/28/56", "A/HRC/28/56/Add.1", "A/69/262", "E/CN.4/2005/78/Corr.2",
        "A/RES/69/157", "A/HRC/RES/7/13", "A/HRC/RES/S-27/1", "S/RES/2427 (2018)",
        "CRC/C/OPSC/USA/CO/2", "CCPR/C/GC/34", "CEDAW/C/GC/35", "E/C.12/GC/20",
        "A/C.3/69/L.5", "A/HRC/WG.6/20/L.1", "E/CN.4/Sub.2/2005/8", "S/2018/465",
        "CAT/C/GC/3", "HRI/GEN/1/Rev.9", "A/CONF.157/23", "ST/SGB/2003/13",
        "CEDAW/C/GC/31-CRC/C/GC/18",
    ],
)
def test_every_family_is_found_whole(symbol: str) -> None:
    [match] = find_symbols(f"(voir {symbol}, par. 3)")
    assert match.group() == symbol


@pytest.mark.parametrize(
    "text",
    [
        "2 حزيران/يونيه 2014", "1/2 of them", "A/B testing", "GE.14-24831",
        "http://undocs.org/A/69/262", "7/13 و25/6",
    ],
)
def test_no_symbol_in(text: str) -> None:
    assert find_symbols(text) == []


def test_glued_arabic_conjunction_is_not_part_of_the_symbol() -> None:
    assert [m.group() for m in find_symbols("A/HRC/25/74 وA/HRC/26/21")] == [
        "A/HRC/25/74", "A/HRC/26/21",
    ]


@pytest.mark.parametrize(
    ("name", "symbol", "lang"),
    [
        ("A_HRC_28_56_ar.txt", "A/HRC/28/56", "ar"),
        ("A-HRC-28-56-Add.1-E.docx", "A/HRC/28/56/Add.1", "en"),
        ("e_cn.4_2005_78_corr.1_fr.pdf", "E/CN.4/2005/78/Corr.1", "fr"),
        ("A_HRC_59_60.en.pdf", "A/HRC/59/60", "en"),
        ("A_HRC_59_60-EN.pdf", "A/HRC/59/60", "en"),
        ("A_HRC_59_60_E.pdf", "A/HRC/59/60", "en"),
        ("g1423930.pdf", None, None),  # job numbers: the masthead tells
        ("N2512345.pdf", None, None),
        ("notes.txt", None, None),
    ],
)
def test_symbol_from_filename(name: str, symbol: str | None, lang: str | None) -> None:
    assert symbol_from_filename(name) == (symbol, lang)


@pytest.mark.parametrize(
    ("symbol", "base"),
    [
        ("A/HRC/28/56/Add.1", "A/HRC/28/56"),
        ("E/CN.4/2005/78/Corr.2", "E/CN.4/2005/78"),
        ("CCPR/C/21/Rev.1/Add.13", "CCPR/C/21"),
        ("A/HRC/28/56", "A/HRC/28/56"),
    ],
)
def test_base_symbol(symbol: str, base: str) -> None:
    assert base_symbol(symbol) == base


def test_document_url() -> None:
    assert document_url("a/69/262") == "https://undocs.org/A/69/262"
    assert document_url("A/69/262", "ar") == "https://undocs.org/ar/A/69/262"


def test_a_year_after_a_report_is_prose() -> None:
    assert [m.group() for m in find_symbols("the study (A/HRC/12/23 (2009))")] == ["A/HRC/12/23"]
    assert [m.group() for m in find_symbols("A/RES/2200(XXI) and S/RES/2427 (2018)")] == [
        "A/RES/2200(XXI)", "S/RES/2427 (2018)",
    ]
