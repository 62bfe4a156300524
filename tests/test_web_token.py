"""The web page on a server with read and write tokens, in real headless Chromium: it asks
for the token once (Arabic first, English beside), sends it with every request after, and
downloads an export with it; the content security policy lets the page run as it is."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from api.access import Access
from api.app import create_app
from indexer.sets import SetStore
from indexer.sqlite_backend import SQLiteBackend
from tests.web_harness import WAIT_MS, browser_page, serving

pytestmark = pytest.mark.browser
TOKEN = "office-token-5f1c"


def test_page_asks_for_the_token_once(
    sample_backend: SQLiteBackend, tmp_path: Path, browser: Any
) -> None:
    access = Access(TOKEN, TOKEN, frozenset({"127.0.0.1", "localhost"}))
    app = create_app(sample_backend, SetStore(tmp_path / "sets.db"), access)
    with serving(app) as url, browser_page(browser, url) as page:
        dialog = page.locator("#token-dialog")
        dialog.wait_for(timeout=WAIT_MS)  # the home page's report list needs the token
        assert dialog.get_attribute("dir") == "rtl"
        assert "رمز الوصول" in dialog.inner_text() and "access token" in dialog.inner_text()
        page.fill("#token-input", "wrong")
        dialog.locator("button[type=submit]").click()
        page.locator("#token-dialog").wait_for(timeout=WAIT_MS)  # asked again: not accepted
        assert "لم يُقبل" in page.locator("#token-dialog").inner_text()
        page.fill("#token-input", TOKEN)
        page.locator("#token-dialog button[type=submit]").click()
        page.locator("#results a").first.wait_for(timeout=WAIT_MS)
        page.fill("#q", "خطوط المساعده")
        page.press("#q", "Enter")
        page.locator(".hit").first.wait_for(timeout=WAIT_MS)
        page.locator(".hit").first.locator("button.add-basket").click()
        page.fill("#set-name", "بالرمز")
        page.locator("#basket .save-set button[type=submit]").click()
        page.locator("#sets-page .set-items").wait_for(timeout=WAIT_MS)
        with page.expect_download() as info:
            page.locator('#sets-page a.export[data-format="csv"]').click()
        rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
        assert len(rows) == 2 and rows[1][0] == "A/HRC/28/56"
        assert page.locator("#token-dialog").count() == 0
        assert page.script_errors == [] and not page.foreign_requests
