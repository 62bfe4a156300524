"""The web page in real headless Chromium on a corpus of several reports (its own data
directory): cited-by counts between two SYNTHETIC reports (the citing one also in English,
with a paragraph the Arabic lacks), the bundled report beside a SYNTHETIC English stand-in
(paragraphs 1-12), footnote notes and footnote hits, the basket saved as a set and exported,
and every view at a phone's width."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode
from uuid import uuid4

import pytest

from api.app import create_app
from indexer.ingest import ingest_file
from indexer.sets import SetStore
from indexer.sqlite_backend import SQLiteBackend
from tests.sets_corpus import (
    FOOTNOTE_AR,
    FOOTNOTED,
    SYNTHETIC,
    footnoted_report,
    ingest_test_corpus,
)
from tests.web_harness import (
    READS_LEFT_TO_RIGHT,
    WAIT_MS,
    browser_page,
    screenshot,
    serving,
)

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

CITED = "A/HRC/97/20"
CITING = "A/HRC/97/30"
SAMPLE_SYMBOL = "A/HRC/28/56"
QUERY = "الأطفال"
PAGE = 20
NARROW = {"width": 390, "height": 800}
# SYNTHETIC English version of the citing report: paragraph 2 as in Arabic, and a paragraph 5
# (absent from the Arabic) that cites the same paragraph.
CITING_EN = """SYNTHETIC test document (written for fiqra tests, not a United Nations text)
Report of the Special Rapporteur on the rights of the child

I. Introduction
1. This synthetic report is submitted pursuant to Human Rights Council resolution 7/13.

II. Education
2. The Special Rapporteur endorses the recommendation of the Special Rapporteur on the right
to education (A/HRC/97/20, para. 3).
5. She recalls that free education is a basic right (see A/HRC/97/20, para. 3).
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web-corpus")


@pytest.fixture(scope="module")
def backend(data_dir: Path) -> Iterator[SQLiteBackend]:
    backend = SQLiteBackend(data_dir)
    ingest_test_corpus(backend)
    for symbol in (CITED, CITING):
        name = "synthetic_" + symbol.replace("/", "_") + "_ar.txt"
        ingest_file(backend, SYNTHETIC / name, symbol=symbol, lang="ar")
    english = SYNTHETIC / "synthetic_A_HRC_28_56_en.txt"
    ingest_file(backend, english, symbol=SAMPLE_SYMBOL, lang="en")
    citing_en = data_dir / "synthetic_A_HRC_97_30_en.txt"
    citing_en.write_text(CITING_EN, encoding="utf-8")
    ingest_file(backend, citing_en, symbol=CITING, lang="en")
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def server(backend: SQLiteBackend, data_dir: Path) -> Iterator[str]:
    with serving(create_app(backend, SetStore.in_data_dir(data_dir))) as url:
        yield url


def goto(page: Any, route: str) -> None:
    page.goto(page.url.split("#")[0] + route)


def addresses(items: Any) -> list[tuple[str, int]]:
    """(symbol, paragraph) of each element, from its data attributes."""
    found = items.evaluate_all("els => els.map(e => [e.dataset.symbol, +e.dataset.paragraph])")
    return [(symbol, number) for symbol, number in found]


def focused(page: Any) -> list[Any]:
    """The focused basket control: its class and its item's place, once the basket is drawn."""
    page.wait_for_function("() => document.activeElement.closest('#basket .item')", timeout=WAIT_MS)
    return page.evaluate("""() => { const b = document.activeElement, item = b.closest('.item');
        return [b.className, [...item.parentNode.children].indexOf(item)]; }""")


def cited_by(page: Any, number: int) -> Any:
    return page.locator(f'#reader .para[data-paragraph="{number}"] button.cited-by')


