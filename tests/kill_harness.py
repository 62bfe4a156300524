"""Running a writer in a real child process and killing it (SIGKILL) at a moment that varies
run to run: shared by the crash tests (tests/test_crash.py, tests/test_index_recovery.py)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kill_while_running(script: str, *args: str, within: float = 2.0) -> float:
    """Run `python -c script args…` from the repository, wait for its first line of output
    (it has written at least once), kill it within `within` seconds; return the delay."""
    child = subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    child.stdout.readline()
    delay = random.uniform(0.0, within)  # any moment must do: each run tries others
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    return delay
