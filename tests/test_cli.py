"""The `fiqra` command-line contract (--json shapes, exit codes, messages)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from api.cli import main
from indexer.sqlite_backend import SQLiteBackend

SYNTHETIC_AR = (Path(__file__).resolve().parent / "fixtures" / "synthetic"
                / "synthetic_A_HRC_97_20_ar.txt")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_contract(capsys: pytest.CaptureFixture[str], sample_data_dir: Path) -> None:
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "search", "خطوط المساعده",
                       "--limit", "5", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] >= 1 and 1 <= len(data["hits"]) <= 5
    for hit in data["hits"]:
        assert {"symbol", "lang", "paragraph", "section", "text", "snippet", "score"} <= hit.keys()
        assert isinstance(hit["paragraph"], int) and isinstance(hit["section"], list)
    assert 48 in [h["paragraph"] for h in data["hits"]]
    h48 = next(h for h in data["hits"] if h["paragraph"] == 48)
    assert h48["symbol"] == "A/HRC/28/56" and h48["lang"] == "ar"
    assert h48["section"][-1] == "خطوط المساعدة"


def test_totals_past_the_cap_say_more(
    capsys: pytest.CaptureFixture[str], sample_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SQLiteBackend, "total_cap", 3)  # the bundled report: dozens match
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "search", "الأطفال", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["total"], data["total_capped"], len(data["hits"])) == (3, True, 10)
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "search", "الأطفال")
    assert code == 0 and "3+ paragraphs match" in out
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "search", "A/HRC/28/56 para. 9",
                       "--json")
    assert (json.loads(out)["total"], json.loads(out)["total_capped"]) == (1, False)


def test_explain_prints_each_clause_share(
    capsys: pytest.CaptureFixture[str], sample_data_dir: Path
) -> None:
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "search", "توصيات المقرره الخاصه",
                       "--limit", "2", "--explain")
    assert code == 0
    assert "in section]" in out  # a word found in the headings the paragraph stands under
    assert "[proximity +" in out  # the words standing together


def test_report_json_contract(capsys: pytest.CaptureFixture[str], sample_data_dir: Path) -> None:
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "report", "A/HRC/28/56", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["symbol"], data["lang"]) == ("A/HRC/28/56", "ar")
    assert data["title"].startswith("تقرير المقررة الخاصة")
    assert [p["number"] for p in data["paragraphs"]] == list(range(1, 90))
    assert len(data["paragraphs"][86]["items"]) == 10

    def check(section: dict) -> None:
        assert {"label", "title", "first", "last", "children"} <= section.keys()
        for child in section["children"]:
            check(child)

    assert len(data["sections"]) == 5
    for s in data["sections"]:
        check(s)
    assert (data["sections"][0]["first"], data["sections"][-1]["last"]) == (1, 89)


def test_human_output_and_errors(capsys: pytest.CaptureFixture[str],
                                 sample_data_dir: Path) -> None:
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "search", "الاغواء")
    assert code == 0 and "A/HRC/28/56" in out and "para." in out
    code, _, err = run(capsys, "--data", str(sample_data_dir), "report", "A/1/2")
    assert code == 2 and "no report A/1/2" in err
    code, _, err = run(capsys, "--data", str(sample_data_dir), "search", '"open')
    assert code == 2 and "quotation" in err


def test_ingest_reports_and_refuses(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    sample_path: Path) -> None:
    data = str(tmp_path / "d")
    code, out, _ = run(capsys, "--data", data, "ingest", str(sample_path))
    assert code == 0 and "added" in out and "89 paragraphs" in out
    code, out, _ = run(capsys, "--data", data, "ingest", str(sample_path))
    assert code == 0 and "unchanged" in out
    nameless = tmp_path / "notes.txt"
    nameless.write_text("1-\nنص قصير بلا رمز.\n", encoding="utf-8")
    code, _, err = run(capsys, "--data", data, "ingest", str(nameless))
    assert code == 1 and "symbol" in err
    binary = tmp_path / "A_HRC_1_1_ar.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    code, _, err = run(capsys, "--data", data, "ingest", str(binary))
    assert code == 1 and str(binary) in err
    code, out, _ = run(capsys, "--data", data, "search", "الإنترنت", "--json")
    assert {h["symbol"] for h in json.loads(out)["hits"]} == {"A/HRC/28/56"}


def test_bounds_graph_and_unknown_reports(capsys: pytest.CaptureFixture[str],
                                          sample_data_dir: Path) -> None:
    data = str(sample_data_dir)
    with pytest.raises(SystemExit) as exit_:
        main(["--data", data, "paragraph", "A/HRC/28/56", "99999999999999999999"])
    assert exit_.value.code == 2 and "not between" in capsys.readouterr().err
    code, _, err = run(capsys, "--data", data, "citations", "NOPE/1")
    assert code == 2 and "not in the corpus" in err
    code, out, _ = run(capsys, "--data", data, "graph", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "source,target,kind,resolved,weight,paragraphs"
    assert "A/HRC/28/56,A/69/262,document,false,3,5 9 13" in out
    code, out, _ = run(capsys, "--data", data, "search", "A/HRC/28/56 para. 999", "--json")
    assert code == 0 and json.loads(out)["notice"].endswith("no paragraph 999 in the corpus")


def test_data_option_after_the_command(capsys: pytest.CaptureFixture[str],
                                       sample_data_dir: Path) -> None:
    code, out, _ = run(capsys, "search", "الاغواء", "--json", "--data", str(sample_data_dir))
    assert code == 0 and json.loads(out)["total"] > 0


def test_operating_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       sample_data_dir: Path) -> None:
    not_a_store = tmp_path / "store"
    not_a_store.mkdir()
    (not_a_store / "fiqra.db").write_bytes(b"this is not a database" * 100)
    code, _, err = run(capsys, "--data", str(not_a_store), "search", "x")
    assert code == 2 and err.startswith("error: the data directory does not hold a fiqra store")
    code, _, err = run(capsys, "--data", str(sample_data_dir), "export", "--query", "الاغواء",
                       "--format", "csv", "-o", str(tmp_path / "missing" / "x.csv"))
    assert code == 2 and err.startswith("error:") and "Traceback" not in err
    with pytest.raises(SystemExit):  # no abbreviations: --citations is not --citations-file
        main(["--data", str(sample_data_dir), "sets", "add", "x", "--citations", "A/1/2"])


def test_search_help_shows_the_query_language_and_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["search", "--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    assert "query language:" in out and '"المواد الإباحية"' in out and "session:A/HRC/28" in out
    assert "hits to print (default: 10)" in out and "(default: 0)" in out
    assert "(default: None)" not in out and "(default: False)" not in out


@pytest.mark.parametrize(("typed", "meant"), [(["serch", "x"], "search"), (["sets", "lst"], "list"),
                                              (["reprot", "A/1/2"], "report")])
def test_a_mistyped_command_suggests_the_one_meant(
    capsys: pytest.CaptureFixture[str], typed: list[str], meant: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(typed)
    assert exited.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(f"did you mean {meant!r}?")


def test_an_empty_query_asks_for_a_word(capsys: pytest.CaptureFixture[str],
                                        sample_data_dir: Path) -> None:
    code, _, err = run(capsys, "--data", str(sample_data_dir), "search", " ")
    assert (code, err) == (2, "error: type a word to search for\n")


@pytest.mark.slow
def test_ingest_while_another_writer_holds_the_store(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reindex holds the store's write lock for its whole run: an ingest meanwhile says
    the store is busy, not that the folder holds no store."""
    data = tmp_path / "data"
    assert main(["--data", str(data), "ingest", str(sample_path)]) == 0
    capsys.readouterr()
    with closing(sqlite3.connect(data / "fiqra.db", isolation_level=None)) as writer:
        writer.execute("BEGIN EXCLUSIVE")
        assert main(["--data", str(data), "ingest", str(SYNTHETIC_AR)]) == 2
        writer.execute("ROLLBACK")
    err = capsys.readouterr().err
    assert "is busy" in err and "does not hold" not in err
    assert main(["--data", str(data), "ingest", str(SYNTHETIC_AR)]) == 0


def test_report_shows_date_and_session_and_counts_read_as_words(
    capsys: pytest.CaptureFixture[str], sample_data_dir: Path
) -> None:
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "report", "A/HRC/28/56")
    assert code == 0
    assert "date: about 2014-12 (from the symbol)\nsession: A/HRC/28\n" in out
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "search", "A/HRC/28/56 para. 9")
    assert out.startswith("1 paragraph matches\n")
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "citations", "A/HRC/28/56")
    assert "-> A/69/262 paras. 8–20" in out and " para. 8–" not in out
    code, out, _ = run(capsys, "--data", str(sample_data_dir), "search", "A/69/262")
    assert out.startswith("A/69/262 is not in the corpus: these paragraphs cite it\n3 paragraphs")
