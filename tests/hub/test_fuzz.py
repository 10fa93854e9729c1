"""Schemathesis against the hub's own OpenAPI document: no generated request gets a 500.

Bounded: a few examples per operation, each sent as an administrator and as an operator (the
roles that reach the most code). The operations are driven one by one with Hypothesis, so the
test needs nothing of schemathesis' pytest plugin.
"""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

TokenMaker = Callable[..., dict[str, str]]
EXAMPLES_PER_OPERATION = 4


def test_no_generated_request_gets_a_server_error(app: FastAPI, token_for: TokenMaker) -> None:
    callers = [token_for("admin", "fuzz admin"), token_for("operator", "fuzz operator")]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def no_server_error(case: schemathesis.Case) -> None:
            for headers in callers:
                case.call_and_validate(headers=headers, checks=[not_a_server_error])

        no_server_error()
