"""The web page in real headless Chromium: type an Arabic query, see the paragraph, open it."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from api.app import create_app
from indexer.sqlite_backend import SQLiteBackend

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_backend: SQLiteBackend) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(sample_backend), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: ./bootstrap test installs Debian's chromium")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(server)
        yield page
        browser.close()


def test_search_and_open_a_paragraph(page) -> None:  # type: ignore[no-untyped-def]
    assert page.get_attribute("html", "dir") == "rtl"
    page.fill("#q", "خطوط المساعده")
    page.press("#q", "Enter")
    hit = page.locator('.hit[data-paragraph="48"]')
    hit.wait_for(timeout=10_000)
    assert "A/HRC/28/56" in hit.inner_text()
    assert "خطوط المساعدة" in hit.locator(".section").inner_text()
    assert hit.locator("mark").count() >= 1
    assert page.eval_on_selector(".hit .snippet", "e => getComputedStyle(e).direction") == "rtl"
    hit.click()
    target = page.locator("#reader .para.target")
    target.wait_for(timeout=10_000)
    assert target.get_attribute("data-paragraph") == "48"
    # Its neighbours in the section are shown around it.
    shown = page.locator("#reader .para").evaluate_all("els => els.map(e => +e.dataset.paragraph)")
    assert 47 in shown and 49 in shown
    assert "خطوط المساعدة" in page.locator("#reader .crumbs").inner_text()
