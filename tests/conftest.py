"""Shared fixtures: the bundled report, and a data directory with it ingested."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.ingest import ingest_file
from indexer.sqlite_backend import SQLiteBackend

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
