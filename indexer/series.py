"""How reports relate without citing each other: addenda to their base report, and a
mandate's successive reports as a series (predecessor / successor by date).

Both are derived from what the readers record in report metadata (symbol, mandate, date)
so that they follow the corpus as it is ingested; where a version has no dated masthead
(the bundled text export), the date is estimated from the symbol's session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.symbols import base_symbol, estimated_date
from indexer.backend import ReportSummary


@dataclass
class Related:
    symbol: str
    base: str | None = None
    addenda: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    predecessor: str | None = None
    successor: str | None = None


def _mandate_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def related(reports: list[ReportSummary], symbol: str) -> Related:
    """Base report, addenda and the mandate series around `symbol` in the corpus."""
    symbols = {r.symbol for r in reports}
    result = Related(symbol)
    base = base_symbol(symbol)
    result.base = base if base != symbol else None
    result.addenda = sorted(s for s in symbols if s != symbol and base_symbol(s) == symbol)
    mandates: dict[str, set[str]] = {}
    dates: dict[str, str] = {}
    for r in reports:
        if base_symbol(r.symbol) != r.symbol:
            continue  # addenda and corrigenda belong to their base, not to the series
        if mandate := r.metadata.get("mandate"):
            mandates.setdefault(r.symbol, set()).add(_mandate_key(str(mandate)))
        if date := r.metadata.get("date") or estimated_date(r.symbol):
            dates[r.symbol] = min(str(date), dates.get(r.symbol, str(date)))
    own = mandates.get(base)
    if not own:
        return result
    series = [s for s, m in mandates.items() if m & own and s in dates]
    result.series = sorted(series, key=lambda s: (dates[s], s))
    if base in result.series:
        i = result.series.index(base)
        result.predecessor = result.series[i - 1] if i > 0 else None
        result.successor = result.series[i + 1] if i + 1 < len(result.series) else None
    return result
