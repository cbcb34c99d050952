"""Schemathesis against the app's own OpenAPI document, in process: no input makes the server fail (5xx).

Anonymous, and again logged in as an editor with the CSRF header, so the write endpoints are exercised
past the login check. Bounded: a few examples per operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from editing_helpers import api_log_in, writable_app
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

MAX_EXAMPLES = 15


@pytest.fixture(scope="module")
def api_app(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return writable_app(seeded_sqlite_url, tmp_path_factory.mktemp("schemathesis"))


@pytest.fixture(scope="module")
def api_schema(api_app: FastAPI):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api_app)
    # The coverage phase alone sends hundreds of boundary cases per big request body (about 40 s here);
    # the examples and fuzzing phases, bounded by MAX_EXAMPLES, keep the run short.
    schema.config.phases.coverage.enabled = False
    return schema


@pytest.fixture(scope="module")
def editor_headers(api_app: FastAPI) -> dict[str, str]:
    client = TestClient(api_app)
    token = api_log_in(client, "in")
    return {"X-CSRF-Token": token, "Cookie": f"vk_session={client.cookies.get('vk_session')}"}


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case, editor_headers) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(checks=[not_a_server_error])
    if case.method.upper() != "GET" and not case.path.endswith("/logout"):  # keep the login for the rest
        case.call_and_validate(headers=editor_headers, checks=[not_a_server_error])
