"""Section headings in exports as the report prints them, numbers kept: `أولاً- مقدمة`,
`ألف- الزيارات القطرية`, `I. Introduction`, `(a) Children`. A paragraph's section path holds
titles only; the numbers come from its report's section tree, read once per report."""

from __future__ import annotations

from dataclasses import replace

from corpus.model import Section
from indexer.backend import Backend
from indexer.sets import Excerpt


def numbered_title(label: str, title: str, lang: str) -> str:
    """A heading with its number as UN documents print it in `lang`."""
    if not label:
        return title
    if label.startswith("(") or label[-1] in ".-)":
        return f"{label} {title}"
    return f"{label}- {title}" if lang == "ar" else f"{label}. {title}"


class SectionNumbers:
    """Numbers the section paths of excerpts, looking each report up once."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.paths: dict[tuple[str, str], dict[tuple[str, ...], str]] = {}

    def _labels(self, symbol: str, lang: str) -> dict[tuple[str, ...], str]:
        key = (symbol, lang)
        if key not in self.paths:
            report = self.backend.get_report(symbol, lang)
            found: dict[tuple[str, ...], str] = {}

            def walk(sections: list[Section], above: tuple[str, ...]) -> None:
                for s in sections:
                    path = (*above, s.title)
                    found.setdefault(path, s.label)
                    walk(s.children, path)

            walk(report.sections if report else [], ())
            self.paths[key] = found
        return self.paths[key]

    def numbered(self, excerpt: Excerpt) -> Excerpt:
        """The excerpt with each title of its section path numbered (unknown ones kept)."""
        labels = self._labels(excerpt.symbol, excerpt.lang)
        path = excerpt.section
        section = [numbered_title(labels.get(tuple(path[: i + 1]), ""), title, excerpt.lang)
                   for i, title in enumerate(path)]
        return replace(excerpt, section=section)
