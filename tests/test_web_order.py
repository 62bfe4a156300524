"""The browser tests pass in any order and repeated: they are run again here, each twice, in
a random order (pytest-randomly, pytest-repeat), in a pytest of their own. A test that leans
on what another left in the page, the basket or the data fails here."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web_harness import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
WEB_TESTS = ["tests/test_web_page.py", "tests/test_web_corpus.py"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_web_tests_pass_in_random_order_repeated() -> None:
    pytest.importorskip("pytest_randomly")
    pytest.importorskip("pytest_repeat")
    pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    seed = random.randrange(2**32)  # reseeded by pytest-randomly: the outer seed repeats it
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "randomly",
         f"--randomly-seed={seed}", "--count=2", *WEB_TESTS],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    assert run.returncode == 0, (seed, run.stdout[-6000:], run.stderr[-2000:])
    summary = run.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary, summary
