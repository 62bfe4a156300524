"""HTTP routes for paragraph sets and exports, included by api.app.

The app provides `app.state.backend` and `app.state.sets` (a SetStore, or None: 503). Item addresses
travel as {"symbol", "lang", "paragraph"}; positions are 0-based. Every bad request gets
a 4xx with a message and leaves the stored sets as they were. Exports are written to a
spooled temporary file first (so a failure is still a clean 4xx) and then streamed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from importlib.resources import files
from typing import IO, Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, model_validator

from analyzers import LANGUAGES
from api.access import wants_page
from exports import (
    ExportError,
    ExportMeta,
    content_disposition,
    excerpt_record,
    export,
    export_format,
    parse_side_by_side,
    query_export_excerpts,
    set_order,
)
from indexer.backend import Backend
from indexer.citation_lists import MAX_LIST_LENGTH, parse_citation_list
from indexer.hit_stream import MAX_QUERY_LENGTH, query_excerpts
from indexer.sets import (
    MAX_ITEMS_PER_CHANGE,
    MAX_LABEL_LENGTH,
    MAX_PARAGRAPH,
    MAX_POSITION,
    MAX_SET_ITEMS,
    MAX_SYMBOL_LENGTH,
    Excerpt,
    ParagraphRef,
    ParagraphSet,
    SetError,
    SetNameTaken,
    SetNotFound,
    SetStore,
    lookup,
)
from indexer.text_input import TextError, checked_text

LANG_PATTERN = "^(" + "|".join(LANGUAGES) + ")$"
SPOOL_BYTES = 8 * 2**20
CHUNK_BYTES = 64 * 2**10
BAD_REQUEST_ERRORS = (SetError, TextError, ExportError)

router = APIRouter(tags=["sets"])


def _check_strings(value: object, where: str) -> None:
    """Every string in a raw request body through `checked_text` (lone surrogates refused)."""
    if isinstance(value, str):
        checked_text(value, where, max_length=len(value), one_line=False)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, where)
            _check_strings(item, f"{key!r}")
    elif isinstance(value, list):
        for item in value:
            _check_strings(item, where)


class _Body(BaseModel):
    """A request body whose text is checked before any field is validated.

    A validation error echoes the field's input back in the 422 response, which cannot be
    encoded when it holds a lone surrogate; so text is checked first, with a plain 400.
    """

    @model_validator(mode="before")
    @classmethod
    def _text_first(cls, data: object) -> object:
        try:
            _check_strings(data, "the request")
        except TextError as exc:
            raise HTTPException(400, str(exc)) from None
        return data


class Item(_Body):
    symbol: str = Field(min_length=1, max_length=MAX_SYMBOL_LENGTH)
    lang: str = Field(pattern=LANG_PATTERN)
    paragraph: int = Field(ge=1, le=MAX_PARAGRAPH)
    item: str | None = Field(default=None, min_length=1, max_length=MAX_LABEL_LENGTH)


class QuerySpec(_Body):
    q: str = Field(min_length=1, max_length=MAX_QUERY_LENGTH)
    lang: str | None = Field(default=None, pattern=LANG_PATTERN)
    symbol: str | None = Field(default=None, max_length=MAX_SYMBOL_LENGTH)


class CitationSpec(_Body):
    citations: str = Field(min_length=1, max_length=MAX_LIST_LENGTH)
    lang: str = Field(pattern=LANG_PATTERN)


class SetCreate(_Body):
    """A new set: by hand (`items`), from all hits of a `query`, or from `citations`."""

    name: str
    items: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS_PER_CHANGE)
    query: QuerySpec | None = None
    citations: CitationSpec | None = None


class Rename(_Body):
    name: str


class AddItems(_Body):
    items: list[Item] = Field(min_length=1, max_length=MAX_ITEMS_PER_CHANGE)
    position: int | None = Field(default=None, ge=0, le=MAX_POSITION)


class Items(_Body):
    items: list[Item] = Field(min_length=1, max_length=MAX_SET_ITEMS)


class Move(_Body):
    item: Item
    to: int = Field(ge=0, le=MAX_POSITION)


def _backend(request: Request) -> Backend:
    return request.app.state.backend  # type: ignore[no-any-return]


def _store(request: Request) -> SetStore:
    store: SetStore | None = request.app.state.sets
    if store is None:
        raise HTTPException(503, "this server keeps no paragraph sets (no data directory)")
    return store


def _refs(items: list[Item]) -> list[ParagraphRef]:
    return [ParagraphRef.checked(i.symbol, i.lang, i.paragraph, i.item) for i in items]


def _http_error(exc: ValueError) -> HTTPException:
    if isinstance(exc, SetNotFound):
        return HTTPException(404, str(exc))
    if isinstance(exc, SetNameTaken):
        return HTTPException(409, str(exc))
    return HTTPException(400, str(exc))


def _summary(found: ParagraphSet) -> dict[str, Any]:
    return {
        "id": found.id,
        "name": found.name,
        "created": found.created,
        "updated": found.updated,
        "size": found.size,
        "url": f"/sets/{found.id}",
    }


def _new_excerpts(spec: SetCreate | CitationSpec | QuerySpec | AddItems, backend: Backend
                  ) -> list[Excerpt]:
    """What a request asks to add, checked against the corpus (SetError if it cannot be)."""
    if isinstance(spec, QuerySpec):
        found = list(query_excerpts(backend, spec.q, lang=spec.lang, symbol=spec.symbol))
        if not found:
            raise SetError(f"the query {spec.q!r} finds no numbered paragraph")
        return found
    if isinstance(spec, CitationSpec):
        return lookup(parse_citation_list(spec.citations, spec.lang), backend)
    if isinstance(spec, AddItems):
        return lookup(_refs(spec.items), backend)
    excerpts = lookup(_refs(spec.items), backend)
    for part in (spec.query, spec.citations):
        if part is not None:
            excerpts += _new_excerpts(part, backend)
    return excerpts


@router.get("/sets")
def list_sets(request: Request) -> list[dict[str, Any]]:
    return [_summary(s) for s in _store(request).all_sets()]


@router.post("/sets", status_code=201)
def create_set(spec: SetCreate, request: Request) -> dict[str, Any]:
    """Create a set, empty or filled from items, a query's hits and/or a citation list."""
    try:
        created = _store(request).create(spec.name, _new_excerpts(spec, _backend(request)))
    except BAD_REQUEST_ERRORS as exc:
        raise _http_error(exc) from None
    return _summary(created)


