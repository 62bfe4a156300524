"""The time budget of one request: long loops (every hit of a query, the rows of an export)
check it and stop with a clear error instead of holding a worker for minutes.

The API sets a deadline per request (api.limits); code that may run long calls
`check_budget` between steps. Outside a request (the command line) there is no deadline.
"""

from __future__ import annotations

import time
from contextvars import ContextVar

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("fiqra_deadline", default=None)


class BudgetExceeded(Exception):
    """The request ran past its time budget; the message says which and what to do."""


def start_budget(seconds: float) -> None:
    """From now, the current request (context) may run `seconds`."""
    _deadline.set((time.monotonic() + seconds, seconds))


def check_budget(doing: str) -> None:
    """BudgetExceeded if the current request is past its deadline."""
    budget = _deadline.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise BudgetExceeded(
            f"the request ran past its time budget of {budget[1]:.0f} s (FIQRA_REQUEST_SECONDS)"
            f" while {doing}; narrow it (lang:, symbol:, year:, more words) or use the command line"
        )
