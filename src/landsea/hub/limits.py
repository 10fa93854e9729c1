"""A request-size limit as plain ASGI middleware: 413 before a large body is read into memory."""

from __future__ import annotations

import json
import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLargeError(Exception):
    """Raised inside the app when a streamed body passes the limit."""


class RateLimit:
    """A token bucket per caller key (an IP address): `burst` requests at once, then `per_s`
    a second. Bounded memory: past `max_keys` callers the oldest buckets are forgotten."""

    def __init__(self, per_s: float = 5.0, burst: float = 20.0, max_keys: int = 10_000) -> None:
        self.per_s, self.burst, self.max_keys = per_s, burst, max_keys
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def wait_s(self, key: str) -> float:
        """0 when `key` may go now (and spend a token), else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.per_s)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / self.per_s
            if len(self._buckets) >= self.max_keys and key not in self._buckets:
                self._buckets.pop(next(iter(self._buckets)))
            self._buckets[key] = (tokens - 1.0, now)
            return 0.0


class RequestSizeLimit:
    """Refuse bodies over `max_bytes`, by Content-Length or by counting a streamed body."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        received = 0
        exceeded = False
        replaced = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # The framework may catch this while parsing the body; `exceeded` makes
                    # sure its answer is replaced by a 413 whatever it decides.
                    exceeded = True
                    raise BodyTooLargeError
            return message

        async def replacing_send(message: Message) -> None:
            nonlocal replaced
            if not exceeded:
                await send(message)
            elif not replaced and message["type"] == "http.response.start":
                replaced = True
                await _too_large(send, self.max_bytes)

        try:
            await self.app(scope, counting_receive, replacing_send)
        except BodyTooLargeError:
            if not replaced:
                await _too_large(send, self.max_bytes)


async def _too_large(send: Send, max_bytes: int) -> None:
    body = json.dumps({"detail": f"request body larger than {max_bytes} bytes"}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