@router.get("/sets/{set_id}", response_model=None)
def get_set(
    set_id: str,
    request: Request,
    response: Response,
    offset: Annotated[int, Query(ge=0, le=MAX_POSITION)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> dict[str, Any] | FileResponse:
    """The set and its paragraphs in order (`missing` flags paragraphs no longer in the
    corpus). A browser asking for HTML gets the web page that shows the set."""
    page = files("frontend") / "static" / "set.html"
    if wants_page(request.headers.get("accept", "")) and page.is_file():
        return FileResponse(str(page), headers={"Vary": "Accept"})
    response.headers["Vary"] = "Accept"  # the same URL is a page or data: caches must ask
    store = _store(request)
    try:
        found = store.get(set_id)
        excerpts = store.excerpts(found.id, _backend(request), offset=offset, limit=limit)
        items = [{"position": n, **excerpt_record(e)}
                 for n, e in enumerate(excerpts, start=offset)]
    except BAD_REQUEST_ERRORS as exc:
        raise _http_error(exc) from None
    return {**_summary(found), "offset": offset, "items": items}


@router.patch("/sets/{set_id}")
def rename_set(set_id: str, spec: Rename, request: Request) -> dict[str, Any]:
    try:
        return _summary(_store(request).rename(set_id, spec.name))
    except BAD_REQUEST_ERRORS as exc:
        raise _http_error(exc) from None


@router.delete("/sets/{set_id}", status_code=204)
def delete_set(set_id: str, request: Request) -> Response:
    try:
        _store(request).delete(set_id)
    except BAD_REQUEST_ERRORS as exc:
        raise _http_error(exc) from None
    return Response(status_code=204)


def _change(request: Request, set_id: str, action: Any) -> dict[str, Any]:
    """Run one change and answer with the set's summary (and what the change returned)."""
    store = _store(request)
    try:
        result = action(store)
        return {**_summary(store.get(set_id)), "changed": result}
    except BAD_REQUEST_ERRORS as exc:
        raise _http_error(exc) from None


@router.post("/sets/{set_id}/items")
def add_items(set_id: str, spec: AddItems, request: Request) -> dict[str, Any]:
    """Add paragraphs (at `position`, default the end); `changed` = how many were new."""
    return _change(request, set_id, lambda store: store.add(
        set_id, _new_excerpts(spec, _backend(request)), position=spec.position))


@router.post("/sets/{set_id}/query")
def add_query(set_id: str, spec: QuerySpec, request: Request) -> dict[str, Any]:
    """Add every numbered paragraph the query finds, in result order."""
    return _change(request, set_id, lambda store: store.add(
        set_id, _new_excerpts(spec, _backend(request))))


@router.post("/sets/{set_id}/citations")
def add_citations(set_id: str, spec: CitationSpec, request: Request) -> dict[str, Any]:
    """Add the paragraphs a citation list names (`A/HRC/28/56, paras. 8-10` …)."""
    return _change(request, set_id, lambda store: store.add(
        set_id, _new_excerpts(spec, _backend(request))))


@router.post("/sets/{set_id}/items/remove")
def remove_items(set_id: str, spec: Items, request: Request) -> dict[str, Any]:
    return _change(request, set_id, lambda store: store.remove(set_id, _refs(spec.items)))


@router.post("/sets/{set_id}/items/move")
def move_item(set_id: str, spec: Move, request: Request) -> dict[str, Any]:
    """Move one paragraph to position `to` (0-based)."""
    return _change(request, set_id, lambda store: store.move(
        set_id, _refs([spec.item])[0], spec.to))


@router.put("/sets/{set_id}/items")
def reorder_items(set_id: str, spec: Items, request: Request) -> dict[str, Any]:
    """Put the paragraphs in this order (every paragraph of the set, once each)."""
    return _change(request, set_id, lambda store: store.reorder(set_id, _refs(spec.items)))


def _export_response(
    request: Request,
    fmt_name: str,
    side_by_side: str | None,
    title: str,
    excerpts: Callable[[tuple[str, ...]], Iterable[Excerpt]],
) -> StreamingResponse:
    """Export into a spooled file (errors are still a clean 4xx), then stream it back."""
    try:
        fmt = export_format(fmt_name)
        meta = ExportMeta(title, parse_side_by_side(side_by_side), site=str(request.base_url))
        # Closed by the streaming generator below, after the response is sent.
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        try:
            export(fmt, excerpts(meta.languages), _backend(request), spool, meta)
        except BaseException:
            spool.close()
            raise
    except BAD_REQUEST_ERRORS as exc:
        raise _http_error(exc) from None
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while chunk := spool.read(CHUNK_BYTES):
                yield chunk

    return StreamingResponse(
        chunks(), media_type=fmt.content_type,
        headers={"Content-Disposition": content_disposition(title, fmt)},
    )


@router.get("/sets/{set_id}/export")
def export_set(
    set_id: str,
    request: Request,
    format: Annotated[str, Query(max_length=10)] = "docx",
    side_by_side: Annotated[str | None, Query(max_length=20)] = None,
    order: Annotated[str, Query(pattern="^(document|set)$")] = "document",
) -> StreamingResponse:
    """The set as csv, xlsx, jsonl, md or docx; `side_by_side=ar,en` pairs languages;
    in document order (each report's paragraphs by number), or `order=set` as the set
    lists them."""
    store = _store(request)
    try:
        found = store.get(set_id)
    except BAD_REQUEST_ERRORS as exc:
        raise _http_error(exc) from None
    return _export_response(
        request, format, side_by_side, found.name,
        lambda _langs: set_order(store.excerpts(found.id, _backend(request)), order),
    )


@router.get("/export")
def export_query(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_LENGTH)],
    lang: Annotated[str | None, Query(pattern=LANG_PATTERN)] = None,
    symbol: Annotated[str | None, Query(max_length=MAX_SYMBOL_LENGTH)] = None,
    format: Annotated[str, Query(max_length=10)] = "docx",
    side_by_side: Annotated[str | None, Query(max_length=20)] = None,
) -> StreamingResponse:
    """Every numbered paragraph a query finds, exported (same formats as a set)."""
    return _export_response(
        request, format, side_by_side, q,
        lambda langs: query_export_excerpts(
            _backend(request), q, lang=lang, symbol=symbol, languages=langs
        ),
    )
