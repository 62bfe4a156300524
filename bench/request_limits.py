"""The costliest requests the caps still let through (api.limits), timed on a SYNTHETIC
corpus of 17,889 paragraphs (bench/synthetic_corpus.py) on the embedded backend: each
prints its status and seconds. A request past FIQRA_REQUEST_SECONDS stops with 503.

    .venv/bin/python -m bench.request_limits
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from bench.synthetic_corpus import synthetic_reports
from indexer.query import MAX_CLAUSES, MAX_PREFIXES
from indexer.search_plan import MAX_RESULT_WINDOW
from indexer.sets import SetStore
from indexer.sqlite_backend import SQLiteBackend

PARAGRAPHS = 17_889
PREFIXES = ["حق*", "طف*", "است*", "حما*", "دول*", "مقر*", "تقر*", "اتج*"][:MAX_PREFIXES]
WORDS = ["الأطفال", "حقوق", "الإنسان", "الدول", "حماية", "الاستغلال", "الجنسي", "المقررة",
         "الخاصة", "التقرير", "الضحايا", "الإنترنت", "السياحة", "التعاون", "الدولي", "المواد"]
WIDEST = " OR ".join(PREFIXES + (WORDS * 4)[: MAX_CLAUSES - len(PREFIXES)])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        backend = SQLiteBackend(data)
        started = time.perf_counter()
        with backend.batch():
            for report in synthetic_reports(PARAGRAPHS):
                digest = hashlib.sha256(json.dumps(report.to_dict()).encode()).hexdigest()
                backend.ingest(report, digest)
        print(f"corpus: {PARAGRAPHS} paragraphs in {time.perf_counter() - started:.0f} s")
        client = TestClient(create_app(backend, SetStore(data / "sets.db")))
        deep = {"q": WIDEST, "offset": MAX_RESULT_WINDOW - 100, "limit": 100}
        total = client.get("/search", params={"q": "حماية", "limit": 1}).json()["total"]
        broad = client.get("/search", params={"q": "الأطفال", "limit": 1}).json()["total"]
        requests = [
            ("GET", "/search (64 clauses, 8 prefixes, last page of the window)", deep, None),
            ("GET", f"/export docx (حماية, {total} hits)",
             {"q": "حماية", "format": "docx"}, None),
            ("GET", f"/export xlsx (حماية, {total} hits)",
             {"q": "حماية", "format": "xlsx"}, None),
            ("GET", f"/export csv (الأطفال, {broad} hits)",
             {"q": "الأطفال", "format": "csv"}, None),
            ("GET", f"/export docx (الأطفال, {broad} hits)",
             {"q": "الأطفال", "format": "docx"}, None),
            ("POST", f"/sets from a query (حماية, {total} hits)", None,
             {"name": "widest", "query": {"q": "حماية"}}),
            ("GET", "/export docx (the widest query: refused by the export size)",
             {"q": WIDEST, "format": "docx"}, None),
        ]
        for method, label, params, body in requests:
            path = label.split(" ")[0]
            start = time.perf_counter()
            answer = client.request(method, path, params=params, json=body)
            print(f"{time.perf_counter() - start:6.1f} s  {answer.status_code}  {method} {label}")
        backend.close()


if __name__ == "__main__":
    main()
