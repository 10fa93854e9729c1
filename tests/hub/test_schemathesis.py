"""Schemathesis over every operation of the hub's OpenAPI, hostile values too: no 500.

Schemathesis generates each operation's requests (valid and invalid ones) from the hub's own
schema; this test then also sends each generated request with one part made hostile, as JSON
allows no schema to ask for: a number replaced by `NaN`, `Infinity`, `-Infinity` or `1e999`, a
text by 100,000 characters, a lone surrogate or NUL, a count by 10**30, a query value by an
oversized one. Path parameters named `consignment_id` point at a real consignment half the time,
so the requests reach past the 404. Every request goes as four roles (admin, operator, carrier,
authority). Bounded: a few examples per operation, derandomised, so it runs in about a minute.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

TokenMaker = Callable[..., dict[str, str]]
Body = Callable[..., dict[str, Any]]
EXAMPLES_PER_OPERATION = 3
_BIG_NUMBER = "__1e999__"  # json cannot write 1e999 itself: put in the text afterwards
HOSTILE: list[Any] = [
    float("nan"),
    float("inf"),
    float("-inf"),
    _BIG_NUMBER,
    10**30,
    -(10**30),
    "x" * 100_000,
    "\ud800",
    "a\x00b",
    True,
    None,
    [],
    {},
]
HOSTILE_QUERY = ["NaN", "Infinity", "-Infinity", "1e999", "9" * 400, "x" * 20_000, "\x00"]


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value a hostile value can go (the root included)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _leaves(item, (*path, index))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replaced(copy[head], rest, new)
    return copy


def _hostile_text(body: Any) -> str:
    text = json.dumps(body, allow_nan=True)  # writes NaN, Infinity, -Infinity as JavaScript does
    return text.replace(json.dumps(_BIG_NUMBER), "1e999")


def _seed_consignment(client: TestClient, operator: dict[str, str], body: Body) -> str:
    made = client.post("/consignments", json=body(), headers=operator)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def test_no_request_gets_a_server_error_not_even_with_hostile_values(
    app: FastAPI,
    client: TestClient,
    token_for: TokenMaker,
    consignment_body: Body,
) -> None:
    operator = token_for("operator", "Chongqing Forwarding")
    callers = [
        token_for("admin", "fuzz admin"),
        operator,
        token_for("carrier", "China Railway Container"),
        token_for("authority", "Lao Customs", "LA"),
    ]
    token_for("carrier", "Mekong Trucking")  # the road leg's carrier must exist
    real_consignment = _seed_consignment(client, operator, consignment_body)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    assert any(op.path == "/v2/events" for op in operations)
    sent = 0

    for operation in operations:

        @given(
            case=operation.as_strategy(),
            place=st.integers(min_value=0, max_value=10_000),
            hostile=st.sampled_from(HOSTILE),
            hostile_query=st.sampled_from(HOSTILE_QUERY),
            use_real=st.booleans(),
        )
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def no_server_error(
            case: schemathesis.Case, place: int, hostile: Any, hostile_query: str, use_real: bool
        ) -> None:
            nonlocal sent
            if use_real and "consignment_id" in case.path_parameters:
                case.path_parameters["consignment_id"] = real_consignment
            for headers in callers:
                case.call_and_validate(headers=headers, checks=[not_a_server_error])
                sent += 1
            method, path = case.method.upper(), case.formatted_path
            query = dict(case.query or {})
            if query:
                query[sorted(query)[place % len(query)]] = hostile_query
            content = None
            if isinstance(case.body, dict | list):
                leaves = _leaves(case.body)
                content = _hostile_text(_replaced(case.body, leaves[place % len(leaves)], hostile))
            for headers in callers:
                response = client.request(
                    method,
                    path,
                    params=query,
                    content=content,
                    headers={**headers, "content-type": "application/json"},
                )
                assert response.status_code < 500, (method, path, query, content and content[:300])
                sent += 1

        no_server_error()
    assert sent > len(operations) * len(callers)
