"""Access control of the HTTP API: writes behind the write token, reads behind the read
token when one is set, the Host header against the allowed names (DNS rebinding), the
security headers, HEAD and OPTIONS, and `fiqra serve` refusing to listen beyond loopback
without a token."""

from __future__ import annotations

from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.access import Access, AccessError, host_name, is_loopback
from api.app import create_app
from api.cli import main
from indexer.sets import SetStore
from indexer.sqlite_backend import SQLiteBackend

WRITE, READ = "write-secret-0123456789", "read-secret-9876543210"
LOCAL = frozenset({"localhost", "127.0.0.1", "::1"})


def _client(backend: SQLiteBackend, tmp_path: Path, access: Access) -> TestClient:
    app = create_app(backend, SetStore(tmp_path / "sets.db"), access)
    return TestClient(app, base_url="http://localhost")


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_serving_beyond_loopback_needs_a_write_token(
    sample_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(AccessError, match="FIQRA_API_TOKEN"):
        Access.for_server("0.0.0.0", {})
    with pytest.raises(AccessError):
        Access.for_server("10.1.2.3", {"FIQRA_READ_TOKEN": READ})
    monkeypatch.delenv("FIQRA_API_TOKEN", raising=False)
    assert main(["--data", str(sample_data_dir), "serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert "FIQRA_API_TOKEN" in capsys.readouterr().err
    local = Access.for_server("127.0.0.1", {})
    assert local.write_token is None and local.allowed_hosts == LOCAL
    served = Access.for_server("0.0.0.0", {"FIQRA_API_TOKEN": WRITE,
                                           "FIQRA_ALLOWED_HOSTS": "Fiqra.Example.org, x"})
    assert served.write_token == WRITE
    assert {"fiqra.example.org", "x", "localhost"} <= (served.allowed_hosts or set())
    anywhere = Access.for_server("::", {"FIQRA_API_TOKEN": WRITE, "FIQRA_ALLOWED_HOSTS": "*"})
    assert anywhere.allowed_hosts is None


def test_host_names_and_loopback() -> None:
    assert [host_name(h) for h in ("LocalHost:8000", "[::1]:80", "::1", "a.example")] == [
        "localhost", "::1", "::1", "a.example"]
    assert is_loopback("127.0.0.2") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("fiqra.example.org")


def test_writes_need_the_write_token(sample_backend: SQLiteBackend, tmp_path: Path) -> None:
    client = _client(sample_backend, tmp_path, Access(WRITE, None, LOCAL))
    body = {"name": "مختارات"}
    refused = client.post("/sets", json=body)
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert "رمز" in refused.json()["detail"]
    assert client.post("/sets", json=body, headers=_bearer("wrong")).status_code == 403
    assert client.post("/sets", json=body, headers={"Authorization": WRITE}).status_code == 401
    assert client.get("/sets").json() == []
    created = client.post("/sets", json=body, headers=_bearer(WRITE))
    assert created.status_code == 201
    set_id = created.json()["id"]
    assert client.delete(f"/sets/{set_id}").status_code == 401
    assert client.get(f"/sets/{set_id}").status_code == 200  # reads stay open
    assert client.get("/search", params={"q": "الأطفال"}).status_code == 200
    assert client.delete(f"/sets/{set_id}", headers=_bearer(WRITE)).status_code == 204


def test_host_header_outside_the_list_is_refused(
    sample_backend: SQLiteBackend, tmp_path: Path
) -> None:
    """DNS rebinding: a page on attacker.example whose name now resolves to the server."""
    client = _client(sample_backend, tmp_path, Access(WRITE, None, LOCAL))
    rebound = {"Host": "attacker.example", **_bearer(WRITE)}
    assert client.post("/sets", json={"name": "x"}, headers=rebound).status_code == 400
    assert client.get("/search", params={"q": "الأطفال"}, headers=rebound).status_code == 400
    refused = client.get("/", headers={"Host": "attacker.example:8000"})
    assert refused.status_code == 400 and "attacker.example" in refused.json()["detail"]
    assert client.get("/sets").json() == []
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert client.get("/health", headers={"Host": host}).status_code == 200


def test_read_token_guards_reads_but_not_the_page(
    sample_backend: SQLiteBackend, tmp_path: Path
) -> None:
    client = _client(sample_backend, tmp_path, Access(WRITE, READ, LOCAL))
    search = {"q": "الأطفال"}
    assert client.get("/search", params=search).status_code == 401
    assert client.get("/search", params=search, headers=_bearer("nope")).status_code == 403
    assert client.get("/search", params=search, headers=_bearer(READ)).status_code == 200
    assert client.get("/search", params=search, headers=_bearer(WRITE)).status_code == 200
    assert client.get("/reports").status_code == 401
    assert client.post("/sets", json={"name": "x"}, headers=_bearer(READ)).status_code == 403
    for open_path in ("/", "/static/app.js", "/static/token.js", "/health", "/openapi.json"):
        assert client.get(open_path).status_code == 200, open_path
    page = client.get("/sets/anything", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "set.js" in page.text
    assert client.get("/sets/anything", headers={"Accept": "application/json"}).status_code == 401


def test_security_headers_head_and_options(sample_backend: SQLiteBackend) -> None:
    client = TestClient(create_app(sample_backend))
    for path in ("/", "/search?q=x", "/static/app.js", "/nowhere"):
        answer = client.get(path)
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
    head = client.head("/")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"].startswith("text/html")
    assert client.head("/health").status_code == 200
    options = client.options("/search")
    assert options.status_code == 204 and "GET" in options.headers["allow"]


class _Inline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.found += [f"<{tag} {k}>" for k in names if k.startswith("on")]
        if tag == "script" and not names.get("src"):
            self.found.append("<script> without src")
        if "style" in names:
            self.found.append(f"<{tag} style>")


@pytest.mark.parametrize("page", ["index.html", "set.html"])
def test_pages_hold_no_inline_script_or_handler(page: str) -> None:
    """The policy allows only the page's own script files: an inline one would not run."""
    parser = _Inline()
    parser.feed((files("frontend") / "static" / page).read_text(encoding="utf-8"))
    assert parser.found == []