def test_cited_by_count_and_citing_paragraphs(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, f"#/read/ar/3/{CITED}")
    para = page.locator('#reader .para[data-paragraph="3"]')
    para.wait_for(timeout=WAIT_MS)
    button = cited_by(page, 3)
    # Paragraphs 2 and 3 of the citing report cite paragraph 3, and its English paragraph 5.
    assert button.inner_text() == "استشهدت بها 3"
    assert cited_by(page, 2).inner_text() == "استشهدت بها 1"
    assert cited_by(page, 4).count() == 0
    button.click()
    links = para.locator(".cited-by-list a")
    links.first.wait_for(timeout=WAIT_MS)
    # Each citing paragraph once, in Arabic where the citing report has it, labelled in the
    # citing paragraph's language and quoted from its start.
    assert links.evaluate_all("els => els.map(e => e.getAttribute('href'))") == [
        f"#/read/ar/2/{CITING}", f"#/read/ar/3/{CITING}", f"#/read/en/5/{CITING}"]
    assert [a.inner_text() for a in links.all()] == [
        f"{CITING}، الفقرة 2", f"{CITING}، الفقرة 3", f"{CITING}, para. 5"]
    quotes = para.locator(".cited-by-list q")
    assert quotes.nth(0).inner_text().startswith("تؤيد المقررة الخاصة")
    assert quotes.nth(2).inner_text().startswith("She recalls that free education")
    assert quotes.nth(2).get_attribute("dir") == "ltr"
    assert button.get_attribute("aria-expanded") == "true"
    links.first.click()
    citing = page.locator('#reader .para.target[data-paragraph="2"]')
    citing.wait_for(timeout=WAIT_MS)
    # The citation back is resolved: it links into fiqra, at the cited paragraph.
    cite = citing.locator("a.cite")
    assert cite.inner_text() == f"{CITED}، الفقرة 3"
    assert cite.get_attribute("href") == f"#/read/ar/3/{CITED}"
    assert not page.script_errors


def test_report_page_lists_who_cites_it(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, f"#/report/{CITED}")
    incoming = page.locator(f'#report-page .cited-by-reports li[data-symbol="{CITING}"]')
    incoming.wait_for(timeout=WAIT_MS)
    assert incoming.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))") == [
        f"#/report/{CITING}", f"#/read/ar/2/{CITING}", f"#/read/ar/3/{CITING}",
        f"#/read/en/5/{CITING}"]
    assert "وتذكّر المقررة الخاصة" in incoming.locator('li[data-paragraph="3"] q').inner_text()
    assert incoming.locator(".pinpoints").inner_text().strip() == "¶ 2–3"
    goto(page, f"#/report/{CITING}")
    out = page.locator(f'#report-page .cites-list li[data-target="{CITED}"]')
    out.wait_for(timeout=WAIT_MS)
    assert out.locator("a.cite").get_attribute("href") == f"#/report/{CITED}"
    assert "في المدونة" in out.inner_text()


def test_two_languages_side_by_side(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, f"#/read/ar/9/{SAMPLE_SYMBOL}")
    control = page.locator('#reader a.side-by-side[data-lang="en"]')
    control.wait_for(timeout=WAIT_MS)
    control.click()
    columns = page.locator("#reader .columns")
    columns.wait_for(timeout=WAIT_MS)
    assert page.url.endswith(f"#/read/ar+en/9/{SAMPLE_SYMBOL}")
    ar = columns.locator('.para[data-lang="ar"][data-paragraph="9"]')
    en = columns.locator('.para[data-lang="en"][data-paragraph="9"]')
    assert ar.get_attribute("dir") == "rtl" and en.get_attribute("dir") == "ltr"
    assert en.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert ar.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "تعتزم المقررة الخاصة" in ar.inner_text()
    assert "intends to continue" in en.inner_text()
    # Each column links its own language's citation as written.
    assert en.locator("a.cite").inner_text() == "A/69/262, paras. 8-20"
    assert ar.locator("a.cite").inner_text() == "A/69/262، الفقرات 8-20"
    a_box, e_box = ar.bounding_box(), en.bounding_box()
    # Paragraph 9 beside paragraph 9: same row, Arabic on the right.
    assert a_box["y"] == e_box["y"]
    assert a_box["x"] > e_box["x"]
    rows = columns.locator(".para").evaluate_all(
        "els => els.map(e => [e.dataset.lang, +e.dataset.paragraph])")
    # Row by row: the section (9-12) and a neighbour, Arabic then English.
    assert rows == [[lang, n] for n in range(8, 13) for lang in ("ar", "en")]
    page.locator("#reader a.one-lang").click()
    page.locator("#reader .columns").wait_for(state="detached", timeout=WAIT_MS)
    # Beyond the English stand-in's twelve paragraphs its column holds empty cells.
    goto(page, f"#/read/ar+en/14/{SAMPLE_SYMBOL}")
    page.locator('#reader .columns .para[data-lang="ar"][data-paragraph="14"]').wait_for(
        timeout=WAIT_MS)
    absent = page.locator('#reader .columns .para.absent[data-lang="en"]')
    assert absent.evaluate_all("els => els.map(e => +e.dataset.paragraph)") == [13, 14, 15, 16]
    # A language the report lacks: read in the one the corpus has.
    goto(page, f"#/read/fr/9/{SAMPLE_SYMBOL}")
    page.locator('#reader .para.target[data-lang="ar"]').wait_for(timeout=WAIT_MS)
    assert page.url.endswith(f"#/read/ar/9/{SAMPLE_SYMBOL}")
    assert not page.script_errors


