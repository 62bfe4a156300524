"""Arabic analysis throughput on the bundled report, in MB/s of UTF-8 text on one core.

The report is analyzed repeatedly to reach a measurable volume; the first pass (which fills
the per-token cache) is timed separately from the steady state, which is what indexing a
corpus of reports in the same domain sees.
Run: .venv/bin/python bench/analysis_speed.py
"""

from __future__ import annotations

import time
from pathlib import Path

from analyzers import analyze

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
TARGET_MB = 20.0


def main() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    size = len(text.encode("utf-8"))
    analyze("تهيئة", "ar")  # build the analyzer (lists, optional camel-tools) outside the timing
    start = time.perf_counter()
    tokens = analyze(text, "ar")
    cold = time.perf_counter() - start
    rounds = max(1, int(TARGET_MB * 1e6 / size))
    start = time.perf_counter()
    for _ in range(rounds):
        analyze(text, "ar")
    warm = time.perf_counter() - start
    print(f"A/HRC/28/56: {size / 1024:.0f} KiB, {len(tokens)} index tokens")
    print(f"first pass (empty cache): {size / cold / 1e6:.2f} MB/s")
    print(f"steady state, {rounds} passes ({rounds * size / 1e6:.1f} MB): "
          f"{rounds * size / warm / 1e6:.2f} MB/s")


if __name__ == "__main__":
    main()
