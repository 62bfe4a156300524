"""Choosing a backend: the embedded SQLite store unless a search cluster is configured."""

from __future__ import annotations

import os
from pathlib import Path

from indexer.backend import Backend


def default_data_dir() -> Path:
    """`FIQRA_DATA`, else the XDG data folder: where the corpus lives between runs."""
    if env := os.environ.get("FIQRA_DATA"):
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "fiqra"


def open_backend(data_dir: Path | None = None) -> Backend:
    """The backend for this configuration (`FIQRA_SEARCH_URL` selects a cluster)."""
    if os.environ.get("FIQRA_SEARCH_URL"):
        from indexer.cluster_backend import ClusterBackend

        return ClusterBackend.from_env()
    from indexer.sqlite_backend import SQLiteBackend

    return SQLiteBackend(data_dir or default_data_dir())