def test_footnote_mark_opens_its_note(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, f"#/read/ar/1/{FOOTNOTED}")
    mark = page.locator('#reader .para[data-paragraph="1"] sup.fn button')
    mark.wait_for(timeout=WAIT_MS)
    assert mark.inner_text() == "1"
    mark.click()
    note = page.locator("#reader .fn-note")
    assert FOOTNOTE_AR in note.inner_text()
    assert mark.get_attribute("aria-expanded") == "true"
    mark.click()
    expect(note).to_have_count(0)


def test_basket_saved_in_its_order_and_exported_in_document_order(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, "#/search?q=" + "خطوط المساعده" + "&lang=ar")
    page.locator(".hit").first.wait_for(timeout=WAIT_MS)
    hits = addresses(page.locator(".hit"))
    assert len(hits) >= 3
    for i in range(3):
        page.locator(".hit").nth(i).locator("button.add-basket").click()
    basket = page.locator("#basket")
    expect(basket.locator(".count")).to_have_text("3")
    # The same paragraph twice stays once.
    page.locator(".hit").first.locator("button.add-basket").click()
    expect(basket.locator(".count")).to_have_text("3")
    # Move the third up to first: order 3, 1, 2; then remove the (new) last. The keyboard
    # focus follows: the same control of the moved item, or the next one that can act.
    basket.locator(".item").nth(2).locator("button.up").press("Enter")
    assert focused(page) == ["up", 1]
    page.keyboard.press("Enter")
    assert focused(page) == ["down", 0]
    basket.locator(".item").nth(2).locator("button.remove").press("Enter")
    assert focused(page) == ["remove", 1]
    order = [hits[2], hits[0]]
    assert addresses(basket.locator(".item")) == order
    name = f"مجموعة اختبار {uuid4().hex[:8]}"  # set names are unique: a name of its own
    page.fill("#set-name", name)
    basket.locator(".save-set button[type=submit]").click()
    page.locator("#sets-page .set-items").wait_for(timeout=WAIT_MS)
    assert "#/sets/" in page.url
    expect(basket.locator(".count")).to_have_text("0")
    assert page.input_value("#set-name") == ""
    assert addresses(page.locator("#sets-page .item")) == order
    with page.expect_download() as info:
        page.locator('#sets-page a.export[data-format="csv"]').click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    assert rows[0][:3] == ["symbol", "language", "paragraph"]
    # Exported in document order (each report's paragraphs by number), not basket order.
    first = {symbol: i for i, (symbol, _) in reversed(list(enumerate(order)))}
    assert [(r[0], int(r[2])) for r in rows[1:]] == sorted(order, key=lambda a: (first[a[0]], a[1]))
    with page.expect_download() as info:
        page.locator('#sets-page a.export[data-format="jsonl"]').click()
    records = [json.loads(line) for line in Path(info.value.path()).read_text("utf-8").splitlines()]
    assert len(records) == 2
    # The saved set is reordered through the sets API.
    page.locator("#sets-page .item").first.locator("button.down").click()
    page.wait_for_function("() => document.querySelector('#sets-page .item')?.dataset.paragraph"
                           f" === '{order[1][1]}'", timeout=WAIT_MS)
    assert addresses(page.locator("#sets-page .item")) == order[::-1]
    # The share link opens the same set.
    share = page.locator("#sets-page a.share-link").get_attribute("href")
    assert share.endswith(page.url.split("#")[1])
    goto(page, "#/sets")
    page.locator("#sets-page .set-list li").first.wait_for(timeout=WAIT_MS)
    assert name in page.locator("#sets-page .set-list").inner_text()
    assert not page.script_errors


