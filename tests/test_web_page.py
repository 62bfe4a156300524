"""The web page in real headless Chromium on the bundled report: search, open a paragraph,
its citations as links, footnote marks, the report page, keyboard use."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from api.app import create_app
from indexer.sqlite_backend import SQLiteBackend
from tests.web_harness import WAIT_MS, browser_page, screenshot, serving

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture(scope="module")
def server(sample_backend: SQLiteBackend) -> Iterator[str]:
    with serving(create_app(sample_backend)) as url:
        yield url


def test_search_and_open_a_paragraph(page) -> None:  # type: ignore[no-untyped-def]
    assert page.get_attribute("html", "dir") == "rtl"
    page.fill("#q", "خطوط المساعده")
    page.press("#q", "Enter")
    hit = page.locator('.hit[data-paragraph="48"]')
    hit.wait_for(timeout=WAIT_MS)
    assert "A/HRC/28/56" in hit.inner_text()
    assert "خطوط المساعدة" in hit.locator(".section").inner_text()
    assert hit.locator("mark").count() >= 1
    assert page.locator("#results .notice").count() == 0
    assert "null" not in page.locator("#results").inner_text()
    assert "null" not in page.locator("#basket").inner_text()  # an empty basket: no stray null
    assert page.eval_on_selector(".hit .snippet", "e => getComputedStyle(e).direction") == "rtl"
    hit.click()
    target = page.locator("#reader .para.target")
    target.wait_for(timeout=WAIT_MS)
    assert target.get_attribute("data-paragraph") == "48"
    # Its neighbours in the section are shown around it.
    shown = page.locator("#reader .para").evaluate_all("els => els.map(e => +e.dataset.paragraph)")
    assert 47 in shown and 49 in shown
    assert "خطوط المساعدة" in page.locator("#reader .crumbs").inner_text()
    assert not page.foreign_requests


def test_citation_to_a_report_outside_the_corpus_links_to_the_official_document(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("#")[0] + "#/read/ar/9/A/HRC/28/56")
    para = page.locator('#reader .para[data-paragraph="9"]')
    para.wait_for(timeout=WAIT_MS)
    link = para.locator("a.cite")
    assert link.count() == 1
    assert link.inner_text() == "A/69/262، الفقرات 8-20"
    href = link.get_attribute("href")
    assert "undocs.org" in href or "documents.un.org" in href
    assert href.endswith("A/69/262")
    # The link replaces the text as written: the paragraph reads the same.
    assert "(A/69/262، الفقرات 8-20)، تعتزم" in para.locator(".text").inner_text()
    assert para.get_attribute("dir") == "rtl"
    # Resolutions are linked too (paragraph 1 cites HRC resolutions 7/13 and 25/6).
    page.goto(page.url.split("#")[0] + "#/read/ar/1/A/HRC/28/56")
    first = page.locator('#reader .para[data-paragraph="1"] a.cite')
    first.first.wait_for(timeout=WAIT_MS)
    hrefs = first.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.endswith("A/HRC/RES/7/13") for h in hrefs)
    assert any(h.endswith("A/HRC/RES/25/6") for h in hrefs)
    assert not page.script_errors


def test_footnote_marks_are_superscripts(page) -> None:  # type: ignore[no-untyped-def]
    # The text reader keeps where the marks are but not the notes: a number, no button.
    page.goto(page.url.split("#")[0] + "#/read/ar/7/A/HRC/28/56")
    mark = page.locator('#reader .para[data-paragraph="7"] sup.fn')
    mark.wait_for(timeout=WAIT_MS)
    assert mark.inner_text() == "1"
    assert mark.locator("button").count() == 0


def test_report_page_contents_and_citations(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("#")[0] + "#/read/ar/48/A/HRC/28/56")
    page.locator("#reader a.report-link").click()
    toc = page.locator("#report-page .toc")
    toc.wait_for(timeout=WAIT_MS)
    assert "(الفقرات 2–8)" in toc.inner_text()
    assert "الأنشطة" in toc.inner_text()
    cited = page.locator('#report-page .cites-list li[data-target="A/69/262"]')
    assert cited.count() == 1
    # Cited from paragraphs 5, 9 and 13; the pinpoints 8-20 and 21-37 as one run.
    assert cited.locator(".from a").count() == 3
    assert cited.locator(".pinpoints").inner_text().strip() == "¶ 8–37"
    assert page.locator("#report-page .incoming").inner_text().count("A/HRC") == 0
    # A section of the contents opens the reader at its first paragraph.
    toc.locator('a[data-first="17"]').first.click()
    page.locator('#reader .para.target[data-paragraph="17"]').wait_for(timeout=WAIT_MS)
    assert not page.script_errors


def test_keyboard_enter_opens_a_hit(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("#")[0] + "#/search?q=" + "الإنترنت")
    hit = page.locator(".hit").first
    hit.wait_for(timeout=WAIT_MS)
    number = hit.get_attribute("data-paragraph")
    hit.focus()
    page.keyboard.press("Enter")
    page.locator(f'#reader .para.target[data-paragraph="{number}"]').wait_for(timeout=WAIT_MS)
    # Buttons are buttons and links are links.
    assert page.locator("#reader .add-basket").first.evaluate("e => e.tagName") == "BUTTON"
    assert page.locator("#reader a.report-link").get_attribute("href") == "#/report/A/HRC/28/56"


def test_citations_located_in_order_without_overlap(page) -> None:  # type: ignore[no-untyped-def]
    spans = page.evaluate("""async () => {
        const { locateCitations } = await import('/static/paragraph.js');
        const text = 'See A/1/2 and A/1/2, para. 3; also A/1/2/Add.1 (not extracted: B/9/9).';
        const cites = ['A/1/2', 'A/1/2, para. 3', 'A/1/2/Add.1', 'missing']
            .map((t) => ({ text: t, paragraph: 1 }));
        return locateCitations(text, cites).map((s) => [s.start, s.end, s.citation.text]);
    }""")
    assert spans == [[4, 9, "A/1/2"], [14, 28, "A/1/2, para. 3"], [35, 46, "A/1/2/Add.1"]]


def test_home_lists_the_reports_in_the_corpus(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("#")[0] + "#/")
    item = page.locator('#results .report-list li[data-symbol="A/HRC/28/56"]')
    item.wait_for(timeout=WAIT_MS)
    assert item.locator("a").first.get_attribute("href") == "#/report/A/HRC/28/56"
    assert "89 فقرة" in item.inner_text() and "العربية" in item.inner_text()


def test_error_message_is_isolated_and_worded_in_arabic(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("#")[0] + '#/search?q="open')
    error = page.locator("#results .error")
    error.wait_for(timeout=WAIT_MS)
    assert error.inner_text() == 'طلب غير صالح: علامة تنصيص غير مغلقة: أغلق العبارة بعلامة "'
    message = error.locator("bdi[dir=auto]")
    # The server's own words stay at hand; isolated, the Arabic reads right to left.
    assert message.get_attribute("title") == 'unbalanced quotation mark: close the phrase with "'
    assert message.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert screenshot(page, "error-1280").stat().st_size


def test_an_empty_search_asks_for_a_word(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("#search-form button[type=submit]").click()
    expect(page.locator("#results .error")).to_have_text("طلب غير صالح: اكتب كلمة للبحث عنها")


def test_a_query_in_a_language_the_corpus_lacks_says_which_it_has(page) -> None:  # type: ignore[no-untyped-def]
    page.fill("#q", "help lines")
    page.press("#q", "Enter")
    notice = page.locator("#results .notice")
    expect(notice).to_have_text("ملاحظة: البحث باللغة الإنكليزية، وفي المدونة نصوص باللغات "
                                "التالية فقط: العربية. ابحث بإحداها")
    assert notice.locator("bdi").evaluate("e => getComputedStyle(e).direction") == "rtl"


def test_the_query_language_is_one_click_away(page) -> None:  # type: ignore[no-untyped-def]
    help_panel = page.locator("#query-help")
    expect(help_panel.locator("table")).to_be_hidden()
    help_panel.locator("summary").click()
    expect(help_panel.locator("table")).to_be_visible()
    assert "session:A/HRC/28" in help_panel.inner_text()


def test_citation_query_notice_is_shown(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("#")[0] + "#/search?q=A/HRC/98/10")
    notice = page.locator("#results .notice")
    notice.wait_for(timeout=WAIT_MS)
    assert page.locator("#results .count").inner_text() == "0 فقرة"
    expected = "A/HRC/98/10 ليست في المدونة، ولا تستشهد بها أي فقرة فيها"
    assert expected in notice.inner_text()
    assert notice.locator("bdi[dir=auto]").get_attribute("title") == (
        "A/HRC/98/10 is not in the corpus, and no paragraph in it cites it")


def test_a_paragraph_the_report_lacks_is_said_so(page) -> None:  # type: ignore[no-untyped-def]
    for number in (999, 0):
        page.goto(page.url.split("#")[0] + f"#/read/ar/{number}/A/HRC/28/56")
        message = page.locator("#reader .no-paragraph")
        message.wait_for(timeout=WAIT_MS)
        assert message.inner_text() == f"لا توجد الفقرة {number} (الفقرات 1–89)"
        assert page.locator("#reader .para").count() == 0
    assert not page.script_errors


def test_arabic_paragraph_numbers_in_un_style(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("#")[0] + "#/read/ar/9/A/HRC/28/56")
    num = page.locator('#reader .para[data-paragraph="9"] .num')
    num.wait_for(timeout=WAIT_MS)
    assert num.inner_text() == "9-"


def test_api_docs_render_with_the_network_off(browser, server) -> None:  # type: ignore[no-untyped-def]
    """/docs draws Swagger UI from the app's own files: every request off this machine is
    refused, and the page still lists the endpoints."""
    with browser_page(browser, server) as page:
        local = server.split("/", 3)[:3]
        refused: list[str] = []

        def offline(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.split("/", 3)[:3] == local:
                route.continue_()
            else:
                refused.append(route.request.url)
                route.abort()

        page.route("**/*", offline)
        page.goto(server + "/docs")
        search = page.locator(".swagger-ui .opblock-summary-path", has_text="/search").first
        search.wait_for()
        assert page.locator(".swagger-ui .opblock").count() > 10
        assert not refused and not page.foreign_requests and not page.script_errors


def test_the_search_box_empties_on_a_report_page(page) -> None:  # type: ignore[no-untyped-def]
    page.fill("#q", "خطوط المساعده")
    page.press("#q", "Enter")
    page.locator(".hit").first.wait_for()
    assert page.input_value("#q") == "خطوط المساعده"
    page.goto(page.url.split("#")[0] + "#/report/A/HRC/28/56")
    page.locator("#report-page .toc").wait_for()
    assert page.input_value("#q") == ""


def test_the_page_in_english_switched_and_remembered(page) -> None:  # type: ignore[no-untyped-def]
    """Every word of the page in Arabic or English: the switch in the header words the page
    in English, left to right, server messages as they come (isolated for bidi), and the
    browser keeps the choice; switched back, the page is Arabic and right to left again."""
    page.set_viewport_size({"width": 1280, "height": 900})
    switch = page.locator("#page-lang")
    assert switch.inner_text() == "English" and page.get_attribute("html", "dir") == "rtl"
    switch.click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert page.get_attribute("html", "lang") == "en"
    expect(page.locator("#search-form button[type=submit]")).to_have_text("Search")
    assert page.get_attribute("#q", "aria-label") == "Search"
    expect(page.locator("#basket h2")).to_contain_text("Basket")
    expect(page.locator("#results h2")).to_contain_text("Reports in the corpus")
    assert switch.inner_text() == "العربية" and switch.get_attribute("lang") == "ar"
    # A search: labels in English, the Arabic text still right to left.
    page.fill("#q", "خطوط المساعده")
    page.press("#q", "Enter")
    hit = page.locator('.hit[data-paragraph="48"]')
    expect(hit.locator("a.num")).to_have_text("para. 48", timeout=WAIT_MS)
    expect(page.locator("#results .count")).to_have_text(re.compile(r"^\d+ paragraphs$"))
    expect(hit.locator("button.add-basket")).to_have_text("+ Basket")
    assert page.eval_on_selector(".hit .snippet", "e => getComputedStyle(e).direction") == "rtl"
    assert page.eval_on_selector("#results", "e => getComputedStyle(e).direction") == "ltr"
    assert screenshot(page, "search-en-1280").stat().st_size
    # An error: the English wording, the server's message isolated, left to right.
    page.goto(page.url.split("#")[0] + '#/search?q="open')
    error = page.locator("#results .error")
    expect(error).to_have_text(
        'Invalid request: unbalanced quotation mark: close the phrase with "', timeout=WAIT_MS)
    message = error.locator("bdi[dir=auto]")
    assert message.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert screenshot(page, "error-en-1280").stat().st_size
    # Remembered: a new visit in the same browser opens in English.
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#results .error")).to_contain_text("Invalid request")
    page.set_viewport_size({"width": 390, "height": 800})
    assert screenshot(page, "error-en-390").stat().st_size
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # Back to Arabic: the same view worded in Arabic, right to left.
    page.locator("#page-lang").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#results .error")).to_have_text(
        'طلب غير صالح: علامة تنصيص غير مغلقة: أغلق العبارة بعلامة "')
    expect(page.locator("#search-form button[type=submit]")).to_have_text("بحث")
    assert not page.script_errors and not page.foreign_requests


def test_every_word_of_the_page_exists_in_both_languages(page) -> None:  # type: ignore[no-untyped-def]
    """No view shows Arabic words in the English page (reports' texts aside): the home page,
    search results with facets and pager, the reader, a report page and the sets page."""
    page.locator("#page-lang").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    base = page.url.split("#")[0]
    views = {
        "#/": "#results h2",
        "#/search?q=" + "الاطفال": "#results .hit",
        "#/read/ar/48/A/HRC/28/56": "#reader .para.target",
        "#/report/A/HRC/28/56": "#report-page .toc",
    }
    for route, ready in views.items():
        page.goto(base + route)
        page.locator(ready).first.wait_for(timeout=WAIT_MS)
        words = page.evaluate(PAGE_WORDS)
        arabic = [w for w in words if re.search("[\u0600-\u06ff]", w)]
        assert not arabic, (route, arabic[:10])
    assert not page.script_errors


# The page's own visible words: text outside the reports' texts (elements with a lang of
# their own, the snippets, symbols and titles quoting a report) and outside user input.
PAGE_WORDS = """() => {
  const own = (n) => !n.parentElement.closest('[lang]:not(html), .snippet, .section, .crumbs, ' +
    'h2[dir], q, .title, .item-text, summary[data-query], bdi[dir=auto]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), words = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    if (text && own(n) && n.parentElement.checkVisibility()) words.push(text);
  }
  return words;
}"""
