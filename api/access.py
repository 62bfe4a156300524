"""Who may read and write, through which host name, and what browsers may do with the page.

fiqra serves an office: many people reach one server. Changing sets is a write and needs
the write token (`FIQRA_API_TOKEN`, sent as `Authorization: Bearer …`, compared in constant
time) whenever the server listens beyond loopback; a server bound beyond loopback without
one refuses to start. Reading stays open unless a read token (`FIQRA_READ_TOKEN`) is set;
the write token reads too. The web page and its files, `/health` and the API description
are always open: the page is what asks for the token.

The Host header must be one of the allowed names, so a page elsewhere cannot reach the
server through a name it controls that resolves to the server (DNS rebinding). Every
response carries security headers: a content security policy with no inline script and no
framing, `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
READ_METHODS = frozenset({"GET", "HEAD"})
ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
# Open with a read token set: the page (and the set page a set's address serves), its
# files, the health check for Docker, and the API description.
OPEN_PATHS = frozenset({"/", "/health", "/docs", "/docs/oauth2-redirect", "/openapi.json"})
OPEN_PREFIXES = ("/static/",)
SET_PAGE = re.compile(r"/sets/[^/]+")
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
    " frame-ancestors 'none'"
)
# Swagger UI at /docs (its files from the installed swagger-ui-bundle, no CDN) is kept out
# of frames and sniffing but not held to the page's script policy.
DOCS_CSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def wants_page(accept: str) -> bool:
    """Whether a request's Accept header asks for a web page rather than data."""
    return "text/html" in accept and "application/json" not in accept


class AccessError(ValueError):
    """The server cannot start safely as configured; the message says what to set."""


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or address to bind or to reach) is this machine only."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name in a Host header, without its port, lower case (`[::1]:8000` -> `::1`)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


@dataclass(frozen=True)
class Access:
    """Tokens and allowed host names; None: no token needed, or any host name."""

    write_token: str | None = None
    read_token: str | None = None
    allowed_hosts: frozenset[str] | None = None

    @classmethod
    def for_server(cls, bind: str, environ: Mapping[str, str] = os.environ) -> Access:
        """The access rules of a server bound to `bind`, from the environment.

        `FIQRA_ALLOWED_HOSTS` (comma-separated; `*` for any) adds host names to loopback's
        and, beyond loopback, this machine's own names and the bound address.
        """
        write = environ.get("FIQRA_API_TOKEN") or None
        read = environ.get("FIQRA_READ_TOKEN") or None
        if not is_loopback(bind) and write is None:
            raise AccessError(
                f"serving on {bind} (beyond this machine) needs a write token: set"
                " FIQRA_API_TOKEN (a long random secret, e.g. `openssl rand -hex 32`), or"
                " serve on 127.0.0.1"
            )
        extra = {h.strip().lower() for h in environ.get("FIQRA_ALLOWED_HOSTS", "").split(",")}
        extra.discard("")
        if "*" in extra:
            return cls(write, read, None)
        hosts = set(LOOPBACK_NAMES) | extra
        if not is_loopback(bind):
            hosts |= {socket.gethostname().lower(), socket.getfqdn().lower()}
            if bind not in ("0.0.0.0", "::", ""):
                hosts.add(host_name(bind))
        return cls(write, read, frozenset(hosts))

    def refusal(self, method: str, path: str, headers: Headers) -> Response | None:
        """The answer refusing a request, or None when it may go on."""
        if self.allowed_hosts is not None:
            name = host_name(headers.get("host", ""))
            if name not in self.allowed_hosts:
                return _error(400, f"host name not allowed: {name[:100]!r} (FIQRA_ALLOWED_HOSTS"
                                   " lists the names this server answers to)")
        if method == "OPTIONS":
            return Response(status_code=204, headers={"allow": ALLOWED_METHODS})
        if method in READ_METHODS:
            if (self.read_token is None or path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)
                    or (SET_PAGE.fullmatch(path) and wants_page(headers.get("accept", "")))):
                return None
            return self._token_refusal(headers, (self.read_token, self.write_token), "read")
        if self.write_token is None:
            return None
        return self._token_refusal(headers, (self.write_token,), "write")

    @staticmethod
    def _token_refusal(headers: Headers, tokens: tuple[str | None, ...], what: str
                       ) -> Response | None:
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and given:
            offered = given.strip().encode()
            # Every token is compared, each in constant time: the time says nothing.
            matched = [hmac.compare_digest(offered, t.encode()) for t in tokens if t]
            if any(matched):
                return None
            return _error(403, f"رمز الوصول غير صحيح · the token does not allow {what}s here",
                          {"www-authenticate": 'Bearer error="invalid_token"'})
        return _error(401, f"يلزم رمز الوصول · {what}s here need a token:"
                           " Authorization: Bearer <token>", {"www-authenticate": "Bearer"})


def _error(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


class AccessGuard:
    """ASGI middleware: refuses what `Access` refuses, adds the security headers."""

    def __init__(self, app: ASGIApp, access: Access) -> None:
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        csp = DOCS_CSP if path.startswith("/docs") else PAGE_CSP

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in {**SECURITY_HEADERS, "content-security-policy": csp}.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        refusal = self.access.refusal(scope["method"], path, Headers(scope=scope))
        if refusal is not None:
            await refusal(scope, receive, secured)
            return
        if scope["method"] != "HEAD":
            await self.app(scope, receive, secured)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await secured(message)

        # HEAD is GET without the body, for every route (FastAPI's answer only GET).
        await self.app({**scope, "method": "GET"}, receive, headers_only)