def test_add_all_hits_of_a_query(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, "#/search?q=" + QUERY)
    total = int(page.locator("#results .count").inner_text().split()[0])
    page.locator("#results button.add-all").click()
    page.wait_for_function("() => document.querySelector('#basket .count').textContent !== '0'",
                           timeout=WAIT_MS)
    everything = page.evaluate("""async (q) => (await (await fetch(
        '/search?limit=100&q=' + encodeURIComponent(q))).json()).hits""", QUERY)
    # More than the page shows, fewer than one API page: all of them went in.
    assert PAGE < total == len(everything) <= 100
    numbered = [(h["symbol"], h["paragraph"]) for h in everything if h["paragraph"] is not None]
    assert addresses(page.locator("#basket .item")) == numbered
    # The query's own export holds the same paragraphs.
    with page.expect_download() as info:
        page.locator('#results a.export[data-format="csv"]').click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    assert sorted((r[0], int(r[2])) for r in rows[1:]) == sorted(numbered)


def test_set_page_flags_paragraphs_gone_from_the_corpus(page, backend) -> None:  # type: ignore[no-untyped-def]
    created = page.evaluate("""async ([symbol, name]) => (await (await fetch('/sets', {
        method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({name,
        items: [1, 2].map(n => ({symbol, lang: 'ar', paragraph: n}))})})).json())""",
                            [FOOTNOTED, f"to lose one {uuid4().hex[:8]}"])
    backend.ingest(footnoted_report("ar", drop=2), "footnoted-ar-without-2")
    try:
        goto(page, f"#/sets/{created['id']}")
        page.locator("#sets-page .set-items").wait_for(timeout=WAIT_MS)
        items = page.locator("#sets-page .item")
        assert items.nth(0).get_attribute("class") == "item"
        assert "missing" in items.nth(1).get_attribute("class")
        assert items.nth(1).locator(".missing-flag").count() == 1
        # A set's address, as the API gives it, opens the page's view of the set.
        page.goto(page.url.split("#")[0].rstrip("/") + created["url"])
        page.locator("#sets-page .set-items").wait_for(timeout=WAIT_MS)
        assert page.url.endswith(f"#/sets/{created['id']}")
    finally:
        backend.ingest(footnoted_report("ar"), "footnoted-ar")


def test_footnote_hit_opens_the_reader_with_the_note_shown(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, "#/search?q=" + "الوثيقة" + "&lang=ar")
    hit = page.locator(f'.hit[data-kind="footnote"][data-symbol="{FOOTNOTED}"]')
    hit.wait_for(timeout=WAIT_MS)
    assert hit.locator(".kind").inner_text() == "حاشية"
    assert hit.locator("a.num").inner_text() == "الفقرة 1"
    assert page.locator('.hit[data-kind="paragraph"] .kind').count() == 0
    hit.click()
    note = page.locator('#reader .para.target[data-paragraph="1"] .fn-note')
    note.wait_for(timeout=WAIT_MS)
    assert FOOTNOTE_AR in note.inner_text()
    route, _, params = page.url.partition("#")[2].partition("?")
    assert route == f"/read/ar/1/{FOOTNOTED}"
    assert parse_qs(params, keep_blank_values=True) == {"notes": [""], "q": ["الوثيقة"]}
    mark = page.locator('#reader .para.target sup.fn button')
    assert mark.get_attribute("aria-expanded") == "true"
    mark.click()
    expect(note).to_have_count(0)
    assert not page.script_errors


