"""One data folder: `./bootstrap run` ingests where `fiqra` reads, commands that only read
never create a store (a mistyped --data stays a mistake on the screen, not a new empty
corpus), and an empty corpus or a query no language of the corpus is written in says why
nothing was found."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from api.cli import main
from indexer.sqlite_backend import SQLiteBackend

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [["search", "خطوط"], ["report", "A/HRC/28/56"],
                                     ["sets", "list"], ["graph"], ["reindex"]])
def test_a_mistyped_data_folder_is_said_and_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "dtaa"
    code, out, err = run(capsys, "--data", str(typo), *command)
    assert code == 2 and out == ""
    assert err == f"error: there is no folder {typo} (is --data right?)\n"
    assert not typo.exists()


def test_reading_an_empty_data_folder_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIQRA_DATA", str(tmp_path / "fiqra"))
    for data in ([], ["--data", str(tmp_path)]):
        code, _, err = run(capsys, *data, "search", "خطوط المساعدة")
        assert code == 2
        assert err.startswith("error: the corpus is empty: ingest reports with "
                              "`fiqra ingest FILE_OR_FOLDER`")
    assert list(tmp_path.iterdir()) == []


def test_an_empty_store_says_the_corpus_is_empty(empty_backend: SQLiteBackend) -> None:
    results = empty_backend.search("خطوط المساعدة")
    assert results.total == 0
    assert results.notice == (
        "the corpus is empty: ingest reports with `fiqra ingest FILE_OR_FOLDER`")


def test_a_query_in_a_language_the_corpus_lacks_names_the_ones_it_has(
    sample_backend: SQLiteBackend,
) -> None:
    results = sample_backend.search("help lines")
    assert results.total == 0
    assert results.notice == "the query is in en, and the corpus has text in ar only: search in ar"
    assert sample_backend.search("خطوط الخخخخ").notice is None  # the words are not there


@pytest.mark.slow
def test_bootstrap_run_then_fiqra_search_finds_hits(tmp_path: Path) -> None:
    """The README's first steps, in a home of their own: `./bootstrap run`, then in another
    terminal `fiqra search` (on PATH once the venv is activated) finds the bundled report."""
    if not (VENV_BIN / "fiqra").exists():
        pytest.skip("needs the .venv that ./bootstrap makes")
    env = {k: v for k, v in os.environ.items() if k not in ("FIQRA_DATA", "XDG_DATA_HOME")}
    env.update(HOME=str(tmp_path), PATH=f"{VENV_BIN}:{env.get('PATH', '')}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(ROOT / "bootstrap"), "run"], cwd=ROOT,
                              env={**env, "PORT": str(port)}, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                    if json.load(r)["reports"] >= 1:
                        break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "./bootstrap run did not serve in 120 s"
                time.sleep(0.2)
        found = subprocess.run(["fiqra", "search", "خطوط المساعدة", "--json"], env=env,
                               cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert found.returncode == 0, found.stderr
        assert json.loads(found.stdout)["total"] > 0
        assert (tmp_path / ".local" / "share" / "fiqra" / "fiqra.db").is_file()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
