"""Property-based API fuzzing with schemathesis: requests generated from the OpenAPI
description (valid and invalid, every operation) against the real app on the bundled
report; no answer may be a 5xx. Derandomized, so the same cases run every time."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from api.app import create_app
from indexer.sets import SetStore
from indexer.sqlite_backend import SQLiteBackend

pytestmark = pytest.mark.slow
EXAMPLES_PER_OPERATION = 80
MIN_CASES = 1000


def test_no_generated_request_gets_a_server_error(
    sample_backend: SQLiteBackend, tmp_path: Path
) -> None:
    app = create_app(sample_backend, SetStore(tmp_path / "sets.db"))
    client = TestClient(app)
    client.post("/sets", json={"name": "fuzz", "items": [
        {"symbol": "A/HRC/28/56", "lang": "ar", "paragraph": 9}]})
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    cases = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  derandomize=True, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            nonlocal cases
            cases += 1
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {case.method} {case.formatted_path}"
                                f" {case.query} {str(case.body)[:200]}")

        run()
    print(f"{cases} generated requests, {len(failures)} server errors")
    assert failures == []
    assert cases >= MIN_CASES