def test_reader_marks_the_search_words_as_the_search_matched_them(page, backend) -> None:  # type: ignore[no-untyped-def]
    goto(page, "#/search?q=" + "الاطفال" + "&lang=ar&symbol=" + SAMPLE_SYMBOL)
    hit = page.locator(".hit").first
    hit.wait_for(timeout=WAIT_MS)
    number = hit.get_attribute("data-paragraph")
    hit.locator("a.num").click()
    target = page.locator(f'#reader .para.target[data-paragraph="{number}"]')
    expect(target.locator("mark").first).to_be_visible(timeout=WAIT_MS)
    # The neighbours shown around it are marked too, with the search's own analysis.
    assert page.locator("#reader .para:has(mark)").count() > 1
    # A paragraph holding "للأطفال": the query's "الاطفال" (no hamza, no prefix) marks it.
    report = backend.get_report(SAMPLE_SYMBOL, "ar")
    holding = next(p.number for p in report.paragraphs if "للأطفال" in p.text)
    hostile = '<img src=x onerror="window.hacked=1"> الاطفال'
    goto(page, f"#/read/ar/{holding}/{SAMPLE_SYMBOL}?" + urlencode({"q": hostile}))
    marks = page.locator(f'#reader .para[data-paragraph="{holding}"] mark')
    expect(marks.first).to_be_visible(timeout=WAIT_MS)
    assert "للأطفال" in marks.all_inner_texts()
    assert all("طف" in m for m in page.locator("#reader mark").all_inner_texts())
    screenshot(page, "reader-marks-1280")
    # The query is never read as HTML, nor is a paragraph.
    assert page.locator("#reader img").count() == 0
    assert page.evaluate("() => window.hacked") is None
    # Without a search, nothing is marked.
    goto(page, f"#/read/ar/{holding}/{SAMPLE_SYMBOL}")
    expect(page.locator(f'#reader .para[data-paragraph="{holding}"]')).to_be_visible()
    expect(page.locator("#reader mark")).to_have_count(0)
    assert not page.script_errors


def test_english_report_page_labels_in_english_and_ranges_in_order(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, f"#/report/{SAMPLE_SYMBOL}?lang=en")
    toc = page.locator("#report-page .toc")
    toc.wait_for(timeout=WAIT_MS)
    assert "paras. " in toc.inner_text() and "الفقرات" not in toc.inner_text()
    ranges = page.locator("#report-page .toc .range bdi, #report-page .pinpoints bdi")
    runs = ranges.filter(has_text="–")
    assert runs.count() >= 2 and all(r.evaluate(READS_LEFT_TO_RIGHT) for r in runs.all())
    goto(page, f"#/report/{SAMPLE_SYMBOL}")
    page.locator("#report-page .toc").wait_for(timeout=WAIT_MS)
    pinpoint = page.locator('#report-page .cites-list li[data-target="A/69/262"] .pinpoints bdi')
    assert pinpoint.inner_text() == "8–37"
    assert pinpoint.evaluate(READS_LEFT_TO_RIGHT)
    runs = page.locator("#report-page .toc .range bdi").filter(has_text="–")
    assert runs.count() and all(r.evaluate(READS_LEFT_TO_RIGHT) for r in runs.all())


def test_no_view_scrolls_sideways_on_a_phone(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(NARROW)
    views = [
        ("#/", "#results .report-list"),
        ("#/search?q=" + "خطوط المساعده", ".hit"),
        (f"#/read/ar/9/{SAMPLE_SYMBOL}", "#reader .para.target"),
        (f"#/read/ar+en/9/{SAMPLE_SYMBOL}", "#reader .columns"),
        (f"#/report/{SAMPLE_SYMBOL}", "#report-page .toc"),
        (f"#/report/{CITED}", "#report-page .cited-by-reports"),
    ]
    for route, ready in views:
        goto(page, route)
        page.locator(ready).first.wait_for(timeout=WAIT_MS)
        if route.startswith("#/search"):
            page.locator(".hit").first.locator("button.add-basket").click()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], (route, width)
    # Stacked: the English paragraph under its Arabic one, and the basket under the view.
    ar = page.locator('#reader .columns .para[data-lang="ar"][data-paragraph="9"]')
    goto(page, f"#/read/ar+en/9/{SAMPLE_SYMBOL}")
    ar.wait_for(timeout=WAIT_MS)
    en = page.locator('#reader .columns .para[data-lang="en"][data-paragraph="9"]')
    assert en.bounding_box()["y"] > ar.bounding_box()["y"]
    main, basket = page.locator("main").bounding_box(), page.locator("#basket").bounding_box()
    assert basket["y"] >= main["y"] + main["height"]



def result_keys(page: Any) -> list[tuple[str, str, int, str]]:
    return [tuple(k) for k in page.locator(".hit").evaluate_all(
        "els => els.map(e => [e.dataset.symbol, e.getAttribute('lang'), +e.dataset.paragraph,"
        " e.dataset.kind])")]


