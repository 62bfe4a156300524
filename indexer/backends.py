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


INGEST_HINT = "fiqra ingest FILE_OR_FOLDER"


class NoStore(LookupError):
    """A command that only reads found no store where it looked: nothing is created there."""


def open_backend(data_dir: Path | None = None, *, create: bool = False) -> Backend:
    """The backend for this configuration (`FIQRA_SEARCH_URL` selects a cluster). The
    embedded store is created only when `create` (ingesting): a command that reads, or a
    mistyped data directory, gets NoStore and leaves the disk as it was."""
    if os.environ.get("FIQRA_SEARCH_URL"):
        from indexer.cluster_backend import ClusterBackend

        return ClusterBackend.from_env()
    from indexer.sqlite_backend import STORE_FILE, SQLiteBackend

    data = data_dir or default_data_dir()
    if not create and not (data / STORE_FILE).is_file():
        where = "the data directory " + str(data)
        if data_dir is not None and not data.is_dir():
            raise NoStore(f"there is no folder {data} (is --data right?)")
        raise NoStore(f"the corpus is empty: ingest reports with `{INGEST_HINT}` "
                      f"({where} holds no fiqra store yet)")
    return SQLiteBackend(data)
