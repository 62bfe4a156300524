"""Shared fixtures: the bundled report, a data directory with it ingested, and for the browser
tests Chromium (one per module) and a fresh page per test on the module's `server` URL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.ingest import ingest_file
from indexer.sqlite_backend import SQLiteBackend
from tests.web_harness import browser_page, chromium

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the bundled report; tests must not write to it."""
    data = tmp_path_factory.mktemp("sample-data")
    backend = SQLiteBackend(data)
    ingest_file(backend, SAMPLE)
    backend.close()
    return data


@pytest.fixture(scope="session")
def sample_backend(sample_data_dir: Path) -> Iterator[SQLiteBackend]:
    """Read-only backend on the bundled report (shared by the session: do not ingest)."""
    backend = SQLiteBackend(sample_data_dir)
    yield backend
    backend.close()


@pytest.fixture
def empty_backend(tmp_path: Path) -> Iterator[SQLiteBackend]:
    backend = SQLiteBackend(tmp_path / "data")
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page (its own storage: empty basket, no history) on the module's `server`, so
    no test sees what another left."""
    with browser_page(browser, server) as page:
        yield page


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    """On a failure, how to run the tests again in the same order."""
    seed = getattr(config.option, "randomly_seed", None)
    if exitstatus and isinstance(seed, int):
        terminalreporter.write_line(f"the same order again: pytest --randomly-seed={seed}")