def test_paging_reaches_the_last_hit(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, "#/search?q=" + QUERY)
    total = int(page.locator("#results .count").inner_text().split()[0])
    assert total > 2 * PAGE  # three pages at least
    seen: list[tuple[str, str, int, str]] = []
    while True:
        page.locator(".hit").first.wait_for()
        seen += result_keys(page)
        following = page.locator("#results .pager a.next")
        if not following.count():
            break
        current = page.locator(".pager .current").inner_text()
        following.click()
        expect(page.locator(".pager .current")).not_to_have_text(current)
    # Every hit once, the last page ends at the total.
    assert len(seen) == total == len(set(seen))
    assert page.locator("#results .range").inner_text() == (
        f"النتائج {(total - 1) // PAGE * PAGE + 1}–{total}")
    # The pager jumps straight to the first page too.
    page.locator('#results .pager a[data-page="1"]').click()
    expect(page.locator(".pager .current")).to_have_text("1")
    assert result_keys(page) == seen[:PAGE]
    assert not page.script_errors


def test_facets_count_per_report_and_filter_on_click(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, "#/search?q=" + QUERY)
    total = int(page.locator("#results .count").inner_text().split()[0])
    reports = page.locator('.facet[data-facet="symbol"] li')
    counts = {r.locator("a").get_attribute("data-value"): int(r.locator(".n").inner_text()[1:-1])
              for r in reports.all()}
    assert sum(counts.values()) == total and len(counts) >= 2
    # A report: only its hits, its count, and a chip that takes the filter away.
    page.locator(f'.facet[data-facet="symbol"] a[data-value="{SAMPLE_SYMBOL}"]').click()
    expect(page.locator("#results .count")).to_have_text(f"{counts[SAMPLE_SYMBOL]} فقرة")
    assert {k[0] for k in result_keys(page)} == {SAMPLE_SYMBOL}
    assert f"symbol={SAMPLE_SYMBOL.replace('/', '%2F')}" in page.url
    # Then a language of it: Arabic only.
    page.locator('.facet[data-facet="lang"] a[data-value="ar"]').click()
    expect(page.locator('.facet[data-facet="lang"] a.chip')).to_be_visible()
    assert {k[1] for k in result_keys(page)} == {"ar"}
    page.locator('.facet[data-facet="symbol"] a.chip').click()
    page.locator('.facet[data-facet="lang"] a.chip').click()
    expect(page.locator("#results .count")).to_have_text(f"{total} فقرة")
    # Year and session filters come from the data: every hit of the sample's session.
    goto(page, "#/search?q=" + QUERY + "&session=A/HRC/28")
    expect(page.locator('.facet[data-facet="session"] a.chip')).to_have_attribute(
        "data-value", "A/HRC/28")
    assert {k[0] for k in result_keys(page)} == {SAMPLE_SYMBOL}
    assert not page.script_errors


def test_sort_in_document_order(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, f"#/search?q={QUERY}&symbol={SAMPLE_SYMBOL}&lang=ar")
    page.locator(".hit").first.wait_for()
    page.select_option("#sort", "document")
    page.wait_for_url("**sort=document**")
    page.locator(".hit").first.wait_for()
    numbers = [k[2] for k in result_keys(page)]
    assert numbers == sorted(numbers) and len(numbers) == PAGE
    assert page.locator("#sort").input_value() == "document"


def test_a_hit_offers_its_paragraph_in_the_other_languages(page) -> None:  # type: ignore[no-untyped-def]
    goto(page, "#/search?q=Honduras")
    hit = page.locator(f'.hit[data-symbol="{SAMPLE_SYMBOL}"][data-paragraph="2"]')
    other = hit.locator('.versions a[data-lang="ar"]')
    assert other.get_attribute("href") == f"#/read/ar+en/2/{SAMPLE_SYMBOL}?q=Honduras"
    other.click()
    columns = page.locator("#reader .columns")
    expect(columns.locator('.para[data-lang="ar"][data-paragraph="2"]')).to_be_visible()
    expect(columns.locator('.para[data-lang="en"][data-paragraph="2"]')).to_contain_text("Honduras")


