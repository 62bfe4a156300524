"""Time and peak memory of ingesting each SYNTHETIC hostile file (tests/hostile_fixtures.py),
each in a fresh process; the promise is at most 10 s per MB of file and 500 MB.

    .venv/bin/python -m bench.hostile_files
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.test_hostile_files import HOSTILE

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    for kind, size, _ in HOSTILE:
        done = subprocess.run([sys.executable, "-m", "tests.hostile_fixtures", kind, str(size)],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        r = json.loads(done.stdout)
        per_mb = r["seconds"] / max(r["bytes"] / 2**20, 1)
        print(f"{kind:20} {r['bytes'] / 2**20:6.2f} MB  {r['seconds']:6.1f} s"
              f" ({per_mb:4.1f} s/MB)  peak {r['peak_mb']:4} MB  {r['outcome'][:90]}")


if __name__ == "__main__":
    main()
