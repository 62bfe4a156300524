"""Recommendations on the web page in real headless Chromium: a search hit names its
recommendation (`الفقرة 3.1`) and its States, facets narrow the search, and the report page
lists the recommendations with their tags (synthetic UPR report and thematic list)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from api.app import create_app
from indexer.ingest import ingest_file
from indexer.sets import SetStore
from indexer.sqlite_backend import SQLiteBackend
from tests.recommendation_search import REPORT, write_thematic_list
from tests.web_harness import WAIT_MS, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The synthetic UPR report and its synthetic thematic list, served (each test gets a
    fresh page on it: tests/conftest.py)."""
    folder = tmp_path_factory.mktemp("recommendations")
    backend = SQLiteBackend(folder / "data")
    ingest_file(backend, REPORT)
    ingest_file(backend, write_thematic_list(folder / "UPR99_ThematicList.docx"))
    with serving(create_app(backend, SetStore.in_data_dir(folder / "data"))) as url:
        yield url
    backend.close()


def test_recommendation_hits_tags_and_facets(page) -> None:  # type: ignore[no-untyped-def]
    page.fill("#q", "state:France")
    page.press("#q", "Enter")
    hit = page.locator('.hit[data-kind="recommendation"]').first
    hit.wait_for(timeout=WAIT_MS)
    assert hit.locator(".num").inner_text() == "الفقرة 3.1"
    assert hit.locator(".kind").inner_text() == "توصية"
    assert hit.locator('.tag[data-tag="state"]').all_inner_texts() == ["France"]
    assert hit.locator('.tag[data-tag="position"]').all_inner_texts() == ["supported"]
    facets = page.locator('.facets [data-facet="state"] li').all_inner_texts()
    # France ticked; each other State counted by what it would add (either State).
    assert facets[:3] == ["France ✕ (2)", "Bosnia and Herzegovina (1)", "Chile (1)"]
    # A second value of the facet is ticked beside the first: hits of either State.
    page.locator('.facets [data-facet="state"] a', has_text="Bosnia").click()
    expect(page.locator(".facets [data-facet=state] a.chip")).to_have_count(2, timeout=WAIT_MS)
    expect(page.locator(".hit .num")).to_have_text(["الفقرة 3.1", "الفقرة 3.3"])
    assert page.input_value("#q") == 'state:France state:"Bosnia and Herzegovina"'
    # Unticking France leaves Bosnia and Herzegovina's recommendation alone.
    page.locator('.facets [data-facet="state"] a.chip', has_text="France").click()
    expect(page.locator(".hit .num")).to_have_text(["الفقرة 3.3"], timeout=WAIT_MS)
    assert page.input_value("#q") == 'state:"Bosnia and Herzegovina"'
    assert page.eval_on_selector(".hit .tags", "e => getComputedStyle(e).direction") == "rtl"
    assert not page.script_errors


def test_report_page_lists_recommendations(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("#")[0] + "#/report/A/HRC/99/15")
    section = page.locator("section.recommendations")
    section.wait_for(timeout=WAIT_MS)
    assert "الفقرة 3 — 5 توصية" in section.locator("summary").inner_text()
    items = section.locator("li[data-item]")
    assert items.evaluate_all("els => els.map(e => e.dataset.item)") == [
        "3.1", "3.2", "3.3", "3.4", "3.5"
    ]
    section.locator("details").evaluate("d => { d.open = true; }")
    second = section.locator('li[data-item="3.2"]')
    assert second.locator('.tag[data-tag="position"]').inner_text() == "noted"
    assert second.locator('.tag[data-tag="theme"]').all_inner_texts() == [
        "Acceptance of international norms", "Migrants"
    ]
    assert section.locator("ol").get_attribute("dir") == "ltr"
    assert not page.script_errors


def test_recommendations_go_to_the_basket_and_a_set_on_their_own(page) -> None:  # type: ignore[no-untyped-def]
    page.fill("#q", "state:France")
    page.press("#q", "Enter")
    hits = page.locator('.hit[data-kind="recommendation"]')
    expect(hits).to_have_count(2, timeout=WAIT_MS)
    for i in range(2):
        hits.nth(i).locator("button.add-basket").click()
    basket = page.locator("#basket")
    expect(basket.locator(".count")).to_have_text("2")
    items = basket.locator(".item")
    expect(items.locator(".item-ref")).to_have_text([re.compile("الفقرة 3.1$"),
                                                      re.compile("الفقرة 3.3$")])
    assert items.first.locator(".item-text").inner_text().startswith("Ratify the Optional")
    page.fill("#set-name", f"توصيات {uuid4().hex[:8]}")
    basket.locator(".save-set button[type=submit]").click()
    saved = page.locator("#sets-page .item")
    expect(saved).to_have_count(2, timeout=WAIT_MS)
    assert saved.evaluate_all("els => els.map(e => e.dataset.item)") == ["3.1", "3.3"]
    # Removed from the saved set by its label: the other recommendation of 3 stays.
    saved.first.locator("button.remove").click()
    expect(saved).to_have_count(1, timeout=WAIT_MS)
    assert saved.first.get_attribute("data-item") == "3.3"
    assert not page.script_errors