def test_basket_on_a_phone_says_what_a_tap_did(browser, server) -> None:  # type: ignore[no-untyped-def]
    with browser_page(browser, server, viewport=NARROW) as page:
        goto(page, "#/search?q=" + "خطوط المساعده")
        button = page.locator(".hit").first.locator("button.add-basket")
        expect(button).to_have_text("+ السلة")
        button.click()
        expect(button).to_have_text("✓ في السلة")
        assert button.get_attribute("aria-pressed") == "true"
        toast = page.locator("#basket-toast")
        expect(toast).to_be_visible()
        expect(toast).to_contain_text("أضيفت فقرة إلى السلة")
        box = toast.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= NARROW["height"]  # where the finger is
        assert screenshot(page, "search-390").stat().st_size
        toast.locator("a").click()
        expect(page.locator("#basket .count")).to_have_text("1")
        expect(page.locator("#basket")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
        assert screenshot(page, "basket-390").stat().st_size


def test_screenshots_at_desktop_width(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    goto(page, "#/search?q=" + QUERY)
    page.locator(".facets").wait_for()
    assert screenshot(page, "search-1280", full_page=True).stat().st_size
    goto(page, f"#/read/ar/9/{SAMPLE_SYMBOL}")
    page.locator("#reader .para.target").wait_for()
    assert screenshot(page, "reader-1280").stat().st_size


def test_basket_into_an_existing_set_then_rename_and_delete_it(page) -> None:  # type: ignore[no-untyped-def]
    name = f"مجموعة قائمة {uuid4().hex[:8]}"
    created = page.evaluate("""async ([symbol, name]) => (await (await fetch('/sets', {
        method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({name, items: [{symbol, lang: 'ar', paragraph: 1}]})})).json())""",
                            [FOOTNOTED, name])
    goto(page, "#/search?q=" + "خطوط المساعده" + "&lang=ar")
    hits = page.locator(".hit")
    for i in range(2):
        hits.nth(i).locator("button.add-basket").click()
    added = addresses(hits)[:2]
    choice = page.locator("#basket .add-to-set")
    expect(choice).to_be_visible()
    choice.locator("select").select_option(created["id"])
    choice.locator("button[type=submit]").click()
    page.wait_for_url(f"**#/sets/{created['id']}")
    expect(page.locator("#sets-page .item")).to_have_count(3)
    assert addresses(page.locator("#sets-page .item")) == [(FOOTNOTED, 1), *added]
    expect(page.locator("#basket .count")).to_have_text("0")
    # Renamed in the page …
    renamed = name + " (منقحة)"
    page.fill("#rename-set", renamed)
    page.locator("#sets-page .set-tools button.rename").click()
    expect(page.locator("#sets-page h2")).to_have_text(renamed)
    # … and deleted, after a second press that confirms.
    delete = page.locator("#sets-page button.delete-set")
    delete.click()
    expect(delete).to_have_text("تأكيد الحذف")
    delete.click()
    page.wait_for_url("**#/sets")
    page.locator("#sets-page h2").wait_for()
    assert renamed not in page.locator("#sets-page").inner_text()
    gone = page.evaluate("async (id) => (await fetch('/sets/' + id, {headers: {Accept: "
                         "'application/json'}})).status", created["id"])
    assert gone == 404
    assert not page.script_errors


def test_saving_a_basket_with_a_paragraph_gone_says_which_in_the_pages_language(page) -> None:  # type: ignore[no-untyped-def]
    """A basket kept in the browser may name a paragraph the corpus no longer has: saving
    it is refused with the paragraph named, worded in Arabic, or in English on the English
    page; the basket stays as it was."""
    gone = {"symbol": SAMPLE_SYMBOL, "lang": "ar", "paragraph": 999, "text": "…", "section": []}
    page.evaluate("item => localStorage.setItem('fiqra.basket', JSON.stringify([item]))", gone)
    page.reload()
    basket = page.locator("#basket")
    expect(basket.locator(".count")).to_have_text("1")
    page.fill("#set-name", f"مجموعة ناقصة {uuid4().hex[:8]}")
    basket.locator(".save-set button[type=submit]").click()
    error = basket.locator(".status .error")
    expect(error).to_have_text(f"طلب غير صالح: ليست في المدونة: {SAMPLE_SYMBOL} (ar) para. 999",
                               timeout=WAIT_MS)
    page.locator("#page-lang").click()
    page.fill("#set-name", f"incomplete {uuid4().hex[:8]}")
    basket.locator(".save-set button[type=submit]").click()
    expect(basket.locator(".status .error")).to_have_text(
        f"Invalid request: not in the corpus: {SAMPLE_SYMBOL} (ar) para. 999", timeout=WAIT_MS)
    expect(basket.locator(".count")).to_have_text("1")
    assert not page.script_errors
