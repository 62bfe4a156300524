"""Serving the app on a free port and driving it with the system's headless Chromium: shared
by the browser tests (tests/test_web_*.py) so each starts a server and a page the same way."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WAIT_MS = 10_000
# Screenshots the browser tests take for review (at 1280 and 390 px), beside the build.
SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn in a thread; yields its base URL."""
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@contextmanager
def chromium() -> Iterator[Any]:
    """The system's headless Chromium (one per test module: starting it is the slow part).
    Skips without Playwright or Chromium; never downloads a browser."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: ./bootstrap test installs Debian's chromium")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def browser_page(browser: Any, url: str, **context: Any) -> Iterator[Any]:
    """A page on `url` in a context of its own (fresh storage, downloads accepted), so no
    test sees what another left: each test gets one. Script errors on the page are kept in
    `page.script_errors`, and requests to any other origin in `page.foreign_requests` (the
    page must load nothing from the network), so tests can assert there were none.
    `context` goes to the browser context (a viewport, a locale)."""
    ctx = browser.new_context(accept_downloads=True, **context)
    try:
        page = ctx.new_page()
        page.set_default_timeout(WAIT_MS)
        page.script_errors = []
        page.on("pageerror", lambda exc: page.script_errors.append(str(exc)))
        origin = url.split("/", 3)[:3]
        page.foreign_requests = []
        page.on("request", lambda req: req.url.split("/", 3)[:3] == origin
                or page.foreign_requests.append(req.url))
        page.goto(url)
        yield page
    finally:
        ctx.close()


def screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    """Save what the page shows as build/screenshots/<name>.png; answers the file."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# For an element: whether its text's first character is drawn left of its last, i.e. a
# left-to-right run (a range "8–20", an English message) reads in order inside Arabic text.
READS_LEFT_TO_RIGHT = """e => {
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), texts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.length) texts.push(n);
    const first = texts[0], last = texts[texts.length - 1], r = document.createRange();
    r.setStart(first, 0); r.setEnd(first, 1);
    const left = r.getBoundingClientRect().left;
    r.setStart(last, last.length - 1); r.setEnd(last, last.length);
    return left < r.getBoundingClientRect().left;
}"""
