"""The HTTP API and the web page, one FastAPI app over any Backend.

Report symbols contain slashes and are written as they are in URLs:
`/reports/A/HRC/28/56/paragraphs/9` (`%2F` works too). Malformed requests get a 4xx with
a message; a missing report or paragraph gets 404.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict
from importlib.resources import files
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from analyzers import LANGUAGES
from api.access import Access, AccessGuard
from api.limits import REQUEST_SECONDS, RequestLimits
from api.routes_sets import router as sets_router
from corpus.model import ParseError
from corpus.symbols import canonical_symbol
from indexer.backend import Backend
from indexer.budget import BudgetExceeded
from indexer.citation_graph import citation_graph, edges_csv
from indexer.facets import SORTS
from indexer.query import MAX_QUERY_CHARS, QueryError, parse_query, query_words
from indexer.series import related
from indexer.sets import SetStore
from indexer.units import matched_spans

# How `fiqra serve --workers N` tells each worker process what to serve (served_app).
SERVED_DATA = "FIQRA_SERVED_DATA"
SERVED_HOST = "FIQRA_SERVED_HOST"
LANG_PATTERN = "^(" + "|".join(LANGUAGES) + ")$"
LANGS_PATTERN = "^(" + "|".join(LANGUAGES) + ")(,(" + "|".join(LANGUAGES) + "))*$"
SYMBOL_MAX = 120
MAX_PARAGRAPH = 100_000
MAX_ERRORS_SHOWN = 10
HIGHLIGHT_SPAN = 200  # paragraphs one highlights request may cover (a reader's section)

Lang = Annotated[str | None, Query(pattern=LANG_PATTERN, description="ar, en, fr, es, ru, zh")]


def _symbol(symbol: str) -> str:
    if len(symbol) > SYMBOL_MAX or not symbol.strip("/"):
        raise HTTPException(400, f"not a document symbol: {symbol[:SYMBOL_MAX]!r}")
    return canonical_symbol(symbol)


def _utf16(text: str, offset: int) -> int:
    """A character offset as a browser counts it (UTF-16 units: a letter beyond the BMP
    counts two)."""
    return offset + sum(1 for c in text[:offset] if ord(c) > 0xFFFF)


def served_app() -> FastAPI:
    """The app of one worker process of `fiqra serve --workers N`: its own backend (the
    embedded store opens its own connections and index reader) and set store."""
    from pathlib import Path as FilePath

    from indexer.backends import open_backend

    data = FilePath(os.environ[SERVED_DATA])
    access = Access.for_server(os.environ[SERVED_HOST])
    return create_app(open_backend(data), SetStore.in_data_dir(data), access)


def create_app(
    backend: Backend,
    sets: SetStore | None = None,
    access: Access | None = None,
    request_seconds: float = REQUEST_SECONDS,
) -> FastAPI:
    """The app; `access` says who may read and write (default: anyone, any host name —
    `fiqra serve` always passes the rules for where it listens, see api.access), and
    `request_seconds` how long one request may run (api.limits)."""
    app = FastAPI(
        title="fiqra",
        description="Paragraph-precise, citation-aware search over UN special rapporteurs' "
        "reports. Symbols go in paths as written: /reports/A/HRC/28/56/paragraphs/9.",
        version="0.1.0",
        # The API page is served from the installed swagger-ui-bundle (below), not a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.backend = backend
    app.state.sets = sets
    app.include_router(sets_router)
    app.add_middleware(RequestLimits, seconds=request_seconds)
    app.add_middleware(AccessGuard, access=access or Access())  # outermost: refuses first
    static = files("frontend") / "static"

    @app.exception_handler(QueryError)
    @app.exception_handler(ParseError)
    async def bad_request(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(sqlite3.OperationalError)
    async def busy(_: Request, exc: Exception) -> JSONResponse:
        # A reindex holds the store's write lock for its whole run.
        if "locked" in str(exc) or "busy" in str(exc):
            return JSONResponse({"detail": "the store is busy (a reindex or an ingest is"
                                           " writing it); try again shortly"}, status_code=503)
        return JSONResponse({"detail": f"the store cannot answer: {exc}"}, status_code=503)

    @app.exception_handler(BudgetExceeded)
    async def over_budget(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        # What was wrong and where, never the input itself (it may be megabytes).
        errors = [{"loc": e.get("loc"), "msg": str(e.get("msg", ""))[:300], "type": e.get("type")}
                  for e in exc.errors()[:MAX_ERRORS_SHOWN]]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(UnicodeError)
    async def bad_text(_: Request, exc: Exception) -> JSONResponse:
        # Lone surrogates ("\ud800") survive JSON and URL decoding but no storage.
        return JSONResponse({"detail": "the request holds text that is not valid Unicode"},
                            status_code=400)

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "reports": backend.report_count()}

    @app.get("/search", response_model=None)
    def search(
        q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
        lang: Lang = None,
        symbol: Annotated[str | None, Query(max_length=SYMBOL_MAX)] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
        explain: bool = False,
        blocks: bool = False,
        year: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
        session: Annotated[str | None, Query(max_length=SYMBOL_MAX,
                                             description="organ and session: A/HRC/28")] = None,
        section: Annotated[str | None, Query(max_length=300)] = None,
        sort: Annotated[str, Query(pattern="^(" + "|".join(SORTS) + ")$")] = "relevance",
        facets: Annotated[bool, Query(description="count hits per report, language, year, "
                                                  "session and section")] = False,
    ) -> Response:
        """Paragraphs ranked by relevance (or by date, or in document order); the query
        language is described in the README and on the page's help."""
        results = backend.search(
            q,
            lang=lang,
            symbol=symbol,
            limit=limit,
            offset=offset,
            explain=explain,
            include_blocks=blocks,
            filters={"year": year or "", "session": session or "", "section": section or ""},
            sort=sort,
            facets=facets,
        )
        # Written straight from the dataclasses: the busiest answer, not copied (asdict)
        # and walked again (FastAPI's encoder) first.
        body = json.dumps(results, default=vars, ensure_ascii=False, separators=(",", ":"))
        return Response(body.encode(), media_type="application/json")

    @app.get("/reports")
    def reports() -> list[dict[str, Any]]:
        return [asdict(r) for r in backend.list_reports()]

    @app.get("/citations/graph", response_model=None)
    def graph(
        symbols: Annotated[str | None, Query(max_length=5000)] = None,
        format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
    ) -> dict[str, Any] | Response:
        """The citation graph of some reports (comma-separated symbols) or of the corpus:
        JSON nodes and edges, or a CSV edge list (source,target,...) for network tools."""
        wanted = [_symbol(s) for s in symbols.split(",") if s.strip()] if symbols else None
        graph = citation_graph(backend.all_citations(wanted))
        if format == "csv":
            return Response(
                edges_csv(graph),
                media_type="text/csv",
                headers={"Content-Disposition": 'attachment; filename="graph.csv"'},
            )
        return graph

    @app.get("/reports/{symbol:path}/paragraphs/{number}")
    def paragraph(
        symbol: str,
        number: Annotated[int, Path(ge=1, le=MAX_PARAGRAPH)],
        lang: Annotated[
            str | None, Query(pattern=LANGS_PATTERN, description="one or more, comma-separated")
        ] = None,
    ) -> dict[str, Any]:
        """One paragraph; with several languages, the versions side by side."""
        key = _symbol(symbol)
        langs = lang.split(",") if lang else backend.languages(key)
        versions = {}
        for code in langs:
            p = backend.get_paragraph(key, code, number)
            if p is not None:
                versions[code] = asdict(p)
        if not versions:
            present = backend.languages(key)
            if not present:
                raise HTTPException(404, f"no report {key} in the corpus")
            if lang and not set(langs) & set(present):
                has = ", ".join(present)
                raise HTTPException(404, f"{key} has no {lang} version (it has {has})")
            raise HTTPException(404, f"{key} has no paragraph {number} in the corpus")
        first = next(iter(versions.values()))
        return {"symbol": key, "paragraph": number, **first, "versions": versions}

    @app.get("/reports/{symbol:path}/highlights")
    def highlights(
        symbol: str,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
        lang: Annotated[str, Query(pattern=LANG_PATTERN)],
        first: Annotated[int, Query(ge=1, le=MAX_PARAGRAPH)],
        last: Annotated[int, Query(ge=1, le=MAX_PARAGRAPH)],
    ) -> dict[str, Any]:
        """Where a query's words stand in paragraphs `first` to `last` (at most 200) of a
        report: per paragraph number, [start, end) ranges of its
        text in UTF-16 code units (as a browser counts), matched as the search matches
        them (normalized, stemmed, synonyms; not the words after NOT)."""
        key = _symbol(symbol)
        if not first <= last < first + HIGHLIGHT_SPAN:
            raise HTTPException(400, f"first to last is at most {HIGHLIGHT_SPAN} paragraphs"
                                     f" (highlight span), not {first} to {last}")
        found = backend.get_report(key, lang)
        if found is None:
            raise HTTPException(404, f"no report {key} in {lang}")
        words = query_words(parse_query(q).root, lang)
        return {"symbol": key, "lang": lang, "paragraphs": {
            str(p.number): [[_utf16(p.text, a), _utf16(p.text, b)]
                            for a, b in matched_spans(p.text, lang, words)]
            for p in found.paragraphs if first <= p.number <= last and words}}

    @app.get("/reports/{symbol:path}/citations")
    def citations(
        symbol: str, paragraph: Annotated[int | None, Query(ge=1, le=MAX_PARAGRAPH)] = None
    ) -> dict[str, Any]:
        """What a report (or one paragraph) cites, and what cites it."""
        key = _symbol(symbol)
        outgoing, incoming = backend.citations(key, paragraph)
        return {
            "symbol": key,
            "outgoing": [asdict(c) for c in outgoing],
            "incoming": [asdict(c) for c in incoming],
            "cited_by_counts": backend.cited_by_counts(key),
        }

    @app.get("/reports/{symbol:path}")
    def report(symbol: str, lang: Lang = None) -> dict[str, Any]:
        """A report's structure (section tree), paragraphs, language versions, and its
        relations: base report, addenda, and predecessor/successor in its mandate's series."""
        key = _symbol(symbol)
        found = backend.get_report(key, lang)
        if found is None:
            raise HTTPException(404, f"no report {key}{' in ' + lang if lang else ''}")
        return {
            **found.to_dict(),
            "languages": backend.languages(key),
            "related": asdict(related(backend.list_reports(), key)),
        }

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(static / "index.html"))

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(str(static / "docs.html"))

    # Before /static: Swagger UI's own files, from its package (works offline).
    app.mount("/static/swagger-ui", StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app
