"""Ingest end to end: MB of report text a second, per core and on the wall clock.

A folder of files goes through `fiqra ingest` (a process of its own, as staff run it):
reading, structure, analysis, citations, the SQLite store and the Tantivy index, and with
`--workers N` the processes that read and analyze. The folder holds `--paragraphs` of
bench.scale_corpus's SYNTHETIC reports saved as Word text files, the real UN documents of
tests/data/real (PDF and a Word thematic list) and the bundled report. CPU time is that
of the command and every process under it (its workers, the server they are forked from,
the sandboxed PDF extractor), counted by the kernel once they have ended and been reaped
(this process adopts the orphans among them: Linux's child subreaper): MB per CPU second
is the speed per core, whatever else the machine runs. The MB are those of the text the
store holds afterwards (paragraphs, footnotes, blocks: UTF-8). The same folder ingested
again (all `unchanged`) is timed too.

    .venv/bin/python -m bench.ingest [--paragraphs 20000] [--workers N] [--profile FILE]
        [--real-lengths]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scale_corpus import REAL_LENGTHS_HELP, report_text, scale_reports

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"


def make_folder(folder: Path, paragraphs: int, *, real: bool, real_lengths: bool) -> None:
    """The SYNTHETIC reports as text files (named by symbol and language), the real
    documents and the bundled report."""
    for report in scale_reports(paragraphs, real_lengths=real_lengths):
        name = f"{report.symbol.replace('/', '_')}_{report.lang}.txt"
        (folder / name).write_bytes(report_text(report))
    if real:
        for path in [*REAL.glob("*.pdf"), *REAL.glob("*.docx"), SAMPLE]:
            shutil.copy(path, folder / path.name)


PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> None:
    """Processes under this one whose parent ends are handed to this one, not to init, so
    that their CPU time is counted here when they are reaped."""
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("cannot count the CPU time of every process: prctl(PR_SET_CHILD_SUBREAPER)"
                 " failed (Linux only)")


def _reap_all() -> None:
    """Wait for every process under this one (orphans adopted included) to end."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_ingest(data: Path, folder: Path, workers: int | None,
               profile: Path | None) -> tuple[float, float]:
    """`fiqra ingest folder`: wall seconds and CPU seconds of it and all its processes."""
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "api.cli", "--data", str(data), "ingest", str(folder)]
    if workers is not None:
        command += ["--workers", str(workers)]
    began, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _reap_all()
    wall, used = time.perf_counter() - began, _children_cpu() - cpu
    if done.returncode:
        sys.exit(f"fiqra ingest failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, used


def stored_text(data: Path) -> tuple[int, int, float]:
    """Reports, paragraphs and MB of report text in the store."""
    with sqlite3.connect(data / "fiqra.db") as db:
        reports = db.execute("SELECT count(*) FROM reports").fetchone()[0]
        paragraphs, size = db.execute(
            "SELECT sum(kind = 'paragraph'), sum(length(CAST(text AS BLOB))) FROM units"
            " WHERE kind != 'recommendation'").fetchone()
    return reports, paragraphs, size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=20_000,
                        help="SYNTHETIC numbered paragraphs in the folder")
    parser.add_argument("--workers", type=int, default=None,
                        help="fiqra ingest --workers (default: its own default)")
    parser.add_argument("--synthetic-only", action="store_true",
                        help="leave out the real documents and the bundled report")
    parser.add_argument("--profile", type=Path, help="cProfile the ingest's main process")
    parser.add_argument("--real-lengths", action="store_true", help=REAL_LENGTHS_HELP)
    args = parser.parse_args()
    adopt_orphans()
    with tempfile.TemporaryDirectory(prefix="fiqra-bench-ingest-") as tmp:
        folder, data = Path(tmp) / "reports", Path(tmp) / "data"
        folder.mkdir()
        make_folder(folder, args.paragraphs, real=not args.synthetic_only,
                    real_lengths=args.real_lengths)
        files = list(folder.iterdir())
        size_on_disk = sum(f.stat().st_size for f in files) / 1e6
        load = os.getloadavg()[0]
        wall, cpu = run_ingest(data, folder, args.workers, args.profile)
        reports, paragraphs, text = stored_text(data)
        again_wall, again_cpu = run_ingest(data, folder, args.workers, None)
        print(f"folder: {len(files)} files, {size_on_disk:.1f} MB on disk; stored: {reports}"
              f" reports, {paragraphs} paragraphs, {text:.1f} MB of report text")
        print(f"load average (1 min) before: {load:.2f}, after: {os.getloadavg()[0]:.2f};"
              f" {os.cpu_count()} cores; workers: {args.workers or 'default'}")
        print(f"ingest:     {wall:7.1f} s wall, {cpu:7.1f} s CPU (all processes),"
              f" {cpu / wall:.2f} cores busy")
        print(f"  MB/s per core (CPU): {text / cpu:.2f}    MB/s wall: {text / wall:.2f}")
        print(f"re-ingest (unchanged): {again_wall:.1f} s wall, {again_cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
