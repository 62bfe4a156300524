"""Bounded work per request: a cap on the body's size and a time budget.

Every request body is read up to MAX_BODY_BYTES and refused with 413 past it (a 58 MB list
of items took the server from 300 MB to 1.2 GB); every request gets a deadline
(indexer.budget) that long loops check, answered 503 when passed. The other caps sit
where their input is read: items per request (api.routes_sets), words, prefixes and the
result window of a query (indexer.query, indexer.search_plan), hits a query export or set
may take (indexer.hit_stream), items in a set (indexer.sets).
"""

from __future__ import annotations

import os

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from indexer.budget import start_budget

MAX_BODY_BYTES = 1024 * 1024
REQUEST_SECONDS = float(os.environ.get("FIQRA_REQUEST_SECONDS", "60"))


class RequestLimits:
    """ASGI middleware: the body cap and the time budget of every request."""

    def __init__(self, app: ASGIApp, seconds: float = REQUEST_SECONDS) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start_budget(self.seconds)
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            await _too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > MAX_BODY_BYTES:  # a body sent in chunks, without a length
                await _too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        given = False

        async def replay() -> Message:
            nonlocal given
            if not given:
                given = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse(
        {"detail": f"the request body is larger than {MAX_BODY_BYTES // 1024} KB"
                   " (max body size); send fewer items per request"},
        status_code=413,
    )
    await response(scope, receive, send)
